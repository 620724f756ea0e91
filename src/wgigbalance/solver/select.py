"""Selecting the best roster of a resolved problem: the stages, then the individuals, with
caps enforced lazily."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..diagnose import quick_reasons
from ..problem import Problem
from ..results import SelectionResult
from ..roster import check_roster
from ..settings import Progress, SolverSettings, Status, tool_version
from .model import BalanceModel, build_model
from .stages import Level, run_stages
from .types import pick_rows


def solve_problem(
    problem: Problem,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
    provenance: dict[str, Any] | None = None,
    constrain: Callable[[BalanceModel], None] | None = None,
    caps: set[int] | None = None,
) -> SelectionResult:
    """Select the best roster for an already resolved problem.

    `constrain(bm)` adds constraints to the model (analyses use it: a fixed size, a bound on
    one dimension's deviation, a difference from earlier rosters); `caps` are cap bounds to
    put in the model from the start (those an earlier solve of the same problem needed).

    Caps (per country, per organisation) are enforced lazily: the model starts without them
    and, whenever picking individuals runs into a full cap group, that group joins the model
    and the stages run again. The roster returned always meets every cap; with a merit
    column, it is only accepted when no pick was displaced by a cap, so it stays optimal.
    """
    settings = settings or SolverSettings()
    started = time.monotonic()
    deadline = started + settings.time_limit
    provenance = dict(provenance or {})
    provenance.update(
        tool="wgigbalance",
        version=tool_version(),
        seed=settings.seed,
        solver_settings=settings.to_dict(),
    )
    reasons = quick_reasons(problem)
    caps = set(caps or ())
    rounds = 0
    carried: list[Level] | None = None
    while True:
        rounds += 1
        bm = _built(problem, settings.seed, caps, constrain)
        stats = {
            "candidates": len(problem.pool),
            "candidate_types": len(bm.types),
            "variables": len(bm.model.proto.variables),
            "constraints": len(bm.model.proto.constraints),
            "rounds": rounds,
            "caps_in_model": len(caps),
        }
        if reasons:
            return SelectionResult(
                Status.INFEASIBLE, problem, settings, [], None, provenance, reasons, stats
            )
        outcome = run_stages(bm, settings, deadline, progress, carried)
        if outcome.retry:  # the caps raised the balance optimum: solve every stage again
            bm = _built(problem, settings.seed, caps, constrain)
            outcome = run_stages(bm, settings, deadline, progress)
        if outcome.values is None:
            break
        carried = outcome.balance_levels
        rows, blocked = pick_rows(
            problem, bm.types, outcome.values, exact=problem.merit is not None
        )
        if not blocked or outcome.interrupted or time.monotonic() >= deadline:
            break
        caps |= blocked

    check = None
    status, reasons = outcome.status, list[str]()
    if status == Status.INFEASIBLE:
        reasons = [
            "no group satisfies all the hard constraints together (the simple "
            "arithmetic checks found nothing; the conflict involves several rules)"
        ]
    if outcome.values is not None:
        check = check_roster(problem, [problem.ids[r] for r in rows])
        if not check.ok:  # only when stopped before the caps were settled
            check = None
            status = Status.INTERRUPTED if outcome.interrupted else Status.UNKNOWN
            reasons = ["stopped before a roster meeting every cap was found"]
        elif blocked and status == Status.OPTIMAL:
            status = Status.FEASIBLE  # a cap displaced a pick and there was no time to re-solve
    provenance["seconds"] = round(time.monotonic() - started, 3)
    result = SelectionResult(
        status, problem, settings, outcome.stages, check, provenance, reasons, stats
    )
    result.caps = caps
    return result


def _built(
    problem: Problem,
    seed: int,
    caps: set[int],
    constrain: Callable[[BalanceModel], None] | None,
) -> BalanceModel:
    bm = build_model(problem, seed, caps)
    if constrain is not None:
        constrain(bm)
    return bm
