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
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from ..problem import Problem
from ..results import (
    Explanation,
    LotteryResult,
    SelectionResult,
)
from ..roster import check_roster
from ..settings import Progress, SolverSettings, Status
from ..solver import cpsat
from ..solver.additions import balance_limits, within_and_apart
from ..solver.model import BalanceModel, build_model
from ..solver.select import solve_problem

Objective = Literal["leximin", "maximin", "nash"]
_EPS = 1e-9
_PRICE_EPS = 1e-7


class _Pricer:
    """CP-SAT over candidate types: the valid group that the dual prices value most."""

    def __init__(self, bm: BalanceModel, settings: SolverSettings) -> None:
        self.bm, self.settings = bm, settings
        self.counts = bm.types.counts.astype(float)

    def best(self, weights: np.ndarray, seconds: float) -> tuple[np.ndarray | None, cpsat.Outcome]:
        """Group maximising sum_t weights_t * x_t: (type counts or None, how the solve went).

        Ctrl-C stops the solve (see `solver.cpsat`); `outcome.interrupted` says so."""
        top = float(np.abs(weights).max(initial=0.0))
        scale = 1e9 / top if top > 0 else 1.0
        coefs = np.rint(weights * scale).astype(np.int64)
        model = self.bm.model
        model.clear_objective()  # type: ignore[no-untyped-call]
        model.maximize(cp_model.LinearExpr.weighted_sum(self.bm.x, coefs.tolist()))
        outcome = cpsat.run(model, self.settings, max(seconds, 0.05), "pricing", workers=1)
        if not outcome.has_solution:
            return None, outcome
        return np.array([outcome.value(v) for v in self.bm.x], dtype=float), outcome


def _master(
    columns: list[np.ndarray], counts: np.ndarray, reach: np.ndarray, fixed: dict[int, float]
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, float]:
    """Max z: every reachable unfixed type's probability >= z, fixed ones keep theirs.

    Returns z, the weights of the groups, the type probabilities, the dual prices of the
    type rows (>= 0) and of the sum-to-one row.
    """
    lp = pywraplp.Solver.CreateSolver("GLOP")
    lam = [lp.NumVar(0.0, 1.0, f"l{i}") for i in range(len(columns))]
    z = lp.NumVar(0.0, 1.0, "z")
    rows = {}
    for t in np.flatnonzero(reach).tolist():
        expr = sum(lam[i] * (col[t] / counts[t]) for i, col in enumerate(columns) if col[t] > 0)
        if t in fixed:
            rows[t] = lp.Add(expr >= fixed[t] - 1e-9)
        else:
            rows[t] = lp.Add(expr - z >= 0)
    total = lp.Add(sum(lam) == 1)
    lp.Maximize(z)
    status = lp.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the lottery's LP master did not solve")
    weights = np.array([v.solution_value() for v in lam])
    prob = np.zeros(len(counts))
    for i, col in enumerate(columns):
        prob += weights[i] * col / counts
    duals = np.zeros(len(counts))
    for t, row in rows.items():
        duals[t] = abs(row.dual_value())
    return z.solution_value(), weights, prob, duals, abs(total.dual_value())


def lottery_problem(
    problem: Problem,
    objective: Objective = "leximin",
    within: float | None = None,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
) -> LotteryResult:
    """Column generation for a leximin (or maximin) lottery over valid groups."""
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
    pricer = _Pricer(bm, settings)
    counts = np.maximum(pricer.counts, 1.0)
    n_types = len(counts)

    # Which types can sit in some group at all; the groups found seed the master.
    columns: list[np.ndarray] = []
    reach = np.zeros(n_types, dtype=bool)
    status = Status.OPTIMAL
    while True:
        weights = (~reach).astype(float)
        found, outcome = pricer.best(weights, deadline - time.monotonic())
        if outcome.interrupted:
            status = Status.INTERRUPTED
        if found is None:
            if not columns:
                if outcome.status == Status.INFEASIBLE and not outcome.interrupted:
                    return empty(Status.INFEASIBLE)  # the api attaches the explanation
                return empty(status if outcome.interrupted else Status.UNKNOWN)
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

    if status == Status.OPTIMAL:
        solve_master = _nash if objective == "nash" else _leximin
        weights, prob, status, levels = solve_master(
            columns, counts, reach, pricer, objective, deadline, started, progress
        )
    else:  # stopped while finding who can sit: the best distribution over the groups found
        _, weights, prob, _, _ = _master(columns, counts, reach, {})
        levels = 0

    members = bm.types.members
    per_row = np.zeros(len(problem.pool))
    for t, rows in enumerate(members):
        per_row[rows] = prob[t]
    panels, type_panels = [], []
    rng = np.random.default_rng(settings.seed)
    for w, col in zip(weights.tolist(), columns, strict=True):
        if w > 1e-9:
            panels.append((w, _draw_rows(col, members, rng)))
            type_panels.append((w, col))
    eligible = np.zeros(len(problem.pool), dtype=bool)
    for t, rows in enumerate(members):
        eligible[rows] = reach[t]
    return LotteryResult(
        problem,
        objective,
        status,
        panels,
        per_row,
        time.monotonic() - started,
        len(columns),
        levels,
        within=within,
        type_panels=type_panels,
        type_members=members,
        eligible=eligible,
        settings=settings,
        model_stats=stats,
    )


def _leximin(
    columns: list[np.ndarray],
    counts: np.ndarray,
    reach: np.ndarray,
    pricer: _Pricer,
    objective: str,
    deadline: float,
    started: float,
    progress: Progress | None,
) -> tuple[np.ndarray, np.ndarray, Status, int]:
    """Leximin (or maximin: its first level) by column generation; `columns` grows."""
    fixed: dict[int, float] = {}
    status, levels = Status.OPTIMAL, 0
    z = 0.0
    try:
        while len(fixed) < int(reach.sum()):
            while True:  # column generation at this level
                z, _, prob, duals, mu = _master(columns, counts, reach, fixed)
                if progress is not None:
                    progress(f"level {levels + 1}", z, z, time.monotonic() - started)
                if time.monotonic() > deadline:
                    status = Status.FEASIBLE
                    break
                found, outcome = pricer.best(duals / counts, deadline - time.monotonic())
                if outcome.interrupted:
                    status = Status.INTERRUPTED
                if found is None:
                    status = Status.INTERRUPTED if outcome.interrupted else Status.FEASIBLE
                    break
                gain = float((duals / counts) @ found) - mu
                if gain <= _PRICE_EPS:
                    if outcome.status != Status.OPTIMAL:
                        status = Status.INTERRUPTED if outcome.interrupted else Status.FEASIBLE
                    break
                columns.append(found)
                if outcome.interrupted:
                    break
            levels += 1
            if status != Status.OPTIMAL or objective == "maximin":
                break
            reachable = np.flatnonzero(reach).tolist()
            tight = [t for t in reachable if t not in fixed and duals[t] > _EPS]
            if not tight:  # degenerate duals: fix the types sitting at the level
                tight = [t for t in reachable if t not in fixed and prob[t] <= z + 1e-7]
            for t in tight:
                fixed[t] = z
    except KeyboardInterrupt:  # Ctrl-C between solves: keep the distribution found so far
        status = Status.INTERRUPTED
    _, weights, prob, _, _ = _master(columns, counts, reach, fixed)
    return weights, prob, status, levels


def _nash(
    columns: list[np.ndarray],
    counts: np.ndarray,
    reach: np.ndarray,
    pricer: _Pricer,
    objective: str,
    deadline: float,
    started: float,
    progress: Progress | None,
) -> tuple[np.ndarray, np.ndarray, Status, int]:
    """Maximum Nash welfare (sum of log probabilities) by column generation.

    The master maximises sum_t c_t * s_t under tangent cuts s_t <= log q + (p_t - q)/q of
    the logarithm (outer approximation, a cut added at each new solution); a new group is
    priced with the gradient c_t / p_t (Frank-Wolfe direction) and added while it improves.
    """
    types = np.flatnonzero(reach).tolist()
    cuts: dict[int, list[float]] = {t: [] for t in types}
    start = sum(columns) / len(columns) / counts
    for t in types:
        cuts[t].append(float(start[t]))
    status, rounds = Status.OPTIMAL, 0
    weights = np.full(len(columns), 1 / len(columns))
    prob = start
    while time.monotonic() < deadline:
        rounds += 1
        lp = pywraplp.Solver.CreateSolver("GLOP")
        lam = [lp.NumVar(0.0, 1.0, f"l{i}") for i in range(len(columns))]
        lp.Add(sum(lam) == 1)
        objective_terms = []
        for t in types:
            p_t = sum(lam[i] * (col[t] / counts[t]) for i, col in enumerate(columns) if col[t])
            s_t = lp.NumVar(-lp.infinity(), 0.0, f"s{t}")
            for q in cuts[t]:
                lp.Add(s_t <= math.log(q) + (p_t - q) / q)
            lp.Add(p_t >= 1e-9)
            objective_terms.append(counts[t] * s_t)
        lp.Maximize(sum(objective_terms))
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            raise RuntimeError("the lottery's Nash master did not solve")
        weights = np.array([v.solution_value() for v in lam])
        prob = sum(w * col for w, col in zip(weights, columns, strict=True)) / counts
        upper = lp.Objective().Value()
        actual = float(sum(counts[t] * math.log(max(prob[t], 1e-12)) for t in types))
        if progress is not None:
            progress("Nash welfare", actual, upper, time.monotonic() - started)
        if upper - actual > 1e-9 * max(1.0, abs(actual)) and rounds < 2000:
            for t in types:
                cuts[t].append(max(float(prob[t]), 1e-9))
            continue
        gradient = np.zeros(len(counts))
        gradient[types] = 1.0 / np.maximum(prob[types], 1e-12)  # c_t / p_t per a_t = x_t / c_t
        found, outcome = pricer.best(gradient, deadline - time.monotonic())
        stopped = Status.INTERRUPTED if outcome.interrupted else Status.FEASIBLE
        if found is None or outcome.interrupted:
            status = stopped
            break
        current = float(gradient @ (prob * counts))
        known = any(np.array_equal(found, col) for col in columns)
        if known or float(gradient @ found) - current <= 1e-7 * max(current, 1.0):
            if outcome.status != Status.OPTIMAL:
                status = stopped
            break  # no group improves the welfare beyond the master's precision
        columns.append(found)
    else:
        status = Status.FEASIBLE
    if len(weights) < len(columns):  # stopped after adding a column: it has no weight yet
        weights = np.concatenate([weights, np.zeros(len(columns) - len(weights))])
    return weights, prob, status, rounds


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
    if result.rounded:
        pick = int(rng.integers(len(result.rounded)))
        rows = result.rounded[pick]
        where = f"listed group {pick + 1} of {len(result.rounded)}, each equally likely"
    else:
        weights = np.array([w for w, _ in result.panels])
        pick = int(rng.choice(len(weights), p=weights / weights.sum()))
        rows = result.panels[pick][1]
        where = f"group {pick + 1} of {len(weights)} in the distribution"
    problem = result.problem
    check = check_roster(problem, [problem.ids[r] for r in rows])
    settings = replace(result.settings, seed=seed)
    return SelectionResult(
        Status.DRAWN,
        problem,
        settings,
        [],
        check,
        {"drawn_from": where, "proven_fair": result.proven_fair},
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
