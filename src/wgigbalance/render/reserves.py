"""Reserves (`reserves`) as a Document: the ordered list, then the simulated outcome of the
optimised list beside the usual practice."""

from __future__ import annotations

from dataclasses import replace

from ..io import frame_to_safe_csv
from ..results import Reserves
from ..results.reserves import ReserveOutcome
from .document import Block, Document, Heading, Table, lines


def headline(result: Reserves) -> str:
    rates = set(result.dropout_rates.values())
    chance = (
        f"each member drops out with probability {next(iter(rates)):g}"
        if len(rates) == 1
        else "dropout probabilities per member as given"
    )
    return (
        f"Reserve list of {len(result.reserve)} for {result.roster_name} "
        f"({len(result.members)} members); {chance}, {result.expected_dropouts:.2f} "
        "dropouts expected."
    )


def reserve_table(result: Reserves) -> Table:
    """The list in order, with the columns the rules look at."""
    problem = result.problem
    pool = problem.pool
    wanted = ["id", "name", *(d.column for d in problem.dimensions)]
    columns = list(dict.fromkeys(c for c in wanted if c in pool.columns))
    rows = [
        [str(n + 1), *(str(pool.iloc[r][c]) for c in columns)]
        for n, r in enumerate(result.reserve_rows)
    ]
    return Table("Reserve list, in order", ("#", *columns), rows, align="r" + "l" * len(columns))


def outcome_table(result: Reserves) -> Table:
    runs = result.outcomes[0].runs if result.outcomes else 0
    header = (
        "reserve list, replacement rule",
        "group keeps every rule",
        "deviation, all dimensions",
        "deviation, worst dimension",
        "seats left empty",
    )
    rows = [
        [
            o.label,
            f"{o.valid_share * 100:.1f} %",
            f"{o.mean_total_deviation:.2f}",
            f"{o.mean_worst_deviation:.2f}",
            f"{o.mean_unfilled:.2f}",
        ]
        for o in result.outcomes
    ]
    return Table(f"Simulated dropouts ({runs} runs, the same for every list)", header, rows)


def verdict(best: ReserveOutcome, usual: ReserveOutcome) -> str:
    return (
        f"The optimised list, replacing with the best choice from it, keeps every hard rule in "
        f"{best.valid_share * 100:.1f} % of runs against {usual.valid_share * 100:.1f} % for "
        f"the usual practice, with an expected deviation of {best.mean_total_deviation:.2f} "
        f"seats out of place against {usual.mean_total_deviation:.2f}."
    )


def document(result: Reserves) -> Document:
    blocks: list[Block] = [lines(headline(result)), Heading("Reserve list"), reserve_table(result)]
    figures = [("Reserves", str(len(result.reserve))), ("Members", str(len(result.members)))]
    if len(result.outcomes) >= 2:
        best, usual = result.outcomes[0], result.outcomes[1]
        blocks += [
            Heading("Simulated dropouts"),
            outcome_table(result),
            lines(verdict(best, usual)),
        ]
        figures += [
            ("Valid (optimised)", f"{best.valid_share * 100:.1f} %"),
            ("Valid (usual practice)", f"{usual.valid_share * 100:.1f} %"),
        ]
    blocks.append(
        lines(
            "Rules: next in line takes the first unused reserves in list order; best from the "
            "list takes the replacements `replace` would choose if only the reserves could "
            "join (the best-balanced choice from it when none keeps the rules). Deviations in "
            "weighted seats "
            f"out of place; seed {result.seed}.",
            only="document",
        )
    )
    return Document("Reserves", tuple(blocks), tuple(figures))


def reserve_csv(result: Reserves) -> str:
    """The reserve list's rows, in order, with every input column and its rank first."""
    frame = result.problem.pool.iloc[result.reserve_rows].reset_index(drop=True)
    frame.insert(0, "reserve_rank", list(range(1, len(frame) + 1)))
    return frame_to_safe_csv(frame)


def appended(doc: Document, found: Reserves | None) -> Document:
    """A report with a reserve list after it (`select`/`lottery` asked with --reserves)."""
    if found is None:
        return doc
    extra = document(found)
    blocks = (*doc.blocks, Heading(f"Reserves ({len(found.reserve)})"), *extra.blocks)
    return replace(doc, blocks=blocks, figures=(*doc.figures, *extra.figures))
