"""The one way in for every api function: inputs read and resolved once, rosters and
histories as ids, provenance started, and why no roster exists when a command finds none."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeVar

import pandas as pd

from ..analyses.explain import explain_problem
from ..analyses.lottery import Objective as Objective
from ..analyses.renew import history_of, renewal_problem
from ..io import (
    read_history,
    read_history_terms,
    read_roster_ids,
    sha256_file,
)
from ..problem import Problem
from ..problem.load import load_problem
from ..results import Explanation, LotteryResult, RenewResult, ReplaceResult, SelectionResult
from ..results import History as HistoryData
from ..settings import (
    SolverSettings,
)
from ..spec import Spec

Candidates = str | os.PathLike[str] | pd.DataFrame


Constraints = str | os.PathLike[str] | Spec


Roster = str | os.PathLike[str] | Sequence[str]


History = str | os.PathLike[str] | Sequence[tuple[str, Sequence[str]]]


TradeoffMode = Literal["prices", "size", "between", "merit"]


EXPLAIN_SECONDS = 30.0  # at most this long spent explaining an infeasible select or lottery


FilePath = str | os.PathLike[str]


def _load(
    candidates: Candidates,
    constraints: Constraints,
    size: int | None,
    settings: SolverSettings,
    sheet: str | None = None,
) -> tuple[Problem, dict[str, Any]]:
    """The one way in: resolve the inputs and start the provenance record. `sheet`: the
    sheet of a candidate workbook (.xlsx) to read, else its first."""
    problem, provenance = load_problem(candidates, constraints, size, sheet=sheet)
    provenance |= {"seed": settings.seed, "solver_settings": settings.to_dict()}
    return problem, provenance


def _roster_ids(roster: Roster, provenance: dict[str, Any]) -> tuple[list[str], str]:
    """A roster's ids (a CSV with an id column, or the ids themselves) and its name."""
    if not isinstance(roster, str | os.PathLike):
        return [str(i) for i in roster], "<roster>"
    ids = read_roster_ids(roster)  # checks the file first
    provenance.setdefault("rosters", []).append(
        {"path": str(roster), "sha256": sha256_file(roster)}
    )
    return ids, str(roster)


def _history(
    history: History, provenance: dict[str, Any], terms: Mapping[str, int] | None = None
) -> HistoryData:
    """A history (a CSV with columns cycle,id and perhaps terms, or (cycle, ids) pairs and
    `terms`) as data for the analyses."""
    if isinstance(history, str | os.PathLike):
        provenance["history"] = {"path": str(history), "sha256": sha256_file(history)}
        stated = {**read_history_terms(history), **(terms or {})}
        return history_of(read_history(history), str(history), stated)
    return history_of(history, "<history>", terms)


def _renewing(problem: Problem, history: History | None, provenance: dict[str, Any]) -> Problem:
    """With a history: the renewal problem (as `renew` solves it), else the problem."""
    if history is None:
        return problem
    return renewal_problem(problem, _history(history, provenance)).problem


def _why_not(problem: Problem, settings: SolverSettings) -> Explanation:
    """Why no roster exists: what `select` and `lottery` say without being asked."""
    return explain_problem(problem, settings, min(settings.time_limit, EXPLAIN_SECONDS))


R = TypeVar("R", SelectionResult, LotteryResult, ReplaceResult, RenewResult)


def _explained(result: R, problem: Problem, settings: SolverSettings, infeasible: bool) -> R:
    """The result with why no roster exists, when it is infeasible and does not say yet."""
    if not infeasible or getattr(result, "explanation", None) is not None:
        return result
    return dataclasses.replace(result, explanation=_why_not(problem, settings))
