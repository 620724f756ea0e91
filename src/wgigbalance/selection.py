"""`select`: solve the model stage by stage and pick the individuals of the best roster.

Stages (lexicographic): for each priority tier, minimise the worst weighted dimension
deviation, then fix it and minimise the tier's total; then, with balance fixed, maximise merit.
Each stage is hinted with the previous stage's roster.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from ortools.sat.python import cp_model

from . import __version__
from .checker import RosterCheck, check_roster
from .diagnose import quick_reasons
from .io import ID_COLUMN, read_candidates, sha256_file
from .model import BalanceModel, build_model, merit_scale, pick_rows
from .sortition import drop_absent_values, is_categories_file, read_categories
from .spec import Problem, Size, Spec, load_spec, resolve

if TYPE_CHECKING:
    from .explain import Explanation

DEFAULT_CANDIDATES: Path = Path("data/candidates.csv")
DEFAULT_CONSTRAINTS: Path = Path("constraints/wgig2004.toml")
DEFAULT_WORKERS: int = 1
DEFAULT_TIME_LIMIT: float = 60.0

Progress = Callable[[str, float, float, float], None]  # stage, objective, bound, seconds


@dataclass(frozen=True)
class SolverSettings:
    """The CP-SAT configuration: with the same settings and seed the roster is the same."""

    seed: int = 0
    workers: int = DEFAULT_WORKERS
    time_limit: float = DEFAULT_TIME_LIMIT

    def to_dict(self) -> dict[str, Any]:
        return {
            "solver": "OR-Tools CP-SAT",
            "random_seed": self.seed,
            "num_workers": self.workers,
            "interleave_search": self.workers > 1,
            "linearization_level": 2,
            "time_limit_seconds": self.time_limit,
        }


@dataclass
class StageResult:
    """One lexicographic stage: what it optimised, what it reached and what it proved."""

    name: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    unit: str

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(abs(self.objective), 1e-9)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.name,
            "status": self.status,
            "objective": None if self.objective is None else round(self.objective, 9),
            "bound": None if self.bound is None else round(self.bound, 9),
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
            "unit": self.unit,
        }


@dataclass
class SelectionResult:
    """The outcome of `select`: the roster, its check, how the solver did, and provenance."""

    status: str  # optimal, feasible, interrupted, infeasible, unknown
    problem: Problem
    settings: SolverSettings
    stages: list[StageResult]
    check: RosterCheck | None
    provenance: dict[str, Any]
    reasons: list[str] = field(default_factory=list)
    model_stats: dict[str, int] = field(default_factory=dict)
    explanation: Explanation | None = None  # why there is no roster (select fills it in)
    caps: set[int] = field(default_factory=set)  # cap bounds the model needed (for re-solves)

    @property
    def members(self) -> list[str]:
        return [] if self.check is None else self.check.members

    @property
    def roster(self) -> pd.DataFrame:
        """The selected rows with every input column, in the candidate file's order."""
        pool = self.problem.pool
        if self.problem.row_ids:  # give a sortition people file back in its own layout
            pool = pool.drop(columns=[ID_COLUMN])
        if self.check is None:
            return pool.iloc[0:0]
        return pool.iloc[self.check.rows].reset_index(drop=True)

    @property
    def proven_optimal(self) -> bool:
        return self.status == "optimal"

    def to_dict(self) -> dict[str, Any]:
        check = self.check
        return {
            "status": self.status,
            "size": None if check is None else check.size,
            "members": self.members,
            "balance": [] if check is None else [d.to_dict() for d in check.balance],
            "constraints": [] if check is None else [c.to_dict() for c in check.constraints],
            "objective": None if check is None else check.objective.to_dict(),
            "stages": [s.to_dict() for s in self.stages],
            "reasons": self.reasons,
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
            "model": self.model_stats,
            "provenance": self.provenance,
        }


_STATUS: dict[Any, str] = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "invalid",
    cp_model.UNKNOWN: "unknown",
}


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Keeps the best objective and bound so far for the progress display."""

    def __init__(self, stage: str, started: float, progress: Progress | None, scale: float):
        super().__init__()
        self.stage, self.started, self.progress, self.scale = stage, started, progress, scale
        self.best = math.nan  # no roster yet
        self.bound = math.nan

    def on_solution_callback(self) -> None:
        self.best = self.objective_value / self.scale
        self.bound = self.best_objective_bound / self.scale
        self.report()

    def report(self) -> None:
        if self.progress is not None:
            self.progress(self.stage, self.best, self.bound, time.monotonic() - self.started)


def _solve(
    bm: BalanceModel,
    settings: SolverSettings,
    seconds: float,
    stage: str,
    scale: float,
    progress: Progress | None,
) -> tuple[cp_model.CpSolver, Any, bool]:
    """Run CP-SAT in a worker thread so that Ctrl-C in the main thread can stop it cleanly."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = settings.seed
    params.num_workers = settings.workers
    # One worker is deterministic by construction; several are made so by interleaving.
    params.interleave_search = settings.workers > 1
    params.interleave_batch_size = settings.workers  # one task per worker: far less waiting
    params.max_time_in_seconds = max(seconds, 0.01)
    params.log_search_progress = False
    # The full LP relaxation: measured 2-3x faster to prove balance optima on these models
    # (benchmarks/README.md), and essential on some fixed-size models.
    params.linearization_level = 2
    params.catch_sigint_signal = False  # Ctrl-C is handled here, in the main thread
    watcher = _Watcher(stage, time.monotonic(), progress, scale)
    outcome: dict[str, Any] = {}

    def run() -> None:
        outcome["status"] = solver.solve(bm.model, watcher)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    interrupted = False
    while worker.is_alive():
        try:
            worker.join(0.25)
            watcher.report()  # also while no roster is found yet: the display keeps moving
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()
    worker.join()
    return solver, outcome.get("status", cp_model.UNKNOWN), interrupted


def _values(solver: cp_model.CpSolver, bm: BalanceModel) -> list[int]:
    return [int(solver.value(v)) for v in bm.x]


def _hint(bm: BalanceModel, values: list[int]) -> None:
    bm.model.clear_hints()  # type: ignore[no-untyped-call]
    for var, value in zip(bm.x, values, strict=True):
        bm.model.add_hint(var, value)


@dataclass
class _Round:
    """One pass of the lexicographic stages over one model."""

    status: str
    stages: list[StageResult]
    values: list[int] | None
    reasons: list[str]
    interrupted: bool
    balance_levels: list[tuple[StageResult, int]] = field(default_factory=list)
    retry: bool = False  # the carried balance levels no longer hold: run every stage again


def _run_stages(
    bm: BalanceModel,
    settings: SolverSettings,
    deadline: float,
    progress: Progress | None,
    carried: list[tuple[StageResult, int]] | None = None,
) -> _Round:
    """Solve the stages in order, fixing each optimum before the next.

    `carried`: proven balance levels of an earlier round on a looser model (fewer caps).
    They are lower bounds here, so if a roster still reaches them they are optimal again
    and only the later stages need solving.
    """
    problem = bm.problem
    seat_unit = 2.0 * problem.scale
    plan: list[tuple[str, Any, bool, float, str]] = []
    for p in problem.priorities():
        tier = f" (priority {p})" if len(problem.priorities()) > 1 else ""
        plan.append((f"worst dimension{tier}", bm.tier_worst[p], False, seat_unit, "seats"))
        plan.append((f"total deviation{tier}", bm.tier_total[p], False, seat_unit, "seats"))
    n_balance = len(plan)
    if bm.merit is not None:
        assert problem.merit is not None
        scale = float(merit_scale(problem.merit, problem.size_max))
        plan.append(("merit", bm.merit, True, scale, problem.merit_column or "merit"))
    stages: list[StageResult] = []
    levels: list[tuple[StageResult, int]] = []
    if carried:
        for (_, expr, _, _, _), (stage, level) in zip(plan, carried, strict=False):
            bm.model.add(expr <= level)
            stages.append(stage)
            levels.append((stage, level))
        plan = plan[len(carried) :]
    if not plan:
        plan.append(("feasibility", 0, False, 1.0, ""))

    values: list[int] | None = None
    status, reasons, interrupted = "optimal", [], False
    for name, expr, maximise, scale, unit in plan:
        bm.model.clear_objective()  # type: ignore[no-untyped-call]
        if maximise:
            bm.model.maximize(expr)
        else:
            bm.model.minimize(expr)
        if values is not None:
            _hint(bm, values)
        t0 = time.monotonic()
        solver, code, interrupted = _solve(bm, settings, deadline - t0, name, scale, progress)
        has = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        stage_status = "interrupted" if interrupted and has else _STATUS.get(code, "unknown")
        stages.append(
            StageResult(
                name,
                stage_status,
                solver.objective_value / scale if has else None,
                solver.best_objective_bound / scale if has else None,
                time.monotonic() - t0,
                unit,
            )
        )
        if not has:
            if code == cp_model.INFEASIBLE and carried:
                return _Round("unknown", stages, None, [], False, retry=True)
            if code == cp_model.INFEASIBLE and values is None:
                status = "infeasible"
                reasons = [
                    "no group satisfies all the hard constraints together (the simple "
                    "arithmetic checks found nothing; the conflict involves several rules)"
                ]
            elif interrupted:
                status = "interrupted"
            elif values is None:
                status = "unknown"
            else:
                status = "feasible"  # earlier stages' roster stands; this one did not finish
            break
        values = _values(solver, bm)
        if interrupted:
            status = "interrupted"
            break
        if code != cp_model.OPTIMAL:
            status = "feasible"
        # Fix this stage's level before the next: no later stage may worsen it.
        level = round(solver.objective_value)
        bm.model.add(expr >= level if maximise else expr <= level)
        if code == cp_model.OPTIMAL and len(levels) < n_balance and not maximise:
            levels.append((stages[-1], level))
        if time.monotonic() >= deadline and len(stages) < len(plan):
            status = "feasible"
            break
    return _Round(status, stages, values, reasons, interrupted, levels)


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
        version=__version__,
        seed=settings.seed,
        solver_settings=settings.to_dict(),
    )
    reasons = quick_reasons(problem)
    caps = set(caps or ())
    rounds = 0
    carried: list[tuple[StageResult, int]] | None = None
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
                "infeasible", problem, settings, [], None, provenance, reasons, stats
            )
        outcome = _run_stages(bm, settings, deadline, progress, carried)
        if outcome.retry:  # the caps raised the balance optimum: solve every stage again
            bm = _built(problem, settings.seed, caps, constrain)
            outcome = _run_stages(bm, settings, deadline, progress)
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
    status, reasons = outcome.status, outcome.reasons
    if outcome.values is not None:
        check = check_roster(problem, [problem.ids[r] for r in rows])
        if not check.ok:  # only when stopped before the caps were settled
            check, status = None, "interrupted" if outcome.interrupted else "unknown"
            reasons = ["stopped before a roster meeting every cap was found"]
        elif blocked and status == "optimal":
            status = "feasible"  # a cap displaced a pick and there was no time to re-solve
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


def load_problem(
    candidates: str | os.PathLike[str] | pd.DataFrame = DEFAULT_CANDIDATES,
    constraints: str | os.PathLike[str] | Spec = DEFAULT_CONSTRAINTS,
    size: int | None = None,
) -> tuple[Problem, dict[str, Any]]:
    """Read and resolve the inputs; returns the problem and the files' fingerprints.

    `constraints` may be a wgigbalance TOML file or a sortition categories CSV (then the
    panel `size` is needed, and a people file without an id column is numbered 1..n).
    """
    provenance: dict[str, Any] = {}
    categories = not isinstance(constraints, Spec) and is_categories_file(constraints)
    if isinstance(candidates, pd.DataFrame):
        pool, cand_name = candidates.reset_index(drop=True), "<candidates>"
    else:
        pool, cand_name = read_candidates(candidates, row_ids=categories), str(candidates)
        provenance["candidates"] = {"path": cand_name, "sha256": sha256_file(candidates)}
    if isinstance(constraints, Spec):
        spec, spec_name = constraints, "<constraints>"
        if size is not None:
            spec = spec.model_copy(update={"size": Size(exact=size)})
    else:
        spec_name = str(constraints)
        if categories:
            spec = drop_absent_values(read_categories(constraints, size), pool)
        else:
            spec = load_spec(constraints)
            if size is not None:
                spec = spec.model_copy(update={"size": Size(exact=size)})
        provenance["constraints"] = {"path": spec_name, "sha256": sha256_file(constraints)}
    problem = resolve(spec, pool, spec_name, cand_name)
    problem.row_ids = bool(pool.attrs.get("row_ids"))
    return problem, provenance


def select(
    candidates: str | os.PathLike[str] | pd.DataFrame = DEFAULT_CANDIDATES,
    constraints: str | os.PathLike[str] | Spec = DEFAULT_CONSTRAINTS,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    size: int | None = None,
) -> SelectionResult:
    """Pick the best-balanced roster from a candidate list and a constraint file.

    `size` sets an exact group size (needed with a sortition categories file)."""
    problem, provenance = load_problem(candidates, constraints, size)
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    result = solve_problem(problem, settings, progress, provenance)
    if result.status == "infeasible":  # say why without being asked
        from .explain import explain_problem  # explain builds on selection

        result.explanation = explain_problem(problem, settings, min(time_limit, 30.0))
    return result
