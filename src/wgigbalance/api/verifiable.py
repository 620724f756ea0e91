"""The verifiable draw: `commit` to a lottery, `draw` with a public value, `verify` it."""

from __future__ import annotations

import dataclasses
import os
from typing import Any, Literal

from ..analyses.draw import (
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
from ..analyses.lottery import Objective as Objective
from ..errors import InputError
from ..io import (
    read_panel_ids,
    sha256_file,
)
from ..problem.load import load_problem
from ..results.draw import Commitment, DrawResult, Verification, VerifyCheck
from ..settings import (
    Progress,
    Status,
)
from .compose import lottery
from .inputs import FilePath, Roster


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
