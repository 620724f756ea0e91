"""A roster checked against the constraints, beside the best roster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..problem import Problem
from ..roster import RosterCheck
from .selection import SelectionResult


@dataclass(frozen=True)
class RosterAudit:
    """A roster's check, and the best roster under the same constraints for comparison."""

    source: str
    problem: Problem
    check: RosterCheck
    best: SelectionResult | None
    provenance: dict[str, Any]

    @property
    def ok(self) -> bool:
        return self.check.ok

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        return {
            "roster": self.source,
            "ok": self.ok,
            "size": self.check.size,
            "members": self.check.members,
            "failures": [c.to_dict() for c in self.check.failures],
            "constraints": [c.to_dict() for c in self.check.constraints],
            "balance": [d.to_dict() for d in self.check.balance],
            "objective": self.check.objective.to_dict(),
            "best": None
            if best is None
            else {
                "status": best.status,
                "members": best.members,
                "objective": None if best.check is None else best.check.objective.to_dict(),
            },
            "provenance": self.provenance,
        }
