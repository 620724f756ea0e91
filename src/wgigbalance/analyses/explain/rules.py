"""The rules `explain` reasons about: the size, each bound, each must-include, each pair
that may not sit together (the render layer words them as the user wrote them)."""

from __future__ import annotations

from ...diagnose import Rule
from ...problem import Problem


def all_rules(problem: Problem) -> list[Rule]:
    rules: list[Rule] = [("size", 0)]
    rules += [("bound", i) for i, b in enumerate(problem.bounds) if not _never_binds(problem, i)]
    rules += [("include", r) for r in problem.include]
    rules += [("not_together", k) for k in range(len(problem.not_together))]
    return rules


def _never_binds(problem: Problem, i: int) -> bool:
    """A cap/max with fewer candidates than it allows cannot take part in a conflict."""
    bound = problem.bounds[i]
    if (bound.min or 0) > 0 or (bound.min_share or 0) > 0:
        return False
    _, hi = bound.limits(problem.size_min)
    return hi is not None and int(problem.group_sizes[i]) <= hi
