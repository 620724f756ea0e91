"""The roster checker: does a given roster hold every hard rule, and how balanced is it?

It is independent of the solver (plain counting over the pool), so it can audit any roster:
one the solver returned, one from a brute-force search, or one a committee made by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import InputError
from .problem import DimensionTarget, Problem


@dataclass(frozen=True)
class ConstraintCheck:
    """One hard rule on one roster: the seats it has, what it needs, and whether it holds."""

    kind: str  # size, seats, quota, cap, include, exclude, not_together
    label: str
    source: str
    seats: int
    low: int
    high: int | None
    holds: bool

    @property
    def short(self) -> int:
        """Seats missing to reach the minimum (0 when it is reached)."""
        return max(self.low - self.seats, 0)

    @property
    def excess(self) -> int:
        """Seats over the maximum (0 when within it)."""
        return 0 if self.high is None else max(self.seats - self.high, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.label,
            "source": self.source,
            "seats": self.seats,
            "min": self.low,
            "max": self.high,
            "holds": self.holds,
        }


@dataclass(frozen=True)
class ValueBalance:
    """Seats of one value of a dimension against its target share."""

    value: str
    seats: int
    share: float
    target_share: float | None
    target_seats: float | None
    deviation: float | None  # seats minus target seats
    low: int | None
    high: int | None
    holds: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "seats": self.seats,
            "share": round(self.share, 6),
            "target_share": None if self.target_share is None else round(self.target_share, 6),
            "target_seats": None if self.target_seats is None else round(self.target_seats, 4),
            "deviation": None if self.deviation is None else round(self.deviation, 4),
            "min": self.low,
            "max": self.high,
            "holds": self.holds,
        }


@dataclass(frozen=True)
class DimensionBalance:
    """How far one dimension is from its target: seats out of place = 1/2 sum |c_v - t_v n|."""

    column: str
    target: str
    weight: float
    priority: int
    deviation: Fraction | None
    values: list[ValueBalance]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.column,
            "target": self.target,
            "weight": self.weight,
            "priority": self.priority,
            "deviation_seats": None if self.deviation is None else float(self.deviation),
            "values": [v.to_dict() for v in self.values],
        }


@dataclass(frozen=True)
class Objective:
    """The lexicographic objective: per priority tier the worst weighted dimension deviation,
    then the total weighted deviation; then merit (higher is better)."""

    tiers: tuple[tuple[int, Fraction, Fraction], ...]  # (priority, worst, total)
    merit: float | None

    def worst(self) -> Fraction:
        """The worst weighted dimension deviation over every tier, in seats."""
        return max((w for _, w, _ in self.tiers), default=Fraction(0))

    def total(self) -> Fraction:
        """The total weighted deviation over every tier, in seats."""
        return sum((t for _, _, t in self.tiers), Fraction(0))

    def key(self) -> tuple[Fraction | float, ...]:
        """Smaller is better; compare two objectives with this."""
        out: list[Fraction | float] = []
        for _, worst, total in self.tiers:
            out.extend((worst, total))
        if self.merit is not None:
            out.append(-round(self.merit, 6))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tiers": [
                {
                    "priority": p,
                    "worst_dimension_deviation": round(float(w), 9),
                    "total_deviation": round(float(t), 9),
                }
                for p, w, t in self.tiers
            ],
            "merit": None if self.merit is None else round(self.merit, 6),
        }


@dataclass
class RosterCheck:
    """Everything there is to say about one roster under one problem."""

    members: list[str]
    size: int
    constraints: list[ConstraintCheck]
    balance: list[DimensionBalance]
    objective: Objective
    rows: np.ndarray = field(repr=False)

    @property
    def ok(self) -> bool:
        return all(c.holds for c in self.constraints)

    @property
    def failures(self) -> list[ConstraintCheck]:
        return [c for c in self.constraints if not c.holds]


def roster_rows(problem: Problem, ids: list[str], source: str = "roster") -> np.ndarray:
    """Pool rows of a roster's ids; unknown or repeated ids are an input error."""
    index_of = {v: i for i, v in enumerate(problem.ids)}
    unknown = [i for i in ids if i not in index_of]
    if unknown:
        shown = ", ".join(unknown[:10]) + (" ..." if len(unknown) > 10 else "")
        raise InputError(
            f"{source}: {len(unknown)} id(s) not in {problem.candidates_source}: {shown}; "
            "fix the ids or use the matching candidate list."
        )
    rows = [index_of[i] for i in ids]
    if len(set(rows)) != len(rows):
        seen: set[str] = set()
        dup = next(i for i in ids if i in seen or seen.add(i))  # type: ignore[func-returns-value]
        raise InputError(f"{source}: id {dup!r} is listed twice; list each member once.")
    return np.array(sorted(rows), dtype=np.int64)


SeatLimits = dict[tuple[str, str], tuple[int, int | None]]  # (dimension key, label): lo, hi


def check_roster(problem: Problem, ids: list[str], source: str = "roster") -> RosterCheck:
    """Check every hard rule and measure the balance of a roster, by counting."""
    rows = roster_rows(problem, ids, source)
    selected = np.zeros(len(problem.pool), dtype=bool)
    selected[rows] = True
    n = int(selected.sum())
    checks, limits = _bound_checks(problem, selected, n)
    checks += _people_checks(problem, selected)
    balance = [_dimension_balance(dim, rows, n, limits) for dim in problem.dimensions]
    tiers: dict[int, list[Fraction]] = {}
    for dim, measured in zip(problem.dimensions, balance, strict=True):
        if measured.deviation is not None:
            tiers.setdefault(dim.priority, []).append(
                Fraction(str(dim.weight)) * measured.deviation
            )
    objective = Objective(
        tuple((p, max(ds), sum(ds, Fraction(0))) for p, ds in sorted(tiers.items())),
        None if problem.merit is None else float(problem.merit[rows].sum()),
    )
    return RosterCheck([problem.ids[r] for r in rows], n, checks, balance, objective, rows)


def _bound_checks(
    problem: Problem, selected: np.ndarray, n: int
) -> tuple[list[ConstraintCheck], SeatLimits]:
    """The size and every bound; and each value's combined seat limits, for the balance."""
    checks = [
        ConstraintCheck(
            "size",
            "group size",
            "size",
            n,
            problem.size_min,
            problem.size_max,
            problem.size_min <= n <= problem.size_max,
        )
    ]
    limits: SeatLimits = {}
    for bound in problem.bounds:
        seats = int(selected[bound.rows].sum())
        lo, hi = bound.limits(n)
        holds = seats >= lo and (hi is None or seats <= hi)
        checks.append(ConstraintCheck(bound.kind, bound.label, bound.source, seats, lo, hi, holds))
        if bound.kind == "seats":
            old_lo, old_hi = limits.get((bound.family, bound.label), (0, None))
            new_hi = hi if old_hi is None else (old_hi if hi is None else min(hi, old_hi))
            limits[(bound.family, bound.label)] = (max(lo, old_lo), new_hi)
    return checks, limits


def _people_checks(problem: Problem, selected: np.ndarray) -> list[ConstraintCheck]:
    """Include, exclude and not-together, one check per person or pair."""
    ids = problem.ids
    checks = []
    for r in problem.include:
        sits = bool(selected[r])
        checks.append(
            ConstraintCheck(
                "include",
                f"{ids[r]} must sit",
                problem.source_of(r, "include"),
                int(sits),
                1,
                None,
                sits,
            )
        )
    for r in problem.exclude:
        sits = bool(selected[r])
        checks.append(
            ConstraintCheck(
                "exclude",
                f"{ids[r]} may not sit",
                problem.source_of(r, "exclude"),
                int(sits),
                0,
                0,
                not sits,
            )
        )
    for a, b in problem.not_together:
        both = int(selected[a]) + int(selected[b])
        label = f"{ids[a]} and {ids[b]} not both"
        checks.append(
            ConstraintCheck("not_together", label, "people.not_together", both, 0, 1, both <= 1)
        )
    return checks


def _dimension_balance(
    dim: DimensionTarget, rows: np.ndarray, n: int, limits: SeatLimits
) -> DimensionBalance:
    """Seats of every value against its target share and seat limits; the deviation."""
    counts = np.bincount(dim.codes[rows], minlength=len(dim.values))
    values = []
    total_gap = Fraction(0)
    for v, value in enumerate(dim.values):
        seats = int(counts[v])
        seat_lo, seat_hi = limits.get(
            (f"balance.{dim.column}", f"{dim.column} = {value}"), (None, None)
        )
        target = dim.targets[value] if dim.targets is not None else None
        dev = None if target is None else seats - target * n
        if dev is not None:
            total_gap += abs(dev)
        holds = (seat_lo is None or seats >= seat_lo) and (seat_hi is None or seats <= seat_hi)
        values.append(
            ValueBalance(
                value,
                seats,
                seats / n if n else 0.0,
                None if target is None else float(target),
                None if target is None else float(target * n),
                None if dev is None else float(dev),
                seat_lo,
                seat_hi,
                holds,
            )
        )
    deviation = total_gap / 2 if dim.targets is not None else None
    return DimensionBalance(
        dim.column, dim.target_kind, dim.weight, dim.priority, deviation, values
    )
