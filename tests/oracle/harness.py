"""Run the tool's public API on one instance and list every way it disagrees with the oracle.

Problems are collected, not raised one at a time, so one failing instance shows everything
that is wrong with it (status, hard rules, exact objective, reported objective and stages).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd
from exact import Evaluation, evaluate

import wgigbalance

REL_TOL = 1e-9


@dataclass
class Truth:
    """The oracle's answer: None key means no valid roster exists."""

    key: tuple[Fraction, ...] | None
    ids: list[str]
    source: str  # "brute force" or "MILP"
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What the tool did and everything found wrong with it."""

    status: str
    members: list[str]
    seconds: float
    problems: list[str]
    evaluation: Evaluation | None = None


def close(a: float, b: float) -> bool:
    return abs(a - b) <= REL_TOL * max(1.0, abs(a), abs(b))


def fmt(key: tuple[Fraction, ...] | None) -> str:
    if key is None:
        return "infeasible"
    return "(" + ", ".join(f"{k} ≈ {float(k):.9g}" for k in key) + ")"


def run_tool(
    pool: pd.DataFrame, spec: dict[str, Any], truth: Truth, time_limit: float = 60.0
) -> Outcome:
    """select() on the instance, judged against the oracle's exact optimum."""
    started = time.monotonic()
    result = wgigbalance.select(pool, wgigbalance.parse_spec(spec), seed=0, time_limit=time_limit)
    seconds = time.monotonic() - started
    problems: list[str] = []
    out = Outcome(str(result.status), list(result.members), seconds, problems)
    if truth.key is None:
        if str(result.status) != "infeasible":
            problems.append(
                f"tool says {str(result.status)!r} with {result.members}, {truth.source} says no "
                "roster exists"
            )
        return out
    if str(result.status) != "optimal":
        problems.append(
            f"tool status {str(result.status)!r} after {seconds:.1f} s, expected 'optimal' "
            f"({truth.source} optimum {fmt(truth.key)}, e.g. {truth.ids})"
        )
    if not result.members:
        return out
    ev = evaluate(pool, spec, result.members)
    out.evaluation = ev
    if not ev.ok:
        problems.append(f"tool roster breaks hard rules: {list(ev.failures)}")
    if ev.key != truth.key:
        if ev.key > truth.key:
            problems.append(
                f"tool roster is worse than the {truth.source} optimum: tool {fmt(ev.key)} "
                f"members {result.members}; oracle {fmt(truth.key)} members {truth.ids}"
            )
        else:
            problems.append(
                f"ORACLE IMPRECISE: tool roster is better than the {truth.source} answer: "
                f"tool {fmt(ev.key)}; oracle {fmt(truth.key)} {truth.notes}"
            )
    problems.extend(_reported(result, ev))
    return out


def _reported(result: Any, ev: Evaluation) -> list[str]:
    """The tool's own numbers (check.objective and the stage values) against exact ones."""
    problems: list[str] = []
    check = result.check
    if check is None:
        return ["tool returned members but no check"]
    tiers = tuple(check.objective.tiers)
    exact_tiers = ev.tiers
    if [t[0] for t in tiers] != [t[0] for t in exact_tiers]:
        problems.append(f"reported tiers {tiers} vs exact {exact_tiers}")
    else:
        for (p, worst, total), (_, ew, et) in zip(tiers, exact_tiers, strict=True):
            for name, got, want in (("worst", worst, ew), ("total", total, et)):
                same = got == want if isinstance(got, Fraction) else close(float(got), float(want))
                if not same:
                    problems.append(
                        f"check.objective priority {p} {name} = {got} ≈ {float(got):.12g}, "
                        f"exact {want} ≈ {float(want):.12g}"
                    )
    if ev.merit is not None:
        merit = check.objective.merit
        if merit is None or not close(float(merit), float(ev.merit)):
            problems.append(f"check.objective.merit = {merit}, exact {float(ev.merit)}")
    # Stage values: balance stages in weighted seats (the README's units), then merit.
    wanted: list[Fraction] = list(ev.key)
    if ev.merit is not None:
        wanted[-1] = ev.merit
    n_balance = 2 * len(ev.tiers)
    stages = [s for s in result.stages if s.name != "feasibility"]
    if str(result.status) == "optimal":
        if len(stages) != len(wanted):
            problems.append(f"{len(stages)} stages reported, expected {len(wanted)}")
        for k, (stage, expected) in enumerate(zip(stages, wanted, strict=False)):
            value = getattr(stage, "value", None)  # an exact Fraction, where the tool has one
            if k < n_balance and isinstance(value, Fraction):
                same = value == expected
            else:
                same = stage.objective is not None and close(stage.objective, float(expected))
            if not same:
                shown = value if value is not None else stage.objective
                problems.append(
                    f"stage {stage.name!r} reports {shown} ({stage.unit}), "
                    f"exact value of the roster {expected} ≈ {float(expected):.12g}"
                )
    return problems
