"""`lottery`: a fair lottery over groups that meet every hard rule (Flanigan et al. 2021).

A distribution over valid groups is computed so that the candidates' selection
probabilities are as equal as the rules allow: leximin (raise the lowest probability, then
the next lowest, ...) or maximin (the lowest only). Column generation: an LP master (GLOP)
over the groups found so far, and CP-SAT to price new groups (the group that the LP's dual
prices value most). Candidates of one type are interchangeable for every rule (here caps
split types too, and must-includes stand alone), so a type's members share one probability
and the LP has one row per type, not per person; a drawn group takes its members of each
type uniformly at random, which keeps every person's probability exact.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from typing import Literal

import numpy as np
from ortools.sat.python import cp_model

from ...problem import Problem
from ...results import (
    Explanation,
    LotteryResult,
    SelectionResult,
)
from ...roster import check_roster
from ...settings import Progress, SolverSettings, Status
from ...solver import cpsat
from ...solver.additions import balance_limits, within_and_apart
from ...solver.model import build_model
from ...solver.select import solve_problem
from .masters import leximin, master, nash
from .pricing import Pricer

Objective = Literal["leximin", "maximin", "nash"]


def lottery_problem(
    problem: Problem,
    objective: Objective = "leximin",
    within: float | None = None,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
) -> LotteryResult:
    """Column generation for a leximin (or maximin, or Nash welfare) lottery over valid groups.

    Kept in one piece (64 lines): the steps are named functions; what stays is the order
    they run in and the exits when time runs out, Ctrl-C comes or no group exists."""
    settings = settings or SolverSettings(time_limit=600)
    started = time.monotonic()
    deadline = started + settings.time_limit
    bm = build_model(problem, settings.seed, caps=None, split=problem.include)
    stats = {"candidates": len(problem.pool), "candidate_types": len(bm.types)}

    def empty(status: Status, explanation: Explanation | None = None) -> LotteryResult:
        return LotteryResult(
            problem,
            objective,
            status,
            [],
            np.zeros(len(problem.pool)),
            time.monotonic() - started,
            0,
            0,
            within=within,
            explanation=explanation,
            settings=settings,
            model_stats=stats,
        )

    if within is not None:
        best = solve_problem(problem, settings)
        if best.check is None:
            return empty(best.status, best.explanation)
        if best.status == Status.INTERRUPTED:
            return empty(Status.INTERRUPTED)
        within_and_apart(balance_limits(best, within), [])(bm)
    pricer = Pricer(bm, settings)
    counts = np.maximum(pricer.counts, 1.0)
    columns, reach, status = _who_can_sit(pricer, deadline)
    if not columns:
        return empty(status)  # for INFEASIBLE, the api attaches the explanation
    if status == Status.OPTIMAL:
        solve_master = nash if objective == "nash" else leximin
        weights, prob, status, levels = solve_master(
            columns, counts, reach, pricer, objective, deadline, started, progress
        )
    else:  # stopped while finding who can sit: the best distribution over the groups found
        _, weights, prob, _, _ = master(columns, counts, reach, {})
        levels = 0

    members = bm.types.members
    panels, type_panels = _panels(weights, columns, members, settings.seed)
    n = len(problem.pool)
    return replace(
        empty(status),
        panels=panels,
        probability=_per_person(prob, members, n),
        columns=len(columns),
        levels=levels,
        type_panels=type_panels,
        type_members=members,
        eligible=_per_person(reach, members, n).astype(bool),
    )


def _who_can_sit(pricer: Pricer, deadline: float) -> tuple[list[np.ndarray], np.ndarray, Status]:
    """Which types can sit in some group at all: (groups found, reachable types, status).

    The groups found seed the master. With no group at all, the status is the lottery's
    (infeasible, interrupted or unknown)."""
    columns: list[np.ndarray] = []
    reach = np.zeros(len(pricer.counts), dtype=bool)
    status = Status.OPTIMAL
    while True:
        weights = (~reach).astype(float)
        found, outcome = pricer.best(weights, deadline - time.monotonic())
        if outcome.interrupted:
            status = Status.INTERRUPTED
        if found is None:
            if not columns:
                if outcome.status == Status.INFEASIBLE and not outcome.interrupted:
                    return columns, reach, Status.INFEASIBLE
                return columns, reach, status if outcome.interrupted else Status.UNKNOWN
            if outcome.status != Status.INFEASIBLE:
                status = status if outcome.interrupted else Status.FEASIBLE
            break
        if outcome.interrupted:  # keep the group found, ask nothing more
            columns.append(found)
            reach |= found > 0
            break
        new = (found > 0) & ~reach
        if not new.any():
            if outcome.status != Status.OPTIMAL:  # some type may be reachable after all
                status = Status.FEASIBLE
            break
        columns.append(found)
        reach |= found > 0
    return columns, reach, status


def _per_person(per_type: np.ndarray, members: list[np.ndarray], n: int) -> np.ndarray:
    """A value per type spread to the type's members (rows of the pool)."""
    out = np.zeros(n)
    for t, rows in enumerate(members):
        out[rows] = per_type[t]
    return out


def _panels(
    weights: np.ndarray, columns: list[np.ndarray], members: list[np.ndarray], seed: int
) -> tuple[list[tuple[float, list[int]]], list[tuple[float, np.ndarray]]]:
    """The groups with weight: as rows of the pool (drawn within types) and as type counts."""
    panels, type_panels = [], []
    rng = np.random.default_rng(seed)
    for w, col in zip(weights.tolist(), columns, strict=True):
        if w > 1e-9:
            panels.append((w, _draw_rows(col, members, rng)))
            type_panels.append((w, col))
    return panels, type_panels


def _draw_rows(col: np.ndarray, members: list[np.ndarray], rng: np.random.Generator) -> list[int]:
    """One group of individuals for a type-count vector, uniformly within each type."""
    rows: list[int] = []
    for t, k in enumerate(col.astype(int).tolist()):
        if k > 0:
            rows.extend(int(r) for r in rng.choice(members[t], size=k, replace=False))
    return sorted(rows)


def draw(result: LotteryResult, seed: int) -> SelectionResult:
    """Draw one group with the seed; returned like `select`'s result.

    With a uniform lottery over listed groups (`result.rounded`, from --panels M), the group
    is one of those M, each with probability 1/M: the published list is what is drawn from.
    Otherwise it is drawn from the distribution."""
    rng = np.random.default_rng(seed)
    where: dict[str, int | bool]
    if result.rounded:
        pick = int(rng.integers(len(result.rounded)))
        rows = result.rounded[pick]
        where = {"group": pick + 1, "of": len(result.rounded), "listed": True}
    else:
        weights = np.array([w for w, _ in result.panels])
        pick = int(rng.choice(len(weights), p=weights / weights.sum()))
        rows = result.panels[pick][1]
        where = {"group": pick + 1, "of": len(weights), "listed": False}
    problem = result.problem
    check = check_roster(problem, [problem.ids[r] for r in rows])
    settings = replace(result.settings, seed=seed)
    return SelectionResult(
        Status.DRAWN,
        problem,
        settings,
        [],
        check,
        {"drawn_from": where, "proven_fair": result.proven_fair},  # group numbers from 1
        model_stats=dict(result.model_stats),
    )


def round_to_panels(
    result: LotteryResult, m: int, seed: int = 0, seconds: float = 10.0
) -> tuple[list[list[int]], float] | None:
    """A uniform lottery over m groups whose probabilities are closest to the optimum
    (Flanigan et al., "Fair sortition made transparent", NeurIPS 2021).

    CP-SAT picks how many of the m groups take each type-level group of the distribution
    (closest seat totals per type); the seats of a type are then handed round its members
    in a seeded order, so every member gets the floor or the ceiling of the type's share.
    """
    columns = [col for _, col in result.type_panels]
    members = result.type_members
    model = cp_model.CpModel()
    mult = [model.new_int_var(0, m, f"m{i}") for i in range(len(columns))]
    model.add(sum(mult) == m)
    worst = model.new_int_var(0, 10**9, "worst")
    for t, rows in enumerate(members):
        if not len(rows):
            continue
        goal = round(float(result.probability[rows[0]]) * len(rows) * m)
        seats = sum(int(col[t]) * mult[i] for i, col in enumerate(columns) if col[t] > 0)
        weight = max(1, round(1000 / len(rows)))  # per person: smaller types weigh more
        model.add(weight * (seats - goal) <= worst)
        model.add(weight * (goal - seats) <= worst)
    model.minimize(worst)
    for i, (w, _) in enumerate(result.type_panels):
        model.add_hint(mult[i], math.floor(w * m))
    outcome = cpsat.run(model, replace(result.settings, seed=seed), seconds, "rounding", workers=1)
    if outcome.interrupted or not outcome.has_solution:
        return None  # Ctrl-C (or, never seen, no rounding in time): no listed groups
    rng = np.random.default_rng(seed)
    order = [rng.permutation(rows) for rows in members]
    cursor = [0] * len(members)
    chosen: list[list[int]] = []
    for i, col in enumerate(columns):
        for _ in range(outcome.value(mult[i])):
            group: list[int] = []
            for t, k in enumerate(col.astype(int).tolist()):
                for _ in range(k):  # round-robin: distinct within a group while k <= size
                    group.append(int(order[t][cursor[t] % len(order[t])]))
                    cursor[t] += 1
            chosen.append(sorted(group))
    times = np.zeros(len(result.problem.pool))
    for group in chosen:
        times[group] += 1
    available = result.problem.available
    error = float(np.abs(times[available] / m - result.probability[available]).max())
    return chosen, error
