"""Resolving a spec against a pool: columns, values and ids checked, every rule compiled into
plain `Bound`s on groups of candidates and `DimensionTarget`s.

Every problem found is collected and raised together at the end (a rule whose column is
missing is skipped, not allowed to hide the problems of the rules after it).
"""

from __future__ import annotations

import contextlib
import difflib
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import InputError, Problems, ToolWarning
from ..io import ID_COLUMN, line_of
from ..spec import Bounds, Cap, Dimension, Quota, Spec
from ..text import how_alike, skeleton, visible
from .data import Bound, DimensionTarget, Problem, distinct, merit_is_exact, merit_scale

BoundKind = Literal["seats", "quota", "cap"]


class _Skip(Exception):
    """A rule cannot be compiled (its problem is recorded); go on with the next rule."""


@dataclass
class _Resolver:
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
    ) -> _Skip:
        """Record a problem; raise the returned `_Skip` where the rule cannot go on."""
        error = InputError(
            message, code=code, key=key, file=file, line=line, column=column, hint=hint
        )
        self.problems.add(error)
        return _Skip()

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
            return [_bound(kind, title, key, key, base, limits)]
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
            out.append(_bound(kind, f"{title}: {label}", key, key, rows, limits))
        return out


def resolve(
    spec: Spec,
    pool: pd.DataFrame,
    source: str = "<constraints>",
    candidates_source: str = "<candidates>",
    row_ids: bool = False,
) -> Problem:
    """Check the spec against the pool and compile it into bounds and targets; every problem
    of the file is reported at once."""
    r = _Resolver(pool, source, candidates_source)
    include, exclude, pairs = _people(r, spec)
    excluded = np.zeros(len(pool), dtype=bool)
    excluded[exclude] = True
    dims, bounds = _rules(r, spec, excluded)
    merit = None
    if spec.merit is not None:
        with contextlib.suppress(_Skip):
            merit = _merit(r, spec.merit.column)
    if pool.shape[0] and len(set(exclude)) == pool.shape[0]:
        r.fail(
            f"{source}: people.exclude names every candidate in {candidates_source} "
            f"({pool.shape[0]}); no group can be formed: exclude fewer people.",
            "everyone_excluded",
            "people.exclude",
            file=source,
        )
    r.problems.raise_if_any()
    size_min, size_max = spec.size.range()
    # No group is larger than the pool: the model then never builds (or loops over) sizes
    # no roster can have, however large a maximum the file names.
    size_max = max(size_min, min(size_max, int(pool.shape[0]) - len(set(exclude))))
    warnings = list(pool.attrs.get("warnings", ()))
    if merit is not None and not merit_is_exact(merit, scale := merit_scale(merit, size_max)):
        warnings.append(
            ToolWarning(
                "merit_rounded",
                f"{candidates_source}: the merit column '{spec.merit.column if spec.merit else ''}'"
                f" has more decimals than the solver can add up exactly; scores are compared "
                f"rounded to {len(str(scale)) - 1} decimals.",
            )
        )
    return Problem(
        pool=pool,
        spec=spec,
        size_min=size_min,
        size_max=size_max,
        dimensions=tuple(dims),
        bounds=tuple(bounds),
        include=tuple(include),
        exclude=tuple(exclude),
        not_together=tuple(pairs),
        merit=merit,
        merit_column=None if spec.merit is None else spec.merit.column,
        source=source,
        candidates_source=candidates_source,
        row_ids=row_ids,
        warnings=tuple(warnings),
    )


def _rules(
    r: _Resolver, spec: Spec, excluded: np.ndarray
) -> tuple[list[DimensionTarget], list[Bound]]:
    """The balanced dimensions and every bound (seats, quotas, caps); a rule with a problem
    is skipped so that the problems of the rules after it are found too."""
    dims: list[DimensionTarget] = []
    bounds: list[Bound] = []
    for column, dim in spec.balance.items():
        with contextlib.suppress(_Skip):
            target, dim_bounds = _dimension(r, column, dim, excluded)
            dims.append(target)
            bounds.extend(dim_bounds)
    for n, quota in enumerate(spec.quota, start=1):
        with contextlib.suppress(_Skip):
            bounds.extend(_quota(r, f"quota[{n}]", quota))
    for n, cap in enumerate(spec.cap, start=1):
        with contextlib.suppress(_Skip):
            bounds.extend(_cap(r, f"cap[{n}]", cap))
    return dims, bounds


def _people(r: _Resolver, spec: Spec) -> tuple[list[int], list[int], list[tuple[int, int]]]:
    """Rows of the named people: they change what is available, so they come first."""
    ids = r.pool[ID_COLUMN].tolist()
    index_of = {v: i for i, v in enumerate(ids)}

    def row_of(cid: str, key: str) -> int:
        if cid not in index_of:
            close = difflib.get_close_matches(cid, ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            r.fail(
                f"{r.source}: {key}: id '{cid}' is not in {r.cand}{hint}; fix the id.",
                "unknown_id",
                key,
                file=r.source,
            )
            return -1
        return index_of[cid]

    people = spec.people
    include = [row_of(c, "people.include") for c in people.include]
    exclude = [row_of(c, "people.exclude") for c in people.exclude]
    for both in sorted(set(people.include) & set(people.exclude)):
        r.fail(
            f"{r.source}: people: id '{both}' is both in include and exclude; keep it in one.",
            "include_and_exclude",
            "people",
            file=r.source,
        )
    pairs = []
    inc_set = set(people.include)
    for a, b in people.not_together:
        if a == b:
            r.fail(
                f"{r.source}: people.not_together: pair ('{a}', '{b}') names one id.",
                "pair_of_one",
                "people.not_together",
                file=r.source,
            )
            continue
        if a in inc_set and b in inc_set:
            r.fail(
                f"{r.source}: people: '{a}' and '{b}' are both in include but may not sit "
                "together (not_together); drop one of the two rules.",
                "include_not_together",
                "people",
                file=r.source,
            )
        pairs.append((row_of(a, "people.not_together"), row_of(b, "people.not_together")))
    return (
        [i for i in include if i >= 0],
        [i for i in exclude if i >= 0],
        [(a, b) for a, b in pairs if a >= 0 and b >= 0],
    )


def _dimension(
    r: _Resolver, column: str, dim: Dimension, excluded: np.ndarray
) -> tuple[DimensionTarget, list[Bound]]:
    """A balanced column: its values, target shares and seat bounds."""
    key = f"balance.{column}"
    series = r.column(column, key)
    values = tuple(sorted(set(series.tolist())))
    code_of = {v: i for i, v in enumerate(values)}
    codes = series.map(code_of).to_numpy(dtype=np.int64)
    targets: dict[str, Fraction] | None
    if dim.target == "none":
        targets = None
    elif dim.target == "equal":
        chosen = list(dim.values) if dim.values is not None else list(values)
        r.values(column, chosen, f"{key}.values")
        targets = {v: Fraction(1, len(chosen)) if v in chosen else Fraction(0) for v in values}
    elif dim.target == "proportional":
        # The candidates who can be selected: everyone but people.exclude.
        avail = pd.Series(series.to_numpy()[~excluded]).value_counts()
        pool_size = int(avail.sum())
        targets = {v: Fraction(int(avail.get(v, 0)), max(pool_size, 1)) for v in values}
    else:
        assert isinstance(dim.target, dict)
        r.values(column, list(dim.target), f"{key}.target")
        targets = {v: dim.target.get(v, Fraction(0)) for v in values}
    kind = dim.target if isinstance(dim.target, str) else "shares"
    target = DimensionTarget(column, values, codes, targets, dim.weight, dim.priority, kind)
    bounds = []
    if dim.each is not None and not dim.each.is_empty():
        for v in values:
            mask = codes == code_of[v]
            bounds.append(_bound("seats", f"{column} = {v}", f"{key}.each", key, mask, dim.each))
    r.values(column, list(dim.seats), f"{key}.seats")
    for v, limits in dim.seats.items():
        if not limits.is_empty() and v in code_of:
            mask = codes == code_of[v]
            bounds.append(_bound("seats", f"{column} = {v}", f"{key}.seats.{v}", key, mask, limits))
    return target, bounds


def _quota(r: _Resolver, key: str, quota: Quota) -> list[Bound]:
    base = r.where(quota.where, key)
    title = quota.name or _where_text(quota.where) or "everyone"
    return r.each(quota.for_each, quota.where, base, quota, "quota", key, title)


def _cap(r: _Resolver, key: str, cap: Cap) -> list[Bound]:
    r.column(cap.column, f"{key}.column", blanks_ok=True)
    base = r.where(cap.where, key)
    title = cap.name or f"at most {cap.max} per {cap.column}"
    return r.each(cap.column, cap.where, base, Bounds(max=cap.max), "cap", key, title)


def _merit(r: _Resolver, column: str) -> np.ndarray:
    """The merit column as numbers: every cell a finite number of sane size."""
    series = r.column(column, "merit.column")
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna() | ~np.isfinite(numbers.to_numpy(dtype=float))
    if bad.any():
        rows = np.flatnonzero(bad.to_numpy())
        row = int(rows[0])
        more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
        line = line_of(r.pool, row)
        raise r.fail(
            f"{r.cand}: line {line}, column '{column}': '{series.iloc[row]}' is not a "
            f"number{more}; the merit column (merit.column in the constraints) needs a number "
            "in every row.",
            "not_a_number",
            file=r.cand,
            line=line,
            column=column,
        )
    merit = numbers.to_numpy(dtype=float)
    if np.abs(merit).max(initial=0.0) > 1e9:
        row = int(np.argmax(np.abs(merit)))
        line = line_of(r.pool, row)
        raise r.fail(
            f"{r.cand}: line {line}, column '{column}': {series.iloc[row]} is too large for "
            "a merit score; rescale the column (e.g. to 0-100).",
            "number_too_large",
            file=r.cand,
            line=line,
            column=column,
        )
    return merit


def _where_text(where: dict[str, str | list[str]]) -> str:
    parts = []
    for column, wanted in where.items():
        if isinstance(wanted, str):
            parts.append(f"{column} = {wanted}")
        else:
            parts.append(f"{column} in ({', '.join(wanted)})")
    return ", ".join(parts)


def _rows_by_code(codes: np.ndarray, base: np.ndarray) -> dict[int, np.ndarray]:
    """The rows of `base` grouped by code, each group ascending: one sort for all groups
    instead of one pass over the pool per group."""
    rows = np.flatnonzero(base)
    order = np.argsort(codes[rows], kind="stable")
    rows, sorted_codes = rows[order], codes[rows][order]
    starts = np.flatnonzero(np.diff(sorted_codes, prepend=sorted_codes[:1] - 1))
    groups = np.split(rows, starts[1:])
    return {int(sorted_codes[s]): g for s, g in zip(starts, groups, strict=True)}


def _bound(
    kind: BoundKind, label: str, key: str, family: str, group: np.ndarray, b: Bounds
) -> Bound:
    """A bound on a group given as a boolean mask over the pool or as ascending row indices."""
    rows = np.flatnonzero(group) if group.dtype == bool else group.astype(np.int64)
    rows.flags.writeable = False
    return Bound(kind, label, key, family, rows, b.min, b.max, b.min_share, b.max_share)
