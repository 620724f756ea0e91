"""Why no roster exists, what to relax, and which bounds bind the best roster.

Three tools, cheapest first:
1. arithmetic checks in plain words (`diagnose.quick_reasons`), no solver;
2. the cheapest repair: an *elastic* model with a slack on every rule, minimising the total
   number of seats the rules must move;
3. a minimal conflict: a set of rules that cannot hold together while any smaller subset
   can, found by deletion filtering (dropping chunks of rules, then single rules, and
   keeping a rule only when the rest becomes satisfiable without it).
Caps per country/organisation are handled lazily as in `select`. For a satisfiable set,
`explain` reports the binding bounds of the best roster and the slack of the others.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from ortools.sat.python import cp_model

from ..diagnose import Rule, arithmetic_conflicts
from ..problem import Problem
from ..results import (
    Explanation,
    Relaxation,
    Slack,
)
from ..roster import RosterCheck
from ..settings import SolverSettings, Status
from ..solver import cpsat
from ..solver.select import solve_problem
from ..solver.types import TypeTable, build_types, pick_rows

_TEST_SECONDS = 10.0  # per satisfiability test in the deletion filter


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


class _Interrupted(Exception):
    """Ctrl-C stopped a solve: `explain_problem` returns what it has so far."""


class _Lean:
    """A satisfiability (or elastic) model over candidate types for a subset of rules."""

    def __init__(
        self, problem: Problem, rules: set[Rule], caps: set[int], seed: int, elastic: bool
    ) -> None:
        self.problem, self.rules, self.elastic = problem, rules, elastic
        self.types: TypeTable = build_types(problem, seed, caps)
        self.model = cp_model.CpModel()
        self.slacks: dict[tuple[Rule, str], cp_model.IntVar] = {}
        p = problem
        sized = ("size", 0) in rules
        top = p.size_max if sized else int(p.available.sum())
        counts = self.types.counts
        self.x = [
            self.model.new_int_var(0, int(min(counts[t], top)), f"x{t}")
            for t in range(len(self.types))
        ]
        n = self.model.new_int_var(0, top if not elastic else int(p.available.sum()), "n")
        self.n = n
        self.model.add(sum(self.x) == n)
        if sized:
            self._at_least(("size", 0), n, p.size_min, "below")
            self._at_most(("size", 0), n, p.size_max, "above")
        for i in self.types.active_bounds:
            rule = ("bound", i)
            if rule not in rules:
                continue
            b = p.bounds[i]
            seats = sum(self.x[t] for t in self.types.bound_types[i].tolist())
            if b.min:
                self._at_least(rule, seats, b.min, "below")
            if b.max is not None:
                self._at_most(rule, seats, b.max, "above")
            give = b.share_slack
            if b.min_share:
                share = b.min_share
                self._share(rule, seats + give, share.numerator, share.denominator, True)
            if b.max_share is not None:
                share = b.max_share
                self._share(rule, seats - give, share.numerator, share.denominator, False)
        for r in p.include:
            if ("include", r) in rules:
                t = int(self.types.row_type[r])
                self._at_least(("include", r), self.x[t], int(self._includes_in(t)), "below")
        for k, (a, b2) in enumerate(p.not_together):
            if ("not_together", k) in rules:
                ta, tb = int(self.types.row_type[a]), int(self.types.row_type[b2])
                self._at_most(("not_together", k), self.x[ta] + self.x[tb], 1, "above")
        if elastic:
            self.model.minimize(sum(self.slacks.values()))

    def _includes_in(self, t: int) -> int:
        return sum(
            1
            for r in self.problem.include
            if ("include", r) in self.rules and self.types.row_type[r] == t
        )

    def _slack(self, rule: Rule, side: str) -> cp_model.IntVar:
        key = (rule, side)
        if key not in self.slacks:
            self.slacks[key] = self.model.new_int_var(
                0, len(self.problem.pool), f"s{len(self.slacks)}"
            )
        return self.slacks[key]

    def _at_least(self, rule: Rule, expr: Any, value: int, side: str) -> None:
        if self.elastic:
            self.model.add(expr + self._slack(rule, side) >= value)
        else:
            self.model.add(expr >= value)

    def _at_most(self, rule: Rule, expr: Any, value: int, side: str) -> None:
        if self.elastic:
            self.model.add(expr - self._slack(rule, side) <= value)
        else:
            self.model.add(expr <= value)

    def _share(self, rule: Rule, seats: Any, num: int, den: int, lower: bool) -> None:
        if lower:
            slack = self._slack(rule, "below") if self.elastic else 0
            self.model.add(den * (seats + slack) >= num * self.n)
        else:
            slack = self._slack(rule, "above") if self.elastic else 0
            self.model.add(den * (seats - slack) <= num * self.n)

    def solve(self, seconds: float, seed: int) -> cpsat.Outcome:
        """Solve (see `solver.cpsat`); Ctrl-C raises `_Interrupted` once the solver stopped."""
        outcome = cpsat.run(self.model, SolverSettings(seed=seed), seconds, "explain", workers=1)
        if outcome.interrupted:
            raise _Interrupted
        return outcome


def _cap_rules(problem: Problem, rules: set[Rule]) -> set[int]:
    return {i for kind, i in rules if kind == "bound" and problem.bounds[i].kind == "cap"}


def _families_of(problem: Problem, blocked: set[int]) -> set[int]:
    """Every cap of the families of the blocked caps (all countries, say): far fewer rounds
    when the caps themselves are the conflict."""
    families = {problem.bounds[i].family for i in blocked}
    return {i for i, b in enumerate(problem.bounds) if b.kind == "cap" and b.family in families}


def satisfiable(
    problem: Problem, rules: set[Rule], seed: int = 0, seconds: float = _TEST_SECONDS
) -> bool | None:
    """Can a roster meet exactly these rules? None when the solver ran out of time."""
    enforced: set[int] = set()
    wanted = _cap_rules(problem, rules)
    ignore = {i for i, b in enumerate(problem.bounds) if b.kind == "cap"} - wanted
    while True:
        lean = _Lean(problem, rules, enforced, seed, elastic=False)
        outcome = lean.solve(seconds, seed)
        if outcome.status == Status.INFEASIBLE:
            return False
        if not outcome.has_solution:
            return None
        values = [outcome.value(v) for v in lean.x]
        _, blocked = pick_rows(problem, lean.types, values, ignore=ignore)
        if not blocked:
            return True
        enforced |= _families_of(problem, blocked) & wanted


def cheapest_repair(
    problem: Problem, seed: int = 0, seconds: float = 30.0
) -> tuple[list[Relaxation], Problem | None, dict[Rule, int]]:
    """The fewest seats by which rules must move so that a roster exists."""
    rules = set(all_rules(problem))
    enforced: set[int] = set()
    while True:
        lean = _Lean(problem, rules, enforced, seed, elastic=True)
        outcome = lean.solve(seconds, seed)
        if not outcome.has_solution:
            return [], None, {}
        values = [outcome.value(v) for v in lean.x]
        _, blocked = pick_rows(problem, lean.types, values)
        if not blocked:
            break
        enforced |= _families_of(problem, blocked)
    size = outcome.value(lean.n)
    moved: dict[tuple[Rule, str], int] = {
        key: outcome.value(var) for key, var in lean.slacks.items() if outcome.value(var) > 0
    }
    relaxations = [
        _relaxation(problem, rule, side, seats, size)
        for (rule, side), seats in sorted(moved.items())
    ]
    per_rule: dict[Rule, int] = {}
    for (rule, _), seats in moved.items():
        per_rule[rule] = per_rule.get(rule, 0) + seats
    return relaxations, _apply(problem, moved, size), per_rule


def _relaxation(problem: Problem, rule: Rule, side: str, seats: int, size: int) -> Relaxation:
    kind, ref = rule
    text = describe_rule(problem, rule)
    if kind == "size":
        old = problem.size_min if side == "below" else problem.size_max
        new = old - seats if side == "below" else old + seats
        which = "minimum" if side == "below" else "maximum"
        change = f"{which} size {old} → {new}"
    elif kind == "bound":
        lo, hi = problem.bounds[ref].limits(size)
        if side == "below":
            change = f"at least {lo - seats} instead of {lo} ({seats} fewer, at a group of {size})"
        else:
            change = (
                f"at most {(hi or 0) + seats} instead of {hi} ({seats} more, at a group of {size})"
            )
    elif kind == "include":
        change = "drop this must-include"
    else:
        change = "let both sit"
    return Relaxation(text, seats, change)


def _apply(problem: Problem, moved: dict[tuple[Rule, str], int], size: int) -> Problem:
    """The problem with the repair applied (bounds moved, includes dropped), for checking."""
    bounds = list(problem.bounds)
    size_min, size_max = problem.size_min, problem.size_max
    include = list(problem.include)
    pairs = list(problem.not_together)
    for ((kind, ref), side), seats in moved.items():
        if kind == "size":
            if side == "below":
                size_min -= seats
            else:
                size_max += seats
        elif kind == "bound":
            b = bounds[ref]
            lo, hi = b.limits(size)
            if side == "below":
                bounds[ref] = _replace_bound(b, low=lo - seats)
            else:
                bounds[ref] = _replace_bound(b, high=(hi or 0) + seats)
        elif kind == "include":
            include = [r for r in include if r != ref]
        else:
            pairs[ref] = (-1, -1)
    pairs = [p for p in pairs if p != (-1, -1)]
    return replace(
        problem,
        bounds=tuple(bounds),
        size_min=max(size_min, 1),
        size_max=size_max,
        include=tuple(include),
        not_together=tuple(pairs),
    )


def _replace_bound(b: Any, low: int | None = None, high: int | None = None) -> Any:
    """A bound moved to an absolute count (shares dropped on the side that moved)."""
    if low is not None:
        return replace(b, min=max(low, 0), min_share=None)
    return replace(b, max=high, max_share=None)


def minimal_conflict(
    problem: Problem,
    rules: list[Rule],
    first: list[Rule],
    seed: int = 0,
    deadline: float | None = None,
) -> tuple[list[Rule], bool]:
    """Deletion filter: drop chunks of rules while the rest stays unsatisfiable.

    `first` (the rules the repair moved) are tried last, so they tend to stay in. Returns
    the conflict and whether it was proven minimal (every test answered in time).
    """
    late = set(first)
    ordered = [r for r in rules if r not in late] + [r for r in first if r in set(rules)]
    current = ordered
    minimal = True
    chunk = max(len(current) // 2, 1)
    while True:
        i = 0
        while i < len(current):
            if deadline is not None and time.monotonic() > deadline:
                return current, False
            trial = current[:i] + current[i + chunk :]
            answer = satisfiable(problem, set(trial), seed) if trial else True
            if answer is False:
                current = trial
            else:
                if answer is None:
                    minimal = False
                i += chunk
        if chunk == 1:
            return current, minimal
        chunk = max(chunk // 2, 1)


def explain_problem(
    problem: Problem, settings: SolverSettings | None = None, time_limit: float = 60.0
) -> Explanation:
    """Explain a resolved problem: why it is infeasible, or what binds its best roster.

    Ctrl-C stops it: the explanation so far comes back with status `interrupted`."""
    settings = settings or SolverSettings()
    started = time.monotonic()
    found = arithmetic_conflicts(problem)
    reasons = [text for text, _ in found]
    partial = Explanation(False, reasons=reasons, status=Status.INTERRUPTED)
    try:
        answer = False if found else satisfiable(problem, set(all_rules(problem)), settings.seed)
        if answer is not False:
            best = solve_problem(problem, settings)
            if best.check is not None or best.status != Status.INFEASIBLE:
                slacks = _slacks(problem, best.check) if best.check is not None else []
                status = Status.OPTIMAL if best.check is not None else best.status
                if best.status == Status.INTERRUPTED:
                    status = Status.INTERRUPTED
                return Explanation(
                    best.check is not None,
                    best=best,
                    slacks=slacks,
                    seconds=time.monotonic() - started,
                    status=status,
                )
        partial.status = Status.INTERRUPTED
        _why_infeasible(problem, settings, found, started + time_limit, partial)
    except _Interrupted:
        partial.status = Status.INTERRUPTED
    else:
        partial.status = Status.INFEASIBLE
    partial.conflicts = [describe_conflict(problem, c) for c in partial.conflict_rules]
    partial.seconds = time.monotonic() - started
    return partial


def _why_infeasible(
    problem: Problem,
    settings: SolverSettings,
    found: list[tuple[str, list[Rule]]],
    deadline: float,
    out: Explanation,
) -> None:
    """Fill `out` with the cheapest repair and up to three conflicts, as they are found (so
    that Ctrl-C keeps what was found)."""
    for _, conflict in found:  # arithmetic already names these: no search needed
        if conflict not in out.conflict_rules and len(out.conflict_rules) < 3:
            out.conflict_rules.append(conflict)
    out.repair, out.repaired, per_rule = cheapest_repair(problem, settings.seed)
    first = sorted(per_rule, key=lambda r: -per_rule[r])
    # Up to three independent conflicts: after each, set aside the rule of it that the
    # repair moves most (or its first rule) and look again among the rest.
    rules = all_rules(problem)
    while not found and len(out.conflict_rules) < 3 and time.monotonic() < deadline:
        conflict, proven = minimal_conflict(problem, rules, first, settings.seed, deadline)
        out.conflict_rules.append(conflict)
        out.conflict_minimal = out.conflict_minimal and proven
        moved = [r for r in first if r in conflict]
        rules = [r for r in rules if r != (moved[0] if moved else conflict[0])]
        if satisfiable(problem, set(rules), settings.seed) is not False:
            break


def _slacks(problem: Problem, check: RosterCheck) -> list[Slack]:
    out = [Slack("size [size]", check.size, problem.size_min, problem.size_max)]
    checks = [c for c in check.constraints if c.kind in ("seats", "quota", "cap")]
    for c in checks:
        if c.kind == "cap" and c.seats == 0:
            continue
        out.append(Slack(f"{c.label} [{c.source}]", c.seats, c.low, c.high))
    return out
