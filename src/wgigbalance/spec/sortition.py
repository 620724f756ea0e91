"""The Sortition Foundation's file formats, read unchanged.

sortition-algorithms and Panelot users have a categories (features) CSV, one row per
feature value with its quota (`feature,value,min,max[,min_flex,max_flex]`, or the older
`category,feature,min,max` / `category,name,min,max`), and a people (respondents) CSV with
one column per feature, with or without an id column. The panel size comes separately.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..io import read_csv_text
from .schema import Spec
from .toml import parse_spec

_HEADERS = (
    ("feature", "value"),  # sortition-algorithms 0.12
    ("category", "feature"),  # the older layout (Flanigan et al.'s replication data)
    ("category", "name"),
)


def is_categories_file(path: str | os.PathLike[str]) -> bool:
    """A constraint file in the sortition layout (CSV) rather than wgigbalance's TOML."""
    return Path(path).suffix.lower() == ".csv"


def read_categories(path: str | os.PathLike[str], size: int | None) -> Spec:
    """A sortition categories CSV as a Spec: seat bounds per feature value, size `size`."""
    p = Path(path)
    if size is None:
        raise InputError(
            f"{p}: a sortition categories file does not say the panel size; give it with --size."
        )
    frame = read_csv_text(p, "categories")
    columns = {c.lower(): c for c in frame.columns}
    for dim_key, value_key in _HEADERS:
        if dim_key in columns and value_key in columns:
            break
    else:
        raise InputError(
            f"{p}: the header must be feature,value,min,max (or category,feature,min,max); "
            f"it is {','.join(frame.columns)}."
        )
    for need in ("min", "max"):
        if need not in columns:
            raise InputError(f"{p}: no '{need}' column; add the quota columns min and max.")
    balance: dict[str, Any] = {}
    for n, row in enumerate(frame.itertuples(index=False), start=2):
        record = dict(zip(frame.columns, row, strict=True))
        dim, value = record[columns[dim_key]], record[columns[value_key]]
        if not dim or not value:
            raise InputError(f"{p}: line {n}: empty {dim_key} or {value_key}; fill it in.")
        bounds = {}
        for key in ("min", "max"):
            text = record[columns[key]]
            try:
                bounds[key] = int(float(text))
            except (ValueError, OverflowError):  # "x", "nan", "1e400"
                raise InputError(
                    f"{p}: line {n}, column {key}: {text!r} is not a whole number."
                ) from None
        balance.setdefault(dim, {"target": "none", "seats": {}})["seats"][value] = bounds
    return parse_spec({"size": {"exact": size}, "balance": balance}, str(p))


def drop_absent_values(spec: Spec, pool: pd.DataFrame) -> Spec:
    """Quotas of values no respondent has are fine when their minimum is 0 (drop them)."""
    balance = {}
    for column, dim in spec.balance.items():
        present = set(pool[column]) if column in pool.columns else set()
        seats = {v: b for v, b in dim.seats.items() if v in present or (b.min or 0) > 0}
        balance[column] = dim.model_copy(update={"seats": seats})
    return spec.model_copy(update={"balance": balance})
