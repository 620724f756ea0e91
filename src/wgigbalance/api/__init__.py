"""The public functions: one per command, with the command's name, for the CLI, the web page
and Python users alike.

Each takes explicit inputs (paths, or an in-memory pool and spec: nothing is read from the
current folder by default), loads and resolves them once, runs one analysis, and returns a
result with the provenance record (file fingerprints, tool version, seed, solver settings).
"""

from __future__ import annotations

from ..problem.load import load_problem
from .compose import alternatives, lottery, select
from .inputs import Candidates, Constraints, History, Roster, TradeoffMode
from .overtime import renew, replace, reserves
from .study import check, compare, explain, tradeoffs
from .verifiable import commit, draw, verify

__all__ = [
    "Candidates",
    "Constraints",
    "History",
    "Roster",
    "TradeoffMode",
    "alternatives",
    "check",
    "commit",
    "compare",
    "draw",
    "explain",
    "load_problem",
    "lottery",
    "renew",
    "replace",
    "reserves",
    "select",
    "tradeoffs",
    "verify",
]
