"""`select`: solve the model stage by stage and pick the individuals of the best roster.

Stages (lexicographic): for each priority tier, minimise the worst weighted dimension
deviation, then fix it and minimise the tier's total; then, with balance fixed, maximise merit.
Each stage is hinted with the previous stage's roster.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import __version__
from .checker import RosterCheck, check_roster
from .diagnose import quick_reasons
from .io import ID_COLUMN, read_candidates, sha256_file
from .model import BalanceModel, build_model, pick_rows
from .problem import Problem, resolve
from .settings import DEFAULT_TIME_LIMIT as DEFAULT_TIME_LIMIT
from .settings import DEFAULT_WORKERS as DEFAULT_WORKERS
from .settings import Progress, Status
from .settings import SolverSettings as SolverSettings
from .solver.stages import Level, StageResult, run_stages
from .spec import Size, Spec, load_spec
from .spec.sortition import drop_absent_values, is_categories_file, read_categories

if TYPE_CHECKING:
    from .explain import Explanation

DEFAULT_CANDIDATES: Path = Path("data/candidates.csv")
DEFAULT_CONSTRAINTS: Path = Path("constraints/wgig2004.toml")


@dataclass
class SelectionResult:
    """The outcome of `select`: the roster, its check, how the solver did, and provenance."""

    status: Status
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
        return self.status == Status.OPTIMAL

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
    problem = resolve(spec, pool, spec_name, cand_name, row_ids=bool(pool.attrs.get("row_ids")))
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
    if result.status == Status.INFEASIBLE:  # say why without being asked
        from .explain import explain_problem  # explain builds on selection

        result.explanation = explain_problem(problem, settings, min(time_limit, 30.0))
    return result
