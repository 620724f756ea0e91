"""The one `json.dumps` of results: each result's structured `to_dict()`, plus the sentences
the JSON has always carried (`message` of every rule check, reason and repair move, `text`
of every rule in a conflict, a comparison's `verdict`)."""

from __future__ import annotations

import json
from typing import Any

from ..results import (
    Alternatives,
    Commitment,
    Comparison,
    Explanation,
    LotteryResult,
    RenewResult,
    ReplaceResult,
    RosterAudit,
    SelectionResult,
    Tradeoffs,
    Verification,
)
from ..roster import ConstraintCheck
from ..text import json_escaped
from . import reasons, words
from .alternatives import alternatives_note
from .draw import check_message
from .tradeoffs import frontier_note, price_words


def _with_messages(rows: list[dict[str, Any]], checks: list[ConstraintCheck]) -> None:
    for row, check in zip(rows, checks, strict=True):
        row["message"] = words.constraint_message(check)


def _before_provenance(data: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    provenance = data.pop("provenance", None)
    data[key] = value
    if provenance is not None:
        data["provenance"] = provenance
    return data


def _explained(data: dict[str, Any], explanation: Explanation) -> None:
    """Words beside the structure of an explanation: reasons, conflicts, repair moves."""
    problem = explanation.problem
    for row, reason in zip(data.get("reasons", []), explanation.reasons, strict=True):
        row["message"] = reasons.reason_text(problem, reason)
    for rows, rules in zip(data.get("conflicts", []), explanation.conflicts, strict=True):
        for row, rule in zip(rows, rules, strict=True):
            row["text"] = reasons.describe_rule(problem, rule)
    for row, move in zip(data.get("repair", []), explanation.repair, strict=True):
        row["rule"]["text"] = reasons.describe_rule(problem, move.rule)
        row["message"] = reasons.relaxation_change(move)


def to_dict(result: Any) -> dict[str, Any]:
    """A result as JSON-ready data (every result type has `to_dict()`)."""
    data: dict[str, Any] = result.to_dict()
    if isinstance(result, SelectionResult):
        if result.check is not None:
            _with_messages(data["constraints"], result.check.constraints)
        for row, text in zip(data["reasons"], reasons.selection_reasons(result), strict=False):
            row["message"] = text
        if result.explanation is not None:
            _explained(data["explanation"], result.explanation)
    elif isinstance(result, Explanation):
        _explained(data, result)
    elif isinstance(result, Alternatives):
        data = _before_provenance(data, "note", alternatives_note(result))
    elif isinstance(result, Tradeoffs):
        for row, price in zip(data["prices"], result.prices, strict=True):
            row["rule"], row["relax"], row["tighten"] = price_words(result.problem, price)
        if result.frontier is not None:
            data["frontier"]["note"] = frontier_note(result.frontier)
    elif isinstance(result, LotteryResult) and result.explanation is not None:
        _explained(data["explanation"], result.explanation)
    elif isinstance(result, RosterAudit):
        _with_messages(data["failures"], result.check.failures)
        _with_messages(data["constraints"], result.check.constraints)
    elif isinstance(result, ReplaceResult) and result.has_group:
        assert result.selection is not None and result.selection.check is not None
        _with_messages(data["selection"]["constraints"], result.selection.check.constraints)
    elif isinstance(result, RenewResult):
        if result.selection.check is not None:
            _with_messages(data["selection"]["constraints"], result.selection.check.constraints)
        before = result.request.before
        if before is not None:
            _with_messages(data["last_cycle_breaks"], before.failures)
        if result.explanation is not None:
            _explained(data["explanation"], result.explanation)
    elif isinstance(result, Comparison):
        data = _before_provenance(data, "verdict", words.verdicts(result))
    elif isinstance(result, Verification):
        for row, check in zip(data["checks"], result.checks, strict=True):
            row["message"] = check_message(check)
    elif isinstance(result, Commitment) and result.lottery.explanation is not None:
        _explained(data["explanation"], result.lottery.explanation)
    if "warnings" not in data:
        from . import warnings_of

        data = _before_provenance(data, "warnings", [w.to_dict() for w in warnings_of(result)])
    return data


def dumps(result: Any) -> str:
    """A result as indented JSON (UTF-8 text, not ASCII escapes)."""
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False, default=str)
    return json_escaped(text)  # lossless: a bidi override never reaches a terminal raw
