"""Same inputs and seed, same output: whatever the process's hash seed, for any 64-bit seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from helpers import ROOT

SEED = str(2**63 + 12345)  # beyond CP-SAT's 32-bit seed: folded, still deterministic


def _strip_times(value: Any) -> Any:
    """Everything but the wall-clock fields, which differ by nature."""
    if isinstance(value, dict):
        return {k: _strip_times(v) for k, v in value.items() if k not in ("seconds",)}
    if isinstance(value, list):
        return [_strip_times(v) for v in value]
    return value


def _run(hash_seed: str, *args: str) -> Any:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    done = subprocess.run(
        [sys.executable, "-m", "wgigbalance.cli", *args, "--format", "json", "--seed", SEED],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return _strip_times(json.loads(done.stdout))


@pytest.mark.parametrize(
    "args",
    [
        ("select",),
        ("select", "--constraints", "constraints/igf_mag.toml"),
        ("alternatives", "-k", "2"),
    ],
)
def test_same_output_whatever_the_hash_seed(args: tuple[str, ...]) -> None:
    first = _run("0", *args)
    assert first == _run("4242", *args)
    assert first == _run("random", *args)
