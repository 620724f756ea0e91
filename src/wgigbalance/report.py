"""Output: the selection as terminal tables, JSON, CSV and Markdown, and live solver progress.

Every format is built from the same `SelectionResult`, so they always agree.
"""

from __future__ import annotations

import html
import json
import math
import time
from types import TracebackType

import numpy as np
from matplotlib.figure import Figure
from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from .charts import deviation_bars, frontier_plot, svg_text
from .errors import InputError
from .io import frame_to_safe_csv
from .results import (
    Alternatives,
    Comparison,
    Explanation,
    LotteryResult,
    Outcome,
    RosterAudit,
    SelectionResult,
    Tradeoffs,
)
from .roster import ConstraintCheck, DimensionBalance, RosterCheck

FORMATS = ("table", "json", "csv", "markdown")

_STATUS_WORDS = {
    "optimal": "optimal: proven best roster under these constraints",
    "feasible": "feasible: a valid roster, but the time limit came before it was proven best",
    "interrupted": "interrupted (Ctrl-C): best roster found so far, NOT proven optimal",
    "drawn": "drawn by lottery from the fair distribution",
    "drawn unproven": "drawn by lottery from a distribution whose probabilities are NOT "
    "proven fair (time limit or Ctrl-C)",
    "infeasible": "infeasible: no roster satisfies all the hard constraints",
    "unknown": "no roster found within the time limit (none proven impossible either)",
}


def _num(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "–"
    text = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x * 100:.1f} %"


def _range(lo: int | None, hi: int | None) -> tuple[str, str]:
    return ("–" if not lo else str(lo)), ("–" if hi is None else str(hi))


def balance_rows(dim: DimensionBalance) -> list[list[str]]:
    """One row per value: seats, share, target, min, max, deviation, holds."""
    rows = []
    for v in dim.values:
        lo, hi = _range(v.low, v.high)
        rows.append(
            [
                v.value,
                str(v.seats),
                _pct(v.share),
                _pct(v.target_share),
                _num(v.target_seats),
                lo,
                hi,
                "–" if v.deviation is None else f"{v.deviation:+.2f}",
                "yes" if v.holds else "NO",
            ]
        )
    return rows


_BALANCE_HEAD = [
    "value",
    "seats",
    "share",
    "target",
    "target seats",
    "min",
    "max",
    "deviation",
    "holds",
]


def selection_headline(result: SelectionResult) -> str:
    """'not proven optimal, gap X' (or 'proven optimal'): the first thing to know."""
    status = str(result.status)
    if status == "optimal":
        return "proven optimal"
    gaps = [s.gap for s in result.stages if s.gap is not None and str(s.status) != "optimal"]
    gap = f"gap {max(gaps) * 100:.1f} %" if gaps else "gap unknown"
    why = {"interrupted": "interrupted (Ctrl-C)", "feasible": "time limit reached"}
    return f"{why.get(status, status)}: not proven optimal, {gap}"


def status_lines(result: SelectionResult) -> list[str]:
    """Solver status, per-stage proof, seed and settings: the reproducibility footer."""
    status = str(result.status)
    if status == "drawn" and result.provenance.get("proven_fair") is False:
        status = "drawn unproven"
    lines = [f"Status: {_STATUS_WORDS.get(status, status)}"]
    for stage in result.stages:
        gap = stage.gap
        proof = (
            "proven"
            if stage.status == "optimal"
            else (
                f"bound {_num(stage.bound_float, 3)}, gap {gap * 100:.1f} %"
                if gap is not None
                else "no bound"
            )
        )
        lines.append(
            f"  stage '{stage.name}': {_num(stage.objective, 3)} {stage.unit} "
            f"({stage.status}, {proof}, {stage.seconds:.2f} s)"
        )
    s = result.settings
    lines.append(
        f"Seed {s.seed}; CP-SAT with {s.workers} worker(s)"
        f"{', interleaved (deterministic)' if s.workers > 1 else ' (deterministic)'}, "
        f"time limit {s.time_limit:g} s; {result.model_stats.get('candidate_types', 0)} "
        f"candidate types from {result.model_stats.get('candidates', 0)} candidates."
    )
    prov = result.provenance
    for key in ("candidates", "constraints"):
        if key in prov:
            lines.append(
                f"{key.capitalize()}: {prov[key]['path']} (sha256 {prov[key]['sha256'][:16]}…)"
            )
    return lines


def objective_lines(check: RosterCheck) -> list[str]:
    lines = []
    for priority, worst, total in check.objective.tiers:
        tier = f" (priority {priority})" if len(check.objective.tiers) > 1 else ""
        lines.append(
            f"Balance{tier}: worst dimension {_num(float(worst))} seats out of place, "
            f"all dimensions {_num(float(total))} seats out of place"
        )
    if check.objective.merit is not None:
        lines.append(f"Merit: total {_num(check.objective.merit)}")
    return lines


def roster_columns(result: SelectionResult) -> list[str]:
    """Columns worth a terminal: id, name, the balanced dimensions and merit (CSV has all)."""
    problem = result.problem
    wanted = ["id", "name", *(d.column for d in problem.dimensions)]
    if problem.merit_column:
        wanted.append(problem.merit_column)
    seen: list[str] = []
    present = set(result.roster.columns)
    for column in wanted:
        if column in present and column not in seen:
            seen.append(column)
    return seen


def notable_constraints(check: RosterCheck) -> tuple[list[ConstraintCheck], int]:
    """Constraints worth a line: all but caps that hold with room to spare (summed up)."""
    shown = [
        c
        for c in check.constraints
        if not (c.kind == "cap" and c.holds and (c.high is None or c.seats < c.high))
    ]
    return shown, len(check.constraints) - len(shown)


def _say(console: Console, line: str) -> None:
    console.print(line, highlight=False, markup=False)


def print_balance(check: RosterCheck, console: Console) -> None:
    """One table per dimension: seats against targets and bounds."""
    for dim in check.balance:
        t = Table(title=Text(_dimension_title(dim)), title_justify="left")
        for head in _BALANCE_HEAD:
            t.add_column(head, justify="left" if head == "value" else "right")
        for cells in balance_rows(dim):
            t.add_row(*map(Text, cells), style=None if cells[-1] == "yes" else "bold red")
        console.print(t)


def print_constraints(check: RosterCheck, console: Console) -> None:
    """Every hard constraint with its numbers (caps on empty groups summed up)."""
    rules = Table(title="Hard constraints", title_justify="left")
    rules.add_column("rule")
    rules.add_column("from")
    rules.add_column("holds", justify="right")
    notable, quiet = notable_constraints(check)
    for c in notable:
        rules.add_row(
            Text(c.message),
            Text(c.source),
            Text("yes") if c.holds else Text("NO", style="bold red"),
        )
    if quiet:
        rules.add_row(f"{quiet} more caps hold with room to spare", "", "yes")
    console.print(rules)


def render_table(result: SelectionResult, console: Console) -> None:
    """The terminal report: roster, balance tables, hard constraints, status."""
    problem = result.problem
    title = problem.spec.name or problem.source
    check = result.check
    if check is None:
        console.print(
            Text.assemble(
                ("No roster", "bold red"), f": {_STATUS_WORDS.get(result.status, result.status)}"
            )
        )
        if result.explanation is None:
            for reason in result.reasons:
                _say(console, f"  - {reason}")
        else:
            for line in explanation_lines(result.explanation):
                _say(console, line)
        for line in status_lines(result)[1:]:
            _say(console, line)
        return
    if str(result.status) not in ("optimal", "drawn"):
        console.print(Text(f"Roster {selection_headline(result)}.", style="bold yellow"))
    roster = result.roster
    shown = roster_columns(result)
    table = Table(title=Text(f"{title}: {check.size} members"), title_justify="left")
    for column in shown:
        table.add_column(
            Text(column), no_wrap=column in ("id", problem.merit_column), overflow="fold"
        )
    for row in roster[shown].itertuples(index=False):
        table.add_row(*(Text(str(v)) for v in row))
    console.print(table)
    print_balance(check, console)
    print_constraints(check, console)
    for line in objective_lines(check) + status_lines(result):
        _say(console, line)


def explanation_lines(explanation: Explanation) -> list[str]:
    """An infeasible set in words: quick reasons, the minimal conflict, the cheapest repair."""
    head: list[str] = []
    status = str(explanation.status)
    if status == "interrupted":
        head = ["INTERRUPTED (Ctrl-C): the account below is what was found so far."]
    elif status == "unknown" and not explanation.feasible:
        return [
            "Time limit reached: no roster was found, and none was proven impossible either "
            "(give more --time-limit)."
        ]
    nothing = not (explanation.reasons or explanation.conflicts or explanation.repair)
    if status == "interrupted" and not explanation.slacks and (explanation.feasible or nothing):
        return [*head, "Nothing was established yet: neither a roster nor a reason for none."]
    if explanation.feasible:
        binding = [s for s in explanation.slacks if s.binding]
        loose = [s for s in explanation.slacks if not s.binding]
        lines = ["The constraints can be met. Bounds the best roster sits on (binding):"]
        lines += [f"  - {s.rule}: {s.seats} seats" for s in binding] or ["  (none)"]
        lines.append("Bounds with room to spare (slack in seats):")
        for s in loose:
            room = []
            if s.low > 0:
                room.append(f"{s.seats - s.low} above the minimum")
            if s.high is not None:
                room.append(f"{s.high - s.seats} below the maximum")
            lines.append(f"  - {s.rule}: {s.seats} seats ({', '.join(room)})")
        return head + lines
    lines = [*head, "Why no roster exists:"]
    lines += [f"  - {r}" for r in explanation.reasons]
    proven = "" if explanation.conflict_minimal else " (not proven minimal: time ran out)"
    for n, conflict in enumerate(explanation.conflicts, start=1):
        label = f"Conflict {n}" if len(explanation.conflicts) > 1 else "Conflict"
        if len(conflict) == 1:
            lines.append(f"{label}: this rule cannot be met on its own{proven}:")
        else:
            lines.append(
                f"{label}: these {len(conflict)} rules cannot all hold together; "
                f"dropping any one of them removes this conflict{proven}:"
            )
        lines += [f"  - {c}" for c in conflict]
    if explanation.repair:
        total = sum(r.seats for r in explanation.repair)
        lines.append(f"Cheapest repair ({total} seat(s) in all), then a roster exists:")
        lines += [f"  - {r.rule}: {r.change}" for r in explanation.repair]
    return lines


def render_explanation(explanation: Explanation, fmt: str, console: Console) -> None:
    """Print an explanation as table (plain lines), JSON or Markdown."""
    if fmt == "json":
        console.file.write(json.dumps(explanation.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    lines = explanation_lines(explanation)
    if fmt == "markdown":
        out = ["# Explanation", ""]
        for line in lines:
            out.append(line.replace("  - ", "- ") if line.startswith("  - ") else f"\n{line}\n")
        console.file.write("\n".join(out) + "\n")
        return
    for line in lines:
        _say(console, line)


def render_audit(audit: RosterAudit, fmt: str, console: Console) -> None:
    """The check command's report: every rule held or failed, balance, and the best roster."""
    if fmt == "json":
        console.file.write(json.dumps(audit.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    check = audit.check
    failures = check.failures
    verdict = (
        "every hard constraint holds"
        if not failures
        else f"{len(failures)} hard constraint(s) fail"
    )
    head = f"Roster {audit.source}: {check.size} members; {verdict}."
    compare = audit_lines(audit)
    if fmt == "markdown":
        out = [f"# Check of {audit.source}", "", head, ""]
        out += _md_constraints(check)
        out += ["", *_md_balance(check)]
        out += ["## Against the best roster", ""] + [f"- {line}" for line in compare]
        console.file.write("\n".join(out) + "\n")
        return
    _say(console, head)
    for c in failures:
        console.print(Text.assemble(("FAILS ", "bold red"), c.message, f"  [{c.source}]"))
    print_balance(check, console)
    print_constraints(check, console)
    for line in compare:
        _say(console, line)


def audit_lines(audit: RosterAudit) -> list[str]:
    """The roster's objective next to the best achievable one."""
    lines = ["This roster: " + "; ".join(objective_lines(audit.check))]
    best = audit.best
    if best is None:
        return lines
    if best.check is None:
        lines.append(f"Best achievable: no roster ({best.status}).")
        return lines
    proven = "proven optimal" if best.status == "optimal" else f"{best.status}, not proven optimal"
    lines.append("Best achievable: " + "; ".join(objective_lines(best.check)) + f" ({proven})")
    mine, top = audit.check.objective.key(), best.check.objective.key()
    if mine == top:
        lines.append("This roster is as well balanced as the best one.")
    else:
        lines.append(
            f"{len(set(best.members) - set(audit.check.members))} member(s) differ "
            "from the best roster; run `wgigbalance select` to see it."
        )
    return lines


def to_json(result: SelectionResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str)


def roster_csv(result: SelectionResult) -> str:
    """The selected rows with all input columns, safe to open in a spreadsheet."""
    return frame_to_safe_csv(result.roster)


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _dimension_title(dim: DimensionBalance) -> str:
    dev = (
        "no target" if dim.deviation is None else f"{_num(float(dim.deviation))} seats out of place"
    )
    return f"{dim.column} (target: {dim.target}; {dev})"


def _md_balance(check: RosterCheck) -> list[str]:
    out = ["## Balance", ""]
    for dim in check.balance:
        out += [f"### {_dimension_title(dim)}", "", _md_table(_BALANCE_HEAD, balance_rows(dim)), ""]
    return out


def _md_constraints(check: RosterCheck) -> list[str]:
    rows = [[c.message, c.source, "yes" if c.holds else "**NO**"] for c in check.constraints]
    return ["## Hard constraints", "", _md_table(["rule", "from", "holds"], rows)]


def to_markdown(result: SelectionResult) -> str:
    """A Markdown report a secretariat can publish."""
    problem = result.problem
    out = [f"# {problem.spec.name or 'Selection'}", ""]
    if problem.spec.source:
        out += [f"Source: {problem.spec.source}", ""]
    check = result.check
    if check is None:
        out += [f"**No roster**: {_STATUS_WORDS.get(result.status, result.status)}", ""]
        out += [f"- {r}" for r in result.reasons] + [""]
        out += [f"- {line.strip()}" for line in status_lines(result)[1:]]
        return "\n".join(out) + "\n"
    roster = result.roster
    out += [f"## Roster ({check.size} members)", ""]
    out.append(
        _md_table(
            [str(c) for c in roster.columns],
            [[str(v) for v in row] for row in roster.itertuples(index=False)],
        )
    )
    out += ["", *_md_balance(check), *_md_constraints(check)]
    out += ["", "## Objective and solver", ""]
    out += [f"- {line.strip()}" for line in objective_lines(check) + status_lines(result)]
    return "\n".join(out) + "\n"


def render(result: SelectionResult, fmt: str, console: Console) -> None:
    """Print the result in one of FORMATS."""
    if fmt == "table":
        render_table(result, console)
    elif fmt == "json":
        console.file.write(to_json(result) + "\n")
    elif fmt == "csv":
        console.file.write(roster_csv(result))
    elif fmt == "markdown":
        console.file.write(to_markdown(result))
    else:  # pragma: no cover - the CLI validates the choice
        raise ValueError(fmt)


class LiveProgress:
    """Shows the best objective and the proven bound while the solver works (on a terminal)."""

    def __init__(self, console: Console, delay: float = 0.5) -> None:
        self.console, self.delay = console, delay
        self.started = time.monotonic()
        self.live: Live | None = None

    def __enter__(self) -> LiveProgress:
        return self

    def __call__(self, stage: str, objective: float, bound: float, seconds: float) -> None:
        if not self.console.is_terminal or time.monotonic() - self.started < self.delay:
            return
        found = (
            "no roster yet"
            if math.isnan(objective)
            else f"best {objective:.3f}, proven bound {bound:.3f}"
        )
        text = Text(
            f"solving: stage '{stage}': {found} ({time.monotonic() - self.started:.1f} s; "
            "Ctrl-C stops and keeps the best so far)"
        )
        if self.live is None:
            self.live = Live(text, console=self.console, transient=True, auto_refresh=False)
            self.live.start()
        self.live.update(text, refresh=True)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.live is not None:
            self.live.stop()


# ---------------------------------------------------------------------------------------------
# alternatives and compare


def _objective_cells(check: RosterCheck | None) -> list[str]:
    if check is None:
        return ["–", "–", "–"]
    worst = max((float(w) for _, w, _ in check.objective.tiers), default=0.0)
    total = sum((float(t) for _, _, t in check.objective.tiers), 0.0)
    merit = "–" if check.objective.merit is None else _num(check.objective.merit)
    return [_num(worst), _num(total), merit]


def alternatives_tables(alts: Alternatives) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for the alternatives report, shared by every format."""
    ids = alts.problem.ids
    names = alts.problem.pool["name"].tolist() if "name" in alts.problem.pool else ids
    name_of = dict(zip(ids, names, strict=True))
    first = set(alts.rosters[0].members) if alts.rosters else set()
    summary = [
        [
            str(n + 1),
            r.status,
            str(len(r.members)),
            *_objective_cells(r.check),
            str(len(set(r.members) - first)),
        ]
        for n, r in enumerate(alts.rosters)
    ]
    tables = [
        (
            "Rosters",
            [
                "#",
                "status",
                "size",
                "worst dimension",
                "all dimensions",
                "merit",
                "differs from #1",
            ],
            summary,
        )
    ]
    if alts.rosters and alts.rosters[0].check is not None:
        dims = alts.rosters[0].check.balance
        rows = []
        for d, dim in enumerate(dims):
            if dim.deviation is None:
                continue
            cells = [
                _num(float(r.check.balance[d].deviation or 0)) if r.check else "–"
                for r in alts.rosters
            ]
            rows.append([dim.column, *cells])
        tables.append(
            (
                "Seats out of place per dimension",
                ["dimension", *(f"#{n + 1}" for n in range(len(alts.rosters)))],
                rows,
            )
        )
    some = [
        [i, str(name_of.get(i, "")), *("x" if i in r.members else "" for r in alts.rosters)]
        for i in alts.some
    ]
    tables.append(
        (
            f"In some rosters only ({len(some)}); in all of them: {len(alts.core)}",
            ["id", "name", *(f"#{n + 1}" for n in range(len(alts.rosters)))],
            some,
        )
    )
    return tables


def comparison_tables(cmp: Comparison) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for the comparison report, shared by every format."""
    names = cmp.names
    tables = [
        (
            "Objective",
            ["roster", "size", "hard constraints", "worst dimension", "all dimensions", "merit"],
            [
                [
                    name,
                    str(c.size),
                    "all hold" if c.ok else f"{len(c.failures)} fail",
                    *_objective_cells(c),
                ]
                for name, c in zip(names, cmp.checks, strict=True)
            ],
        )
    ]
    membership = [["in all rosters", str(len(cmp.common))]]
    membership += [
        [f"in {name}, not in every roster", str(len(cmp.only(n)))] for n, name in enumerate(names)
    ]
    tables.append(("Members", ["", "count"], membership))
    for d, dim in enumerate(cmp.checks[0].balance):
        rows = []
        for j, value in enumerate(dim.values):
            cells = []
            for c in cmp.checks:
                v = c.balance[d].values[j]
                dev = "" if v.deviation is None else f" ({v.deviation:+.2f})"
                cells.append(f"{v.seats}{dev}")
            rows.append([value.value, _pct(value.target_share), *cells])
        devs = [
            "–" if c.balance[d].deviation is None else _num(float(c.balance[d].deviation or 0))
            for c in cmp.checks
        ]
        rows.append(["seats out of place", "", *devs])
        tables.append(
            (f"{dim.column}: seats (deviation from target)", ["value", "target", *names], rows)
        )
    failing = [
        [
            rule.message.split(":")[0]
            if rule.kind in ("include", "exclude", "not_together")
            else rule.label,
            rule.source,
            *(
                "holds" if c.constraints[i].holds else f"FAILS ({c.constraints[i].seats})"
                for c in cmp.checks
            ),
        ]
        for i, rule in enumerate(cmp.checks[0].constraints)
        if any(not c.constraints[i].holds for c in cmp.checks)
    ]
    tables.append(
        (
            "Hard constraints that fail in some roster",
            ["rule", "from", *names],
            failing
            or [["(none: every roster meets every hard constraint)", "", *("" for _ in names)]],
        )
    )
    return tables


def _print_tables(tables: list[tuple[str, list[str], list[list[str]]]], console: Console) -> None:
    for title, head, rows in tables:
        t = Table(title=Text(title), title_justify="left")
        for n, column in enumerate(head):
            t.add_column(Text(column), justify="left" if n == 0 else "right")
        for row in rows:
            t.add_row(*map(Text, row))
        console.print(t)


def _md_tables(tables: list[tuple[str, list[str], list[list[str]]]]) -> list[str]:
    out: list[str] = []
    for title, head, rows in tables:
        out += [f"## {title}", "", _md_table(head, rows), ""]
    return out


def render_alternatives(alts: Alternatives, fmt: str, console: Console) -> None:
    if fmt == "json":
        console.file.write(json.dumps(alts.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    head = (
        f"{len(alts.rosters)} roster(s), each within {alts.within:g} % of the best balance, "
        f"every two differing in at least {alts.min_difference} members."
    )
    lines = [head] + ([alts.note] if alts.note else [])
    tables = alternatives_tables(alts)
    if fmt == "markdown":
        out = ["# Alternatives", "", *lines, "", *_md_tables(tables)]
        for n, r in enumerate(alts.rosters):
            out += [f"Roster #{n + 1}: " + ", ".join(r.members), ""]
        console.file.write("\n".join(out) + "\n")
        return
    for line in lines:
        _say(console, line)
    _print_tables(tables, console)
    _say(console, "In all rosters: " + (", ".join(alts.core) or "(nobody)"))


def render_comparison(cmp: Comparison, fmt: str, console: Console) -> None:
    if fmt == "json":
        console.file.write(json.dumps(cmp.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    tables = comparison_tables(cmp)
    verdict = cmp.verdicts()
    if fmt == "markdown":
        out = ["# Comparison: " + " vs ".join(cmp.names), "", *_md_tables(tables), "## Verdict", ""]
        out += [f"- {line}" for line in verdict]
        console.file.write("\n".join(out) + "\n")
        return
    if fmt == "html":
        console.file.write(comparison_html(cmp, tables, verdict))
        return
    _print_tables(tables, console)
    for line in verdict:
        _say(console, line)


def comparison_html(
    cmp: Comparison, tables: list[tuple[str, list[str], list[list[str]]]], verdict: list[str]
) -> str:
    """A self-contained HTML page: verdict, a chart of deviations, and the tables."""
    dims = [d.column for d in cmp.checks[0].balance if d.deviation is not None]
    series = {
        name: [float(b.deviation or 0) for b in c.balance if b.deviation is not None]
        for name, c in zip(cmp.names, cmp.checks, strict=True)
    }
    chart = svg_text(deviation_bars(dims, series)) if dims else ""
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>Comparison: {html.escape(' vs '.join(cmp.names))}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;"
        "padding:.25em .6em;text-align:right}td:first-child,th:first-child{text-align:left}"
        "</style></head><body>",
        f"<h1>Comparison: {html.escape(' vs '.join(cmp.names))}</h1>",
        "<h2>Verdict</h2><ul>",
        *(f"<li>{html.escape(line)}</li>" for line in verdict),
        "</ul>",
        "<h2>Seats out of place per dimension</h2>",
        chart,
    ]
    for title, head, rows in tables:
        parts.append(f"<h2>{html.escape(title)}</h2><table><tr>")
        parts += [f"<th>{html.escape(h)}</th>" for h in head]
        parts.append("</tr>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# tradeoffs


def _outcome_text(o: Outcome | None, base: Outcome) -> str:
    """A change in words: 'worst 0.33 → 0.20, total 0.33 → 0.20, merit +12.1'."""
    if o is None:
        return "not possible"
    if not o.feasible:
        return "no roster" if o.proven else "no roster found in time (none proven impossible)"
    parts = []
    if o.worst is not None and base.worst is not None:
        if abs(o.worst - base.worst) < 1e-9 and abs((o.total or 0) - (base.total or 0)) < 1e-9:
            parts.append("no change in balance")
        else:
            parts.append(
                f"worst {_num(base.worst)} → {_num(o.worst)}, "
                f"total {_num(base.total)} → {_num(o.total)}"
            )
    if o.merit is not None and base.merit is not None and abs(o.merit - base.merit) > 1e-9:
        parts.append(f"merit {o.merit - base.merit:+.1f}")
    if not o.proven:
        parts.append("not proven optimal (time limit)")
    return "; ".join(parts)


def tradeoff_tables(t: Tradeoffs) -> list[tuple[str, list[str], list[list[str]]]]:
    tables = []
    if t.prices:
        rows = [
            [
                p.rule,
                p.source,
                p.measured_on,
                f"{p.relax_change}: {_outcome_text(p.relaxed, p.base)}",
                f"{p.tighten_change}: {_outcome_text(p.tightened, p.base)}",
            ]
            for p in t.prices
        ]
        tables.append(
            (
                "Price of each rule (seats out of place: worst dimension, all dimensions)",
                ["rule", "from", "measured on", "relaxed by one seat", "tightened by one seat"],
                rows,
            )
        )
    if t.frontier is not None:
        f = t.frontier
        rows = []
        for n, p in enumerate(f.points):
            check = p.result.check
            worst, _, merit = _objective_cells(check)
            size = "–" if check is None else str(check.size)
            rows.append([str(n + 1), _num(p.x), _num(p.y), size, worst, merit])
        note = f" ({f.note})" if f.note else ""
        tables.append(
            (
                f"Frontier: {f.ylabel} against {f.xlabel}{note}",
                ["#", f.xlabel, f.ylabel, "size", "worst dimension", "merit"],
                rows,
            )
        )
    return tables


def frontier_figure(t: Tradeoffs) -> Figure:
    """The frontier as a chart (for --plot)."""
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


def render_tradeoffs(t: Tradeoffs, fmt: str, console: Console) -> None:
    if fmt == "json":
        console.file.write(json.dumps(t.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    tables = tradeoff_tables(t)
    head = tradeoff_status_lines(t)
    base = "Best roster: " + (
        f"none ({_STATUS_WORDS.get(str(t.base.status), str(t.base.status))})"
        if t.base.check is None
        else "; ".join(objective_lines(t.base.check))
    )
    if fmt == "markdown":
        out = ["# Trade-offs", "", *head, base, "", *_md_tables(tables)]
        console.file.write("\n".join(out) + "\n")
        return
    for line in [*head, base]:
        _say(console, line)
    _print_tables(tables, console)


def tradeoff_status_lines(t: Tradeoffs) -> list[str]:
    """What the numbers below are worth: interrupted, or not all proven, or nothing to say."""
    lines = []
    if t.interrupted:
        done = (
            f"{len(t.frontier.points)} frontier point(s)"
            if t.frontier is not None
            else f"{len(t.prices)} rule price(s)"
        )
        lines.append(f"INTERRUPTED (Ctrl-C): only the {done} found so far are shown.")
    if t.base.check is not None and t.base.status != "optimal":
        lines.append(f"Best roster {selection_headline(t.base)}.")
    if t.unproven:
        lines.append(
            f"{t.unproven} solve(s) hit the time limit: their rosters are not proven optimal "
            "(give more --time-limit)."
        )
    return lines


# ---------------------------------------------------------------------------------------------
# lottery


_LOTTERY_STATUS = {
    "optimal": "finished: the probabilities are proven {objective}-fair",
    "feasible": "TIME LIMIT: a valid distribution over valid groups, but its probabilities "
    "are NOT proven fair (give more --time-limit)",
    "interrupted": "INTERRUPTED (Ctrl-C): a valid distribution over the groups found so far; "
    "its probabilities are NOT proven fair",
    "infeasible": "no group meets every hard rule",
    "unknown": "time limit reached before any valid group was found (none proven impossible)",
}


def lottery_status_line(result: LotteryResult) -> str:
    words = _LOTTERY_STATUS.get(str(result.status), str(result.status))
    if str(result.status) == "interrupted" and not result.has_distribution:
        words = "INTERRUPTED (Ctrl-C) before any valid group was found"
    return "Lottery status: " + words.format(objective=result.objective)


def lottery_lines(result: LotteryResult) -> list[str]:
    if not result.has_distribution:
        lines = [lottery_status_line(result)]
        if result.explanation is not None:
            lines += explanation_lines(result.explanation)
        return lines
    d = result.to_dict()
    within = (
        ""
        if result.within is None
        else f", among groups within {result.within:g} % of the best balance"
    )
    lines = [
        lottery_status_line(result),
        f"Lottery ({result.objective}{within}): {d['groups_in_distribution']} group(s) in "
        f"the distribution, {result.columns} generated, {result.seconds:.2f} s.",
        f"Selection probability over {d['candidates_considered']} candidates who can sit: "
        f"min {d['min']:.4f}, mean {d['mean']:.4f}, max {d['max']:.4f}, Gini {d['gini']:.4f}; "
        f"expected group size {d['expected_size']:.2f}.",
    ]
    if d["candidates_never_eligible"]:
        lines.append(
            f"{d['candidates_never_eligible']} candidate(s) cannot sit in any valid "
            "group (probability 0)."
        )
    if result.rounded is not None:
        lines.append(
            f"Uniform lottery over {len(result.rounded)} listed groups (publishable); largest "
            f"change to anyone's probability: {result.rounding_error:.4f}."
        )
    return lines


def _probability_rows(result: LotteryResult, limit: int | None = None) -> list[list[str]]:
    """id, name (when the candidate file has one) and probability, lowest first."""
    problem = result.problem
    order = np.argsort(result.probability, kind="stable")
    if limit is not None:  # the lowest among those who can sit (the others are counted apart)
        order = order[result.considered[order]][:limit]
    names = problem.pool["name"].tolist() if "name" in problem.pool.columns else None
    rows = []
    for i in order.tolist():
        name = [] if names is None else [str(names[i])]
        rows.append([problem.ids[i], *name, f"{result.probability[i]:.4f}"])
    return rows


def _probability_head(result: LotteryResult) -> list[str]:
    named = "name" in result.problem.pool.columns
    return ["id", *(["name"] if named else []), "probability"]


def render_lottery(result: LotteryResult, fmt: str, console: Console) -> None:
    if fmt == "json":
        console.file.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    lines = lottery_lines(result)
    if not result.has_distribution:
        if fmt == "markdown":
            console.file.write("\n".join(["# Fair lottery", "", *lines]) + "\n")
        else:
            for line in lines:
                _say(console, line)
        return
    if fmt == "markdown":
        out = [
            "# Fair lottery",
            "",
            *lines,
            "",
            "## Selection probabilities",
            "",
            _md_table(_probability_head(result), _probability_rows(result)),
            "",
        ]
        if result.rounded is not None:
            out += ["## Uniform lottery: the listed groups", ""]
            out += [
                f"{n + 1}. " + ", ".join(result.problem.ids[r] for r in group)
                for n, group in enumerate(result.rounded)
            ]
        if result.drawn is not None:
            out += [
                "",
                f"## Drawn group (seed {result.drawn.settings.seed})",
                "",
                ", ".join(result.drawn.members),
            ]
        console.file.write("\n".join(out) + "\n")
        return
    for line in lines:
        _say(console, line)
    t = Table(title="Lowest selection probabilities", title_justify="left")
    for head in _probability_head(result):
        t.add_column(head)
    for row in _probability_rows(result, 10):
        t.add_row(*map(Text, row))
    console.print(t)
    if result.drawn is not None:
        _say(
            console,
            f"Drawn with seed {result.drawn.settings.seed} "
            f"({result.drawn.provenance.get('drawn_from', '')}):",
        )
        render_table(result.drawn, console)
