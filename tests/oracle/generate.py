"""Seeded random instances covering every rule kind of the README.

`instance(seed, tiny=True)` gives a pool of 6-12 candidates (brute-forceable);
`instance(seed, tiny=False)` a pool of 30-300 for the MILP oracle. Awkward shares ("3/7",
"0.123", "1/11"), proportional targets, weights from 0.001 to 1000, several priorities,
quotas with lists and multi-column for_each, caps over a column with blanks, people rules and
decimal merit are all mixed in; some instances have no valid roster at all.
"""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

import pandas as pd

AWKWARD = ["3/7", "0.123", "1/11", "2/13", "17%", "0.2", "1/3", "5/17", "12.5%", 0.05]
WEIGHTS = [0.001, 0.004, 0.05, 0.37, 1, 1, 1, 2, 3.5, 12, 250, 1000]
NAMES = ["a", "b", "c", "d", "e", "f"]


def make_pool(
    rng: random.Random, n: int, columns: int, prefix: str = "Q"
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """n candidates with `columns` categorical columns (every value present at least once),
    an `org` column with blank cells, and a decimal merit column `m`."""
    data: dict[str, list[str]] = {"id": [f"{prefix}{i:03d}" for i in range(n)]}
    values: dict[str, list[str]] = {}
    for c in range(columns):
        k = rng.randint(2, min(5, n))
        names = [f"{NAMES[j]}{c}" if rng.random() < 0.8 else f"{NAMES[j]} {c}" for j in range(k)]
        probs = [rng.random() + 0.1 for _ in names]
        cells = names + rng.choices(names, weights=probs, k=n - k)
        rng.shuffle(cells)
        data[f"c{c}"] = cells
        values[f"c{c}"] = sorted(names)
    orgs = max(2, n // 3)
    data["org"] = ["" if rng.random() < 0.2 else f"o{rng.randrange(orgs)}" for _ in range(n)]
    digits = rng.choice([1, 2, 3])
    data["m"] = [str(round(rng.uniform(-5, 100), digits)) for _ in range(n)]
    return pd.DataFrame(data), values


def shares(rng: random.Random, values: list[str]) -> dict[str, Any]:
    """A target shares table in one of the spellings the README allows."""
    style = rng.choice(["ints", "awkward", "awkward", "decimal", "percent", "partial"])
    if style == "awkward":
        named = rng.sample(values, k=len(values) if rng.random() < 0.7 else max(2, len(values) - 1))
        out: dict[str, Any] = {}
        total = Fraction(0)
        for v in named[:-1]:
            s = rng.choice(AWKWARD)
            f = Fraction(str(s)[:-1]) / 100 if str(s).endswith("%") else Fraction(str(s))
            if total + f >= 1:
                break
            out[v] = s
            total += f
        rest = [v for v in named if v not in out]
        out[rest[0]] = str(1 - total)
        return out
    if style == "decimal":
        cuts = sorted(rng.sample(range(1, 1000), len(values) - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 1000], strict=True)]
        return {v: p / 1000 for v, p in zip(values, parts, strict=True)}
    if style == "percent":
        cuts = sorted(rng.sample(range(1, 200), len(values) - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 200], strict=True)]
        return {v: f"{p / 2:g}%" for v, p in zip(values, parts, strict=True)}
    if style == "partial":
        named = rng.sample(values, k=max(1, len(values) - 1))
        ws = [rng.randint(1, 9) for _ in named]
        return {v: f"{w}/{sum(ws)}" for v, w in zip(named, ws, strict=True)}
    ws = [rng.randint(1, 9) for _ in values]
    return {v: f"{w}/{sum(ws)}" for v, w in zip(values, ws, strict=True)}


def _bounds(rng: random.Random, size: int, k: int) -> dict[str, Any]:
    """A random seat bound for one group in a group of about `size` split `k` ways."""
    fair = max(1, size // max(k, 1))
    kind = rng.choice(["min", "max", "min_share", "max_share", "both", "shares"])
    if kind == "min":
        return {"min": rng.randint(0, fair)}
    if kind == "max":
        return {"max": rng.randint(fair, fair * 2)}
    if kind == "min_share":
        return {"min_share": rng.choice(["10%", "1/7", 0.15, "1/5", "0.123"][: max(1, 5 - k)])}
    if kind == "max_share":
        return {"max_share": rng.choice(["60%", "3/7", 0.5, "2/3", "1/11"])}
    if kind == "both":
        lo = rng.randint(0, fair)
        return {"min": lo, "max": lo + rng.randint(0, fair)}
    return {"min_share": "1/11", "max_share": rng.choice(["3/7", "1/2"])}


def instance(seed: int, tiny: bool = True) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One seeded (pool, spec dict) pair; the spec is what one would write as TOML."""
    rng = random.Random(seed * 7919 + (1 if tiny else 2))
    n = rng.randint(6, 12) if tiny else rng.choice([30, 45, 60, 90, 120, 200, 300])
    ncols = rng.randint(2, 3) if tiny else rng.randint(2, 5)
    pool, values = make_pool(rng, n, ncols, prefix="T" if tiny else "M")
    ids = pool["id"].tolist()
    cols = list(values)

    spec: dict[str, Any] = {"balance": {}}
    if tiny:
        lo = rng.randint(2, min(5, n - 1))
        hi = lo + rng.randint(0, 3)
    else:
        lo = rng.randint(5, min(40, n // 2))
        hi = lo + rng.choice([0, 0, 2, 5, 10])
    r = rng.random()
    if r < 0.3:
        spec["size"] = {"exact": lo}
    elif r < 0.38:
        spec["size"] = {"max": lo}  # min defaults to min(30, max)
    elif r < 0.5 and tiny:
        spec["size"] = {"min": max(lo, n - 3)}  # max defaults to 40: up to the pool
    else:
        spec["size"] = {"min": lo, "max": hi}
    size = lo

    for c in cols:
        vals = values[c]
        t = rng.random()
        dim: dict[str, Any]
        if t < 0.25:
            dim = {"target": "equal"}
        elif t < 0.35:
            dim = {"target": "equal", "values": rng.sample(vals, k=rng.randint(1, len(vals)))}
        elif t < 0.55:
            dim = {"target": "proportional"}
        elif t < 0.9:
            dim = {"target": shares(rng, vals)}
        else:
            dim = {"target": "none"}
        if rng.random() < 0.5:
            dim["weight"] = rng.choice(WEIGHTS)
        if rng.random() < 0.35:
            dim["priority"] = rng.choice([1, 2, 3])
        if rng.random() < 0.2:
            dim["each"] = _bounds(rng, size, len(vals))
        if rng.random() < 0.3:
            dim["seats"] = {rng.choice(vals): _bounds(rng, size, len(vals))}
        spec["balance"][c] = dim

    quotas = []
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        where: dict[str, Any] = {}
        for c in rng.sample(cols, k=rng.randint(0, min(2, len(cols)))):
            vals = values[c]
            where[c] = rng.choice(vals) if rng.random() < 0.6 else rng.sample(vals, k=2)
        quota: dict[str, Any] = {"where": where}
        f = rng.random()
        if f < 0.35:
            quota["for_each"] = rng.choice(cols)
        elif f < 0.5 and len(cols) >= 2:
            quota["for_each"] = rng.sample(cols, k=2)
        q = rng.random()
        if q < 0.4:
            few = tiny or "for_each" in quota
            quota["min"] = rng.randint(1, 1 if few else max(2, size // 6))
        elif q < 0.6:
            quota["max"] = rng.randint(0, 2 if tiny else size // 3)
        elif q < 0.8:
            quota["min_share"] = rng.choice(["1/11", "0.123", "1/5"] if tiny else ["1/11", "0.05"])
        else:
            quota["max_share"] = rng.choice(["3/7", "1/2", "40%"])
        if rng.random() < 0.2:
            quota["name"] = "a named quota"
        quotas.append(quota)
    if quotas:
        spec["quota"] = quotas

    caps = []
    if rng.random() < 0.45:
        caps.append({"column": "org", "max": rng.randint(1, 2)})
    if rng.random() < 0.2:
        c = rng.choice(cols)
        cap: dict[str, Any] = {"column": c, "max": rng.randint(1, 3 if tiny else size // 2)}
        if rng.random() < 0.5:
            other = rng.choice(cols)
            cap["where"] = {other: rng.choice(values[other])}
        caps.append(cap)
    if caps:
        spec["cap"] = caps

    people: dict[str, Any] = {}
    shuffled = rng.sample(ids, k=len(ids))
    if rng.random() < 0.3:
        people["include"] = shuffled[: rng.randint(1, 2)]
    if rng.random() < 0.3:
        people["exclude"] = shuffled[2 : 2 + rng.randint(1, 2)]
    if rng.random() < 0.3:
        included = set(people.get("include", []))
        pairs = []
        for _ in range(rng.randint(1, 2)):
            a, b = rng.sample(ids, 2)
            if not {a, b} <= included:
                pairs.append([a, b])
        if pairs:
            people["not_together"] = pairs
    if people:
        spec["people"] = people
    if rng.random() < 0.6:
        spec["merit"] = {"column": "m"}
    return pool, spec
