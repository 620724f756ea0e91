"""Renewals (`renew`) as a Document: who leaves (term limit, rule, choice) and who joins,
how the balance moves from the last cycle to this one, then the renewed group like
`select`'s report."""

from __future__ import annotations

from ..results import RenewResult
from . import words
from .document import Block, Document, Heading, Table, lines
from .explain import explanation_blocks
from .selection import figures as selection_figures
from .selection import selection_blocks


def headline(result: RenewResult) -> str:
    """'Renewing cycle 2026 from 2025 (50 members): 38 stayed, 12 left, 12 joined.'"""
    request = result.request
    last = request.history.cycles[-1]
    if not result.has_group:
        return (
            f"Renewing cycle {request.cycle} from {last} ({len(result.last)} members): "
            "no renewed group keeps every hard rule."
        )
    return (
        f"Renewing cycle {request.cycle} from {last} ({len(result.last)} members): "
        f"{len(result.stayed)} stayed, {len(result.left)} left, {len(result.joined)} joined."
    )


def how_lines(result: RenewResult) -> list[str]:
    request = result.request
    out = []
    if result.has_group:
        out.append(
            f"Left: {len(result.left_by_term_limit)} at the term limit, "
            f"{len(result.left_by_rule)} named leaving, {len(result.left_by_choice)} rotated "
            f"out by choice; joined: {len(result.joined)} ({len(result.returning)} returning "
            "from earlier cycles)."
        )
        out.append(
            "Chosen to keep every hard rule and the renewal rules, with the best balance "
            f"(select's objective): {words.selection_headline(result.selection)}."
        )
    if request.priority_column is not None:
        shown = ", ".join(request.priority_values[:12])
        more = "" if len(request.priority_values) <= 12 else ", …"
        out.append(
            f"Priority {request.priority_column} values (under-represented): "
            f"{len(request.priority_values)} ({shown}{more})."
        )
    return out


def diff_table(result: RenewResult) -> Table:
    """Who left (and why) and who joined, with the columns the rules look at."""
    problem = result.problem
    index_of = {v: i for i, v in enumerate(problem.ids)}
    columns = words.person_columns(result.problem)
    pool = problem.pool
    terms = result.request.terms
    returning = set(result.returning)
    rows: list[list[str]] = []
    changes = (
        ("left: term limit", result.left_by_term_limit),
        ("left: leaving", result.left_by_rule),
        ("left: rotated out", result.left_by_choice),
        ("joined", result.joined),
    )
    for change, ids in changes:
        for i in ids:
            row = pool.iloc[index_of[i]]
            label = "joined: returning" if change == "joined" and i in returning else change
            served = str(terms.get(i, 0)) if change.startswith("left") else "0"
            rows.append([label, *(str(row[c]) for c in columns), served])
    return Table(
        f"Roster changes ({len(result.stayed)} stayed)",
        ("change", *columns, "terms served"),
        rows,
        align="l" * (len(columns) + 1) + "r",
    )


def balance_table(result: RenewResult) -> Table | None:
    """Seats of every value of every dimension, last cycle against this one."""
    before = result.request.before
    after = result.selection.check
    if before is None or after is None:
        return None
    rows: list[list[str]] = []
    for b, a in zip(before.balance, after.balance, strict=True):
        seats_before = {v.value: v.seats for v in b.values}
        for v in a.values:
            old = seats_before.get(v.value, 0)
            target = words.DASH if v.target_seats is None else words.num(v.target_seats)
            rows.append([a.column, v.value, str(old), str(v.seats), f"{v.seats - old:+d}", target])
        dev_b = words.DASH if b.deviation is None else words.num(float(b.deviation))
        dev_a = words.DASH if a.deviation is None else words.num(float(a.deviation))
        rows.append([a.column, "seats out of place", dev_b, dev_a, "", ""])
    return Table(
        "Balance: last cycle against this one",
        ("dimension", "value", "last cycle", "this cycle", "change", "target seats"),
        rows,
        align="llrrrr",
    )


def document(result: RenewResult) -> Document:
    blocks: list[Block] = [lines(headline(result), *how_lines(result))]
    before = result.request.before
    if before is not None and not before.ok:
        blocks.append(
            lines(
                f"The last cycle breaks {len(before.failures)} hard rule(s) of these "
                "constraints (the renewed group must keep them).",
                style="warn",
            )
        )
    figures = [("Stayed", str(len(result.stayed))), ("Left", str(len(result.left)))]
    selection = result.selection
    if result.has_group:
        figures.append(("Joined", str(len(result.joined))))
        blocks += [Heading("Roster changes"), diff_table(result)]
        table = balance_table(result)
        if table is not None:
            blocks += [Heading("Balance, before and after"), table]
        after = selection.check
        if before is not None and after is not None:
            blocks.append(
                lines(
                    *(f"Last cycle: {t}" for t in words.objective_lines(before)),
                    *(f"This cycle: {t}" for t in words.objective_lines(after)),
                )
            )
        blocks += [Heading("The renewed group"), *selection_blocks(selection)]
        figures += [f for f in selection_figures(selection) if f[0] != "Status"]
    else:
        blocks.append(lines("No renewed group keeps every hard rule.", style="alert"))
        if result.explanation is not None:
            blocks += explanation_blocks(result.explanation)
        else:
            blocks += selection_blocks(selection)
    status = ("Status", words.status_words(result.status))
    return Document("Renewal", tuple(blocks), (status, *figures))


def history_csv(result: RenewResult) -> str:
    """The history with the renewed group as its newest cycle (columns cycle,id,terms; terms,
    each member's consecutive terms including it, on the newest cycle's rows): the input of
    the next renewal."""
    from ..io import neutralise_cell

    rows = ["cycle,id,terms"]
    history = result.history_after()
    served = result.terms_after()
    for n, (cycle, ids) in enumerate(history):
        newest = n == len(history) - 1
        for i in ids:
            terms = str(served[i]) if newest else ""
            rows.append(f"{_cell(neutralise_cell(cycle))},{_cell(neutralise_cell(i))},{terms}")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text
