"""Time `renew` on the shipped IGF MAG example: renew the shipped history
(data/igf_mag_history.csv, 2022-2024) for 2025 and then 2026, and a renewal from a one-cycle
history (the best group under constraints/igf_mag_renewal.toml) for years 2 and 3.

    .venv/bin/python benchmarks/renew_bench.py [--repeat 3] [--markdown]

Wall-clock seconds of `wgigbalance.renew` (reading the files, solving, checking), median of
the runs; the status says whether the renewed group is proven optimal.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from wgigbalance import check_roster, load_problem, renew, select
from wgigbalance.io import read_history

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ROOT / "data" / "candidates.csv"
CONSTRAINTS = ROOT / "constraints" / "igf_mag_renewal.toml"


def timed(history: Any, repeat: int) -> tuple[float, Any]:
    times = []
    for _ in range(repeat):
        started = time.monotonic()
        result = renew(history, CANDIDATES, CONSTRAINTS)
        times.append(time.monotonic() - started)
    return statistics.median(times), result


def rows(repeat: int) -> list[dict[str, object]]:
    problem, _ = load_problem(CANDIDATES, CONSTRAINTS)
    first = select(CANDIDATES, CONSTRAINTS).members
    starts = [
        ("shipped history 2022-2024", read_history(ROOT / "data" / "igf_mag_history.csv")),
        ("from one selected cycle", [("1", first)]),
    ]
    out = []
    for label, history in starts:
        for _ in range(2):
            seconds, result = timed(history, repeat)
            assert result.has_group and check_roster(problem, result.members).ok
            out.append(
                {
                    "start": label,
                    "cycle": result.request.cycle,
                    "seconds": seconds,
                    "status": str(result.status),
                    "left": f"{len(result.left_by_term_limit)} + {len(result.left_by_rule)}"
                    f" + {len(result.left_by_choice)}",
                    "joined": len(result.joined),
                }
            )
            history = result.history_after()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    table = rows(args.repeat)
    if args.markdown:
        print(
            "| start | cycle | seconds | status | left (term limit + named + by choice) | joined |"
        )
        print("|---|---|---:|---|---|---:|")
        for r in table:
            print(
                f"| {r['start']} | {r['cycle']} | {r['seconds']:.2f} | {r['status']} "
                f"| {r['left']} | {r['joined']} |"
            )
    else:
        for r in table:
            print(r)


if __name__ == "__main__":
    main()
