"""`alternatives`: several good rosters that differ, for a committee to choose among.

Each alternative is the best roster (same lexicographic objective as `select`) among those
that stay within PERCENT of the best balance and differ from every earlier one in at least
D members. With candidate types, the overlap with an earlier roster R is
sum_t min(x_t, r_t) (r_t: members of R of type t), which is exact as long as both rosters
take the first members of each type; picks displaced by a cap are checked afterwards and
the allowance tightened until the real overlap fits.
"""

from __future__ import annotations

from fractions import Fraction

from ..problem import Problem
from ..results import (
    Alternatives,
    SelectionResult,
)
from ..settings import SolverSettings, Status
from ..solver.additions import balance_limits, within_and_apart
from ..solver.select import solve_problem


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
        return Alternatives(problem, [], min_difference, within, k, status=best.status)
    limits = balance_limits(best, within)
    rosters = [best]
    caps = set(best.caps)
    interrupted = best.status == Status.INTERRUPTED
    try:
        interrupted = interrupted or _more(
            problem, settings, k, min_difference, limits, rosters, caps
        )
    except KeyboardInterrupt:  # between two solves
        interrupted = True
    unproven = any(r.status != Status.OPTIMAL for r in rosters)
    status = Status.INTERRUPTED if interrupted else Status.FEASIBLE if unproven else Status.OPTIMAL
    return Alternatives(problem, rosters, min_difference, within, k, status=status)


def _more(
    problem: Problem,
    settings: SolverSettings,
    k: int,
    min_difference: int,
    limits: list[tuple[int, Fraction, Fraction]],
    rosters: list[SelectionResult],
    caps: set[int],
) -> bool:
    """Add rosters to `rosters` (in place, so Ctrl-C keeps them) until k, or no more differ
    enough; True when interrupted."""
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
            return True
        if found is None:
            break
        rosters.append(found)
    return interrupted
