"""`compare`: rosters side by side (members, seats, deviations, rules held, objective)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..problem import Problem
from ..results import Comparison
from ..roster import check_roster


def compare_problem(
    problem: Problem,
    rosters: list[tuple[str, list[str]]],
    provenance: dict[str, Any] | None = None,
) -> Comparison:
    """Check every roster (its file name or "<roster>", its ids) under the same rules."""
    checks = [check_roster(problem, ids, source) for source, ids in rosters]
    names = _names([source for source, _ in rosters])
    return Comparison(problem, names, checks, dict(provenance or {}))


def _names(sources: list[str]) -> list[str]:
    """Short distinct names for the rosters: file stems, numbered when they clash."""
    stems = [Path(s).stem if s != "<roster>" else f"roster {n + 1}" for n, s in enumerate(sources)]
    return [s if stems.count(s) == 1 else f"{s} ({n + 1})" for n, s in enumerate(stems)]
