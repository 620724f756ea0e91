"""Brute force for tiny pools: every roster within the size range, scored exactly.

The ground truth the MILP oracle and the tool are both held to on pools of up to ~14.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd
from exact import Compiled, compile_spec, failures, objective


@dataclass
class BruteResult:
    """The exact optimum key (None: no valid roster), one optimal roster, valid count."""

    key: tuple[Fraction, ...] | None
    ids: list[str]
    valid: int


def key_of(c: Compiled, rows: list[int]) -> tuple[Fraction, ...]:
    tiers, merit = objective(c, rows)
    out: list[Fraction] = []
    for _, worst, total in tiers:
        out.extend((worst, total))
    if merit is not None:
        out.append(-merit)
    return tuple(out)


def brute_force(pool: pd.DataFrame, spec: dict[str, Any], limit: int = 200_000) -> BruteResult:
    """Enumerate; refuses pools whose subsets would exceed `limit` (keep it tiny)."""
    c = compile_spec(pool, spec)
    forced = sorted(c.include)
    free = [r for r in range(len(c.ids)) if r not in c.exclude and r not in c.include]
    lo = max(c.size_min, len(forced))
    hi = min(c.size_max, len(forced) + len(free))
    count = sum(math.comb(len(free), k - len(forced)) for k in range(lo, hi + 1))
    if count > limit:
        raise ValueError(f"{count} subsets: too many for brute force")
    best: tuple[Fraction, ...] | None = None
    best_rows: list[int] = []
    valid = 0
    for k in range(lo, hi + 1):
        for extra in itertools.combinations(free, k - len(forced)):
            rows = sorted([*forced, *extra])
            if failures(c, rows):
                continue
            valid += 1
            key = key_of(c, rows)
            if best is None or key < best:
                best, best_rows = key, rows
    return BruteResult(best, [c.ids[r] for r in best_rows], valid)
