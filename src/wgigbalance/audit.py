"""`check`: audit a roster someone proposed against the constraints, next to the best one."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .checker import RosterCheck, check_roster
from .io import read_roster_ids, sha256_file
from .problem import Problem
from .selection import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    SelectionResult,
    load_problem,
    solve_problem,
)
from .settings import SolverSettings
from .spec import Spec


@dataclass
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


def check(
    roster: str | os.PathLike[str] | list[str],
    candidates: str | os.PathLike[str] | pd.DataFrame = DEFAULT_CANDIDATES,
    constraints: str | os.PathLike[str] | Spec = DEFAULT_CONSTRAINTS,
    seed: int = 0,
    time_limit: float = 60.0,
    workers: int = 1,
    compare_best: bool = True,
    size: int | None = None,
) -> RosterAudit:
    """Check a roster (a CSV with an id column, or a list of ids) against the constraints."""
    problem, provenance = load_problem(candidates, constraints, size)
    if isinstance(roster, list):
        ids, source = [str(i) for i in roster], "<roster>"
    else:
        ids, source = read_roster_ids(roster), str(roster)
        provenance["roster"] = {"path": source, "sha256": sha256_file(roster)}
    result = check_roster(problem, ids, source)
    best = None
    if compare_best:
        settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
        best = solve_problem(problem, settings)
    return RosterAudit(source, problem, result, best, provenance)
