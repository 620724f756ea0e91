"""Frontiers, each point a real roster: group size, two dimensions' deviations, and merit
against balance (see the package docstring)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction

from ...errors import InputError
from ...problem import Problem
from ...results import Frontier, FrontierPoint, SelectionResult, Tradeoffs
from ...settings import SolverSettings
from ...solver.model import BalanceModel
from .solving import Interrupted, Solver, base_roster

MAX_POINTS = 25


def size_frontier(problem: Problem, settings: SolverSettings | None = None) -> Tradeoffs:
    """The best roster at every size in the range: balance (and merit) against size."""
    solve = Solver(problem, settings or SolverSettings())
    best = base_roster(solve)
    if isinstance(best, Tradeoffs):
        return best
    points, interrupted = _gather(_size_points(solve, problem))
    tradeoffs = Tradeoffs(
        problem,
        best,
        frontier=Frontier(
            "size",
            "group size",
            "seats out of place, all dimensions",
            points,
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


def _size_points(solve: Solver, problem: Problem) -> Iterator[FrontierPoint]:
    """The best roster at each size; sizes with no valid roster are left out."""
    for n in range(problem.size_min, problem.size_max + 1):
        result = solve(problem.with_size(n, n))
        if result.check is not None:
            balance = float(result.check.objective.total())
            yield FrontierPoint(f"{n}", float(n), balance, result)


def _gather(points: Iterator[FrontierPoint]) -> tuple[list[FrontierPoint], bool]:
    """The points a frontier's solves give, and whether Ctrl-C stopped them (what was found
    is kept)."""
    found: list[FrontierPoint] = []
    try:
        for point in points:
            found.append(point)
    except Interrupted:
        return found, True
    return found, False


def between_frontier(
    problem: Problem, first: str, second: str, settings: SolverSettings | None = None
) -> Tradeoffs:
    """Pareto frontier of two dimensions' deviations (epsilon constraints, exact steps)."""
    a, b = _dim_index(problem, first), _dim_index(problem, second)  # fail before solving
    solve = Solver(problem, settings or SolverSettings())
    best = base_roster(solve)
    if isinstance(best, Tradeoffs):
        return best
    points, interrupted = _gather(_between_points(solve, problem, (first, a), (second, b)))
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


def _between_points(
    solve: Solver, problem: Problem, dim_a: tuple[str, int], dim_b: tuple[str, int]
) -> Iterator[FrontierPoint]:
    """The frontier's points, least deviation of A first: each the least B with A at the
    least A that allows a B strictly below the last point's. Dimensions as (column, index)."""
    (first, a), (second, b) = dim_a, dim_b
    a_first, b_first = _led_by(problem, first, second), _led_by(problem, second, first)
    below_b: Fraction | None = None  # the next point has B strictly below this
    for _ in range(MAX_POINTS):

        def cap_b(bm: BalanceModel, limit: Fraction | None = below_b) -> None:
            if limit is not None:
                bm.deviation_below(b, limit)

        lead = solve(a_first, cap_b)  # least A (then B) with B below the last point
        if lead.check is None:
            break
        level_a = _deviations(lead, first, second)[0]

        def cap_a(bm: BalanceModel, limit: Fraction = level_a) -> None:
            bm.deviation_at_most(a, limit)

        point = solve(b_first, cap_a)  # least B with A at that level
        if point.check is None:
            break
        x, y = _deviations(point, first, second)
        label = f"{first} {float(x):.2f} / {second} {float(y):.2f}"
        yield FrontierPoint(label, float(x), float(y), point)
        below_b = y
        if y <= 0:
            break


def _led_by(problem: Problem, lead: str, follow: str) -> Problem:
    """The problem with `lead` balanced first, `follow` second, and the others after."""
    top = max((d.priority for d in problem.dimensions), default=1)
    tier = {lead: 0, follow: 1}
    return problem.with_dimensions(
        [
            replace(d, priority=tier[d.column] if d.column in tier else top + 2)
            for d in problem.dimensions
        ]
    )


def _deviations(result: SelectionResult, first: str, second: str) -> tuple[Fraction, Fraction]:
    assert result.check is not None
    by = {d.column: d.deviation or Fraction(0) for d in result.check.balance}
    return by[first], by[second]


def merit_frontier(
    problem: Problem, steps: int = 10, settings: SolverSettings | None = None
) -> Tradeoffs:
    """Balance against merit: the best balance at rising merit floors."""
    if problem.merit is None:
        raise InputError(f"{problem.source}: --merit needs a [merit] column in the constraints.")
    solve = Solver(problem, settings or SolverSettings())
    best = base_roster(solve)
    if isinstance(best, Tradeoffs):
        return best
    if best.check is None or best.check.objective.merit is None:
        return solve.done(Tradeoffs(problem, best, frontier=Frontier("merit", "", "", [])))
    no_balance = problem.with_dimensions([replace(d, targets=None) for d in problem.dimensions])
    low = best.check.objective.merit
    high = low
    points = [FrontierPoint(f"merit {low:.1f}", float(best.check.objective.total()), low, best)]
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
            balance = float(result.check.objective.total())
            points.append(FrontierPoint(f"merit {merit:.1f}", balance, merit, result))
    except Interrupted:
        interrupted = True
    tradeoffs = Tradeoffs(
        problem,
        best,
        frontier=Frontier(
            "merit",
            "seats out of place, all dimensions",
            f"merit ({problem.merit_column})",
            _pareto(points, maximise_y=True),
            merit_floors=(float(low), float(high)),
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
