"""Reserves (alternates): an ordered reserve list for a group, and what simulated dropouts
do to the group when replacements are taken from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problem import Problem


@dataclass(frozen=True)
class ReserveOutcome:
    """The expected outcome of one reserve list under one replacement rule, by simulation:
    how often the group still meets every hard rule, and its expected deviation."""

    label: str  # "optimised reserve, like for like", "random order, next in line", ...
    reserve: tuple[str, ...]
    runs: int
    valid_share: float  # share of runs whose group meets every hard rule
    mean_total_deviation: float  # all dimensions, weighted seats out of place
    mean_worst_deviation: float  # the worst dimension
    mean_dropouts: float
    mean_unfilled: float  # seats left empty (the reserve ran out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "reserve": list(self.reserve),
            "runs": self.runs,
            "valid_share": round(self.valid_share, 6),
            "mean_total_deviation": round(self.mean_total_deviation, 6),
            "mean_worst_deviation": round(self.mean_worst_deviation, 6),
            "mean_dropouts": round(self.mean_dropouts, 6),
            "mean_unfilled": round(self.mean_unfilled, 6),
        }


@dataclass(frozen=True)
class Reserves:
    """An ordered reserve list for `members`, with the simulated outcomes of it and of the
    usual practice side by side (the first outcome is the optimised list's, the second the
    usual practice's)."""

    problem: Problem
    members: tuple[str, ...]
    reserve: tuple[str, ...]
    dropout_rates: dict[str, float]
    outcomes: tuple[ReserveOutcome, ...] = ()
    seed: int = 0
    roster_name: str = "<roster>"
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def expected_dropouts(self) -> float:
        return float(sum(self.dropout_rates.values()))

    @property
    def reserve_rows(self) -> list[int]:
        index_of = {v: i for i, v in enumerate(self.problem.ids)}
        return [index_of[i] for i in self.reserve]

    def to_dict(self) -> dict[str, Any]:
        return {
            "roster": self.roster_name,
            "members": list(self.members),
            "reserve": list(self.reserve),
            "expected_dropouts": round(self.expected_dropouts, 6),
            "dropout_rates": self.dropout_rates,
            "outcomes": [o.to_dict() for o in self.outcomes],
            "seed": self.seed,
            "provenance": self.provenance,
        }
