"""The price of each rule and target: relax it by one seat, tighten it by one seat, and see
what the rest of the objective gains or loses (see the package docstring)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from itertools import chain

from ...problem import Bound, Problem
from ...results import Outcome, Price, SelectionResult, Tradeoffs
from ...settings import SolverSettings
from ...solver.model import BalanceModel
from .solving import Constrain, Interrupted, Solver, base_roster


def _with_bound(problem: Problem, index: int, bound: Bound) -> Problem:
    bounds = list(problem.bounds)
    bounds[index] = bound
    return problem.with_bounds(bounds)


def _moved(bound: Bound, side: str, seats: int) -> Bound | None:
    """The bound with its `side` ("min"/"max") moved by `seats` (+ looser, - tighter)."""
    if side == "min":
        if bound.min_share:
            return replace(bound, share_slack=bound.share_slack + seats)
        if bound.min is None or bound.min - seats < 0:
            return None
        return replace(bound, min=bound.min - seats)
    if bound.max_share is not None:
        return replace(bound, share_slack=bound.share_slack + seats)
    if bound.max is None or bound.max + seats < 0:
        return None
    return replace(bound, max=bound.max + seats)


def _bound_prices(problem: Problem, solve: Solver, base: Outcome) -> Iterator[Price]:
    seen_caps: set[str] = set()
    for i, bound in enumerate(problem.bounds):
        if bound.kind == "cap":
            if bound.source in seen_caps:
                continue
            seen_caps.add(bound.source)
            yield _cap_price(problem, bound.source, solve, base)
            continue
        for side in ("min", "max"):
            has = (
                bound.min or bound.min_share
                if side == "min"
                else (bound.max is not None or bound.max_share is not None)
            )
            if not has:
                continue
            loose, tight = _moved(bound, side, 1), _moved(bound, side, -1)
            yield Price(
                "min" if side == "min" else "max",
                bound.label,
                bound.source,
                base,
                None if loose is None else Outcome.of(solve(_with_bound(problem, i, loose))),
                None if tight is None else Outcome.of(solve(_with_bound(problem, i, tight))),
                bound=i,
            )


def _cap_price(problem: Problem, source: str, solve: Solver, base: Outcome) -> Price:
    def every(seats: int) -> Problem | None:
        bounds = list(problem.bounds)
        for i, b in enumerate(bounds):
            if b.source == source:
                moved = _moved(b, "max", seats)
                if moved is None:
                    return None
                bounds[i] = moved
        return problem.with_bounds(bounds)

    first = next(b for b in problem.bounds if b.source == source)
    loose, tight = every(1), every(-1)
    return Price(
        "cap",
        first.label.split(":")[0],
        source,
        base,
        None if loose is None else Outcome.of(solve(loose)),
        None if tight is None else Outcome.of(solve(tight)),
    )


def _size_prices(problem: Problem, solve: Solver, base: Outcome) -> Iterator[Price]:
    def sized(lo: int, hi: int) -> Outcome | None:
        if lo < 1 or lo > hi:
            return None
        return Outcome.of(solve(problem.with_size(lo, hi)))

    lo, hi = problem.size_min, problem.size_max
    yield Price("size_min", "size", "size", base, sized(lo - 1, hi), sized(lo + 1, hi))
    yield Price("size_max", "size", "size", base, sized(lo, hi + 1), sized(lo, hi - 1))


def _target_prices(problem: Problem, solve: Solver, best: SelectionResult) -> Iterator[Price]:
    """A target's price: what one more (or less) seat out of place on it buys elsewhere."""
    balanced = problem.balanced()
    assert best.check is not None
    devs = {d.column: d.deviation for d in best.check.balance}
    last = max((d.priority for d in problem.dimensions), default=1) + 1
    for index, dim in enumerate(balanced):
        if len(balanced) < 2:
            break
        moved = problem.with_dimensions(
            [replace(d, priority=last) if d.column == dim.column else d for d in problem.dimensions]
        )
        others = [d.column for d in balanced if d.column != dim.column]
        current = devs[dim.column] or Fraction(0)

        def held(limit: Fraction, index: int = index) -> Constrain:
            def add(bm: BalanceModel) -> None:
                bm.deviation_at_most(index, limit)

            return add

        base = Outcome.of(solve(moved, held(current)), others)
        relaxed = Outcome.of(solve(moved, held(current + 1)), others)
        tightened = Outcome.of(solve(moved, held(current - 1)), others) if current >= 1 else None
        yield Price("target", dim.column, f"balance.{dim.column}", base, relaxed, tightened)


def prices_of(problem: Problem, settings: SolverSettings | None = None) -> Tradeoffs:
    """The price of every rule and target (see the module docstring)."""
    solve = Solver(problem, settings or SolverSettings())
    best = base_roster(solve)
    if isinstance(best, Tradeoffs):
        return best
    result = Tradeoffs(problem, best)
    if best.check is None:
        return solve.done(result)
    base = Outcome.of(best)
    try:
        for price in chain(
            _size_prices(problem, solve, base),
            _bound_prices(problem, solve, base),
            _target_prices(problem, solve, best),
        ):
            result.prices.append(price)
    except Interrupted:
        return solve.done(result, interrupted=True)
    return solve.done(result)
