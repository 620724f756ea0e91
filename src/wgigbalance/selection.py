"""`select`: the best-balanced roster from a candidate list and a constraint file."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .problem.load import load_problem as load_problem
from .results import SelectionResult as SelectionResult
from .settings import DEFAULT_TIME_LIMIT as DEFAULT_TIME_LIMIT
from .settings import DEFAULT_WORKERS as DEFAULT_WORKERS
from .settings import Progress, Status
from .settings import SolverSettings as SolverSettings
from .solver.select import solve_problem as solve_problem
from .spec import Spec

DEFAULT_CANDIDATES: Path = Path("data/candidates.csv")
DEFAULT_CONSTRAINTS: Path = Path("constraints/wgig2004.toml")


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
