"""`renew`: a standing body renews part of its membership from its last cycle.

The renewal problem is the spec's problem with the renewal rules as ordinary rules, so that
the solver, the roster check, `explain` and the reports treat them like any other:

- members of the last cycle at the term limit (`max_consecutive_terms`) and those named in
  `leaving` may not sit (shut out, with that source);
- `rotate_out` (how many of the last cycle leave) and `keep_at_least` (continuity) are seat
  bounds on the group of the last cycle's members ("kept from the last cycle");
- `underrepresented`: the values of a column (countries) with at most `at_most` seats over
  the last `cycles` cycles get priority: a hard bound (`min`: at least that many members
  from them) and/or a soft bonus (`weight` per member), added to the merit column (or, with
  none, as merit of its own), so it counts once balance is settled, like merit.

Then select's lexicographic objective picks the best renewed group.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError, InputProblem, ToolWarning
from ..problem import Bound, Problem
from ..results import History, Renewal, RenewResult
from ..roster import check_roster
from ..settings import Progress, SolverSettings
from ..solver.select import solve_problem
from ..spec.schema import Renewal as RenewalRules
from ..spec.schema import Underrepresented

PRIORITY_MERIT = "renewal priority"


def history_of(
    cycles: Sequence[tuple[str, Sequence[str]]],
    name: str = "<history>",
    terms: Mapping[str, int] | None = None,
) -> History:
    """A History from (cycle label, member ids) pairs, oldest first; `terms`: consecutive
    terms including the last cycle, stated for members whose earlier terms it lacks."""
    return History(
        tuple(str(c) for c, _ in cycles),
        tuple(tuple(str(i) for i in ids) for _, ids in cycles),
        name,
        {str(k): int(v) for k, v in (terms or {}).items()},
    )


def next_cycle(history: History) -> str:
    """The label after the last: 2025 -> 2026; any other label -> 'after <label>'."""
    if not history.cycles:
        return "1"
    last = history.cycles[-1]
    return str(int(last) + 1) if last.lstrip("-").isdigit() else f"after {last}"


def renewal_problem(problem: Problem, history: History, cycle: str | None = None) -> Renewal:
    """The renewal problem of a resolved problem and a history (bad ids: one InputError)."""
    rules = problem.spec.renewal or RenewalRules()
    _check_history(problem, history, rules)
    if cycle is not None and cycle in history.cycles:
        raise InputError(
            f"{history.name}: cycle {cycle!r} is already in the history; name the cycle being "
            "composed with a new label.",
            code="cycle_exists",
        )
    index_of = {v: i for i, v in enumerate(problem.ids)}
    last = list(history.last)
    terms = {i: history.consecutive_terms(i) for i in last}
    limit = rules.max_consecutive_terms
    limited = [i for i in last if limit is not None and terms[i] >= limit]
    leaving = list(dict.fromkeys(rules.leaving))
    gone = {index_of[i] for i in [*limited, *leaving]}
    sources = {index_of[i]: "renewal.leaving" for i in leaving}
    sources |= {index_of[i]: "renewal.max_consecutive_terms" for i in limited}
    warnings = [
        ToolWarning(
            "renewal_drops_must_include",
            f"{problem.ids[r]} must leave ({sources[r]}) but is a must-include (people.include "
            f"in {problem.source}); the renewed group does without that rule.",
        )
        for r in problem.include
        if r in gone
    ]
    include = [r for r in problem.include if r not in gone]
    variant = problem.with_people(include, [*problem.exclude, *gone], sources)
    rows = np.array(sorted(index_of[i] for i in last), dtype=np.int64)
    bounds = [*problem.bounds, *_continuity(rules, rows, history.cycles[-1])]
    priority = _priority(problem, history, rules.underrepresented, variant)
    bounds += priority.bounds
    merit, merit_column = priority.merit, priority.merit_column
    priority_values, priority_column = priority.values, priority.column
    variant = dataclasses.replace(
        variant.with_bounds(bounds),
        merit=merit,
        merit_column=merit_column,
        warnings=(*variant.warnings, *warnings),
    )
    before = check_roster(problem, last, history.name) if last else None
    return Renewal(
        variant,
        history,
        cycle or next_cycle(history),
        tuple(limited),
        tuple(leaving),
        priority_values,
        priority_column,
        terms,
        before,
    )


@dataclass(frozen=True)
class _Priority:
    """What the rule for under-represented values adds: a hard minimum, a merit bonus."""

    bounds: list[Bound]
    merit: np.ndarray | None
    merit_column: str | None
    values: tuple[str, ...] = ()
    column: str | None = None


def _priority(
    problem: Problem, history: History, under: Underrepresented | None, variant: Problem
) -> _Priority:
    """Values with at most `at_most` seats over the last cycles: at least `min` seats for
    them (hard), and/or `weight` per member of them added to merit (soft, after balance)."""
    if under is None:
        return _Priority([], variant.merit, variant.merit_column)
    values, flagged = _underrepresented(problem, history, under.column, under)
    bounds = []
    if under.min is not None:
        bounds.append(
            Bound(
                "quota",
                f"{under.column} with at most {under.at_most} seat(s) in the last "
                f"{under.cycles} cycle(s)",
                "renewal.underrepresented",
                "renewal.underrepresented",
                np.flatnonzero(flagged).astype(np.int64),
                min=under.min,
            )
        )
    merit, merit_column = variant.merit, variant.merit_column
    if under.weight is not None:
        base = np.zeros(len(problem.pool)) if merit is None else merit
        merit = base + under.weight * flagged.astype(float)
        merit_column = merit_column or PRIORITY_MERIT
    return _Priority(bounds, merit, merit_column, values, under.column)


def _continuity(rules: RenewalRules, rows: np.ndarray, label: str) -> list[Bound]:
    """Seat bounds on the last cycle's members: how many rotate out, how many stay."""
    n = len(rows)
    out: list[Bound] = []
    title = f"members kept from cycle {label}"
    rotate = rules.rotate_out
    if rotate is not None:
        least = max(rotate.min or 0, math.ceil((rotate.min_share or 0) * n))
        most = n
        if rotate.max is not None:
            most = min(most, rotate.max)
        if rotate.max_share is not None:
            most = min(most, math.floor(rotate.max_share * n))
        out.append(
            Bound(
                "quota",
                f"{title} ({n}, of whom {least}–{most} rotate out)",
                "renewal.rotate_out",
                "renewal.rotate_out",
                rows,
                min=max(n - most, 0),
                max=max(n - least, 0),
            )
        )
    keep = max(
        rules.keep_at_least or 0,
        math.ceil((rules.keep_at_least_share or 0) * n),
    )
    if keep:
        out.append(
            Bound("quota", title, "renewal.keep_at_least", "renewal.keep_at_least", rows, min=keep)
        )
    return out


def _underrepresented(
    problem: Problem, history: History, column: str, under: Any
) -> tuple[tuple[str, ...], np.ndarray]:
    """The values of `column` with at most `at_most` seats over the last cycles, and the
    pool rows that have one."""
    values = problem.pool[column].astype(str)
    of = dict(zip(problem.ids, values.tolist(), strict=True))
    seats: dict[str, int] = {}
    for sitting in history.members[-under.cycles :]:
        for i in sitting:
            seats[of[i]] = seats.get(of[i], 0) + 1
    known = sorted(set(values[problem.available].tolist()))
    wanted = tuple(v for v in known if seats.get(v, 0) <= under.at_most)
    return wanted, values.isin(set(wanted)).to_numpy()


def _check_history(problem: Problem, history: History, rules: RenewalRules) -> None:
    """Every history id a candidate; a last cycle; `leaving` ids in it; the column known."""
    found: list[InputProblem] = []
    known = set(problem.ids)
    unknown = sorted({i for sitting in history.members for i in sitting} - known)
    if unknown:
        shown = ", ".join(unknown[:10]) + (" ..." if len(unknown) > 10 else "")
        found.append(
            InputProblem(
                "history_id_not_candidate",
                f"{history.name}: {len(unknown)} id(s) not in {problem.candidates_source}: "
                f"{shown}; every member of the history must be a row of the candidate file.",
                file=history.name,
            )
        )
    if not history.last:
        found.append(InputProblem("empty_history", f"{history.name}: no cycle in the history."))
    last = set(history.last)
    for i, n in history.stated.items():
        if i not in last or n < 1:
            found.append(
                InputProblem(
                    "bad_terms",
                    f"{history.name}: terms of {i!r}: {n}; state terms (at least 1) only for "
                    "members of the last cycle.",
                    file=history.name,
                )
            )
    for i in rules.leaving:
        if i not in last:
            found.append(
                InputProblem(
                    "leaving_not_member",
                    f"{problem.source}: renewal.leaving: {i!r} did not sit in the last cycle "
                    f"({history.cycles[-1] if history.cycles else 'none'}) of {history.name}.",
                    file=problem.source,
                    key="renewal.leaving",
                )
            )
    under = rules.underrepresented
    if under is not None and under.column not in problem.pool.columns:
        found.append(
            InputProblem(
                "unknown_column",
                f"{problem.source}: renewal.underrepresented.column: the candidates have no "
                f"column {under.column!r}.",
                file=problem.source,
                key="renewal.underrepresented.column",
            )
        )
    if found:
        raise InputError(problems=found)


def renew_problem(
    request: Renewal,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
    provenance: dict[str, Any] | None = None,
) -> RenewResult:
    """The best renewed group (select's objective) of the renewal problem."""
    settings = settings or SolverSettings()
    selection = solve_problem(request.problem, settings, progress, provenance)
    return RenewResult(request, selection, provenance=dict(selection.provenance))
