"""The problem: a spec resolved against a pool, immutable.

What the model, the roster checker and the reports share. Derived data (ids, availability,
group sizes, pick orders) is cached per instance; variants are new instances made with the
`with_*()` methods, so a variant never sees another's cache.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import ToolWarning
from ..io import ID_COLUMN
from ..spec import Spec


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending: by one sort (numpy 2's hash-based `np.unique` is
    several times slower on large integer arrays)."""
    ordered = np.sort(values)
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


@dataclass(frozen=True)
class Bound:
    """A hard bound on the number of selected candidates in one group of the pool."""

    kind: Literal["seats", "quota", "cap"]
    label: str  # plain words: "region = African"
    source: str  # the key in the constraint file: "balance.region.each"
    family: str  # bounds of one family cover disjoint groups (used to build candidate types)
    # The pool rows in the group, ascending: sparse, so that memory grows with the groups'
    # members and not with the pool times the number of groups (16,000 organisations).
    rows: np.ndarray
    min: int | None = None
    max: int | None = None
    min_share: Fraction | None = None
    max_share: Fraction | None = None
    share_slack: int = 0  # seats the share bounds give way by (trade-off analyses set it)

    def limits(self, size: int) -> tuple[int, int | None]:
        """The seat range this bound allows in a group of `size`."""
        lo = self.min or 0
        if self.min_share is not None:
            lo = max(lo, math.ceil(self.min_share * size) - self.share_slack)
        hi: int | None = self.max
        if self.max_share is not None:
            cap = math.floor(self.max_share * size) + self.share_slack
            hi = cap if hi is None else min(hi, cap)
        return lo, hi

    def describe(self) -> str:
        """The rule in words: "at least 5 and at most 40 %"."""
        parts = []
        if self.min is not None:
            parts.append(f"at least {self.min}")
        if self.min_share is not None:
            parts.append(f"at least {_pct(self.min_share)} of the group")
        if self.max is not None:
            parts.append(f"at most {self.max}")
        if self.max_share is not None:
            parts.append(f"at most {_pct(self.max_share)} of the group")
        return ", ".join(parts)


def _pct(share: Fraction) -> str:
    return f"{float(share) * 100:.4g} %"


@dataclass(frozen=True)
class DimensionTarget:
    """A balanced dimension: the column, its values and the target share of each."""

    column: str
    values: tuple[str, ...]
    codes: np.ndarray  # value index per pool row
    targets: dict[str, Fraction] | None  # None: reported, not balanced
    weight: float
    priority: int
    target_kind: str

    @property
    def scale(self) -> int:
        """The least common denominator of the target shares: counts times it are exact."""
        if self.targets is None:
            return 1
        return math.lcm(*(share.denominator for share in self.targets.values()))


def merit_scale(scores: np.ndarray, size_max: int) -> int:
    """The power of ten that makes every merit score an integer (up to 6 decimals), kept
    small enough that a group's total stays exact in the solver."""
    biggest = float(np.abs(scores).max(initial=0.0)) * max(size_max, 1)
    scale = 1
    for _ in range(6):
        if np.allclose(scores * scale, np.rint(scores * scale), rtol=0, atol=1e-6):
            break
        if biggest * scale * 10 >= 2**50:
            break
        scale *= 10
    return scale


def merit_is_exact(scores: np.ndarray, scale: int) -> bool:
    """Whether the merit scores are whole numbers at that scale (else they are rounded)."""
    return bool(np.allclose(scores * scale, np.rint(scores * scale), rtol=0, atol=1e-9))


@dataclass(frozen=True, eq=False)
class Problem:
    """A spec resolved against a pool: what the model, the checker and the reports share.

    Immutable: make variants with `with_bounds`, `with_size`, `with_dimensions` and
    `with_people`; each variant computes its own derived data (cached properties live on
    the instance).
    """

    pool: pd.DataFrame
    spec: Spec
    size_min: int
    size_max: int
    dimensions: tuple[DimensionTarget, ...]
    bounds: tuple[Bound, ...]
    include: tuple[int, ...]
    exclude: tuple[int, ...]
    not_together: tuple[tuple[int, int], ...]
    merit: np.ndarray | None
    merit_column: str | None
    source: str = "<constraints>"
    candidates_source: str = "<candidates>"
    row_ids: bool = False  # ids are row numbers added on reading (a sortition people file)
    warnings: tuple[ToolWarning, ...] = ()  # what reading and resolving assumed or skipped
    # where a must-sit or may-not-sit row comes from when not from the file's [people]
    # (replace: "replace: stays", "replace: dropped out"); shown beside the rule
    person_sources: Mapping[int, str] = field(default_factory=dict)

    @cached_property
    def merit_scale(self) -> int:
        """Merit scores times this are the integers the solver adds up."""
        return 1 if self.merit is None else merit_scale(self.merit, self.size_max)

    def with_bounds(self, bounds: Sequence[Bound]) -> Problem:
        return replace(self, bounds=tuple(bounds))

    def with_size(self, size_min: int, size_max: int) -> Problem:
        return replace(self, size_min=size_min, size_max=size_max)

    def with_dimensions(self, dimensions: Sequence[DimensionTarget]) -> Problem:
        return replace(self, dimensions=tuple(dimensions))

    def with_people(
        self,
        include: Sequence[int],
        exclude: Sequence[int],
        sources: Mapping[int, str] | None = None,
    ) -> Problem:
        """The same rules with other must-sit and may-not-sit rows (pool row numbers):
        `replace` pins the members who stay and shuts out dropouts and earlier picks.

        The balance targets are not resolved again: a "proportional" target stays the share
        in the pool the spec was resolved against. (Housemates of sitting members, once
        households exist, would join `exclude` here.) `sources`: where rows come from, for
        the reports (rows not named keep theirs)."""
        return replace(
            self,
            include=tuple(sorted({int(r) for r in include})),
            exclude=tuple(sorted({int(r) for r in exclude})),
            person_sources={**self.person_sources, **(sources or {})},
        )

    def source_of(self, row: int, kind: str) -> str:
        """Where the must-sit ("include") or may-not-sit ("exclude") rule on a row comes
        from: the file's [people] section unless a variant says otherwise."""
        return self.person_sources.get(row, f"people.{kind}")

    @cached_property
    def _ids(self) -> tuple[str, ...]:
        return tuple(str(v) for v in self.pool[ID_COLUMN].tolist())

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    @cached_property
    def available(self) -> np.ndarray:
        """Rows that may be selected (not excluded)."""
        mask = np.ones(len(self.pool), dtype=bool)
        mask[list(self.exclude)] = False
        mask.flags.writeable = False
        return mask

    @cached_property
    def group_sizes(self) -> np.ndarray:
        """Available candidates in each bound's group."""
        available = self.available
        sizes = np.array([int(available[b.rows].sum()) for b in self.bounds], dtype=np.int64)
        sizes.flags.writeable = False
        return sizes

    @cached_property
    def _family_codes(self) -> dict[str, np.ndarray]:
        codes: dict[str, np.ndarray] = {}
        for i, bound in enumerate(self.bounds):
            if bound.family not in codes:
                codes[bound.family] = np.full(len(self.pool), -1, dtype=np.int64)
            codes[bound.family][bound.rows] = i
        return codes

    def family_codes(self, family: str) -> np.ndarray:
        """For a family of disjoint groups (a cap, a for_each quota): each row's bound index
        in it, or -1."""
        return self._family_codes.get(family, np.full(len(self.pool), -1, dtype=np.int64))

    @cached_property
    def _pick_orders(self) -> dict[int, np.ndarray]:
        return {}

    def pick_order(self, seed: int) -> np.ndarray:
        """Global order in which rows of one type are picked: includes, merit, then a seeded
        draw (numpy's generator takes any 64-bit seed)."""
        if seed not in self._pick_orders:
            n = len(self.pool)
            draw = np.random.default_rng(seed).permutation(n)
            first = np.ones(n, dtype=np.int64)
            first[list(self.include)] = 0
            merit = self.merit if self.merit is not None else np.zeros(n)
            self._pick_orders[seed] = np.lexsort((draw, -merit, first))
        return self._pick_orders[seed]

    def balanced(self) -> list[DimensionTarget]:
        return [d for d in self.dimensions if d.targets is not None]

    def priorities(self) -> list[int]:
        return sorted({d.priority for d in self.balanced()})
