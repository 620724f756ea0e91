"""Trade-offs (prices of rules, frontiers) as a Document, and the frontier as a chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..problem import Problem
from ..results import Frontier, Price, Tradeoffs
from . import words
from .document import Block, Chart, Document, Table, lines

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def price_words(problem: Problem, p: Price) -> tuple[str, str, str]:
    """The rule a price is about as the user wrote it, and what relaxing and tightening it by
    one seat means (for the size, with the numbers)."""
    lo, hi = problem.size_min, problem.size_max
    if p.kind == "size_min":
        return (
            f"size: at least {lo}",
            f"minimum size {lo} → {lo - 1}",
            f"minimum size {lo} → {lo + 1}",
        )
    if p.kind == "size_max":
        return (
            f"size: at most {hi}",
            f"maximum size {hi} → {hi + 1}",
            f"maximum size {hi} → {hi - 1}",
        )
    if p.kind in ("min", "max") and p.bound is not None:
        bound = problem.bounds[p.bound]
        rule = f"{bound.label}: {bound.describe()}"
        if p.kind == "min":
            if bound.min_share or bound.min is None:
                return rule, "minimum one seat lower", "minimum one seat higher"
            return (
                rule,
                f"minimum {bound.min} → {bound.min - 1}",
                f"minimum {bound.min} → {bound.min + 1}",
            )
        if bound.max_share is not None or bound.max is None:
            return rule, "maximum one seat higher", "maximum one seat lower"
        return (
            rule,
            f"maximum {bound.max} → {bound.max + 1}",
            f"maximum {bound.max} → {bound.max - 1}",
        )
    if p.kind == "cap":
        return p.subject, "one more per group", "one fewer per group"
    kind = next((d.target_kind for d in problem.dimensions if d.column == p.subject), "")
    return (
        f"balance target of {p.subject} ({kind})",
        "one more seat out of place",
        "one fewer seat out of place",
    )


def frontier_note(f: Frontier) -> str:
    """How the frontier's points were chosen."""
    if f.kind == "size":
        return "every size in the range; sizes with no valid roster are left out"
    if f.kind == "merit" and f.merit_floors is not None:
        low, high = f.merit_floors
        return f"merit floors from {low:.1f} (best balance) to {high:.1f} (most merit)"
    return ""


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
        rows = []
        for price in t.prices:
            rule, relax, tighten = price_words(t.problem, price)
            rows.append(
                [
                    rule,
                    price.source,
                    price.measured_on,
                    f"{relax}: {words.outcome_text(price.relaxed, price.base)}",
                    f"{tighten}: {words.outcome_text(price.tightened, price.base)}",
                ]
            )
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
        note = frontier_note(f)
        note = f" ({note})" if note else ""
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
