"""Fair lottery benchmark: wgigbalance against sortition-algorithms on the same pools and quotas.

    python benchmarks/sortition_bench.py --setup              # peer venv in benchmarks/out/
    python benchmarks/sortition_bench.py --run maximin        # both sides, both pools
    python benchmarks/sortition_bench.py --run all --side peer --peer-timeout 1200
    python benchmarks/sortition_bench.py --markdown           # table from the stored results

The peer (sortition-algorithms, pinned below) lives in its own virtual environment,
`benchmarks/out/peer-venv`, and is never a project dependency. Each peer run is a fresh
subprocess of that venv's python running `benchmarks/out/peer_run.py` (written by this script)
with PYTHONHASHSEED fixed; wgigbalance runs in a fresh child of the project's python
(`--wgig-child`), so a hang on either side is cut by a timeout. Both sides are timed from the
file paths to the per-person selection probabilities: imports and interpreter start-up are
not counted, reading the CSV files is.

Pools: `large` is Flanigan et al.'s example_large_200 (2,000 respondents, panel 200), read
from /work/shared (GPL data, never copied: the peer runner renames its `feature` column in
memory); `gen35` is a seeded 2,000-person pool with 5 categories and a panel of 35, written
to benchmarks/out/ in sortition-algorithms' format; `small` (example_small_20) is a smoke test.
Results accumulate in benchmarks/out/sortition_results.json.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
PEER_VENV = OUT / "peer-venv"
PEER_PYTHON = PEER_VENV / "bin" / "python"
PEER_RUNNER = OUT / "peer_run.py"
RESULTS = OUT / "sortition_results.json"
DATA = Path("/work/shared/instances/flanigan2021")
PEER_PACKAGE = "sortition-algorithms"
PEER_VERSION = "0.12.15"  # the version PyPI gave on 2026-11-24; pinned
HASH_SEED = "0"
OBJECTIVES = ("maximin", "leximin", "legacy")
MAXIMIN_SPEEDUP_TARGET = 10.0
MIN_P_TOLERANCE = 1e-4
LEXIMIN_SECONDS_TARGET = 600.0


@dataclass(frozen=True)
class Pool:
    """A pool: respondents CSV, categories CSV (quotas) and panel size."""

    name: str
    respondents: Path
    categories: Path
    k: int
    n: int


# ---------------------------------------------------------------------------------------------
# Pools


GEN_CATEGORIES: dict[str, dict[str, tuple[float, float]]] = {
    # feature -> value -> (population share: sets the quotas, pool share: draws the respondents).
    # The pool over-represents older, more educated volunteers, as real respondent pools do.
    "gender": {"female": (0.51, 0.56), "male": (0.49, 0.44)},
    "age": {
        "16-29": (0.21, 0.11),
        "30-44": (0.25, 0.21),
        "45-64": (0.33, 0.38),
        "65+": (0.21, 0.30),
    },
    "region": {
        "north": (0.25, 0.21),
        "midlands": (0.20, 0.18),
        "south_east": (0.25, 0.31),
        "south_west": (0.15, 0.18),
        "london": (0.15, 0.12),
    },
    "education": {
        "none_or_school": (0.36, 0.20),
        "vocational": (0.37, 0.34),
        "degree": (0.27, 0.46),
    },
    "urban": {"urban": (0.80, 0.74), "rural": (0.20, 0.26)},
}


def generate_pool(n: int = 2000, k: int = 35, seed: int = 2021) -> Pool:
    """Write a seeded n-person pool with 5 categories and quotas for a panel of k.

    Quotas per value: floor(0.9 t) .. ceil(1.1 t) around t = k * population share.
    Files use sortition-algorithms' format: `feature,value,min,max` and an `id` column
    equal to the row number (so ids agree with tools that number rows from 1).
    """
    OUT.mkdir(parents=True, exist_ok=True)
    respondents = OUT / f"gen{k}_{n}_seed{seed}_respondents.csv"
    categories = OUT / f"gen{k}_{n}_seed{seed}_categories.csv"
    rng = random.Random(seed)
    quota_rows: list[list[str]] = []
    for feature, values in GEN_CATEGORIES.items():
        mins = [math.floor(0.9 * k * pop) for pop, _ in values.values()]
        maxs = [math.ceil(1.1 * k * pop) for pop, _ in values.values()]
        assert sum(mins) <= k <= sum(maxs), feature
        for value, low, high in zip(values, mins, maxs, strict=True):
            quota_rows.append([feature, value, str(low), str(high)])
    rows = [
        [str(i)]
        + [
            rng.choices(list(v), weights=[s for _, s in v.values()])[0]
            for v in GEN_CATEGORIES.values()
        ]
        for i in range(1, n + 1)
    ]
    for column, (feature, values) in enumerate(GEN_CATEGORIES.items(), start=1):
        counts = {value: sum(row[column] == value for row in rows) for value in values}
        for quota in quota_rows:
            if quota[0] == feature:  # enough respondents for every minimum
                assert counts[quota[1]] >= int(quota[2]), (feature, quota[1])
    with categories.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["feature", "value", "min", "max"], *quota_rows])
    with respondents.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", *GEN_CATEGORIES], *rows])
    return Pool(f"gen{k}", respondents, categories, k, n)


def pools(names: list[str]) -> list[Pool]:
    """The pools asked for, in order."""
    found: list[Pool] = []
    for name in names:
        if name == "gen35":
            found.append(generate_pool())
        else:
            folder = {"large": "example_large_200", "small": "example_small_20"}[name]
            k = int(folder.rsplit("_", 1)[1])
            respondents = DATA / folder / "respondents.csv"
            with respondents.open(encoding="utf-8") as handle:
                n = sum(1 for _ in handle) - 1
            found.append(Pool(name, respondents, DATA / folder / "categories.csv", k, n))
    return found


# ---------------------------------------------------------------------------------------------
# The peer


PEER_RUN = '''"""Run sortition-algorithms on a categories CSV and a respondents CSV; print JSON.

Written by benchmarks/sortition_bench.py; run with the peer venv's python.
usage: peer_run.py CATEGORIES RESPONDENTS K ALGORITHM SEED [LEGACY_DRAWS]
"""

import csv
import importlib.metadata
import io
import json
import logging
import statistics
import sys
import time
from copy import deepcopy

from sortition_algorithms import CSVStringDataSource, SelectionData, Settings
from sortition_algorithms.committee_generation import (
    GUROBI_AVAILABLE,
    find_distribution_leximin,
    find_distribution_maximin,
    find_random_sample_legacy,
    standardize_distribution,
)
from sortition_algorithms.utils import override_logging_handlers, set_random_provider

ID = "id"


def csv_text(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\\n").writerows(rows)
    return buffer.getvalue()


def load(categories, respondents, k, seed):
    with open(categories, newline="", encoding="utf-8") as handle:
        cat_rows = list(csv.reader(handle))
    notes = []
    header = [h.strip().lower() for h in cat_rows[0]]
    if header[:2] == ["category", "feature"]:  # Flanigan et al.'s header: 0.12 needs "name"
        cat_rows[0][1] = "name"
        notes.append("categories: column 'feature' renamed to 'name' in memory")
    with open(respondents, newline="", encoding="utf-8") as handle:
        people_rows = list(csv.reader(handle))
    if ID not in [h.strip().lower() for h in people_rows[0]]:
        body = [[str(i), *row] for i, row in enumerate(people_rows[1:], start=1)]
        people_rows = [[ID, *people_rows[0]], *body]
        notes.append("respondents: id column added in memory (row numbers 1..n)")
    settings = Settings(
        id_column=ID, columns_to_keep=[], check_same_address=False, random_number_seed=seed
    )
    data = SelectionData(CSVStringDataSource(csv_text(cat_rows), csv_text(people_rows)))
    features, _ = data.load_features(number_to_select=k)
    people, _ = data.load_people(settings, features)
    set_random_provider(seed)
    return settings, features, people, notes


def marginals(people, committees, probabilities):
    result = dict.fromkeys(people, 0.0)
    for committee, p in zip(committees, probabilities):
        for agent in committee:
            result[agent] += p
    return result


def main():
    categories, respondents, k, algorithm, seed = sys.argv[1:6]
    draws = int(sys.argv[6]) if len(sys.argv) > 6 else 20
    k, seed = int(k), int(seed)
    handler = logging.StreamHandler(sys.stderr)  # the package logs to stdout by default
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    override_logging_handlers([handler], [handler])
    logging.getLogger("sortition_algorithms").setLevel(logging.DEBUG)  # maximin's gap per round
    started, cpu_started = time.perf_counter(), time.process_time()
    settings, features, people, notes = load(categories, respondents, k, seed)
    load_seconds = time.perf_counter() - started
    out = {
        "version": importlib.metadata.version("sortition-algorithms"),
        "algorithm": algorithm,
        "solver_backend": settings.solver_backend,
        "gurobi_available": GUROBI_AVAILABLE,
        "n": people.count,
        "k": k,
        "seed": seed,
        "notes": notes,
        "load_seconds": load_seconds,
    }
    t0 = time.perf_counter()
    if algorithm == "legacy":
        times, counts = [], dict.fromkeys(people, 0)
        for _ in range(draws):
            p, f = deepcopy(people), deepcopy(features)
            t = time.perf_counter()
            committees, _ = find_random_sample_legacy(
                p, f, k, [], max_attempts=settings.max_attempts
            )
            times.append(time.perf_counter() - t)
            for agent in committees[0]:
                counts[agent] += 1
        out.update(
            status="ok",
            draws=draws,
            seconds=load_seconds + statistics.median(times),
            seconds_per_panel_median=statistics.median(times),
            never_selected=sum(1 for c in counts.values() if c == 0),
        )
    else:
        if algorithm == "leximin" and not GUROBI_AVAILABLE:
            out.update(
                status="unavailable: gurobipy not installed; run_stratification/find_random_sample "
                "switch to maximin (report message 'gurobi_unavailable_switching')",
                seconds=None,
                min_probability=None,
            )
            print(json.dumps(out))
            return
        find = find_distribution_leximin if algorithm == "leximin" else find_distribution_maximin
        try:
            committees, probabilities, _ = find(features, people, k, [], settings.solver_backend)
        except Exception as error:  # the Gurobi size-limited licence fails here
            out.update(
                status=f"failed: {type(error).__name__}: {error}",
                seconds=load_seconds + time.perf_counter() - t0,
                min_probability=None,
            )
            print(json.dumps(out))
            return
        generated = len(committees)
        committees, probabilities = standardize_distribution(committees, probabilities)
        seconds = time.perf_counter() - t0
        probs = marginals(people, committees, probabilities)
        out.update(
            status="ok",
            seconds=load_seconds + seconds,
            cpu_seconds=time.process_time() - cpu_started,
            algorithm_seconds=seconds,
            committees_generated=generated,
            committees_in_support=len(committees),
            min_probability=min(probs.values()),
            probabilities=probs,
        )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
'''


def setup(gurobi: bool) -> None:
    """Create benchmarks/out/peer-venv and install the pinned peer (never into the project venv)."""
    OUT.mkdir(parents=True, exist_ok=True)
    if not PEER_PYTHON.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    packages = [f"{PEER_PACKAGE}=={PEER_VERSION}"] + (["gurobipy"] if gurobi else [])
    pip = [str(PEER_PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, *packages], check=True)
    shown = subprocess.run(
        [str(PEER_PYTHON), "-m", "pip", "list", "--disable-pip-version-check"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in shown.splitlines():
        if line.lower().startswith(("sortition-algorithms", "highspy", "gurobipy")):
            print(line)


def run_child(
    command: list[str], log: Path, timeout: float, env: dict[str, str] | None = None
) -> tuple[dict[str, Any], str | None]:
    """Run a child, stderr to `log`; its CPU time and the load average around it, and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    info: dict[str, Any] = {"loadavg_before": os.getloadavg()[0]}
    started = time.perf_counter()
    stdout: str | None = None
    with log.open("w", encoding="utf-8") as err:
        try:
            done = subprocess.run(
                command, stdout=subprocess.PIPE, stderr=err, text=True, env=env, timeout=timeout
            )
            if done.returncode == 0 and done.stdout.strip():
                stdout = done.stdout.strip().splitlines()[-1]
            else:
                info["status"] = f"exit {done.returncode}, see {log.name}"
        except subprocess.TimeoutExpired:
            info.update(status=f"timeout after {timeout:.0f} s", timeout=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    info.update(
        process_seconds=time.perf_counter() - started,
        process_cpu_seconds=after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        loadavg_after=os.getloadavg()[0],
    )
    return info, stdout


def run_peer(pool: Pool, objective: str, seed: int, timeout: float, draws: int) -> dict[str, Any]:
    """Run the peer on one pool in a subprocess of the peer venv; stderr goes to a log file."""
    if not PEER_PYTHON.exists():
        raise SystemExit("no peer venv: run with --setup first")
    PEER_RUNNER.write_text(PEER_RUN, encoding="utf-8")
    log = OUT / f"peer_{pool.name}_{objective}.log"
    command = [str(PEER_PYTHON), str(PEER_RUNNER), str(pool.categories), str(pool.respondents)]
    command += [str(pool.k), objective, str(seed), str(draws)]
    env = {**os.environ, "PYTHONHASHSEED": HASH_SEED}
    info, stdout = run_child(command, log, timeout, env)
    result: dict[str, Any] = {"seconds": None} if stdout is None else json.loads(stdout)
    return result | info


# ---------------------------------------------------------------------------------------------
# wgigbalance


def source_fingerprint() -> str:
    """First 12 hex digits of a SHA-256 over src/wgigbalance/*.py (as in benchmarks/run.py)."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "wgigbalance").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def wgig_child(
    respondents: str, categories: str, k: int, objective: str, seed: int, limit: float
) -> None:
    """Child-process mode: run wgigbalance.lottery once and print JSON."""
    try:
        from wgigbalance import lottery  # type: ignore[import-not-found,unused-ignore]
    except ImportError as error:
        print(json.dumps({"status": f"pending: {error}", "seconds": None}))
        return
    started, cpu_started = time.perf_counter(), time.process_time()
    result = lottery(
        respondents, categories, objective=objective, size=k, seed=seed, time_limit=limit
    )
    wall = time.perf_counter() - started
    probs = {str(key): float(value) for key, value in result.probabilities.items()}
    print(
        json.dumps(
            {
                "status": str(result.status),
                "seconds": wall,
                "cpu_seconds": time.process_time() - cpu_started,
                "reported_seconds": float(result.seconds),
                "min_probability": float(result.min_probability),
                "min_of_probabilities": min(probs.values()) if probs else None,
                "probabilities": probs,
            }
        )
    )


def run_wgig(pool: Pool, objective: str, seed: int, limit: float) -> dict[str, Any]:
    """Run wgigbalance in a fresh child of the project's python."""
    log = OUT / f"wgig_{pool.name}_{objective}.log"
    command = [
        sys.executable,
        __file__,
        "--wgig-child",
        str(pool.respondents),
        str(pool.categories),
        str(pool.k),
        objective,
        str(seed),
        str(limit),
    ]
    fingerprint = source_fingerprint()
    info, stdout = run_child(command, log, limit + 300)
    result: dict[str, Any] = {"seconds": None} if stdout is None else json.loads(stdout)
    result |= info
    result["source"] = fingerprint
    if fingerprint != source_fingerprint():
        result["warning"] = "src/wgigbalance changed during the run"
    return result


# ---------------------------------------------------------------------------------------------
# Results


def load_results() -> dict[str, dict[str, Any]]:
    """Stored results keyed 'pool|objective|side'."""
    if RESULTS.exists():
        stored: dict[str, dict[str, Any]] = json.loads(RESULTS.read_text(encoding="utf-8"))
        return stored
    return {}


def store(key: str, record: dict[str, Any]) -> None:
    """Merge one record into the results file."""
    results = load_results()
    results[key] = record
    RESULTS.write_text(json.dumps(results, indent=1), encoding="utf-8")


def reference_leximin(pool: str) -> list[float] | None:
    """Sorted LEXIMIN probabilities from the paper's reference output (large pool only)."""
    path = DATA / "reference_output" / "example_large_200_prob_allocs_data.csv"
    if pool != "large" or not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return sorted(
            float(row["selection probability"]) for row in rows if row["algorithm"] == "LexiMin"
        )


def fmt_s(value: Any) -> str:
    """Seconds, or a dash."""
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 10 else f"{value:,.1f}"


def fmt_p(value: Any) -> str:
    """A probability, or a dash."""
    return "–" if value is None else f"{value:.6f}"


def peer_cells(peer: dict[str, Any], maximin: dict[str, Any]) -> tuple[str, str, float | None]:
    """Peer seconds text, min p text and min p value for one table row."""
    status = str(peer.get("status", "not run"))
    p = peer.get("min_probability")
    if peer.get("algorithm") == "legacy":
        per_panel = peer.get("seconds_per_panel_median")
        return f"{per_panel:.2f} per panel ({peer.get('draws')} draws)", "–", None
    if status.startswith("unavailable"):
        # no Gurobi: the peer's leximin falls back to maximin, whose minimum is the same
        p = maximin.get("min_probability")
        return "falls back to maximin (no Gurobi)", f"{fmt_p(p)} (its maximin)", p
    if peer.get("timeout"):
        return f"> {status.split()[-2]} (timeout)", "–", None
    if status != "ok":
        return status, "–", None
    cpu = peer.get("cpu_seconds")
    seconds = fmt_s(peer.get("seconds")) + ("" if cpu is None else f" (CPU {fmt_s(cpu)})")
    return seconds, fmt_p(p), p


def maximin_verdict(
    pool: str, peer: dict[str, Any], wgig: dict[str, Any], ratio: float | None, diff: float | None
) -> str:
    """Target: at least 10x faster than the peer, with the same minimum probability (±1e-4)."""
    if ratio is None:
        return f"- maximin, {pool}: pending (wgigbalance: {wgig.get('status')})"
    target = f"(target ≥ {MAXIMIN_SPEEDUP_TARGET:.0f}×, |Δ min p| ≤ {MIN_P_TOLERANCE:.0e})"
    if diff is not None:
        met = ratio >= MAXIMIN_SPEEDUP_TARGET and diff <= MIN_P_TOLERANCE
        return (
            f"- maximin, {pool}: {'MET' if met else 'NOT MET'}: {ratio:,.1f}× faster, "
            f"|Δ min p| = {diff:.1e} {target}"
        )
    # the peer timed out: the speed-up is a lower bound, and its minimum is unknown; the mean
    # probability k/n bounds every lottery's minimum from above
    mean = wgig["k"] / wgig["n"]
    at_bound = abs(wgig.get("min_probability", -1.0) - mean) <= MIN_P_TOLERANCE
    return (
        f"- maximin, {pool}: speed MET (> {ratio:,.0f}× faster: the peer had not finished after "
        f"{peer['process_seconds']:,.0f} s); min p NOT COMPARED with the peer (it returned none)"
        + (
            f"; wgigbalance's {fmt_p(wgig.get('min_probability'))} equals k/n = {mean:.6f}, the "
            "largest minimum any lottery can have"
            if at_bound
            else ""
        )
        + f" {target}"
    )


def markdown() -> str:
    """The results table and a verdict per target."""
    results = load_results()
    order = {"large": 0, "gen35": 1, "small": 2, "maximin": 0, "leximin": 1, "legacy": 2}
    cells = sorted(
        {(key.split("|")[0], key.split("|")[1]) for key in results},
        key=lambda cell: (order.get(cell[0], 9), order.get(cell[1], 9)),
    )
    head = (
        "| pool | n | k | objective | peer s | peer min p | wgigbalance s | wgigbalance min p "
        "| abs difference | speed ratio (peer / wgigbalance) |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|---|---|"]
    verdicts: list[str] = []
    for pool, objective in cells:
        peer = results.get(f"{pool}|{objective}|peer", {})
        wgig = results.get(f"{pool}|{objective}|wgig", {"status": "pending"})
        n, k = peer.get("n") or wgig.get("n", "?"), peer.get("k") or wgig.get("k", "?")
        peer_s, peer_p_text, peer_p = peer_cells(peer, results.get(f"{pool}|maximin|peer", {}))
        wgig_p = wgig.get("min_probability")
        diff = abs(peer_p - wgig_p) if peer_p is not None and wgig_p is not None else None
        ratio, ratio_text = None, "–"
        if objective != "legacy" and wgig.get("seconds"):
            if peer.get("seconds"):
                ratio = peer["seconds"] / wgig["seconds"]
                ratio_text = f"{ratio:,.1f}×"
            elif peer.get("timeout"):  # a lower bound: the peer had not finished
                ratio = peer["process_seconds"] / wgig["seconds"]
                ratio_text = f"> {ratio:,.0f}×"
        if objective == "legacy":
            wgig_s = "no counterpart"
        elif wgig.get("seconds"):
            wgig_s = f"{fmt_s(wgig['seconds'])} ({wgig.get('status')})"
        else:
            wgig_s = str(wgig.get("status"))
        lines.append(
            f"| {pool} | {n:,} | {k} | {objective} | {peer_s} | {peer_p_text} | {wgig_s} "
            f"| {fmt_p(wgig_p)} | {'–' if diff is None else f'{diff:.1e}'} "
            f"| {ratio_text} |"
        )
        if objective == "maximin" and pool in ("large", "gen35"):
            verdicts.append(maximin_verdict(pool, peer, wgig, ratio, diff))
        if objective == "leximin" and pool == "large":
            seconds = wgig.get("seconds")
            if seconds is None:
                verdicts.append(f"- leximin, large: pending (wgigbalance: {wgig.get('status')})")
            else:
                ok = seconds < LEXIMIN_SECONDS_TARGET and not str(wgig.get("status")).startswith(
                    ("timeout", "time_limit", "infeasible", "error")
                )
                reference = reference_leximin(pool)
                probs = sorted(wgig.get("probabilities", {}).values())
                gap = (
                    max(abs(a - b) for a, b in zip(probs, reference, strict=True))
                    if reference and len(probs) == len(reference)
                    else None
                )
                verdicts.append(
                    f"- leximin, large: {'MET' if ok else 'NOT MET'}: {fmt_s(seconds)} s "
                    f"(target < {LEXIMIN_SECONDS_TARGET:.0f} s), status {wgig.get('status')}, "
                    f"min p {fmt_p(wgig_p)}; largest gap to the paper's sorted LEXIMIN "
                    f"probabilities: {'–' if gap is None else f'{gap:.1e}'}"
                )
    for key, record in results.items():
        if key.endswith("|peer+gurobipy"):
            verdicts.append(
                f"- peer leximin with pip gurobipy, {key.split('|')[0]}: {record.get('status')}, "
                f"{fmt_s(record.get('seconds') or record.get('process_seconds'))} s, "
                f"min p {fmt_p(record.get('min_probability'))}"
            )
    return "\n".join([*lines, "", *verdicts])


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setup", action="store_true", help="create the peer venv and install")
    parser.add_argument("--gurobi", action="store_true", help="with --setup: add gurobipy")
    parser.add_argument("--run", choices=[*OBJECTIVES, "all"])
    parser.add_argument(
        "--pools", nargs="+", default=["large", "gen35"], choices=["large", "gen35", "small"]
    )
    parser.add_argument("--side", choices=["peer", "wgig", "both"], default="both")
    parser.add_argument("--peer-timeout", type=float, default=1200.0)
    parser.add_argument("--time-limit", type=float, default=600.0, help="wgigbalance time_limit")
    parser.add_argument("--seed", type=int, default=1, help="both sides (0 = peer unseeded)")
    parser.add_argument("--legacy-draws", type=int, default=20)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--wgig-child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.wgig_child:
        resp, cats, k, objective, seed, limit = args.wgig_child
        wgig_child(resp, cats, int(k), objective, int(seed), float(limit))
        return
    if args.setup:
        setup(args.gurobi)
    if args.run:
        objectives = ["maximin", "leximin"] if args.run == "all" else [args.run]
        for pool in pools(args.pools):
            for objective in objectives:
                sides = ["peer", "wgig"] if args.side == "both" else [args.side]
                for side in sides:
                    if side == "wgig" and objective == "legacy":
                        continue
                    print(
                        f"{pool.name} (n={pool.n}, k={pool.k}) {objective} {side} ...", flush=True
                    )
                    if side == "peer":
                        record = run_peer(
                            pool, objective, args.seed, args.peer_timeout, args.legacy_draws
                        )
                    else:
                        record = run_wgig(pool, objective, args.seed, args.time_limit)
                    record.update(
                        n=pool.n,
                        k=pool.k,
                        respondents=str(pool.respondents),
                        categories=str(pool.categories),
                        seed=args.seed,
                    )
                    if side == "peer" and objective == "leximin" and record.get("gurobi_available"):
                        side = "peer+gurobipy"  # kept apart from the default (no Gurobi) run
                    store(f"{pool.name}|{objective}|{side}", record)
                    print(
                        f"  {record.get('status')}: {fmt_s(record.get('seconds'))} s, "
                        f"min p {fmt_p(record.get('min_probability'))}",
                        flush=True,
                    )
    if args.markdown:
        print(markdown())


if __name__ == "__main__":
    main()
