"""The reference engine: the rules of MODEL.md applied one agent at a time (see
`sim.reference.model`), to check the fast engine's batching against them."""

from sim.reference.model import ReferenceModel

__all__ = ["ReferenceModel"]
