"""The render layer, from hand-made or quickly solved results (no CLI, no shipped data):
every result kind in every format, HTML well-formed and escaped, 80 columns on a terminal."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from fractions import Fraction
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML, build_pool
from rich.console import Console

from wgigbalance import check_roster, parse_spec, resolve, solve_problem
from wgigbalance.analyses import draw
from wgigbalance.analyses.audit import audit_problem
from wgigbalance.analyses.compare import compare_problem
from wgigbalance.diagnose import Reason
from wgigbalance.problem import Problem
from wgigbalance.render import FORMATS, show, text, to_document
from wgigbalance.render.document import Document, Table, lines, write_markdown
from wgigbalance.render.live import LiveProgress
from wgigbalance.render.words import constraint_message, num, verdicts
from wgigbalance.results import (
    Alternatives,
    Explanation,
    Frontier,
    FrontierPoint,
    LotteryResult,
    Outcome,
    Price,
    Relaxation,
    SelectionResult,
    Slack,
    Stage,
    StageResult,
    Tradeoffs,
    Verification,
)
from wgigbalance.roster import ConstraintCheck
from wgigbalance.settings import SolverSettings, Status

EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def problem() -> Problem:
    """Twelve people whose names and values are hostile HTML and Markdown."""
    regions = [EVIL, "North & | South", "East"]
    pool = build_pool(
        {
            "name": [f"<b>Person {i}</b> | {EVIL}" if i == 0 else f"Person {i}" for i in range(12)],
            "region": [regions[i % 3] for i in range(12)],
            "gender": ["w" if i % 2 else "m" for i in range(12)],
            "org": [f"o{i // 2}" for i in range(12)],
            "score": [str(50 + i) for i in range(12)],
        }
    )
    spec = parse_spec(
        {
            "name": f"Panel {EVIL}",
            "source": "a <i>source</i>",
            "size": {"min": 4, "max": 6},
            "balance": {
                "region": {"target": "equal"},
                "gender": {"target": "equal", "each": {"min": 1}},
            },
            "cap": [{"column": "org", "max": 1}],
            "people": {"include": ["P00"], "not_together": [["P01", "P02"]]},
            "merit": {"column": "score"},
        }
    )
    return resolve(spec, pool)


@pytest.fixture(scope="module")
def selection(problem: Problem) -> SelectionResult:
    return solve_problem(problem, SolverSettings(time_limit=10))


def _unproven(sel: SelectionResult) -> SelectionResult:
    stage = StageResult(
        Stage(1, "worst"), Status.FEASIBLE, Fraction(1, 3), Fraction(0), 1.5, "seats"
    )
    return replace(sel, status=Status.FEASIBLE, stages=[stage])


def _explanation_infeasible(problem: Problem) -> Explanation:
    return Explanation(
        problem,
        False,
        reasons=[Reason("minimums_over_size", 9, 6, (("size", 0), ("bound", 0)), family=EVIL)],
        conflicts=[[("size", 0), ("bound", 0), ("include", 0)], [("not_together", 0)]],
        conflict_minimal=False,
        repair=[
            Relaxation(("bound", 0), "below", 2, 6, 3, 1),
            Relaxation(("size", 0), "above", 1, 7, 6, 7),
        ],
        status=Status.INFEASIBLE,
    )


def _explanation_feasible(problem: Problem) -> Explanation:
    return Explanation(
        problem,
        True,
        slacks=[Slack(EVIL, "balance.region", 2, 2, 4), Slack("gender = w", "g", 3, 1, None)],
        status=Status.OPTIMAL,
    )


def _infeasible(problem: Problem) -> SelectionResult:
    return SelectionResult(
        Status.INFEASIBLE,
        problem,
        SolverSettings(),
        [],
        None,
        {},
        reasons=[Reason("few_qualify", 3, 1, (("bound", 0),), bound=0)],
        explanation=_explanation_infeasible(problem),
    )


def _tradeoffs(problem: Problem, sel: SelectionResult) -> Tradeoffs:
    base = Outcome.of(sel)
    better = Outcome(True, 0.0, 0.0, (base.merit or 0) - 3, True)
    none, unproven = Outcome(False), Outcome(False, proven=False)
    prices = [
        Price("cap", f"region = {EVIL}", "balance.region", base, better, None),
        Price("min", "gender", "balance.gender.each", base, none, unproven, bound=0),
        Price("size_max", "size", "size", base, better, none),
        Price("target", "region", "balance.region", base, better, none),
    ]
    points = [FrontierPoint(f"p{n} {EVIL}", float(n), 2.0 - n, sel) for n in range(3)]
    frontier = Frontier("merit", f"x {EVIL}", "y | y", points, merit_floors=(1.0, 2.5))
    return Tradeoffs(problem, sel, prices, frontier, unproven=1)


def _lottery(problem: Problem, sel: SelectionResult) -> LotteryResult:
    rows_a = list(sel.check.rows) if sel.check is not None else []
    rows_b = [r for r in range(len(problem.pool)) if r not in rows_a][: len(rows_a)]
    probability = np.zeros(len(problem.pool))
    probability[rows_a] += 0.5
    probability[rows_b] += 0.5
    drawn = replace(
        sel, status=Status.DRAWN, provenance={"drawn_from": {"group": 2, "of": 3, "listed": False}}
    )
    return LotteryResult(
        problem,
        "leximin",
        Status.OPTIMAL,
        [(0.5, rows_a), (0.5, rows_b)],
        probability,
        0.2,
        2,
        1,
        drawn=drawn,
        rounded=[rows_a, rows_b],
        rounding_error=0.0,
    )


def _draws(problem: Problem, sel: SelectionResult) -> dict[str, Any]:
    """commit, draw and verify, with hostile text in the source and the paths."""
    lottery = _lottery(problem, sel)
    inputs = {
        "candidates": {"path": f"{EVIL}.csv", "sha256": "0" * 64},
        "constraints": {"path": "a|b.toml", "sha256": "1" * 64},
    }
    settings = {"objective": "leximin", "within": None, "size": None, "seed": 0, "panels": 2,
                "time_limit": 60.0}  # fmt: skip
    commitment = draw.commit_lottery(lottery, inputs, settings, f"numbers {EVIL}", 7)
    assert commitment.record is not None
    drawn = draw.draw_committed(problem, commitment.record, commitment.sha256, "3 1 / 2")
    trace = drawn.trace
    checks = [
        draw.hash_check(commitment.sha256, "f" * 64),
        draw.file_check("candidates", inputs["candidates"], EVIL, "2"),
        draw.version_check(commitment.record),
        draw.distribution_check(commitment.record, None, settings),
        draw.panel_check(trace, commitment.record, problem.ids[:3]),
    ]
    return {
        "commit": commitment,
        "commit unproven": replace(commitment, lottery=replace(lottery, status=Status.FEASIBLE)),
        "draw": drawn,
        "verify mismatch": Verification(trace, checks, commitment.record),
        "verify match": Verification(trace, [checks[2]], commitment.record),
    }


def _all_results(problem: Problem, sel: SelectionResult) -> dict[str, Any]:
    ids = problem.ids
    other = ids[6:10]
    return {
        "selection": sel,
        "selection unproven": _unproven(sel),
        "selection infeasible": _infeasible(problem),
        "selection unknown": replace(_infeasible(problem), status=Status.UNKNOWN, explanation=None),
        "audit": audit_problem(problem, other, f"{EVIL}.csv"),
        "audit with best": replace(audit_problem(problem, other, "hand.csv"), best=sel),
        "explain infeasible": _explanation_infeasible(problem),
        "explain feasible": _explanation_feasible(problem),
        "explain unknown": Explanation(problem, False, status=Status.UNKNOWN),
        "explain interrupted": Explanation(problem, False, status=Status.INTERRUPTED),
        "tradeoffs": _tradeoffs(problem, sel),
        "tradeoffs interrupted": replace(_tradeoffs(problem, sel), interrupted=True),
        "alternatives": Alternatives(
            problem, [sel, replace(sel, check=check_roster(problem, other))], 2, 10.0, asked=3
        ),
        "alternatives none": Alternatives(problem, [], 2, 10.0, status=Status.UNKNOWN),
        "compare": compare_problem(problem, [(f"{EVIL}.csv", sel.members), ("b|c.csv", other)]),
        "compare same": compare_problem(problem, [("a.csv", sel.members), ("b.csv", sel.members)]),
        "lottery": _lottery(problem, sel),
        "lottery none": LotteryResult(
            problem,
            "maximin",
            Status.INFEASIBLE,
            [],
            np.zeros(len(problem.pool)),
            0.1,
            0,
            0,
            explanation=_explanation_infeasible(problem),
        ),
        **_draws(problem, sel),
    }


@pytest.fixture(scope="module")
def results(problem: Problem, selection: SelectionResult) -> dict[str, Any]:
    return _all_results(problem, selection)


KINDS = [
    "selection",
    "selection unproven",
    "selection infeasible",
    "selection unknown",
    "audit",
    "audit with best",
    "explain infeasible",
    "explain feasible",
    "explain unknown",
    "explain interrupted",
    "tradeoffs",
    "tradeoffs interrupted",
    "alternatives",
    "alternatives none",
    "compare",
    "compare same",
    "lottery",
    "lottery none",
    "commit",
    "commit unproven",
    "draw",
    "verify mismatch",
    "verify match",
]


class _Checker(HTMLParser):
    """Every element closed in order (void elements aside); the text seen, unescaped."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input", "col", "area", "base", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _terminal(result: Any, width: int = 80) -> str:
    buffer = io.StringIO()
    show(result, "table", Console(file=buffer, width=width, color_system=None))
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# every result kind x every format


@pytest.mark.parametrize("kind", KINDS)
def test_terminal_fits_80_columns(kind: str, results: dict[str, Any]) -> None:
    out = _terminal(results[kind])
    assert out.strip()
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("kind", KINDS)
def test_markdown(kind: str, results: dict[str, Any]) -> None:
    out = text(results[kind], "markdown")
    assert out.startswith("# ") and out.endswith("\n") and not out.endswith("\n\n")
    widths: set[int] = set()
    for line in [*out.splitlines(), ""]:
        if line.startswith("|"):  # a table row: no pipe from the data adds a cell
            assert line.endswith("|")
            widths.add(len(re.findall(r"(?<!\\)\|", line)))
        else:
            assert len(widths) <= 1, widths
            widths = set()


@pytest.mark.parametrize("kind", KINDS)
def test_json(kind: str, results: dict[str, Any]) -> None:
    data = json.loads(text(results[kind], "json"))
    assert isinstance(data, dict)


@pytest.mark.parametrize("kind", KINDS)
def test_html_is_well_formed_and_escaped(kind: str, results: dict[str, Any]) -> None:
    page = text(results[kind], "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.problems == [] and checker.stack == []
    assert {"html", "head", "body", "title", "h1", "style"} <= checker.tags
    assert "<style>" in page and "http" not in page.split("<body>")[0]  # self-contained


def test_the_hostile_text_is_shown_as_text(results: dict[str, Any]) -> None:
    hostile = ("selection", "compare", "audit", "tradeoffs", "alternatives", "lottery")
    for kind in (*hostile, "commit", "verify mismatch"):
        page = text(results[kind], "html")
        assert "&lt;script&gt;" in page, kind
        checker = _Checker()
        checker.feed(page)
        assert any(EVIL in t for t in checker.text), kind
    assert EVIL in _terminal(results["selection"], width=200)


def test_charts_are_inline_svg(results: dict[str, Any]) -> None:
    for kind in ("compare", "tradeoffs"):
        page = text(results[kind], "html")
        assert "<svg" in page and "<img" not in page


def test_csv_is_for_a_selection_only(results: dict[str, Any], selection: SelectionResult) -> None:
    out = text(selection, "csv")
    assert out.splitlines()[0].startswith("id,")
    assert len(out.splitlines()) == 1 + len(selection.members)
    with pytest.raises(ValueError):
        text(results["compare"], "csv")
    assert set(FORMATS) == {"table", "json", "csv", "markdown", "html"}


def test_every_result_has_a_document(results: dict[str, Any]) -> None:
    for kind in KINDS:
        doc = to_document(results[kind])
        assert isinstance(doc, Document) and doc.title and doc.blocks, kind
    with pytest.raises(TypeError):
        to_document(object())


# ---------------------------------------------------------------------------------------------
# what the words and the JSON say


def test_json_keeps_the_sentences(results: dict[str, Any], selection: SelectionResult) -> None:
    data = json.loads(text(selection, "json"))
    assert data["constraints"] and all("message" in c for c in data["constraints"])
    assert list(data["constraints"][0])[-1] == "message"
    audit = json.loads(text(results["audit"], "json"))
    assert all("message" in c for c in audit["constraints"] + audit["failures"])
    assert audit["failures"], "the hand-made roster breaks a rule"
    comparison = json.loads(text(results["compare"], "json"))
    assert comparison["verdict"] == verdicts(results["compare"])
    assert list(comparison)[-3:] == ["verdict", "warnings", "provenance"]
    same = json.loads(text(results["compare same"], "json"))
    assert same["verdict"] == ["The rosters have the same members: no difference."]


def test_constraint_messages() -> None:
    def msg(kind: str, seats: int, low: int, high: int | None) -> str:
        holds = seats >= low and (high is None or seats <= high)
        return constraint_message(ConstraintCheck(kind, "Africa", "k", seats, low, high, holds))

    assert msg("seats", 4, 6, None) == "Africa: 4 seats, needs at least 6: 2 short"
    assert msg("seats", 9, 0, 7) == "Africa: 9 seats, allows at most 7: 2 too many"
    assert msg("seats", 5, 2, 7) == "Africa: 5 seats (allowed 2–7)"
    assert msg("quota", 5, 2, None) == "Africa: 5 seats (allowed 2 or more)"
    assert msg("include", 0, 1, None) == "Africa: fails"
    assert num(0.3333) == "0.33" and num(2.0) == "2" and num(-0.0001) == "0" and num(None) == "–"


def test_selection_words(results: dict[str, Any], selection: SelectionResult) -> None:
    out = _terminal(selection, width=200)
    assert f"{selection.check.size if selection.check else 0} members" in out
    assert "Status: optimal" in out and "Seed 0;" in out
    unproven = _terminal(results["selection unproven"], width=200)
    assert "Roster time limit reached: not proven optimal, gap 100.0 %." in unproven
    none = _terminal(results["selection infeasible"], width=200)
    assert none.startswith("No roster: infeasible")
    assert "Cheapest repair (3 seat(s) in all)" in none
    md = text(selection, "markdown")
    assert "## Hard constraints" in md and "## Roster (" in md and "### region" in md
    assert "Source: a &lt;i&gt;source&lt;/i&gt;" in md  # raw HTML is never passed on


def test_the_terminal_sums_up_quiet_caps(results: dict[str, Any]) -> None:
    audit = results["audit"]  # four of six organisations have nobody in this roster
    out = _terminal(audit, width=200)
    assert "4 more caps hold with room to spare" in out
    md = text(audit, "markdown")  # documents too: only caps that fail or sit at their limit
    assert "4 more caps hold with room to spare" in md and md.count("org = ") == 2


def test_lottery_terminal_and_document_differ(results: dict[str, Any]) -> None:
    out = _terminal(results["lottery"], width=200)
    assert "Lowest selection probabilities" in out and "Drawn with seed 0" in out
    md = text(results["lottery"], "markdown")
    assert "## Selection probabilities" in md and "## Drawn group (seed 0)" in md
    assert "## Uniform lottery: the listed groups" in md and "\n1. " in md


def test_markdown_tables_take_their_section_level() -> None:
    doc = Document(
        "T",
        (
            Table("Alone", ("a",), [["1"]]),
            lines("x"),
        ),
    )
    assert "## Alone" in write_markdown(doc)


def test_live_progress_is_silent_off_a_terminal() -> None:
    buffer = io.StringIO()
    with LiveProgress(Console(file=buffer), delay=0) as progress:
        progress("worst dimension", 1.0, 0.5, 1.0)
    assert buffer.getvalue() == ""


def test_check_roster_keeps_structure_not_sentences(problem: Problem) -> None:
    check = check_roster(problem, problem.ids[6:10])
    failure = check.failures[0]
    assert "message" not in failure.to_dict()
    assert failure.short or failure.excess or failure.kind in ("include", "exclude")


# ---------------------------------------------------------------------------------------------
# every command of the command line offers --format html

POOL, SPEC = SMALL_POOL_CSV, SMALL_SPEC_TOML


@pytest.mark.parametrize(
    "command",
    [
        ["select"],
        ["check", "{roster}"],
        ["explain"],
        ["tradeoffs", "--size"],
        ["alternatives", "-k", "2", "--min-difference", "1"],
        ["compare", "{roster}", "{other}"],
        ["lottery", "--time-limit", "20"],
    ],
)
def test_every_command_prints_html(command: list[str], tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from wgigbalance.cli import app

    (tmp_path / "pool.csv").write_text(POOL)
    (tmp_path / "spec.toml").write_text(SPEC)
    (tmp_path / "roster.csv").write_text("id\nP00\nP01\nP02\nP03\nP04\nP05\n")
    (tmp_path / "other.csv").write_text("id\nP02\nP05\nP08\nP11\nP12\nP15\n")
    paths = {"roster": tmp_path / "roster.csv", "other": tmp_path / "other.csv"}
    args = [part.format(**paths) for part in command]
    args += [
        "--candidates",
        str(tmp_path / "pool.csv"),
        "--constraints",
        str(tmp_path / "spec.toml"),
    ]
    out = CliRunner().invoke(app, [*args, "--format", "html"])
    assert out.exit_code in (0, 1), out.output  # check: 1 when the roster breaks a rule
    assert out.stdout.startswith("<!DOCTYPE html>") and out.stdout.endswith("</html>\n")
    checker = _Checker()
    checker.feed(out.stdout)
    assert checker.problems == [] and checker.stack == []


def test_compare_lists_who_differs(results: dict[str, Any]) -> None:
    cmp = results["compare"]
    differ = sorted(set(cmp.only(0)) | set(cmp.only(1)))
    assert differ
    out = _terminal(cmp, width=200)
    assert f"Who differs ({len(differ)})" in out
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if "Who differs" in line)
    rows = [line.split() for line in lines[start + 2 : start + 2 + len(differ)]]
    assert sorted(r[0] for r in rows) == differ  # after the title and the header, by id
    md = text(cmp, "markdown")
    assert "### Who differs" in md and all(f"| {i} |" in md for i in differ)
    assert "Who differs" not in _terminal(results["compare same"], width=200)


def test_selection_terminal_is_summary_first(selection: SelectionResult) -> None:
    out = _terminal(selection, width=80)
    lines = out.splitlines()
    assert lines[0].startswith("Status: optimal") and lines[1].startswith("Size: ")
    assert lines[2].startswith("Balance: worst dimension")
    assert "…" not in out and all(len(line) <= 80 for line in lines)
    assert "stage '" not in out  # solver stages are --verbose
    buffer = io.StringIO()
    show(selection, "table", Console(file=buffer, width=80, color_system=None), verbose=True)
    assert "stage '" in buffer.getvalue() and "Hard constraints" in buffer.getvalue()


def test_no_footer_claims_a_solver_that_did_not_run(results: dict[str, Any]) -> None:
    for name, result in results.items():
        out = _terminal(result, width=200)
        assert "0 candidate types from 0 candidates" not in out, name
