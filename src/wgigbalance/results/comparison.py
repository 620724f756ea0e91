"""Rosters side by side under one set of constraints."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..problem import Problem
from ..roster import RosterCheck


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


@dataclass
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

    def verdicts(self) -> list[str]:
        """Which roster is better balanced on which dimension, and overall, in words."""
        if self.identical:
            return ["The rosters have the same members: no difference."]
        lines = []
        for d, dim in enumerate(self.checks[0].balance):
            if dim.deviation is None:
                continue
            devs = [c.balance[d].deviation for c in self.checks]
            best = min(v for v in devs if v is not None)
            winners = [self.names[n] for n, v in enumerate(devs) if v == best]
            shown = ", ".join(
                f"{self.names[n]} {float(v):.2f}" for n, v in enumerate(devs) if v is not None
            )
            if len(winners) == len(self.names):
                lines.append(f"{dim.column}: equally balanced ({shown} seats out of place)")
            else:
                lines.append(
                    f"{dim.column}: {' and '.join(winners)} better balanced "
                    f"({shown} seats out of place)"
                )
        for n, c in enumerate(self.checks):
            if c.failures:
                lines.append(f"{self.names[n]} breaks {len(c.failures)} hard constraint(s).")
        valid = [n for n, c in enumerate(self.checks) if c.ok]
        if valid:
            keys = {n: self.checks[n].objective.key() for n in valid}
            top = min(keys.values())
            best_names = [self.names[n] for n in valid if keys[n] == top]
            lines.append(
                "Best overall under select's objective (balance first, then merit), among "
                f"rosters that meet every hard rule: {' and '.join(best_names)}."
            )
        else:
            lines.append("No roster meets every hard constraint.")
        return lines

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
            "verdict": self.verdicts(),
            "provenance": self.provenance,
        }
