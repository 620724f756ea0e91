"""Trade-offs: prices of rules and frontiers between goals."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..problem import Problem
from ..settings import Status
from .selection import SelectionResult


@dataclass(frozen=True)
class Outcome:
    """The best roster under one change: its balance and merit, or no roster."""

    feasible: bool
    worst: float | None = None
    total: float | None = None
    merit: float | None = None
    # False: the time limit came first (a roster not proven best, or none found and none
    # proven impossible either)
    proven: bool = True

    @classmethod
    def of(cls, result: SelectionResult, only: list[str] | None = None) -> Outcome:
        proven = result.status in (Status.OPTIMAL, Status.INFEASIBLE)
        if result.check is None:
            return cls(False, proven=proven)
        dims = [
            d
            for d in result.check.balance
            if d.deviation is not None and (only is None or d.column in only)
        ]
        if only is None:
            worst, total = (
                float(result.check.objective.worst()),
                float(result.check.objective.total()),
            )
        else:
            devs = [float(d.deviation or 0) * d.weight for d in dims]
            worst, total = max(devs, default=0.0), sum(devs)
        return cls(True, worst, total, result.check.objective.merit, proven)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feasible": self.feasible,
            "proven": self.proven,
            "worst": self.worst,
            "total": self.total,
            "merit": self.merit,
        }


PriceKind = Literal["size_min", "size_max", "min", "max", "cap", "target"]


@dataclass(frozen=True)
class Price:
    """What relaxing and tightening one rule by one seat does to the objective.

    `kind` says which rule and how it moves: the group's minimum or maximum size (by one
    member), a bound's minimum or maximum (`bound` is its index), every group of a cap
    family (`source`), a balance target (`subject` is the column: one seat more or less
    out of place on it, measured on the other dimensions)."""

    kind: PriceKind
    subject: str  # the group, cap family, column, or "size"
    source: str
    base: Outcome
    relaxed: Outcome | None
    tightened: Outcome | None
    bound: int | None = None

    @property
    def measured_on(self) -> str:
        return "other dimensions" if self.kind == "target" else "balance"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "source": self.source,
            "measured_on": self.measured_on,
            "base": self.base.to_dict(),
            "relaxed": None if self.relaxed is None else self.relaxed.to_dict(),
            "tightened": None if self.tightened is None else self.tightened.to_dict(),
        }


@dataclass(frozen=True)
class FrontierPoint:
    label: str
    x: float
    y: float
    result: SelectionResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "x": self.x,
            "y": self.y,
            "status": self.result.status,
            "size": None if self.result.check is None else self.result.check.size,
            "members": self.result.members,
        }


@dataclass(frozen=True)
class Frontier:
    kind: str
    xlabel: str
    ylabel: str
    points: list[FrontierPoint]
    merit_floors: tuple[float, float] | None = None  # merit: from best balance to most merit

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "x": self.xlabel,
            "y": self.ylabel,
            "merit_floors": None if self.merit_floors is None else list(self.merit_floors),
            "points": [p.to_dict() for p in self.points],
        }


@dataclass(frozen=True)
class Tradeoffs:
    problem: Problem
    base: SelectionResult
    prices: list[Price] = field(default_factory=list)
    frontier: Frontier | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    interrupted: bool = False  # Ctrl-C: the prices or points found so far
    unproven: int = 0  # solves stopped by the time limit (not proven best, or no answer)

    @property
    def status(self) -> Status:
        """interrupted; else the base solve's: optimal/feasible (a roster), or none."""
        if self.interrupted:
            return Status.INTERRUPTED
        if self.base.check is not None and self.unproven:
            return Status.FEASIBLE
        return self.base.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "interrupted": self.interrupted,
            "solves_not_proven": self.unproven,
            "base": Outcome.of(self.base).to_dict(),
            "prices": [p.to_dict() for p in self.prices],
            "frontier": None if self.frontier is None else self.frontier.to_dict(),
            "provenance": self.provenance,
        }
