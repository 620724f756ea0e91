"""Build data/igf_mag_history.csv: a synthetic membership history of the IGF MAG example.

Three cycles (2022-2024) of 50 members from the shipped (fictitious) candidates: 2022 is
`select` under constraints/igf_mag_renewal.toml, and each later year is `renew` under it
(term limits, 9 to 20 rotating out, continuity, priority for countries absent from the
last three cycles), with the year as the seed. So that terms are staggered as in the real
body, each renewal is also told that ROTATE of the longest-serving members leave (a seeded
draw among them). Each year meets every hard rule of the file, and the history is
reproduced exactly by

    python scripts/make_igf_mag_history.py [--out data/igf_mag_history.csv]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from wgigbalance import load_spec, renew, select

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = ROOT / "data" / "candidates.csv"
CONSTRAINTS = ROOT / "constraints" / "igf_mag_renewal.toml"
FIRST, LAST = 2022, 2024
ROTATE = 16


def _terms(history: list[tuple[str, list[str]]], member: str) -> int:
    count = 0
    for _, sitting in reversed(history):
        if member not in sitting:
            break
        count += 1
    return count


def build() -> list[tuple[str, list[str]]]:
    spec = load_spec(CONSTRAINTS)
    assert spec.renewal is not None
    first = select(CANDIDATES, spec, seed=FIRST)
    assert first.check is not None and first.check.ok
    history: list[tuple[str, list[str]]] = [(str(FIRST), first.members)]
    for year in range(FIRST + 1, LAST + 1):
        for attempt in range(20):
            rng = random.Random(year * 100 + attempt)
            last = list(history[-1][1])
            rng.shuffle(last)
            last.sort(key=lambda i: -_terms(history, i))  # stable: longest-serving first
            rules = spec.renewal.model_copy(update={"leaving": sorted(last[:ROTATE])})
            result = renew(
                history, CANDIDATES, spec.model_copy(update={"renewal": rules}), seed=year
            )
            if result.has_group:
                break
        assert result.has_group, result.explanation
        history = result.history_after()
    return history


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "igf_mag_history.csv")
    args = parser.parse_args()
    rows = ["cycle,id"] + [f"{cycle},{i}" for cycle, ids in build() for i in ids]
    args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
