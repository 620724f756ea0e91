"""`tradeoffs`: what each rule costs, and frontiers between two goals.

- Price of each rule: relax it by one seat (a minimum one lower, a maximum one higher, a
  share bound giving way by one seat, a size range one wider, a cap one higher for every
  group, a target allowed one more seat out of place) and see how much the rest of the
  objective improves; tighten it by one seat and see what that costs, or whether no roster
  is left. A target's price is measured on the other dimensions: its dimension is moved to
  the last priority and held within its best deviation plus or minus one seat.
- Frontiers, each point a real roster: between two dimensions' deviations (Pareto, by
  epsilon constraints), between group size and balance (every size in the range), and
  between balance and merit (merit floors from the best-balanced roster's merit up to the
  most merit any valid roster has).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from fractions import Fraction
from itertools import chain

from ..errors import InputError
from ..problem import Bound, Problem
from ..results import (
    Frontier,
    FrontierPoint,
    Outcome,
    Price,
    SelectionResult,
    Tradeoffs,
)
from ..results.tradeoffs import _balance
from ..settings import SolverSettings, Status
from ..solver.model import BalanceModel
from ..solver.select import solve_problem

Constrain = Callable[[BalanceModel], None]
MAX_POINTS = 25


class _Solver:
    """Re-solves variants of one problem, reusing the caps the first solve needed."""

    def __init__(self, problem: Problem, settings: SolverSettings) -> None:
        self.problem, self.settings = problem, settings
        self.caps: set[int] = set()
        self.unproven = 0

    def __call__(
        self, problem: Problem | None = None, constrain: Constrain | None = None
    ) -> SelectionResult:
        try:
            result = solve_problem(
                problem or self.problem, self.settings, constrain=constrain, caps=self.caps
            )
        except KeyboardInterrupt:  # between two solver runs
            raise _Interrupted(None) from None
        if result.status == Status.INTERRUPTED:  # Ctrl-C: stop, keep what is done
            raise _Interrupted(result)
        if result.status in (Status.FEASIBLE, Status.UNKNOWN):
            self.unproven += 1
        self.caps |= result.caps
        return result

    def done(self, result: Tradeoffs, interrupted: bool = False) -> Tradeoffs:
        result.interrupted, result.unproven = interrupted, self.unproven
        return result


class _Interrupted(Exception):
    """Ctrl-C stopped a solve; `result` is that solve's (possibly with a roster)."""

    def __init__(self, result: SelectionResult | None) -> None:
        super().__init__("interrupted")
        self.result = result


# ---------------------------------------------------------------------------------------------
# Prices


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


def _bound_prices(problem: Problem, solve: _Solver, base: Outcome) -> Iterator[Price]:
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
            word = "minimum" if side == "min" else "maximum"
            yield (
                Price(
                    f"{bound.label}: {bound.describe()}",
                    bound.source,
                    "balance",
                    base,
                    None if loose is None else Outcome.of(solve(_with_bound(problem, i, loose))),
                    None if tight is None else Outcome.of(solve(_with_bound(problem, i, tight))),
                    f"{word} {'one lower' if side == 'min' else 'one higher'}",
                    f"{word} {'one higher' if side == 'min' else 'one lower'}",
                )
            )


def _cap_price(problem: Problem, source: str, solve: _Solver, base: Outcome) -> Price:
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
        first.label.split(":")[0],
        source,
        "balance",
        base,
        None if loose is None else Outcome.of(solve(loose)),
        None if tight is None else Outcome.of(solve(tight)),
        "one more per group",
        "one fewer per group",
    )


def _size_prices(problem: Problem, solve: _Solver, base: Outcome) -> Iterator[Price]:
    def sized(lo: int, hi: int) -> Outcome | None:
        if lo < 1 or lo > hi:
            return None
        return Outcome.of(solve(problem.with_size(lo, hi)))

    lo, hi = problem.size_min, problem.size_max
    yield Price(
        f"size: at least {lo}",
        "size",
        "balance",
        base,
        sized(lo - 1, hi),
        sized(lo + 1, hi),
        "minimum size one lower",
        "minimum size one higher",
    )
    yield Price(
        f"size: at most {hi}",
        "size",
        "balance",
        base,
        sized(lo, hi + 1),
        sized(lo, hi - 1),
        "maximum size one higher",
        "maximum size one lower",
    )


def _target_prices(problem: Problem, solve: _Solver, best: SelectionResult) -> Iterator[Price]:
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
        yield (
            Price(
                f"balance target of {dim.column} ({dim.target_kind})",
                f"balance.{dim.column}",
                "other dimensions",
                base,
                relaxed,
                tightened,
                "one more seat out of place",
                "one fewer seat out of place",
            )
        )


def prices_of(problem: Problem, settings: SolverSettings | None = None) -> Tradeoffs:
    """The price of every rule and target (see the module docstring)."""
    solve = _Solver(problem, settings or SolverSettings())
    best = _base(solve)
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
    except _Interrupted:
        return solve.done(result, interrupted=True)
    return solve.done(result)


def _base(solve: _Solver) -> SelectionResult | Tradeoffs:
    """The best roster under the rules as written; if Ctrl-C stops it, the Tradeoffs to
    return at once (the best roster so far, marked interrupted)."""
    try:
        return solve()
    except _Interrupted as stop:
        if stop.result is None:
            raise KeyboardInterrupt from None  # nothing at all yet: the CLI says so
        return solve.done(Tradeoffs(solve.problem, stop.result), interrupted=True)


# ---------------------------------------------------------------------------------------------
# Frontiers


def size_frontier(problem: Problem, settings: SolverSettings | None = None) -> Tradeoffs:
    """The best roster at every size in the range: balance (and merit) against size."""
    solve = _Solver(problem, settings or SolverSettings())
    best = _base(solve)
    if isinstance(best, Tradeoffs):
        return best
    points: list[FrontierPoint] = []
    interrupted = False
    try:
        for n in range(problem.size_min, problem.size_max + 1):
            result = solve(problem.with_size(n, n))
            if result.check is not None:
                balance = _balance(result.check.objective)[1]
                points.append(FrontierPoint(f"{n}", float(n), balance, result))
    except _Interrupted:
        interrupted = True
    tradeoffs = Tradeoffs(
        problem,
        best,
        frontier=Frontier(
            "size",
            "group size",
            "seats out of place, all dimensions",
            points,
            note="every size in the range; sizes with no valid roster are left out",
        ),
    )
    return solve.done(tradeoffs, interrupted)


def _dim_index(problem: Problem, column: str) -> int:
    for i, d in enumerate(problem.balanced()):
        if d.column == column:
            return i
    known = ", ".join(d.column for d in problem.balanced())
    raise InputError(
        f"{problem.source}: --between {column}: not a dimension with a balance target; "
        f"balanced dimensions are: {known}"
    )


def between_frontier(
    problem: Problem, first: str, second: str, settings: SolverSettings | None = None
) -> Tradeoffs:
    """Pareto frontier of two dimensions' deviations (epsilon constraints, exact steps)."""
    a, b = _dim_index(problem, first), _dim_index(problem, second)
    solve = _Solver(problem, settings or SolverSettings())
    best = _base(solve)
    if isinstance(best, Tradeoffs):
        return best
    top = max((d.priority for d in problem.dimensions), default=1)

    def ordered(lead: str, follow: str) -> Problem:
        tier = {lead: 0, follow: 1}
        return problem.with_dimensions(
            [
                replace(d, priority=tier[d.column] if d.column in tier else top + 2)
                for d in problem.dimensions
            ]
        )

    a_first, b_first = ordered(first, second), ordered(second, first)

    def devs(result: SelectionResult) -> tuple[Fraction, Fraction]:
        assert result.check is not None
        by = {d.column: d.deviation or Fraction(0) for d in result.check.balance}
        return by[first], by[second]

    points: list[FrontierPoint] = []
    below_b: Fraction | None = None  # the next point has B strictly below this
    interrupted = False
    try:
        while len(points) < MAX_POINTS:

            def cap_b(bm: BalanceModel, limit: Fraction | None = below_b) -> None:
                if limit is not None:
                    bm.deviation_below(b, limit)

            lead = solve(a_first, cap_b)  # least A (then B) with B below the last point
            if lead.check is None:
                break
            level_a = devs(lead)[0]

            def cap_a(bm: BalanceModel, limit: Fraction = level_a) -> None:
                bm.deviation_at_most(a, limit)

            point = solve(b_first, cap_a)  # least B with A at that level
            if point.check is None:
                break
            x, y = devs(point)
            label = f"{first} {float(x):.2f} / {second} {float(y):.2f}"
            points.append(FrontierPoint(label, float(x), float(y), point))
            below_b = y
            if y <= 0:
                break
    except _Interrupted:
        interrupted = True
    tradeoffs = Tradeoffs(
        problem,
        best,
        frontier=Frontier(
            "between",
            f"{first}: seats out of place",
            f"{second}: seats out of place",
            _pareto(points, maximise_y=False),
        ),
    )
    return solve.done(tradeoffs, interrupted)


def merit_frontier(
    problem: Problem, steps: int = 10, settings: SolverSettings | None = None
) -> Tradeoffs:
    """Balance against merit: the best balance at rising merit floors."""
    if problem.merit is None:
        raise InputError(f"{problem.source}: --merit needs a [merit] column in the constraints.")
    solve = _Solver(problem, settings or SolverSettings())
    best = _base(solve)
    if isinstance(best, Tradeoffs):
        return best
    if best.check is None or best.check.objective.merit is None:
        return solve.done(Tradeoffs(problem, best, frontier=Frontier("merit", "", "", [])))
    no_balance = problem.with_dimensions([replace(d, targets=None) for d in problem.dimensions])
    low = best.check.objective.merit
    high = low
    points = [FrontierPoint(f"merit {low:.1f}", _balance(best.check.objective)[1], low, best)]
    interrupted = False
    try:
        richest = solve(no_balance)
        if richest.check is not None and richest.check.objective.merit is not None:
            high = richest.check.objective.merit
        scale = problem.merit_scale
        for step in range(1, steps + 1):
            floor = low + (high - low) * step / steps
            level = math.ceil(floor * scale - 1e-6)

            def at_least(bm: BalanceModel, level: int = level) -> None:
                assert bm.merit is not None
                bm.model.add(bm.merit >= level)

            result = solve(problem, at_least)
            if result.check is None or result.check.objective.merit is None:
                continue
            merit = result.check.objective.merit
            balance = _balance(result.check.objective)[1]
            points.append(FrontierPoint(f"merit {merit:.1f}", balance, merit, result))
    except _Interrupted:
        interrupted = True
    tradeoffs = Tradeoffs(
        problem,
        best,
        frontier=Frontier(
            "merit",
            "seats out of place, all dimensions",
            f"merit ({problem.merit_column})",
            _pareto(points, maximise_y=True),
            note=f"merit floors from {low:.1f} (best balance) to {high:.1f} (most merit)",
        ),
    )
    return solve.done(tradeoffs, interrupted)


def _pareto(points: list[FrontierPoint], maximise_y: bool) -> list[FrontierPoint]:
    """Drop points another point dominates (x lower is better; y lower, or higher)."""

    def better(p: FrontierPoint, q: FrontierPoint) -> bool:
        y_ok = p.y >= q.y if maximise_y else p.y <= q.y
        y_strict = p.y > q.y if maximise_y else p.y < q.y
        return p.x <= q.x + 1e-9 and y_ok and (p.x < q.x - 1e-9 or y_strict)

    kept = [p for p in points if not any(better(q, p) for q in points if q is not p)]
    unique: list[FrontierPoint] = []
    for p in sorted(kept, key=lambda p: (p.x, p.y)):
        if not any(abs(p.x - q.x) < 1e-9 and abs(p.y - q.y) < 1e-9 for q in unique):
            unique.append(p)
    return unique
