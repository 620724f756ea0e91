"""`replace`: members dropped out; complete the group again from those not selected.

The replacement problem is the same problem with the members who stay pinned (must sit),
and the dropouts, anyone else named (earlier dropouts, people who declined) and the spec's
exclusions shut out; the group size is whatever the problem says (the api sets it to the
sitting roster's size unless asked otherwise). Then either the best completion is selected
(`replace_problem`: select's lexicographic objective) or, at the api level, the lottery
draws one fairly among the valid completions (`drawn_replacement` packs that result): no
analysis imports another. Rounds: a replaced roster is a roster like any other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ..errors import InputError, InputProblem, ToolWarning
from ..problem import Problem
from ..results import LotteryResult, Replacement, ReplaceResult, SelectionResult
from ..roster import roster_rows
from ..settings import Progress, SolverSettings
from ..solver.select import solve_problem


def replacement_problem(
    problem: Problem,
    roster: Sequence[str],
    dropped: Sequence[str],
    excluded: Sequence[str] = (),
    roster_name: str = "roster",
) -> Replacement:
    """The roster's members who stay pinned; dropouts, `excluded` and the spec's
    exclusions shut out. Bad ids are one InputError listing every problem."""
    roster = [str(i) for i in roster]
    dropped = list(dict.fromkeys(str(i) for i in dropped))
    excluded = list(dict.fromkeys(str(i) for i in excluded))
    rows = roster_rows(problem, roster, roster_name)  # unknown or repeated ids: InputError
    _check_ids(problem, roster, dropped, excluded, roster_name)
    index_of = {v: i for i, v in enumerate(problem.ids)}
    gone = {index_of[i] for i in [*dropped, *excluded]}
    stay = [int(r) for r in rows if int(r) not in gone]
    spec_includes = [r for r in problem.include if r not in gone]
    warnings = [
        ToolWarning(
            "dropped_must_include",
            f"{problem.ids[r]} dropped out but is a must-include (people.include in "
            f"{problem.source}); the replaced group cannot keep that rule and does without it.",
        )
        for r in problem.include
        if r in gone
    ]
    # Housemates of the members who stay (households, not yet in the spec) would join
    # `gone` here, so that no one is picked who shares a home with a sitting member.
    sources = {r: "replace: stays" for r in stay}
    sources |= {index_of[i]: "replace: dropped out" for i in dropped}
    sources |= {index_of[i]: "replace: --exclude" for i in excluded if i not in dropped}
    variant = problem.with_people([*stay, *spec_includes], [*problem.exclude, *gone], sources)
    if warnings:
        variant = dataclasses.replace(variant, warnings=(*variant.warnings, *warnings))
    return Replacement(variant, tuple(roster), tuple(dropped), tuple(excluded), roster_name)


def _check_ids(
    problem: Problem,
    roster: list[str],
    dropped: list[str],
    excluded: list[str],
    roster_name: str,
) -> None:
    """Dropouts must sit on the roster; `excluded` must be candidates not sitting; no member
    who stays may be one the constraints exclude."""
    found: list[InputProblem] = []
    sitting = set(roster)
    known = set(problem.ids)
    if not dropped:
        found.append(
            InputProblem("no_dropouts", "replace: no dropouts given; name who dropped out.")
        )
    for i in dropped:
        if i not in sitting:
            found.append(
                InputProblem(
                    "dropout_not_in_roster",
                    f"{roster_name}: dropout {i!r} is not on this roster; name members of it.",
                    file=roster_name,
                    key=i,
                )
            )
    for i in excluded:
        if i not in known:
            found.append(
                InputProblem(
                    "excluded_not_candidate",
                    f"excluded id {i!r} is not in {problem.candidates_source}; fix the id.",
                    file=problem.candidates_source,
                    key=i,
                )
            )
        elif i in sitting and i not in dropped:
            found.append(
                InputProblem(
                    "excluded_sits",
                    f"{roster_name}: {i!r} sits on the roster and did not drop out, so it "
                    "cannot be excluded; list it as dropped instead.",
                    file=roster_name,
                    key=i,
                )
            )
    shut = {problem.ids[r] for r in problem.exclude}
    for i in roster:
        if i in shut and i not in dropped:
            found.append(
                InputProblem(
                    "roster_member_excluded",
                    f"{roster_name}: {i!r} sits on the roster but {problem.source} excludes it "
                    "(people.exclude); list it as dropped or take it off the roster.",
                    file=roster_name,
                    key=i,
                )
            )
    if found:
        raise InputError(problems=found)


def replace_problem(
    request: Replacement,
    settings: SolverSettings | None = None,
    progress: Progress | None = None,
    provenance: dict[str, Any] | None = None,
) -> ReplaceResult:
    """The best completion (select's objective) of the replacement problem."""
    settings = settings or SolverSettings()
    selection = solve_problem(request.problem, settings, progress, provenance)
    return ReplaceResult(request, "optimised", selection, provenance=dict(provenance or {}))


def drawn_replacement(
    request: Replacement,
    lottery: LotteryResult,
    drawn: SelectionResult | None,
    provenance: dict[str, Any] | None = None,
) -> ReplaceResult:
    """A completion drawn from the fair lottery over the valid completions."""
    return ReplaceResult(
        request,
        "drawn",
        drawn,
        lottery=lottery,
        explanation=lottery.explanation,
        provenance=dict(provenance or {}),
    )
