"""Hostile candidate files (issue 11): shifted columns, invisible and look-alike text, and
files built to make reading slow, each refused in one line naming the line and column."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wgigbalance import InputError, load_problem, read_candidates
from wgigbalance.io import MAX_CELL_CHARS, MAX_COLUMNS
from wgigbalance.text import clean

Write = Callable[[str, str], Path]
ROWS = SMALL_POOL_CSV.splitlines()


def refused(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_candidates(path)
    assert "\n" not in str(info.value), str(info.value)
    assert str(info.value).startswith(f"{path}: ")
    return info.value


def pool_with(write_file: Write, change: Callable[[int, str], str]) -> Path:
    """The small pool with each data row `i` (0-based) replaced by change(i, row)."""
    rows = [ROWS[0]] + [change(i, row) for i, row in enumerate(ROWS[1:])]
    return write_file("c.csv", "\n".join(rows) + "\n")


def test_a_trailing_separator_on_every_row_is_dropped_with_a_warning(write_file: Write) -> None:
    """A spreadsheet export with a trailing comma used to shift every column by one."""
    path = pool_with(write_file, lambda i, row: row + ",")
    frame = read_candidates(path)
    assert list(frame.columns) == ["id", "region", "gender", "org", "score"]
    assert frame.loc[0, "region"] == "A" and frame.loc[0, "id"] == "P00"
    problem, _ = load_problem(path, write_file("s.toml", SMALL_SPEC_TOML))
    assert [w.code for w in problem.warnings] == ["trailing_separator"]


def test_a_header_ending_in_a_separator_is_the_same_file(write_file: Write) -> None:
    text = ROWS[0] + ",\n" + "\n".join(r + "," for r in ROWS[1:]) + "\n"
    frame = read_candidates(write_file("c.csv", text))
    assert list(frame.columns) == ["id", "region", "gender", "org", "score"]


def test_a_row_with_more_fields_than_the_header_is_refused_naming_its_line(
    write_file: Write,
) -> None:
    path = pool_with(write_file, lambda i, row: row + ",extra" if i in (3, 7) else row)
    error = refused(path)
    assert error.code == "too_many_fields"
    assert error.problems[0].line == 5
    assert "line 5 has 6 fields but the header names 5 columns (and 1 more rows)" in str(error)


@pytest.mark.parametrize(
    ("cell", "what"),
    [
        ("A\u200b", "U+200B ZERO WIDTH SPACE"),
        ("\u202eA", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("A\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\x1b[2JA", "U+001B"),
        ("A\u00ad", "U+00AD SOFT HYPHEN"),
        ("\ufeffA", "U+FEFF"),
    ],
)
def test_invisible_and_bidi_characters_are_refused_with_line_and_column(
    write_file: Write, cell: str, what: str
) -> None:
    path = pool_with(write_file, lambda i, row: row.replace(",A,", f",{cell},") if i == 4 else row)
    error = refused(path)
    assert error.code == "hidden_character"
    assert (error.problems[0].line, error.problems[0].column) == (6, "region")
    assert what in str(error)
    assert "\x1b" not in str(error) and "\u202e" not in str(error)


@pytest.mark.parametrize(
    "cell",
    ["A\u00a0", "\u00a0A", " A  ", '"A\n"', '"\tA"', "A\u3000"],
    ids=["nbsp-after", "nbsp-before", "spaces", "newline-in-quotes", "tab", "ideographic"],
)
def test_odd_whitespace_is_collapsed_so_no_new_value_appears(write_file: Write, cell: str) -> None:
    path = pool_with(write_file, lambda i, row: row.replace(",A,", f",{cell},") if i == 4 else row)
    assert sorted(set(read_candidates(path)["region"])) == ["A", "B", "C", "D"]


def test_internal_whitespace_is_collapsed(write_file: Write) -> None:
    path = write_file("c.csv", "id,g\n1,civil\u00a0 \u2003society\n2,civil society\n")
    assert set(read_candidates(path)["g"]) == {"civil society"}


def test_decomposed_accents_are_composed(write_file: Write) -> None:
    path = write_file("c.csv", "id,g\n1,de\u0301veloppe\n2,d\u00e9veloppe\n")
    assert set(read_candidates(path)["g"]) == {"d\u00e9veloppe"}


@pytest.mark.parametrize(
    ("lookalike", "code", "said"),
    [
        ("\u0410", "lookalike_values", "U+0410 CYRILLIC CAPITAL LETTER A"),
        ("\u0391", "lookalike_values", "GREEK CAPITAL LETTER ALPHA"),
        ("\u00c0", "lookalike_values", "differ only in accents"),
        ("a", "case_variants", "upper/lower case"),
    ],
)
def test_lookalike_values_in_a_used_column_are_flagged(
    write_file: Write, lookalike: str, code: str, said: str
) -> None:
    path = pool_with(
        write_file, lambda i, row: row.replace(",A,", f",{lookalike},") if i == 4 else row
    )
    with pytest.raises(InputError) as info:
        load_problem(path, write_file("s.toml", SMALL_SPEC_TOML))
    assert info.value.code == code
    assert said in str(info.value)


def test_constraint_values_are_normalised_like_cells(write_file: Write) -> None:
    spec = SMALL_SPEC_TOML + '[[quota]]\nwhere = { region = "A\u00a0" }\nmin = 1\n'
    problem, _ = load_problem(write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", spec))
    assert problem.bounds


def test_a_hidden_character_in_a_constraint_value_is_refused(write_file: Write) -> None:
    spec = SMALL_SPEC_TOML + '[[quota]]\nwhere = { region = "A\u200b" }\nmin = 1\n'
    with pytest.raises(InputError, match="U\\+200B ZERO WIDTH SPACE"):
        load_problem(write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", spec))


def test_50000_empty_columns_are_refused_at_once(write_file: Write) -> None:
    path = write_file("c.csv", ROWS[0] + "," * 50_000 + "\n" + "\n".join(ROWS[1:]) + "\n")
    start = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - start < 2
    assert error.code == "too_many_columns"
    assert f"at most {MAX_COLUMNS:,}" in str(error)


def test_one_line_of_300000_fields_is_refused_quickly(write_file: Write) -> None:
    path = write_file(
        "c.csv", ROWS[0] + "\n" + ROWS[1] + "," * 300_000 + "x\n" + "\n".join(ROWS[2:]) + "\n"
    )
    start = time.perf_counter()
    error = refused(path)
    assert time.perf_counter() - start < 5
    assert error.code == "too_many_fields" and error.problems[0].line == 2


def test_a_20_mb_cell_is_refused_naming_its_line(write_file: Write) -> None:
    big = '"' + "x" * 20_000_000 + '"'
    path = write_file("c.csv", ROWS[0] + "\n" + ROWS[1] + "\n" + ROWS[3].replace("o1", big) + "\n")
    error = refused(path)
    assert error.code == "cell_too_long" and error.problems[0].line == 3
    assert f"{MAX_CELL_CHARS:,} characters" in str(error)


def test_a_cell_just_under_the_limit_is_read(write_file: Write) -> None:
    path = write_file("c.csv", "id,note\n1," + "x" * MAX_CELL_CHARS + "\n")
    assert len(read_candidates(path).loc[0, "note"]) == MAX_CELL_CHARS


def test_reading_is_linear_in_the_file_size(write_file: Write) -> None:
    """Ten times the rows takes nowhere near a hundred times as long."""

    def seconds(n: int) -> float:
        text = "id,a,b\n" + "".join(f"{i},x{i % 7},y{i % 3}\n" for i in range(n))
        path = write_file(f"c{n}.csv", text)
        start = time.perf_counter()
        read_candidates(path)
        return time.perf_counter() - start

    small, big = seconds(2_000), seconds(20_000)
    assert big < 30 * max(small, 0.005)


def test_many_hidden_characters_are_reported_in_at_most_eleven_lines(write_file: Write) -> None:
    path = write_file("c.csv", "id,g\n" + "".join(f"{i},\u200bx\n" for i in range(50)))
    with pytest.raises(InputError) as info:
        read_candidates(path)
    assert len(info.value.problems) == 11
    assert "and 40 more" in info.value.problems[-1].message


def test_lines_are_named_as_in_the_file_after_blank_lines_and_quoted_line_breaks(
    write_file: Write,
) -> None:
    text = 'id,g,score\n1,a,3\n\n2,"b\nc",4\n\n3,,5\n3,d,x\n'
    error = refused(write_file("c.csv", text))
    assert "lines 7, 8" in str(error)
    pool = write_file("p.csv", text.replace("3,d,x", "4,d,x"))
    spec = write_file("s.toml", '[balance.g]\ntarget = "equal"\n[merit]\ncolumn = "score"\n')
    with pytest.raises(InputError) as info:
        load_problem(pool, spec)
    lines = sorted(p.line for p in info.value.problems if p.line is not None)
    assert lines == [7, 8]  # the empty g, and the score 'x'


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(st.text(alphabet="ab \t\n\r\xa0\u2003,;\"'", max_size=8), min_size=2, max_size=2)
)
def test_every_cell_is_read_as_text_clean_would_write_it(
    write_file: Write, cells: list[str]
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows([["id", "a", "b"], ["x", *cells]])
    frame = read_candidates(write_file("c.csv", buffer.getvalue()))
    assert [frame.loc[0, "a"], frame.loc[0, "b"]] == [clean(c) for c in cells]


def test_hidden_characters_are_stripped_with_a_warning_when_asked(write_file: Write) -> None:
    path = pool_with(
        write_file, lambda i, row: row.replace(",A,", ",\u202eA\u200b,") if i in (4, 8) else row
    )
    frame = read_candidates(path, strip_invisible=True)
    assert sorted(set(frame["region"])) == ["A", "B", "C", "D"]
    (warning,) = frame.attrs["warnings"]
    assert warning.code == "invisible_stripped"
    assert "removed 4 invisible or control character(s) from 2 cell(s)" in warning.message
    assert "line 6, column 'region', U+202E RIGHT-TO-LEFT OVERRIDE" in warning.message
    problem, _ = load_problem(path, write_file("s.toml", SMALL_SPEC_TOML), strip_invisible=True)
    assert [w.code for w in problem.warnings] == ["invisible_stripped"]
