"""Rosters side by side under one set of constraints."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..problem import Problem
from ..roster import RosterCheck


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Comparison:
    """Two or more rosters checked under the same constraints."""

    problem: Problem
    names: list[str]
    checks: list[RosterCheck]
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def common(self) -> list[str]:
        shared = set.intersection(*(set(c.members) for c in self.checks))
        return [i for i in self.problem.ids if i in shared]

    def only(self, n: int) -> list[str]:
        """Members of roster n that are not in every roster."""
        shared = set(self.common)
        return [i for i in self.checks[n].members if i not in shared]

    @property
    def identical(self) -> bool:
        return all(set(c.members) == set(self.checks[0].members) for c in self.checks)

    def better_on(self, d: int) -> list[int]:
        """The rosters least out of place on dimension `d` (every roster when they tie);
        none when the dimension has no target."""
        devs = [c.balance[d].deviation for c in self.checks]
        shown = [v for v in devs if v is not None]
        if not shown:
            return []
        best = min(shown)
        return [n for n, v in enumerate(devs) if v == best]

    def best_overall(self) -> list[int]:
        """Among the rosters that meet every hard rule, those best under select's objective
        (balance first, then merit); none when no roster meets every rule."""
        keys = {n: c.objective.key() for n, c in enumerate(self.checks) if c.ok}
        if not keys:
            return []
        top = min(keys.values())
        return [n for n, key in keys.items() if key == top]

    def to_dict(self) -> dict[str, Any]:
        return {
            "rosters": self.names,
            "identical": self.identical,
            "common": self.common,
            "only": {name: self.only(n) for n, name in enumerate(self.names)},
            "balance": [
                {
                    "dimension": dim.column,
                    "deviation_seats": {
                        name: _float(c.balance[d].deviation)
                        for name, c in zip(self.names, self.checks, strict=True)
                    },
                    "values": [
                        {
                            "value": v.value,
                            "target_share": v.target_share,
                            "seats": {
                                name: c.balance[d].values[j].seats
                                for name, c in zip(self.names, self.checks, strict=True)
                            },
                            "deviation": {
                                name: c.balance[d].values[j].deviation
                                for name, c in zip(self.names, self.checks, strict=True)
                            },
                        }
                        for j, v in enumerate(dim.values)
                    ],
                }
                for d, dim in enumerate(self.checks[0].balance)
            ],
            "constraints_failing_somewhere": [
                {
                    "rule": rule.label,
                    "source": rule.source,
                    "holds": {
                        name: c.constraints[i].holds
                        for name, c in zip(self.names, self.checks, strict=True)
                    },
                }
                for i, rule in enumerate(self.checks[0].constraints)
                if any(not c.constraints[i].holds for c in self.checks)
            ],
            "objective": {
                name: c.objective.to_dict() for name, c in zip(self.names, self.checks, strict=True)
            },
            "provenance": self.provenance,
        }
