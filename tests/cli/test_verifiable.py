"""The verifiable draw (README, "Verifiable draws"): commit -> draw -> verify through the
command line, and a verify that catches a changed candidate file, a changed public value,
a changed commitment and a changed panel."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML
from typer.testing import CliRunner, Result

from wgigbalance.analyses.draw import draw_trace, normalise_public_value, read_commitment
from wgigbalance.cli import app
from wgigbalance.errors import InputError

runner = CliRunner()
VALUE = "17 3 42 / 8 1"


def run(*args: object) -> Result:
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def small(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "pool.csv").write_text(SMALL_POOL_CSV)
    (tmp_path / "spec.toml").write_text(SMALL_SPEC_TOML)
    return {
        "pool": tmp_path / "pool.csv",
        "spec": tmp_path / "spec.toml",
        "dir": tmp_path,
        "commitment": tmp_path / "commitment.json",
    }


def commit(small: dict[str, Path], *extra: object) -> Result:
    result = run(
        "commit",
        "--candidates", small["pool"], "--constraints", small["spec"],
        "--source", "the numbers drawn at the public meeting of 5 May",
        "--out", small["commitment"], "--time-limit", 30, *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def verify(small: dict[str, Path], *extra: object, value: str = VALUE) -> Result:
    return run(
        "verify", small["commitment"], "--public-value", value,
        "--candidates", small["pool"], "--constraints", small["spec"],
        "--format", "json", *extra,
    )  # fmt: skip


def checks(result: Result) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_commit_draw_verify_round_trip(small: dict[str, Path]) -> None:
    commit(small, "--panels", 4)
    path = small["commitment"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    # the hash beside it, in `sha256sum -c` form, and the manifest of both files
    assert (small["dir"] / "commitment.json.sha256").read_text() == f"{digest}  commitment.json\n"
    manifest = json.loads((small["dir"] / "commitment.json.manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == ["commitment.json", "commitment.json.sha256"]
    record = json.loads(path.read_text())
    assert record["distribution"]["total_weight"] == 4
    assert all(g["weight"] == 1 for g in record["distribution"]["groups"])
    assert (
        record["inputs"]["candidates"]["sha256"]
        == hashlib.sha256(small["pool"].read_bytes()).hexdigest()
    )

    panel = small["dir"] / "panel.csv"
    drawn = run("draw", path, "--public-value", VALUE, "--candidates", small["pool"],
                "--constraints", small["spec"], "--out", panel, "--format", "json")  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    trace = json.loads(drawn.stdout)["draw"]
    group = record["distribution"]["groups"][trace["group"] - 1]
    assert panel.read_text().splitlines()[0].startswith("id,")
    assert sorted(line.split(",")[0] for line in panel.read_text().splitlines()[1:]) == sorted(
        group["members"]
    )

    ok = verify(small, "--panel", panel, "--commitment-hash", digest)
    assert ok.exit_code == 0, ok.output
    data = checks(ok)
    assert data["match"] is True and data["mismatches"] == []
    statuses = {c["item"]: c["status"] for c in data["checks"]}
    assert statuses == {
        "commitment_hash": "match",
        "candidates": "match",
        "constraints": "match",
        "tool_version": "match",
        "distribution": "match",
        "panel": "match",
    }
    assert all(c["message"].endswith(")") and ": match (" in c["message"] for c in data["checks"])
    table = run("verify", path, "--public-value", VALUE, "--panel", panel,
                "--candidates", small["pool"], "--constraints", small["spec"])  # fmt: skip
    assert table.exit_code == 0 and "MATCH" in table.stdout


def test_verify_catches_a_changed_candidate_file(small: dict[str, Path]) -> None:
    commit(small, "--panels", 4)
    small["pool"].write_text(SMALL_POOL_CSV.replace("P03,D,", "P03,A,"))
    bad = verify(small)
    assert bad.exit_code == 1, bad.output
    data = checks(bad)
    assert data["match"] is False and data["mismatches"] == ["candidates_changed"]
    distribution = next(c for c in data["checks"] if c["item"] == "distribution")
    assert (distribution["status"], distribution["reason"]) == ("not checked", "inputs_differ")
    assert "not recomputed: the input files differ" in distribution["message"]
    changed = next(c for c in data["checks"] if c["item"] == "candidates")
    assert changed["found"]["sha256"] == hashlib.sha256(small["pool"].read_bytes()).hexdigest()
    assert changed["committed"]["sha256"] != changed["found"]["sha256"]
    table = run("verify", small["commitment"], "--public-value", VALUE,
                "--candidates", small["pool"], "--constraints", small["spec"])  # fmt: skip
    assert table.exit_code == 1 and "MISMATCH: candidate file" in table.stdout
    # and draw refuses to draw from other inputs than the committed ones
    refused = run("draw", small["commitment"], "--public-value", VALUE,
                  "--candidates", small["pool"], "--constraints", small["spec"])  # fmt: skip
    assert refused.exit_code == 2 and "is not the committed candidates file" in refused.stderr


def _other_value(record: dict[str, Any], digest: str, members: list[str]) -> str:
    """A public value that draws another group than `members` (groups may be listed twice)."""
    for n in range(1, 200):
        if sorted(draw_trace(record, digest, str(n)).members) != sorted(members):
            return str(n)
    raise AssertionError("every value draws the same group")


def test_verify_catches_a_changed_public_value(small: dict[str, Path]) -> None:
    commit(small, "--panels", 4)
    panel = small["dir"] / "panel.csv"
    drawn = run("draw", small["commitment"], "--public-value", VALUE, "--candidates",
                small["pool"], "--constraints", small["spec"], "--out", panel)  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    record, digest = read_commitment(small["commitment"])
    first = draw_trace(record, digest, VALUE)
    other = _other_value(record, digest, first.members)
    bad = verify(small, "--panel", panel, "--no-recompute", value=other)
    assert bad.exit_code == 1, bad.output
    data = checks(bad)
    assert data["mismatches"] == ["panel_differs"]
    check = next(c for c in data["checks"] if c["item"] == "panel")
    drawn_now = draw_trace(record, digest, other).group
    assert check["committed"]["group"] == drawn_now
    assert check["found"]["listed_as"] is not None and check["found"]["missing"]
    assert f", not {drawn_now} " in check["message"]
    assert "the panel file is committed group" in check["message"]
    assert next(c for c in data["checks"] if c["item"] == "distribution")["status"] == (
        "not checked"
    )


def test_verify_catches_a_changed_commitment_and_panel(small: dict[str, Path]) -> None:
    commit(small, "--panels", 4)
    digest = hashlib.sha256(small["commitment"].read_bytes()).hexdigest()
    record = json.loads(small["commitment"].read_text())
    record["public_source"]["announcement"] = "something else"
    small["commitment"].write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    hand = small["dir"] / "hand.csv"
    hand.write_text("id\nP00\nP01\nP02\nP03\nP04\n")
    bad = verify(small, "--commitment-hash", digest, "--panel", hand, "--no-recompute")
    assert bad.exit_code == 1
    assert checks(bad)["mismatches"] == ["commitment_changed", "panel_differs"]
    check = next(c for c in checks(bad)["checks"] if c["item"] == "panel")
    assert check["found"]["listed_as"] is None and "no committed group" in check["message"]


def test_a_weighted_distribution_is_committed_in_whole_numbers(small: dict[str, Path]) -> None:
    """Without --panels: every group of the distribution, its probability in billionths."""
    commit(small)
    record, _ = read_commitment(small["commitment"])
    weights = [g["weight"] for g in record["distribution"]["groups"]]
    assert all(isinstance(w, int) and w > 0 for w in weights)
    assert abs(sum(weights) - 10**9) <= len(weights)
    drawn = run("draw", small["commitment"], "--public-value", "7", "--format", "json",
                "--candidates", small["pool"], "--constraints", small["spec"])  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    ok = verify(small, value="7")
    assert ok.exit_code == 0, ok.output  # recomputed: the same distribution


def test_the_same_inputs_give_the_same_commitment(small: dict[str, Path]) -> None:
    commit(small, "--panels", 3)
    first = small["commitment"].read_bytes()
    commit(small, "--panels", 3, "--force")
    assert small["commitment"].read_bytes() == first


def test_commit_refuses_an_existing_file_and_a_blank_source(small: dict[str, Path]) -> None:
    small["commitment"].write_text("{}")
    again = run("commit", "--candidates", small["pool"], "--constraints", small["spec"],
                "--source", "x", "--out", small["commitment"])  # fmt: skip
    assert again.exit_code == 2 and "already exists" in again.stderr
    blank = run("commit", "--candidates", small["pool"], "--constraints", small["spec"],
                "--source", " ", "--out", small["dir"] / "c2.json")  # fmt: skip
    assert blank.exit_code == 2 and "--source" in blank.stderr


@pytest.mark.parametrize("value", ["", "abc", "1 2 x", "//"])
def test_a_bad_public_value_exits_2(small: dict[str, Path], value: str) -> None:
    commit(small, "--panels", 2)
    out = run("draw", small["commitment"], "--public-value", value,
              "--candidates", small["pool"], "--constraints", small["spec"])  # fmt: skip
    assert out.exit_code == 2
    assert out.stderr.startswith("error: public value") or "is empty" in out.stderr


def test_not_a_commitment_exits_2(small: dict[str, Path]) -> None:
    small["commitment"].write_text('{"format": "something"}')
    out = run("verify", small["commitment"], "--public-value", "1")
    assert out.exit_code == 2 and "not a commitment file" in out.stderr


# ---------------------------------------------------------------------------------------------
# the procedure, step by step, as the README writes it for readers who do not use Python


def test_public_values_are_normalised_after_rfc_3797() -> None:
    assert normalise_public_value("17 3 42 / 8 1") == "3.17.42./1.8./"
    assert normalise_public_value("3.17.42./1.8./") == "3.17.42./1.8./"  # idempotent
    assert normalise_public_value(" 007, 10 ") == "7.10./"
    # RFC 3797 section 6: the lottery numbers of the example
    assert normalise_public_value("9 18 26 34 41 45 / 2 5 12 8 10") == (
        "9.18.26.34.41.45./2.5.8.10.12./"
    )
    drand = "A" * 32 + "0f" * 16
    assert normalise_public_value(drand) == drand.lower()
    with pytest.raises(InputError):
        normalise_public_value("twelve")


def test_the_draw_is_sha256_then_integer_arithmetic() -> None:
    record = {
        "distribution": {
            "total_weight": 10,
            "groups": [
                {"group": 1, "weight": 3, "members": ["a"]},
                {"group": 2, "weight": 5, "members": ["b"]},
                {"group": 3, "weight": 2, "members": ["c"]},
            ],
        }
    }
    digest = "ab" * 32
    trace = draw_trace(record, digest, "5 1")
    key = digest + "/1.5./"
    seed = hashlib.sha256(key.encode("ascii")).hexdigest()
    number = int(seed, 16) % 10
    assert (trace.key, trace.seed, trace.number) == (key, seed, number)
    assert trace.group == (1 if number < 3 else 2 if number < 8 else 3)
    # every number maps to the group whose cumulative weight first exceeds it
    for n, expected in [(0, 1), (2, 1), (3, 2), (7, 2), (8, 3), (9, 3)]:
        running = [3, 8, 10]
        assert next(i + 1 for i, r in enumerate(running) if n < r) == expected


def test_lottery_panels_draws_only_a_listed_group(small: dict[str, Path]) -> None:
    from wgigbalance import api

    for seed in range(5):
        result = api.lottery(small["pool"], small["spec"], seed=seed, panels=3, time_limit=30)
        assert result.rounded is not None and result.drawn is not None
        listed = [sorted(result.problem.ids[r] for r in g) for g in result.rounded]
        assert sorted(result.drawn.members) in listed


def test_every_format_renders(small: dict[str, Path]) -> None:
    commit(small, "--panels", 2)
    base = ["--candidates", small["pool"], "--constraints", small["spec"]]
    for fmt in ("markdown", "html"):
        drawn = run("draw", small["commitment"], "--public-value", "5", *base, "--format", fmt)
        assert drawn.exit_code == 0 and "committed group" in drawn.stdout
        checked = run("verify", small["commitment"], "--public-value", "5", "--no-recompute",
                      *base, "--format", fmt)  # fmt: skip
        assert checked.exit_code == 0 and "MATCH" in checked.stdout
    shown = run("commit", *base, "--source", "x", "--out", small["dir"] / "c.json",
                "--format", "markdown")  # fmt: skip
    assert shown.exit_code == 0 and "Commitment SHA-256" in shown.stdout


def test_the_commitment_does_not_depend_on_the_hash_seed(small: dict[str, Path]) -> None:
    import os
    import sys

    texts = []
    for hash_seed in ("0", "4242"):
        out = small["dir"] / f"c{hash_seed}.json"
        subprocess.run(
            [sys.executable, "-m", "wgigbalance.cli", "commit", "--candidates", str(small["pool"]),
             "--constraints", str(small["spec"]), "--source", "x", "--out", str(out),
             "--panels", "3", "--format", "json"],
            check=True, capture_output=True, timeout=300,
            env=dict(os.environ, PYTHONHASHSEED=hash_seed),
        )  # fmt: skip
        texts.append(out.read_bytes())
    assert texts[0] == texts[1]


def test_a_people_file_without_ids_is_verified_by_its_rows(tmp_path: Path) -> None:
    """A sortition respondents file has no id column, and `draw --out` writes the panel in
    its layout: verify finds the people by their rows."""
    people = tmp_path / "people.csv"
    rows = [f"n{i},{'mf'[i % 2]},{['young', 'old'][(i // 2) % 2]}" for i in range(30)]
    people.write_text("name,gender,age\n" + "\n".join(rows) + "\n")
    categories = tmp_path / "categories.csv"
    categories.write_text(
        "feature,value,min,max\ngender,m,2,3\ngender,f,2,3\nage,young,2,3\nage,old,2,3\n"
    )
    commitment, panel = tmp_path / "c.json", tmp_path / "panel.csv"
    made = run("commit", "--candidates", people, "--constraints", categories, "--size", 5,
               "--panels", 4, "--source", "x", "--out", commitment)  # fmt: skip
    assert made.exit_code == 0, made.output
    drawn = run("draw", commitment, "--public-value", "9", "--out", panel,
                "--candidates", people, "--constraints", categories)  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    assert panel.read_text().startswith("name,gender,age\n")
    base = ["--candidates", people, "--constraints", categories, "--format", "json"]
    ok = run("verify", commitment, "--public-value", "9", "--panel", panel, *base)
    assert ok.exit_code == 0, ok.output
    assert checks(ok)["checks"][-1]["found"]["by_rows"] is True
    assert "matched by its rows" in checks(ok)["checks"][-1]["message"]
    lines = panel.read_text().splitlines()
    outsider = next(r for r in rows if r not in lines)
    panel.write_text("\n".join([*lines[:-1], outsider]) + "\n")
    bad = run("verify", commitment, "--public-value", "9", "--panel", panel, *base)
    assert bad.exit_code == 1 and checks(bad)["mismatches"] == ["panel_differs"]


@pytest.mark.skipif(
    not (shutil.which("sha256sum") and shutil.which("bc")), reason="needs sha256sum and bc"
)
def test_the_draw_can_be_redone_with_sha256sum_and_bc(small: dict[str, Path]) -> None:
    """The README's commands for readers who do not use Python give the same group."""
    commit(small, "--panels", 4)
    drawn = run("draw", small["commitment"], "--public-value", VALUE, "--format", "json",
                "--candidates", small["pool"], "--constraints", small["spec"])  # fmt: skip
    trace = json.loads(drawn.stdout)["draw"]

    def shell(command: str) -> str:
        done = subprocess.run(
            ["sh", "-c", command], cwd=small["dir"], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    digest = shell("sha256sum commitment.json").split()[0]
    assert shell("sha256sum -c commitment.json.sha256").endswith("OK")
    seed = shell(f"printf '%s' '{digest}/3.17.42./1.8./' | sha256sum").split()[0]
    number = shell(f'echo "ibase=16; s={seed.upper()}; ibase=A; s % 4" | bc')
    assert (seed, int(number), int(number) + 1) == (
        trace["seed_sha256"],
        trace["number"],
        trace["group"],
    )


def test_an_edited_distribution_is_caught_by_the_recomputation(small: dict[str, Path]) -> None:
    """Without the announced hash, the recomputed lottery still shows the edit."""
    commit(small, "--panels", 4)
    record = json.loads(small["commitment"].read_text())
    record["distribution"]["groups"][1]["members"] = ["P00", "P01", "P02", "P03", "P04"]
    small["commitment"].write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    bad = verify(small)
    assert bad.exit_code == 1
    data = checks(bad)
    assert data["mismatches"] == ["distribution_differs"]
    assert data["checks"][4]["found"]["differ"] == [2]
    assert "groups that differ: 2" in data["checks"][4]["message"]


def test_draw_never_writes_over_a_committed_input(small: dict[str, Path]) -> None:
    commit(small, "--panels", 2)
    before = small["pool"].read_bytes()
    out = run(
        "draw", small["commitment"], "--public-value", "1", "--out", small["pool"], "--force"
    )  # fmt: skip  (the inputs default to the committed paths)
    assert out.exit_code == 2 and "is an input file" in out.stderr
    assert small["pool"].read_bytes() == before
