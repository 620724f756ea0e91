"""Caps enforced lazily: build, solve, pick the individuals, and add to the model only the
cap groups (per country, per organisation) that picking ran into; repeat.

The model stays over candidate types that ignore most caps, so it does not grow with the
pool; the roster returned always meets every cap. `pick_until_caps_hold` is the one loop:
`settle_caps` (select's stages) and explain's satisfiability and elastic models run in it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..problem import Problem
from ..settings import Progress, SolverSettings
from .model import BalanceModel, build_model
from .stages import Round, run_stages
from .types import TypeTable, pick_rows

Constrain = Callable[[BalanceModel], None]
# One round: build a model with these caps in it (and, as a hint, the rows the last round
# picked), solve it; the candidate types and the count of each type picked, or None when the
# round found no roster (the caller knows why).
Attempt = Callable[[set[int], list[int]], tuple[TypeTable, list[int] | None]]


@dataclass
class Picked:
    """The last round's individuals, the caps still in their way, the caps in the model."""

    rows: list[int]
    blocked: set[int]
    caps: set[int]
    rounds: int
    found: bool  # the last round found a roster


def pick_until_caps_hold(
    problem: Problem,
    attempt: Attempt,
    caps: set[int] | None = None,
    grow: Callable[[set[int]], set[int]] | None = None,
    stop: Callable[[], bool] | None = None,
    exact: bool = False,
    ignore: frozenset[int] = frozenset(),
) -> Picked:
    """Rounds of `attempt` until picking individuals meets every cap (not in `ignore`), or
    `stop()` says so (time, Ctrl-C). `grow` widens the caps a round ran into (to their whole
    family, say) before the next round; `exact` as in `pick_rows` (merit)."""
    caps = set(caps or ())
    rounds = 0
    rows: list[int] = []
    while True:
        rounds += 1
        types, values = attempt(caps, rows)
        if values is None:
            return Picked([], set(), caps, rounds, False)
        rows, blocked = pick_rows(problem, types, values, exact=exact, ignore=ignore)
        if not blocked or (stop is not None and stop()):
            return Picked(rows, blocked, caps, rounds, True)
        caps |= blocked if grow is None else grow(blocked)


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
    """Rounds of solving the stages until picking meets every cap, time runs out or Ctrl-C.

    Each round carries the proven balance levels of the last: they are lower bounds on the
    model with more caps, so when a roster still reaches them only the later stages run.
    With a merit column a round is only settled when no pick was displaced by a cap (the
    merit would otherwise not be the optimum)."""
    last = _Last()

    def stages(with_caps: set[int], hint: list[int]) -> tuple[TypeTable, list[int] | None]:
        carried = None if last.outcome is None else last.outcome.balance_levels
        bm = _built(problem, settings.seed, with_caps, constrain)
        outcome = run_stages(bm, settings, deadline, progress, carried, hint)
        if outcome.retry:  # the caps raised the balance optimum: solve every stage again
            bm = _built(problem, settings.seed, with_caps, constrain)
            outcome = run_stages(bm, settings, deadline, progress, hint_rows=hint)
        last.bm, last.outcome, last.caps = bm, outcome, set(with_caps)
        return bm.types, outcome.values

    def stop() -> bool:
        return last.outcome is None or last.outcome.interrupted or time.monotonic() >= deadline

    picked = pick_until_caps_hold(problem, stages, caps, stop=stop, exact=problem.merit is not None)
    assert last.bm is not None and last.outcome is not None  # one round at least ran
    stats = _stats(problem, last.bm, picked.rounds, last.caps)
    return Settled(last.outcome, picked.rows, picked.blocked, last.caps, stats)


@dataclass
class _Last:
    """The last round of `settle_caps`: its model, its outcome, the caps it had."""

    bm: BalanceModel | None = None
    outcome: Round | None = None
    caps: set[int] = field(default_factory=set)


def model_stats(problem: Problem, caps: set[int], seed: int) -> dict[str, int]:
    """Model sizes without solving (a problem refused by arithmetic alone)."""
    return _stats(problem, build_model(problem, seed, caps), 0, caps)
