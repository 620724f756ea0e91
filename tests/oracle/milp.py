"""Oracle MILP: the same lexicographic problem, formulated directly with HiGHS (highspy).

Independent of the package's model code: it reads the rules through `exact.compile_spec`
(written from the README) and builds its own formulation, one binary x_r per candidate.

The group size is decomposed: one model per size n in the range (the lexicographic optimum
over all sizes is the best of the per-size optima, so sizes are dropped stage by stage as
soon as they fall behind). With n fixed, share bounds are plain integer bounds
(ceil(share * n), floor(share * n)), target seats t_v * n are constants, and every value's
count c_v = sum of its x_r gets a one-hot encoding u_vk (c_v = k), so the deviation is a sum
of constants |k - t_v n| u_vk: exact in integers (K_d = sum |D k - N_v n| u_vk with
t_v = N_v / D, deviation K_d / (2 D)) and with a tight LP relaxation (a plain
e >= |c - t n| formulation took HiGHS minutes on 300 candidates).

Stages, per priority tier: minimise W >= w_d K_d / (2 D_d); fix it exactly as integer bounds
K_d <= floor(V * 2 D_d / w_d); minimise sum_d w_d K_d / (2 D_d); fix it to within half a
grid step; then maximise merit. Where levels can be closer than HiGHS's tolerances (targets
like 38.500003 seats, weights 0.001 against 1000), the found roster is scored in Fractions
(exact.py) and the MILP is asked for a strictly better one until it says infeasible.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import highspy
import numpy as np
import pandas as pd
from exact import Compiled, Evaluation, compile_spec, evaluate_rows, objective

INF = highspy.kHighsInf
# Levels closer than this (relative) may be beyond what HiGHS's tolerances tell apart: then
# the stage is refined exactly; otherwise the MILP's own optimum (gap 0) is exact already.
PRECISION = Fraction(1, 10**5)


class OracleError(RuntimeError):
    """The oracle could not prove its answer (time limit, numerical trouble)."""


@dataclass
class OracleResult:
    """The oracle's answer: 'infeasible', or the ids of an optimal roster and its score."""

    status: str  # "optimal" or "infeasible"
    ids: list[str]
    evaluation: Evaluation | None
    notes: list[str]


def _lcm_den(values: list[Fraction]) -> int:
    out = 1
    for v in values:
        out = math.lcm(out, v.denominator)
    return out


class _Highs:
    """A thin wrapper on highspy with the few operations the stages need."""

    def __init__(self, time_limit: float) -> None:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 1e-10)
        h.setOptionValue("mip_feasibility_tolerance", 1e-9)
        h.setOptionValue("primal_feasibility_tolerance", 1e-9)
        h.setOptionValue("dual_feasibility_tolerance", 1e-9)
        h.setOptionValue("time_limit", float(time_limit))
        self.h = h
        self.ncols = 0
        self.nrows = 0

    def var(self, lb: float, ub: float, integer: bool = False) -> int:
        self.h.addVar(lb, ub)
        if integer:
            self.h.changeColIntegrality(self.ncols, highspy.HighsVarType.kInteger)
        self.ncols += 1
        return self.ncols - 1

    def row(self, lb: float, ub: float, coefs: dict[int, float]) -> int:
        idx = np.array(list(coefs), dtype=np.int32)
        val = np.array([coefs[i] for i in coefs], dtype=np.float64)
        self.h.addRow(lb, ub, len(idx), idx, val)
        self.nrows += 1
        return self.nrows - 1

    def bounds(self, row: int, lb: float, ub: float) -> None:
        self.h.changeRowBounds(row, lb, ub)

    def objective(self, costs: dict[int, float], maximise: bool = False) -> None:
        for j in range(self.ncols):
            self.h.changeColCost(j, costs.get(j, 0.0))
        sense = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        self.h.changeObjectiveSense(sense)

    def solve(self) -> list[float] | None:
        """Column values of an optimal solution, or None if infeasible."""
        self.h.run()
        status = self.h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return list(self.h.getSolution().col_value)
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return None
        raise OracleError(f"HiGHS stopped with {self.h.modelStatusToString(status)}")


class SizeModel:
    """The problem at one exact group size n, with its stages' levels fixed as they come."""

    def __init__(self, c: Compiled, n: int, time_limit: float) -> None:
        self.c, self.n = c, n
        self.m = m = _Highs(time_limit)
        self.notes: list[str] = []
        self.best: list[int] = []
        rows = range(len(c.ids))
        self.x = x = [
            m.var(1.0 if r in c.include else 0.0, 0.0 if r in c.exclude else 1.0, True)
            for r in rows
        ]
        m.row(n, n, {x[r]: 1.0 for r in rows})
        for g in c.groups:
            lo = max(g.min or 0, 0 if g.min_share is None else math.ceil(g.min_share * n))
            hi = n if g.max is None else g.max
            if g.max_share is not None:
                hi = min(hi, math.floor(g.max_share * n))
            if lo > hi or lo > len(g.rows):
                m.row(1.0, 1.0, {x[0]: 0.0})  # no roster of this size holds this bound
            elif g.rows:
                m.row(lo, hi, {x[r]: 1.0 for r in g.rows})
        for a, b in c.pairs:
            m.row(-INF, 1.0, {x[a]: 1.0, x[b]: 1.0})

        # One-hot counts: u_vk = 1 iff value v has k seats; K_d = sum |D k - N_v n| u_vk.
        self.dens: list[int] = []
        self.k_terms: list[dict[int, int]] = []  # per dimension: u column -> integer weight
        self.k_rows: list[int] = []
        for d in c.dims:
            den = _lcm_den(list(d.targets))
            terms: dict[int, int] = {}
            for v, t in enumerate(d.targets):
                num = int(t * den)
                members = [r for r in rows if d.codes[r] == v and r not in c.exclude]
                forced = sum(1 for r in members if r in c.include)
                ks = range(forced, min(n, len(members)) + 1)
                u = {k: m.var(0.0, 1.0, True) for k in ks}
                m.row(1.0, 1.0, dict.fromkeys(u.values(), 1.0))
                link = {x[r]: 1.0 for r in members}
                link.update({u[k]: -float(k) for k in ks})
                m.row(0.0, 0.0, link)
                for k in ks:
                    terms[u[k]] = abs(den * k - num * n)
            self.dens.append(den)
            self.k_terms.append(terms)
            self.k_rows.append(m.row(-INF, INF, {j: float(a) for j, a in terms.items()}))
        self.w = {p: m.var(0.0, INF) for p in c.priorities}
        for i, d in enumerate(c.dims):
            coefs = {j: -float(self.coef(i) * a) for j, a in self.k_terms[i].items()}
            m.row(0.0, INF, {self.w[d.priority]: 1.0, **coefs})
        self.total_rows: dict[int, int] = {}
        self.merit_row: int | None = None

    def coef(self, i: int) -> Fraction:
        """Weighted seats per unit of K_i."""
        return self.c.dims[i].weight / (2 * self.dens[i])

    def rows_of(self, sol: list[float]) -> list[int]:
        return [r for r in range(len(self.c.ids)) if sol[self.x[r]] > 0.5]

    def feasible(self) -> bool:
        self.m.objective({})
        sol = self.m.solve()
        if sol is not None:
            self.best = self.rows_of(sol)
        return sol is not None

    def _descend(
        self,
        value: Callable[[list[int]], Fraction],
        tighten: Callable[[Fraction], None],
        refine: Callable[[Fraction], bool],
        what: str,
        larger_is_better: bool = False,
    ) -> Fraction:
        """Solve the stage; if levels may be finer than the solver's tolerance, ask for a
        strictly better roster (exact comparison) until there is none."""
        sol = self.m.solve()
        if sol is None:
            raise OracleError(f"{what}: infeasible after a feasible solve (size {self.n})")
        self.best = self.rows_of(sol)
        level = value(self.best)
        while refine(level):
            tighten(level)
            sol = self.m.solve()
            if sol is None:
                break
            rows = self.rows_of(sol)
            better = value(rows)
            if (better <= level) if larger_is_better else (better >= level):
                self.notes.append(f"{what}: MILP claims better than exact {level} at {self.n}")
                break
            self.best, level = rows, better
        return level

    def worst(self, p: int) -> Fraction:
        """The exact least worst weighted deviation of tier p at this size."""
        tier = [i for i, d in enumerate(self.c.dims) if d.priority == p]
        self.m.objective({self.w[p]: 1.0})

        def tighten(level: Fraction) -> None:  # every w_i K_i / (2 D_i) < level, in integers
            for i in tier:
                self.m.bounds(self.k_rows[i], -INF, math.ceil(level / self.coef(i)) - 1)

        grain = min(self.coef(i) for i in tier)

        def fine(level: Fraction) -> bool:
            return grain < PRECISION * max(Fraction(1), level)

        return self._descend(lambda r: _tier(self.c, r, p)[0], tighten, fine, f"worst {p}")

    def fix_worst(self, p: int, level: Fraction) -> None:
        for i, d in enumerate(self.c.dims):
            if d.priority == p:
                self.m.bounds(self.k_rows[i], -INF, math.floor(level / self.coef(i)))

    def _total_costs(self, p: int) -> dict[int, Fraction]:
        costs: dict[int, Fraction] = {}
        for i, d in enumerate(self.c.dims):
            if d.priority == p:
                for j, a in self.k_terms[i].items():
                    costs[j] = costs.get(j, Fraction(0)) + self.coef(i) * a
        return costs

    def _total_step(self, p: int) -> Fraction:
        """Totals of tier p lie on multiples of this."""
        tier = [i for i, d in enumerate(self.c.dims) if d.priority == p]
        return Fraction(1, _lcm_den([self.coef(i) for i in tier]))

    def total(self, p: int) -> Fraction:
        """The exact least total weighted deviation of tier p, its worst level fixed."""
        costs = {j: float(a) for j, a in self._total_costs(p).items()}
        self.m.objective(costs)
        row = self._total_row(p)
        step = self._total_step(p)
        if step < Fraction(1, 10**9):
            self.notes.append(f"total {p}: grid step {float(step):.3g} is below HiGHS's precision")

        def tighten(level: Fraction) -> None:
            self.m.bounds(row, -INF, float(level - step / 2))

        def fine(level: Fraction) -> bool:
            return step < PRECISION * max(Fraction(1), level)

        return self._descend(lambda r: _tier(self.c, r, p)[1], tighten, fine, f"total {p}")

    def _total_row(self, p: int) -> int:
        if p not in self.total_rows:
            costs = {j: float(a) for j, a in self._total_costs(p).items()}
            self.total_rows[p] = self.m.row(-INF, INF, costs)
        return self.total_rows[p]

    def fix_total(self, p: int, level: Fraction) -> None:
        self.m.bounds(self._total_row(p), -INF, float(level + self._total_step(p) / 2))

    def merit(self) -> Fraction:
        """The exact most merit with every balance level fixed."""
        merit = self.c.merit
        assert merit is not None
        costs = {self.x[r]: float(merit[r]) for r in range(len(self.c.ids))}
        self.m.objective(costs, maximise=True)
        self.merit_row = row = self.m.row(-INF, INF, costs)
        step = Fraction(1, _lcm_den(list(merit)))

        def tighten(level: Fraction) -> None:
            self.m.bounds(row, float(level + step / 2), INF)

        return self._descend(
            lambda r: sum((merit[i] for i in r), Fraction(0)),
            tighten,
            lambda level: step < PRECISION * max(Fraction(1), abs(level)),
            "merit",
            larger_is_better=True,
        )


def solve(pool: pd.DataFrame, spec: dict[str, Any], time_limit: float = 600.0) -> OracleResult:
    """The lexicographic optimum of the README's objective, or 'infeasible'."""
    return solve_compiled(compile_spec(pool, spec), time_limit)


def solve_compiled(c: Compiled, time_limit: float = 600.0) -> OracleResult:
    """Stage by stage over every size, keeping only the sizes that tie for best."""
    available = len(c.ids) - len(c.exclude)
    sizes = range(max(c.size_min, len(c.include)), min(c.size_max, available) + 1)
    alive = [s for s in (SizeModel(c, n, time_limit) for n in sizes) if s.feasible()]
    if not alive:
        return OracleResult("infeasible", [], None, [])

    def keep(values: dict[int, Fraction], best: Fraction) -> None:
        alive[:] = [s for i, s in enumerate(alive) if values[i] == best]

    for p in c.priorities:
        worst = {i: s.worst(p) for i, s in enumerate(alive)}
        level = min(worst.values())
        keep(worst, level)
        for s in alive:
            s.fix_worst(p, level)
        total = {i: s.total(p) for i, s in enumerate(alive)}
        level = min(total.values())
        keep(total, level)
        for s in alive:
            s.fix_total(p, level)
    if c.merit is not None:
        merit = {i: s.merit() for i, s in enumerate(alive)}
        keep(merit, max(merit.values()))
    chosen = alive[0]
    evaluation = evaluate_rows(c, chosen.best)
    if not evaluation.ok:
        raise OracleError(f"oracle roster breaks rules: {list(evaluation.failures)}")
    notes = [note for s in alive for note in s.notes]
    return OracleResult("optimal", [c.ids[r] for r in chosen.best], evaluation, notes)


def _tier(c: Compiled, rows: list[int], priority: int) -> tuple[Fraction, Fraction]:
    """Exact (worst, total) of one tier for a roster."""
    tiers, _ = objective(c, rows)
    for p, worst, total in tiers:
        if p == priority:
            return worst, total
    raise KeyError(priority)
