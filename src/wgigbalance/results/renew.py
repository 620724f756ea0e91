"""The result of `renew`: a standing body's membership history, the renewal problem (the
last cycle's members who may stay, who must leave, the rotation and continuity bounds) and
the renewed group, with the roster diff (stayed / left by term limit, by rule, by choice /
joined) and the balance before (the last cycle) and after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ToolWarning
from ..problem import Problem
from ..roster import RosterCheck
from ..settings import Status
from .selection import Explanation, SelectionResult


@dataclass(frozen=True)
class History:
    """Who sat in which cycle, oldest cycle first."""

    cycles: tuple[str, ...]
    members: tuple[tuple[str, ...], ...]  # per cycle, in file order
    name: str = "<history>"
    # consecutive terms including the last cycle, as stated (a `terms` column) for members
    # whose earlier terms the history does not show; others are counted
    stated: Mapping[str, int] = field(default_factory=dict)

    @property
    def last(self) -> tuple[str, ...]:
        return self.members[-1] if self.members else ()

    def consecutive_terms(self, member: str) -> int:
        """Cycles in a row the member has sat, ending with the last cycle (0: not sitting);
        as stated, for a member of the last cycle with a stated count."""
        if member in self.stated and member in self.last:
            return self.stated[member]
        count = 0
        for sitting in reversed(self.members):
            if member not in sitting:
                break
            count += 1
        return count

    def sat_before(self, member: str) -> bool:
        return any(member in sitting for sitting in self.members)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "cycles": list(self.cycles),
            "members_per_cycle": [len(m) for m in self.members],
        }


@dataclass(frozen=True)
class Renewal:
    """What `renew` was asked: the history and the renewal problem (the spec's rules, with
    the last cycle's members at the term limit and those leaving shut out, and the rotation
    and continuity rules as bounds on the last cycle's members)."""

    problem: Problem
    history: History
    cycle: str  # the label of the cycle being composed
    term_limited: tuple[str, ...]  # last-cycle members at the term limit: leave
    leaving: tuple[str, ...]  # named in renewal.leaving: leave
    priority_values: tuple[str, ...] = ()  # under-represented values (renewal.underrepresented)
    priority_column: str | None = None
    terms: dict[str, int] = field(default_factory=dict)  # consecutive terms so far, last cycle
    before: RosterCheck | None = None  # the last cycle under the same rules


@dataclass(frozen=True)
class RenewResult:
    """The renewed group and how it differs from the last cycle."""

    request: Renewal
    selection: SelectionResult
    explanation: Explanation | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def problem(self) -> Problem:
        return self.request.problem

    @property
    def status(self) -> Status:
        return self.selection.status

    @property
    def has_group(self) -> bool:
        return self.selection.check is not None

    @property
    def warnings(self) -> list[ToolWarning]:
        return list(self.problem.warnings)

    @property
    def members(self) -> list[str]:
        return self.selection.members if self.has_group else []

    @property
    def last(self) -> list[str]:
        return list(self.request.history.last)

    @property
    def stayed(self) -> list[str]:
        now = set(self.members)
        return [i for i in self.last if i in now]

    @property
    def left(self) -> list[str]:
        now = set(self.members)
        return [i for i in self.last if i not in now] if self.has_group else []

    @property
    def left_by_term_limit(self) -> list[str]:
        return list(self.request.term_limited)

    @property
    def left_by_rule(self) -> list[str]:
        """Named in renewal.leaving (and not already at the term limit)."""
        limited = set(self.request.term_limited)
        return [i for i in self.request.leaving if i not in limited]

    @property
    def left_by_choice(self) -> list[str]:
        """Rotated out by the optimisation: free to stay, chosen to leave."""
        forced = {*self.request.term_limited, *self.request.leaving}
        return [i for i in self.left if i not in forced]

    @property
    def joined(self) -> list[str]:
        last = set(self.last)
        return [i for i in self.members if i not in last]

    @property
    def returning(self) -> list[str]:
        """Joined, having sat in an earlier cycle (not the last)."""
        history = self.request.history
        return [i for i in self.joined if history.sat_before(i)]

    def terms_after(self) -> dict[str, int]:
        """Each member's consecutive terms including this cycle."""
        return {i: self.request.history.consecutive_terms(i) + 1 for i in self.members}

    def history_after(self) -> list[tuple[str, list[str]]]:
        """The history with the renewed group as its newest cycle."""
        history = self.request.history
        past = [(c, list(m)) for c, m in zip(history.cycles, history.members, strict=True)]
        return [*past, (self.request.cycle, self.members)]

    def to_dict(self) -> dict[str, Any]:
        selection = self.selection.to_dict()
        for key in ("provenance", "explanation", "warnings"):
            selection.pop(key, None)
        before = self.request.before
        return {
            "command": "renew",
            "status": str(self.status),
            "cycle": self.request.cycle,
            "history": self.request.history.to_dict(),
            "size": len(self.members) if self.has_group else None,
            "stayed": self.stayed,
            "left": self.left,
            "left_by_term_limit": self.left_by_term_limit,
            "left_by_rule": self.left_by_rule,
            "left_by_choice": self.left_by_choice,
            "joined": self.joined,
            "returning": self.returning,
            "members": self.members,
            "terms": self.terms_after(),
            "priority": None
            if self.request.priority_column is None
            else {
                "column": self.request.priority_column,
                "values": list(self.request.priority_values),
            },
            "balance_before": None if before is None else [b.to_dict() for b in before.balance],
            "objective_before": None if before is None else before.objective.to_dict(),
            "last_cycle_breaks": [] if before is None else [c.to_dict() for c in before.failures],
            "selection": selection,
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
            "warnings": [w.to_dict() for w in self.warnings],
            "provenance": self.provenance,
        }
