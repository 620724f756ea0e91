"""The resolved problem is immutable, and its variants never share derived data."""

from __future__ import annotations

import dataclasses
from dataclasses import replace

import pytest

from wgigbalance import parse_spec, resolve


def _problem(pool_builder):  # type: ignore[no-untyped-def]
    pool = pool_builder({"g": ["a", "a", "b", "b", "b"]})
    spec = parse_spec(
        {"size": {"exact": 2}, "balance": {"g": {"target": "equal", "each": {"max": 1}}}}
    )
    return resolve(spec, pool)


def test_problem_is_frozen(pool_builder) -> None:  # type: ignore[no-untyped-def]
    problem = _problem(pool_builder)
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.size_min = 3
    with pytest.raises(ValueError):
        problem.available[0] = False  # derived arrays are read-only too


def test_variants_compute_their_own_derived_data(pool_builder) -> None:  # type: ignore[no-untyped-def]
    problem = _problem(pool_builder)
    assert problem.group_sizes.tolist() == [2, 3]  # computed (and cached) on the original
    p02 = problem.ids.index("P02")
    narrowed = [replace(b, rows=b.rows[b.rows != p02]) for b in problem.bounds]
    variant = problem.with_bounds(narrowed)
    assert variant.group_sizes.tolist() == [2, 2]  # not the original's cached sizes
    assert problem.group_sizes.tolist() == [2, 3]
    assert problem.with_size(1, 4).size_max == 4 and problem.size_max == 2
    assert problem.pick_order(7).tolist() == variant.pick_order(7).tolist()


def test_merit_with_too_many_decimals_is_a_warning_in_the_result(pool_builder) -> None:  # type: ignore[no-untyped-def]
    from wgigbalance import select

    pool = pool_builder({"g": ["a", "b", "a", "b"], "m": ["0.1234567", "2", "3", "1.5"]})
    spec = parse_spec(
        {"size": {"exact": 2}, "balance": {"g": {"target": "equal"}}, "merit": {"column": "m"}}
    )
    result = select(pool, spec)
    assert [w.code for w in result.warnings] == ["merit_rounded"]
    assert result.to_dict()["warnings"][0]["code"] == "merit_rounded"
    exact = select(pool.assign(m=["0.5", "2", "3", "1.5"]), spec)
    assert exact.warnings == [] and exact.to_dict()["warnings"] == []
