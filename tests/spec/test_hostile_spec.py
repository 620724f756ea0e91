"""Hostile constraint files (issue 11): strict types, sane ranges, and TOML that would crash
the reader, each refused in one line naming the key and the allowed range."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML

from wgigbalance import InputError, load_problem, parse_spec, select
from wgigbalance.spec import load_spec

SRC = "c.toml"


def refused(data: dict[str, object]) -> str:
    with pytest.raises(InputError) as info:
        parse_spec(data, SRC)
    message = str(info.value)
    assert "\n" not in message, message
    return message


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"size": {"min": True}}, "size.min"),
        ({"size": {"exact": "30"}}, "size.exact"),
        ({"size": {"max": 30.0}}, "size.max"),
        ({"balance": {"g": {"weight": True}}}, "balance.g.weight"),
        ({"balance": {"g": {"weight": "2"}}}, "balance.g.weight"),
        ({"balance": {"g": {"priority": "1"}}}, "balance.g.priority"),
        ({"balance": {"g": {"priority": True}}}, "balance.g.priority"),
        ({"balance": {"g": {"each": {"min": "3"}}}}, "balance.g.each.min"),
        ({"cap": [{"column": "c", "max": False}]}, "cap[1].max"),
        ({"quota": [{"where": {"g": "a"}, "min": "1"}]}, "quota[1].min"),
    ],
)
def test_numbers_and_booleans_are_never_coerced(data: dict[str, object], key: str) -> None:
    assert f"{SRC}: {key}:" in refused(data)


def test_whole_numbers_still_count_as_weights() -> None:
    assert parse_spec({"balance": {"g": {"weight": 2}}}).balance["g"].weight == 2.0


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"size": {"max": 2**63}}, "size.max"),
        ({"size": {"max": 10**9}}, "size.max"),
        ({"size": {"exact": 10**5000}}, "size.exact"),
        ({"cap": [{"column": "c", "max": 2**64 + 1}]}, "cap[1].max"),
        ({"quota": [{"where": {"g": "a"}, "max": 2**63}]}, "quota[1].max"),
        ({"balance": {"g": {"seats": {"a": {"min": 2**63}}}}}, "balance.g.seats.a.min"),
        ({"balance": {"g": {"priority": 2**63}}}, "balance.g.priority"),
        ({"renewal": {"rotate_out": {"min": 2**63}}}, "renewal.rotate_out.min"),
        ({"renewal": {"keep_at_least": 2**63}}, "renewal.keep_at_least"),
        ({"renewal": {"max_consecutive_terms": 2**63}}, "renewal.max_consecutive_terms"),
        (
            {"renewal": {"underrepresented": {"column": "c", "min": 2**63}}},
            "renewal.underrepresented.min",
        ),
    ],
)
def test_huge_integers_are_refused_with_the_allowed_range(
    data: dict[str, object], key: str
) -> None:
    message = refused(data)
    assert f"{SRC}: {key}:" in message
    assert "less than or equal to" in message
    assert len(message) < 300  # a 5,000-digit number is never printed whole


def test_toml_nested_500_deep_is_refused(write_file: Callable[[str, str], Path]) -> None:
    path = write_file("deep.toml", "x = " + "[" * 500 + "]" * 500 + "\n")
    with pytest.raises(InputError, match="nested too deeply") as info:
        load_spec(path)
    assert info.value.code == "toml_too_deep"


def test_a_5000_digit_integer_in_toml_is_refused(write_file: Callable[[str, str], Path]) -> None:
    path = write_file("long.toml", "[size]\nmax = " + "9" * 5000 + "\n")
    with pytest.raises(InputError, match="far too long"):
        load_spec(path)


def test_a_huge_constraint_file_is_refused_unread(write_file: Callable[[str, str], Path]) -> None:
    path = write_file("huge.toml", "# " + "x" * 2_000_000 + "\n")
    with pytest.raises(InputError, match="too large") as info:
        load_spec(path)
    assert info.value.code == "file_too_large"


def test_excluding_everyone_is_refused_naming_the_key(
    write_file: Callable[[str, str], Path],
) -> None:
    everyone = ", ".join(f'"P{i:02d}"' for i in range(16))
    spec = write_file("s.toml", SMALL_SPEC_TOML + f"[people]\nexclude = [{everyone}]\n")
    pool = write_file("c.csv", SMALL_POOL_CSV)
    with pytest.raises(InputError) as info:
        load_problem(pool, spec)
    assert info.value.code == "everyone_excluded"
    assert info.value.problems[0].key == "people.exclude"


def test_a_size_maximum_far_above_the_pool_solves_at_once(
    write_file: Callable[[str, str], Path],
) -> None:
    """The model used to loop once per possible size (a million here) before solving."""
    spec = write_file("s.toml", SMALL_SPEC_TOML.replace("max = 8", "max = 1000000"))
    pool = write_file("c.csv", SMALL_POOL_CSV)
    problem, _ = load_problem(pool, spec)
    assert problem.size_max == 16
    result = select(pool, spec, time_limit=20)
    assert result.members
