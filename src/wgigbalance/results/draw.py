"""A verifiable draw: the commitment, the draw it leads to, and the verification of both.

Plain data; the procedure itself (README, "Verifiable draws") is in `analyses.draw`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..settings import Status
from .lottery import LotteryResult
from .selection import SelectionResult


@dataclass(frozen=True)
class Commitment:
    """What `commit` publishes before the draw: the record (inputs' fingerprints, settings,
    tool version, the distribution, the announced public source), its exact text and the
    SHA-256 of that text. `record` is None when the lottery gave no distribution."""

    lottery: LotteryResult
    record: dict[str, Any] | None
    text: str = ""
    sha256: str = ""

    @property
    def status(self) -> Status:
        return self.lottery.status

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.lottery.status),
            "proven_fair": self.lottery.proven_fair,
            "commitment_sha256": self.sha256 or None,
            "commitment": self.record,
            "explanation": None
            if self.lottery.explanation is None
            else self.lottery.explanation.to_dict(),
        }


@dataclass(frozen=True)
class DrawTrace:
    """Every number of the draw, so that anyone can redo it by hand: the public value as
    given and normalised, the key hashed, the seed, the number it gives and the group."""

    commitment_sha256: str
    public_value: str
    normalised: str
    key: str
    seed: str  # SHA-256 of the key, hex
    total_weight: int
    number: int  # int(seed, 16) mod total_weight
    group: int  # 1-based number of the drawn group in the commitment
    groups: int
    members: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "commitment_sha256": self.commitment_sha256,
            "public_value": self.public_value,
            "public_value_normalised": self.normalised,
            "key": self.key,
            "seed_sha256": self.seed,
            "total_weight": self.total_weight,
            "number": self.number,
            "group": self.group,
            "groups": self.groups,
            "members": self.members,
        }


@dataclass(frozen=True)
class DrawResult:
    """The committed group the public value draws, as a roster (checked against the rules)."""

    trace: DrawTrace
    drawn: SelectionResult
    record: dict[str, Any] = field(repr=False, default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "draw": self.trace.to_dict(),
            "roster": self.drawn.to_dict(),
            "public_source": self.record.get("public_source"),
        }


CheckStatus = Literal["match", "mismatch", "not checked", "note"]
CheckItem = Literal[
    "commitment_hash", "candidates", "constraints", "tool_version", "distribution", "panel"
]


@dataclass(frozen=True)
class VerifyCheck:
    """One thing `verify` compared, as data (the render layer words it): what (`item`), the
    outcome, `code` naming a mismatch for scripts, `reason` why it was not checked (or what
    a note is about), and what the commitment says and what was found.

    committed / found, by item: commitment_hash {sha256}; candidates, constraints {path,
    sha256}; tool_version {version, ortools}; distribution {groups, total_weight} (found: also
    differ, the numbers of the groups that differ, and proven_fair); panel {group, members}
    (found: members, listed_as (the committed group it is, or None), missing, extra,
    by_rows)."""

    item: CheckItem
    status: CheckStatus
    committed: dict[str, Any] = field(default_factory=dict)
    found: dict[str, Any] = field(default_factory=dict)
    code: str = ""  # commitment_changed, candidates_changed, ... when status is mismatch
    reason: str = ""  # not_given, not_recomputed, inputs_differ, interrupted, no_distribution

    def to_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "status": self.status,
            "code": self.code,
            "reason": self.reason,
            "committed": self.committed,
            "found": self.found,
        }


@dataclass(frozen=True)
class Verification:
    """A draw re-done from the public files: match, or a mismatch naming what differs."""

    trace: DrawTrace
    checks: list[VerifyCheck]
    record: dict[str, Any] = field(repr=False, default_factory=dict)
    interrupted: bool = False  # Ctrl-C while recomputing the lottery

    @property
    def match(self) -> bool:
        return all(c.status != "mismatch" for c in self.checks)

    @property
    def mismatches(self) -> list[VerifyCheck]:
        return [c for c in self.checks if c.status == "mismatch"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "match": self.match,
            "interrupted": self.interrupted,
            "mismatches": [c.code for c in self.mismatches],
            "checks": [c.to_dict() for c in self.checks],
            "draw": self.trace.to_dict(),
        }
