"""Time `wgigbalance explain` on a generated 10,000-candidate pool (target: under 5 s).

Three constraint sets: the shipped impossible example, an impossible set whose conflict
involves caps per country (many small groups), and the feasible wgig2004 file (binding
bounds). Pools come from `benchmarks/run.py`'s generator (same seed, same file).

    python benchmarks/explain_bench.py [--size 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import pool_path

from wgigbalance import explain

ROOT = Path(__file__).resolve().parents[1]
CAP_CONFLICT = """
name = "caps in conflict: one member per country, but 200 seats (193 UN members)"
[size]
exact = 200
[balance.region]
target = "equal"
[[quota]]
where = { stakeholder = "government" }
min = 100
[[cap]]
column = "country"
max = 1
[[cap]]
column = "organisation"
max = 1
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pool = pool_path(args.size, 2004)
    cap_file = ROOT / "benchmarks" / "out" / "cap_conflict.toml"
    cap_file.write_text(CAP_CONFLICT, encoding="utf-8")
    cases = {
        "impossible example": ROOT / "constraints" / "examples" / "impossible.toml",
        "cap conflict": cap_file,
        "wgig2004 (feasible)": ROOT / "constraints" / "wgig2004.toml",
    }
    print(f"| constraints | pool | feasible | conflicts | repair seats | explain (median of "
          f"{args.repeat}) |")
    print("|---|---|---|---|---|---|")
    for name, path in cases.items():
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = explain(pool, path)
            times.append(time.perf_counter() - t0)
        seats = sum(r.seats for r in result.repair)
        print(f"| {name} | {args.size:,} | {result.feasible} | {len(result.conflicts)} | "
              f"{seats if not result.feasible else '–'} | {statistics.median(times):.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
