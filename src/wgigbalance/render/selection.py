"""A selection (`select`, a lottery's drawn group) as a Document: roster, balance, hard
rules, objective and solver status."""

from __future__ import annotations

from dataclasses import replace

from ..results import SelectionResult
from ..roster import ConstraintCheck, RosterCheck
from . import words
from .document import Block, Document, Heading, Table, Where, bullets, lines
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


def _binds(c: ConstraintCheck) -> bool:
    """A rule that holds at its limit: its seats equal its minimum (above 0) or maximum."""
    if c.kind in ("include", "exclude", "not_together"):
        return False
    return (c.low > 0 and c.seats == c.low) or (c.high is not None and c.seats == c.high)


def _quiet_cap(c: ConstraintCheck) -> bool:
    return c.kind == "cap" and c.holds and not _binds(c)


def constraint_tables(check: RosterCheck, only: Where = "all") -> list[Block]:
    """Every hard rule with its numbers, except the caps that hold with room to spare (one
    line counts them); `only="detail"`: on the terminal with --verbose only."""
    header = ("rule", "from", "holds")

    def row(c: ConstraintCheck) -> list[str]:
        return [words.constraint_message(c), c.source, words.yes_no(c.holds)]

    notable = [c for c in check.constraints if not _quiet_cap(c)]
    shown = [row(c) for c in notable]
    quiet = len(check.constraints) - len(notable)
    if quiet:
        shown.append([f"{quiet} more caps hold with room to spare", "", "yes"])
    failing = frozenset(n for n, c in enumerate(notable) if not c.holds)
    title = "Hard constraints"
    return [
        Heading(title),
        Table(title, header, shown, align="llr", alerts=failing, only=only),
    ]


def rule_summary(check: RosterCheck) -> list[Block]:
    """The rules that fail or hold at their limit, one line each (a cap's values at its
    limit in one line), for the terminal's summary."""
    failing = [
        f"FAILS {words.constraint_message(c)} [{c.source}]"
        for c in check.constraints
        if not c.holds
    ]
    binding: list[str] = []
    caps: dict[str, list[ConstraintCheck]] = {}
    for c in check.constraints:
        if c.holds and _binds(c):
            if c.kind == "cap":
                caps.setdefault(c.source, []).append(c)
            else:
                binding.append(f"{words.constraint_message(c)} [{c.source}]")
    for source, at_cap in caps.items():
        binding.append(words.caps_at_limit(at_cap, source))
    blocks: list[Block] = []
    if failing:
        blocks += [
            lines(f"{len(failing)} hard rule(s) fail:", style="alert", only="terminal"),
            bullets(failing, style="alert", only="terminal"),
        ]
    if binding:
        blocks += [
            lines("Rules at their limit (all others hold with room):", only="terminal"),
            bullets(binding, only="terminal"),
        ]
    elif not failing:
        blocks.append(lines("Every hard rule holds with room to spare.", only="terminal"))
    return blocks


def roster_columns(result: SelectionResult) -> list[str]:
    """Columns worth a terminal: id, the name (or another display column), then the
    columns the rules use: balanced dimensions, quota and cap columns, merit (CSV has all)."""
    problem = result.problem
    spec = problem.spec
    name = words.display_column(result.roster.columns)
    display = [name] if name else []
    used: list[str] = [d.column for d in problem.dimensions]
    for quota in spec.quota:
        fe = quota.for_each
        used += [fe] if isinstance(fe, str) else list(fe or [])
        used += list(quota.where)
    for cap in spec.cap:
        used += [cap.column, *cap.where]
    if problem.merit_column:
        used.append(problem.merit_column)
    wanted = ["id", *display, *used]
    columns = set(result.roster.columns)
    return list(dict.fromkeys(c for c in wanted if c in columns))


def summary_lines(result: SelectionResult, check: RosterCheck) -> list[str]:
    """Status, size and balance, one line each: the first lines of every report."""
    size = next((c for c in check.constraints if c.kind == "size"), None)
    allowed = ""
    if size is not None:
        allowed = (
            f" (allowed {size.low})"
            if size.low == size.high
            else f" (allowed {size.low}–{size.high})"
        )
    return [
        f"Status: {words.status_words(words.shown_status(result))}",
        f"Size: {check.size} members{allowed}",
        *words.objective_lines(check),
    ]


def selection_blocks(result: SelectionResult) -> list[Block]:
    """The report's body, also used for a lottery's drawn group: status, size and balance
    first, then the roster, the rules at their limit or failing, and the details."""
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
    blocks.append(lines(*summary_lines(result, check), listed=True))
    roster = result.roster
    shown = roster_columns(result)
    dims = [d.column for d in problem.dimensions[:1]]  # the roster's rows grouped by it
    blocks.append(
        Table(
            f"{title}: {check.size} members",
            shown,
            [[str(v) for v in row] for row in roster[shown].itertuples(index=False)],
            align="l" * len(shown),
            fit=True,
            group=next((n for n, c in enumerate(shown) if n >= 2 and c in dims), None),
            only="terminal",
        )
    )
    blocks += rule_summary(check)
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
    blocks += [Heading("Balance")]
    blocks += [replace(t, only="detail") for t in balance_tables(check) if isinstance(t, Table)]
    blocks += constraint_tables(check, only="detail")
    blocks.append(Heading("Objective and solver"))
    blocks.append(lines(*words.objective_lines(check), listed=True, only="document"))
    blocks.append(lines(*words.status_lines(result)[:1], listed=True, only="document"))
    blocks.append(lines(*words.stage_lines(result), listed=True, only="detail"))
    blocks.append(lines(*words.settings_lines(result), listed=True))
    blocks.append(lines(*words.provenance_lines(result), listed=True, only="detail"))
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
