"""Data in and out: candidate and roster CSV files, safe CSV writing, file fingerprints.

Everything read from disk is checked here, so that later stages can trust the data:
every problem becomes one `InputError` line naming the file, the row or column, and the fix.
"""

from __future__ import annotations

import csv
import hashlib
import io as _io
import json
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import InputError, InputProblem, Problems, ToolWarning
from .settings import tool_version
from .text import clean, hidden_character, strip_hidden, visible

ID_COLUMN = "id"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# Limits that keep reading fast and messages clear; far above any real candidate list.
MAX_CSV_BYTES = 50_000_000
MAX_COLUMNS = 1_000
MAX_CELL_CHARS = 10_000
_MAX_SHOWN = 10  # problems listed before "... and N more"


# Whitespace some cell of a row would lose to `text.clean`, searched in the row's cells
# joined by NUL (never in a cell: `_read_text` refuses it).
_UNIT = "\x00"
_UNTIDY = re.compile(f"[^\\S ]|  | {_UNIT}|{_UNIT} |^ | $")


def read_csv_text(path: Path, what: str, strip_invisible: bool = False) -> pd.DataFrame:
    """Read a CSV as strings, tolerating a BOM and stray whitespace; refuse anything else.

    Every cell is normalised (`text.clean`); a cell with an invisible, bidirectional or
    control character, a row with more fields than the header (unless the extra fields are
    empty: a trailing separator, accepted with a warning), too many columns or too long a
    cell are refused naming the line and column. Reading is linear in the file's size.
    `strip_invisible`: hidden characters are removed instead, with a warning.
    """
    text = _read_text(path, what)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # European spreadsheets save with semicolons, some exports with tabs: use what the
    # header uses.
    sep = max((",", ";", "\t"), key=lambda d: (first_line.count(d), d == ","))
    if first_line.count(sep) >= MAX_COLUMNS:
        raise InputError(
            f"{path}: line 1 has {first_line.count(sep) + 1:,} columns; at most "
            f"{MAX_COLUMNS:,} are allowed; check the separator or remove empty columns.",
            code="too_many_columns",
            file=str(path),
            line=1,
        )
    rows = _records(text, sep, path)
    if not rows:
        raise InputError(f"{path}: not a valid CSV file; save it as CSV with a header row.")
    header = [clean(c) for c in rows[0][1]]
    _check_header(header, path)
    suspicious = hidden_character(text) is not None
    frame = _table(header, rows[1:], path, suspicious, strip_invisible)
    if frame.columns.empty or all(c == "" for c in frame.columns):
        raise InputError(f"{path}: the first row must name the columns (e.g. id,name,...).")
    return frame


def _read_text(path: Path, what: str) -> str:
    """The file's text: it exists, is not too large, and decodes as UTF-8 or Windows-1252."""
    if not path.exists():
        raise InputError(f"{path}: no such {what} file; check the path.")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a {what} CSV file.")
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise InputError(
                f"{path}: {path.stat().st_size:,} bytes is too large for a {what} file "
                f"(at most {MAX_CSV_BYTES:,}); check that this is the right file.",
                code="file_too_large",
                file=str(path),
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the {what} file ({exc.strerror}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: not a text CSV file; save it as CSV (UTF-8) and try again."
            ) from exc
    if "\x00" in text:
        raise InputError(f"{path}: not a text CSV file; save it as CSV (UTF-8) and try again.")
    if not text.strip():
        raise InputError(f"{path}: the {what} file is empty; it needs a header row and data.")
    # Unicode NFC for every cell at once (separators and line breaks never compose).
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _records(text: str, sep: str, path: Path) -> list[tuple[int, list[str]]]:
    """Every non-blank record with the line it starts on; a cell longer than the limit is
    refused naming its line (the csv module's own limit is higher than ours)."""
    reader = csv.reader(_io.StringIO(text), delimiter=sep)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for fields in reader:
            if fields:
                if max(map(len, fields)) > MAX_CELL_CHARS:
                    raise _cell_too_long(path, line)
                rows.append((line, fields))
            line = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(path, line) from None
        raise InputError(
            f"{path}: line {line}: not a valid CSV file ({exc}); save it as CSV with a header row.",
            file=str(path),
            line=line,
        ) from None
    return rows


def _cell_too_long(path: Path, line: int) -> InputError:
    return InputError(
        f"{path}: line {line}: a cell is longer than {MAX_CELL_CHARS:,} characters; "
        "check the quotes around it or shorten it.",
        code="cell_too_long",
        file=str(path),
        line=line,
    )


def _check_header(header: list[str], path: Path) -> None:
    if len(header) > MAX_COLUMNS:
        raise InputError(
            f"{path}: line 1 has {len(header):,} columns; at most {MAX_COLUMNS:,} are "
            "allowed; check the separator or remove empty columns.",
            code="too_many_columns",
            file=str(path),
            line=1,
        )
    for name in header:
        hidden = hidden_character(name)
        if hidden is not None:
            problems = Problems()
            _hidden(problems, path, 1, name, hidden)
            problems.raise_if_any()
    counts = Counter(c for c in header if c)
    repeated = sorted(c for c, n in counts.items() if n > 1)
    if repeated:
        raise InputError(
            f"{path}: column {visible(repeated[0])!r} appears twice in the header; rename one "
            "of them."
        )


def _table(
    header: list[str],
    body: list[tuple[int, list[str]]],
    path: Path,
    suspicious: bool,
    strip: bool = False,
) -> pd.DataFrame:
    """The data rows as a frame of cleaned strings; short rows are padded with empty cells,
    long ones refused unless every extra field is empty (then dropped, with a warning).
    `suspicious`: the file has a hidden character somewhere (only then is every cell
    searched, to name its line and column); `strip`: hidden characters are removed."""
    width, problems = len(header), Problems()
    padded, trailing, long, starts, stripped = [], 0, [], [], _Stripped()
    for line, fields in body:
        if len(fields) > width:
            if any(f.strip() for f in fields[width:]):
                long.append((line, len(fields)))
                continue
            trailing += 1
            fields = fields[:width]
        # The whole text is already NFC (`_read_text`): here only the whitespace.
        if _UNTIDY.search(_UNIT.join(fields)) is not None:
            fields = [" ".join(f.split()) for f in fields]
        cells = fields + [""] * (width - len(fields))
        if suspicious:
            for n, (name, cell) in enumerate(zip(header, cells, strict=True)):
                hidden = hidden_character(cell)
                if hidden is not None and strip:
                    cells[n] = stripped.strip(cell, f"line {line}, column {name!r}, {hidden}")
                elif hidden is not None:
                    _hidden(problems, path, line, name, hidden)
        padded.append(cells)
        starts.append(line)
    if long:
        _more_fields(problems, path, long, width)
    _raise_first(problems)
    frame = pd.DataFrame(padded, columns=header, dtype=str)
    # The line each row starts on: blank lines and line breaks inside quoted cells make it
    # differ from the row's number + 2.
    frame.attrs["lines"] = RowLines(tuple(starts))
    unnamed = [i for i, c in enumerate(header) if c == ""]
    if unnamed and len(unnamed) < width:
        empty = [i for i in unnamed if not (frame.iloc[:, i] != "").any()]
        frame = frame.drop(columns=frame.columns[empty]) if empty else frame
    warnings = [] if not stripped.cells else [stripped.warning(path)]
    if trailing:
        warnings.append(
            ToolWarning(
                "trailing_separator",
                f"{path}: {trailing} row(s) end with an empty field the header does not "
                "name (a trailing separator); the empty fields were ignored.",
            )
        )
    if warnings:
        frame.attrs["warnings"] = warnings
    return frame


class _Stripped:
    """Hidden characters removed from cells (`strip_invisible`): how many, and the first."""

    def __init__(self) -> None:
        self.cells, self.chars, self.first = 0, 0, ""

    def strip(self, cell: str, where: str) -> str:
        text, count = strip_hidden(cell)
        self.cells, self.chars = self.cells + 1, self.chars + count
        self.first = self.first or where
        return clean(text)

    def warning(self, path: Path) -> ToolWarning:
        return ToolWarning(
            "invisible_stripped",
            f"{path}: removed {self.chars:,} invisible or control character(s) from "
            f"{self.cells:,} cell(s) (the first: {visible(self.first)}); check those values.",
        )


def _more_fields(problems: Problems, path: Path, long: list[tuple[int, int]], width: int) -> None:
    """Rows with more fields than the header: one line naming them (never a shifted table)."""
    line, got = long[0]
    more = f" (and {len(long) - 1:,} more rows)" if len(long) > 1 else ""
    problems.add(
        InputError(
            f"{path}: line {line} has {got} fields but the header names {width} columns"
            f"{more}; remove the extra fields (or quote a cell that contains the separator).",
            code="too_many_fields",
            file=str(path),
            line=line,
        )
    )


def _hidden(problems: Problems, path: Path, line: int, column: str, what: str) -> None:
    problems.add(
        InputError(
            f"{path}: line {line}, column {visible(column)!r}: the cell contains an invisible "
            f"or control character ({what}); retype the value without it.",
            code="hidden_character",
            file=str(path),
            line=line,
            column=column,
        )
    )


def _raise_first(problems: Problems) -> None:
    """All the problems of a file, but at most `_MAX_SHOWN` lines of them."""
    found = problems.found
    if len(found) > _MAX_SHOWN:
        more = len(found) - _MAX_SHOWN
        last = found[_MAX_SHOWN - 1]
        rest = InputProblem(last.code, f"... and {more:,} more like these", last.file)
        problems.found = [*found[:_MAX_SHOWN], rest]
    problems.raise_if_any()


@dataclass(frozen=True)
class RowLines:
    """The line each row of a read file starts on, kept in the frame's `attrs`: immutable,
    so pandas' copies of `attrs` share it rather than copy it."""

    starts: tuple[int, ...]

    def __deepcopy__(self, memo: dict[int, object]) -> RowLines:
        return self


def line_of(frame: pd.DataFrame, row: int) -> int:
    """The file line row `row` of a read frame starts on (row + 2 for a frame made in memory)."""
    lines = frame.attrs.get("lines")
    if isinstance(lines, RowLines) and 0 <= row < len(lines.starts):
        return lines.starts[row]
    return row + 2


def _check_ids(frame: pd.DataFrame, path: Path, what: str) -> None:
    """Ids must exist, be non-empty and unique; rows are reported as spreadsheet line numbers."""
    if ID_COLUMN not in frame.columns:
        cols = ", ".join(frame.columns[:12])
        raise InputError(
            f"{path}: no '{ID_COLUMN}' column (columns are: {cols}); "
            f"add a column named '{ID_COLUMN}' with one unique identifier per {what}."
        )
    empty = frame.index[frame[ID_COLUMN] == ""].tolist()
    if empty:
        lines = ", ".join(str(line_of(frame, i)) for i in empty[:5])
        raise InputError(f"{path}: empty id on line {lines}; give every row a unique id.")
    dup_mask = frame[ID_COLUMN].duplicated(keep=False)
    if dup_mask.any():
        first = frame.loc[dup_mask, ID_COLUMN].iloc[0]
        rows = frame.index[frame[ID_COLUMN] == first][:5]
        lines = ", ".join(str(line_of(frame, i)) for i in rows)
        raise InputError(
            f"{path}: id {first!r} appears more than once (lines {lines}); ids must be unique."
        )


def read_candidates(
    path: str | os.PathLike[str], row_ids: bool = False, strip_invisible: bool = False
) -> pd.DataFrame:
    """Read the candidate list: one row per candidate, an `id` column, every cell a string.

    `row_ids`: a file without an `id` column (a sortition respondents file) gets row
    numbers 1..n as ids, and `frame.attrs["row_ids"]` is set. `strip_invisible`: invisible
    and control characters are removed from cells (with a warning) rather than refused.
    """
    p = Path(path)
    frame = read_csv_text(p, "candidate", strip_invisible)
    if row_ids and ID_COLUMN not in frame.columns:
        frame.insert(0, ID_COLUMN, [str(i) for i in range(1, len(frame) + 1)])
        frame.attrs["row_ids"] = True
    _check_ids(frame, p, "candidate")
    if frame.empty:
        raise InputError(f"{p}: the candidate list has a header but no candidates.")
    return frame.reset_index(drop=True)


def read_roster_ids(path: str | os.PathLike[str]) -> list[str]:
    """Read a roster: any CSV with an `id` column (a `select --out` file qualifies)."""
    p = Path(path)
    frame = read_csv_text(p, "roster")
    _check_ids(frame, p, "member")
    return [_unneutralise(str(v)) for v in frame[ID_COLUMN].tolist()]


def read_panel_ids(
    path: str | os.PathLike[str],
    candidates: str | os.PathLike[str],
    prefer: Iterable[str] = (),
) -> tuple[list[str], bool]:
    """A panel's ids: its `id` column or, for a panel written in a people file's own layout
    (a sortition respondents file has no ids), the ids of the candidate rows with the same
    cells. Identical rows are interchangeable; among them, ids in `prefer` are taken first.
    Returns the ids, and whether they were found by the rows."""
    p = Path(path)
    frame = read_csv_text(p, "panel")
    if ID_COLUMN in frame.columns:
        return read_roster_ids(p), False
    pool = read_candidates(candidates, row_ids=True)
    columns = [c for c in pool.columns if c != ID_COLUMN]
    if sorted(frame.columns) != sorted(columns):
        raise InputError(
            f"{p}: no '{ID_COLUMN}' column, and its columns are not the candidate file's; "
            "give the panel as written by `draw --out`, or with an id column."
        )
    preferred = set(prefer)
    by_cells: dict[tuple[str, ...], list[str]] = {}
    for row_id, row in zip(pool[ID_COLUMN], pool[columns].itertuples(index=False), strict=True):
        by_cells.setdefault(tuple(str(v) for v in row), []).append(str(row_id))
    for ids in by_cells.values():
        ids.sort(key=lambda i: i not in preferred)  # stable: file order otherwise
    found: list[str] = []
    for line, row in enumerate(frame[columns].itertuples(index=False), start=2):
        ids = by_cells.get(tuple(_unneutralise(str(v)) for v in row), [])
        if not ids:
            raise InputError(f"{p}: line {line} is no row of the candidate file.")
        found.append(ids.pop(0))
    return found, True


def read_history(path: str | os.PathLike[str]) -> list[tuple[str, list[str]]]:
    """A membership history: a CSV with columns `cycle,id`, one row per member per cycle.

    Cycles come oldest first: by number when every label is a whole number, else in the
    order the file first names them. A roster (an `id` column, no `cycle`: a `select --out`
    file) is a history of one cycle, labelled 1. Returns (cycle, ids) per cycle."""
    p = Path(path)
    frame = read_csv_text(p, "history")
    if "cycle" not in frame.columns and ID_COLUMN in frame.columns:
        return [("1", read_roster_ids(p))]
    missing = [c for c in ("cycle", ID_COLUMN) if c not in frame.columns]
    if missing:
        raise InputError(
            f"{p}: the history needs the columns cycle,id (one row per member per cycle); "
            f"missing: {', '.join(missing)}.",
            code="bad_history",
        )
    if frame.empty:
        raise InputError(f"{p}: the history has a header but no rows.", code="bad_history")
    blank = frame.index[(frame["cycle"] == "") | (frame[ID_COLUMN] == "")].tolist()
    if blank:
        raise InputError(
            f"{p}: empty cycle or id on line {blank[0] + 2}; fill in every cell.",
            code="bad_history",
        )
    pairs = frame[["cycle", ID_COLUMN]].astype(str)
    twice = pairs.duplicated()
    if twice.any():
        line = int(pairs.index[twice][0]) + 2
        raise InputError(
            f"{p}: line {line}: {pairs.iloc[line - 2, 1]!r} is listed twice in cycle "
            f"{pairs.iloc[line - 2, 0]!r}; list each member once per cycle.",
            code="bad_history",
        )
    labels = list(dict.fromkeys(pairs["cycle"].tolist()))
    if all(label.lstrip("-").isdigit() for label in labels):
        labels.sort(key=int)
    return [
        (label, [_unneutralise(i) for i in pairs.loc[pairs["cycle"] == label, ID_COLUMN]])
        for label in labels
    ]


def read_history_terms(path: str | os.PathLike[str]) -> dict[str, int]:
    """The optional `terms` column of a history, on the rows of its last cycle: each
    member's consecutive terms including that cycle, when the history does not go back far
    enough to count them (blank cells: counted from the history)."""
    p = Path(path)
    frame = read_csv_text(p, "history")
    if "terms" not in frame.columns or "cycle" not in frame.columns:
        return {}
    last = read_history(p)[-1][0]
    out: dict[str, int] = {}
    for line, (cycle, member, cell) in enumerate(
        zip(frame["cycle"], frame[ID_COLUMN], frame["terms"], strict=True), start=2
    ):
        text = str(cell).strip()
        if str(cycle) != last or not text:
            continue
        if not text.isdigit() or int(text) < 1:
            raise InputError(
                f"{p}: line {line}: terms {cell!r} is not a whole number of at least 1.",
                code="bad_history",
            )
        out[_unneutralise(str(member))] = int(text)
    return out


def _unneutralise(text: str) -> str:
    """Undo `neutralise_cell` for ids read back from a roster this tool wrote."""
    if text.startswith("'") and text[1:2] and text[1:2] in "".join(_FORMULA_START):
        return text[1:]
    return text


def neutralise_cell(value: object) -> str:
    """Prefix a quote to cells a spreadsheet would run as a formula (OWASP CSV injection);
    control, escape and bidirectional characters are written visibly (`\\x1b`, `<U+202E>`)."""
    text = "" if value is None else visible(str(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def frame_to_safe_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text with every cell neutralised against formula injection."""
    safe = frame.astype(str).map(neutralise_cell)
    safe.columns = [neutralise_cell(c) for c in frame.columns]
    buffer = _io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def check_output(
    path: str | os.PathLike[str],
    option: str = "--out",
    inputs: Iterable[str | os.PathLike[str]] = (),
) -> None:
    """Refuse an output path before any work: a folder, a missing folder, or an input file."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{target}: is a folder; give {option} a file name.")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{target}: folder {folder} does not exist; create it or change {option}.")
    for source in inputs:
        if Path(source).exists() and target.exists() and target.samefile(source):
            raise InputError(f"{target}: is an input file; {option} would overwrite it.")


def write_atomic(path: str | os.PathLike[str], text: str | bytes, overwrite: bool = True) -> None:
    """Write to a temporary file beside the target, then rename: never a partial file.

    With `overwrite` off, an existing file is never replaced, not even one that appears
    while writing (the temporary file is hard-linked to the name, which fails if it exists).
    """
    target = Path(path)
    check_output(target)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # an ordinary file for colleagues, not mkstemp's 0600
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: str, target: Path) -> None:
    """Give the written temporary file its name, refusing a name that exists."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise InputError(refuse_existing(target)) from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise InputError(refuse_existing(target)) from None
        os.replace(tmp, target)


def refuse_existing(path: str | os.PathLike[str]) -> str:
    """The message for an output file that exists (the run writes nothing)."""
    return f"{path}: already exists; add --force to overwrite it, or choose another name."


MANIFEST_NAME = "manifest.json"


def manifest_path(files: Iterable[Path | None], out_dir: Path | None = None) -> Path | None:
    """Where a run's manifest goes: `manifest.json` in `--out-dir`, else beside the first
    output file (`--out roster.csv`: `roster.csv.manifest.json`); None when the run names no
    output."""
    if out_dir is not None:
        return out_dir / MANIFEST_NAME
    first = next((f for f in files if f is not None), None)
    return None if first is None else first.with_name(first.name + ".manifest.json")


def write_files(
    files: list[tuple[Path, str | bytes]],
    manifest: Path | None,
    command: str,
    force: bool = False,
) -> None:
    """Write every file of one run, then its manifest (each file's path, size and SHA-256).

    Every target is checked before anything is written: without `force`, one that exists
    stops the run with its name, and nothing is written at all. Each file is written whole
    (temporary file, then rename); missing folders are created."""
    if not files:
        return
    targets = [path for path, _ in files] + ([manifest] if manifest is not None else [])
    if not force:
        for path in targets:
            if path.exists() or path.is_symlink():
                raise InputError(refuse_existing(path))
    entries: list[dict[str, object]] = []
    for path, text in files:
        data = text.encode("utf-8") if isinstance(text, str) else text
        _write_one(path, data, force)
        entries.append(
            {
                "path": _relative(path, manifest),
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    if manifest is not None:
        _write_one(manifest, manifest_text(command, entries).encode("utf-8"), force)


def manifest_text(command: str, entries: list[dict[str, object]]) -> str:
    """The manifest: the command, the tool version and the files, as sorted-key JSON (no
    time stamp, so the same run writes the same manifest)."""
    body = {"command": command, "files": entries, "tool": "wgigbalance", "version": tool_version()}
    return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _write_one(path: Path, data: bytes, force: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, overwrite=force)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc}).") from None


def _relative(path: Path, manifest: Path | None) -> str:
    """A file's path as the manifest names it: relative to the manifest's folder."""
    if manifest is None:
        return path.as_posix()
    start = manifest.parent if str(manifest.parent) else Path(".")
    return Path(os.path.relpath(path.absolute(), start.absolute())).as_posix()


def sha256_file(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file's bytes, so a published roster names exactly what it used."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ids_to_lines(ids: Iterable[str]) -> str:
    """One id per line, for messages."""
    return ", ".join(ids)
