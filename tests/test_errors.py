"""Input errors carry identities (code, file, key, line) and every problem of a file at once."""

from __future__ import annotations

import pytest

from wgigbalance import InputError, parse_spec, resolve


def test_every_spec_problem_is_reported_at_once() -> None:
    data = {
        "size": {"min": 40, "max": 30},
        "balance": {"g": {"target": "equal", "wieght": 2}, "h": {"target": {"a": 0.5, "b": 0.3}}},
        "quota": [{"where": {"g": "a"}}],
    }
    with pytest.raises(InputError) as info:
        parse_spec(data, "c.toml")
    problems = info.value.problems
    codes = sorted(p.code for p in problems)
    assert "unknown_key" in codes
    assert len(problems) == 4, info.value.message
    keys = {p.key for p in problems}
    assert keys == {"size", "balance.g.wieght", "balance.h", "quota[1]"}
    assert all(p.file == "c.toml" and p.message.startswith("c.toml: ") for p in problems)
    # one line per problem, in the message the CLI prints
    assert info.value.message.count("\n") == len(problems) - 1
    assert info.value.to_dict()["problems"][0]["code"] == problems[0].code


def test_every_problem_against_the_pool_is_reported_at_once(pool_builder) -> None:  # type: ignore[no-untyped-def]
    pool = pool_builder({"g": ["a", "b", ""], "h": ["x", "X", "y"]})
    spec = parse_spec(
        {
            "balance": {"region": {"target": "equal"}, "g": {"target": {"a": 0.5, "c": 0.5}}},
            "quota": [{"where": {"h": "z"}, "min": 1}],
            "cap": [{"column": "org", "max": 1}],
            "people": {"include": ["P09"]},
        },
        "c.toml",
    )
    with pytest.raises(InputError) as info:
        resolve(spec, pool, "c.toml", "people.csv")
    codes = [p.code for p in info.value.problems]
    assert codes.count("unknown_column") == 2  # balance.region and cap[1].column
    assert {"unknown_id", "empty_cell", "unknown_value", "case_variants"} <= set(codes)
    empty = next(p for p in info.value.problems if p.code == "empty_cell")
    assert (empty.file, empty.line, empty.column) == ("people.csv", 4, "g")
    unknown = next(p for p in info.value.problems if p.code == "unknown_column")
    assert unknown.key == "balance.region"
