"""Replacements (`replace`) as a Document: the roster diff (stayed / left / joined), the
chances of joining when drawn, then the completed group like `select`'s report."""

from __future__ import annotations

from ..results import ReplaceResult
from . import words
from .document import Block, Document, Heading, Table, lines
from .explain import explanation_blocks
from .selection import figures as selection_figures
from .selection import selection_blocks


def headline(result: ReplaceResult) -> str:
    """'Replacing 2 dropout(s) of roster.csv: 28 stayed, 2 left, 2 joined.'"""
    request = result.request
    joined = f", {len(result.joined)} joined" if result.has_group else ", no one joined"
    return (
        f"Replacing {len(request.dropped)} dropout(s) of {request.roster_name} "
        f"({len(request.roster)} members): {len(result.stayed)} stayed, "
        f"{len(result.left)} left{joined}."
    )


def how_lines(result: ReplaceResult) -> list[str]:
    """How the replacements were chosen, in words."""
    if result.mode == "optimised":
        if not result.has_group:
            return []
        assert result.selection is not None
        return [
            "Replacements chosen from those not selected to keep every hard rule and the "
            f"best balance (select's objective): {words.selection_headline(result.selection)}."
        ]
    lot = result.lottery
    out = [] if lot is None else [words.lottery_status_line(lot)]
    if result.selection is not None:
        seed = result.selection.settings.seed
        where = words.drawn_from(result.selection.provenance)
        within = (
            ""
            if lot is None or lot.within is None
            else f" within {lot.within:g} % of the best balance"
        )
        fairness = "" if lot is None else f" ({lot.objective})"
        out.append(
            f"Replacements drawn with seed {seed} ({where}) from the fair lottery{fairness} "
            f"over the valid completions{within}."
        )
    return out


def diff_table(result: ReplaceResult) -> Table:
    """Who left and who joined, with the columns the rules look at."""
    problem = result.problem
    index_of = {v: i for i, v in enumerate(problem.ids)}
    columns = words.person_columns(result.problem)
    pool = problem.pool
    rows: list[list[str]] = []
    for change, ids in (("left", result.left), ("joined", result.joined)):
        for i in ids:
            row = pool.iloc[index_of[i]]
            rows.append([change, *(str(row[c]) for c in columns)])
    return Table(
        f"Roster changes ({len(result.stayed)} stayed)",
        ("change", *columns),
        rows,
        align="l" * (len(columns) + 1),
    )


def chance_table(result: ReplaceResult, limit: int | None = None) -> Table:
    """Each candidate's chance of joining, highest first (those with none are counted)."""
    ranked = sorted(
        ((p, i) for i, p in result.probabilities.items() if p > 1e-9), key=lambda x: (-x[0], x[1])
    )
    if limit is not None:
        ranked = ranked[:limit]
    named = "name" in result.problem.pool.columns
    names = (
        dict(zip(result.problem.ids, result.problem.pool["name"].astype(str).tolist(), strict=True))
        if named
        else {}
    )
    rows = [[i, *([names[i]] if named else []), f"{p:.4f}"] for p, i in ranked]
    header = ("id", *(("name",) if named else ()), "chance of joining")
    title = "Highest chances of joining" if limit is not None else "Chances of joining"
    return Table(
        title,
        header,
        rows,
        align="l" * (len(header) - 1) + "r",
        only="terminal" if limit is not None else "document",
    )


def document(result: ReplaceResult) -> Document:
    blocks: list[Block] = [lines(headline(result), *how_lines(result))]
    figures = [("Stayed", str(len(result.stayed))), ("Left", str(len(result.left)))]
    if result.has_group:
        figures.append(("Joined", str(len(result.joined))))
    blocks += [Heading("Roster changes"), diff_table(result)]
    if result.lottery is not None and result.lottery.has_distribution:
        chances = result.probabilities
        with_chance = sum(1 for p in chances.values() if p > 1e-9)
        blocks.append(
            lines(
                f"{with_chance} of {len(chances)} candidates who could join have a chance "
                "(the others fit no valid completion)."
            )
        )
        blocks += [chance_table(result, 10), Heading("Chances of joining"), chance_table(result)]
    selection = result.selection
    if selection is not None and selection.check is not None:
        blocks += [Heading("The replaced group"), *selection_blocks(selection)]
        figures += [f for f in selection_figures(selection) if f[0] != "Status"]
    else:
        blocks.append(lines("No replacement keeps every hard rule of the group.", style="alert"))
        if result.explanation is not None:
            blocks += explanation_blocks(result.explanation)
        elif selection is not None:
            blocks += selection_blocks(selection)
    status = ("Status", words.status_words(result.status))
    return Document("Replacements", tuple(blocks), (status, *figures))
