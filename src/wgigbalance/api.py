"""The public functions: one per command, with the command's name, for the CLI, the web page
and Python users alike.

Each takes explicit inputs (paths, or an in-memory pool and spec: nothing is read from the
current folder by default), loads and resolves them once, runs one analysis, and returns a
result with the provenance record (file fingerprints, tool version, seed, solver settings).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

import pandas as pd

from .analyses.alternatives import alternatives_problem
from .analyses.audit import audit_problem
from .analyses.compare import compare_problem
from .analyses.draw import (
    commit_lottery,
    distribution_check,
    draw_committed,
    draw_trace,
    file_check,
    hash_check,
    panel_check,
    read_commitment,
    version_check,
)
from .analyses.explain import explain_problem
from .analyses.lottery import Objective as Objective
from .analyses.lottery import draw as draw_lottery
from .analyses.lottery import lottery_problem, round_to_panels
from .analyses.tradeoffs import between_frontier, merit_frontier, prices_of, size_frontier
from .errors import InputError
from .io import read_panel_ids, read_roster_ids, sha256_file
from .problem import Problem
from .problem.load import load_problem
from .results import (
    Alternatives,
    Comparison,
    Explanation,
    LotteryResult,
    RosterAudit,
    SelectionResult,
    Tradeoffs,
)
from .results.draw import Commitment, DrawResult, Verification, VerifyCheck
from .settings import DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, Progress, SolverSettings, Status
from .solver.select import solve_problem
from .spec import Spec

Candidates = str | os.PathLike[str] | pd.DataFrame
Constraints = str | os.PathLike[str] | Spec
Roster = str | os.PathLike[str] | Sequence[str]
TradeoffMode = Literal["prices", "size", "between", "merit"]
EXPLAIN_SECONDS = 30.0  # at most this long spent explaining an infeasible select or lottery

__all__ = [
    "alternatives",
    "check",
    "commit",
    "compare",
    "draw",
    "explain",
    "load_problem",
    "lottery",
    "select",
    "tradeoffs",
    "verify",
]


def _load(
    candidates: Candidates, constraints: Constraints, size: int | None, settings: SolverSettings
) -> tuple[Problem, dict[str, Any]]:
    """The one way in: resolve the inputs and start the provenance record."""
    problem, provenance = load_problem(candidates, constraints, size)
    provenance |= {"seed": settings.seed, "solver_settings": settings.to_dict()}
    return problem, provenance


def _roster_ids(roster: Roster, provenance: dict[str, Any]) -> tuple[list[str], str]:
    """A roster's ids (a CSV with an id column, or the ids themselves) and its name."""
    if not isinstance(roster, str | os.PathLike):
        return [str(i) for i in roster], "<roster>"
    ids = read_roster_ids(roster)  # checks the file first
    provenance.setdefault("rosters", []).append(
        {"path": str(roster), "sha256": sha256_file(roster)}
    )
    return ids, str(roster)


def _why_not(problem: Problem, settings: SolverSettings) -> Explanation:
    """Why no roster exists: what `select` and `lottery` say without being asked."""
    return explain_problem(problem, settings, min(settings.time_limit, EXPLAIN_SECONDS))


def select(
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
    size: int | None = None,
) -> SelectionResult:
    """The best-balanced roster that meets every hard rule; `size` sets an exact group size
    (needed with a sortition categories file). When none exists, it says why."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    result = solve_problem(problem, settings, progress, provenance)
    if result.status == Status.INFEASIBLE:
        return replace(result, explanation=_why_not(problem, settings))
    return result


def check(
    roster: Roster,
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    compare_best: bool = True,
    size: int | None = None,
) -> RosterAudit:
    """A roster checked against every rule, beside the best roster (unless `compare_best`
    is off)."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    ids, name = _roster_ids(roster, provenance)
    return audit_problem(problem, ids, name, settings if compare_best else None, provenance)


def explain(
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    size: int | None = None,
) -> Explanation:
    """Why a constraint set has no roster and the cheapest repair; or what binds the best one."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, _ = _load(candidates, constraints, size, settings)
    return explain_problem(problem, settings, time_limit)


def tradeoffs(
    candidates: Candidates,
    constraints: Constraints,
    mode: TradeoffMode = "prices",
    between: tuple[str, str] | None = None,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    size: int | None = None,
    steps: int = 10,
) -> Tradeoffs:
    """The price of every rule, or one frontier: between two dimensions (`between`), over the
    group size, or against merit."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    if mode == "between":
        if between is None:
            raise ValueError("mode 'between' needs the two dimensions: between=(a, b)")
        result = between_frontier(problem, between[0], between[1], settings)
    elif mode == "size":
        result = size_frontier(problem, settings)
    elif mode == "merit":
        result = merit_frontier(problem, steps, settings)
    else:
        result = prices_of(problem, settings)
    return replace(result, provenance=provenance)


def alternatives(
    candidates: Candidates,
    constraints: Constraints,
    k: int = 3,
    min_difference: int = 3,
    within: float = 10.0,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    size: int | None = None,
) -> Alternatives:
    """`k` good rosters, pairwise at least `min_difference` members apart, each within
    `within` % of the best balance."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    result = alternatives_problem(problem, k, min_difference, within, settings)
    return replace(result, provenance=provenance)


def compare(
    rosters: Sequence[Roster],
    candidates: Candidates,
    constraints: Constraints,
    size: int | None = None,
) -> Comparison:
    """Rosters side by side under one set of constraints (no solving)."""
    problem, provenance = load_problem(candidates, constraints, size)
    named = [_roster_ids(roster, provenance) for roster in rosters]
    return compare_problem(problem, [(name, ids) for ids, name in named], provenance)


def lottery(
    candidates: Candidates,
    constraints: Constraints,
    objective: Objective = "leximin",
    within: float | None = None,
    size: int | None = None,
    seed: int = 0,
    panels: int | None = None,
    time_limit: float = 600.0,
    progress: Progress | None = None,
) -> LotteryResult:
    """The fair lottery over valid groups, one seeded draw from it, and optionally a uniform
    lottery over `panels` listed groups (the draw is then one of them)."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    result = replace(
        lottery_problem(problem, objective, within, settings, progress), provenance=provenance
    )
    if result.status == Status.INFEASIBLE and result.explanation is None:
        result = replace(result, explanation=_why_not(problem, settings))
    if not result.has_distribution:
        return result
    if panels is not None and result.status != Status.INTERRUPTED:
        rounded = round_to_panels(result, panels, seed)
        if rounded is None:
            result = replace(result, status=Status.INTERRUPTED)
        else:
            result = replace(result, rounded=rounded[0], rounding_error=rounded[1])
    return replace(result, drawn=draw_lottery(result, seed))


FilePath = str | os.PathLike[str]


def commit(
    candidates: FilePath,
    constraints: FilePath,
    source: str,
    drand_round: int | None = None,
    objective: Objective = "leximin",
    within: float | None = None,
    size: int | None = None,
    seed: int = 0,
    panels: int | None = None,
    time_limit: float = 600.0,
    progress: Progress | None = None,
) -> Commitment:
    """Step 1 of a verifiable draw: the lottery computed now and published as a commitment
    (its distribution, the inputs' fingerprints, the settings, the tool version and the
    announced public random `source`), before the public value exists. Files only: the
    verifier needs them."""
    if not source.strip():
        raise InputError("announce the public random source (--source), e.g. a drand round.")
    result = lottery(
        candidates,
        constraints,
        objective=objective,
        within=within,
        size=size,
        seed=seed,
        panels=panels,
        time_limit=time_limit,
        progress=progress,
    )
    settings = {
        "objective": objective,
        "within": within,
        "size": size,
        "seed": seed,
        "panels": panels,
        "time_limit": time_limit,
    }
    return commit_lottery(result, result.provenance, settings, source, drand_round)


def _committed(record: dict[str, Any], key: str, given: FilePath | None) -> tuple[FilePath, str]:
    """An input of the commitment: the file given, or the path it names; and its SHA-256."""
    path = given if given is not None else str(record["inputs"][key]["path"])
    what = "candidate" if key == "candidates" else "constraint"
    if not os.path.isfile(path):
        raise InputError(f"{path}: no such {what} file; give the committed one with --{key}.")
    return path, sha256_file(path)


def draw(
    commitment: FilePath,
    public_value: str,
    candidates: FilePath | None = None,
    constraints: FilePath | None = None,
) -> DrawResult:
    """Step 2: the committed group that the public value draws (README, "Verifiable draws").
    The inputs default to the paths in the commitment and must be the committed files."""
    record, digest = read_commitment(commitment)
    files = {}
    for key, given in (("candidates", candidates), ("constraints", constraints)):
        path, sha = _committed(record, key, given)
        if sha != record["inputs"][key]["sha256"]:
            raise InputError(
                f"{path}: is not the committed {key} file (SHA-256 {sha}, committed "
                f"{record['inputs'][key]['sha256']}); draw from the committed inputs."
            )
        files[key] = path
    problem, _ = load_problem(files["candidates"], files["constraints"], record["settings"]["size"])
    return draw_committed(problem, record, digest, public_value)


def verify(
    commitment: FilePath,
    public_value: str,
    candidates: FilePath | None = None,
    constraints: FilePath | None = None,
    panel: Roster | None = None,
    announced_hash: str | None = None,
    recompute: bool = True,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> Verification:
    """Step 3: redo the draw from the public files and say what matches and what differs:
    the commitment's hash (against `announced_hash`), the input files, the distribution
    (recomputed from the inputs with the committed settings, unless `recompute` is off), and
    the published `panel` against the group the public value draws."""
    record, digest = read_commitment(commitment)
    trace = draw_trace(record, digest, public_value)  # checks the public value first
    checks: list[VerifyCheck] = [hash_check(digest, announced_hash)]
    paths = {}
    inputs: tuple[tuple[Literal["candidates", "constraints"], FilePath | None], ...] = (
        ("candidates", candidates),
        ("constraints", constraints),
    )
    for key, given in inputs:
        path, sha = _committed(record, key, given)
        paths[key] = path
        checks.append(file_check(key, record["inputs"][key], str(path), sha))
    checks.append(version_check(record))
    inputs_match = all(c.status == "match" for c in checks[1:3])
    recomputed = None
    if recompute and inputs_match:
        s = record["settings"]
        recomputed = lottery(
            paths["candidates"],
            paths["constraints"],
            objective=s["objective"],
            within=s["within"],
            size=s["size"],
            seed=s["seed"],
            panels=s["panels"],
            time_limit=time_limit if time_limit is not None else s["time_limit"],
            progress=progress,
        )
    check = distribution_check(record, recomputed, record["settings"])
    if recompute and not inputs_match:
        check = replace(check, reason="inputs_differ")
    checks.append(check)
    ids, by_rows = None, False
    if isinstance(panel, str | os.PathLike):  # a people file's layout has no ids: by its rows
        ids, by_rows = read_panel_ids(panel, paths["candidates"], prefer=trace.members)
    elif panel is not None:
        ids = [str(i) for i in panel]
    checks.append(panel_check(trace, record, ids, by_rows))
    interrupted = recomputed is not None and recomputed.status == Status.INTERRUPTED
    return Verification(trace, checks, record, interrupted=interrupted)
