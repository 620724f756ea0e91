"""The one place that creates and runs a CP-SAT solver.

Every solve runs in a worker thread while the main thread waits in short joins, so that
Ctrl-C (which Python delivers to the main thread) stops the search cleanly: the solver
returns its best solution so far and the caller decides what to keep. A solver is never
left running when Python unwinds, which is what made the C++ runtime abort.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from ..settings import Progress, SolverSettings, Status

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
}


@dataclass(frozen=True)
class Outcome:
    """What one solve gave: the solver (to read values from) and what it established.

    `status` is never INTERRUPTED: a search stopped by Ctrl-C is FEASIBLE or UNKNOWN with
    `interrupted` set."""

    status: Status
    solver: cp_model.CpSolver
    interrupted: bool
    seconds: float

    @property
    def has_solution(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    def value(self, var: cp_model.LinearExprT) -> int:
        return int(self.solver.value(var))

    @property
    def objective(self) -> float:
        return float(self.solver.objective_value)

    @property
    def bound(self) -> float:
        return float(self.solver.best_objective_bound)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Keeps the best objective and bound so far for the progress display."""

    def __init__(self, stage: str, progress: Progress | None, scale: float) -> None:
        super().__init__()
        self.stage, self.progress, self.scale = stage, progress, scale
        self.started = time.monotonic()
        self.best = math.nan  # no solution yet
        self.bound = math.nan

    def on_solution_callback(self) -> None:
        self.best = self.objective_value / self.scale
        self.bound = self.best_objective_bound / self.scale
        self.report()

    def report(self) -> None:
        if self.progress is not None:
            self.progress(self.stage, self.best, self.bound, time.monotonic() - self.started)


def _solver(settings: SolverSettings, seconds: float, workers: int | None) -> cp_model.CpSolver:
    """A CP-SAT solver with the settings that make it deterministic and fast here."""
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = settings.cpsat_seed
    params.num_workers = workers or settings.workers
    # One worker is deterministic by construction; several are made so by interleaving.
    params.interleave_search = params.num_workers > 1
    params.interleave_batch_size = params.num_workers  # one task per worker: far less waiting
    params.max_time_in_seconds = max(seconds, 0.01)
    params.log_search_progress = False
    # The full LP relaxation: measured 2-3x faster to prove balance optima on these models
    # (benchmarks/README.md), and essential on some fixed-size models.
    params.linearization_level = 2
    params.catch_sigint_signal = False  # Ctrl-C is handled here, in the main thread
    return solver


def run(
    model: cp_model.CpModel,
    settings: SolverSettings,
    seconds: float,
    stage: str = "",
    progress: Progress | None = None,
    scale: float = 1.0,
    workers: int | None = None,
) -> Outcome:
    """Solve `model` for at most `seconds`; Ctrl-C stops it and is reported, not raised.

    `scale` divides objective values for the progress display; `workers` overrides the
    settings (the lottery's pricing problems run on one worker).
    """
    solver = _solver(settings, seconds, workers)
    watcher = _Watcher(stage, progress, scale)
    code: list[Any] = []
    done = threading.Event()

    def work() -> None:
        try:
            code.append(solver.solve(model, watcher))
        finally:
            done.set()

    started = time.monotonic()
    interrupted = _wait(
        threading.Thread(target=work, name=f"cp-sat {stage}"), done, solver, watcher
    )
    # A stopped search reports FEASIBLE (with its best solution) or UNKNOWN; `interrupted`
    # tells the caller why it stopped.
    status = _STATUS.get(code[0] if code else cp_model.UNKNOWN, Status.UNKNOWN)
    return Outcome(status, solver, interrupted, time.monotonic() - started)


def _wait(
    worker: threading.Thread, done: threading.Event, solver: cp_model.CpSolver, watcher: _Watcher
) -> bool:
    """Start the solve and wait for it; True when Ctrl-C stopped it.

    Wait on an Event, never in Thread.join, while Ctrl-C can arrive: on Python 3.11 a
    KeyboardInterrupt inside join() marks the thread as finished while CP-SAT still runs in
    it (bpo-45274's handler); the process then exits under a running solver and the C++
    runtime aborts ("terminate called without an active exception", exit 134).
    """
    interrupted = False
    try:
        worker.start()
    except KeyboardInterrupt:  # the thread runs anyway (if it began): stop it below
        interrupted = True
        if not worker.is_alive() and not done.wait(1.0) and not worker.is_alive():
            done.set()  # Ctrl-C came before the thread could begin: nothing to wait for
    while not done.is_set():
        try:
            if interrupted:  # again and again: a stop sent before the search began is lost
                solver.stop_search()
            done.wait(0.1)
            watcher.report()  # also while nothing is found yet: the display keeps moving
        except KeyboardInterrupt:
            interrupted = True
            solver.stop_search()
    while worker.ident is not None:  # the solve has returned; the thread's last steps remain
        try:
            worker.join()
            break
        except KeyboardInterrupt:
            interrupted = True
    return interrupted
