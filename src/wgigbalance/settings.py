"""Solver settings, result statuses and the progress protocol: the vocabulary every layer shares.

Kept free of OR-Tools so that the CLI's help and the renderers can import it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

DEFAULT_WORKERS: int = 1
DEFAULT_TIME_LIMIT: float = 60.0
MAX_SEED: int = 2**64 - 1
# The largest group size or seat count a file or option may name: far above any real
# group, small enough that nothing built from it can overflow or take long.
MAX_SEATS: int = 1_000_000
MAX_PANELS: int = 10_000  # lottery --panels: groups listed (and built one by one)
_CPSAT_SEED_MODULUS = 2**31 - 1  # CP-SAT's random_seed is a signed 32-bit integer


def tool_version() -> str:
    """The installed version, for provenance records."""
    import importlib.metadata  # here, not at the top: the CLI's --help does not need it

    try:
        return importlib.metadata.version("wgigbalance")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree
        return "unknown"


class Status(StrEnum):
    """What a solve established. The exit-code contract is built on it."""

    OPTIMAL = "optimal"  # proven best
    FEASIBLE = "feasible"  # a valid result, not proven best (time limit)
    INFEASIBLE = "infeasible"  # proven: no result exists
    UNKNOWN = "unknown"  # time limit reached before any result
    INTERRUPTED = "interrupted"  # Ctrl-C; whatever was found is kept
    DRAWN = "drawn"  # a lottery's group: drawn from the distribution, not optimised


@dataclass(frozen=True)
class SolverSettings:
    """The CP-SAT configuration: with the same settings and seed the result is the same."""

    seed: int = 0
    workers: int = DEFAULT_WORKERS
    time_limit: float = DEFAULT_TIME_LIMIT

    def __post_init__(self) -> None:
        if not 0 <= self.seed <= MAX_SEED:
            raise ValueError(f"seed {self.seed} is outside 0..2^64-1")

    @property
    def cpsat_seed(self) -> int:
        """The seed handed to CP-SAT: any 64-bit seed, folded into its 32-bit range."""
        return self.seed % _CPSAT_SEED_MODULUS

    def to_dict(self) -> dict[str, Any]:
        return {
            "solver": "OR-Tools CP-SAT",
            "random_seed": self.seed,
            "cpsat_random_seed": self.cpsat_seed,
            "num_workers": self.workers,
            "interleave_search": self.workers > 1,
            "linearization_level": 2,
            "time_limit_seconds": self.time_limit,
        }


class Progress(Protocol):
    """Live news of a long solve: the stage, best value and bound so far (NaN: none yet)."""

    def __call__(self, stage: str, best: float, bound: float, seconds: float, /) -> None: ...
