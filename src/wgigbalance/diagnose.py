"""Cheap arithmetic reasons why no roster can exist, found without a solver.

Each reason comes with the rules it involves (a conflict that is minimal by construction:
dropping any one of them removes that arithmetic obstacle), so `explain` can name the
conflict without a search when arithmetic already shows it.
"""

from __future__ import annotations

import numpy as np

from .problem import Problem

# A rule is one thing the user wrote that can fail on its own.
Rule = tuple[str, int]  # ("size", 0) | ("bound", i) | ("include", row) | ("not_together", k)
SIZE: Rule = ("size", 0)


def arithmetic_conflicts(problem: Problem) -> list[tuple[str, list[Rule]]]:
    """Plain-words reasons a roster is impossible, each with the rules behind it."""
    out: list[tuple[str, list[Rule]]] = []
    available = problem.available
    n_avail = int(available.sum())
    if n_avail < problem.size_min:
        out.append(
            (
                f"the group needs at least {problem.size_min} members but only {n_avail} "
                "candidates are available",
                [SIZE],
            )
        )
    if len(problem.include) > problem.size_max:
        out.append(
            (
                f"{len(problem.include)} candidates must be included but the group has at most "
                f"{problem.size_max} seats",
                [SIZE] + [("include", r) for r in problem.include[: problem.size_max + 1]],
            )
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
            out.append(
                (
                    f"{bound.label} ({bound.source}) needs at least {lo} seats but only {group} "
                    "candidates qualify",
                    rules,
                )
            )
        _, hi = bound.limits(problem.size_max)
        inside = [r for r in problem.include if bound.mask[r]]
        if hi is not None and len(inside) > hi:
            out.append(
                (
                    f"{len(inside)} must-include candidates already exceed {bound.label} "
                    f"({bound.source}): at most {hi}",
                    [("bound", i)] + [("include", r) for r in inside[: hi + 1]],
                )
            )
    out.extend(_minimums_above_size(problem))
    out.extend(_caps_below_size(problem))
    return out


def _minimums_above_size(problem: Problem) -> list[tuple[str, list[Rule]]]:
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
        out.append(
            (
                f"the minimums of {family_key} add up to {total} seats, more than the group's "
                f"maximum size of {problem.size_max}",
                [SIZE] + [("bound", i) for _, i in kept],
            )
        )
    return out


def _caps_below_size(problem: Problem) -> list[tuple[str, list[Rule]]]:
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
        title = problem.bounds[gains[0][1]].label.split(":")[0] if gains else family_key
        out.append(
            (
                f"{title} ({family_key}) lets at most {most} members sit, but the group needs "
                f"at least {problem.size_min}",
                [SIZE] + [("bound", i) for _, i in gains],
            )
        )
    return out


def quick_reasons(problem: Problem) -> list[str]:
    """Plain-words reasons a roster is impossible (empty when none is obvious)."""
    return [text for text, _ in arithmetic_conflicts(problem)]
