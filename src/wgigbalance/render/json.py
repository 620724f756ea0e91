"""The one `json.dumps` of results: each result's structured `to_dict()`, plus the sentences
the JSON has always carried (`message` of every rule check, a comparison's `verdict`)."""

from __future__ import annotations

import json
from typing import Any

from ..results import Comparison, RosterAudit, SelectionResult
from ..roster import ConstraintCheck
from ..text import json_escaped
from . import words


def _with_messages(rows: list[dict[str, Any]], checks: list[ConstraintCheck]) -> None:
    for row, check in zip(rows, checks, strict=True):
        row["message"] = words.constraint_message(check)


def _before_provenance(data: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    provenance = data.pop("provenance", None)
    data[key] = value
    if provenance is not None:
        data["provenance"] = provenance
    return data


def to_dict(result: Any) -> dict[str, Any]:
    """A result as JSON-ready data (every result type has `to_dict()`)."""
    data: dict[str, Any] = result.to_dict()
    if isinstance(result, SelectionResult) and result.check is not None:
        _with_messages(data["constraints"], result.check.constraints)
    elif isinstance(result, RosterAudit):
        _with_messages(data["failures"], result.check.failures)
        _with_messages(data["constraints"], result.check.constraints)
    elif isinstance(result, Comparison):
        data = _before_provenance(data, "verdict", words.verdicts(result))
    if "warnings" not in data:
        from . import warnings_of

        data = _before_provenance(data, "warnings", [w.to_dict() for w in warnings_of(result)])
    return data


def dumps(result: Any) -> str:
    """A result as indented JSON (UTF-8 text, not ASCII escapes)."""
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False, default=str)
    return json_escaped(text)  # lossless: a bidi override never reaches a terminal raw
