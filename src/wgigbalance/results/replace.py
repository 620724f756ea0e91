"""The result of `replace`: a sitting roster, who dropped out, and the completed group
(optimised, or drawn from a fair lottery over the valid completions), with the roster diff."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from ..errors import ToolWarning
from ..problem import Problem
from ..settings import Status
from .lottery import LotteryResult
from .selection import Explanation, SelectionResult

Mode = Literal["optimised", "drawn"]


@dataclass(frozen=True)
class Replacement:
    """What `replace` was asked: the roster, the dropouts, who else may not join, and the
    replacement problem (the members who stay pinned, dropouts and `excluded` shut out)."""

    problem: Problem
    roster: tuple[str, ...]  # the sitting roster as given, in its order
    dropped: tuple[str, ...]
    excluded: tuple[str, ...] = ()  # also never picked (earlier dropouts, people who declined)
    roster_name: str = "<roster>"

    @property
    def stayed(self) -> list[str]:
        gone = set(self.dropped)
        return [i for i in self.roster if i not in gone]

    @property
    def open_rows(self) -> np.ndarray:
        """Pool rows who could join: neither sitting, nor dropped, nor excluded."""
        mask = self.problem.available.copy()
        mask[list(self.problem.include)] = False
        return mask


@dataclass(frozen=True)
class ReplaceResult:
    """The completed group and the diff from the sitting roster (stayed / left / joined).

    `selection` is the completed group: `select`'s result on the replacement problem, or
    (`mode` "drawn") the group drawn from `lottery`, the fair lottery over valid
    completions. It is None when a lottery found no group; its `check` is None when no
    completion keeps every hard rule (then `explanation` says why)."""

    request: Replacement
    mode: Mode
    selection: SelectionResult | None
    lottery: LotteryResult | None = None
    explanation: Explanation | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def problem(self) -> Problem:
        return self.request.problem

    @property
    def status(self) -> Status:
        """The optimisation's status; for a drawn group, the lottery's (optimal: proven fair)."""
        if self.lottery is not None:
            return self.lottery.status
        assert self.selection is not None
        return self.selection.status

    @property
    def has_group(self) -> bool:
        return self.selection is not None and self.selection.check is not None

    @property
    def warnings(self) -> list[ToolWarning]:
        return list(self.problem.warnings)

    @property
    def members(self) -> list[str]:
        return [] if self.selection is None else self.selection.members

    @property
    def stayed(self) -> list[str]:
        return self.request.stayed

    @property
    def left(self) -> list[str]:
        return list(self.request.dropped)

    @property
    def joined(self) -> list[str]:
        """New members, in the candidate file's order."""
        sitting = set(self.request.roster)
        return [i for i in self.members if i not in sitting]

    @property
    def probabilities(self) -> dict[str, float]:
        """Drawn mode: each candidate who could join, with the chance of joining."""
        if self.lottery is None or not self.lottery.has_distribution:
            return {}
        ids = self.problem.ids
        rows = np.flatnonzero(self.request.open_rows)
        return {ids[r]: float(self.lottery.probability[r]) for r in rows}

    def _lottery_dict(self) -> dict[str, Any] | None:
        lot = self.lottery
        if lot is None:
            return None
        p = np.array(list(self.probabilities.values()))
        eligible = p[p > 1e-9]
        return {
            "status": str(lot.status),
            "proven_fair": lot.proven_fair,
            "objective": lot.objective,
            "within_percent": lot.within,
            "groups_in_distribution": len(lot.panels),
            "candidates_who_could_join": len(p),
            "candidates_with_a_chance": len(eligible),
            "min_chance_among_those": float(eligible.min()) if len(eligible) else 0.0,
            "max_chance": float(p.max()) if len(p) else 0.0,
            "expected_joiners": float(p.sum()),
            "seconds": round(lot.seconds, 3),
            "probabilities": self.probabilities,
            "drawn_from": None
            if self.selection is None
            else self.selection.provenance.get("drawn_from"),
        }

    def to_dict(self) -> dict[str, Any]:
        selection = None if self.selection is None else self.selection.to_dict()
        if selection is not None:
            selection.pop("provenance", None)  # the same record is at the top
            selection.pop("explanation", None)
            selection.pop("warnings", None)
        return {
            "mode": self.mode,
            "status": str(self.status),
            "roster": self.request.roster_name,
            "size": len(self.members) if self.has_group else None,
            "stayed": self.stayed,
            "left": self.left,
            "joined": self.joined if self.has_group else [],
            "members": self.members,
            "also_excluded": list(self.request.excluded),
            "selection": selection,
            "lottery": self._lottery_dict(),
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
            "warnings": [w.to_dict() for w in self.warnings],
            "provenance": self.provenance,
        }
