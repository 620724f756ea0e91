"""A lean satisfiability model over candidate types for a subset of the rules; elastic, with
a slack on every rule, for the cheapest repair. Caps are added lazily, family by family.
The deletion filter (`minimal_conflict`) tests subsets of the rules with it."""

from __future__ import annotations

import time
from typing import Any

from ortools.sat.python import cp_model

from ...diagnose import Rule
from ...problem import Bound, Problem
from ...settings import SolverSettings, Status
from ...solver import cpsat
from ...solver.lazy_caps import pick_until_caps_hold
from ...solver.model import add_bound
from ...solver.types import TypeTable, build_types

TEST_SECONDS = 10.0  # per satisfiability test in the deletion filter


class Interrupted(Exception):
    """Ctrl-C stopped a solve: `explain_problem` returns what it has so far."""


class Lean:
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
            if rule in rules:
                b = p.bounds[i]
                below = self._slack(rule, "below") if elastic and _has_low(b) else 0
                above = self._slack(rule, "above") if elastic and _has_high(b) else 0
                members = [self.x[t] for t in self.types.bound_types[i].tolist()]
                add_bound(self.model, b, members, n, below, above)
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

    def counts(self, outcome: cpsat.Outcome) -> list[int] | None:
        """How many of each candidate type the solution picks (None: no solution)."""
        return [outcome.value(v) for v in self.x] if outcome.has_solution else None

    def solve(self, seconds: float, seed: int) -> cpsat.Outcome:
        """Solve (see `solver.cpsat`); Ctrl-C raises `Interrupted` once the solver stopped."""
        outcome = cpsat.run(self.model, SolverSettings(seed=seed), seconds, "explain", workers=1)
        if outcome.interrupted:
            raise Interrupted
        return outcome


def _has_low(b: Bound) -> bool:
    return bool(b.min) or bool(b.min_share)


def _has_high(b: Bound) -> bool:
    return b.max is not None or b.max_share is not None


def _cap_rules(problem: Problem, rules: set[Rule]) -> set[int]:
    return {i for kind, i in rules if kind == "bound" and problem.bounds[i].kind == "cap"}


def families_of(problem: Problem, blocked: set[int]) -> set[int]:
    """Every cap of the families of the blocked caps (all countries, say): far fewer rounds
    when the caps themselves are the conflict."""
    families = {problem.bounds[i].family for i in blocked}
    return {i for i, b in enumerate(problem.bounds) if b.kind == "cap" and b.family in families}


def satisfiable(
    problem: Problem, rules: set[Rule], seed: int = 0, seconds: float = TEST_SECONDS
) -> bool | None:
    """Can a roster meet exactly these rules? None when the solver ran out of time."""
    wanted = _cap_rules(problem, rules)
    ignore = frozenset(i for i, b in enumerate(problem.bounds) if b.kind == "cap") - wanted
    last: list[cpsat.Outcome] = []

    def attempt(caps: set[int], _: list[int]) -> tuple[TypeTable, list[int] | None]:
        lean = Lean(problem, rules, caps, seed, elastic=False)
        last[:] = [lean.solve(seconds, seed)]
        return lean.types, lean.counts(last[0])

    picked = pick_until_caps_hold(
        problem, attempt, grow=lambda blocked: families_of(problem, blocked) & wanted, ignore=ignore
    )
    if picked.found:
        return True
    return False if last[0].status == Status.INFEASIBLE else None


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
