"""Exact scorer for the oracle: the README's rules and objective, in `fractions.Fraction`.

Written from README.md ("What is minimised, exactly" and "The constraint file") without
importing the package, so it can judge the tool instead of repeating it. `compile_spec` turns
the pool and the raw spec dict (what one would write as TOML) into plain row groups and
targets; `evaluate` counts one roster and returns its hard-rule failures and the exact
objective key (per priority tier: worst weighted deviation, total weighted deviation; then
minus the merit total), which compares lexicographically, smaller is better.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

DEFAULT_SIZE = (30, 40)


def share(value: Any) -> Fraction:
    """A share as the README writes it: 0.4, "40%", "1/3" (floats via their decimal text)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a share: {value!r}")
    if isinstance(value, int | float):
        return Fraction(str(value))
    text = str(value).strip().replace(" ", "")
    if text.endswith("%"):
        return Fraction(text[:-1]) / 100
    return Fraction(text)


def weight_of(value: Any) -> Fraction:
    """A dimension weight, exactly as written (the brief: Fraction(str(weight)))."""
    return Fraction(str(float(value)))


def size_range(spec: dict[str, Any]) -> tuple[int, int]:
    """[size]: exact, or min/max with the README's defaults (only max: min = min(30, max))."""
    size = spec.get("size", {})
    if "exact" in size:
        return int(size["exact"]), int(size["exact"])
    lo = size.get("min")
    hi = size.get("max")
    if lo is None:
        lo = min(DEFAULT_SIZE[0], hi if hi is not None else DEFAULT_SIZE[0])
    if hi is None:
        hi = max(DEFAULT_SIZE[1], lo)
    return int(lo), int(hi)


@dataclass(frozen=True)
class Group:
    """A hard seat bound on a set of pool rows (counts and/or shares of the group size)."""

    label: str
    rows: frozenset[int]
    min: int | None = None
    max: int | None = None
    min_share: Fraction | None = None
    max_share: Fraction | None = None

    def holds(self, seats: int, n: int) -> bool:
        """Share bounds: seats >= ceil(share*n) and seats <= floor(share*n), i.e. exactly
        seats*den >= num*n and seats*den <= num*n."""
        if self.min is not None and seats < self.min:
            return False
        if self.max is not None and seats > self.max:
            return False
        if self.min_share is not None and seats < math.ceil(self.min_share * n):
            return False
        return not (self.max_share is not None and seats > math.floor(self.max_share * n))


@dataclass(frozen=True)
class Dim:
    """A balanced dimension: each row's value code, each value's target share, weight, tier."""

    column: str
    values: tuple[str, ...]
    codes: tuple[int, ...]
    targets: tuple[Fraction, ...]
    weight: Fraction
    priority: int


@dataclass(frozen=True)
class Compiled:
    """The whole problem in rows: what evaluate, brute force and the MILP all read."""

    ids: tuple[str, ...]
    size_min: int
    size_max: int
    groups: tuple[Group, ...]
    include: frozenset[int]
    exclude: frozenset[int]
    pairs: tuple[tuple[int, int], ...]
    dims: tuple[Dim, ...]
    priorities: tuple[int, ...]
    merit: tuple[Fraction, ...] | None


def _bounds(label: str, rows: Iterable[int], b: dict[str, Any]) -> Group:
    return Group(
        label,
        frozenset(rows),
        None if b.get("min") is None else int(b["min"]),
        None if b.get("max") is None else int(b["max"]),
        None if b.get("min_share") is None else share(b["min_share"]),
        None if b.get("max_share") is None else share(b["max_share"]),
    )


def _cells(pool: pd.DataFrame, column: str) -> list[str]:
    return [str(v) for v in pool[column].tolist()]


def _allowed(wanted: Any) -> list[str]:
    return [str(wanted)] if isinstance(wanted, str) else [str(w) for w in wanted]


def _where_rows(pool: pd.DataFrame, where: dict[str, Any]) -> list[int]:
    """Rows meeting every condition; a list of values means any of them."""
    rows = set(range(len(pool)))
    for column, wanted in where.items():
        allowed = set(_allowed(wanted))
        cells = _cells(pool, column)
        rows &= {r for r, v in enumerate(cells) if v in allowed}
    return sorted(rows)


def _per_value(
    pool: pd.DataFrame,
    label: str,
    where: dict[str, Any],
    columns: list[str],
    bounds: dict[str, Any],
    skip_blank: bool,
) -> list[Group]:
    """One group per combination of the columns' values found in the pool (where the where
    names one of those columns, only its allowed values), restricted to the where rows."""
    base = set(_where_rows(pool, where))
    table = [_cells(pool, c) for c in columns]
    combo_of = [tuple(t[r] for t in table) for r in range(len(pool))]
    combos: set[tuple[str, ...]] = set()
    for combo in combo_of:
        if all(
            c not in where or v in _allowed(where[c]) for c, v in zip(columns, combo, strict=True)
        ):
            combos.add(combo)
    out = []
    for combo in sorted(combos):
        if skip_blank and any(v == "" for v in combo):
            continue  # a blank cell (no organisation) is not capped
        rows = [r for r in sorted(base) if combo_of[r] == combo]
        out.append(_bounds(f"{label}: {combo}", rows, bounds))
    return out


def compile_spec(pool: pd.DataFrame, spec: dict[str, Any]) -> Compiled:
    """Read every rule kind of the README into plain row groups and exact targets."""
    ids = tuple(str(i) for i in pool["id"].tolist())
    index = {v: i for i, v in enumerate(ids)}
    people = spec.get("people", {})
    include = frozenset(index[i] for i in people.get("include", []))
    exclude = frozenset(index[i] for i in people.get("exclude", []))
    pairs = tuple((index[a], index[b]) for a, b in people.get("not_together", []))
    available = [r for r in range(len(ids)) if r not in exclude]
    lo, hi = size_range(spec)

    groups: list[Group] = []
    dims: list[Dim] = []
    for column, d in spec.get("balance", {}).items():
        cells = [str(v) for v in pool[column].tolist()]
        values = tuple(sorted(set(cells)))
        codes = tuple(values.index(v) for v in cells)
        target = d.get("target", "none")
        targets: list[Fraction] | None
        if target == "none":
            targets = None
        elif target == "equal":
            chosen = [str(v) for v in d.get("values", values)]
            targets = [Fraction(1, len(chosen)) if v in chosen else Fraction(0) for v in values]
        elif target == "proportional":
            counts = [sum(1 for r in available if cells[r] == v) for v in values]
            total_avail = max(len(available), 1)
            targets = [Fraction(c, total_avail) for c in counts]
        else:
            named = {str(k): share(s) for k, s in target.items()}
            total = sum(named.values(), Fraction(0))
            # Shares within 1/100 of 1 are accepted; read as proportions of their sum.
            targets = [named.get(v, Fraction(0)) / total for v in values]
        if targets is not None:
            dims.append(
                Dim(
                    column,
                    values,
                    codes,
                    tuple(targets),
                    weight_of(d.get("weight", 1.0)),
                    int(d.get("priority", 1)),
                )
            )
        each = d.get("each")
        if each:
            for k, v in enumerate(values):
                rows = [r for r in range(len(ids)) if codes[r] == k]
                groups.append(_bounds(f"balance.{column}.each {v}", rows, each))
        for v, b in d.get("seats", {}).items():
            rows = [r for r in range(len(ids)) if cells[r] == str(v)]
            groups.append(_bounds(f"balance.{column}.seats.{v}", rows, b))

    for n, q in enumerate(spec.get("quota", []), start=1):
        where = q.get("where", {})
        fe = q.get("for_each")
        if fe is None:
            groups.append(_bounds(f"quota[{n}]", _where_rows(pool, where), q))
        else:
            cols = [fe] if isinstance(fe, str) else list(fe)
            groups.extend(_per_value(pool, f"quota[{n}]", where, cols, q, skip_blank=False))

    for n, c in enumerate(spec.get("cap", []), start=1):
        groups.extend(
            _per_value(
                pool, f"cap[{n}]", c.get("where", {}), [c["column"]], {"max": c["max"]}, True
            )
        )

    merit = None
    if spec.get("merit") is not None:
        merit = tuple(Fraction(str(v).strip()) for v in pool[spec["merit"]["column"]].tolist())

    return Compiled(
        ids=ids,
        size_min=lo,
        size_max=hi,
        groups=tuple(groups),
        include=include,
        exclude=exclude,
        pairs=pairs,
        dims=tuple(dims),
        priorities=tuple(sorted({d.priority for d in dims})),
        merit=merit,
    )


def deviation(dim: Dim, rows: Sequence[int]) -> Fraction:
    """Seats out of place: 1/2 * sum_v |c_v - t_v * n| (unweighted)."""
    n = len(rows)
    counts = [0] * len(dim.values)
    for r in rows:
        counts[dim.codes[r]] += 1
    return sum((abs(c - t * n) for c, t in zip(counts, dim.targets, strict=True)), Fraction(0)) / 2


@dataclass(frozen=True)
class Evaluation:
    """One roster: which hard rules fail, and its exact objective."""

    failures: tuple[str, ...]
    tiers: tuple[tuple[int, Fraction, Fraction], ...]  # (priority, worst, total)
    merit: Fraction | None

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def key(self) -> tuple[Fraction, ...]:
        """Lexicographic key, smaller is better: worst, total per tier, then -merit."""
        out: list[Fraction] = []
        for _, worst, total in self.tiers:
            out.extend((worst, total))
        if self.merit is not None:
            out.append(-self.merit)
        return tuple(out)


def failures(c: Compiled, rows: Sequence[int]) -> list[str]:
    """Every hard rule the roster breaks, in words."""
    chosen = set(rows)
    n = len(chosen)
    out = []
    if len(chosen) != len(rows):
        out.append("a member is listed twice")
    if not c.size_min <= n <= c.size_max:
        out.append(f"size {n} outside {c.size_min}..{c.size_max}")
    for g in c.groups:
        seats = len(g.rows & chosen)
        if not g.holds(seats, n):
            out.append(f"{g.label}: {seats} seats of {n}")
    out.extend(f"{c.ids[r]} must sit" for r in c.include - chosen)
    out.extend(f"{c.ids[r]} may not sit" for r in c.exclude & chosen)
    out.extend(
        f"{c.ids[a]} and {c.ids[b]} together" for a, b in c.pairs if a in chosen and b in chosen
    )
    return out


def objective(
    c: Compiled, rows: Sequence[int]
) -> tuple[tuple[tuple[int, Fraction, Fraction], ...], Fraction | None]:
    """Per tier (worst, total) of weighted deviations, and the merit total, exactly."""
    tiers = []
    for p in c.priorities:
        devs = [d.weight * deviation(d, rows) for d in c.dims if d.priority == p]
        tiers.append((p, max(devs), sum(devs, Fraction(0))))
    merit = None if c.merit is None else sum((c.merit[r] for r in rows), Fraction(0))
    return tuple(tiers), merit


def evaluate_rows(c: Compiled, rows: Sequence[int]) -> Evaluation:
    tiers, merit = objective(c, rows)
    return Evaluation(tuple(failures(c, rows)), tiers, merit)


def evaluate(pool: pd.DataFrame, spec: dict[str, Any], ids: Sequence[str]) -> Evaluation:
    """Score a roster given by ids (the public entry point of this module)."""
    c = compile_spec(pool, spec)
    index = {v: i for i, v in enumerate(c.ids)}
    return evaluate_rows(c, [index[i] for i in ids])
