"""Trade-offs (prices of rules, frontiers) as a Document, and the frontier as a chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..results import Tradeoffs
from . import words
from .document import Block, Chart, Document, Table, lines

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def status_lines(t: Tradeoffs) -> list[str]:
    """What the numbers below are worth: interrupted, or not all proven, or nothing to say."""
    out = []
    if t.interrupted:
        done = (
            f"{len(t.frontier.points)} frontier point(s)"
            if t.frontier is not None
            else f"{len(t.prices)} rule price(s)"
        )
        out.append(f"INTERRUPTED (Ctrl-C): only the {done} found so far are shown.")
    if t.base.check is not None and t.base.status != "optimal":
        out.append(f"Best roster {words.selection_headline(t.base)}.")
    if t.unproven:
        out.append(
            f"{t.unproven} solve(s) hit the time limit: their rosters are not proven optimal "
            "(give more --time-limit)."
        )
    return out


def tables(t: Tradeoffs) -> list[Table]:
    out = []
    if t.prices:
        rows = [
            [
                p.rule,
                p.source,
                p.measured_on,
                f"{p.relax_change}: {words.outcome_text(p.relaxed, p.base)}",
                f"{p.tighten_change}: {words.outcome_text(p.tightened, p.base)}",
            ]
            for p in t.prices
        ]
        out.append(
            Table(
                "Price of each rule (seats out of place: worst dimension, all dimensions)",
                ("rule", "from", "measured on", "relaxed by one seat", "tightened by one seat"),
                rows,
            )
        )
    if t.frontier is not None:
        f = t.frontier
        rows = []
        for n, p in enumerate(f.points):
            check = p.result.check
            worst, _, merit = words.objective_cells(check)
            size = words.DASH if check is None else str(check.size)
            rows.append([str(n + 1), words.num(p.x), words.num(p.y), size, worst, merit])
        note = f" ({f.note})" if f.note else ""
        out.append(
            Table(
                f"Frontier: {f.ylabel} against {f.xlabel}{note}",
                ("#", f.xlabel, f.ylabel, "size", "worst dimension", "merit"),
                rows,
            )
        )
    return out


def frontier_figure(t: Tradeoffs) -> Figure:
    """The frontier as a chart (for --plot and HTML)."""
    from .charts import frontier_plot

    f = t.frontier
    if f is None:
        raise InputError("--plot needs a frontier: add --between A B, --size or --merit.")
    return frontier_plot(
        [p.x for p in f.points],
        [p.y for p in f.points],
        f.xlabel,
        f.ylabel,
        f"{t.problem.spec.name or t.problem.source}",
        [p.label for p in f.points] if f.kind != "size" else None,
    )


def document(t: Tradeoffs) -> Document:
    base = "Best roster: " + (
        f"none ({words.status_words(t.base.status)})"
        if t.base.check is None
        else "; ".join(words.objective_lines(t.base.check))
    )
    blocks: list[Block] = [lines(*status_lines(t), base)]
    if t.frontier is not None and t.frontier.points:

        def svg() -> str:
            from .charts import svg_text

            return svg_text(frontier_figure(t))

        blocks.append(Chart("Frontier", svg))
    blocks += tables(t)
    figures = [("Status", str(t.status))]
    if t.base.check is not None:
        obj = t.base.check.objective
        figures.append(("Best worst dimension", f"{words.num(float(obj.worst()))} seats"))
    return Document("Trade-offs", tuple(blocks), tuple(figures))
