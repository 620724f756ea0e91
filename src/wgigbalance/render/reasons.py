"""The words of "why": rules as the user wrote them, arithmetic reasons, conflicts, the
cheapest repair's moves, and why a selection has no roster. Results carry the structure
(rule identities, codes, numbers); the sentences are made here, once, for every format."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..diagnose import Reason, Rule
    from ..problem import Problem
    from ..results import Relaxation, SelectionResult


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
        return f"{problem.ids[ref]} must sit [people.include]"
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


def reason_text(problem: Problem, reason: Reason) -> str:
    """One arithmetic reason in plain words, with its numbers."""
    need, have = reason.need, reason.have
    bound = None if reason.bound is None else problem.bounds[reason.bound]
    where = "" if bound is None else f"{bound.label} ({bound.source})"
    if reason.code == "few_candidates":
        return f"the group needs at least {need} members but only {have} candidates are available"
    if reason.code == "many_includes":
        return f"{need} candidates must be included but the group has at most {have} seats"
    if reason.code == "few_qualify":
        return f"{where} needs at least {need} seats but only {have} candidates qualify"
    if reason.code == "includes_over_limit":
        return f"{need} must-include candidates already exceed {where}: at most {have}"
    if reason.code == "minimums_over_size":
        return (
            f"the minimums of {reason.family} add up to {need} seats, more than the group's "
            f"maximum size of {have}"
        )
    capped = [ref for kind, ref in reason.rules if kind == "bound"]
    title = problem.bounds[capped[0]].label.split(":")[0] if capped else reason.family
    return (
        f"{title} ({reason.family}) lets at most {have} members sit, but the group needs "
        f"at least {need}"
    )


def relaxation_change(r: Relaxation) -> str:
    """What one move of the cheapest repair changes, with its numbers."""
    kind = r.rule[0]
    if kind == "size":
        which = "minimum" if r.side == "below" else "maximum"
        return f"{which} size {r.old} → {r.new}"
    if kind == "bound":
        if r.side == "below":
            return f"at least {r.new} instead of {r.old} ({r.seats} fewer, at a group of {r.size})"
        return f"at most {r.new} instead of {r.old} ({r.seats} more, at a group of {r.size})"
    if kind == "include":
        return "drop this must-include"
    return "let both sit"


NO_SIMPLE_REASON = (
    "no group satisfies all the hard constraints together (the simple arithmetic checks "
    "found nothing; the conflict involves several rules)"
)
CAPS_UNSETTLED = "stopped before a roster meeting every cap was found"


def selection_reasons(result: SelectionResult) -> list[str]:
    """Why a selection has no roster, as far as the selection itself knows (`explain`, run
    for an infeasible one, says more)."""
    out = [reason_text(result.problem, r) for r in result.reasons]
    if not out and str(result.status) == "infeasible":
        out.append(NO_SIMPLE_REASON)
    if result.caps_unsettled:
        out.append(CAPS_UNSETTLED)
    return out


NO_ROSTER = {
    "infeasible": "no roster satisfies the constraints (why: see above, or run "
    "`wgigbalance explain`)",
    "unknown": "the time limit came before any roster was found (none was proven impossible "
    "either); give more --time-limit",
    "interrupted": "interrupted (Ctrl-C) before any roster was found",
}


def no_roster_line(result: SelectionResult) -> str:
    """The one line a command ends with when it has no roster."""
    status = str(result.status)
    why = NO_ROSTER.get(status, f"no roster ({status})")
    if result.caps_unsettled:
        why += ": " + CAPS_UNSETTLED
    return f"No roster: {why}"
