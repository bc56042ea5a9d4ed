"""Experiments layer: running scenarios, sweeps, the results store and analysis."""
