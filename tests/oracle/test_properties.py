"""Property tests: random pools and random constraint files.

Whatever the rules, a roster select() returns keeps every hard rule, is proven optimal,
cannot be improved by swapping, adding or dropping one member, and is the same for the same
seed; a "no roster" answer carries no members.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pandas as pd
from helpers import build_pool
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wgigbalance import check_roster, parse_spec, resolve, select
from wgigbalance.problem import Problem
from wgigbalance.render.reasons import selection_reasons

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TIME_LIMIT = 20


def bounds_strategy() -> st.SearchStrategy[dict[str, Any]]:
    """Seat bounds for one group: counts, shares, or both."""
    counts = st.one_of(
        st.builds(lambda m: {"min": m}, st.integers(0, 2)),
        st.builds(lambda m: {"max": m}, st.integers(1, 6)),
        st.builds(lambda a, b: {"min": a, "max": a + b}, st.integers(0, 1), st.integers(1, 4)),
    )
    shares = st.one_of(
        st.builds(lambda s: {"min_share": s}, st.sampled_from(["10%", 0.2, "1/4"])),
        st.builds(lambda s: {"max_share": s}, st.sampled_from(["1/2", 0.6, "75%", 1])),
        st.just({"min_share": "1/5", "max_share": "3/5"}),
    )
    return st.one_of(counts, shares)


def per_group_bounds() -> st.SearchStrategy[dict[str, Any]]:
    """Bounds repeated for many groups (each, for_each): mostly upper bounds."""
    return st.one_of(
        st.builds(lambda m: {"max": m}, st.integers(1, 4)),
        st.builds(lambda s: {"max_share": s}, st.sampled_from(["1/2", 0.6, "2/3"])),
        st.just({"min": 1}),
        st.just({"min": 0, "max": 3}),
    )


@st.composite
def cases(draw: st.DrawFn) -> tuple[pd.DataFrame, dict[str, Any]]:
    n = draw(st.integers(10, 60))
    n_cols = draw(st.integers(2, 4))
    columns: dict[str, list[str]] = {}
    for c in range(n_cols):
        k = draw(st.integers(1, 4))
        codes = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
        columns[f"c{c}"] = [f"v{i}" for i in codes]
    columns["org"] = [f"o{i}" for i in draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))]
    columns["m"] = [str(v) for v in draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))]
    pool = build_pool(columns)
    ids = pool["id"].tolist()
    attrs = [c for c in columns if c.startswith("c")]

    def values_of(column: str) -> list[str]:
        return sorted(set(columns[column]))

    lo = draw(st.integers(2, 12))
    if draw(st.booleans()):
        size: dict[str, int] = {"exact": lo}
    else:
        size = {"min": lo, "max": lo + draw(st.integers(0, 6))}
    spec: dict[str, Any] = {"size": size, "balance": {}}

    for column in draw(st.lists(st.sampled_from(attrs), unique=True, max_size=len(attrs))):
        values = values_of(column)
        kind = draw(st.sampled_from(["equal", "proportional", "shares", "none", "subset"]))
        dim: dict[str, Any]
        if kind == "shares":
            weights = draw(st.lists(st.integers(1, 5), min_size=len(values), max_size=len(values)))
            total = sum(weights)
            dim = {"target": {v: f"{w}/{total}" for v, w in zip(values, weights, strict=True)}}
        elif kind == "subset":
            chosen = draw(st.lists(st.sampled_from(values), min_size=1, unique=True))
            dim = {"target": "equal", "values": chosen}
        else:
            dim = {"target": kind}
        if draw(st.booleans()):
            dim["weight"] = draw(st.sampled_from([0.5, 1, 2, 3.5]))
        if draw(st.booleans()):
            dim["priority"] = draw(st.sampled_from([1, 2]))
        if draw(st.integers(0, 3)) == 0:
            dim["each"] = draw(per_group_bounds())
        if draw(st.integers(0, 3)) == 0:
            dim["seats"] = {draw(st.sampled_from(values)): draw(bounds_strategy())}
        spec["balance"][column] = dim

    quotas = []
    for _ in range(draw(st.integers(0, 2))):
        column = draw(st.sampled_from(attrs))
        wanted = draw(st.lists(st.sampled_from(values_of(column)), min_size=1, unique=True))
        quota: dict[str, Any] = {"where": {column: wanted[0] if len(wanted) == 1 else wanted}}
        if draw(st.booleans()):
            quota["for_each"] = draw(st.sampled_from([*attrs, "org"]))
            quota.update(draw(per_group_bounds()))
        else:
            quota.update(draw(bounds_strategy()))
        quotas.append(quota)
    if quotas:
        spec["quota"] = quotas

    caps = []
    for _ in range(draw(st.integers(0, 2))):
        cap: dict[str, Any] = {
            "column": draw(st.sampled_from([*attrs, "org"])),
            "max": draw(st.integers(1, 3)),
        }
        if draw(st.booleans()):
            column = draw(st.sampled_from(attrs))
            cap["where"] = {column: draw(st.sampled_from(values_of(column)))}
        caps.append(cap)
    if caps:
        spec["cap"] = caps

    people: dict[str, Any] = {}
    include = draw(st.lists(st.sampled_from(ids), max_size=min(2, lo), unique=True))
    exclude = draw(
        st.lists(st.sampled_from([i for i in ids if i not in include]), max_size=3, unique=True)
    )
    pairs = draw(
        st.lists(
            st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True).filter(
                lambda p: not set(p) <= set(include)
            ),
            max_size=2,
        )
    )
    if include:
        people["include"] = include
    if exclude:
        people["exclude"] = exclude
    if pairs:
        people["not_together"] = pairs
    if people:
        spec["people"] = people
    if draw(st.booleans()):
        spec["merit"] = {"column": "m"}
    return pool, spec


def neighbours(problem: Problem, members: list[str]) -> list[list[str]]:
    """Rosters one swap, one addition or one removal away."""
    inside = list(members)
    outside = [i for i in problem.ids if i not in set(members)]
    out: list[list[str]] = []
    for a in inside:
        rest = [m for m in inside if m != a]
        out.append(rest)
        out.extend([*rest, b] for b in outside)
    out.extend([*inside, b] for b in outside)
    return [r for r in out if problem.size_min <= len(r) <= problem.size_max]


@SETTINGS
@given(cases())
def test_a_returned_roster_keeps_every_hard_rule(case: tuple[pd.DataFrame, dict[str, Any]]) -> None:
    pool, data = case
    spec = parse_spec(data)
    problem = resolve(spec, pool)
    result = select(pool, spec, time_limit=TIME_LIMIT)
    event(f"status: {result.status}")
    if result.check is None:
        assert result.status == "infeasible", (result.status, result.reasons)
        assert result.members == []
        assert result.roster.empty
        assert selection_reasons(result), "a no-roster answer says why"
        assert result.explanation is not None, "select explains an infeasible set unasked"
        return
    assert result.status == "optimal"
    members = result.members
    assert len(set(members)) == len(members)
    assert result.roster["id"].tolist() == members
    check = check_roster(problem, members)
    assert check.ok, [c.to_dict() for c in check.failures]
    # spelled out, independently of the checker
    assert problem.size_min <= len(members) <= problem.size_max
    assert set(data.get("people", {}).get("include", [])) <= set(members)
    assert not set(data.get("people", {}).get("exclude", [])) & set(members)
    for a, b in data.get("people", {}).get("not_together", []):
        assert not {a, b} <= set(members)


def at_least_as_good(key: tuple[Any, ...], other: tuple[Any, ...]) -> bool:
    """Lexicographic key <= other: balance terms exactly, merit within 1e-6."""
    for a, b in zip(key, other, strict=True):
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            if a != b:
                return a < b
        elif abs(float(a) - float(b)) > 1e-6:
            return float(a) < float(b)
    return True


@SETTINGS
@given(cases())
def test_no_single_change_improves_the_roster(case: tuple[pd.DataFrame, dict[str, Any]]) -> None:
    pool, data = case
    spec = parse_spec(data)
    problem = resolve(spec, pool)
    result = select(pool, spec, time_limit=TIME_LIMIT)
    if result.check is None:
        return
    key = result.check.objective.key()
    width = len(key)
    for roster in neighbours(problem, result.members):
        other = check_roster(problem, roster)
        if not other.ok:
            continue
        other_key = other.objective.key()[:width]
        assert at_least_as_good(key[:width], other_key), (roster, other_key, key)


@SETTINGS
@given(cases(), st.integers(0, 2**31 - 1))
def test_same_seed_same_roster(case: tuple[pd.DataFrame, dict[str, Any]], seed: int) -> None:
    pool, data = case
    spec = parse_spec(data)
    first = select(pool, spec, seed=seed, time_limit=TIME_LIMIT)
    second = select(pool, spec, seed=seed, time_limit=TIME_LIMIT)
    assert first.status == second.status
    assert first.members == second.members
    if first.check is not None and second.check is not None:
        assert first.check.objective.key() == second.check.objective.key()


def test_balance_key_is_seats_out_of_place() -> None:
    # a hand-checked instance of the objective the properties rely on
    pool = build_pool({"g": ["a", "a", "a", "b"], "h": ["x", "y", "x", "y"]})
    spec = parse_spec(
        {
            "size": {"exact": 3},
            "balance": {"g": {"target": "equal"}, "h": {"target": "equal", "weight": 2}},
        }
    )
    problem = resolve(spec, pool)
    check = check_roster(problem, ["P00", "P01", "P02"])
    g, h = check.balance
    assert g.deviation == Fraction(3, 2)  # 3 a / 0 b against 1.5 / 1.5
    assert h.deviation == Fraction(1, 2)  # 2 x / 1 y
    assert check.objective.key() == (Fraction(3, 2), Fraction(3, 2) + 2 * Fraction(1, 2))
