"""The coefficient registry's tables, one module per group or two (sim.model.coefficients)."""

from sim.model.coefficient_groups import (
    activities,
    experience,
    governance,
    government,
    handling,
    population,
    reporting,
)

ENTRIES = (
    *population.ENTRIES,
    *reporting.ENTRIES,
    *handling.ENTRIES,
    *experience.ENTRIES,
    *activities.ENTRIES,
    *governance.ENTRIES,
    *government.ENTRIES,
)
