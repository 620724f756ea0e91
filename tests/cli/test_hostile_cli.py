"""Hostile input and output through the command line (issue 11): a closed pipe, and the
defects the fuzzing found, each ending in one line and the right exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML

import wgigbalance
from wgigbalance import InputError
from wgigbalance.cli import ExitCode

Write = Callable[[str, str], Path]
EVERYONE = ", ".join(f'"P{i:02d}"' for i in range(16))


def run(args: list[str], cwd: Path, stdout: int | None = subprocess.PIPE) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "wgigbalance.cli", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
def test_a_closed_pipe_ends_quietly_with_141_not_no_roster(
    write_file: Write, tmp_path: Path, fmt: str
) -> None:
    """`select | head`: the reader is gone before anything is written."""
    pool, spec = write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", SMALL_SPEC_TOML)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        code, err = run(
            ["select", "--candidates", str(pool), "--constraints", str(spec), "--format", fmt],
            tmp_path,
            stdout=write_end,
        )
    finally:
        os.close(write_end)
    assert code == ExitCode.CLOSED_PIPE == 141
    assert err == ""


def test_a_closed_pipe_still_leaves_the_out_file(write_file: Write, tmp_path: Path) -> None:
    pool, spec = write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", SMALL_SPEC_TOML)
    read_end, write_end = os.pipe()
    os.close(read_end)
    out = tmp_path / "roster.csv"
    try:
        code, _ = run(
            ["select", "--candidates", str(pool), "--constraints", str(spec), "--out", str(out)],
            tmp_path,
            stdout=write_end,
        )
    finally:
        os.close(write_end)
    assert code == 141 and out.exists()


def test_a_trailing_comma_export_selects_with_a_warning(write_file: Write, tmp_path: Path) -> None:
    rows = SMALL_POOL_CSV.splitlines()
    pool = write_file("c.csv", rows[0] + "\n" + "".join(r + ",\n" for r in rows[1:]))
    spec = write_file("s.toml", SMALL_SPEC_TOML)
    code, err = run(
        ["select", "--candidates", str(pool), "--constraints", str(spec), "--format", "json"],
        tmp_path,
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("spec_text", "said"),
    [
        (SMALL_SPEC_TOML.replace("max = 1\n", "max = 9223372036854775808\n"), "cap[1].max"),
        (SMALL_SPEC_TOML.replace("max = 8", "max = " + "9" * 5000), "far too long"),
        ("x = " + "[" * 500 + "]" * 500 + "\n", "nested too deeply"),
        (SMALL_SPEC_TOML + f"[people]\nexclude = [{EVERYONE}]\n", "people.exclude"),
        (SMALL_SPEC_TOML.replace("min = 5", "min = true"), "size.min"),
    ],
    ids=["2^63", "5000-digits", "deep", "exclude-everyone", "bool-min"],
)  # fmt: skip
def test_what_used_to_crash_is_refused_in_one_line(
    write_file: Write, tmp_path: Path, spec_text: str, said: str
) -> None:
    pool, spec = write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", spec_text)
    out = tmp_path / "out.csv"
    code, err = run(
        ["select", "--candidates", str(pool), "--constraints", str(spec), "--out", str(out)],
        tmp_path,
    )
    assert code == ExitCode.BAD_INPUT, err
    assert len(err.strip().splitlines()) == 1 and said in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["select", "--size", "99999999999999999999"], "--size"),
        (["lottery", "--size", "5", "--panels", "99999999999999999999"], "--panels"),
    ],
)
def test_huge_numeric_options_are_usage_errors(
    write_file: Write, tmp_path: Path, args: list[str], said: str
) -> None:
    """Both used to end in an internal error (pydantic, OR-Tools)."""
    pool, spec = write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", SMALL_SPEC_TOML)
    code, err = run([*args, "--candidates", str(pool), "--constraints", str(spec)], tmp_path)
    assert code == ExitCode.BAD_INPUT and said in err and "internal error" not in err


@pytest.mark.parametrize("size", [True, 0, 10**7, 2**63])
def test_the_api_refuses_a_group_size_out_of_range(write_file: Write, size: int) -> None:
    pool, spec = write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", SMALL_SPEC_TOML)
    with pytest.raises(InputError) as info:
        wgigbalance.select(pool, spec, size=size)
    assert info.value.code == "size_out_of_range"


def test_the_api_refuses_too_many_panels(write_file: Write) -> None:
    pool, spec = write_file("c.csv", SMALL_POOL_CSV), write_file("s.toml", SMALL_SPEC_TOML)
    with pytest.raises(InputError, match="panels"):
        wgigbalance.lottery(pool, spec, size=5, panels=10**9)


@pytest.mark.parametrize("cell", ["1e400", "-1e400", "nan", "inf"])
def test_a_sortition_quota_of_infinity_is_refused(write_file: Write, cell: str) -> None:
    pool = write_file("people.csv", "gender\nm\nw\nm\nw\n")
    categories = write_file("cat.csv", f"feature,value,min,max\ngender,m,0,{cell}\ngender,w,0,2\n")
    with pytest.raises(InputError, match="line 2, column max"):
        wgigbalance.select(pool, categories, size=2)
