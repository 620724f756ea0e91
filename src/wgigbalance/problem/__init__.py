"""The problem: a spec resolved against a pool (solver-free, immutable)."""

from .data import Bound, DimensionTarget, Problem, distinct
from .resolve import resolve

__all__ = ["Bound", "DimensionTarget", "Problem", "distinct", "resolve"]
