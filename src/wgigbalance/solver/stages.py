"""The lexicographic stages of a selection, solved one after the other on one model.

Per priority tier: the worst weighted dimension deviation, then the tier's total; then merit.
Each optimum is fixed before the next stage. Values are exact fractions of a seat: the worst
stage never multiplies deviations by weights inside the solver (weights from 0.001 to 1000
and large share denominators would make coefficients of 10^12 and stall it); it is found by
a descent on per-dimension bounds instead, each step proven by the solver.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

import numpy as np
from ortools.sat.python import cp_model

from ..results import Stage, StageResult
from ..settings import Progress, SolverSettings, Status
from . import cpsat
from .model import BalanceModel

# An exact guide whose values would exceed this is replaced by a coarse one of about _COARSE
# units (CP-SAT proves optima slowly with huge coefficients; the bisection keeps it exact).
_GUIDE_LIMIT = 2**20
_COARSE = 2**24


Level = tuple[StageResult, Fraction]  # a proven stage and the level it fixed


@dataclass
class Round:
    """One pass of the stages over one model."""

    status: Status
    stages: list[StageResult]
    values: list[int] | None
    interrupted: bool
    balance_levels: list[Level] = field(default_factory=list)
    retry: bool = False  # the carried balance levels no longer hold: run every stage again


def _values(outcome: cpsat.Outcome, bm: BalanceModel) -> list[int]:
    return [outcome.value(v) for v in bm.x]


def _hint(bm: BalanceModel, values: list[int] | None) -> None:
    bm.model.clear_hints()  # type: ignore[no-untyped-call]
    if values is not None:
        for var, value in zip(bm.x, values, strict=True):
            bm.model.add_hint(var, value)


def _exact_worst(bm: BalanceModel, priority: int, outcome: cpsat.Outcome) -> Fraction:
    return max(bm.seats(d, outcome.value(bm.deviation[d])) for d in bm.tier_members[priority])


def _switch(bm: BalanceModel, literal: cp_model.IntVar, on: bool) -> None:
    """Turn a group of enforced constraints on or off by fixing their literal's domain."""
    domain = bm.model.proto.variables[literal.index].domain
    domain[0] = domain[1] = 1 if on else 0


class _Guide:
    """A CP-SAT objective that follows the tier's worst weighted deviation: exact when its
    coefficients are small (then its optimum is the answer), else a coarse copy with small
    coefficients that finds a good roster fast (the bisection then proves the exact value)."""

    def __init__(self, bm: BalanceModel, priority: int) -> None:
        members = bm.tier_members[priority]
        unit = math.lcm(*((bm.weight[d] / bm.unit[d]).denominator for d in members))
        coefs = [int(bm.weight[d] / bm.unit[d] * unit) for d in members]
        tops = [c * bm.unit[d] * bm.problem.size_max for c, d in zip(coefs, members, strict=True)]
        self.exact = max(tops) <= _GUIDE_LIMIT
        self.unit = unit  # an exact guide counts in 1/unit seats
        self.scale = float(unit)  # guide units per seat, for the progress display
        if not self.exact:  # about _COARSE units for the worst deviation a group can have
            self.scale = _COARSE / float(max(bm.weight[d] for d in members) * bm.problem.size_max)
            coefs = [max(1, round(float(bm.weight[d] / bm.unit[d]) * self.scale)) for d in members]
        top = max(c * bm.unit[d] * bm.problem.size_max for c, d in zip(coefs, members, strict=True))
        self.var = bm.model.new_int_var(0, top, f"worst_p{priority}")
        for c, d in zip(coefs, members, strict=True):
            bm.model.add(self.var >= c * bm.deviation[d])
        bm.floor_by_size(self.var, members, coefs, max, f"least_worst_p{priority}")


@dataclass
class _Runner:
    bm: BalanceModel
    settings: SolverSettings
    deadline: float
    progress: Progress | None
    values: list[int] | None = None  # the latest roster found (type counts)
    hint: list[int] | None = None  # a first guess before any roster is found
    interrupted: bool = False

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def solve(self, name: str, scale: float, seconds: float | None = None) -> cpsat.Outcome:
        _hint(self.bm, self.values if self.values is not None else self.hint)
        limit = self.left() if seconds is None else min(seconds, self.left())
        outcome = cpsat.run(self.bm.model, self.settings, limit, name, self.progress, scale=scale)
        self.interrupted = self.interrupted or outcome.interrupted
        if outcome.has_solution:
            self.values = _values(outcome, self.bm)
        return outcome

    def worst(self, priority: int, result: StageResult) -> tuple[StageResult, bool]:
        """Least worst weighted deviation of a tier, exactly: minimise the guide; unless that
        proved the optimum, bisect on the value with feasibility probes (each dimension
        bounded on its own, cheap to prove) until no roster is strictly better. Returns the
        stage and whether it produced a roster."""
        bm = self.bm
        started = time.monotonic()
        guide = _Guide(bm, priority)
        bm.model.clear_objective()  # type: ignore[no-untyped-call]
        bm.model.minimize(guide.var)
        seconds = None if guide.exact else max(1.0, 0.2 * self.left())
        outcome = self.solve(result.name, guide.scale, seconds)
        best: Fraction | None = None
        bound: Fraction | None = None
        if outcome.has_solution:
            best = _exact_worst(bm, priority, outcome)
        if best is None:
            status = Status.INFEASIBLE if outcome.status == Status.INFEASIBLE else Status.UNKNOWN
        elif guide.exact and outcome.status == Status.OPTIMAL:
            status, bound = Status.OPTIMAL, best
        elif guide.exact and outcome.interrupted:  # the solver's own bound, in guide units
            status, bound = Status.FEASIBLE, Fraction(math.ceil(outcome.bound - 1e-6), guide.unit)
        else:
            bm.model.clear_objective()  # type: ignore[no-untyped-call]
            best, status, bound = self._bisect(priority, best, result.name)
        if best is not None:
            bm.worst_at_most(priority, best)
        return (
            StageResult(
                result.stage, status, best, bound, time.monotonic() - started, "seats", result.tiers
            ),
            best is not None,
        )

    def _bisect(
        self, priority: int, best: Fraction, name: str
    ) -> tuple[Fraction, Status, Fraction]:
        """Probe values between what is proven impossible and the best roster found: a
        feasible probe lowers the best to its roster's exact worst, an infeasible one raises
        the floor; the optimum is proven when no possible value is left between them."""
        bm = self.bm
        members = bm.tier_members[priority]
        below = Fraction(-1)  # every roster's worst is above this
        floor = max(bm.seats(d, min(bm.lower[d])) for d in members)  # and at least this
        while not self.interrupted:
            # The largest value a roster strictly better than `best` could have.
            nearest = max(
                bm.seats(d, math.ceil(best * bm.unit[d] / bm.weight[d]) - 1) for d in members
            )
            if nearest < floor or nearest <= below:
                return best, Status.OPTIMAL, best
            if self.left() <= 0:
                return best, Status.FEASIBLE, max(below, floor)
            middle = (max(below, floor) + best) / 2
            probe = nearest if middle >= nearest else Fraction(float(middle))
            literal = bm.model.new_bool_var(f"probe_p{priority}")
            for d in members:
                top = math.floor(probe * bm.unit[d] / bm.weight[d])
                bm.model.add(bm.deviation[d] <= top).only_enforce_if(literal)
            _switch(bm, literal, on=True)
            outcome = self.solve(name, 1.0)
            _switch(bm, literal, on=False)
            if outcome.has_solution:
                best = min(best, _exact_worst(bm, priority, outcome))
            elif outcome.status == Status.INFEASIBLE:
                below = max(below, probe)
            else:
                return best, Status.FEASIBLE, max(below, floor)
        return best, Status.FEASIBLE, max(below, floor)

    def stage(self, planned: StageResult) -> tuple[StageResult, bool]:
        """Run one planned stage on the model."""
        bm, kind, tier = self.bm, planned.stage.kind, planned.stage.tier
        if kind == "worst":
            return self.worst(tier, planned)
        if kind == "total":
            return self.linear(planned, bm.tier_total[tier], bm.tier_unit[tier], maximise=False)
        if kind == "merit":
            assert bm.merit is not None
            return self.linear(planned, bm.merit, bm.problem.merit_scale, maximise=True)
        result, found = self.linear(planned, 0, 1, maximise=False)
        return replace(result, value=None, bound=None, unit=""), found

    def linear(
        self, result: StageResult, expr: cp_model.LinearExprT, per_unit: int, maximise: bool
    ) -> tuple[StageResult, bool]:
        """Optimise one exact integer expression (a tier's total, merit) and fix its level."""
        bm = self.bm
        bm.model.clear_objective()  # type: ignore[no-untyped-call]
        if maximise:
            bm.model.maximize(expr)
        else:
            bm.model.minimize(expr)
        outcome = self.solve(result.name, float(per_unit))
        if not outcome.has_solution:
            status = Status.INFEASIBLE if outcome.status == Status.INFEASIBLE else Status.UNKNOWN
            return StageResult(
                result.stage, status, None, None, outcome.seconds, result.unit, result.tiers
            ), False
        level = round(outcome.objective)
        bm.model.add(expr >= level if maximise else expr <= level)
        bound = Fraction(round(outcome.bound), per_unit)
        status = Status.OPTIMAL if outcome.status == Status.OPTIMAL else Status.FEASIBLE
        return StageResult(
            result.stage,
            status,
            Fraction(level, per_unit),
            bound,
            outcome.seconds,
            result.unit,
            result.tiers,
        ), True


def _no_roster_status(result: StageResult, runner: _Runner) -> Status:
    """What a round established when one of its stages produced no roster."""
    if result.status == Status.INFEASIBLE and runner.values is None:
        return Status.INFEASIBLE
    if runner.interrupted:
        return Status.INTERRUPTED
    if runner.values is None:
        return Status.UNKNOWN
    return Status.FEASIBLE  # the earlier stages' roster stands; this one did not end


def plan(bm: BalanceModel) -> list[StageResult]:
    """The stages to run, as empty results (their identity, unit and display name)."""
    problem = bm.problem
    tiers = len(problem.priorities())
    out = []
    for p in problem.priorities():
        out.append(StageResult(Stage(p, "worst"), Status.UNKNOWN, None, None, 0.0, "seats", tiers))
        out.append(StageResult(Stage(p, "total"), Status.UNKNOWN, None, None, 0.0, "seats", tiers))
    if bm.merit is not None:
        unit = problem.merit_column or "merit"
        out.append(StageResult(Stage(0, "merit"), Status.UNKNOWN, None, None, 0.0, unit, tiers))
    if not out:
        out.append(StageResult(Stage(0, "feasibility"), Status.UNKNOWN, None, None, 0.0, "", 1))
    return out


def apply_level(bm: BalanceModel, stage: Stage, level: Fraction) -> None:
    """Hold a balance stage at a level found earlier (e.g. on a model with fewer caps)."""
    if stage.kind == "worst":
        bm.worst_at_most(stage.tier, level)
    elif stage.kind == "total":
        bm.total_at_most(stage.tier, level)


def run_stages(
    bm: BalanceModel,
    settings: SolverSettings,
    deadline: float,
    progress: Progress | None,
    carried: list[Level] | None = None,
    hint_rows: Sequence[int] = (),
) -> Round:
    """Solve the stages in order, fixing each optimum before the next.

    `carried`: proven balance levels of an earlier round on a looser model (fewer caps).
    They are lower bounds here, so if a roster still reaches them they are optimal again
    and only the later stages need solving. `hint_rows`: that round's roster, the solver's
    first guess here (it may break a cap added since; a hint needs not be valid).
    """
    todo = plan(bm)
    stages: list[StageResult] = []
    levels: list[Level] = []
    for stage, level in carried or []:
        apply_level(bm, stage.stage, level)
        stages.append(stage)
        levels.append((stage, level))
    todo = todo[len(stages) :]
    if carried and not todo:  # every stage carried: check the roster still exists
        todo = [StageResult(Stage(0, "feasibility"), Status.UNKNOWN, None, None, 0.0, "", 1)]
    runner = _Runner(bm, settings, deadline, progress)
    if len(hint_rows):
        types = bm.types.row_type[np.asarray(hint_rows, dtype=np.int64)]
        runner.hint = np.bincount(types[types >= 0], minlength=len(bm.types)).tolist()
    status = Status.OPTIMAL
    for planned in todo:
        kind = planned.stage.kind
        result, found = runner.stage(planned)
        stages.append(result)
        if not found:
            if result.status == Status.INFEASIBLE and carried:
                return Round(Status.UNKNOWN, stages, None, False, retry=True)
            status = _no_roster_status(result, runner)
            break
        if runner.interrupted:
            status = Status.INTERRUPTED
            break
        if result.status != Status.OPTIMAL:
            status = Status.FEASIBLE
        elif kind in ("worst", "total") and len(levels) == len(stages) - 1:
            assert result.value is not None
            levels.append((result, result.value))
        if runner.left() <= 0 and planned is not todo[-1]:
            status = Status.FEASIBLE
            break
    return Round(status, stages, runner.values, runner.interrupted, levels)
