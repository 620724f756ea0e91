"""Cheap arithmetic reasons why no roster can exist, found without a solver."""

from __future__ import annotations

import numpy as np

from .spec import Problem


def quick_reasons(problem: Problem) -> list[str]:
    """Plain-words reasons a roster is impossible (empty when none is obvious)."""
    reasons: list[str] = []
    available = np.ones(len(problem.pool), dtype=bool)
    available[problem.exclude] = False
    n_avail = int(available.sum())
    if n_avail < problem.size_min:
        reasons.append(
            f"the group needs at least {problem.size_min} members but only {n_avail} "
            "candidates are available"
        )
    included = np.zeros(len(problem.pool), dtype=bool)
    included[problem.include] = True
    if int(included.sum()) > problem.size_max:
        reasons.append(
            f"{int(included.sum())} candidates must be included but the group has at most "
            f"{problem.size_max} seats"
        )
    for bound in problem.bounds:
        group = int((bound.mask & available).sum())
        lo, _ = bound.limits(problem.size_min)
        if lo > group:
            reasons.append(
                f"{bound.label} ({bound.source}) needs at least {lo} seats but only {group} "
                "candidates qualify"
            )
        inc = int((bound.mask & included).sum())
        _, hi = bound.limits(problem.size_max)
        if hi is not None and inc > hi:
            reasons.append(
                f"{inc} must-include candidates already exceed {bound.label} "
                f"({bound.source}): at most {hi}"
            )
    # Groups of one family with different labels are disjoint (values of one column, or the
    # combinations of a for_each): their minimums add up. Bounds on the same group (an `each`
    # and a `seats` entry for one value) do not: the larger one counts.
    needs: dict[str, dict[str, int]] = {}
    for bound in problem.bounds:
        lo, _ = bound.limits(problem.size_min)
        if lo > 0:
            family = needs.setdefault(bound.family, {})
            family[bound.label] = max(family.get(bound.label, 0), lo)
    for family_key, per_group in needs.items():
        total = sum(per_group.values())
        if len(per_group) > 1 and total > problem.size_max:
            reasons.append(
                f"the minimums of {family_key} add up to {total} seats, more than the group's "
                f"maximum size of {problem.size_max}"
            )
    return reasons
