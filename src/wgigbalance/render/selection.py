"""A selection (`select`, a lottery's drawn group) as a Document: roster, balance, hard
rules, objective and solver status."""

from __future__ import annotations

from ..results import SelectionResult
from ..roster import ConstraintCheck, RosterCheck
from . import words
from .document import Block, Document, Heading, Table, bullets, lines
from .explain import explanation_blocks
from .reasons import selection_reasons

BALANCE_HEADER = (
    "value",
    "seats",
    "share",
    "target",
    "target seats",
    "min",
    "max",
    "deviation",
    "holds",
)


def _bound(lo: int | None, hi: int | None) -> tuple[str, str]:
    return (words.DASH if not lo else str(lo)), (words.DASH if hi is None else str(hi))


def balance_tables(check: RosterCheck) -> list[Block]:
    """One table per dimension: seats against targets and bounds (failing rows flagged)."""
    tables: list[Block] = []
    for dim in check.balance:
        rows = []
        for v in dim.values:
            rows.append(
                [
                    v.value,
                    str(v.seats),
                    words.pct(v.share),
                    words.pct(v.target_share),
                    words.num(v.target_seats),
                    *_bound(v.low, v.high),
                    words.signed(v.deviation),
                    words.yes_no(v.holds),
                ]
            )
        alerts = frozenset(n for n, v in enumerate(dim.values) if not v.holds)
        tables.append(Table(words.dimension_title(dim), BALANCE_HEADER, rows, alerts=alerts))
    return tables


def constraint_tables(check: RosterCheck) -> list[Block]:
    """Every hard rule with its numbers: all of them in documents; on the terminal, caps
    that hold with room to spare are summed up in one line."""
    header = ("rule", "from", "holds")

    def row(c: ConstraintCheck) -> list[str]:
        return [words.constraint_message(c), c.source, words.yes_no(c.holds)]

    def failing(checks: list[ConstraintCheck]) -> frozenset[int]:
        return frozenset(n for n, c in enumerate(checks) if not c.holds)

    notable = [
        c
        for c in check.constraints
        if not (c.kind == "cap" and c.holds and (c.high is None or c.seats < c.high))
    ]
    shown = [row(c) for c in notable]
    quiet = len(check.constraints) - len(notable)
    if quiet:
        shown.append([f"{quiet} more caps hold with room to spare", "", "yes"])
    every = [row(c) for c in check.constraints]
    title = "Hard constraints"
    return [
        Table(title, header, shown, align="llr", alerts=failing(notable), only="terminal"),
        Heading(title),
        Table(
            title, header, every, align="llr", alerts=failing(check.constraints), only="document"
        ),
    ]


def roster_columns(result: SelectionResult) -> list[str]:
    """Columns worth a terminal: id, name, the balanced dimensions and merit (CSV has all)."""
    problem = result.problem
    wanted = ["id", "name", *(d.column for d in problem.dimensions)]
    if problem.merit_column:
        wanted.append(problem.merit_column)
    present = set(result.roster.columns)
    return list(dict.fromkeys(c for c in wanted if c in present))


def selection_blocks(result: SelectionResult) -> list[Block]:
    """The report's body, also used for a lottery's drawn group."""
    problem = result.problem
    title = problem.spec.name or problem.source
    check = result.check
    if check is None:
        blocks: list[Block] = [
            lines(f"No roster: {words.status_words(result.status)}", style="alert")
        ]
        if result.explanation is None:
            blocks.append(bullets(selection_reasons(result)))
        else:
            blocks += explanation_blocks(result.explanation)
        blocks.append(lines(*words.status_lines(result)[1:], listed=True))
        return blocks
    blocks = []
    if str(result.status) not in ("optimal", "drawn"):
        blocks.append(lines(f"Roster {words.selection_headline(result)}.", style="warn"))
    roster = result.roster
    shown = roster_columns(result)
    keep = frozenset(n for n, c in enumerate(shown) if c in ("id", problem.merit_column))
    blocks.append(
        Table(
            f"{title}: {check.size} members",
            shown,
            [[str(v) for v in row] for row in roster[shown].itertuples(index=False)],
            align="l" * len(shown),
            no_wrap=keep,
            fold=True,
            only="terminal",
        )
    )
    blocks.append(Heading(f"Roster ({check.size} members)"))
    columns = [str(c) for c in roster.columns]
    blocks.append(
        Table(
            "",
            columns,
            [[str(v) for v in row] for row in roster.itertuples(index=False)],
            align="l" * len(columns),
            only="document",
        )
    )
    blocks += [Heading("Balance"), *balance_tables(check), *constraint_tables(check)]
    blocks.append(Heading("Objective and solver"))
    blocks.append(lines(*words.objective_lines(check), *words.status_lines(result), listed=True))
    return blocks


def figures(result: SelectionResult) -> tuple[tuple[str, str], ...]:
    check = result.check
    out = [("Status", words.status_words(result.status))]
    if check is not None:
        out.append(("Members", str(check.size)))
        out += [
            ("Worst dimension", f"{words.num(float(check.objective.worst()))} seats out of place")
        ]
        out += [
            ("All dimensions", f"{words.num(float(check.objective.total()))} seats out of place")
        ]
    out.append(("Seed", str(result.settings.seed)))
    return tuple(out)


def document(result: SelectionResult) -> Document:
    problem = result.problem
    source = (
        [lines(f"Source: {problem.spec.source}", only="document")] if problem.spec.source else []
    )
    return Document(
        problem.spec.name or "Selection",
        (*source, *selection_blocks(result)),
        figures(result),
    )
