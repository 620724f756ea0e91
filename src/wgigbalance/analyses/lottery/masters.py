"""The lottery's LP masters over the groups found so far (GLOP), each driving the column
generation with `Pricer`: leximin (maximin is its first level) and maximum Nash welfare."""

from __future__ import annotations

import math
import time

import numpy as np
from ortools.linear_solver import pywraplp

from ...settings import Progress, Status
from .pricing import Pricer

_EPS = 1e-9
_PRICE_EPS = 1e-7


class Master:
    """The leximin master LP, kept between solves (GLOP re-solves from its last basis):
    max z such that every reachable unfixed type's probability is at least z, fixed types
    keep theirs, and the groups' weights sum to one. New groups come in as columns; a
    level's tight types are fixed by changing their rows. Rebuilding the LP for every new
    column cost most of the lottery's time; it is rebuilt only when GLOP cannot go on from
    its last basis (after rows changed)."""

    def __init__(self, counts: np.ndarray, reach: np.ndarray) -> None:
        self.counts, self.reach = counts, reach
        self.columns: list[np.ndarray] = []
        self.fixed: dict[int, float] = {}
        self._build()

    def _build(self) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.z = self.lp.NumVar(0.0, 1.0, "z")
        self.rows: dict[int, pywraplp.Constraint] = {}
        for t in np.flatnonzero(self.reach).tolist():
            row = self.lp.Constraint(0.0, self.lp.infinity(), f"t{t}")
            row.SetCoefficient(self.z, -1.0)
            self.rows[t] = row
        self.total = self.lp.Constraint(1.0, 1.0, "sum")
        objective = self.lp.Objective()
        objective.SetCoefficient(self.z, 1.0)
        objective.SetMaximization()
        self.lam: list[pywraplp.Variable] = []
        for col in self.columns:
            self._column(col)
        for t, level in self.fixed.items():
            self._fix(t, level)

    def _column(self, col: np.ndarray) -> None:
        lam = self.lp.NumVar(0.0, 1.0, f"l{len(self.lam)}")
        for t in np.flatnonzero(col).tolist():
            if t in self.rows:
                self.rows[t].SetCoefficient(lam, float(col[t] / self.counts[t]))
        self.total.SetCoefficient(lam, 1.0)
        self.lam.append(lam)

    def _fix(self, t: int, level: float) -> None:
        self.rows[t].SetCoefficient(self.z, 0.0)
        self.rows[t].SetLb(level - 1e-9)

    def add(self, col: np.ndarray) -> None:
        self.columns.append(col)
        self._column(col)

    def fix(self, t: int, level: float) -> None:
        """Type t keeps at least `level` from now on (it no longer counts towards z)."""
        self.fixed[t] = level
        self._fix(t, level)

    def solve(self) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, float]:
        """z, the groups' weights, the type probabilities, the dual prices of the type rows
        (>= 0) and of the sum-to-one row."""
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            self._build()  # GLOP could not go on from its last basis: start afresh
            if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
                raise RuntimeError("the lottery's LP master did not solve")
        weights = np.array([v.solution_value() for v in self.lam])
        prob = weights @ np.stack(self.columns) / self.counts
        duals = np.zeros(len(self.counts))
        for t, row in self.rows.items():
            duals[t] = abs(row.dual_value())
        return self.z.solution_value(), weights, prob, duals, abs(self.total.dual_value())


def master(
    columns: list[np.ndarray], counts: np.ndarray, reach: np.ndarray, fixed: dict[int, float]
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, float]:
    """Max z over these groups (see `Master`), in one go."""
    lp = Master(counts, reach)
    for col in columns:
        lp.add(col)
    for t, level in fixed.items():
        lp.fix(t, level)
    return lp.solve()


def leximin(
    columns: list[np.ndarray],
    counts: np.ndarray,
    reach: np.ndarray,
    pricer: Pricer,
    objective: str,
    deadline: float,
    started: float,
    progress: Progress | None,
) -> tuple[np.ndarray, np.ndarray, Status, int]:
    """Leximin (or maximin: its first level) by column generation; `columns` grows."""
    fixed: dict[int, float] = {}
    status, levels = Status.OPTIMAL, 0
    z = 0.0
    lp = Master(counts, reach)
    for col in columns:
        lp.add(col)
    try:
        while len(fixed) < int(reach.sum()):
            while True:  # column generation at this level
                z, _, prob, duals, mu = lp.solve()
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
                lp.add(found)
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
                lp.fix(t, z)
    except KeyboardInterrupt:  # Ctrl-C between solves: keep the distribution found so far
        status = Status.INTERRUPTED
    _, weights, prob, _, _ = master(columns, counts, reach, fixed)
    return weights, prob, status, levels


_NASH_GAP = 1e-7  # relative: below what the LP (GLOP) resolves, cuts only repeat


def nash(
    columns: list[np.ndarray],
    counts: np.ndarray,
    reach: np.ndarray,
    pricer: Pricer,
    objective: str,
    deadline: float,
    started: float,
    progress: Progress | None,
) -> tuple[np.ndarray, np.ndarray, Status, int]:
    """Maximum Nash welfare (sum of log probabilities) by column generation.

    The master (`_nash_master`) maximises the welfare under tangent cuts of the logarithm,
    a cut added at each new solution until it is tight; a new group is then priced with
    the gradient c_t / p_t (Frank-Wolfe direction) and added while it improves.
    """
    types = np.flatnonzero(reach).tolist()
    start = sum(columns) / len(columns) / counts
    cuts: dict[int, list[float]] = {t: [float(start[t])] for t in types}
    status, rounds = Status.OPTIMAL, 0
    weights = np.full(len(columns), 1 / len(columns))
    prob = start
    while time.monotonic() < deadline:
        rounds += 1
        weights, prob, upper = _nash_master(columns, counts, types, cuts)
        actual = float(sum(counts[t] * math.log(max(prob[t], 1e-12)) for t in types))
        if progress is not None:
            progress("Nash welfare", actual, upper, time.monotonic() - started)
        if upper - actual > _NASH_GAP * max(1.0, abs(actual)) and _cut(cuts, prob, types):
            continue  # the master's welfare is not yet the true one: tighten the tangents
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


def _cut(cuts: dict[int, list[float]], prob: np.ndarray, types: list[int]) -> bool:
    """Add a tangent at each new probability; False when no point is new (the LP cannot
    get closer: a repeated cut would loop without end)."""
    added = False
    for t in types:
        point = max(float(prob[t]), 1e-9)
        if all(abs(point - c) > 1e-12 * max(point, 1e-9) for c in cuts[t]):
            cuts[t].append(point)
            added = True
    return added


def _nash_master(
    columns: list[np.ndarray], counts: np.ndarray, types: list[int], cuts: dict[int, list[float]]
) -> tuple[np.ndarray, np.ndarray, float]:
    """Max sum_t c_t * s_t under the tangent cuts s_t <= log q + (p_t - q)/q (an outer
    approximation of sum_t c_t * log p_t). Returns the weights of the groups, the type
    probabilities and the LP's value (an upper bound on the welfare over these groups)."""
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
    return weights, prob, lp.Objective().Value()
