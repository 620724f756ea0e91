"""The selected rows as CSV or as an Excel workbook, safe to open in a spreadsheet."""

from __future__ import annotations

from collections.abc import Sequence

from ..io import frame_to_safe_csv
from ..io.xlsx_write import Cell, Sheet, workbook_bytes
from ..results import SelectionResult


def roster_csv(result: SelectionResult) -> str:
    """The selected rows with all input columns; cells that a spreadsheet would run as
    formulas are neutralised."""
    return frame_to_safe_csv(result.roster)


def roster_xlsx(result: SelectionResult, extra: Sequence[Sheet] = ()) -> bytes:
    """The roster as a workbook: "Roster" (the selected rows, all input columns, as text),
    "Balance" (per dimension and value: seats, share, target) and "Rules" (each hard rule:
    seats, min, max, whether it holds), then any `extra` sheets."""
    roster = result.roster.astype(str)
    sheets: list[Sheet] = [("Roster", [str(c) for c in roster.columns], roster.values.tolist())]
    if result.check is not None:
        balance: list[list[Cell]] = [
            [
                dim.column,
                v.value,
                v.seats,
                round(v.share, 6),
                None if v.target_share is None else round(v.target_share, 6),
                None if v.target_seats is None else round(v.target_seats, 4),
                None if v.deviation is None else round(v.deviation, 4),
                v.low,
                v.high,
                v.holds,
            ]
            for dim in result.check.balance
            for v in dim.values
        ]
        sheets.append(
            (
                "Balance",
                [
                    "dimension",
                    "value",
                    "seats",
                    "share",
                    "target share",
                    "target seats",
                    "deviation",
                    "min",
                    "max",
                    "holds",
                ],
                balance,
            )
        )
        rules: list[list[Cell]] = [
            [c.kind, c.label, c.source, c.seats, c.low, c.high, c.holds]
            for c in result.check.constraints
        ]
        sheets.append(("Rules", ["kind", "rule", "key", "seats", "min", "max", "holds"], rules))
    return workbook_bytes([*sheets, *extra])
