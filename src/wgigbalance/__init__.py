"""wgigbalance: compose balanced multi-stakeholder groups with OR-Tools CP-SAT.

The public names are loaded on first use (PEP 562), so that `wgigbalance --help` does not pay
for pandas and OR-Tools.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "alternatives": "api",
    "check": "api",
    "commit": "api",
    "compare": "api",
    "draw": "api",
    "explain": "api",
    "load_problem": "api",
    "lottery": "api",
    "renew": "api",
    "replace": "api",
    "reserves": "api",
    "select": "api",
    "tradeoffs": "api",
    "verify": "api",
    "alternatives_problem": "analyses.alternatives",
    "audit_problem": "analyses.audit",
    "compare_problem": "analyses.compare",
    "explain_problem": "analyses.explain",
    "lottery_problem": "analyses.lottery",
    "renew_problem": "analyses.renew",
    "renewal_problem": "analyses.renew",
    "replace_problem": "analyses.replace",
    "replacement_problem": "analyses.replace",
    "reserves_problem": "analyses.reserves",
    "solve_problem": "solver.select",
    "Alternatives": "results",
    "Comparison": "results",
    "Explanation": "results",
    "LotteryResult": "results",
    "RenewResult": "results",
    "ReplaceResult": "results",
    "Reserves": "results",
    "RosterAudit": "results",
    "SelectionResult": "results",
    "Tradeoffs": "results",
    "InputError": "errors",
    "ToolWarning": "errors",
    "SolverSettings": "settings",
    "Status": "settings",
    "Problem": "problem",
    "resolve": "problem",
    "RosterCheck": "roster",
    "check_roster": "roster",
    "Spec": "spec",
    "load_spec": "spec",
    "parse_spec": "spec",
    "read_candidates": "io",
    "read_roster_ids": "io",
}

__all__ = [
    "Alternatives",
    "Comparison",
    "Explanation",
    "InputError",
    "LotteryResult",
    "Problem",
    "RenewResult",
    "ReplaceResult",
    "Reserves",
    "RosterAudit",
    "RosterCheck",
    "SelectionResult",
    "SolverSettings",
    "Spec",
    "Status",
    "ToolWarning",
    "Tradeoffs",
    "__version__",
    "alternatives",
    "alternatives_problem",
    "audit_problem",
    "check",
    "check_roster",
    "commit",
    "compare",
    "compare_problem",
    "draw",
    "explain",
    "explain_problem",
    "load_problem",
    "load_spec",
    "lottery",
    "lottery_problem",
    "parse_spec",
    "read_candidates",
    "read_roster_ids",
    "renew",
    "renew_problem",
    "renewal_problem",
    "replace",
    "replace_problem",
    "replacement_problem",
    "reserves",
    "reserves_problem",
    "resolve",
    "select",
    "solve_problem",
    "tradeoffs",
    "verify",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read from the package metadata on first use
        from .settings import tool_version

        globals()[name] = version = tool_version()
        return version
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wgigbalance' has no attribute {name!r}")


if TYPE_CHECKING:
    __version__: str

    from .analyses.alternatives import alternatives_problem
    from .analyses.audit import audit_problem
    from .analyses.compare import compare_problem
    from .analyses.explain import explain_problem
    from .analyses.lottery import lottery_problem
    from .analyses.renew import renew_problem, renewal_problem
    from .analyses.replace import replace_problem, replacement_problem
    from .analyses.reserves import reserves_problem
    from .api import (
        alternatives,
        check,
        commit,
        compare,
        draw,
        explain,
        load_problem,
        lottery,
        renew,
        replace,
        reserves,
        select,
        tradeoffs,
        verify,
    )
    from .errors import InputError, ToolWarning
    from .io import read_candidates, read_roster_ids
    from .problem import Problem, resolve
    from .results import (
        Alternatives,
        Comparison,
        Explanation,
        LotteryResult,
        RenewResult,
        ReplaceResult,
        Reserves,
        RosterAudit,
        SelectionResult,
        Tradeoffs,
    )
    from .roster import RosterCheck, check_roster
    from .settings import SolverSettings, Status
    from .solver.select import solve_problem
    from .spec import Spec, load_spec, parse_spec
