"""The resolver's checks of the pool against what the spec names (columns, values, ids,
case and look-alike variants), collecting every problem, and the groups a rule covers (a
`where`, each combination of a `for_each`) as sparse rows."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import InputError, Problems
from ..io import line_of
from ..spec import Bounds
from ..text import how_alike, skeleton, visible
from .data import Bound, distinct

BoundKind = Literal["seats", "quota", "cap"]


class Skip(Exception):
    """A rule cannot be compiled (its problem is recorded); go on with the next rule."""


@dataclass
class Resolver:
    """The pool and file names every check needs, and the problems found so far."""

    pool: pd.DataFrame
    source: str
    cand: str
    problems: Problems = field(default_factory=Problems)
    cleaned: set[tuple[str, bool]] = field(default_factory=set)

    def fail(
        self,
        message: str,
        code: str,
        key: str | None = None,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> Skip:
        """Record a problem; raise the returned `Skip` where the rule cannot go on."""
        error = InputError(
            message, code=code, key=key, file=file, line=line, column=column, hint=hint
        )
        self.problems.add(error)
        return Skip()

    def column(self, column: str, key: str, blanks_ok: bool = False) -> pd.Series:
        """A column the rules use, checked once: present, no empty cells, no case variants."""
        pool = self.pool
        if column not in pool.columns:
            known = ", ".join(c for c in pool.columns)
            close = difflib.get_close_matches(column, list(pool.columns), n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise self.fail(
                f"{self.source}: {key}: column '{column}' is not in {self.cand}; {hint}"
                f"columns are: {known}",
                "unknown_column",
                key,
                file=self.source,
                hint=hint or None,
            )
        if (column, blanks_ok) not in self.cleaned:
            self.cleaned.add((column, blanks_ok))
            self._clean(column, blanks_ok)
        return pool[column]

    def _clean(self, column: str, blanks_ok: bool) -> None:
        values = self.pool[column]
        if not blanks_ok and (values == "").any():
            rows = np.flatnonzero((values == "").to_numpy())
            shown = (str(line_of(self.pool, int(r))) for r in rows[:10])
            lines = ", ".join(shown) + (" ..." if len(rows) > 10 else "")
            word = "line" if len(rows) == 1 else "lines"
            self.fail(
                f"{self.cand}: {word} {lines}, column '{column}' is empty; fill it in (the "
                "constraints use this column) or remove the row.",
                "empty_cell",
                file=self.cand,
                line=line_of(self.pool, int(rows[0])),
                column=column,
            )
        seen: dict[str, str] = {}
        for value in sorted(set(values.tolist())):
            first = seen.setdefault(skeleton(value), value)
            if value and first != value:
                self._variants(column, first, value)

    def _variants(self, column: str, first: str, value: str) -> None:
        """Two values that differ only in case, accents or look-alike letters of another
        script ("development" with a Cyrillic "е"): refused, the difference named."""
        code, why = how_alike(first, value)
        self.fail(
            f"{self.cand}: column '{visible(column)}' has '{visible(first)}' and "
            f"'{visible(value)}', which {why}; write them the same way.",
            code,
            file=self.cand,
            column=column,
        )

    def values(self, column: str, wanted: list[str], key: str) -> None:
        """Every value named in the constraints exists in the column."""
        known = sorted(set(self.pool[column].tolist()))
        known_set = set(known)
        for value in wanted:
            if value not in known_set:
                close = difflib.get_close_matches(value, known, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                shown = ", ".join(repr(k) for k in known[:20]) + (" ..." if len(known) > 20 else "")
                self.fail(
                    f"{self.source}: {key}: no candidate has {column} = '{value}'; {hint}"
                    f"known values: {shown}",
                    "unknown_value",
                    key,
                    file=self.source,
                    hint=hint or None,
                )

    def where(self, where: dict[str, str | list[str]], key: str) -> np.ndarray:
        mask = np.ones(len(self.pool), dtype=bool)
        for column, wanted in where.items():
            series = self.column(column, f"{key}.where")
            values = [wanted] if isinstance(wanted, str) else list(wanted)
            if not values:
                raise self.fail(
                    f"{self.source}: {key}.where.{column}: empty list; name at least one value",
                    "empty_list",
                    f"{key}.where.{column}",
                    file=self.source,
                )
            self.values(column, values, f"{key}.where.{column}")
            mask &= series.isin(values).to_numpy()
        return mask

    def each(
        self,
        for_each: str | list[str] | None,
        where: dict[str, str | list[str]],
        base: np.ndarray,
        limits: Bounds,
        kind: BoundKind,
        key: str,
        title: str,
    ) -> list[Bound]:
        """One bound per combination of the `for_each` columns' values (within `where`)."""
        if for_each is None:
            return [bound_of(kind, title, key, key, base, limits)]
        columns = [for_each] if isinstance(for_each, str) else list(for_each)
        for column in columns:
            self.column(column, f"{key}.for_each", blanks_ok=kind == "cap")
        pool = self.pool
        allowed = np.ones(len(pool), dtype=bool)
        for column in columns:
            if column in where:
                wanted = where[column]
                chosen = [wanted] if isinstance(wanted, str) else wanted
                allowed &= pool[column].isin(chosen).to_numpy()
        # One integer code per combination of values (sorted), then one cheap comparison each.
        if len(columns) == 1:
            combo_code, uniques = pd.factorize(pool[columns[0]], sort=True)
            labels = [f"{columns[0]} = {v}" for v in uniques]
        else:
            combo_code, multi = pd.MultiIndex.from_frame(pool[columns]).factorize(sort=True)
            labels = [
                ", ".join(f"{c} = {v}" for c, v in zip(columns, combo, strict=True))
                for combo in multi
            ]
        combo_code = np.asarray(combo_code)
        members = _rows_by_code(combo_code, base)
        empty = np.zeros(0, dtype=np.int64)
        out = []
        for k in distinct(combo_code[allowed]).tolist():
            label = labels[k]
            if kind == "cap" and label.endswith("= "):  # no organisation given: nothing to cap
                continue
            rows = members.get(k, empty)
            out.append(bound_of(kind, f"{title}: {label}", key, key, rows, limits))
        return out


def _rows_by_code(codes: np.ndarray, base: np.ndarray) -> dict[int, np.ndarray]:
    """The rows of `base` grouped by code, each group ascending: one sort for all groups
    instead of one pass over the pool per group."""
    rows = np.flatnonzero(base)
    order = np.argsort(codes[rows], kind="stable")
    rows, sorted_codes = rows[order], codes[rows][order]
    starts = np.flatnonzero(np.diff(sorted_codes, prepend=sorted_codes[:1] - 1))
    groups = np.split(rows, starts[1:])
    return {int(sorted_codes[s]): g for s, g in zip(starts, groups, strict=True)}


def bound_of(
    kind: BoundKind, label: str, key: str, family: str, group: np.ndarray, b: Bounds
) -> Bound:
    """A bound on a group given as a boolean mask over the pool or as ascending row indices."""
    rows = np.flatnonzero(group) if group.dtype == bool else group.astype(np.int64)
    rows.flags.writeable = False
    return Bound(kind, label, key, family, rows, b.min, b.max, b.min_share, b.max_share)
