"""A fair lottery (`lottery`) as a Document: status, probabilities, the listed groups and
the drawn group."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..results import LotteryResult
from . import words
from .document import Block, Document, Heading, Table, lines
from .explain import explanation_blocks
from .selection import selection_blocks


def summary_lines(result: LotteryResult) -> list[str]:
    d = result.to_dict()
    within = (
        ""
        if result.within is None
        else f", among groups within {result.within:g} % of the best balance"
    )
    out = [
        words.lottery_status_line(result),
        f"Lottery ({result.objective}{within}): {d['groups_in_distribution']} group(s) in "
        f"the distribution, {result.columns} generated, {result.seconds:.2f} s.",
        f"Selection probability over {d['candidates_considered']} candidates who can sit: "
        f"min {d['min']:.4f}, mean {d['mean']:.4f}, max {d['max']:.4f}, Gini {d['gini']:.4f}; "
        f"expected group size {d['expected_size']:.2f}.",
    ]
    if d["candidates_never_eligible"]:
        out.append(
            f"{d['candidates_never_eligible']} candidate(s) cannot sit in any valid "
            "group (probability 0)."
        )
    if result.rounded is not None:
        out.append(
            f"Uniform lottery over {len(result.rounded)} listed groups (publishable); largest "
            f"change to anyone's probability: {result.rounding_error:.4f}."
        )
    return out


def probability_table(result: LotteryResult, limit: int | None = None) -> Table:
    """id, name (when the candidate file has one) and probability, lowest first; with a
    limit, the lowest among those who can sit (the others are counted apart)."""
    problem = result.problem
    order = np.argsort(result.probability, kind="stable")
    if limit is not None:
        order = order[result.considered[order]][:limit]
    named = "name" in problem.pool.columns
    names = problem.pool["name"].tolist() if named else None
    rows = []
    for i in order.tolist():
        name = [] if names is None else [str(names[i])]
        rows.append([problem.ids[i], *name, f"{result.probability[i]:.4f}"])
    header = ("id", *(("name",) if named else ()), "probability")
    if limit is None:
        return Table(
            "Selection probabilities", header, rows, align="l" * len(header), only="document"
        )
    return Table(
        "Lowest selection probabilities", header, rows, align="l" * len(header), only="terminal"
    )


def _terminal_only(blocks: list[Block]) -> list[Block]:
    """The drawn group's full report on the terminal; documents list its members only."""
    return [replace(b, only="terminal") for b in blocks if b.only in ("all", "terminal")]


def document(result: LotteryResult) -> Document:
    figures = [("Status", words.lottery_status_line(result).removeprefix("Lottery status: "))]
    if not result.has_distribution:
        blocks: list[Block] = [lines(words.lottery_status_line(result))]
        if result.explanation is not None:
            blocks += explanation_blocks(result.explanation)
        return Document("Fair lottery", tuple(blocks), tuple(figures))
    figures += [
        ("Minimum probability", f"{result.min_probability:.4f}"),
        ("Gini", f"{result.gini:.4f}"),
        ("Groups", str(len(result.panels))),
    ]
    blocks = [lines(*summary_lines(result)), probability_table(result, 10)]
    blocks += [Heading("Selection probabilities"), probability_table(result)]
    if result.rounded is not None:
        ids = result.problem.ids
        blocks += [
            Heading("Uniform lottery: the listed groups"),
            lines(
                *(
                    f"{n + 1}. " + ", ".join(ids[r] for r in g)
                    for n, g in enumerate(result.rounded)
                ),
                only="document",
            ),
        ]
    drawn = result.drawn
    if drawn is not None:
        seed = drawn.settings.seed
        blocks += [
            Heading(f"Drawn group (seed {seed})"),
            lines(", ".join(drawn.members), only="document"),
            lines(
                f"Drawn with seed {seed} ({words.drawn_from(drawn.provenance)}):",
                only="terminal",
            ),
            *_terminal_only(selection_blocks(drawn)),
        ]
    return Document("Fair lottery", tuple(blocks), tuple(figures))
