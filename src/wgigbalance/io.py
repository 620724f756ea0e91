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
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .errors import InputError
from .settings import tool_version

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
