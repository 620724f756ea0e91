"""Hostile text in every output (issue 11): names and values that are raw HTML, Markdown,
terminal escape sequences or bidirectional overrides are printed as text, never run."""

from __future__ import annotations

import io
import json
import re

import pytest
from helpers import build_pool
from rich.console import Console

from wgigbalance import parse_spec, resolve
from wgigbalance.io import neutralise_cell
from wgigbalance.render import show, text
from wgigbalance.render.charts import deviation_bars, svg_text
from wgigbalance.render.document import md_text
from wgigbalance.results import SelectionResult
from wgigbalance.settings import SolverSettings
from wgigbalance.solver.select import solve_problem
from wgigbalance.text import json_escaped

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
CLEAR = "\x1b[2J\x1b[H"  # clear the screen
LINK = "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07"  # a hidden OSC-8 link
RLO = "\u202eevil"
TICKS = "`rm -rf /`"
PIPE_NEWLINE = "a | b\nc"

NAMES = [SCRIPT, IMG, CLEAR + "Ann", LINK, RLO, TICKS, PIPE_NEWLINE, "[x](javascript:alert(1))"]


@pytest.fixture(scope="module")
def selection() -> SelectionResult:
    pool = build_pool(
        {
            "name": NAMES,
            "region": [IMG, f"{CLEAR}North", "a|b", "x\ny"] * 2,
            "gender": ["w", "m"] * 4,
        }
    )
    spec = parse_spec({"name": f"Panel {SCRIPT}", "size": {"exact": 8}, "balance": {"region": {}}})
    return solve_problem(resolve(spec, pool), SolverSettings(time_limit=10))


def _raw_controls(out: str) -> list[str]:
    return re.findall("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", out)


def test_markdown_passes_no_raw_html_and_keeps_tables_whole(selection: SelectionResult) -> None:
    md = text(selection, "markdown")
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\`rm -rf /\\`" in md
    assert "\\[x\\](javascript" in md  # not a link
    assert _raw_controls(md) == []
    widths: set[int] = set()
    for line in [*md.splitlines(), ""]:
        if line.startswith("|"):
            widths.add(len(re.findall(r"(?<!\\)\|", line)))
        else:
            assert len(widths) <= 1, widths  # no cell split or table broken by a newline
            widths = set()


def test_the_terminal_shows_escape_sequences_without_running_them(
    selection: SelectionResult,
) -> None:
    buffer = io.StringIO()
    show(selection, "table", Console(file=buffer, width=200, color_system=None))
    out = buffer.getvalue()
    assert _raw_controls(out) == []
    assert "\\x1b[2J" in out and "<U+202E>evil" in out


def test_the_roster_csv_carries_no_escape_sequences(selection: SelectionResult) -> None:
    out = text(selection, "csv")
    assert _raw_controls(out.replace("\n", " ")) == []
    assert "\\x1b]8;;http://evil.example\\x07click" in out


def test_html_escapes_everything(selection: SelectionResult) -> None:
    page = text(selection, "html")
    assert "<script>" not in page and "<img" not in page
    assert _raw_controls(page) == []


def test_json_keeps_the_data_exact_and_nothing_raw(selection: SelectionResult) -> None:
    """JSON is data for programs: the names are kept exactly, but every control, invisible
    or bidi character is a \\u escape (`--format json` printed to a terminal runs none)."""
    out = text(selection, "json")
    assert _raw_controls(out.replace("\n", " ")) == []
    assert "\\u001b[2J\\u001b[HNorth" in out
    assert json.loads(out)["members"] == selection.members
    names = set(selection.roster["name"])
    assert RLO in names and CLEAR + "Ann" in names  # the data itself is unchanged


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("a|b", "a\\|b"),
        ("<b>", "&lt;b&gt;"),
        ("line\nbreak", "line break"),
        ("`x`", "\\`x\\`"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_md_text(written: str, shown: str) -> None:
    assert md_text(written) == shown


def test_csv_cells_are_neutralised_and_visible() -> None:
    assert neutralise_cell("=1+1") == "'=1+1"
    assert neutralise_cell("\x1b[31mred") == "\\x1b[31mred"
    assert neutralise_cell("\u202eabc") == "<U+202E>abc"


def test_a_dollar_in_a_chart_label_is_drawn_as_text() -> None:
    """matplotlib reads `$...$` as a formula; a malformed one used to stop the drawing."""
    svg = svg_text(deviation_bars([r"$\frac{", "region"], {"roster $1": [1.0, 2.0]}))
    assert svg.startswith("<svg")


def test_the_terminal_cuts_a_20_mb_cell_instead_of_wrapping_it() -> None:
    """Cells from files are at most 10,000 characters; a frame given to the API is not."""
    pool = build_pool({"name": ["y" * 20_000_000, "Bo"], "g": ["x" * 20_000_000, "b"]})
    spec = parse_spec({"size": {"exact": 2}, "balance": {"g": {}}})
    result = solve_problem(resolve(spec, pool), SolverSettings(time_limit=10))
    buffer = io.StringIO()
    show(result, "table", Console(file=buffer, width=120, color_system=None))
    assert "(20,000,000 characters)" in buffer.getvalue().replace("\n", "")


def test_json_escapes_bidi_and_c1_characters_losslessly() -> None:
    data = {"name": "x\u202ey\x9b\u2066\U000e0041\x85", "n": [1, 2]}
    out = json_escaped(json.dumps(data, ensure_ascii=False, indent=2))
    assert _raw_controls(out.replace("\n", " ")) == [] and "\x85" not in out
    assert json.loads(out) == data
