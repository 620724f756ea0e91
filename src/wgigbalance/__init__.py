"""wgigbalance: compose balanced multi-stakeholder groups with OR-Tools CP-SAT."""

from __future__ import annotations

from .settings import tool_version

__version__ = tool_version()

from .alternatives import Alternatives, alternatives, alternatives_problem
from .audit import RosterAudit, check
from .checker import RosterCheck, check_roster
from .compare import Comparison, compare
from .errors import InputError
from .explain import Explanation, explain, explain_problem
from .io import read_candidates, read_roster_ids
from .lottery import LotteryResult, fair_lottery, lottery
from .problem import Problem, resolve
from .selection import SelectionResult, SolverSettings, load_problem, select, solve_problem
from .spec import Spec, load_spec, parse_spec
from .tradeoffs import Tradeoffs, tradeoffs

__all__ = [
    "Alternatives",
    "Comparison",
    "Explanation",
    "InputError",
    "LotteryResult",
    "Problem",
    "RosterAudit",
    "RosterCheck",
    "SelectionResult",
    "SolverSettings",
    "Spec",
    "Tradeoffs",
    "__version__",
    "alternatives",
    "alternatives_problem",
    "check",
    "check_roster",
    "compare",
    "explain",
    "explain_problem",
    "fair_lottery",
    "load_problem",
    "load_spec",
    "lottery",
    "parse_spec",
    "read_candidates",
    "read_roster_ids",
    "resolve",
    "select",
    "solve_problem",
    "tradeoffs",
]
