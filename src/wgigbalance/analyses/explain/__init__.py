"""Why no roster exists, what to relax, and which bounds bind the best roster.

Three tools, cheapest first:
1. arithmetic checks (`diagnose.arithmetic_conflicts`), no solver;
2. the cheapest repair: an *elastic* model with a slack on every rule, minimising the total
   number of seats the rules must move;
3. a minimal conflict: a set of rules that cannot hold together while any smaller subset
   can, found by deletion filtering (dropping chunks of rules, then single rules, and
   keeping a rule only when the rest becomes satisfiable without it).
Caps per country/organisation are handled lazily as in `select`. For a satisfiable set,
`explain` reports the binding bounds of the best roster and the slack of the others.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ...diagnose import Reason, Rule, arithmetic_conflicts
from ...problem import Problem
from ...results import Explanation, Relaxation, Slack
from ...roster import RosterCheck
from ...settings import SolverSettings, Status
from ...solver.select import solve_problem
from .lean import Interrupted, minimal_conflict, satisfiable
from .repair import cheapest_repair
from .rules import all_rules

__all__ = [
    "all_rules",
    "cheapest_repair",
    "explain_problem",
    "minimal_conflict",
    "satisfiable",
]


def explain_problem(
    problem: Problem, settings: SolverSettings | None = None, time_limit: float = 60.0
) -> Explanation:
    """Explain a resolved problem: why it is infeasible, or what binds its best roster.

    Ctrl-C stops it: the explanation so far comes back with status `interrupted`."""
    settings = settings or SolverSettings()
    started = time.monotonic()
    found = arithmetic_conflicts(problem)
    partial = _Found()
    status = Status.INTERRUPTED
    try:
        answer = False if found else satisfiable(problem, set(all_rules(problem)), settings.seed)
        if answer is not False:
            best = solve_problem(problem, settings)
            if best.check is not None or best.status != Status.INFEASIBLE:
                slacks = _slacks(problem, best.check) if best.check is not None else []
                status = Status.OPTIMAL if best.check is not None else best.status
                if best.status == Status.INTERRUPTED:
                    status = Status.INTERRUPTED
                return Explanation(
                    problem,
                    best.check is not None,
                    best=best,
                    slacks=slacks,
                    seconds=time.monotonic() - started,
                    status=status,
                    warnings=list(problem.warnings),
                )
        _why_infeasible(problem, settings, found, started + time_limit, partial)
    except (Interrupted, KeyboardInterrupt):  # Ctrl-C in a solve, or between two
        status = Status.INTERRUPTED
    else:
        status = Status.INFEASIBLE
    return Explanation(
        problem,
        False,
        reasons=found,
        conflicts=partial.conflict_rules,
        conflict_minimal=partial.conflict_minimal,
        repair=partial.repair,
        repaired=partial.repaired,
        seconds=time.monotonic() - started,
        status=status,
        warnings=list(problem.warnings),
    )


@dataclass
class _Found:
    """What the search for reasons has found so far (kept when Ctrl-C stops it)."""

    conflict_rules: list[list[Rule]] = field(default_factory=list)
    conflict_minimal: bool = True
    repair: list[Relaxation] = field(default_factory=list)
    repaired: Problem | None = None


def _why_infeasible(
    problem: Problem,
    settings: SolverSettings,
    found: list[Reason],
    deadline: float,
    out: _Found,
) -> None:
    """Fill `out` with the cheapest repair and up to three conflicts, as they are found (so
    that Ctrl-C keeps what was found)."""
    for reason in found:  # arithmetic already names these: no search needed
        conflict = list(reason.rules)
        if conflict not in out.conflict_rules and len(out.conflict_rules) < 3:
            out.conflict_rules.append(conflict)
    out.repair, out.repaired, per_rule = cheapest_repair(problem, settings.seed)
    first = sorted(per_rule, key=lambda r: -per_rule[r])
    # Up to three independent conflicts: after each, set aside the rule of it that the
    # repair moves most (or its first rule) and look again among the rest.
    rules = all_rules(problem)
    while not found and len(out.conflict_rules) < 3 and time.monotonic() < deadline:
        conflict, proven = minimal_conflict(problem, rules, first, settings.seed, deadline)
        out.conflict_rules.append(conflict)
        out.conflict_minimal = out.conflict_minimal and proven
        moved = [r for r in first if r in conflict]
        rules = [r for r in rules if r != (moved[0] if moved else conflict[0])]
        if satisfiable(problem, set(rules), settings.seed) is not False:
            break


def _slacks(problem: Problem, check: RosterCheck) -> list[Slack]:
    out = [Slack("size", "size", check.size, problem.size_min, problem.size_max)]
    checks = [c for c in check.constraints if c.kind in ("seats", "quota", "cap")]
    for c in checks:
        if c.kind == "cap" and c.seats == 0:
            continue
        out.append(Slack(c.label, c.source, c.seats, c.low, c.high))
    return out
