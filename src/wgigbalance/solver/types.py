"""Candidate types: candidates that look the same to every enforced rule are interchangeable.

The model has one integer variable per type (how many of that type sit), not one per
candidate, so it grows with the number of distinct types, not with the pool. Individuals are
picked inside each type afterwards (must-includes first, then merit, then a seeded draw).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..problem import Bound, Problem, distinct


@dataclass
class TypeTable:
    """Candidates grouped into interchangeable types."""

    row_type: np.ndarray  # type per pool row; -1 for excluded rows
    members: list[np.ndarray]  # pool rows of each type, in pick order
    included: np.ndarray  # must-include rows per type (they come first in pick order)
    dim_codes: np.ndarray  # (types, dimensions): value index of each type
    bound_types: list[np.ndarray]  # per problem bound: the types in its group (None if dropped)
    active_bounds: list[int]  # bounds the model must enforce (others can never bind)

    @property
    def counts(self) -> np.ndarray:
        return np.array([len(m) for m in self.members], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.members)


def _redundant(bound: Bound, available: int, size_min: int) -> bool:
    """A bound with no minimum whose group has fewer candidates than it allows never binds."""
    if (bound.min or 0) > 0 or (bound.min_share or 0) > 0:
        return False
    _, hi = bound.limits(size_min)
    return hi is not None and available <= hi


def build_types(
    problem: Problem, seed: int, caps: set[int] | None = None, split: Iterable[int] = ()
) -> TypeTable:
    """Group the available candidates by everything the enforced rules can see about them.

    `caps`: the cap bounds (by index) to enforce in the model; None enforces all. Caps left
    out (per country, per organisation: many small groups) would split types by the capped
    column and make the model grow with the pool; `lazy_caps` enforces them instead.
    """
    n = len(problem.pool)
    active, columns = _active_bounds(problem, caps)
    special = np.full(n, -1, dtype=np.int64)
    for a, b in problem.not_together:
        special[a], special[b] = a, b
    for r in split:  # rows that must be told apart from look-alikes (a lottery's includes)
        special[r] = r
    columns.append(special)
    row_type = _row_types(problem, _combined_key(columns, n))
    n_types = int(row_type.max(initial=-1)) + 1
    if n_types == 0:
        return TypeTable(
            row_type,
            [],
            np.zeros(0, np.int64),
            np.zeros((0, 0), np.int64),
            [np.zeros(0, np.int64) for _ in problem.bounds],
            active,
        )
    ranked = problem.pick_order(seed)
    ranked = ranked[row_type[ranked] >= 0]
    by_type = row_type[ranked]
    sort = np.argsort(by_type, kind="stable")
    members = np.split(ranked[sort], np.searchsorted(by_type[sort], np.arange(1, n_types)))
    included = np.zeros(n_types, dtype=np.int64)
    np.add.at(included, row_type[list(problem.include)], 1)
    dims = problem.balanced()
    representative = np.array([m[0] for m in members], dtype=np.int64)
    dim_codes = (
        np.stack([d.codes[representative] for d in dims], axis=1)
        if dims
        else np.zeros((n_types, 0), dtype=np.int64)
    )
    bound_types = [np.zeros(0, dtype=np.int64)] * len(problem.bounds)
    for i in active:
        rows = problem.bounds[i].rows
        bound_types[i] = distinct(row_type[rows[problem.available[rows]]])
    return TypeTable(row_type, members, included, dim_codes, bound_types, active)


def _active_bounds(problem: Problem, caps: set[int] | None) -> tuple[list[int], list[np.ndarray]]:
    """The bounds the model enforces, and the key columns that tell their groups apart: one
    code column per family of disjoint groups, else one column per group."""
    n = len(problem.pool)
    available = problem.available
    sizes = problem.group_sizes
    columns: list[np.ndarray] = [d.codes for d in problem.balanced()]
    active: list[int] = []
    families: dict[str, list[int]] = {}
    seen: set[bytes] = set()
    groups: dict[int, np.ndarray] = {}  # each active bound's available rows
    for i, bound in enumerate(problem.bounds):
        if bound.kind == "cap" and caps is not None and i not in caps:
            continue
        if _redundant(bound, int(sizes[i]), problem.size_min):
            continue
        active.append(i)
        groups[i] = bound.rows[available[bound.rows]]
        key = groups[i].tobytes()
        if key not in seen:
            seen.add(key)
            families.setdefault(bound.family, []).append(i)
    for family in families.values():
        every = np.concatenate([groups[i] for i in family])
        if len(distinct(every)) == len(every):  # disjoint groups: one code column
            code = np.full(n, -1, dtype=np.int64)
            for j, i in enumerate(family):
                code[problem.bounds[i].rows] = j
            columns.append(code)
        else:
            for i in family:
                column = np.zeros(n, dtype=np.int64)
                column[groups[i]] = 1
                columns.append(column)
    return active, columns


def _row_types(problem: Problem, key: np.ndarray) -> np.ndarray:
    """Each available row's type (rows with equal keys), numbered by first row in file order
    so that the model does not depend on sorting; -1 for rows that cannot sit."""
    rows = np.flatnonzero(problem.available)
    row_type = np.full(len(problem.pool), -1, dtype=np.int64)
    if len(rows) == 0:
        return row_type
    _, first_rows, inverse = np.unique(
        key[rows], axis=0 if key.ndim == 2 else None, return_index=True, return_inverse=True
    )
    order = np.argsort(rows[first_rows], kind="stable")
    renumber = np.empty_like(order)
    renumber[order] = np.arange(len(order))
    row_type[rows] = renumber[inverse.reshape(-1)]
    return row_type


def _combined_key(columns: list[np.ndarray], n: int) -> np.ndarray:
    """One int64 per row encoding all key columns (mixed radix), or a 2-D key if too wide."""
    key = np.zeros(n, dtype=np.int64)
    span = 1
    for column in columns:
        shifted = column - column.min(initial=0)
        radix = int(shifted.max(initial=0)) + 1
        span *= radix
        if span >= 2**62:
            return np.stack(columns, axis=1)
        key = key * radix + shifted
    return key


def pick_rows(
    problem: Problem,
    types: TypeTable,
    values: list[int],
    exact: bool = False,
    ignore: set[int] | frozenset[int] = frozenset(),
) -> tuple[list[int], set[int]]:
    """The individuals: in each type, the first `values[t]` rows in pick order that fit the caps.

    Returns the rows and the caps (bound indices) not in the model that got in the way: a
    cap group that was full when a type needed one of its members (with `exact`, also when
    a pick merely had to skip to a lower-ranked member, which would change the merit).
    Caps in `ignore` are not applied (an analysis that drops them).
    """
    size = int(sum(values))
    active = set(types.active_bounds)
    room = np.full(len(problem.bounds), np.iinfo(np.int64).max, dtype=np.int64)
    families = sorted({b.family for b in problem.bounds if b.kind == "cap"})
    for i, bound in enumerate(problem.bounds):
        if bound.kind == "cap" and i not in active and i not in ignore:
            _, hi = bound.limits(size)
            if hi is not None:
                room[i] = hi
    codes = [problem.family_codes(f) for f in families]
    rows: list[int] = []
    blocked: set[int] = set()
    # Must-includes first, across all types, so that no other pick takes their cap room.
    forced = [types.members[t][: int(types.included[t])].tolist() for t in range(len(values))]
    for r in (r for group in forced for r in group):
        for c in codes:
            if c[r] >= 0:
                room[c[r]] -= 1
        rows.append(int(r))
    blocked |= {int(i) for i in np.flatnonzero(room < 0)}  # must-includes alone overfill it
    for t, k in enumerate(values):
        taken = len(forced[t])
        skipped: set[int] = set()
        for r in types.members[t][taken:].tolist():
            if taken == k:
                break
            groups = [int(c[r]) for c in codes if c[r] >= 0]
            full = [i for i in groups if room[i] <= 0]
            if full:
                skipped.update(full)
                continue
            for i in groups:
                room[i] -= 1
            rows.append(int(r))
            taken += 1
        if taken < k or (exact and skipped):
            blocked |= skipped
    return sorted(rows), blocked
