"""A verifiable draw as Documents: the commitment (`commit`), the draw (`draw`) and its
verification (`verify`), each with the numbers a reader needs to redo it by hand."""

from __future__ import annotations

from typing import Any

from ..results.draw import Commitment, DrawResult, DrawTrace, Verification, VerifyCheck
from . import words
from .document import Block, Document, Heading, Table, lines
from .lottery import document as lottery_document
from .lottery import summary_lines
from .selection import selection_blocks


def commitment_document(result: Commitment) -> Document:
    """The commitment: its hash first (that is what to announce), then what it pins."""
    record = result.record
    if record is None:  # no distribution: the lottery's own account (why not)
        return lottery_document(result.lottery)
    source = record["public_source"]
    drand = source.get("drand_round")
    dist = record["distribution"]
    inputs = record["inputs"]
    blocks: list[Block] = [
        lines(
            f"Commitment SHA-256: {result.sha256}",
            "Publish the commitment file and this hash before the public value is known; "
            "then run `wgigbalance draw` with the public value.",
        ),
        lines(*summary_lines(result.lottery)),
        Heading("What the commitment pins"),
        lines(
            f"Public random source: {source['announcement']}"
            + (f" (drand round {drand})" if drand is not None else ""),
            f"Candidates: {inputs['candidates']['path']} "
            f"(SHA-256 {inputs['candidates']['sha256']})",
            f"Constraints: {inputs['constraints']['path']} "
            f"(SHA-256 {inputs['constraints']['sha256']})",
            f"Tool: wgigbalance {record['tool']['version']} (OR-Tools "
            f"{record['tool'].get('ortools', 'unknown')}); settings: "
            + ", ".join(f"{k} {v}" for k, v in sorted(record["settings"].items())),
            f"Distribution: {len(dist['groups'])} group(s), total weight "
            f"{dist['total_weight']}"
            + (", each equally likely" if record["lottery"]["uniform_over_listed_groups"] else ""),
            listed=True,
        ),
    ]
    if not result.lottery.proven_fair:
        blocks.insert(
            1,
            lines(
                "warning: the lottery is NOT proven fair (stopped before the optimum): "
                "`verify` cannot recompute the same distribution from the inputs.",
                style="warn",
            ),
        )
    return Document(
        "Commitment to a lottery",
        tuple(blocks),
        (("Commitment SHA-256", result.sha256), ("Groups", str(len(dist["groups"])))),
    )


def trace_lines(trace: DrawTrace) -> list[str]:
    """The draw's steps with their numbers, numbered as in the README ("Verifiable draws")."""
    return [
        f"Commitment SHA-256: {trace.commitment_sha256}",
        f"Step 1: Public value {trace.public_value!r}, normalised: {trace.normalised}",
        f"Step 2: Key: {trace.key}",
        f"Step 3: Seed = SHA-256 of the key: {trace.seed}",
        f"Step 4: Seed as a number, modulo the total weight {trace.total_weight}: {trace.number}",
        f"Step 5: Drawn: committed group {trace.group} of {trace.groups} (the first whose running "
        f"total of weights exceeds {trace.number})",
    ]


def _roster_blocks(result: DrawResult) -> list[Block]:
    """The drawn group like `select`'s roster, its footer saying how it was drawn (no solver
    ran: no seed or solver settings to show)."""
    blocks = selection_blocks(result.drawn)
    check = result.drawn.check
    if check is None:
        return blocks
    inputs = result.record.get("inputs", {})
    footer = [
        *words.objective_lines(check),
        f"Status: drawn from the commitment (group {result.trace.group} of "
        f"{result.trace.groups}), not optimised",
        *(
            f"{key.capitalize()}: {inputs[key]['path']} (sha256 {inputs[key]['sha256'][:16]}…)"
            for key in ("candidates", "constraints")
            if key in inputs
        ),
    ]
    # the selection's footer (from its "Objective and solver" heading) gives way to this one
    cut = next(
        (
            n
            for n, b in enumerate(blocks)
            if isinstance(b, Heading) and b.text == "Objective and solver"
        ),
        len(blocks),
    )
    return [*blocks[: cut + 1], lines(*footer, listed=True)]


def draw_document(result: DrawResult) -> Document:
    trace = result.trace
    blocks: list[Block] = [
        lines(f"Drawn: committed group {trace.group} of {trace.groups}."),
        Heading("How it was drawn"),
        lines(*trace_lines(trace), listed=True),
        Heading("The drawn group"),
        lines(", ".join(trace.members), only="document"),
        *_roster_blocks(result),
    ]
    return Document(
        "Verifiable draw",
        tuple(blocks),
        (("Group", f"{trace.group} of {trace.groups}"), ("Seed", trace.seed[:16] + "…")),
    )


ITEMS = {
    "commitment_hash": "commitment hash",
    "candidates": "candidate file",
    "constraints": "constraint file",
    "tool_version": "tool version",
    "distribution": "distribution",
    "panel": "panel",
}
REASONS = {
    "not_given": "not given",
    "not_recomputed": "not recomputed (--no-recompute)",
    "inputs_differ": "not recomputed: the input files differ",
    "interrupted": "recomputation interrupted (Ctrl-C)",
}


def _groups(d: dict[str, Any]) -> str:
    return f"{d['groups']} group(s), total weight {d['total_weight']}"


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) or "none"


def _versions(d: dict[str, Any]) -> str:
    return f"wgigbalance {d['version']}, OR-Tools {d.get('ortools') or 'unknown'}"


def check_cells(check: VerifyCheck) -> tuple[str, str]:
    """What the commitment says and what was found, in words, for one check."""
    c, f = check.committed, check.found
    if check.item in ("candidates", "constraints"):
        return f"{c['path']} SHA-256 {c['sha256']}", f"{f['path']} SHA-256 {f['sha256']}"
    if check.item == "commitment_hash":
        return c.get("sha256", REASONS["not_given"]), f["sha256"]
    if check.item == "tool_version":
        return _versions(c), _versions(f)
    if check.item == "distribution":
        if check.reason in REASONS:
            return _groups(c), REASONS[check.reason]
        if check.reason == "no_distribution":
            return _groups(c), f"no distribution ({f['status']})"
        found = _groups(f)
        if f.get("differ"):
            found += "; groups that differ: " + ", ".join(str(n) for n in f["differ"][:10])
        if f.get("proven_fair") is False and check.status == "mismatch":
            found += " (the recomputed lottery is not proven fair: give more --time-limit)"
        return _groups(c), found
    expected = f"group {c['group']}: {_ids(c['members'])}"
    if check.reason == "not_given":
        return expected, "no panel file given"
    how = " (no id column: matched by its rows)" if f.get("by_rows") else ""
    if check.status == "match":
        return expected, f"the panel file{how}: the same members"
    listed = f.get("listed_as")
    found = (
        f"the panel file{how} is committed group {listed}, not {c['group']}"
        if listed is not None
        else f"the panel file{how} is no committed group"
    )
    return expected, f"{found} (missing: {_ids(f['missing'])}; not drawn: {_ids(f['extra'])})"


def check_message(check: VerifyCheck) -> str:
    """One sentence for a check (the JSON's `message`)."""
    committed, found = check_cells(check)
    what = ITEMS[check.item]
    if check.status == "match":
        return f"{what}: match ({found})"
    status = "MISMATCH" if check.status == "mismatch" else check.status
    return f"{what}: {status}: committed {committed}; found {found}"


def verification_document(result: Verification) -> Document:
    if result.match:
        verdict = lines("MATCH: every check agrees with the commitment.")
    else:
        what = ", ".join(ITEMS[c.item] for c in result.mismatches)
        verdict = lines(f"MISMATCH: {what} differ(s) from the commitment.", style="alert")
    rows = [[ITEMS[c.item], c.status, *check_cells(c)] for c in result.checks]
    alerts = frozenset(i for i, c in enumerate(result.checks) if c.status == "mismatch")
    table = Table(
        "Checks", ("what", "result", "committed", "found"), rows, align="llll", alerts=alerts
    )
    blocks: list[Block] = [
        verdict,
        table,
        Heading("The draw, redone"),
        lines(*trace_lines(result.trace), listed=True),
    ]
    return Document(
        "Verification of a draw",
        tuple(blocks),
        (("Result", "match" if result.match else "mismatch"),),
    )
