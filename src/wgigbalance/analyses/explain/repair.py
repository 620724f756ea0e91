"""The cheapest repair: the elastic model's fewest seats by which rules must move so that a
roster exists, as moves of rules and applied to the problem."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...diagnose import Rule
from ...problem import Problem
from ...results import Relaxation
from ...solver import cpsat
from ...solver.lazy_caps import pick_until_caps_hold
from ...solver.types import TypeTable
from .lean import Lean, families_of
from .rules import all_rules


def cheapest_repair(
    problem: Problem, seed: int = 0, seconds: float = 30.0
) -> tuple[list[Relaxation], Problem | None, dict[Rule, int]]:
    """The fewest seats by which rules must move so that a roster exists."""
    rules = set(all_rules(problem))
    last: list[tuple[Lean, cpsat.Outcome]] = []

    def attempt(caps: set[int], _: list[int]) -> tuple[TypeTable, list[int] | None]:
        lean = Lean(problem, rules, caps, seed, elastic=True)
        last[:] = [(lean, lean.solve(seconds, seed))]
        return lean.types, lean.counts(last[0][1])

    picked = pick_until_caps_hold(problem, attempt, grow=lambda b: families_of(problem, b))
    if not picked.found:
        return [], None, {}
    lean, outcome = last[0]
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
    below = side == "below"
    old: int | None = None
    if kind == "size":
        old = problem.size_min if below else problem.size_max
    elif kind == "bound":
        lo, hi = problem.bounds[ref].limits(size)
        old = lo if below else (hi or 0)
    new = None if old is None else old - seats if below else old + seats
    return Relaxation(rule, "below" if below else "above", seats, size, old, new)


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
