"""Re-solving variants of one problem for the trade-off analyses, and Ctrl-C between them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...problem import Problem
from ...results import SelectionResult, Tradeoffs
from ...roster import check_roster
from ...settings import SolverSettings, Status
from ...solver.model import BalanceModel
from ...solver.select import solve_problem

Constrain = Callable[[BalanceModel], None]


class Solver:
    """Re-solves variants of one problem, reusing the caps the first solve needed."""

    def __init__(self, problem: Problem, settings: SolverSettings) -> None:
        self.problem, self.settings = problem, settings
        self.caps: set[int] = set()
        self.unproven = 0
        self.best: SelectionResult | None = None  # the first solve: the rules as written
        self.skipped = 0  # tighter variants the best roster already settles (no solve)

    def __call__(
        self, problem: Problem | None = None, constrain: Constrain | None = None
    ) -> SelectionResult:
        best = None if self.best is None else self.best.check
        hint = None if best is None else best.rows.tolist()
        try:
            result = solve_problem(
                problem or self.problem,
                self.settings,
                constrain=constrain,
                caps=self.caps,
                hint=hint,
            )
        except KeyboardInterrupt:  # between two solver runs
            raise Interrupted(None) from None
        if result.status == Status.INTERRUPTED:  # Ctrl-C: stop, keep what is done
            raise Interrupted(result)
        if result.status in (Status.FEASIBLE, Status.UNKNOWN):
            self.unproven += 1
        self.caps |= result.caps
        if self.best is None and problem is None and constrain is None:
            self.best = result
        return result

    def tighter(self, problem: Problem) -> SelectionResult:
        """Solve a variant whose rosters are all valid under the rules as written (a bound
        or size range tightened). When the proven best roster meets the variant's rules too,
        it is the variant's best as well (the best over a larger set, and inside the smaller
        one), so no solve is needed: the same answer a solve would prove, at once."""
        best = self.best
        settled = best is not None and best.status == Status.OPTIMAL and best.check is not None
        if best is not None and settled and check_roster(problem, best.members).ok:
            self.skipped += 1
            return replace(best, problem=problem)
        return self(problem)

    def done(self, result: Tradeoffs, interrupted: bool = False) -> Tradeoffs:
        return replace(result, interrupted=interrupted, unproven=self.unproven)


class Interrupted(Exception):
    """Ctrl-C stopped a solve; `result` is that solve's (possibly with a roster)."""

    def __init__(self, result: SelectionResult | None) -> None:
        super().__init__("interrupted")
        self.result = result


def base_roster(solve: Solver) -> SelectionResult | Tradeoffs:
    """The best roster under the rules as written; if Ctrl-C stops it, the Tradeoffs to
    return at once (the best roster so far, marked interrupted)."""
    try:
        return solve()
    except Interrupted as stop:
        if stop.result is None:
            raise KeyboardInterrupt from None  # nothing at all yet: the CLI says so
        return solve.done(Tradeoffs(solve.problem, stop.result), interrupted=True)
