"""A verifiable draw as Documents: the commitment (`commit`), the draw (`draw`) and its
verification (`verify`), each with the numbers a reader needs to redo it by hand."""

from __future__ import annotations

from ..results.draw import Commitment, DrawResult, DrawTrace, Verification
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
            f"Tool: wgigbalance {record['tool']['version']}; settings: "
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
    return [*blocks[:-1], lines(*footer, listed=True)]


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


def verification_document(result: Verification) -> Document:
    if result.match:
        verdict = lines("MATCH: every check agrees with the commitment.")
    else:
        what = ", ".join(c.item for c in result.mismatches)
        verdict = lines(f"MISMATCH: {what} differ(s) from the commitment.", style="alert")
    rows = [[c.item, c.status, c.committed, c.found] for c in result.checks]
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
