"""Several good rosters that differ."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problem import Problem
from ..settings import Status
from .selection import SelectionResult


@dataclass(frozen=True)
class Alternatives:
    """The rosters found, and who is in all of them, in some, and how they differ."""

    problem: Problem
    rosters: list[SelectionResult]
    min_difference: int
    within: float
    asked: int = 0  # how many rosters were asked for (fewer differ enough, or Ctrl-C)
    provenance: dict[str, Any] = field(default_factory=dict)
    # interrupted (Ctrl-C: the rosters found so far); with no roster, why: infeasible or
    # unknown (time limit); else optimal, or feasible when a roster is not proven best
    status: Status = Status.OPTIMAL

    @property
    def core(self) -> list[str]:
        sets = [set(r.members) for r in self.rosters]
        common = set.intersection(*sets) if sets else set()
        return [i for i in self.problem.ids if i in common]

    @property
    def some(self) -> list[str]:
        seen = set().union(*(set(r.members) for r in self.rosters)) if self.rosters else set()
        core = set(self.core)
        return [i for i in self.problem.ids if i in seen and i not in core]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "k": len(self.rosters),
            "min_difference": self.min_difference,
            "within_percent": self.within,
            "asked": self.asked,
            "core": self.core,
            "some": {
                i: [n + 1 for n, r in enumerate(self.rosters) if i in r.members] for i in self.some
            },
            "rosters": [
                {
                    "number": n + 1,
                    "status": r.status,
                    "size": None if r.check is None else r.check.size,
                    "members": r.members,
                    "objective": None if r.check is None else r.check.objective.to_dict(),
                    "balance": [] if r.check is None else [d.to_dict() for d in r.check.balance],
                }
                for n, r in enumerate(self.rosters)
            ],
            "provenance": self.provenance,
        }
