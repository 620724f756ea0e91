"""Time `replace` on the shipped data: for each shipped constraint file, the best group,
then two dropouts replaced (optimised, and drawn from the fair lottery within 10 % of the
best balance; with --all-completions also over every valid completion).

    .venv/bin/python benchmarks/replace_bench.py [--repeat 3] [--all-completions] [--markdown]

Wall-clock seconds of `wgigbalance.replace` (reading the files, solving, checking), median
of the runs; the status says whether the result is proven (optimal / proven fair).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from wgigbalance import check_roster, load_problem, replace, select

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ROOT / "data" / "candidates.csv"
CONFIGS = ["wgig2004", "igf_mag", "cstd2010"]


def run(config: str, repeat: int, all_completions: bool) -> list[dict[str, object]]:
    constraints = ROOT / "constraints" / f"{config}.toml"
    group = select(CANDIDATES, constraints).members
    dropped = group[:2]
    problem, _ = load_problem(CANDIDATES, constraints)
    modes: list[tuple[str, dict[str, object]]] = [
        ("optimised", {}),
        ("drawn, within 10 %", {"draw": True, "within": 10.0}),
    ]
    if all_completions:
        modes.append(("drawn, all completions", {"draw": True, "time_limit": 60.0}))
    rows = []
    for label, options in modes:
        times = []
        for _ in range(repeat):
            started = time.monotonic()
            result = replace(group, dropped, CANDIDATES, constraints, **options)  # type: ignore[arg-type]
            times.append(time.monotonic() - started)
        assert result.has_group and check_roster(problem, result.members).ok
        rows.append(
            {
                "constraints": config,
                "size": len(group),
                "mode": label,
                "seconds": statistics.median(times),
                "status": str(result.status),
                "joined": ", ".join(result.joined),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--all-completions", action="store_true")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    rows = [r for c in CONFIGS for r in run(c, args.repeat, args.all_completions)]
    if args.markdown:
        print("| constraints | group | mode | seconds | status | joined |")
        print("|---|---:|---|---:|---|---|")
        for r in rows:
            print(
                f"| {r['constraints']} | {r['size']} | {r['mode']} | {r['seconds']:.2f} "
                f"| {r['status']} | {r['joined']} |"
            )
    else:
        for r in rows:
            print(r)


if __name__ == "__main__":
    main()
