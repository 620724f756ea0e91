"""Results: plain data at the bottom of the analysis graph, one module per kind of result."""

from .alternatives import Alternatives
from .audit import RosterAudit
from .comparison import Comparison
from .draw import Commitment, DrawResult, DrawTrace, Verification, VerifyCheck
from .lottery import LotteryResult
from .renew import History, Renewal, RenewResult
from .replace import Replacement, ReplaceResult
from .reserves import ReserveOutcome, Reserves
from .selection import (
    Explanation,
    Relaxation,
    SelectionResult,
    Slack,
    Stage,
    StageResult,
    rule_ref,
)
from .tradeoffs import Frontier, FrontierPoint, Outcome, Price, Tradeoffs

__all__ = [
    "Alternatives",
    "Commitment",
    "Comparison",
    "DrawResult",
    "DrawTrace",
    "Explanation",
    "Frontier",
    "FrontierPoint",
    "History",
    "LotteryResult",
    "Outcome",
    "Price",
    "Relaxation",
    "RenewResult",
    "Renewal",
    "ReplaceResult",
    "Replacement",
    "ReserveOutcome",
    "Reserves",
    "RosterAudit",
    "SelectionResult",
    "Slack",
    "Stage",
    "StageResult",
    "Tradeoffs",
    "Verification",
    "VerifyCheck",
    "rule_ref",
]
