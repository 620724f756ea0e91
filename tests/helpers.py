"""Helpers the tests share (import them as `from helpers import ...`): pool builders and the
repository's paths. Fixtures live in conftest.py."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

PoolBuilder = Callable[..., pd.DataFrame]


def build_pool(
    columns: dict[str, Sequence[object]], ids: Sequence[str] | None = None, prefix: str = "P"
) -> pd.DataFrame:
    """A candidate pool as `read_candidates` returns it: an `id` column, every cell a string.

    `columns` maps column name -> one value per candidate; ids default to P00, P01, ...
    """
    lengths = {len(v) for v in columns.values()}
    assert len(lengths) == 1, f"columns of unequal length: {lengths}"
    (n,) = lengths
    if ids is None:
        ids = [f"{prefix}{i:02d}" for i in range(n)]
    assert len(ids) == n
    data: dict[str, list[str]] = {"id": [str(i) for i in ids]}
    for name, values in columns.items():
        data[name] = [str(v) for v in values]
    return pd.DataFrame(data)


# A small pool and rule set (16 candidates, caps, merit): every command answers in well
# under a second. CSV and TOML text, for tests that write them to files.
SMALL_POOL_CSV = "id,region,gender,org,score\n" + "".join(
    f"P{i:02d},{'ABCD'[i % 4]},{'wm'[(i // 4) % 2]},o{i // 2},{50 + (i * 37) % 41}\n"
    for i in range(16)
)
SMALL_SPEC_TOML = (
    "[size]\nmin = 5\nmax = 8\n"
    '[balance.region]\ntarget = "equal"\n'
    '[balance.gender]\ntarget = "equal"\neach = { min = 2 }\n'
    '[[cap]]\ncolumn = "org"\nmax = 1\n'
    '[merit]\ncolumn = "score"\n'
)
