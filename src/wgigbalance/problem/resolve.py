"""Resolving a spec against a pool: columns, values and ids checked, every rule compiled into
plain `Bound`s on groups of candidates and `DimensionTarget`s.

Every problem found is collected and raised together at the end (a rule whose column is
missing is skipped, not allowed to hide the problems of the rules after it).
"""

from __future__ import annotations

import contextlib
import difflib
from fractions import Fraction

import numpy as np
import pandas as pd

from ..errors import ToolWarning
from ..io import ID_COLUMN, line_of
from ..spec import Bounds, Cap, Dimension, Quota, Spec
from .data import Bound, DimensionTarget, Problem, merit_is_exact, merit_scale
from .groups import Resolver, Skip, bound_of


def resolve(
    spec: Spec,
    pool: pd.DataFrame,
    source: str = "<constraints>",
    candidates_source: str = "<candidates>",
    row_ids: bool = False,
) -> Problem:
    """Check the spec against the pool and compile it into bounds and targets; every problem
    of the file is reported at once."""
    r = Resolver(pool, source, candidates_source)
    include, exclude, pairs = _people(r, spec)
    excluded = np.zeros(len(pool), dtype=bool)
    excluded[exclude] = True
    dims, bounds = _rules(r, spec, excluded)
    merit = None
    if spec.merit is not None:
        with contextlib.suppress(Skip):
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
    r: Resolver, spec: Spec, excluded: np.ndarray
) -> tuple[list[DimensionTarget], list[Bound]]:
    """The balanced dimensions and every bound (seats, quotas, caps); a rule with a problem
    is skipped so that the problems of the rules after it are found too."""
    dims: list[DimensionTarget] = []
    bounds: list[Bound] = []
    for column, dim in spec.balance.items():
        with contextlib.suppress(Skip):
            target, dim_bounds = _dimension(r, column, dim, excluded)
            dims.append(target)
            bounds.extend(dim_bounds)
    for n, quota in enumerate(spec.quota, start=1):
        with contextlib.suppress(Skip):
            bounds.extend(_quota(r, f"quota[{n}]", quota))
    for n, cap in enumerate(spec.cap, start=1):
        with contextlib.suppress(Skip):
            bounds.extend(_cap(r, f"cap[{n}]", cap))
    return dims, bounds


def _people(r: Resolver, spec: Spec) -> tuple[list[int], list[int], list[tuple[int, int]]]:
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
    r: Resolver, column: str, dim: Dimension, excluded: np.ndarray
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
            bounds.append(bound_of("seats", f"{column} = {v}", f"{key}.each", key, mask, dim.each))
    r.values(column, list(dim.seats), f"{key}.seats")
    for v, limits in dim.seats.items():
        if not limits.is_empty() and v in code_of:
            mask = codes == code_of[v]
            bounds.append(
                bound_of("seats", f"{column} = {v}", f"{key}.seats.{v}", key, mask, limits)
            )
    return target, bounds


def _quota(r: Resolver, key: str, quota: Quota) -> list[Bound]:
    base = r.where(quota.where, key)
    title = quota.name or _where_text(quota.where) or "everyone"
    return r.each(quota.for_each, quota.where, base, quota, "quota", key, title)


def _cap(r: Resolver, key: str, cap: Cap) -> list[Bound]:
    r.column(cap.column, f"{key}.column", blanks_ok=True)
    base = r.where(cap.where, key)
    title = cap.name or f"at most {cap.max} per {cap.column}"
    return r.each(cap.column, cap.where, base, Bounds(max=cap.max), "cap", key, title)


def _merit(r: Resolver, column: str) -> np.ndarray:
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
