"""Cheap arithmetic reasons why no roster can exist, found without a solver.

Each reason comes with the rules it involves (a conflict that is minimal by construction:
dropping any one of them removes that arithmetic obstacle), so `explain` can name the
conflict without a search when arithmetic already shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .problem import Problem

# A rule is one thing the user wrote that can fail on its own.
Rule = tuple[str, int]  # ("size", 0) | ("bound", i) | ("include", row) | ("not_together", k)
SIZE: Rule = ("size", 0)

ReasonCode = Literal[
    "few_candidates",  # need: the minimum size; have: candidates available
    "many_includes",  # need: must-includes; have: the maximum size
    "few_qualify",  # need: the bound's minimum; have: candidates in its group
    "includes_over_limit",  # need: must-includes in the group; have: the bound's maximum
    "minimums_over_size",  # need: the family's minimums added up; have: the maximum size
    "caps_below_size",  # need: the minimum size; have: the most members the caps let sit
]


@dataclass(frozen=True)
class Reason:
    """One arithmetic reason no roster exists: what kind, its two numbers, and the rules
    behind it (the render layer puts it in words)."""

    code: ReasonCode
    need: int
    have: int
    rules: tuple[Rule, ...]
    bound: int | None = None  # the bound it is about (few_qualify, includes_over_limit)
    family: str | None = None  # the family it is about (minimums_over_size, caps_below_size)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "need": self.need,
            "have": self.have,
            "family": self.family,
        }


def arithmetic_conflicts(problem: Problem) -> list[Reason]:
    """Reasons a roster is impossible that arithmetic shows, each with the rules behind it."""
    out: list[Reason] = []
    available = problem.available
    n_avail = int(available.sum())
    if n_avail < problem.size_min:
        out.append(Reason("few_candidates", problem.size_min, n_avail, (SIZE,)))
    if len(problem.include) > problem.size_max:
        includes = [("include", r) for r in problem.include[: problem.size_max + 1]]
        out.append(
            Reason("many_includes", len(problem.include), problem.size_max, (SIZE, *includes))
        )
    included = np.zeros(len(problem.pool), dtype=bool)
    included[list(problem.include)] = True
    for i, bound in enumerate(problem.bounds):
        group = int(problem.group_sizes[i])
        lo, _ = bound.limits(problem.size_min)
        if lo > group:
            rules: list[Rule] = [("bound", i)]
            if not bound.min or bound.min <= group:  # only the share makes it too many
                rules = [SIZE, ("bound", i)]
            out.append(Reason("few_qualify", lo, group, tuple(rules), bound=i))
        _, hi = bound.limits(problem.size_max)
        inside = [r for r in problem.include if bound.mask[r]]
        if hi is not None and len(inside) > hi:
            rules = [("bound", i)] + [("include", r) for r in inside[: hi + 1]]
            out.append(Reason("includes_over_limit", len(inside), hi, tuple(rules), bound=i))
    out.extend(_minimums_above_size(problem))
    out.extend(_caps_below_size(problem))
    return out


def _minimums_above_size(problem: Problem) -> list[Reason]:
    """Disjoint groups of one family whose minimums add up to more than the group size.

    Groups of one family with different labels are disjoint (values of one column, or the
    combinations of a for_each); bounds on the same group (an `each` and a `seats` entry for
    one value) do not add up: the larger one counts.
    """
    out = []
    needs: dict[str, dict[str, tuple[int, int]]] = {}
    for i, bound in enumerate(problem.bounds):
        lo, _ = bound.limits(problem.size_min)
        if lo > 0:
            family = needs.setdefault(bound.family, {})
            if lo > family.get(bound.label, (0, -1))[0]:
                family[bound.label] = (lo, i)
    for family_key, per_group in needs.items():
        total = sum(lo for lo, _ in per_group.values())
        if len(per_group) < 2 or total <= problem.size_max:
            continue
        kept = sorted(per_group.values())  # smallest first: drop them while still too many
        left = total
        while kept and left - kept[0][0] > problem.size_max:
            left -= kept.pop(0)[0]
        rules = (SIZE, *[("bound", i) for _, i in kept])
        out.append(Reason("minimums_over_size", total, problem.size_max, rules, family=family_key))
    return out


def _caps_below_size(problem: Problem) -> list[Reason]:
    """A cap family (per country, say) that lets fewer members sit than the group needs."""
    out = []
    available = problem.available
    n_avail = int(available.sum())
    for family_key in sorted({b.family for b in problem.bounds if b.kind == "cap"}):
        gains = []  # seats each capped group keeps out
        for i, bound in enumerate(problem.bounds):
            if bound.family != family_key:
                continue
            _, hi = bound.limits(problem.size_max)
            group = int(problem.group_sizes[i])
            if hi is not None and group > hi:
                gains.append((group - hi, i))
        most = n_avail - sum(g for g, _ in gains)
        if most >= problem.size_min:
            continue
        gains.sort()  # least-binding first: set them aside while the total stays too small
        left = most
        while gains and left + gains[0][0] < problem.size_min:
            left += gains.pop(0)[0]
        rules = (SIZE, *[("bound", i) for _, i in gains])
        out.append(Reason("caps_below_size", problem.size_min, most, rules, family=family_key))
    return out
