"""Caps enforced lazily: build, solve the stages, pick the individuals, and add to the model
only the cap groups (per country, per organisation) that picking ran into; repeat.

The model stays over candidate types that ignore most caps, so it does not grow with the
pool; the roster returned always meets every cap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..problem import Problem
from ..settings import Progress, SolverSettings
from .model import BalanceModel, build_model
from .stages import Level, Round, run_stages
from .types import pick_rows

Constrain = Callable[[BalanceModel], None]


@dataclass
class Settled:
    """The last round: its stages and roster rows, the caps the model needed, model sizes."""

    outcome: Round
    rows: list[int]
    blocked: set[int]  # caps still in the way when time ran out (empty when settled)
    caps: set[int]
    stats: dict[str, int] = field(default_factory=dict)


def _built(
    problem: Problem, seed: int, caps: set[int], constrain: Constrain | None
) -> BalanceModel:
    bm = build_model(problem, seed, caps)
    if constrain is not None:
        constrain(bm)
    return bm


def _stats(problem: Problem, bm: BalanceModel, rounds: int, caps: set[int]) -> dict[str, int]:
    return {
        "candidates": len(problem.pool),
        "candidate_types": len(bm.types),
        "variables": len(bm.model.proto.variables),
        "constraints": len(bm.model.proto.constraints),
        "rounds": rounds,
        "caps_in_model": len(caps),
    }


def settle_caps(
    problem: Problem,
    settings: SolverSettings,
    deadline: float,
    progress: Progress | None = None,
    constrain: Constrain | None = None,
    caps: set[int] | None = None,
) -> Settled:
    """Rounds of solving until picking meets every cap, time runs out or Ctrl-C.

    Each round carries the proven balance levels of the last: they are lower bounds on the
    model with more caps, so when a roster still reaches them only the later stages run.
    With a merit column a round is only settled when no pick was displaced by a cap (the
    merit would otherwise not be the optimum)."""
    caps = set(caps or ())
    carried: list[Level] | None = None
    rows: list[int] = []
    blocked: set[int] = set()
    rounds = 0
    while True:
        rounds += 1
        bm = _built(problem, settings.seed, caps, constrain)
        outcome = run_stages(bm, settings, deadline, progress, carried, rows)
        if outcome.retry:  # the caps raised the balance optimum: solve every stage again
            bm = _built(problem, settings.seed, caps, constrain)
            outcome = run_stages(bm, settings, deadline, progress, hint_rows=rows)
        stats = _stats(problem, bm, rounds, caps)
        if outcome.values is None:
            return Settled(outcome, [], set(), caps, stats)
        carried = outcome.balance_levels
        rows, blocked = pick_rows(
            problem, bm.types, outcome.values, exact=problem.merit is not None
        )
        if not blocked or outcome.interrupted or time.monotonic() >= deadline:
            return Settled(outcome, rows, blocked, caps, stats)
        caps |= blocked


def model_stats(problem: Problem, caps: set[int], seed: int) -> dict[str, int]:
    """Model sizes without solving (a problem refused by arithmetic alone)."""
    return _stats(problem, build_model(problem, seed, caps), 0, caps)
