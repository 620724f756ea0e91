"""The public functions: one per command, with the command's name, for the CLI, the web page
and Python users alike.

Each takes explicit inputs (paths, or an in-memory pool and spec: nothing is read from the
current folder by default), loads and resolves them once, runs one analysis, and returns a
result with the provenance record (file fingerprints, tool version, seed, solver settings).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
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
from .analyses.renew import history_of, renew_problem, renewal_problem
from .analyses.replace import drawn_replacement, replace_problem, replacement_problem
from .analyses.reserves import reserves_problem
from .analyses.tradeoffs import between_frontier, merit_frontier, prices_of, size_frontier
from .errors import InputError, InputProblem
from .io import (
    read_csv_text,
    read_history,
    read_history_terms,
    read_panel_ids,
    read_roster_ids,
    sha256_file,
)
from .problem import Problem
from .problem.load import load_problem
from .results import (
    Alternatives,
    Comparison,
    Explanation,
    LotteryResult,
    RenewResult,
    ReplaceResult,
    Reserves,
    RosterAudit,
    SelectionResult,
    Tradeoffs,
)
from .results import History as HistoryData
from .results.draw import Commitment, DrawResult, Verification, VerifyCheck
from .settings import (
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    MAX_PANELS,
    Progress,
    SolverSettings,
    Status,
)
from .solver.select import solve_problem
from .spec import Spec

Candidates = str | os.PathLike[str] | pd.DataFrame
Constraints = str | os.PathLike[str] | Spec
Roster = str | os.PathLike[str] | Sequence[str]
History = str | os.PathLike[str] | Sequence[tuple[str, Sequence[str]]]
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
    "renew",
    "replace",
    "reserves",
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


def _history(
    history: History, provenance: dict[str, Any], terms: Mapping[str, int] | None = None
) -> HistoryData:
    """A history (a CSV with columns cycle,id and perhaps terms, or (cycle, ids) pairs and
    `terms`) as data for the analyses."""
    if isinstance(history, str | os.PathLike):
        provenance["history"] = {"path": str(history), "sha256": sha256_file(history)}
        stated = {**read_history_terms(history), **(terms or {})}
        return history_of(read_history(history), str(history), stated)
    return history_of(history, "<history>", terms)


def _renewing(problem: Problem, history: History | None, provenance: dict[str, Any]) -> Problem:
    """With a history: the renewal problem (as `renew` solves it), else the problem."""
    if history is None:
        return problem
    return renewal_problem(problem, _history(history, provenance)).problem


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
        return dataclasses.replace(result, explanation=_why_not(problem, settings))
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
    history: History | None = None,
) -> RosterAudit:
    """A roster checked against every rule, beside the best roster (unless `compare_best`
    is off). With a membership `history`, the rules are those of `renew` (term limits,
    rotation, continuity, priority) and the best roster is the best renewal."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    problem = _renewing(problem, history, provenance)
    ids, name = _roster_ids(roster, provenance)
    return audit_problem(problem, ids, name, settings if compare_best else None, provenance)


def explain(
    candidates: Candidates,
    constraints: Constraints,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    size: int | None = None,
    history: History | None = None,
) -> Explanation:
    """Why a constraint set has no roster and the cheapest repair; or what binds the best one.
    With a membership `history`: of the renewal (`renew`'s rules)."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    problem = _renewing(problem, history, provenance)
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
    history: History | None = None,
) -> Tradeoffs:
    """The price of every rule, or one frontier: between two dimensions (`between`), over the
    group size, or against merit. With a membership `history`: of the renewal (`renew`'s
    rules, the renewal rules priced like the others)."""
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    problem = _renewing(problem, history, provenance)
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
    return dataclasses.replace(result, provenance=provenance)


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
    return dataclasses.replace(result, provenance=provenance)


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
    if panels is not None and not 1 <= panels <= MAX_PANELS:
        raise InputError(
            f"panels: {panels} is outside 1..{MAX_PANELS:,}; list fewer groups.",
            code="panels_out_of_range",
            key="panels",
        )
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, size, settings)
    return _fair_lottery(problem, objective, within, settings, progress, provenance, panels)


def _fair_lottery(
    problem: Problem,
    objective: Objective,
    within: float | None,
    settings: SolverSettings,
    progress: Progress | None,
    provenance: dict[str, Any],
    panels: int | None = None,
) -> LotteryResult:
    """The lottery, why no group exists (when none does), the rounding, and the draw."""
    seed = settings.seed
    result = dataclasses.replace(
        lottery_problem(problem, objective, within, settings, progress), provenance=provenance
    )
    if result.status == Status.INFEASIBLE and result.explanation is None:
        result = dataclasses.replace(result, explanation=_why_not(problem, settings))
    if not result.has_distribution:
        return result
    if panels is not None and result.status != Status.INTERRUPTED:
        rounded = round_to_panels(result, panels, seed)
        if rounded is None:
            result = dataclasses.replace(result, status=Status.INTERRUPTED)
        else:
            result = dataclasses.replace(result, rounded=rounded[0], rounding_error=rounded[1])
    return dataclasses.replace(result, drawn=draw_lottery(result, seed))


def replace(
    roster: Roster,
    dropped: Roster,
    candidates: Candidates,
    constraints: Constraints,
    exclude: Sequence[str] = (),
    size: int | None = None,
    spec_size: bool = False,
    draw: bool = False,
    objective: Objective = "leximin",
    within: float | None = None,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
) -> ReplaceResult:
    """Members of `roster` dropped out (`dropped`: ids, or a CSV with an id column): pick
    replacements only from those not selected, so that the whole group meets every hard
    rule again and is as balanced as possible, changing no one who stays.

    The group keeps the roster's size, unless `size` gives another or `spec_size` asks for
    the constraint file's range. `exclude`: more people who may not join (earlier
    dropouts, people who declined). With `draw`, the replacements are drawn by `seed` from
    the fair lottery (`objective`, leximin by default) over the valid completions, only
    those within `within` percent of the best balance if given; the result reports every
    candidate's chance of joining. When no completion keeps the rules, `explanation` says why."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    files: dict[str, Any] = {}
    ids, name = _roster_ids(roster, files)
    gone, _ = _roster_ids(dropped, files)
    exact = size if size is not None or spec_size else len(ids)
    problem, provenance = _load(candidates, constraints, exact, settings)
    provenance |= files
    request = replacement_problem(problem, ids, gone, exclude, name)
    if not draw:
        result = replace_problem(request, settings, progress, provenance)
        if result.selection is not None and result.selection.status == Status.INFEASIBLE:
            result = dataclasses.replace(result, explanation=_why_not(request.problem, settings))
        return result
    lottery_result = _fair_lottery(
        request.problem, objective, within, settings, progress, provenance
    )
    return drawn_replacement(request, lottery_result, lottery_result.drawn, provenance)


def renew(
    history: History,
    candidates: Candidates,
    constraints: Constraints,
    cycle: str | None = None,
    terms: Mapping[str, int] | None = None,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
) -> RenewResult:
    """Renew a standing body from its membership `history` (a CSV with columns cycle,id, or
    (cycle, ids) pairs, oldest first; `terms`: consecutive terms including the last cycle
    for members whose earlier terms the history lacks, also read from a `terms` column of the
    file) under the constraint file's rules and its [renewal]
    section: members at the term limit and those named leaving go, the rotation and
    continuity rules hold, under-represented values get their priority, and the renewed
    whole meets every hard rule, as balanced as possible (select's objective). When no
    renewed group keeps the rules, `explanation` says why."""
    settings = SolverSettings(seed=seed, workers=workers, time_limit=time_limit)
    files: dict[str, Any] = {}
    past = _history(history, files, terms)
    problem, provenance = _load(candidates, constraints, None, settings)
    provenance |= files
    request = renewal_problem(problem, past, cycle)
    result = renew_problem(request, settings, progress, provenance)
    if result.status == Status.INFEASIBLE:
        result = dataclasses.replace(result, explanation=_why_not(request.problem, settings))
    return result


DropoutRates = str | os.PathLike[str] | dict[str, float]


def reserves(
    roster: Roster,
    candidates: Candidates,
    constraints: Constraints,
    length: int = 10,
    rate: float = 0.2,
    rates: DropoutRates | None = None,
    runs: int = 200,
    seed: int = 0,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Reserves:
    """An ordered reserve list of `length` for a sitting group, and the simulated outcome of
    `runs` seeded rounds of dropouts, replaced from it, beside the usual practice (a random
    order of the remaining pool, next in line).

    Every member drops out with probability `rate`, unless `rates` says otherwise: a mapping
    id -> probability, or a CSV with columns `id,rate` (per person) or `column,value,rate`
    (per group: everyone with that value)."""
    files: dict[str, Any] = {}
    ids, name = _roster_ids(roster, files)
    settings = SolverSettings(seed=seed, time_limit=time_limit)
    problem, provenance = _load(candidates, constraints, len(ids), settings)
    provenance |= files
    chances = _dropout_rates(problem, ids, rate, rates, provenance)
    result = reserves_problem(problem, ids, length, chances, runs, seed, time_limit)
    return dataclasses.replace(result, roster_name=name, provenance=provenance)


def _dropout_rates(
    problem: Problem,
    members: list[str],
    rate: float,
    rates: DropoutRates | None,
    provenance: dict[str, Any],
) -> list[float]:
    """Each member's dropout probability: `rate`, overridden per person or per group."""
    where = "--dropout-rate"
    out = dict.fromkeys(members, float(rate))
    if isinstance(rates, dict):
        out.update({str(k): float(v) for k, v in rates.items() if str(k) in out})
        where = "dropout rates"
    elif rates is not None:
        path = Path(rates)
        frame = read_csv_text(path, "dropout rates")
        provenance["dropout_rates"] = {"path": str(path), "sha256": sha256_file(path)}
        where = str(path)
        out.update(_rates_from_frame(problem, members, frame, where))
    bad = [m for m, p in out.items() if not 0 <= p <= 1]
    if bad:
        raise InputError(
            f"{where}: dropout probability of {bad[0]} is {out[bad[0]]:g}; give a number "
            "between 0 and 1.",
            code="bad_dropout_rate",
        )
    return [out[m] for m in members]


def _rates_from_frame(
    problem: Problem, members: list[str], frame: pd.DataFrame, where: str
) -> dict[str, float]:
    """A rates CSV: `id,rate` or `column,value,rate`; every problem found at once."""
    columns = set(frame.columns)
    found: list[InputProblem] = []
    out: dict[str, float] = {}

    def number(cell: object, line: int) -> float | None:
        text = str(cell).strip()
        try:
            return float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            found.append(
                InputProblem(
                    "bad_dropout_rate", f"{where}: row {line}: rate {cell!r} is not a number."
                )
            )
            return None

    pool = problem.pool.set_index("id")
    sitting = set(members)
    if {"id", "rate"} <= columns:
        for line, (i, cell) in enumerate(zip(frame["id"], frame["rate"], strict=True), start=2):
            p = number(cell, line)
            if str(i) not in sitting:
                found.append(
                    InputProblem(
                        "rate_not_member",
                        f"{where}: row {line}: {i!r} is not a member of the roster.",
                    )
                )
            elif p is not None:
                out[str(i)] = p
    elif {"column", "value", "rate"} <= columns:
        for line, (c, v, cell) in enumerate(
            zip(frame["column"], frame["value"], frame["rate"], strict=True), start=2
        ):
            p = number(cell, line)
            if c not in pool.columns:
                found.append(
                    InputProblem(
                        "unknown_column",
                        f"{where}: row {line}: the candidates have no column {c!r}.",
                    )
                )
                continue
            hit = [m for m in members if str(pool.at[m, c]) == str(v)]
            if not hit:
                found.append(
                    InputProblem(
                        "unknown_value",
                        f"{where}: row {line}: no member has {c} = {v!r}.",
                    )
                )
            elif p is not None:
                out.update(dict.fromkeys(hit, p))
    else:
        found.append(
            InputProblem(
                "bad_rates_file",
                f"{where}: needs the columns id,rate (per person) or column,value,rate "
                "(per group).",
            )
        )
    if found:
        raise InputError(problems=found)
    return out


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
        check = dataclasses.replace(check, reason="inputs_differ")
    checks.append(check)
    ids, by_rows = None, False
    if isinstance(panel, str | os.PathLike):  # a people file's layout has no ids: by its rows
        ids, by_rows = read_panel_ids(panel, paths["candidates"], prefer=trace.members)
    elif panel is not None:
        ids = [str(i) for i in panel]
    checks.append(panel_check(trace, record, ids, by_rows))
    interrupted = recomputed is not None and recomputed.status == Status.INTERRUPTED
    return Verification(trace, checks, record, interrupted=interrupted)
