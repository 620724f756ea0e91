"""Pricing for the lottery's column generation: CP-SAT finds the valid group that the LP's
dual prices value most."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from ...settings import SolverSettings
from ...solver import cpsat
from ...solver.model import BalanceModel


class Pricer:
    """CP-SAT over candidate types: the valid group that the dual prices value most."""

    def __init__(self, bm: BalanceModel, settings: SolverSettings) -> None:
        self.bm, self.settings = bm, settings
        self.counts = bm.types.counts.astype(float)

    def best(self, weights: np.ndarray, seconds: float) -> tuple[np.ndarray | None, cpsat.Outcome]:
        """Group maximising sum_t weights_t * x_t: (type counts or None, how the solve went).

        Ctrl-C stops the solve (see `solver.cpsat`); `outcome.interrupted` says so."""
        top = float(np.abs(weights).max(initial=0.0))
        scale = 1e9 / top if top > 0 else 1.0
        coefs = np.rint(weights * scale).astype(np.int64)
        model = self.bm.model
        model.clear_objective()  # type: ignore[no-untyped-call]
        model.maximize(cp_model.LinearExpr.weighted_sum(self.bm.x, coefs.tolist()))
        outcome = cpsat.run(model, self.settings, max(seconds, 0.05), "pricing", workers=1)
        if not outcome.has_solution:
            return None, outcome
        return np.array([outcome.value(v) for v in self.bm.x], dtype=float), outcome
