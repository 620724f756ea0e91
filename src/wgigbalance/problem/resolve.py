"""Resolving a spec against a pool: columns, values and ids checked, every rule compiled into
plain `Bound`s on groups of candidates and `DimensionTarget`s."""

from __future__ import annotations

import difflib
from fractions import Fraction
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import InputError
from ..io import ID_COLUMN
from ..spec import Bounds, Spec
from .data import Bound, DimensionTarget, Problem


def _need_column(
    pool: pd.DataFrame, column: str, key: str, source: str, cand: str, blanks_ok: bool = False
) -> None:
    if column in pool.columns:
        _clean_column(pool, column, cand, blanks_ok)
    if column not in pool.columns:
        known = ", ".join(c for c in pool.columns)
        close = difflib.get_close_matches(column, list(pool.columns), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise InputError(
            f"{source}: {key}: column '{column}' is not in {cand}; {hint}columns are: {known}"
        )


def _clean_column(pool: pd.DataFrame, column: str, cand: str, blanks_ok: bool = False) -> None:
    """A column the rules use: no empty cells, no values that differ only in case."""
    values = pool[column]
    if not blanks_ok and (values == "").any():
        row = int(np.flatnonzero((values == "").to_numpy())[0])
        raise InputError(
            f"{cand}: line {row + 2}, column '{column}' is empty; fill it in (the constraints "
            "use this column) or remove the row."
        )
    seen: dict[str, str] = {}
    for value in sorted(set(values.tolist())):
        key = value.casefold()
        if value and key in seen and seen[key] != value:
            raise InputError(
                f"{cand}: column '{column}' has '{seen[key]}' and '{value}', which differ only "
                "in upper/lower case; write them the same way."
            )
        seen.setdefault(key, value)


def _need_values(
    pool: pd.DataFrame, column: str, values: list[str], key: str, source: str, cand: str
) -> None:
    known = sorted(set(pool[column].tolist()))
    known_set = set(known)
    for value in values:
        if value not in known_set:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            shown = ", ".join(repr(k) for k in known[:20]) + (" ..." if len(known) > 20 else "")
            raise InputError(
                f"{source}: {key}: no candidate has {column} = '{value}'; {hint}"
                f"known values: {shown}"
            )


def _where_mask(
    pool: pd.DataFrame, where: dict[str, str | list[str]], key: str, source: str, cand: str
) -> np.ndarray:
    mask = np.ones(len(pool), dtype=bool)
    for column, wanted in where.items():
        _need_column(pool, column, f"{key}.where", source, cand)
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        if not values:
            raise InputError(f"{source}: {key}.where.{column}: empty list; name at least one value")
        _need_values(pool, column, values, f"{key}.where.{column}", source, cand)
        mask &= pool[column].isin(values).to_numpy()
    return mask


def _where_text(where: dict[str, str | list[str]]) -> str:
    parts = []
    for column, wanted in where.items():
        if isinstance(wanted, str):
            parts.append(f"{column} = {wanted}")
        else:
            parts.append(f"{column} in ({', '.join(wanted)})")
    return ", ".join(parts)


def resolve(
    spec: Spec,
    pool: pd.DataFrame,
    source: str = "<constraints>",
    candidates_source: str = "<candidates>",
    row_ids: bool = False,
) -> Problem:
    """Check the spec against the pool and compile it into bounds and targets."""
    cand = candidates_source
    ids = pool[ID_COLUMN].tolist()
    index_of = {v: i for i, v in enumerate(ids)}
    size_min, size_max = spec.size.range()

    # People first: they change what is available.
    def row_of(cid: str, key: str) -> int:
        if cid not in index_of:
            close = difflib.get_close_matches(cid, ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(f"{source}: {key}: id '{cid}' is not in {cand}{hint}; fix the id.")
        return index_of[cid]

    include = [row_of(c, "people.include") for c in spec.people.include]
    exclude = [row_of(c, "people.exclude") for c in spec.people.exclude]
    both = sorted(set(spec.people.include) & set(spec.people.exclude))
    if both:
        raise InputError(
            f"{source}: people: id '{both[0]}' is both in include and exclude; keep it in one."
        )
    pairs = []
    for a, b in spec.people.not_together:
        if a == b:
            raise InputError(f"{source}: people.not_together: pair ('{a}', '{b}') names one id.")
        pairs.append((row_of(a, "people.not_together"), row_of(b, "people.not_together")))
    inc_set = set(spec.people.include)
    for a, b in spec.people.not_together:
        if a in inc_set and b in inc_set:
            raise InputError(
                f"{source}: people: '{a}' and '{b}' are both in include but may not sit "
                "together (not_together); drop one of the two rules."
            )

    excluded = np.zeros(len(pool), dtype=bool)
    excluded[exclude] = True

    dims: list[DimensionTarget] = []
    bounds: list[Bound] = []
    for column, dim in spec.balance.items():
        key = f"balance.{column}"
        _need_column(pool, column, key, source, cand)
        values = tuple(sorted(set(pool[column].tolist())))
        code_of = {v: i for i, v in enumerate(values)}
        codes = pool[column].map(code_of).to_numpy(dtype=np.int64)
        targets: dict[str, Fraction] | None
        if dim.target == "none":
            targets = None
        elif dim.target == "equal":
            chosen = list(dim.values) if dim.values is not None else list(values)
            _need_values(pool, column, chosen, f"{key}.values", source, cand)
            targets = {v: Fraction(1, len(chosen)) if v in chosen else Fraction(0) for v in values}
        elif dim.target == "proportional":
            avail = pd.Series(pool[column].to_numpy()[~excluded]).value_counts()
            pool_size = int(avail.sum())
            targets = {v: Fraction(int(avail.get(v, 0)), max(pool_size, 1)) for v in values}
        else:
            assert isinstance(dim.target, dict)
            _need_values(pool, column, list(dim.target), f"{key}.target", source, cand)
            targets = {v: dim.target.get(v, Fraction(0)) for v in values}
        kind = dim.target if isinstance(dim.target, str) else "shares"
        dims.append(DimensionTarget(column, values, codes, targets, dim.weight, dim.priority, kind))
        if dim.each is not None and not dim.each.is_empty():
            for v in values:
                bounds.append(
                    _bound(
                        "seats",
                        f"{column} = {v}",
                        f"{key}.each",
                        key,
                        codes == code_of[v],
                        dim.each,
                    )
                )
        _need_values(pool, column, list(dim.seats), f"{key}.seats", source, cand)
        for v, seat_bounds in dim.seats.items():
            if not seat_bounds.is_empty():
                bounds.append(
                    _bound(
                        "seats",
                        f"{column} = {v}",
                        f"{key}.seats.{v}",
                        key,
                        codes == code_of[v],
                        seat_bounds,
                    )
                )

    for n, quota in enumerate(spec.quota, start=1):
        key = f"quota[{n}]"
        base = _where_mask(pool, quota.where, key, source, cand)
        title = quota.name or _where_text(quota.where) or "everyone"
        bounds.extend(
            _for_each(
                pool, quota.for_each, quota.where, base, quota, "quota", key, title, source, cand
            )
        )

    for n, cap in enumerate(spec.cap, start=1):
        key = f"cap[{n}]"
        _need_column(pool, cap.column, f"{key}.column", source, cand, blanks_ok=True)
        base = _where_mask(pool, cap.where, key, source, cand)
        title = cap.name or f"at most {cap.max} per {cap.column}"
        bounds.extend(
            _for_each(
                pool,
                cap.column,
                cap.where,
                base,
                Bounds(max=cap.max),
                "cap",
                key,
                title,
                source,
                cand,
            )
        )

    merit = None
    merit_column = None
    if spec.merit is not None:
        merit_column = spec.merit.column
        _need_column(pool, merit_column, "merit.column", source, cand)
        numbers = pd.to_numeric(pool[merit_column], errors="coerce")
        bad = numbers.isna() | ~np.isfinite(numbers.to_numpy(dtype=float))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"{cand}: line {row + 2}, column '{merit_column}': "
                f"'{pool[merit_column].iloc[row]}' is not a number; the merit column "
                "(merit.column in the constraints) needs a number in every row."
            )
        merit = numbers.to_numpy(dtype=float)
        if np.abs(merit).max(initial=0.0) > 1e9:
            row = int(np.argmax(np.abs(merit)))
            raise InputError(
                f"{cand}: line {row + 2}, column '{merit_column}': {pool[merit_column].iloc[row]} "
                "is too large for a merit score; rescale the column (e.g. to 0-100)."
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
        merit_column=merit_column,
        source=source,
        candidates_source=cand,
        row_ids=row_ids,
    )


def _bound(
    kind: Literal["seats", "quota", "cap"],
    label: str,
    source: str,
    family: str,
    mask: np.ndarray,
    b: Bounds,
) -> Bound:
    return Bound(kind, label, source, family, mask, b.min, b.max, b.min_share, b.max_share)


def _for_each(
    pool: pd.DataFrame,
    for_each: str | list[str] | None,
    where: dict[str, str | list[str]],
    base: np.ndarray,
    b: Bounds,
    kind: Literal["seats", "quota", "cap"],
    key: str,
    title: str,
    source: str,
    cand: str,
) -> list[Bound]:
    """One bound per combination of the `for_each` columns' values (restricted by `where`)."""
    if for_each is None:
        return [_bound(kind, title, key, key, base, b)]
    columns = [for_each] if isinstance(for_each, str) else list(for_each)
    for column in columns:
        _need_column(pool, column, f"{key}.for_each", source, cand, blanks_ok=kind == "cap")
    allowed = np.ones(len(pool), dtype=bool)
    for column in columns:
        if column in where:
            wanted = where[column]
            allowed &= pool[column].isin([wanted] if isinstance(wanted, str) else wanted).to_numpy()
    # One integer code per combination of values (sorted), then one cheap comparison each.
    if len(columns) == 1:
        combo_code, uniques = pd.factorize(pool[columns[0]], sort=True)
        labels = [f"{columns[0]} = {v}" for v in uniques]
    else:
        combo_code, multi = pd.MultiIndex.from_frame(pool[columns]).factorize(sort=True)
        labels = [
            ", ".join(f"{c} = {v}" for c, v in zip(columns, combo, strict=True)) for combo in multi
        ]
    combo_code = np.asarray(combo_code)
    out = []
    for k in np.unique(combo_code[allowed]).tolist():
        label = labels[k]
        if kind == "cap" and label.endswith("= "):  # no organisation given: nothing to cap
            continue
        mask = base & (combo_code == k)
        out.append(_bound(kind, f"{title}: {label}", key, key, mask, b))
    return out
