"""Extreme weights and exact shares: `wgigbalance.select` (CP-SAT) against a plain HiGHS MILP.

    .venv/bin/python benchmarks/weights_bench.py [--quick] [--repeat 3] [--rev REV]

For every case, both tools solve the same lexicographic problem (README, "What is minimised,
exactly") to a proven optimum, starting from a pool already in memory and the constraint
file as a dict:

(a) `wgigbalance.select(pool, wgigbalance.parse_spec(spec), seed=0, time_limit=120)`: wall
    time, status and the exact objective (`result.check.objective`);
(b) a MILP written here with `highspy`, independently of `wgigbalance`'s own resolution of
    the constraints: one integer variable per candidate type (candidates equal on every column
    a rule reads, found with a pandas groupby; caps make one type per capped value), the size,
    per-value absolute gaps in exact integer units (seats times the dimension's least common
    share denominator), then the stages: per priority tier the worst weighted deviation (fixed
    exactly, as an integer bound per dimension), the total weighted deviation (fixed with a
    relative tolerance of 1e-12), then merit (one continuous 0..1 variable per candidate in
    a type, so a type's merit is the sum of its best scores). Options: mip_rel_gap = 0 and
    mip_abs_gap = 0 (the default absolute gap of 1e-6 would stop early: with a weight of 0.001
    two rosters can differ by 1e-10 weighted seats). Its roster's objective is recomputed here
    with Fractions from its type counts, and every hard rule is re-checked in integers.

The shipped cases read data/candidates.csv with constraints/{wgig2004,igf_mag,cstd2010}.toml
as shipped, with extreme weights (region 1000, gender 0.001), with awkward exact shares
(gender 3347903/10000229 : 6652326/10000229; region 3/7, 0.123, 1/11, 1/5, 12129/77000), and
with both. Without --quick it adds generated pools of 10,000 and 100,000 candidates
(`benchmarks/run.py`'s generator, seed 2004) with the wgig2004 rules and extreme weights
(`--large-exact` adds the exact shares there too).

Results go to benchmarks/out/weights_bench.json and benchmarks/out/weights_bench.md
(git-ignored); the Markdown table is printed as well. With --rev REV the `wgigbalance` of that
git revision is timed (its src/ is exported to benchmarks/out/src-REV and imported first),
so that a stable version can be measured while src/ is being edited.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CANDIDATES = ROOT / "data" / "candidates.csv"
CONSTRAINTS = ROOT / "constraints"
SHIPPED = ("wgig2004", "igf_mag", "cstd2010")
LARGE_SIZES = (10_000, 100_000)
POOL_SEED = 2004
SELECT_TIME_LIMIT = 120.0
SLOW = 10.0  # seconds: a shipped case slower than this is reported as a finding
TOTAL_FIX_TOLERANCE = 1e-12  # relative slack when a tier's total is fixed in HiGHS
INTEGRALITY = 1e-6

EXTREME_WEIGHTS = {"region": 1000.0, "gender": 0.001}
EXACT_SHARES: dict[str, dict[str, str]] = {
    "gender": {"woman": "3347903/10000229", "man": "6652326/10000229"},
    "region": {
        "African": "3/7",
        "Asia-Pacific": "0.123",
        "Eastern European": "1/11",
        "Latin American and Caribbean": "1/5",
        "Western European and Others": "12129/77000",
    },
}
LARGE_VARIANTS: tuple[str, ...] = ("extreme weights",)
VARIANTS = ("as shipped", "extreme weights", "exact shares", "extreme weights + exact shares")


# ---------------------------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    """One pool and one constraint set (as the TOML dict `parse_spec` takes)."""

    name: str
    pool_name: str
    pool: pd.DataFrame
    spec: dict[str, Any]
    shipped: bool


def load_toml(name: str) -> dict[str, Any]:
    """A shipped constraint file as a dict."""
    return tomllib.loads((CONSTRAINTS / f"{name}.toml").read_text(encoding="utf-8"))


def variant(spec: dict[str, Any], kind: str) -> dict[str, Any]:
    """The spec with extreme weights and/or exact shares on region and gender."""
    out: dict[str, Any] = json.loads(json.dumps(spec))  # a deep copy
    balance: dict[str, dict[str, Any]] = out.setdefault("balance", {})
    if "exact shares" in kind:
        for column, shares in EXACT_SHARES.items():
            dim = balance.setdefault(column, {})
            dim["target"] = dict(shares)
            dim.pop("values", None)
    if "extreme weights" in kind:
        for column, weight in EXTREME_WEIGHTS.items():
            balance.setdefault(column, {"target": "equal"})["weight"] = weight
    return out


def shipped_cases(read_candidates: Any) -> list[Case]:
    """The shipped pool with each shipped constraint file and its variants."""
    pool = read_candidates(CANDIDATES)
    cases = []
    for name in SHIPPED:
        base = load_toml(name)
        for kind in VARIANTS:
            spec = base if kind == "as shipped" else variant(base, kind)
            cases.append(Case(f"{name}, {kind}", "shipped (360)", pool, spec, True))
    return cases


def load_run_module() -> ModuleType:
    """benchmarks/run.py as a module, for its pool generator (not copied here)."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def large_cases(
    read_candidates: Any, sizes: tuple[int, ...], kinds: tuple[str, ...] | None = None
) -> list[Case]:
    """Generated pools (run.py's generate_pool via pool_path) with wgig2004-like rules."""
    run = load_run_module()
    base = load_toml("wgig2004")
    cases = []
    for n in sizes:
        path = run.pool_path(n, POOL_SEED)  # written once, not timed
        pool = read_candidates(path)
        for kind in kinds or LARGE_VARIANTS:
            cases.append(
                Case(f"wgig2004, {kind}", f"generated {n:,}", pool, variant(base, kind), False)
            )
    return cases


# ---------------------------------------------------------------------------------------------
# The model, compiled from the spec dict and the pool (independently of wgigbalance.resolve)


def share(value: Any) -> Fraction:
    """A share as the README allows it: 0.4, "40%", "1/3"; exact."""
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        return Fraction(text[:-1]) / 100 if text.endswith("%") else Fraction(text)
    return Fraction(str(value))


@dataclass
class Dim:
    """A balanced dimension over the types: value codes, exact targets, weight, priority."""

    column: str
    values: list[str]
    codes: np.ndarray  # value index per type
    targets: list[Fraction]
    weight: Fraction
    priority: int

    @property
    def scale(self) -> int:
        """L: counts times L and targets times L times n are integers."""
        return math.lcm(*(t.denominator for t in self.targets))

    def deviation(self, counts: np.ndarray, n: int) -> Fraction:
        """Seats out of place, 1/2 sum |c_v - t_v n|, exactly."""
        per_value = np.bincount(self.codes, weights=counts, minlength=len(self.values))
        gaps = (abs(round(float(c)) - t * n) for c, t in zip(per_value, self.targets, strict=True))
        return sum(gaps, Fraction(0)) / 2


@dataclass
class Rule:
    """A hard bound on the members from a set of types."""

    label: str
    types: np.ndarray  # boolean over types
    low: int = 0
    high: int | None = None
    min_share: Fraction | None = None
    max_share: Fraction | None = None


@dataclass
class Compiled:
    """The problem over candidate types."""

    columns: list[str]
    type_of_row: np.ndarray
    type_size: np.ndarray
    size: tuple[int, int]
    dims: list[Dim]
    rules: list[Rule]
    merit: np.ndarray | None  # per pool row
    rows_of_type: list[np.ndarray] = field(default_factory=list)  # best merit first


def size_range(size: dict[str, Any]) -> tuple[int, int]:
    """[size] as the README defines it (default 30-40)."""
    if "exact" in size:
        return int(size["exact"]), int(size["exact"])
    lo = size.get("min", min(30, size.get("max", 30)))
    hi = size.get("max", max(40, lo))
    return int(lo), int(hi)


def compile_problem(pool: pd.DataFrame, spec: dict[str, Any]) -> Compiled:
    """Candidate types, dimensions and hard rules from the spec dict."""
    if any(spec.get("people", {}).values()):
        raise NotImplementedError("people rules are not used by the benchmark cases")
    balance: dict[str, dict[str, Any]] = spec.get("balance", {})
    columns: list[str] = list(balance)
    rule_specs = [("quota", q) for q in spec.get("quota", [])] + [
        ("cap", c) for c in spec.get("cap", [])
    ]
    for kind, rule in rule_specs:
        extra = list(rule.get("where", {}))
        each = rule.get("for_each") if kind == "quota" else rule["column"]
        extra += [] if each is None else ([each] if isinstance(each, str) else list(each))
        columns += [c for c in extra if c not in columns]
    columns = sorted(set(columns))
    grouped = pool.groupby(columns, sort=True, dropna=False)
    type_of_row = grouped.ngroup().to_numpy(dtype=np.int64)
    n_types = int(type_of_row.max()) + 1
    table = grouped.size().reset_index()[columns]
    type_size = np.bincount(type_of_row, minlength=n_types).astype(np.int64)

    dims: list[Dim] = []
    rules: list[Rule] = []
    for column, dim in balance.items():
        values = sorted(set(pool[column].tolist()))
        code_of = {v: i for i, v in enumerate(values)}
        codes = table[column].map(code_of).to_numpy(dtype=np.int64)
        target = dim.get("target", "none")
        if target == "equal":
            chosen = dim.get("values", values)
            targets = [Fraction(1, len(chosen)) if v in chosen else Fraction(0) for v in values]
        elif target == "proportional":
            counts = pool[column].value_counts()
            targets = [Fraction(int(counts.get(v, 0)), len(pool)) for v in values]
        elif isinstance(target, dict):
            targets = [share(target[v]) if v in target else Fraction(0) for v in values]
            assert sum(targets) == 1, f"{column}: shares do not add up to 1"
        else:
            targets = []
        if targets:
            weight = Fraction(str(dim.get("weight", 1)))
            dims.append(Dim(column, values, codes, targets, weight, int(dim.get("priority", 1))))
        bounds = [(v, dim["each"]) for v in values] if "each" in dim else []
        bounds += list(dim.get("seats", {}).items())
        for value, b in bounds:
            rules.append(bound_rule(f"{column} = {value}", codes == code_of[value], b))

    for kind, rule in rule_specs:
        mask = np.ones(n_types, dtype=bool)
        for column, wanted in rule.get("where", {}).items():
            mask &= table[column].isin([wanted] if isinstance(wanted, str) else wanted).to_numpy()
        each = rule.get("for_each") if kind == "quota" else rule["column"]
        b = rule if kind == "quota" else {"max": rule["max"]}
        if each is None:
            rules.append(bound_rule(kind, mask, b))
            continue
        each_cols = [each] if isinstance(each, str) else list(each)
        allowed = np.ones(len(pool), dtype=bool)  # values of for_each, restricted by where
        for column in each_cols:
            if column in rule.get("where", {}):
                wanted = rule["where"][column]
                allowed &= pool[column].isin([wanted] if isinstance(wanted, str) else wanted)
        combos = pool.loc[allowed, each_cols].drop_duplicates()
        by_combo = table.groupby(each_cols if len(each_cols) > 1 else each_cols[0]).indices
        for combo in combos.itertuples(index=False, name=None):
            if kind == "cap" and combo[-1] == "":
                continue  # no organisation given: nothing to cap
            members = np.zeros(n_types, dtype=bool)
            members[by_combo.get(combo if len(combo) > 1 else combo[0], [])] = True
            rules.append(bound_rule(f"{kind} {combo}", mask & members, b))

    merit = None
    if spec.get("merit"):
        merit = pd.to_numeric(pool[spec["merit"]["column"]]).to_numpy(dtype=float)
    compiled = Compiled(
        columns, type_of_row, type_size, size_range(spec.get("size", {})), dims, rules, merit
    )
    if merit is not None:
        order = np.lexsort((-merit, type_of_row))  # by type, best merit first
        starts = np.searchsorted(type_of_row[order], np.arange(n_types + 1))
        compiled.rows_of_type = [order[starts[t] : starts[t + 1]] for t in range(n_types)]
    return compiled


def bound_rule(label: str, types: np.ndarray, b: dict[str, Any]) -> Rule:
    """One Rule from min / max / min_share / max_share."""
    return Rule(
        label,
        types,
        int(b.get("min", 0)),
        None if b.get("max") is None else int(b["max"]),
        None if b.get("min_share") is None else share(b["min_share"]),
        None if b.get("max_share") is None else share(b["max_share"]),
    )


# ---------------------------------------------------------------------------------------------
# Exact evaluation of a roster given by type counts


Tiers = tuple[tuple[int, Fraction, Fraction], ...]


def evaluate(c: Compiled, counts: np.ndarray) -> tuple[Tiers, float | None, list[str]]:
    """The exact objective of a roster (counts per type) and the hard rules it breaks."""
    n = int(counts.sum())
    broken: list[str] = []
    lo, hi = c.size
    if not lo <= n <= hi:
        broken.append(f"size {n}")
    if np.any(counts > c.type_size) or np.any(counts < 0):
        broken.append("a type count outside 0..its candidates")
    for rule in c.rules:
        seats = int(counts[rule.types].sum())
        ok = seats >= rule.low and (rule.high is None or seats <= rule.high)
        ok = ok and (rule.min_share is None or seats >= rule.min_share * n)
        ok = ok and (rule.max_share is None or seats <= rule.max_share * n)
        if not ok:
            broken.append(f"{rule.label}: {seats}")
    tiers: dict[int, list[Fraction]] = {}
    for dim in c.dims:
        tiers.setdefault(dim.priority, []).append(dim.weight * dim.deviation(counts, n))
    objective = tuple((p, max(ds), sum(ds, Fraction(0))) for p, ds in sorted(tiers.items()))
    merit = None
    if c.merit is not None:
        merit = float(sum(c.merit[c.rows_of_type[t][:k]].sum() for t, k in enumerate(counts)))
    return objective, merit, broken


# ---------------------------------------------------------------------------------------------
# HiGHS


@dataclass
class HighsRun:
    """What the plain MILP did."""

    status: str
    seconds: float  # compile + build + every stage, wall
    solve_seconds: float  # the HiGHS runs only
    stages: list[tuple[str, str, float]]
    types: int
    counts: np.ndarray | None
    objective: Tiers | None = None
    merit: float | None = None
    broken: list[str] = field(default_factory=list)


class Milp:
    """A thin wrapper over highspy's low-level API (columns and rows added in batches)."""

    def __init__(self, time_limit: float) -> None:
        import highspy

        self.hs = highspy
        self.h = highspy.Highs()  # type: ignore[no-untyped-call]
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("mip_rel_gap", 0.0)
        self.h.setOptionValue("mip_abs_gap", 0.0)
        self.h.setOptionValue("random_seed", 0)
        self.deadline = time.perf_counter() + time_limit
        self.ncols = 0

    def cols(self, lower: np.ndarray, upper: np.ndarray, integer: bool) -> np.ndarray:
        """Add columns (cost 0); returns their indices."""
        k = len(lower)
        zero = np.zeros(k)
        self.h.addCols(
            k,
            zero,
            lower.astype(float),
            upper.astype(float),
            0,
            np.zeros(0, np.int32),
            np.zeros(0, np.int32),
            np.zeros(0),
        )
        idx = np.arange(self.ncols, self.ncols + k, dtype=np.int32)
        if integer:
            kind = np.array([self.hs.HighsVarType.kInteger] * k)
            self.h.changeColsIntegrality(k, idx, kind)
        self.ncols += k
        return idx

    def row(self, lower: float, upper: float, idx: np.ndarray, val: np.ndarray) -> None:
        """lower <= val . x[idx] <= upper."""
        self.h.addRow(lower, upper, len(idx), idx.astype(np.int32), val.astype(float))

    def rows(self, rows: list[tuple[float, float, np.ndarray, np.ndarray]]) -> None:
        """Several rows at once."""
        if not rows:
            return
        lower = np.array([r[0] for r in rows], dtype=float)
        upper = np.array([r[1] for r in rows], dtype=float)
        starts = np.cumsum([0] + [len(r[2]) for r in rows[:-1]]).astype(np.int32)
        idx = np.concatenate([r[2] for r in rows]).astype(np.int32)
        val = np.concatenate([r[3] for r in rows]).astype(float)
        self.h.addRows(len(rows), lower, upper, len(idx), starts, idx, val)

    def objective(self, idx: np.ndarray, cost: np.ndarray, maximise: bool = False) -> None:
        """Replace the objective: every other column costs 0."""
        every = np.arange(self.ncols, dtype=np.int32)
        self.h.changeColsCost(self.ncols, every, np.zeros(self.ncols))
        self.h.changeColsCost(len(idx), idx.astype(np.int32), cost.astype(float))
        sense = self.hs.ObjSense.kMaximize if maximise else self.hs.ObjSense.kMinimize
        self.h.changeObjectiveSense(sense)

    def solve(self, start: np.ndarray | None) -> tuple[str, np.ndarray | None, float]:
        """Run to a proven optimum (or the deadline): status, column values, seconds."""
        left = self.deadline - time.perf_counter()
        if left <= 0:
            return "time limit", None, 0.0
        self.h.setOptionValue("time_limit", left)
        if start is not None and len(start) == self.ncols:
            self.h.setSolution(
                self.ncols, np.arange(self.ncols, dtype=np.int32), start.astype(float)
            )
        t0 = time.perf_counter()
        self.h.run()
        seconds = time.perf_counter() - t0
        status = self.h.getModelStatus()
        values = (
            np.array(self.h.getSolution().col_value)
            if self.h.getInfo().primal_solution_status
            else None
        )
        if status == self.hs.HighsModelStatus.kOptimal:
            return "optimal", values, seconds
        if status == self.hs.HighsModelStatus.kTimeLimit:
            return "time limit", values, seconds
        return self.h.modelStatusToString(status), values, seconds


def highs_solve(pool: pd.DataFrame, spec: dict[str, Any], time_limit: float) -> HighsRun:
    """The lexicographic stages as plain MILPs in HiGHS; exact objective of its roster."""
    t_start = time.perf_counter()
    c = compile_problem(pool, spec)
    n_types = len(c.type_size)
    m = Milp(time_limit)
    x = m.cols(np.zeros(n_types), c.type_size, integer=True)
    size = m.cols(np.array([c.size[0]]), np.array([c.size[1]]), integer=True)[0]
    rows: list[tuple[float, float, np.ndarray, np.ndarray]] = [
        (0.0, 0.0, np.append(x, size), np.append(np.ones(n_types), -1.0))
    ]
    # Gaps in exact integer units: g >= |L c_v - L t_v n|, with L c_v and L t_v n integers.
    gaps: list[np.ndarray] = []  # per dimension, one column per value
    for dim in c.dims:
        scale = dim.scale
        g = m.cols(np.zeros(len(dim.values)), np.full(len(dim.values), np.inf), integer=True)
        gaps.append(g)
        for v, target in enumerate(dim.targets):
            members = x[dim.codes == v]
            lt = float(target * scale)
            idx = np.concatenate([[g[v]], members, [size]])
            plus = np.concatenate([[1.0], np.full(len(members), -float(scale)), [lt]])
            minus = np.concatenate([[1.0], np.full(len(members), float(scale)), [-lt]])
            rows += [(0.0, np.inf, idx, plus), (0.0, np.inf, idx, minus)]
    for rule in c.rules:
        members = x[rule.types]
        ones = np.ones(len(members))
        if rule.low > 0 or rule.high is not None:
            high = np.inf if rule.high is None else float(rule.high)
            rows.append((float(rule.low), high, members, ones))
        for frac, lower in ((rule.min_share, True), (rule.max_share, False)):
            if frac is None:
                continue  # den * seats - num * n >= 0 (min) or <= 0 (max): exact integers
            idx = np.append(members, size)
            val = np.append(ones * frac.denominator, -float(frac.numerator))
            rows.append((0.0, np.inf, idx, val) if lower else (-np.inf, 0.0, idx, val))
    m.rows(rows)

    stages: list[tuple[str, str, float]] = []
    counts: np.ndarray | None = None
    values: np.ndarray | None = None
    status = "optimal"

    def run(name: str) -> bool:
        nonlocal counts, values, status
        st, sol, sec = m.solve(values)
        stages.append((name, st, sec))
        if sol is not None:
            rounded = np.round(sol[x])
            if np.max(np.abs(sol[x] - rounded), initial=0.0) > INTEGRALITY:
                st = "not integral"
            counts, values = rounded.astype(np.int64), sol
        if st != "optimal":
            status = st
        return st == "optimal"

    ok = True
    for tier in sorted({d.priority for d in c.dims}):
        members = [i for i, d in enumerate(c.dims) if d.priority == tier]
        if not ok:
            break
        # Worst: minimise W >= w_d G_d / (2 L_d), written as G_d - (2 L_d / w_d) W <= 0.
        w = m.cols(np.zeros(1), np.array([np.inf]), integer=False)[0]
        for i in members:
            d = c.dims[i]
            k = float(2 * d.scale / d.weight)
            idx = np.append(gaps[i], w)
            m.row(-np.inf, 0.0, idx, np.append(np.ones(len(gaps[i])), -k))
        if values is not None and counts is not None:  # a start: the last roster's worst
            start_worst = next(wv for p, wv, _ in evaluate(c, counts)[0] if p == tier)
            values = np.append(values, float(start_worst) * (1 + 1e-9))
        m.objective(np.array([w]), np.array([1.0]))
        ok = run(f"tier {tier} worst")
        if not ok or counts is None:
            break
        worst = evaluate(c, counts)[0]
        worst_value = next(wv for p, wv, _ in worst if p == tier)
        for i in members:  # fixed exactly: G_d <= floor(2 L_d W* / w_d)
            d = c.dims[i]
            limit = math.floor(2 * d.scale * worst_value / d.weight)
            m.row(-np.inf, float(limit), gaps[i], np.ones(len(gaps[i])))
        # Total: minimise sum w_d G_d / (2 L_d), in units of the smallest coefficient.
        coef = {i: c.dims[i].weight / (2 * c.dims[i].scale) for i in members}
        unit = min(coef.values())
        idx = np.concatenate([gaps[i] for i in members])
        val = np.concatenate([np.full(len(gaps[i]), float(coef[i] / unit)) for i in members])
        m.objective(idx, val)
        ok = run(f"tier {tier} total")
        if not ok or counts is None:
            break
        total = next(t for p, _, t in evaluate(c, counts)[0] if p == tier)
        rhs = float(total / unit)
        m.row(-np.inf, rhs * (1 + TOTAL_FIX_TOLERANCE) + TOTAL_FIX_TOLERANCE, idx, val)

    if ok and c.merit is not None:
        # y_r in [0, 1] per candidate, sum of a type's y = x_t; maximise sum merit_r y_r.
        y = m.cols(np.zeros(len(c.merit)), np.ones(len(c.merit)), integer=False)
        link = []
        start_y = np.zeros(len(c.merit))
        for t in range(n_types):
            rows_t = c.rows_of_type[t]
            link.append(
                (0.0, 0.0, np.append(y[rows_t], x[t]), np.append(np.ones(len(rows_t)), -1.0))
            )
            if counts is not None:
                start_y[rows_t[: counts[t]]] = 1.0
        m.rows(link)
        if values is not None:
            values = np.concatenate([values, start_y])
        m.objective(y, c.merit, maximise=True)
        run("merit")

    seconds = time.perf_counter() - t_start
    result = HighsRun(status, seconds, sum(s[2] for s in stages), stages, n_types, counts)
    if counts is not None:
        result.objective, result.merit, result.broken = evaluate(c, counts)
    return result


def highs_ids(pool: pd.DataFrame, spec: dict[str, Any], counts: np.ndarray) -> list[str]:
    """Individuals for HiGHS's type counts (best merit first within a type)."""
    c = compile_problem(pool, spec)
    if c.merit is not None:
        rows = np.concatenate([c.rows_of_type[t][:k] for t, k in enumerate(counts)])
    else:
        order = np.argsort(c.type_of_row, kind="stable")
        starts = np.searchsorted(c.type_of_row[order], np.arange(len(counts) + 1))
        rows = np.concatenate([order[starts[t] : starts[t] + k] for t, k in enumerate(counts)])
    return [str(pool["id"].iloc[int(r)]) for r in rows]


# ---------------------------------------------------------------------------------------------
# wgigbalance


def wgig_solve(wg: ModuleType, pool: pd.DataFrame, spec: dict[str, Any]) -> dict[str, Any]:
    """select() on the in-memory pool: wall time (no file reading), status, exact objective."""
    t0 = time.perf_counter()
    result = wg.select(pool, wg.parse_spec(spec), seed=0, time_limit=SELECT_TIME_LIMIT)
    seconds = time.perf_counter() - t0
    out: dict[str, Any] = {"seconds": seconds, "status": str(result.status), "result": result}
    if result.check is not None:
        out["objective"] = tuple(result.check.objective.tiers)
        out["merit"] = result.check.objective.merit
        out["ok"] = result.check.ok
    return out


# ---------------------------------------------------------------------------------------------
# Running and reporting


def key(objective: Tiers | None, merit: float | None) -> tuple[Fraction | float, ...] | None:
    """Lexicographic key, smaller is better (merit to 1e-6)."""
    if objective is None:
        return None
    out: list[Fraction | float] = []
    for _, worst, total in objective:
        out += [worst, total]
    if merit is not None:
        out.append(-round(merit, 6))
    return tuple(out)


def agreement(w: dict[str, Any], h: HighsRun) -> str:
    """'yes' when both objectives are equal exactly (merit to 1e-6); else who is better."""
    kw, kh = key(w.get("objective"), w.get("merit")), key(h.objective, h.merit)
    if kw is None or kh is None:
        return "n/a"
    if kw == kh:
        return "yes"
    return "NO: wgigbalance better" if kw < kh else "NO: HiGHS better"


def run_case(wg: ModuleType, case: Case, repeat: int, highs_limit: float) -> dict[str, Any]:
    """Both tools on one case; medians over `repeat` runs."""
    w_runs = [wgig_solve(wg, case.pool, case.spec) for _ in range(repeat)]
    h_runs = [highs_solve(case.pool, case.spec, highs_limit) for _ in range(repeat)]
    w, h = w_runs[0], h_runs[0]
    checker: dict[str, Any] = {}
    if h.counts is not None and w["result"].problem is not None:
        try:  # HiGHS's roster through wgigbalance's own checker (a cross-check of the compile)
            audit = wg.check_roster(w["result"].problem, highs_ids(case.pool, case.spec, h.counts))
            checker = {
                "ok": bool(audit.ok),
                "same_objective": key(tuple(audit.objective.tiers), audit.objective.merit)
                == key(h.objective, h.merit),
            }
        except Exception as exc:  # the checker's API may change under the benchmark
            checker = {"error": repr(exc)}
    w_sec = statistics.median(r["seconds"] for r in w_runs)
    h_sec = statistics.median(r.seconds for r in h_runs)
    return {
        "case": case.name,
        "pool": case.pool_name,
        "shipped": case.shipped,
        "spec": case.spec,
        "runs": repeat,
        "wgig": {
            "seconds": w_sec,
            "all_seconds": [r["seconds"] for r in w_runs],
            "status": "/".join(sorted({r["status"] for r in w_runs})),
            "objective": fmt_objective(w.get("objective")),
            "objective_exact": exact(w.get("objective")),
            "merit": w.get("merit"),
            "roster_ok": w.get("ok"),
        },
        "highs": {
            "seconds": h_sec,
            "solve_seconds": statistics.median(r.solve_seconds for r in h_runs),
            "all_seconds": [r.seconds for r in h_runs],
            "status": "/".join(sorted({r.status for r in h_runs})),
            "stages": h.stages,
            "types": h.types,
            "objective": fmt_objective(h.objective),
            "objective_exact": exact(h.objective),
            "merit": h.merit,
            "broken": h.broken,
            "wgigbalance_checker": checker,
        },
        "ratio": h_sec / w_sec if w_sec > 0 else None,
        "agree": agreement(w, h),
    }


def exact(objective: Tiers | None) -> list[list[Any]] | None:
    """Tiers as strings of exact fractions (for the JSON)."""
    if objective is None:
        return None
    return [[p, str(worst), str(total)] for p, worst, total in objective]


def fmt_fraction(value: Fraction) -> str:
    """Short fractions as written, long ones as a decimal."""
    text = str(value)
    return text if len(text) <= 9 else f"{float(value):.10g}"


def fmt_objective(objective: Tiers | None) -> str | None:
    """worst / total per tier."""
    if objective is None:
        return None
    return "; ".join(f"{fmt_fraction(w)} / {fmt_fraction(t)}" for _, w, t in objective)


def fmt_merit(merit: float | None) -> str:
    """Merit to one decimal (scores have one)."""
    return "" if merit is None else f", {merit:.1f}"


TABLE_HEAD = (
    "pool",
    "constraints",
    "wgigbalance s",
    "status",
    "HiGHS s (solve)",
    "HiGHS status",
    "HiGHS types",
    "ratio HiGHS/wgig",
    "wgigbalance objective",
    "HiGHS objective",
    "agree exactly",
)


def objective_cell(objective: str | None, merit: float | None, cut: bool) -> str:
    """worst / total[, merit], marked when not proven; "no roster" without one."""
    if objective is None:
        return "no roster"
    return f"{objective}{fmt_merit(merit)}" + (" (best found, not proven)" if cut else "")


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    lines = ["| " + " | ".join(TABLE_HEAD) + " |", "|" + "---|" * len(TABLE_HEAD)]
    for r in rows:
        w, h = r["wgig"], r["highs"]
        w_cut, h_cut = w["status"] != "optimal", h["status"] != "optimal"
        ratio = "" if r["ratio"] is None else ratio_text(r["ratio"])
        if w_cut and h_cut:
            ratio = "n/a (neither proven)"
        elif w_cut or h_cut:
            ratio = ("< " if w_cut else "> ") + ratio
        cells = [
            r["pool"],
            r["case"],
            ("> " if w_cut else "") + f"{w['seconds']:.2f}",
            w["status"],
            ("> " if h_cut else "") + f"{h['seconds']:.2f} ({h['solve_seconds']:.2f})",
            h["status"],
            f"{h['types']:,}",
            ratio,
            objective_cell(w["objective"], w["merit"], w_cut),
            objective_cell(h["objective"], h["merit"], h_cut),
            "n/a (not proven)" if w_cut or h_cut else r["agree"],
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def findings(rows: list[dict[str, Any]]) -> list[str]:
    """Plain statements, one per case: wgigbalance not optimal or slow on shipped data,
    objectives that disagree, a HiGHS roster that breaks a rule; with the spec to reproduce."""
    out = []
    for r in rows:
        w, h = r["wgig"], r["highs"]
        issues = []
        if w["status"] != "optimal":
            issues.append(f"wgigbalance status {w['status']} after {w['seconds']:.1f} s")
        elif r["shipped"] and w["seconds"] > SLOW:
            issues.append(f"wgigbalance took {w['seconds']:.1f} s (> {SLOW:g} s)")
        if h["status"] != "optimal":
            issues.append(f"HiGHS status {h['status']} after {h['seconds']:.1f} s")
        elif w["status"] == "optimal" and r["agree"] != "yes":
            issues.append(f"objectives disagree ({r['agree']})")
        if h["broken"]:
            issues.append(f"HiGHS roster breaks {h['broken'][:5]}")
        chk = h["wgigbalance_checker"]
        if chk and (chk.get("error") or not chk.get("ok") or not chk.get("same_objective")):
            issues.append(f"HiGHS roster under wgigbalance's checker: {chk}")
        if issues:
            spec = json.dumps(r["spec"], ensure_ascii=False)
            out.append(f"{r['pool']}, {r['case']}: {'; '.join(issues)}. Spec: `{spec}`")
    return out


def ratio_text(ratio: float) -> str:
    """2.4x, 0.64x, 240x."""
    return f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.2g}x"


def report(info: dict[str, str], rows: list[dict[str, Any]]) -> str:
    """The machine line, the table and the findings, as Markdown."""
    text = [
        f"Machine: {info['nproc']} cores ({info['cpu']}), Python {info['python']}, OR-Tools "
        f"{info['ortools']}, highspy {info['highspy']}, pandas {info['pandas']}; {info['date']}; "
        f"wgigbalance {info['revision']} (fingerprint {info['source']}).",
        "",
        table(rows),
        "",
    ]
    notes = findings(rows)
    text += [f"- FINDING: {line}" for line in notes] or [
        "- No findings: every case optimal, objectives agree exactly."
    ]
    return "\n".join(text) + "\n"


def source_fingerprint(src: Path) -> str:
    """First 12 hex digits of a SHA-256 over the package's *.py files (all subpackages)."""
    digest = hashlib.sha256()
    for path in sorted(src.rglob("*.py")):
        digest.update(str(path.relative_to(src)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def export_revision(rev: str) -> tuple[str, Path]:
    """git archive REV src into benchmarks/out/src-SHA; returns SHA and the import path."""
    sha = subprocess.run(
        ["git", "rev-parse", "--short=12", rev],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    target = OUT / f"src-{sha}"
    if not (target / "src" / "wgigbalance").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", sha, "src"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return sha, target / "src"


def machine(wg: ModuleType, revision: str | None) -> dict[str, str]:
    """Cores, CPU, versions, date and which wgigbalance was timed."""
    import highspy
    import ortools

    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    package = Path(str(wg.__file__)).resolve().parent
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "python": platform.python_version(),
        "ortools": ortools.__version__,
        "highspy": f"{highs.versionMajor()}.{highs.versionMinor()}.{highs.versionPatch()}",
        "pandas": pd.__version__,
        "date": date.today().isoformat(),
        "wgigbalance": str(package),
        "revision": revision or "working tree",
        "source": source_fingerprint(package),
    }


def warm_up(wg: ModuleType, read_candidates: Any) -> None:
    """One untimed solve with each tool (imports, first-call costs)."""
    pool = read_candidates(CANDIDATES)
    spec = load_toml("igf_mag")
    wg.select(pool, wg.parse_spec(spec), seed=0, time_limit=SELECT_TIME_LIMIT)
    highs_solve(pool, spec, 60.0)


def main(argv: list[str] | None = None) -> int:
    """Entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the shipped cases only")
    parser.add_argument("--repeat", type=int, default=3, help="runs per shipped case (3)")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs per generated case")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(LARGE_SIZES))
    parser.add_argument(
        "--highs-time-limit",
        type=float,
        default=600.0,
        help="seconds per HiGHS case, all stages (600)",
    )
    parser.add_argument(
        "--large-exact", action="store_true", help="generated pools with exact shares too"
    )
    parser.add_argument(
        "--table-only", metavar="JSON", help="print the report of an earlier run's JSON"
    )
    parser.add_argument("--rev", help="time the wgigbalance of this git revision")
    args = parser.parse_args(argv)

    if args.table_only:
        data = json.loads(Path(args.table_only).read_text(encoding="utf-8"))
        print(report(data["machine"], data["rows"]), end="")
        return 0
    revision = None
    if args.rev:
        sha, path = export_revision(args.rev)
        sys.path.insert(0, str(path))
        revision = f"{args.rev} = {sha}"
    import wgigbalance as wg

    info = machine(wg, revision)
    print(
        f"wgigbalance from {info['wgigbalance']} ({info['revision']}, {info['source']})",
        file=sys.stderr,
    )
    warm_up(wg, wg.read_candidates)
    cases = shipped_cases(wg.read_candidates)
    if not args.quick:
        kinds = (*LARGE_VARIANTS, "extreme weights + exact shares") if args.large_exact else None
        cases += large_cases(wg.read_candidates, tuple(args.sizes), kinds)
    rows = []
    for case in cases:
        repeat = args.repeat if case.shipped else args.repeat_large
        print(f"{case.pool_name}: {case.name} x{repeat} ...", file=sys.stderr, flush=True)
        row = run_case(wg, case, repeat, args.highs_time_limit)
        print(
            f"  wgigbalance {row['wgig']['seconds']:.2f} s {row['wgig']['status']}; HiGHS "
            f"{row['highs']['seconds']:.2f} s {row['highs']['status']}; agree {row['agree']}",
            file=sys.stderr,
            flush=True,
        )
        rows.append(row)
    OUT.mkdir(parents=True, exist_ok=True)
    name = "weights_bench_quick" if args.quick else "weights_bench"
    (OUT / f"{name}.json").write_text(
        json.dumps({"machine": info, "rows": rows}, indent=1, default=str), encoding="utf-8"
    )
    text = report(info, rows)
    (OUT / f"{name}.md").write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
