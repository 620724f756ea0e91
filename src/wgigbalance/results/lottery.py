"""A fair lottery: each candidate's probability, the groups, and the seeded draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..problem import Problem
from ..settings import SolverSettings, Status
from .selection import Explanation, SelectionResult


@dataclass(frozen=True)
class LotteryResult:
    """The distribution over groups, each person's probability, and one seeded draw."""

    problem: Problem
    objective: str
    # optimal: proven fair; feasible: a valid distribution, not proven fair (time limit);
    # infeasible: no valid group; unknown: time limit before any group; interrupted: Ctrl-C
    status: Status
    panels: list[tuple[float, list[int]]]  # (probability, pool rows)
    probability: np.ndarray  # per pool row
    seconds: float
    columns: int
    levels: int
    drawn: SelectionResult | None = None
    rounded: list[list[int]] | None = None  # --panels M: a uniform lottery over these groups
    rounding_error: float | None = None
    within: float | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    type_panels: list[tuple[float, np.ndarray]] = field(default_factory=list, repr=False)
    type_members: list[np.ndarray] = field(default_factory=list, repr=False)
    eligible: np.ndarray | None = field(default=None, repr=False)  # rows in some valid group
    explanation: Explanation | None = None  # why no group exists (infeasible)
    settings: SolverSettings = field(default_factory=SolverSettings)
    model_stats: dict[str, int] = field(default_factory=dict)

    @property
    def has_distribution(self) -> bool:
        """A valid distribution over valid groups (proven fair or not)."""
        return bool(self.panels)

    @property
    def proven_fair(self) -> bool:
        return self.status == Status.OPTIMAL

    @property
    def probabilities(self) -> dict[str, float]:
        return dict(zip(self.problem.ids, self.probability.tolist(), strict=True))

    @property
    def considered(self) -> np.ndarray:
        """Candidates who can sit in some valid group (the others' probability is 0)."""
        return self.problem.available if self.eligible is None else self.eligible

    @property
    def min_probability(self) -> float:
        mask = self.considered
        return float(self.probability[mask].min()) if mask.any() else 0.0

    @property
    def gini(self) -> float:
        """Gini coefficient of the selection probabilities (0: perfectly equal)."""
        p = np.sort(self.probability[self.considered])
        if len(p) == 0 or p.sum() == 0:
            return 0.0
        n = len(p)
        return float((2 * np.arange(1, n + 1) - n - 1).dot(p) / (n * p.sum()))

    def to_dict(self) -> dict[str, Any]:
        p = self.probability[self.considered] if self.has_distribution else np.zeros(0)
        considered = int(self.considered.sum()) if self.has_distribution else 0
        return {
            "candidates_considered": considered,
            "candidates_never_eligible": int(len(self.probability) - considered),
            "objective": self.objective,
            "status": str(self.status),
            "proven_fair": self.proven_fair,
            "within_percent": self.within,
            "min": self.min_probability,
            "mean": float(p.mean()) if len(p) else 0.0,
            "max": float(p.max()) if len(p) else 0.0,
            "gini": self.gini,
            "expected_size": float(self.probability.sum()),
            "groups_in_distribution": len(self.panels),
            "columns_generated": self.columns,
            "leximin_levels": self.levels,
            "seconds": round(self.seconds, 3),
            "probabilities": self.probabilities,
            "distribution": [
                {"probability": w, "members": [self.problem.ids[r] for r in rows]}
                for w, rows in self.panels
            ],
            "drawn": None if self.drawn is None else self.drawn.members,
            "reserves": None
            if self.drawn is None or self.drawn.reserves is None
            else self.drawn.reserves.to_dict(),
            "uniform_panels": None
            if self.rounded is None
            else [[self.problem.ids[r] for r in rows] for rows in self.rounded],
            "uniform_panels_max_probability_error": self.rounding_error,
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
            "provenance": self.provenance,
        }
