"""Speed and scale (issue 15): every row of its table, before and after, in one run.

    python benchmarks/scale_bench.py [--before REV] [--rows ROW ...] [--markdown]
        [--highs] [--time-limit SECONDS] [--memory-limit-gb GB]

Each row is one command line run alone in a fresh process (`python -m wgigbalance.cli ...`
with the revision's `src/` first on the path), so that interpreter start-up and imports
count; wall time from the parent, peak resident memory from `os.wait4` (`ru_maxrss`). The
"before" revision's `src/` is exported to benchmarks/out/src-SHA by `git archive`; "after" is
the working tree. A run over `--time-limit` is stopped; a run over `--memory-limit-gb`
(address space) fails instead of taking the machine down: both are reported as such.

Pools (written once to benchmarks/out/, not timed): `benchmarks/run.py`'s seeded generator
(the shipped columns, values and skews) for 100,000 candidates, then, for every size, a
seeded sample of it with organisations re-drawn so that there are about n/6 of them (the
issue's pools: every organisation capped at one seat by wgig2004.toml).

`--highs` adds the side-by-side: `select`'s lexicographic stages as plain MILPs written
directly with highspy (`benchmarks/weights_bench.py`'s `highs_solve`, in this process) on
the shipped data and on the 100,000 pool.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SHIPPED = ROOT / "data" / "candidates.csv"
WGIG = ROOT / "constraints" / "wgig2004.toml"
BEFORE = "285b775"  # main before this work (2026-12-01)
SEED = 2004


@dataclass(frozen=True)
class Row:
    name: str
    target: str  # the target: seconds, and memory where it names one
    seconds: float
    memory_gb: float | None
    args: tuple[str, ...]  # after `wgigbalance`; {pool:N} is the generated pool of N


ROWS = [
    Row("--help", "≤ 0.3 s", 0.3, None, ("--help",)),
    Row("select, shipped data, whole process", "≤ 1.0 s", 1.0, None, ("select",)),
    Row(
        "select, 100,000", "≤ 3 s, ≤ 0.5 GB", 3.0, 0.5, ("select", "--candidates", "{pool:100000}")
    ),
    Row("select, 300,000", "≤ 5 s, ≤ 1 GB", 5.0, 1.0, ("select", "--candidates", "{pool:300000}")),
    Row(
        "select, 1,000,000",
        "≤ 10 s, ≤ 3 GB",
        10.0,
        3.0,
        ("select", "--candidates", "{pool:1000000}"),
    ),
    Row("lottery leximin, shipped data", "≤ 5 s", 5.0, None, ("lottery",)),
    Row("tradeoffs prices", "≤ 3 s", 3.0, None, ("tradeoffs",)),
    Row("tradeoffs --merit", "≤ 5 s", 5.0, None, ("tradeoffs", "--merit")),
    Row("tradeoffs --size", "≤ 3 s", 3.0, None, ("tradeoffs", "--size")),
    Row("alternatives -k 10", "≤ 3 s", 3.0, None, ("alternatives", "-k", "10")),
]


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def pool(n: int) -> Path:
    """The generated pool of n candidates with about n/6 organisations (written once)."""
    import numpy as np
    import pandas as pd

    path = OUT / f"scale_pool_{n}_seed{SEED}.csv"
    if path.exists():
        return path
    run = _module("bench_run", ROOT / "benchmarks" / "run.py")
    base = pd.read_csv(run.pool_path(100_000, SEED), dtype=str, keep_default_na=False)
    rng = np.random.default_rng(SEED)
    frame = base.sample(n, replace=n > len(base), random_state=SEED).reset_index(drop=True)
    frame["id"] = [f"C{i:07d}" for i in range(n)]
    frame["organisation"] = [f"Organisation {k}" for k in rng.integers(0, max(n // 6, 1), n)]
    OUT.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return path


def export(rev: str) -> tuple[str, Path]:
    """git archive REV src into benchmarks/out/src-SHA (weights_bench.py's export)."""
    weights = _module("weights_bench", ROOT / "benchmarks" / "weights_bench.py")
    sha, src = weights.export_revision(rev)
    return str(sha), Path(src)


def _capped(memory_gb: float) -> list[str]:
    return ["prlimit", f"--as={int(memory_gb * 2**30)}"]


def measure(src: Path, args: list[str], limit: float, memory_gb: float) -> dict[str, Any]:
    """One run in a fresh process: wall seconds, peak memory, and how it ended."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")

    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(
            # prlimit caps the address space (memory errors instead of swapping). ru_maxrss
            # may include this process's own memory at the fork (up to ~70 MB with pandas
            # loaded): the figures are upper bounds.
            [*_capped(memory_gb), sys.executable, "-m", "wgigbalance.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        timer = threading.Timer(limit, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # reaped here, for its own ru_maxrss
        seconds = time.monotonic() - started
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace")
    ended = "ok"
    if seconds >= limit:
        ended = f"stopped after {limit:.0f} s"
    elif proc.returncode not in (0, 1):
        ended = (
            "out of memory"
            if "MemoryError" in text or "bad_alloc" in text
            else (f"exit {proc.returncode}")
        )
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024), "ended": ended}


def highs_side(seconds: float) -> list[dict[str, Any]]:
    """select's stages as plain HiGHS MILPs on the shipped data and the 100,000 pool."""
    import tomllib

    import pandas as pd

    weights = _module("weights_bench", ROOT / "benchmarks" / "weights_bench.py")
    spec = tomllib.loads(WGIG.read_text(encoding="utf-8"))
    out = []
    for label, path in (("shipped (360)", SHIPPED), ("100,000", pool(100_000))):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        started = time.monotonic()
        run = weights.highs_solve(frame, spec, seconds)
        out.append(
            {
                "pool": label,
                "seconds": round(time.monotonic() - started, 2),
                "status": run.status,
            }
        )
    return out


def verdict(row: Row, after: dict[str, Any]) -> str:
    if after["ended"] != "ok":
        return "no"
    fast = after["seconds"] <= row.seconds
    small = row.memory_gb is None or after["peak_mb"] <= row.memory_gb * 1024
    return "yes" if fast and small else "no"


def cell(run: dict[str, Any]) -> str:
    if run["ended"] != "ok":
        return f"{run['ended']} ({run['seconds']:.1f} s, {run['peak_mb']:,} MB)"
    return f"{run['seconds']:.2f} s, {run['peak_mb']:,} MB"


def ratio(before: dict[str, Any], after: dict[str, Any]) -> str:
    if before["ended"] != "ok" or after["ended"] != "ok":
        return "–"
    return f"{before['seconds'] / max(after['seconds'], 1e-9):.1f}x faster, " + (
        f"{before['peak_mb'] / max(after['peak_mb'], 1):.1f}x less memory"
    )


def table(results: list[dict[str, Any]], info: dict[str, str]) -> str:
    lines = [
        f"Before: `{info['before']}`; after: `{info['after']}`; {info['machine']}; "
        f"{info['date']}. Each row alone, in a fresh process.",
        "",
        "| work | target | before | after | ratio (before/after) | met |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        row = r["row"]
        lines.append(
            f"| {row['name']} | {row['target']} | {cell(r['before'])} | {cell(r['after'])} "
            f"| {ratio(r['before'], r['after'])} | {r['met']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--before", default=BEFORE, help=f"git revision (default {BEFORE})")
    parser.add_argument("--rows", nargs="+", help="row names (substring match); all by default")
    parser.add_argument("--time-limit", type=float, default=300.0, help="seconds per run (300)")
    parser.add_argument("--memory-limit-gb", type=float, default=8.0, help="per run (8)")
    parser.add_argument("--highs", action="store_true", help="also HiGHS MILP side by side")
    parser.add_argument("--markdown", action="store_true", help="print the table")
    args = parser.parse_args(argv)
    sha, before_src = export(args.before)
    rows = [r for r in ROWS if not args.rows or any(w in r.name for w in args.rows)]
    results = []
    for row in rows:
        cli = [str(pool(int(a[6:-1]))) if a.startswith("{pool:") else a for a in row.args]
        runs = {}
        for side, src in (("before", before_src), ("after", ROOT / "src")):
            runs[side] = measure(src, cli, args.time_limit, args.memory_limit_gb)
            print(f"{row.name} [{side}]: {cell(runs[side])}", file=sys.stderr, flush=True)
        results.append({"row": vars(row), **runs, "met": verdict(row, runs["after"])})
    head = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    info = {
        "before": f"{args.before} = {sha}",
        "after": f"working tree at {head}",
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "date": time.strftime("%Y-%m-%d"),
    }
    data: dict[str, Any] = {"info": info, "rows": results}
    if args.highs:
        data["highs"] = highs_side(args.time_limit)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "scale_bench.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    if args.markdown:
        print(table(results, info), end="")
        for h in data.get("highs", []):
            print(f"HiGHS MILP, {h['pool']}: {h['seconds']} s ({h['status']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
