"""Reading the inputs (files or in-memory data) into a resolved problem, with the files'
fingerprints for the provenance record."""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from ..errors import InputError
from ..io import read_candidates, sha256_file
from ..settings import MAX_SEATS
from ..spec import Size, Spec, load_spec
from ..spec.sortition import drop_absent_values, is_categories_file, read_categories
from .data import Problem
from .resolve import resolve


def load_problem(
    candidates: str | os.PathLike[str] | pd.DataFrame,
    constraints: str | os.PathLike[str] | Spec,
    size: int | None = None,
    strip_invisible: bool = False,
    sheet: str | None = None,
) -> tuple[Problem, dict[str, Any]]:
    """Read and resolve the inputs; returns the problem and the files' fingerprints.

    `constraints` may be a wgigbalance TOML file or a sortition categories CSV (then the
    panel `size` is needed, and a people file without an id column is numbered 1..n).
    A candidate workbook (.xlsx) is read from its first sheet, or from `sheet`.
    """
    provenance: dict[str, Any] = {}
    categories = not isinstance(constraints, Spec) and is_categories_file(constraints)
    if isinstance(candidates, pd.DataFrame):
        pool, cand_name = candidates.reset_index(drop=True), "<candidates>"
    else:
        pool = read_candidates(
            candidates, row_ids=categories, strip_invisible=strip_invisible, sheet=sheet
        )
        cand_name = str(candidates)
        provenance["candidates"] = {"path": cand_name, "sha256": sha256_file(candidates)}
        if sheet is not None:
            provenance["candidates"]["sheet"] = sheet
    if size is not None and (isinstance(size, bool) or not 1 <= size <= MAX_SEATS):
        raise InputError(
            f"size: {size!r} is not a group size; give a whole number from 1 to {MAX_SEATS:,}.",
            code="size_out_of_range",
            key="size",
        )
    if isinstance(constraints, Spec):
        spec, spec_name = constraints, "<constraints>"
        if size is not None:
            spec = spec.model_copy(update={"size": Size(exact=size)})
    else:
        spec_name = str(constraints)
        if categories:
            spec = drop_absent_values(read_categories(constraints, size), pool)
        else:
            spec = load_spec(constraints)
            if size is not None:
                spec = spec.model_copy(update={"size": Size(exact=size)})
        provenance["constraints"] = {"path": spec_name, "sha256": sha256_file(constraints)}
    problem = resolve(spec, pool, spec_name, cand_name, row_ids=bool(pool.attrs.get("row_ids")))
    return problem, provenance
