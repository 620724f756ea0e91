"""`alternatives`: several good rosters that differ, for a committee to choose among.

Each alternative is the best roster (same lexicographic objective as `select`) among those
that stay within PERCENT of the best balance and differ from every earlier one in at least
D members. With candidate types, the overlap with an earlier roster R is
sum_t min(x_t, r_t) (r_t: members of R of type t), which is exact as long as both rosters
take the first members of each type; picks displaced by a cap are checked afterwards and
the allowance tightened until the real overlap fits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from .problem import Problem
from .selection import (
    DEFAULT_CANDIDATES,
    DEFAULT_CONSTRAINTS,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    SelectionResult,
    load_problem,
    solve_problem,
)
from .settings import SolverSettings, Status
from .solver.model import BalanceModel
from .spec import Spec


@dataclass
class Alternatives:
    """The rosters found, and who is in all of them, in some, and how they differ."""

    problem: Problem
    rosters: list[SelectionResult]
    min_difference: int
    within: float
    note: str = ""
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
            "note": self.note,
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


def balance_limits(best: SelectionResult, within: float) -> list[tuple[int, Fraction, Fraction]]:
    """Per priority tier, the worst and total weighted deviation allowed, in exact seats."""
    factor = 1 + Fraction(str(within)) / 100
    levels: dict[tuple[int, str], Fraction] = {
        (s.stage.tier, s.stage.kind): s.value for s in best.stages if s.value is not None
    }
    out = []
    for p in best.problem.priorities():
        worst, total = levels.get((p, "worst")), levels.get((p, "total"))
        if worst is None or total is None:
            continue
        out.append((p, worst * factor, total * factor))
    return out


def within_and_apart(
    limits: list[tuple[int, Fraction, Fraction]], earlier: list[tuple[np.ndarray, int]]
) -> Any:
    """Model additions: stay within the balance limits; overlap each earlier roster <= cap."""

    def add(bm: BalanceModel) -> None:
        for p, worst, total in limits:
            bm.worst_at_most(p, worst)
            bm.total_at_most(p, total)
        for rows, allowed in earlier:
            types = bm.types.row_type[rows]
            kinds, counts = np.unique(types[types >= 0], return_counts=True)
            terms: list[cp_model.IntVar] = []
            for t, r in zip(kinds.tolist(), counts.tolist(), strict=True):
                overlap = bm.model.new_int_var(0, r, f"overlap{len(terms)}_{t}")
                bm.model.add_min_equality(overlap, [bm.x[t], r])
                terms.append(overlap)
            bm.model.add(cp_model.LinearExpr.sum(terms) <= allowed)

    return add


def alternatives_problem(
    problem: Problem,
    k: int = 3,
    min_difference: int = 3,
    within: float = 10.0,
    settings: SolverSettings | None = None,
) -> Alternatives:
    """Up to k rosters within `within` % of the best balance, pairwise >= min_difference apart."""
    settings = settings or SolverSettings()
    best = solve_problem(problem, settings)
    if best.check is None:
        return Alternatives(
            problem,
            [],
            min_difference,
            within,
            note=f"no roster at all ({best.status})",
            status=best.status,
        )
    limits = balance_limits(best, within)
    rosters = [best]
    caps = set(best.caps)
    note = ""
    interrupted = best.status == Status.INTERRUPTED
    try:
        note = _more(problem, settings, k, min_difference, within, limits, rosters, caps)
    except KeyboardInterrupt:  # between two solves
        interrupted = True
    if note == "interrupted":
        interrupted = True
    if interrupted:
        note = f"interrupted (Ctrl-C) after {len(rosters)} roster(s); there may be more"
    unproven = any(r.status != Status.OPTIMAL for r in rosters)
    status = Status.INTERRUPTED if interrupted else Status.FEASIBLE if unproven else Status.OPTIMAL
    return Alternatives(problem, rosters, min_difference, within, note, status=status)


def _more(
    problem: Problem,
    settings: SolverSettings,
    k: int,
    min_difference: int,
    within: float,
    limits: list[tuple[int, Fraction, Fraction]],
    rosters: list[SelectionResult],
    caps: set[int],
) -> str:
    """Add rosters to `rosters` (in place, so Ctrl-C keeps them); returns a note, or
    "interrupted"."""
    note = ""
    interrupted = rosters[0].status == Status.INTERRUPTED
    while len(rosters) < k and not interrupted:
        allowance = {n: len(r.members) - min_difference for n, r in enumerate(rosters)}
        found = None
        for _ in range(6):  # tighten where caps displaced picks and the real overlap is larger
            earlier = [
                (r.check.rows, allowance[n]) for n, r in enumerate(rosters) if r.check is not None
            ]
            if any(a < 0 for _, a in earlier):
                break
            result = solve_problem(
                problem, settings, constrain=within_and_apart(limits, earlier), caps=caps
            )
            caps |= result.caps
            if result.status == "interrupted":
                interrupted = True
                break
            if result.check is None:
                break
            excess = {
                n: len(set(result.members) & set(r.members)) - allowance[n]
                for n, r in enumerate(rosters)
            }
            if all(e <= 0 for e in excess.values()):
                found = result
                break
            for n, e in excess.items():
                if e > 0:
                    allowance[n] -= e
        if interrupted:
            return "interrupted"
        if found is None:
            note = (
                f"only {len(rosters)} roster(s) differ by at least {min_difference} "
                f"members within {within:g} % of the best balance"
            )
            break
        rosters.append(found)
    return note


def alternatives(
    candidates: str | os.PathLike[str] | pd.DataFrame = DEFAULT_CANDIDATES,
    constraints: str | os.PathLike[str] | Spec = DEFAULT_CONSTRAINTS,
    k: int = 3,
    min_difference: int = 3,
    within: float = 10.0,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    size: int | None = None,
) -> Alternatives:
    """Several good rosters that differ: see `alternatives_problem`."""
    problem, provenance = load_problem(candidates, constraints, size)
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    result = alternatives_problem(problem, k, min_difference, within, settings)
    result.provenance = provenance | {"seed": seed, "solver_settings": settings.to_dict()}
    return result
