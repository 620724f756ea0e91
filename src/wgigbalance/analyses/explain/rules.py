"""The rules `explain` reasons about (size, each bound, each must-include, each pair that
may not sit together), and their wording as the user wrote them."""

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


def describe_rule(problem: Problem, rule: Rule) -> str:
    """The rule as the user wrote it, with where it is in the constraint file."""
    kind, ref = rule
    if kind == "size":
        if problem.size_min == problem.size_max:
            return f"size: exactly {problem.size_min} members [size]"
        return f"size: {problem.size_min}–{problem.size_max} members [size]"
    if kind == "bound":
        b = problem.bounds[ref]
        return f"{b.label}: {b.describe()} [{b.source}]"
    if kind == "include":
        return f"{problem.ids[ref]} must sit [{problem.source_of(ref, 'include')}]"
    a, b2 = problem.not_together[ref]
    return f"{problem.ids[a]} and {problem.ids[b2]} may not both sit [people.not_together]"


def describe_conflict(problem: Problem, rules: list[Rule], most: int = 6) -> list[str]:
    """The rules of a conflict in words; many groups of one rule (every country) in one line."""
    by_family: dict[str, list[int]] = {}
    for kind, ref in rules:
        if kind == "bound":
            by_family.setdefault(problem.bounds[ref].source, []).append(ref)
    out = []
    done: set[str] = set()
    for rule in rules:
        kind, ref = rule
        source = problem.bounds[ref].source if kind == "bound" else ""
        members = by_family.get(source, [])
        if kind != "bound" or len(members) <= most:
            out.append(describe_rule(problem, rule))
        elif source not in done:
            done.add(source)
            b = problem.bounds[ref]
            names = [problem.bounds[i].label.split(": ", 1)[-1] for i in members]
            shown = ", ".join(names[:most]) + f", … ({len(names)} groups in all)"
            out.append(f"{b.label.split(':')[0]}: {b.describe()} for each of {shown} [{source}]")
    return out
