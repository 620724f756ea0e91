"""Output files (README, "Output files"): folders created, files written whole, an existing
file never overwritten without --force (the error names it, and nothing at all is written),
and a manifest of every file a run wrote, with its size and SHA-256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import SMALL_POOL_CSV, SMALL_SPEC_TOML
from typer.testing import CliRunner, Result

from wgigbalance.cli import app
from wgigbalance.io import manifest_path, write_files

runner = CliRunner()


@pytest.fixture
def small(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "pool.csv").write_text(SMALL_POOL_CSV)
    (tmp_path / "spec.toml").write_text(SMALL_SPEC_TOML)
    return {"pool": tmp_path / "pool.csv", "spec": tmp_path / "spec.toml", "dir": tmp_path}


def run(small: dict[str, Path], *args: object) -> Result:
    inputs = ["--candidates", small["pool"], "--constraints", small["spec"]]
    return runner.invoke(app, [str(a) for a in (*args, *inputs, "--time-limit", 20)])


def manifest_matches(manifest: Path, command: str, names: list[str]) -> None:
    """The manifest lists exactly these files (relative to its folder), each with the size
    and SHA-256 of what is on disk."""
    data = json.loads(manifest.read_text())
    assert data["command"] == command and data["tool"] == "wgigbalance"
    assert [f["path"] for f in data["files"]] == names
    for entry in data["files"]:
        written = (manifest.parent / entry["path"]).read_bytes()
        assert entry["bytes"] == len(written)
        assert entry["sha256"] == hashlib.sha256(written).hexdigest()


def test_select_out_makes_folders_and_writes_a_manifest(small: dict[str, Path]) -> None:
    out = small["dir"] / "new" / "deeper" / "roster.csv"
    result = run(small, "select", "--out", out)
    assert result.exit_code == 0, result.output
    manifest = out.with_name("roster.csv.manifest.json")
    manifest_matches(manifest, "select", ["roster.csv"])


def test_an_existing_out_file_is_refused_without_force(small: dict[str, Path]) -> None:
    out = small["dir"] / "roster.csv"
    out.write_text("id\nkeep me\n")
    result = run(small, "select", "--out", out)
    assert result.exit_code == 2
    assert str(out) in result.stderr and "--force" in result.stderr
    assert out.read_text() == "id\nkeep me\n"
    assert not out.with_name("roster.csv.manifest.json").exists()
    forced = run(small, "select", "--out", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text().startswith("id,")
    manifest_matches(out.with_name("roster.csv.manifest.json"), "select", ["roster.csv"])


def test_an_existing_manifest_is_refused_too(small: dict[str, Path]) -> None:
    out = small["dir"] / "drawn.csv"
    manifest = out.with_name("drawn.csv.manifest.json")
    manifest.write_text("{}")
    result = run(small, "lottery", "--out", out)
    assert result.exit_code == 2 and str(manifest) in result.stderr
    assert not out.exists() and manifest.read_text() == "{}"


def test_out_dir_is_all_or_nothing(small: dict[str, Path]) -> None:
    """One existing roster in --out-dir: the run stops before solving, writes nothing."""
    folder = small["dir"] / "alts"
    first = run(small, "alternatives", "-k", 2, "--min-difference", 1, "--out-dir", folder)
    assert first.exit_code == 0, first.output
    manifest_matches(folder / "manifest.json", "alternatives", ["roster_1.csv", "roster_2.csv"])
    (folder / "roster_1.csv").unlink()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    again = run(small, "alternatives", "-k", 2, "--min-difference", 1, "--out-dir", folder)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    forced = run(
        small, "alternatives", "-k", 2, "--min-difference", 1, "--out-dir", folder, "--force"
    )
    assert forced.exit_code == 0, forced.output
    manifest_matches(folder / "manifest.json", "alternatives", ["roster_1.csv", "roster_2.csv"])


def test_tradeoffs_lists_points_and_plot(small: dict[str, Path]) -> None:
    folder = small["dir"] / "points"
    plot = small["dir"] / "frontier.svg"
    result = run(small, "tradeoffs", "--size", "--out-dir", folder, "--plot", plot)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.glob("point_*.csv"))
    data = json.loads((folder / "manifest.json").read_text())
    listed = [f["path"] for f in data["files"]]
    assert listed[0] == "../frontier.svg" and sorted(listed[1:]) == names and names
    manifest_matches(folder / "manifest.json", "tradeoffs", listed)
    assert plot.read_text().startswith("<svg")


def test_write_files_checks_every_target_first(tmp_path: Path) -> None:
    from wgigbalance.errors import InputError

    (tmp_path / "b.txt").write_text("old")
    files: list[tuple[Path, str | bytes]] = [
        (tmp_path / "a.txt", "new"),
        (tmp_path / "b.txt", b"x"),
    ]
    with pytest.raises(InputError, match=r"b\.txt: already exists"):
        write_files(files, manifest_path([], tmp_path), "test")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt"]
    write_files(files, manifest_path([], tmp_path), "test", force=True)
    assert (tmp_path / "a.txt").read_text() == "new" and (tmp_path / "b.txt").read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "manifest.json"]


def test_the_manifest_is_the_same_for_the_same_run(small: dict[str, Path]) -> None:
    texts = []
    for name in ("one", "two"):
        out = small["dir"] / name / "roster.csv"
        assert run(small, "select", "--out", out).exit_code == 0
        texts.append(out.with_name("roster.csv.manifest.json").read_text())
    assert texts[0] == texts[1]
