"""The selected rows as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

from ..io import frame_to_safe_csv
from ..results import SelectionResult


def roster_csv(result: SelectionResult) -> str:
    """The selected rows with all input columns; cells that a spreadsheet would run as
    formulas are neutralised."""
    return frame_to_safe_csv(result.roster)
