"""Whatever the tool approximates is a warning the user sees: printed first, and in JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from wgigbalance.cli import app

runner = CliRunner()


def _files(tmp_path: Path) -> list[str]:
    pool = tmp_path / "pool.csv"
    pool.write_text("id,g,m\nA,x,0.1234567\nB,y,2\nC,x,3\nD,y,1.5\n")
    spec = tmp_path / "spec.toml"
    spec.write_text('[size]\nexact = 2\n[balance.g]\ntarget = "equal"\n[merit]\ncolumn = "m"\n')
    (tmp_path / "roster.csv").write_text("id\nA\nB\n")
    return ["--candidates", str(pool), "--constraints", str(spec)]


def test_rounded_merit_is_a_warning_everywhere(tmp_path: Path) -> None:
    args = _files(tmp_path)
    table = runner.invoke(app, ["select", *args])
    assert table.exit_code == 0, table.output
    assert table.output.lstrip().startswith("warning:") and "rounded" in table.output
    for fmt in ("markdown", "html"):
        out = runner.invoke(app, ["select", *args, "--format", fmt])
        assert "rounded to 6 decimals" in out.output
    for command in (["select"], ["check", str(tmp_path / "roster.csv")], ["explain"]):
        out = runner.invoke(app, [*command, *args, "--format", "json"])
        assert out.exit_code == 0, out.output
        codes = [w["code"] for w in json.loads(out.output)["warnings"]]
        assert codes == ["merit_rounded"], command


def test_no_warning_when_nothing_was_approximated(tmp_path: Path) -> None:
    args = _files(tmp_path)
    (tmp_path / "pool.csv").write_text("id,g,m\nA,x,0.5\nB,y,2\nC,x,3\nD,y,1.5\n")
    out = runner.invoke(app, ["select", *args, "--format", "json"])
    assert json.loads(out.output)["warnings"] == []
    assert "warning:" not in runner.invoke(app, ["select", *args]).output
