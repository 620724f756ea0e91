"""The result of `select` (stages, roster, provenance) and of `explain`, which refer to each
other: an infeasible selection carries its explanation, an explanation its best roster."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import pandas as pd

from ..diagnose import Reason, Rule
from ..errors import ToolWarning
from ..io import ID_COLUMN
from ..problem import Problem
from ..roster import RosterCheck
from ..settings import SolverSettings, Status
from .reserves import Reserves

Kind = Literal["worst", "total", "merit", "feasibility"]


class Stage(NamedTuple):
    """A stage's identity: the priority tier (0 for merit and feasibility) and what it does."""

    tier: int
    kind: Kind


@dataclass(frozen=True)
class StageResult:
    """One lexicographic stage: what it optimised, what it reached and what it proved.

    `value` and `bound` are in the README's units: weighted seats out of place (exact
    fractions) for balance stages, the merit column's total for merit.
    """

    stage: Stage
    status: Status
    value: Fraction | None
    bound: Fraction | None
    seconds: float
    unit: str
    tiers: int = 1  # how many priority tiers the problem has (for the display name)

    @property
    def name(self) -> str:
        words = {
            "worst": "worst dimension",
            "total": "total deviation",
            "merit": "merit",
            "feasibility": "feasibility",
        }[self.stage.kind]
        if self.stage.kind in ("worst", "total") and self.tiers > 1:
            return f"{words} (priority {self.stage.tier})"
        return words

    @property
    def objective(self) -> float | None:
        return None if self.value is None else float(self.value)

    @property
    def bound_float(self) -> float | None:
        return None if self.bound is None else float(self.bound)

    @property
    def gap(self) -> float | None:
        if self.value is None or self.bound is None:
            return None
        return float(abs(self.value - self.bound)) / max(abs(float(self.value)), 1e-9)

    def to_dict(self) -> dict[str, object]:
        return {
            "stage": self.name,
            "tier": self.stage.tier,
            "kind": self.stage.kind,
            "status": str(self.status),
            "objective": None if self.value is None else round(float(self.value), 9),
            "objective_exact": None if self.value is None else str(self.value),
            "bound": None if self.bound is None else round(float(self.bound), 9),
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
            "unit": self.unit,
        }


@dataclass(frozen=True)
class SelectionResult:
    """The outcome of `select`: the roster, its check, how the solver did, and provenance."""

    status: Status
    problem: Problem
    settings: SolverSettings
    stages: list[StageResult]
    check: RosterCheck | None
    provenance: dict[str, Any]
    reasons: list[Reason] = field(default_factory=list)  # what arithmetic alone shows
    model_stats: dict[str, int] = field(default_factory=dict)
    explanation: Explanation | None = None  # why there is no roster (select fills it in)
    caps: frozenset[int] = frozenset()  # cap bounds the model needed (for re-solves)
    caps_unsettled: bool = False  # stopped before a roster meeting every cap was found
    reserves: Reserves | None = None  # an ordered reserve list, when asked for

    @property
    def warnings(self) -> list[ToolWarning]:
        """What was approximated, skipped or assumed on the way to this result."""
        return list(self.problem.warnings)

    @property
    def members(self) -> list[str]:
        return [] if self.check is None else self.check.members

    @property
    def roster(self) -> pd.DataFrame:
        """The selected rows with every input column, in the candidate file's order."""
        pool = self.problem.pool
        if self.problem.row_ids:  # give a sortition people file back in its own layout
            pool = pool.drop(columns=[ID_COLUMN])
        if self.check is None:
            return pool.iloc[0:0]
        return pool.iloc[self.check.rows].reset_index(drop=True)

    @property
    def proven_optimal(self) -> bool:
        return self.status == Status.OPTIMAL

    def to_dict(self) -> dict[str, Any]:
        check = self.check
        return {
            "status": self.status,
            "size": None if check is None else check.size,
            "members": self.members,
            "balance": [] if check is None else [d.to_dict() for d in check.balance],
            "constraints": [] if check is None else [c.to_dict() for c in check.constraints],
            "objective": None if check is None else check.objective.to_dict(),
            "stages": [s.to_dict() for s in self.stages],
            "reasons": [reason_ref(self.problem, r) for r in self.reasons],
            "caps_unsettled": self.caps_unsettled,
            "warnings": [w.to_dict() for w in self.warnings],
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
            "model": self.model_stats,
            "reserves": None if self.reserves is None else self.reserves.to_dict(),
            "provenance": self.provenance,
        }


def rule_ref(problem: Problem, rule: Rule) -> dict[str, Any]:
    """A rule's identity as the user wrote it: its key in the constraint file, and the group,
    candidate or pair it is about (no sentence: the render layer words it)."""
    kind, ref = rule
    if kind == "size":
        return {"kind": kind, "key": "size", "min": problem.size_min, "max": problem.size_max}
    if kind == "bound":
        bound = problem.bounds[ref]
        return {"kind": kind, "key": bound.source, "group": bound.label}
    if kind == "include":
        return {"kind": kind, "key": problem.source_of(ref, "include"), "id": problem.ids[ref]}
    a, b = problem.not_together[ref]
    return {"kind": kind, "key": "people.not_together", "ids": [problem.ids[a], problem.ids[b]]}


def reason_ref(problem: Problem, reason: Reason) -> dict[str, Any]:
    """An arithmetic reason with the identities of the rules behind it."""
    return reason.to_dict() | {"rules": [rule_ref(problem, r) for r in reason.rules]}


@dataclass(frozen=True)
class Relaxation:
    """One move of the cheapest repair: `rule` moves by `seats` on one `side` (below: its
    minimum comes down; above: its maximum goes up), from `old` to `new` at a group of
    `size`. Must-includes are dropped and pairs let sit together (no numbers)."""

    rule: Rule
    side: Literal["below", "above"]
    seats: int
    size: int
    old: int | None = None
    new: int | None = None

    def to_dict(self, problem: Problem) -> dict[str, Any]:
        return {
            "rule": rule_ref(problem, self.rule),
            "side": self.side,
            "seats": self.seats,
            "from": self.old,
            "to": self.new,
            "at_size": self.size,
        }


@dataclass(frozen=True)
class Slack:
    """How far a bound of the best roster is from its limits (0 = binding): `label` is the
    group (or "size"), `key` where the rule is in the constraint file."""

    label: str
    key: str
    seats: int
    low: int
    high: int | None

    @property
    def binding(self) -> bool:
        return (self.low > 0 and self.seats == self.low) or self.seats == self.high

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.label,
            "key": self.key,
            "seats": self.seats,
            "min": self.low,
            "max": self.high,
            "binding": self.binding,
            "slack_below": self.seats - self.low if self.low > 0 else None,
            "slack_above": None if self.high is None else self.high - self.seats,
        }


@dataclass(frozen=True)
class Explanation:
    """What `explain` found about `problem`.

    `status`: optimal or feasible (a roster exists), infeasible (proven: none does), unknown
    (the time limit came before either was proven), interrupted (Ctrl-C: what was found so
    far is kept). `reasons` are what arithmetic alone shows; `conflicts` are sets of rules
    that cannot hold together (minimal when `conflict_minimal`)."""

    problem: Problem
    feasible: bool
    reasons: list[Reason] = field(default_factory=list)
    conflicts: list[list[Rule]] = field(default_factory=list)
    conflict_minimal: bool = True
    repair: list[Relaxation] = field(default_factory=list)
    repaired: Problem | None = None
    best: SelectionResult | None = None
    slacks: list[Slack] = field(default_factory=list)
    seconds: float = 0.0
    status: Status = Status.OPTIMAL
    warnings: list[ToolWarning] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": str(self.status),
            "feasible": self.feasible,
            "seconds": round(self.seconds, 3),
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.feasible:
            out["binding"] = [s.to_dict() for s in self.slacks if s.binding]
            out["slack"] = [s.to_dict() for s in self.slacks if not s.binding]
            if self.best is not None:
                out["best"] = {"status": self.best.status, "members": self.best.members}
        else:
            out["reasons"] = [reason_ref(self.problem, r) for r in self.reasons]
            out["conflicts"] = [[rule_ref(self.problem, r) for r in c] for c in self.conflicts]
            out["conflict_is_minimal"] = self.conflict_minimal
            out["repair"] = [r.to_dict(self.problem) for r in self.repair]
            out["repair_total_seats"] = sum(r.seats for r in self.repair)
        return out
