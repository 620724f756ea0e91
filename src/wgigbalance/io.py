"""Data in and out: candidate and roster CSV files, safe CSV writing, file fingerprints.

Everything read from disk is checked here, so that later stages can trust the data:
every problem becomes one `InputError` line naming the file, the row or column, and the fix.
"""

from __future__ import annotations

import csv
import hashlib
import io as _io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .errors import InputError

ID_COLUMN = "id"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_csv_text(path: Path, what: str) -> pd.DataFrame:
    """Read a CSV as strings, tolerating a BOM and stray whitespace; refuse anything else."""
    if not path.exists():
        raise InputError(f"{path}: no such {what} file; check the path.")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a {what} CSV file.")
    try:
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
    first_line = text.lstrip("\r\n").splitlines()[0]
    # European spreadsheets save with semicolons, some exports with tabs: use what the
    # header uses.
    sep = max((",", ";", "\t"), key=lambda d: (first_line.count(d), d == ","))
    try:
        header = [
            c.strip() for c in next(csv.reader(_io.StringIO(text.lstrip("\r\n")), delimiter=sep))
        ]
    except (csv.Error, StopIteration) as exc:
        raise InputError(
            f"{path}: not a valid CSV file; save it as CSV with a header row."
        ) from exc
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    if repeated:
        raise InputError(
            f"{path}: column {repeated[0]!r} appears twice in the header; rename one of them."
        )
    try:
        frame = pd.read_csv(
            _io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable"
        raise InputError(
            f"{path}: not a valid CSV file ({first}); save it as CSV with a header row."
        ) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    unnamed = [c for c in frame.columns if c == "" or c.startswith("Unnamed:")]
    if unnamed and len(unnamed) == len(frame.columns):
        raise InputError(f"{path}: the first row must name the columns (e.g. id,name,...).")
    return frame


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
        lines = ", ".join(str(i + 2) for i in empty[:5])
        raise InputError(f"{path}: empty id on line {lines}; give every row a unique id.")
    dup_mask = frame[ID_COLUMN].duplicated(keep=False)
    if dup_mask.any():
        first = frame.loc[dup_mask, ID_COLUMN].iloc[0]
        lines = ", ".join(str(i + 2) for i in frame.index[frame[ID_COLUMN] == first][:5])
        raise InputError(
            f"{path}: id {first!r} appears more than once (lines {lines}); ids must be unique."
        )


def read_candidates(path: str | os.PathLike[str], row_ids: bool = False) -> pd.DataFrame:
    """Read the candidate list: one row per candidate, an `id` column, every cell a string.

    `row_ids`: a file without an `id` column (a sortition respondents file) gets row
    numbers 1..n as ids, and `frame.attrs["row_ids"]` is set.
    """
    p = Path(path)
    frame = read_csv_text(p, "candidate")
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
    """Prefix a quote to cells a spreadsheet would run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
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


def write_atomic(path: str | os.PathLike[str], text: str | bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a partial file."""
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
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
