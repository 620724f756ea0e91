"""A verifiable draw (README, "Verifiable draws"): commit to a lottery, draw with a public
random value announced in advance, and let anyone verify.

Everything here is exact and written so that it can be redone without Python: the
commitment is a JSON file whose SHA-256 (`sha256sum`) is its hash; the seed is the SHA-256
of "<commitment hash>/<normalised public value>" (after RFC 3797); the group is found by
integer arithmetic on that seed (no floating point anywhere).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Literal

from ..errors import InputError
from ..problem import Problem
from ..results import LotteryResult, SelectionResult
from ..results.draw import CheckStatus, Commitment, DrawResult, DrawTrace, VerifyCheck
from ..roster import check_roster
from ..settings import SolverSettings, Status, tool_version

FORMAT = "wgigbalance-commitment/1"
PROCEDURE = "wgigbalance-draw/1: README, section 'Verifiable draws'"
# A distribution's probabilities are committed as whole numbers of billionths.
WEIGHT_SCALE = 10**9
SETTINGS = ("objective", "within", "size", "seed", "panels", "time_limit")
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_NUMBER = re.compile(r"[0-9]+")


def commitment_record(
    lottery: LotteryResult,
    inputs: dict[str, Any],
    settings: dict[str, Any],
    source: str,
    drand_round: int | None = None,
) -> dict[str, Any]:
    """The public record of a lottery before its draw. `inputs`: the candidate and
    constraint files' path and SHA-256 (the provenance record); `settings`: what the lottery
    was computed with; `source`: the public random value to be used, as announced."""
    if not source.strip():
        raise InputError("announce the public random source (--source), e.g. a drand round.")
    ids = lottery.problem.ids
    if lottery.rounded is not None:  # --panels M: the M listed groups, each equally likely
        groups = [(1, rows) for rows in lottery.rounded]
    else:
        groups = [(max(1, round(w * WEIGHT_SCALE)), rows) for w, rows in lottery.panels]
    return {
        "format": FORMAT,
        "procedure": PROCEDURE,
        "tool": {"name": "wgigbalance", "version": tool_version(), "ortools": _ortools()},
        "inputs": {key: dict(inputs[key]) for key in ("candidates", "constraints")},
        "settings": dict(settings),
        "lottery": {
            "status": str(lottery.status),
            "proven_fair": lottery.proven_fair,
            "uniform_over_listed_groups": lottery.rounded is not None,
        },
        "public_source": {"announcement": source.strip(), "drand_round": drand_round},
        "distribution": {
            "total_weight": sum(w for w, _ in groups),
            "groups": [
                {"group": n + 1, "weight": w, "members": [ids[r] for r in rows]}
                for n, (w, rows) in enumerate(groups)
            ],
        },
    }


def _ortools() -> str:
    """The OR-Tools version: a recomputed lottery is bit-identical on the same one."""
    import importlib.metadata

    try:
        return importlib.metadata.version("ortools")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def commitment_text(record: dict[str, Any]) -> str:
    """The commitment file's exact text: JSON, keys sorted, two-space indent, UTF-8, one
    final newline. Its SHA-256 is the commitment's hash."""
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def commit_lottery(
    lottery: LotteryResult,
    inputs: dict[str, Any],
    settings: dict[str, Any],
    source: str,
    drand_round: int | None = None,
) -> Commitment:
    """The commitment to a lottery's distribution (none when it has no distribution, or was
    interrupted)."""
    if not lottery.has_distribution or lottery.status == Status.INTERRUPTED:
        return Commitment(lottery, None)
    record = commitment_record(lottery, inputs, settings, source, drand_round)
    text = commitment_text(record)
    return Commitment(lottery, record, text, sha256_text(text))


def read_commitment(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """A commitment file's record and hash (the SHA-256 of its bytes, exactly as they are)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read the commitment ({exc.strerror or exc}).") from None
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{p}: not a commitment file (not JSON: {exc}).") from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise InputError(
            f'{p}: not a commitment file (no "format": "{FORMAT}"); write one with '
            "`wgigbalance commit`."
        )
    try:
        groups = record["distribution"]["groups"]
        weights = [g["weight"] for g in groups]
        ok = all(isinstance(w, int) and w > 0 for w in weights) and all(
            isinstance(g["members"], list) for g in groups
        )
        ok = ok and bool(groups) and record["distribution"]["total_weight"] == sum(weights)
        ok = ok and set(SETTINGS) <= set(record["settings"])
        record["inputs"]["candidates"]["sha256"], record["inputs"]["constraints"]["sha256"]
    except (KeyError, TypeError):
        ok = False
    if not ok:
        raise InputError(f"{p}: the commitment is damaged (its distribution or inputs).")
    return record, hashlib.sha256(raw).hexdigest()


def normalise_public_value(text: str) -> str:
    """The public value as hashed: 64 hex digits (a drand round's randomness) in lower case;
    otherwise numbers, groups separated by '/', after RFC 3797: in each group the numbers
    in ascending order without leading zeros, each followed by '.', each group by '/'
    ("17 3 42 / 8 1" → "3.17.42./1.8./")."""
    value = text.strip()
    if _HEX64.fullmatch(value):
        return value.lower()
    groups = []
    for part in value.split("/"):
        tokens = [t for t in re.split(r"[\s,.;]+", part) if t]
        if not tokens:
            continue
        if not all(_NUMBER.fullmatch(t) for t in tokens):
            raise InputError(
                f"public value {text!r}: give 64 hex digits (a drand randomness) or numbers "
                "(groups separated by '/', e.g. '17 3 42 / 8 1')."
            )
        groups.append("".join(f"{n}." for n in sorted(int(t) for t in tokens)) + "/")
    if not groups:
        raise InputError("the public value is empty; give the numbers or the drand randomness.")
    return "".join(groups)


def draw_trace(record: dict[str, Any], commitment_sha256: str, public_value: str) -> DrawTrace:
    """The draw, step by step: key = "<commitment hash>/<normalised value>", seed =
    SHA-256(key), number = seed (as a 256-bit integer) mod the total weight, and the group
    is the first whose running total of weights exceeds the number."""
    normalised = normalise_public_value(public_value)
    key = f"{commitment_sha256}/{normalised}"
    seed = hashlib.sha256(key.encode("utf-8")).hexdigest()
    groups = record["distribution"]["groups"]
    total = sum(int(g["weight"]) for g in groups)
    number = int(seed, 16) % total
    running, group = 0, 0
    for group, entry in enumerate(groups, start=1):  # noqa: B007 (the group drawn)
        running += int(entry["weight"])
        if number < running:
            break
    return DrawTrace(
        commitment_sha256,
        public_value,
        normalised,
        key,
        seed,
        total,
        number,
        group,
        len(groups),
        [str(i) for i in entry["members"]],
    )


def draw_committed(
    problem: Problem, record: dict[str, Any], commitment_sha256: str, public_value: str
) -> DrawResult:
    """The group the public value draws from the commitment, as a roster of `problem`."""
    trace = draw_trace(record, commitment_sha256, public_value)
    unknown = sorted(set(trace.members) - set(problem.ids))
    if unknown:
        raise InputError(
            f"the committed group {trace.group} names ids the candidate file does not have: "
            + ", ".join(unknown[:5])
        )
    check = check_roster(problem, trace.members)
    where = {"group": trace.group, "of": trace.groups, "committed": True}
    provenance = {
        "drawn_from": where,
        "commitment_sha256": commitment_sha256,
        "public_value_normalised": trace.normalised,
        "seed_sha256": trace.seed,
        "inputs": record["inputs"],
    }
    seed = int(trace.seed, 16) % (2**64)
    settings = SolverSettings(seed=seed)
    drawn = SelectionResult(Status.DRAWN, problem, settings, [], check, provenance)
    return DrawResult(trace, drawn, record)


def file_check(
    item: Literal["candidates", "constraints"], committed: dict[str, Any], path: str, sha256: str
) -> VerifyCheck:
    """A committed input file against the one given."""
    same = committed["sha256"] == sha256
    return VerifyCheck(
        item,
        "match" if same else "mismatch",
        {"path": str(committed.get("path", "")), "sha256": committed["sha256"]},
        {"path": path, "sha256": sha256},
        "" if same else f"{item}_changed",
    )


def _summary(distribution: dict[str, Any]) -> dict[str, Any]:
    return {"groups": len(distribution["groups"]), "total_weight": distribution["total_weight"]}


def distribution_check(
    record: dict[str, Any], recomputed: LotteryResult | None, settings: dict[str, Any]
) -> VerifyCheck:
    """The committed distribution against the lottery recomputed from the inputs with the
    committed `settings` (None: not recomputed)."""
    committed = record["distribution"]
    summary = _summary(committed)
    if recomputed is None:
        return VerifyCheck("distribution", "not checked", summary, reason="not_recomputed")
    if recomputed.status == Status.INTERRUPTED:
        return VerifyCheck("distribution", "not checked", summary, reason="interrupted")
    if not recomputed.has_distribution:
        found = {"groups": 0, "total_weight": 0, "status": str(recomputed.status)}
        return VerifyCheck(
            "distribution", "mismatch", summary, found, "distribution_differs", "no_distribution"
        )
    again = commitment_record(recomputed, recomputed.provenance, settings, "recomputed")
    mine = again["distribution"]
    found = _summary(mine) | {"proven_fair": recomputed.proven_fair}
    if mine == committed:
        return VerifyCheck("distribution", "match", summary, found)
    pairs = zip(committed["groups"], mine["groups"], strict=False)
    found["differ"] = [int(a["group"]) for a, b in pairs if a != b]
    return VerifyCheck("distribution", "mismatch", summary, found, "distribution_differs")


def panel_check(
    trace: DrawTrace, record: dict[str, Any], panel: list[str] | None, by_rows: bool = False
) -> VerifyCheck:
    """The published panel against the group the public value draws. `by_rows`: the panel
    file had no ids, its people were found by their rows (identical rows are
    interchangeable, so only the rows are compared)."""
    expected = {"group": trace.group, "members": trace.members}
    if panel is None:
        return VerifyCheck("panel", "not checked", expected, reason="not_given")
    found: dict[str, Any] = {"members": list(panel), "by_rows": by_rows}
    if sorted(panel) == sorted(trace.members):
        return VerifyCheck("panel", "match", expected, found)
    listed = [
        int(g["group"])
        for g in record["distribution"]["groups"]
        if sorted(str(i) for i in g["members"]) == sorted(panel)
    ]
    found |= {
        "listed_as": listed[0] if listed else None,
        "missing": sorted(set(trace.members) - set(panel)),
        "extra": sorted(set(panel) - set(trace.members)),
    }
    return VerifyCheck("panel", "mismatch", expected, found, "panel_differs")


def version_check(record: dict[str, Any]) -> VerifyCheck:
    """The tool version: a note (the draw does not depend on it; a recomputed distribution
    might)."""
    tool = record.get("tool", {})
    committed = {"version": str(tool.get("version", "")), "ortools": str(tool.get("ortools", ""))}
    now = {"version": tool_version(), "ortools": _ortools()}
    status: CheckStatus = "match" if committed == now else "note"
    return VerifyCheck("tool_version", status, committed, now)


def hash_check(commitment_sha256: str, announced: str | None) -> VerifyCheck:
    """The commitment file's hash against the one announced before the draw."""
    found = {"sha256": commitment_sha256}
    if announced is None:
        return VerifyCheck("commitment_hash", "not checked", {}, found, reason="not_given")
    same = announced.strip().lower() == commitment_sha256
    return VerifyCheck(
        "commitment_hash",
        "match" if same else "mismatch",
        {"sha256": announced.strip().lower()},
        found,
        "" if same else "commitment_changed",
    )
