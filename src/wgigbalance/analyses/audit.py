"""`check`: audit a roster someone proposed against the constraints, next to the best one."""

from __future__ import annotations

from typing import Any

from ..problem import Problem
from ..results import RosterAudit
from ..roster import check_roster
from ..settings import SolverSettings
from ..solver.select import solve_problem


def audit_problem(
    problem: Problem,
    ids: list[str],
    name: str = "<roster>",
    best_settings: SolverSettings | None = None,
    provenance: dict[str, Any] | None = None,
) -> RosterAudit:
    """Every rule checked on the roster; with `best_settings`, the best roster beside it."""
    result = check_roster(problem, ids, name)
    best = None if best_settings is None else solve_problem(problem, best_settings)
    return RosterAudit(name, problem, result, best, dict(provenance or {}))
