"""Reserves on the shipped data: the optimised reserve list against the usual practice.

For each shipped constraint file: the best group (`select`), then reserve lists of R
candidates, R = 30 % and 50 % of the group (rounded up): the optimised list
(`wgigbalance.analyses.reserves.reserve_list`) and the usual practice, a random order of the
remaining pool. Every member drops out independently with probability 0.2; the same
dropouts (seeded) are replaced from each list, next in line or the best from the list
(see the module's docstring), and every resulting group is checked against every hard rule.

    .venv/bin/python benchmarks/reserves_bench.py [--runs 500] [--rate 0.2] [--markdown]

Reported per case: the share of runs in which the group still meets every hard rule, the
expected deviation (all dimensions and the worst one, weighted seats out of place), the mean
number of dropouts and of seats left empty (the list ran out).
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from wgigbalance import load_problem, select
from wgigbalance.analyses.reserves import reserves_problem

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ROOT / "data" / "candidates.csv"
CONFIGS = ["wgig2004", "igf_mag", "cstd2010"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--rate", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shares", type=float, nargs="+", default=[0.3, 0.5])
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    if args.markdown:
        print(
            "| constraints | group | R | list, rule | valid | deviation (all) "
            "| deviation (worst) | dropouts | empty seats |"
        )
        print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for config in CONFIGS:
        constraints = ROOT / "constraints" / f"{config}.toml"
        group = select(CANDIDATES, constraints).members
        problem, _ = load_problem(CANDIDATES, constraints)
        for share in args.shares:
            length = math.ceil(share * len(group))
            started = time.monotonic()
            result = reserves_problem(problem, group, length, args.rate, args.runs, args.seed)
            seconds = time.monotonic() - started
            for o in result.outcomes:
                cells = [
                    config,
                    str(len(group)),
                    str(length),
                    o.label,
                    f"{o.valid_share * 100:.1f} %",
                    f"{o.mean_total_deviation:.2f}",
                    f"{o.mean_worst_deviation:.2f}",
                    f"{o.mean_dropouts:.2f}",
                    f"{o.mean_unfilled:.2f}",
                ]
                print("| " + " | ".join(cells) + " |" if args.markdown else cells, flush=True)
            if not args.markdown:
                print(f"{config} R={length}: {seconds:.1f} s; reserve {', '.join(result.reserve)}")


if __name__ == "__main__":
    main()
