"""Ctrl-C for real: the command line in a subprocess, SIGINT while it solves.

Every command must stop within about a second, keep and print what it found (marked
interrupted), write no files, and exit 130 -- never the C++ runtime's "terminate called"
(exit 134), which Ctrl-C used to cause in `tradeoffs`.
"""

from __future__ import annotations

import csv
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import ROOT

from wgigbalance.settings import Status

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _import_seconds() -> float:
    """How long the command line takes to start here and load the library and the render
    layer (the command line imports them lazily; the signal must come after they are in)."""
    started = time.monotonic()
    code = "import wgigbalance.cli, wgigbalance.api, wgigbalance.render.live"
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.monotonic() - started


@pytest.fixture(scope="module")
def delay() -> float:
    return max(1.5, _import_seconds() + 1.0)


@pytest.fixture(scope="module")
def hard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """3,000 generated candidates, six balanced dimensions and one per country: CP-SAT
    needs far more than a few seconds to prove anything."""
    folder = tmp_path_factory.mktemp("hard")
    rng = random.Random(5)
    dims = {"a": 7, "b": 6, "c": 5, "d": 4, "e": 3, "f": 7}
    with open(folder / "pool.csv", "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", *dims, "country", "score"])
        for i in range(3000):
            values = [f"{k}{min(int(rng.expovariate(0.6)), v - 1)}" for k, v in dims.items()]
            out.writerow([f"X{i:05d}", *values, f"K{rng.randrange(150)}", rng.randrange(1000)])
    spec = "[size]\nmin = 31\nmax = 47\n"
    spec += "".join(f'[balance.{k}]\ntarget = "equal"\n' for k in dims)
    spec += '[[cap]]\ncolumn = "country"\nmax = 1\n[merit]\ncolumn = "score"\n'
    (folder / "spec.toml").write_text(spec)
    return {"pool": folder / "pool.csv", "spec": folder / "spec.toml"}


def interrupt(args: list[str], delay: float, cwd: Path) -> tuple[int, str, str, float]:
    """Run `python -m wgigbalance.cli ARGS`, send SIGINT after `delay` s; (code, out, err,
    seconds from the signal to the exit)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "wgigbalance.cli", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    chunks: dict[str, str] = {}

    def drain(name: str, stream: object) -> None:
        chunks[name] = stream.read()  # type: ignore[attr-defined]

    readers = [
        threading.Thread(target=drain, args=("out", proc.stdout)),
        threading.Thread(target=drain, args=("err", proc.stderr)),
    ]
    for reader in readers:
        reader.start()
    time.sleep(delay)
    assert proc.poll() is None, f"finished before the signal: {args}"
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    stopped = time.monotonic() - sent
    for reader in readers:
        reader.join()
    return code, chunks.get("out", ""), chunks.get("err", ""), stopped


def assert_interrupted(code: int, out: str, err: str, stopped: float) -> None:
    assert "terminate called" not in err
    assert "Traceback" not in err
    assert code == 130, (code, err[-2000:])
    assert stopped < 2.5, f"took {stopped:.2f} s to stop"
    assert "interrupted" in (out + err).lower()


def test_select(hard: dict[str, Path], delay: float, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    code, out, err, stopped = interrupt(
        ["select", "--candidates", str(hard["pool"]), "--constraints", str(hard["spec"]),
         "--time-limit", "120", "--out", str(roster)],
        delay, ROOT,
    )  # fmt: skip
    assert_interrupted(code, out, err, stopped)
    assert not roster.exists() and list(tmp_path.iterdir()) == []  # no partial files
    if "members" in out:  # the best roster so far, marked as not proven
        assert "not proven optimal" in " ".join(out.split())


def test_select_json_keeps_the_best_roster(hard: dict[str, Path], delay: float) -> None:
    import json

    code, out, err, stopped = interrupt(
        ["select", "--candidates", str(hard["pool"]), "--constraints", str(hard["spec"]),
         "--time-limit", "120", "--format", "json"],
        delay + 1.0, ROOT,
    )  # fmt: skip
    assert "terminate called" not in err and code == 130, err
    assert stopped < 2.5
    report = json.loads(out)
    assert report["status"] == Status.INTERRUPTED


@pytest.mark.parametrize(
    "mode",
    [[], ["--size"], ["--between", "a", "b"], ["--merit"]],
    ids=["prices", "size", "between", "merit"],
)
def test_tradeoffs(mode: list[str], hard: dict[str, Path], delay: float, tmp_path: Path) -> None:
    """Prices (~17 s), --size (~8 s) and --merit (~40 s) on the shipped data; --between on
    the generated pool (the shipped frontier is drawn in about a second)."""
    args = ["tradeoffs", *mode, "--time-limit", "120", "--out-dir", str(tmp_path / "points")]
    if "--between" in mode:
        args += ["--candidates", str(hard["pool"]), "--constraints", str(hard["spec"])]
    code, out, err, stopped = interrupt(args, delay, ROOT)
    assert_interrupted(code, out, err, stopped)
    assert "Best roster" in out or "before any result" in err  # what was found is printed
    assert not (tmp_path / "points").exists()


def test_alternatives(delay: float, tmp_path: Path) -> None:
    code, out, err, stopped = interrupt(
        ["alternatives", "-k", "40", "--min-difference", "2", "--time-limit", "120",
         "--out-dir", str(tmp_path / "alts")],
        delay + 0.5, ROOT,
    )  # fmt: skip
    assert_interrupted(code, out, err, stopped)
    assert "interrupted (Ctrl-C) after" in " ".join(out.split())
    assert not (tmp_path / "alts").exists()


def test_lottery(delay: float, tmp_path: Path) -> None:
    """Leximin on the shipped data takes minutes; it used to exit printing nothing."""
    drawn = tmp_path / "drawn.csv"
    code, out, err, stopped = interrupt(
        ["lottery", "--time-limit", "600", "--out", str(drawn)], delay + 1.0, ROOT
    )
    assert_interrupted(code, out, err, stopped)
    text = " ".join(out.split())
    assert "INTERRUPTED (Ctrl-C)" in text and "NOT proven fair" in text
    assert "Drawn with seed" in text
    assert not drawn.exists()


def test_explain(hard: dict[str, Path], delay: float) -> None:
    code, out, err, stopped = interrupt(
        ["explain", "--candidates", str(hard["pool"]), "--constraints", str(hard["spec"]),
         "--time-limit", "120"],
        delay, ROOT,
    )  # fmt: skip
    assert_interrupted(code, out, err, stopped)
    assert "INTERRUPTED" in out
