"""The files wgigbalance reads: candidates, rosters, panels written in a people file's own
layout, membership histories."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .table import ID_COLUMN, line_of, read_csv_text
from .write import unneutralise


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
    path: str | os.PathLike[str],
    row_ids: bool = False,
    strip_invisible: bool = False,
    sheet: str | None = None,
) -> pd.DataFrame:
    """Read the candidate list: one row per candidate, an `id` column, every cell a string.

    `row_ids`: a file without an `id` column (a sortition respondents file) gets row
    numbers 1..n as ids, and `frame.attrs["row_ids"]` is set. `strip_invisible`: invisible
    and control characters are removed from cells (with a warning) rather than refused.
    A `.xlsx` file is read as an Excel workbook: its first sheet, or the one named `sheet`.
    """
    p = Path(path)
    frame = read_csv_text(p, "candidate", strip_invisible, sheet)
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
    return [unneutralise(str(v)) for v in frame[ID_COLUMN].tolist()]


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
        ids = by_cells.get(tuple(unneutralise(str(v)) for v in row), [])
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
        (label, [unneutralise(i) for i in pairs.loc[pairs["cycle"] == label, ID_COLUMN]])
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
        out[unneutralise(str(member))] = int(text)
    return out
