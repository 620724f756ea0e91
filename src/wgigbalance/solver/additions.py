"""Model additions the analyses share: stay within a balance tolerance of the best roster,
and differ from earlier rosters."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from ..results import SelectionResult
from .model import BalanceModel


def balance_limits(best: SelectionResult, within: float) -> list[tuple[int, Fraction, Fraction]]:
    """Per priority tier, the worst and total weighted deviation allowed, in exact seats."""
    factor = 1 + Fraction(str(within)) / 100
    levels: dict[tuple[int, str], Fraction] = {
        (s.stage.tier, s.stage.kind): s.value for s in best.stages if s.value is not None
    }
    out = []
    for p in best.problem.priorities():
        worst, total = levels.get((p, "worst")), levels.get((p, "total"))
        if worst is None or total is None:
            continue
        out.append((p, worst * factor, total * factor))
    return out


def within_and_apart(
    limits: list[tuple[int, Fraction, Fraction]], earlier: list[tuple[np.ndarray, int]]
) -> Any:
    """Model additions: stay within the balance limits; overlap each earlier roster <= cap."""

    def add(bm: BalanceModel) -> None:
        for p, worst, total in limits:
            bm.worst_at_most(p, worst)
            bm.total_at_most(p, total)
        for rows, allowed in earlier:
            types = bm.types.row_type[rows]
            kinds, counts = np.unique(types[types >= 0], return_counts=True)
            terms: list[cp_model.IntVar] = []
            for t, r in zip(kinds.tolist(), counts.tolist(), strict=True):
                overlap = bm.model.new_int_var(0, r, f"overlap{len(terms)}_{t}")
                bm.model.add_min_equality(overlap, [bm.x[t], r])
                terms.append(overlap)
            bm.model.add(cp_model.LinearExpr.sum(terms) <= allowed)

    return add
