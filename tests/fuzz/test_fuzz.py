"""The fuzz suite (issue 11): malformed candidate, constraint and roster files, as a careless
or hostile user writes them, through the API and the command line.

The contract is the assertion: every run ends with a result or one clear refusal (exit 0, 1,
2 or 4; never 3, the internal error), within a time bound, and no output file is left after
an error. A fast subset runs in every test run; the long run is behind the `fuzz` marker:

    python -m pytest -m fuzz                       # 5,000 cases per test by default
    WGIGBALANCE_FUZZ_EXAMPLES=500 python -m pytest -m fuzz
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import wgigbalance
from wgigbalance import InputError
from wgigbalance.cli import app

FAST = 25  # examples per test in every run (keeps the default suite's cost to seconds)
LONG = int(os.environ.get("WGIGBALANCE_FUZZ_EXAMPLES", "5000"))
TIME_BOUND = 30.0  # seconds one run may take (the solver's limit is 2 s)
SOLVER_SECONDS = 2.0
LOG = os.environ.get("WGIGBALANCE_FUZZ_LOG")  # a file to append one line per run to


def _log(kind: str, code: int, elapsed: float, what: str = "") -> None:
    """For the README's figures: `kind exit-code seconds first-words`, one line per run."""
    if LOG:
        with open(LOG, "a", encoding="utf-8") as handle:
            handle.write(f"{kind}\t{code}\t{elapsed:.3f}\t{what[:60]!r}\n")


# What hostile and careless files contain: separators, quotes, line breaks, invisible and
# bidirectional characters, odd spaces, look-alike letters, decomposed accents, escape
# sequences, formula prefixes, NUL, replacement characters, markup.
HOSTILE = [
    ",", ";", "\t", '"', "'", "\n", "\r\n", "\r", "\x00", "\u200b", "\u202e", "\u2066",
    "\xa0", "\u3000", "А", "е", "e\u0301", "\x1b[2J", "\x1b]8;;x\x07", "=", "+", "-", "@",
    "\ufeff", "\ufffd", "<script>", "`", "|", "[", "]", "{", "}", "#", "\\", "$", "%", "0",
    "9", " ", "  ", "\u00ad",
]  # fmt: skip
TOML_VALUES = [
    "true", "false", '"30"', "-1", "0", "1", "9223372036854775808", "18446744073709551617",
    "1e308", "inf", "nan", "-0.0", "1.5", "1000000000", "9" * 50, '"40%"', '"1/3"', "[]",
    "{}", '""', '"\u202e"', "[[[[[[[[[[1]]]]]]]]]]", "1979-05-27", '"' + "x" * 5000 + '"',
]  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, base: str, values: list[str] | None = None) -> str:
    """`base` with a few random edits: inserted hostile text, deletions, repeated or
    truncated lines, trailing separators, numbers replaced by hostile values."""
    text = base
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):  # 0: the file as it was
        kind = draw(st.sampled_from(["insert", "delete", "line", "trail", "value", "cut", "big"]))
        at = draw(st.integers(0, max(len(text), 1)))
        if kind == "insert":
            text = text[:at] + draw(st.sampled_from(HOSTILE)) * draw(st.integers(1, 3)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif kind == "line":
            lines = text.splitlines(keepends=True) or [""]
            line = lines[at % len(lines)]
            lines.insert(at % len(lines), line * draw(st.integers(1, 3)))
            text = "".join(lines)
        elif kind == "trail":
            text = text.replace("\n", draw(st.sampled_from([",", ";", ",,", "\t"])) + "\n")
        elif kind == "value" and values:
            digits = [i for i, c in enumerate(text) if c.isdigit()]
            if digits:
                i = digits[at % len(digits)]
                text = text[:i] + draw(st.sampled_from(values)) + text[i + 1 :]
        elif kind == "cut":
            text = text[:at]
        elif kind == "big":
            text = text[:at] + draw(BIG) + text[at:]
    return text


# Text that once made reading or printing slow (scaled down so that each case stays fast):
# thousands of empty columns or fields on one line, a cell of up to 200,000 characters.
BIG = st.one_of(
    st.integers(500, 5_000).map(lambda n: "," * n),
    st.integers(5_000, 200_000).map(lambda n: '"' + "x" * n + '"'),
    st.integers(100, 2_000).map(lambda n: "\u200b" * n),
)


def csv_files() -> st.SearchStrategy[str]:
    return mutated(SMALL_POOL_CSV)


def toml_files() -> st.SearchStrategy[str]:
    """Mostly mutated rule files; one in twenty nested hundreds or thousands of levels deep."""
    return st.integers(0, 19).flatmap(
        lambda n: (
            st.integers(100, 3000).map(_deep) if n == 0 else mutated(SMALL_SPEC_TOML, TOML_VALUES)
        )
    )


def _deep(levels: int) -> str:
    return "[size]\nmin = " + "[" * levels + "]" * levels + "\n"


def encoded(text: str, how: str) -> bytes:
    """The text as a file's bytes: UTF-8, with a BOM, Windows-1252, or broken UTF-8."""
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if how == "cp1252":
        return text.encode("cp1252", "replace")
    if how == "broken":
        return text.encode("utf-8", "surrogatepass")[:-1] + b"\xff\xfe"
    return text.encode("utf-8", "surrogatepass")


ENCODINGS = st.sampled_from(["utf8"] * 8 + ["bom", "cp1252", "broken"])


def _api_select(folder: Path, pool: bytes, spec: bytes) -> None:
    (folder / "c.csv").write_bytes(pool)
    (folder / "s.toml").write_bytes(spec)
    start = time.perf_counter()
    try:
        result = wgigbalance.select(folder / "c.csv", folder / "s.toml", time_limit=SOLVER_SECONDS)
    except InputError as exc:
        assert str(exc).strip(), "an InputError says what is wrong"
        assert all(p.message for p in exc.problems)
        _log("api", 2, time.perf_counter() - start, f"{exc.code} {str(exc).split(': ', 1)[-1]}")
    else:
        assert result.status is not None
        _log("api", 0 if result.check is not None else 1, time.perf_counter() - start)
    assert time.perf_counter() - start < TIME_BOUND


def _cli(
    folder: Path, command: list[str], files: dict[str, bytes], candidates: str = "c.csv"
) -> None:
    """One CLI run: exit 0/1/2/4, no traceback, one line per problem, no output file after
    an error, within the time bound."""
    for name, data in files.items():
        (folder / name).write_bytes(data)
    out = "out.xlsx" if any(a.endswith(".xlsx") for a in command) else "out.csv"
    outputs = [folder / out, folder / "out.svg", folder / "out"]
    for path in outputs:
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    args = [
        *command,
        "--candidates",
        str(folder / candidates),
        "--constraints",
        str(folder / "s.toml"),
    ]
    start = time.perf_counter()
    result = CliRunner().invoke(app, args)
    elapsed = time.perf_counter() - start
    _log(f"cli-{command[0]}", result.exit_code, elapsed, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2, 4), (result.exit_code, result.stderr)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("error: "), result.stderr
        assert result.stdout == ""
    if result.exit_code != 0:  # select and lottery write a roster only with a result
        assert not outputs[0].exists(), "an output file after an error"
    if result.exit_code == 2:
        assert not any(p.exists() for p in outputs), "an output after bad input"
    assert elapsed < TIME_BOUND


LIMIT = ["--time-limit", str(SOLVER_SECONDS)]
COMMANDS = st.sampled_from(
    [
        ["select", "--out", "OUT", *LIMIT],
        ["select", "--format", "markdown", *LIMIT],
        ["check", "ROSTER"],
        ["explain"],
        ["lottery", "--size", "5", "--panels", "20", "--out", "OUT", *LIMIT],
        ["tradeoffs", "--size", "--out-dir", "DIR", *LIMIT],
        ["tradeoffs", "--between", "region", "gender", "--plot", "PLOT", *LIMIT],
        ["alternatives", "-k", "3", "--out-dir", "DIR", *LIMIT],
        ["compare", "ROSTER", "ROSTER2", "--format", "markdown"],
        ["replace", "ROSTER", "--dropped", "P01", "--out", "OUT", *LIMIT],
        ["renew", "ROSTER", "--out", "OUT", "--format", "markdown", *LIMIT],
        ["reserves", "ROSTER", "--length", "2", "--runs", "5", "--out", "OUT", *LIMIT],
    ]
)


def _fuzz_api(folder: Path, data: st.DataObject) -> None:
    pool = encoded(data.draw(csv_files()), data.draw(ENCODINGS))
    spec = encoded(data.draw(toml_files()), data.draw(ENCODINGS))
    _api_select(folder, pool, spec)


def _fuzz_cli(folder: Path, data: st.DataObject) -> None:
    paths = {
        "OUT": str(folder / "out.csv"),
        "DIR": str(folder / "out"),
        "PLOT": str(folder / "out.svg"),
        "ROSTER": str(folder / "r.csv"),
        "ROSTER2": str(folder / "r2.csv"),
    }
    command = [paths.get(a, a) for a in data.draw(COMMANDS)]
    files = {
        "c.csv": encoded(data.draw(csv_files()), data.draw(ENCODINGS)),
        "s.toml": encoded(data.draw(toml_files()), data.draw(ENCODINGS)),
        "r.csv": encoded(data.draw(mutated("id\nP00\nP01\nP04\nP05\nP08\n")), "utf8"),
        "r2.csv": encoded(data.draw(mutated("id\nP02\nP03\nP06\nP09\nP12\n")), "utf8"),
    }
    _cli(folder, command, files)


def _workbook(rows: list[list[object]], first: list[list[object]] | None = None) -> bytes:
    import io

    import openpyxl

    from wgigbalance.io.xlsx_write import _fixed_zip

    book = openpyxl.Workbook()
    sheet = book.active
    if first is not None:  # an unrelated sheet before the candidates
        for row in first:
            sheet.append(row)
        sheet = book.create_sheet("Candidates")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())  # the same bytes each time: hypothesis replays


XLSX_VALUES: list[object] = [
    0, -1, 3.0, 2.5, 1e308, True, None, "", "=A2*2", "=SUM(E2:E9)", "=1/0",
    dt.datetime(2024, 5, 17), dt.date(1999, 12, 31), dt.time(12, 30), "x" * 10_001,
    "\u202eevil", "a\u200bb", "e\u0301", "А", "  padded  ", "line\nbreak",
]  # fmt: skip


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    """Mutations of a small valid candidate workbook: extra or missing columns, hidden
    characters, huge cells, formulas without saved values, wrong types, several sheets; or
    no workbook at all (a text file named .xlsx, a truncated or damaged zip)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    rows: list[list[object]] = [
        list(r) for r in (line.split(",") for line in SMALL_POOL_CSV.splitlines())
    ]
    first = None
    for _ in range(draw(st.sampled_from([0, 1, 1, 2, 3]))):
        kind = draw(st.sampled_from(["cell", "hostile", "column", "drop", "row", "sheet"]))
        r, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, 6))
        if kind == "cell":
            rows[r][c : c + 1] = [draw(st.sampled_from(XLSX_VALUES))]
        elif kind == "hostile":
            value = str(rows[r][c] if c < len(rows[r]) else "") + draw(st.sampled_from(HOSTILE))
            rows[r][c : c + 1] = [ILLEGAL_CHARACTERS_RE.sub("", value)]
        elif kind == "column":
            for row in rows[: draw(st.integers(1, len(rows)))]:
                row.append(draw(st.sampled_from(XLSX_VALUES)))
        elif kind == "drop":
            for row in rows:
                del row[c : c + 1]
        elif kind == "row":
            rows.insert(r, list(rows[r]) if draw(st.booleans()) else [])
        else:
            first = [["notes"], [draw(st.sampled_from(XLSX_VALUES))]]
    data = _workbook(rows, first)
    damage = draw(st.sampled_from(["none"] * 6 + ["text", "cut", "flip"]))
    if damage == "text":
        return SMALL_POOL_CSV.encode()
    at = draw(st.integers(0, len(data) - 1))
    if damage == "cut":
        return data[:at]
    if damage == "flip":
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return data


XLSX_COMMANDS = st.sampled_from(
    [
        ["select", "--out", "OUT", *LIMIT],
        ["select", "--sheet", "Candidates", *LIMIT],
        ["check", "ROSTER"],
        ["lottery", "--size", "5", "--panels", "20", "--out", "OUT", *LIMIT],
        ["explain"],
    ]
)


def _fuzz_xlsx_api(folder: Path, data: st.DataObject) -> None:
    (folder / "c.xlsx").write_bytes(data.draw(xlsx_files()))
    (folder / "s.toml").write_text(SMALL_SPEC_TOML)
    start = time.perf_counter()
    try:
        wgigbalance.select(folder / "c.xlsx", folder / "s.toml", time_limit=SOLVER_SECONDS)
    except InputError as exc:
        assert str(exc).strip() and all(p.message for p in exc.problems)
        assert str(exc).startswith(str(folder)), exc  # names the file
        _log("api-xlsx", 2, time.perf_counter() - start, exc.code)
    assert time.perf_counter() - start < TIME_BOUND


def _fuzz_xlsx_cli(folder: Path, data: st.DataObject) -> None:
    paths = {"OUT": str(folder / "out.xlsx"), "ROSTER": str(folder / "r.csv")}
    command = [paths.get(a, a) for a in data.draw(XLSX_COMMANDS)]
    files = {
        "c.xlsx": data.draw(xlsx_files()),
        "s.toml": SMALL_SPEC_TOML.encode(),
        "r.csv": b"id\nP00\nP01\nP04\nP05\nP08\n",
    }
    _cli(folder, command, files, candidates="c.xlsx")


_FAST = settings(
    max_examples=FAST,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_LONG = settings(
    max_examples=LONG,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_FAST
@given(data=st.data())
def test_api_fast(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_api(tmp_path, data)


@_FAST
@given(data=st.data())
def test_cli_fast(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_cli(tmp_path, data)


@settings(_FAST, max_examples=10)
@given(data=st.data())
def test_xlsx_api_fast(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_xlsx_api(tmp_path, data)


@settings(_FAST, max_examples=10)
@given(data=st.data())
def test_xlsx_cli_fast(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_xlsx_cli(tmp_path, data)


@pytest.mark.fuzz
@_LONG
@given(data=st.data())
def test_xlsx_api_long(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_xlsx_api(tmp_path, data)


@pytest.mark.fuzz
@_LONG
@given(data=st.data())
def test_xlsx_cli_long(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_xlsx_cli(tmp_path, data)


@pytest.mark.fuzz
@_LONG
@given(data=st.data())
def test_api_long(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_api(tmp_path, data)


@pytest.mark.fuzz
@_LONG
@given(data=st.data())
def test_cli_long(tmp_path: Path, data: st.DataObject) -> None:
    _fuzz_cli(tmp_path, data)
