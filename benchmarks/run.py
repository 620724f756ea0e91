"""Speed benchmark for `wgigbalance select` on generated pools of 1k, 10k and 100k candidates.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--repeat 3] [--markdown]

For every pool size it times, with the wgig2004 constraints (and a variant without the
`[merit]` stage): reading and resolving the inputs (`load_problem`), building the CP-SAT
model (`build_model`), every lexicographic solver stage, the whole `select` call in the
process, and once the command line `wgigbalance select --format json` as a subprocess (so
that interpreter start-up and imports count). Each configuration runs in a fresh child
process, so its peak resident memory (`ru_maxrss` from `os.wait4`) is its own.

Pools are written to benchmarks/out/ (git-ignored); generating them is not timed.
`scripts/make_candidates.py` itself stops at about n = 10,000 (a country's 9 government
bodies hold 27 nominees at most, and the unique-name pools run dry), so the pools here are
drawn by `generate_pool`, which reuses that script's country draws, shares and organisation
lists and only replaces the two steps that cannot scale.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CONSTRAINTS = ROOT / "constraints" / "wgig2004.toml"
GENERATOR = ROOT / "scripts" / "make_candidates.py"
DEFAULT_SIZES = (1_000, 10_000, 100_000)
DEFAULT_SEED = 2004
TIME_LIMIT = 120.0  # per select call; generous so that a slow stage shows instead of a cut
SOLVE_TARGET = {10_000: 2.0}  # proven optimal within this many seconds of solve time
END_TO_END_TARGET = {100_000: 10.0}  # seconds, whole `select` including reading


# ---------------------------------------------------------------------------------------------
# Pools


def load_generator() -> ModuleType:
    """Import scripts/make_candidates.py as a module (it is not part of the package)."""
    spec = importlib.util.spec_from_file_location("make_candidates", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _government_bodies(mc: ModuleType, rng: random.Random, cands: list[Any]) -> None:
    """As make_candidates.assign_government_bodies, but a full ministry takes more people."""
    by_country: dict[str, list[Any]] = {}
    for cand in cands:
        if cand.stakeholder == mc.GOV:
            by_country.setdefault(cand.country.iso3, []).append(cand)
    for iso3 in sorted(by_country):
        members: dict[str, int] = {}
        for cand in by_country[iso3]:
            open_bodies = sorted(b for b, k in members.items() if k < mc.GOV_BODY_MAX)
            unused = [b for b in mc.GOV_BODIES if b not in members]
            if open_bodies and (rng.random() < mc.GOV_JOIN_PROB or not unused):
                body = rng.choice(open_bodies)
            elif unused:
                body = rng.choice(unused)
            else:  # every body of the country is full: the script would stop here
                body = rng.choice(mc.GOV_BODIES)
            members[body] = members.get(body, 0) + 1
            cand.organisation = f"{body} ({iso3})"


def _names(mc: ModuleType, rng: random.Random, cands: list[Any]) -> None:
    """Names from the script's culture pools; repeats allowed (no rule reads the name)."""
    pools: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for culture, (women, men, family) in mc.NAME_POOLS.items():
        pools[culture] = (women.split(), men.split(), mc.merge_particles(family.split()))
    for cand in cands:
        iso3, region = cand.country.iso3, cand.country.region
        culture = mc.CULTURE_OF.get(iso3, mc.REGION_FALLBACK_CULTURE[region])
        women, men, family = pools[culture]
        given = rng.choice(women if cand.gender == "woman" else men)
        cand.name = f"{given} {mc.family_name(rng.choice(family), culture, cand.gender)}"


def generate_pool(n: int, seed: int) -> list[Any]:
    """A seeded pool of n candidates with the columns and skews of make_candidates.py."""
    mc = load_generator()
    countries = mc.read_countries(mc.DEFAULT_COUNTRIES)
    rng = random.Random(seed)
    cands: list[Any] = []
    for region, size in mc.apportion(n, mc.REGION_SHARE).items():
        cands += mc.region_slots(rng, region, size, countries)
    rng.shuffle(cands)
    mc.assign_schools(rng, cands)
    _government_bodies(mc, rng, cands)
    mc.assign_other_organisations(rng, cands)
    _names(mc, rng, cands)
    mc.assign_scores(rng, cands)
    return cands


def pool_path(n: int, seed: int) -> Path:
    """Write (once) and return the pool file for n candidates."""
    path = OUT / f"pool_{n}_seed{seed}.csv"
    if not path.exists():
        load_generator().write_csv(generate_pool(n, seed), path)
    return path


# ---------------------------------------------------------------------------------------------
# One configuration, measured in a child process


def _spec_for(variant: str) -> Any:
    """The constraints: the wgig2004 file itself, or the same rules without `[merit]`."""
    if variant == "wgig2004":
        return CONSTRAINTS
    from wgigbalance import load_spec

    return load_spec(CONSTRAINTS).model_copy(update={"merit": None})


class _Probe:
    """Times every model build and every CP-SAT call inside `solve_problem`.

    `solve_problem` may build and solve several rounds (caps are added lazily) and
    `result.stages` only holds the last round, so the benchmark wraps the `build_model` that
    `wgigbalance.solver.select` calls and `wgigbalance.solver.cpsat.run`, the one place that
    runs CP-SAT. If a later version renames them, the probe is skipped and only
    `result.stages` is reported.
    """

    def __init__(self) -> None:
        from wgigbalance.solver import cpsat
        from wgigbalance.solver import select as selection

        self.builds: list[float] = []
        self.calls: list[tuple[str, str, float]] = []  # stage, status, seconds
        self.active = hasattr(cpsat, "run") and hasattr(selection, "build_model")
        if not self.active:
            return
        build, solve = selection.build_model, cpsat.run

        def timed_build(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            out = build(*args, **kwargs)
            self.builds.append(time.perf_counter() - t0)
            return out

        def timed_solve(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            out = solve(*args, **kwargs)
            stage = args[3] if len(args) > 3 else kwargs.get("stage", "?")
            self.calls.append((str(stage), str(out.status), time.perf_counter() - t0))
            return out

        selection.build_model = timed_build  # type: ignore[assignment]
        cpsat.run = timed_solve  # type: ignore[assignment]

    def reset(self) -> None:
        """Forget the previous run."""
        self.builds, self.calls = [], []


def measure(
    pool: Path, variant: str, workers: int, repeat: int, time_limit: float
) -> dict[str, Any]:
    """Time load_problem and solve_problem (builds, CP-SAT calls) `repeat` times."""
    from wgigbalance import SolverSettings, load_problem, solve_problem
    from wgigbalance.solver.model import build_model

    probe = _Probe()
    settings = SolverSettings(seed=0, workers=workers, time_limit=time_limit)
    runs: list[dict[str, Any]] = []
    for _ in range(repeat):
        probe.reset()
        t0 = time.perf_counter()
        problem, provenance = load_problem(pool, _spec_for(variant))
        t1 = time.perf_counter()
        if not probe.active:  # time one build on its own (solve_problem builds again)
            build_model(problem, settings.seed)
            probe.builds.append(time.perf_counter() - t1)
            t1 = time.perf_counter()
        result = solve_problem(problem, settings, provenance=provenance)
        t2 = time.perf_counter()
        stages = [(s.name, s.status, s.seconds) for s in result.stages]
        calls = probe.calls if probe.active else stages
        cpsat = sum(c[2] for c in calls)
        build = sum(probe.builds)
        runs.append(
            {
                "load": t1 - t0,
                "build": build,
                "builds": len(probe.builds),
                "stages": stages,  # the final round, as result.stages reports it
                "calls": calls,  # every CP-SAT call of every round
                "solve": sum(s[2] for s in stages),
                "cpsat": cpsat,
                # quick checks, picking individuals, roster check, progress plumbing
                "other": (t2 - t1) - cpsat - (build if probe.active else 0.0),
                "select": t2 - t0,  # what select() does: load_problem + solve_problem
                "status": result.status,
                "model": result.model_stats,
            }
        )
    return {"runs": runs}


def profile(pool: Path, variant: str, time_limit: float) -> str:
    """cProfile of load_problem and solve_problem, and CP-SAT's presolve/search split per call."""
    import cProfile
    import io
    import pstats

    from ortools.sat.python import cp_model

    from wgigbalance import SolverSettings, load_problem, solve_problem

    out = io.StringIO()
    profiler = cProfile.Profile()
    profiler.enable()
    problem, _ = load_problem(pool, _spec_for(variant))
    profiler.disable()
    out.write("## load_problem (cProfile, cumulative)\n")
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(16)

    probe = _Probe()
    logs: list[list[str]] = []
    original = cp_model.CpSolver.solve

    def logged_solve(self: Any, model: Any, callback: Any = None) -> Any:
        lines: list[str] = []
        logs.append(lines)
        self.parameters.log_search_progress = True
        self.parameters.log_to_stdout = False
        self.log_callback = lambda text: lines.extend(text.splitlines())
        return original(self, model, callback)

    cp_model.CpSolver.solve = logged_solve  # type: ignore[method-assign]
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        result = solve_problem(problem, SolverSettings(time_limit=time_limit))
        profiler.disable()
    finally:
        cp_model.CpSolver.solve = original  # type: ignore[method-assign]
    out.write(f"## solve_problem: status {result.status}, model {result.model_stats}\n")
    out.write(f"builds (s): {', '.join(f'{b:.2f}' for b in probe.builds)}\n")
    out.write("## CP-SAT calls (s): stage | presolve+load | search | total | variables\n")
    for (stage, status, secs), lines in zip(probe.calls, logs, strict=False):
        start = next((ln for ln in lines if ln.startswith("Starting search at")), "")
        presolve = float(start.split(" at ")[1].split("s")[0]) if start else float("nan")
        size = next((ln for ln in lines if ln.startswith("#Variables:")), "#Variables: ?")
        out.write(
            f"{stage} | {presolve:.2f} | {secs - presolve:.2f} | {secs:.2f} ({status}) | "
            f"{size.split()[1]}\n"
        )
    out.write("## solve_problem (cProfile, tottime)\n")
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(16)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The parent: run children, collect, print


def _wait(cmd: list[str]) -> tuple[str, str, float, int, int]:
    """Run cmd; return stdout, stderr, wall seconds, exit code and the child's peak RSS in KiB."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stdout, stderr = proc.stdout.read(), proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close()  # type: ignore[union-attr]
    proc.stderr.close()  # type: ignore[union-attr]
    return stdout, stderr, wall, proc.returncode, usage.ru_maxrss


def run_config(
    pool: Path, variant: str, workers: int, repeat: int, time_limit: float
) -> dict[str, Any]:
    """Measure one configuration in a fresh interpreter (so peak memory is its own)."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(pool),
        variant,
        str(workers),
        str(repeat),
        str(time_limit),
    ]
    stdout, stderr, _, code, rss = _wait(cmd)
    if code != 0:
        raise SystemExit(f"benchmark child failed ({code}):\n{stderr}")
    data: dict[str, Any] = json.loads(stdout.strip().splitlines()[-1])
    data["peak_rss_mib"] = rss / 1024
    return data


def run_cli(pool: Path, time_limit: float) -> dict[str, Any]:
    """`wgigbalance select --format json` as a subprocess: true end-to-end wall time."""
    exe = Path(sys.executable).with_name("wgigbalance")
    cmd = [
        str(exe),
        "select",
        "--candidates",
        str(pool),
        "--constraints",
        str(CONSTRAINTS),
        "--format",
        "json",
        "--time-limit",
        str(time_limit),
    ]
    stdout, _, wall, code, rss = _wait(cmd)
    status = json.loads(stdout)["status"] if code in (0, 1) and stdout.strip() else f"exit {code}"
    return {"wall": wall, "status": status, "peak_rss_mib": rss / 1024}


def median(values: list[float]) -> float:
    """The median (the single value when there is one run)."""
    return statistics.median(values)


def summarise(data: dict[str, Any]) -> dict[str, Any]:
    """Medians over the runs; the status is 'optimal' only if every run proved optimality."""
    runs = data["runs"]
    statuses = sorted({r["status"] for r in runs})
    names = [s[0] for s in runs[0]["stages"]]
    stage_median = []
    for i, name in enumerate(names):
        secs = [r["stages"][i][2] for r in runs if len(r["stages"]) > i]
        stage_status = sorted({r["stages"][i][1] for r in runs if len(r["stages"]) > i})
        stage_median.append((name, "/".join(stage_status), median(secs)))
    rounds = sorted({int(r["model"].get("rounds", 1)) for r in runs})
    return {
        "status": "/".join(statuses),
        "types": runs[0]["model"].get("candidate_types"),
        "variables": runs[0]["model"].get("variables"),
        "rounds": "/".join(str(r) for r in rounds),
        "caps": runs[0]["model"].get("caps_in_model"),
        "load": median([r["load"] for r in runs]),
        "build": median([r["build"] for r in runs]),
        "stages": stage_median,
        "solve": median([r["solve"] for r in runs]),
        "cpsat": median([r["cpsat"] for r in runs]),
        "calls": len(runs[0]["calls"]),
        "other": median([r["other"] for r in runs]),
        "select": median([r["select"] for r in runs]),
        "runs": len(runs),
        "peak_rss_mib": data["peak_rss_mib"],
    }


def source_fingerprint() -> str:
    """First 12 hex digits of a SHA-256 over src/wgigbalance/*.py: which code was timed."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "wgigbalance").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def machine() -> dict[str, str]:
    """nproc, CPU model, Python and library versions, today's date, code fingerprint."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import numpy
    import ortools
    import pandas

    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "python": platform.python_version(),
        "ortools": ortools.__version__,
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "date": date.today().isoformat(),
        "source": source_fingerprint(),
    }


TABLE_HEAD = (
    "pool",
    "constraints",
    "workers",
    "runs",
    "types (final model)",
    "rounds",
    "status",
    "load",
    "build (all rounds)",
    "final-round stages",
    "CP-SAT (all calls)",
    "other",
    "select in-process",
    "CLI subprocess",
    "peak RSS (child, all runs)",
)


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table (medians over the runs; seconds)."""
    lines = ["| " + " | ".join(TABLE_HEAD) + " |", "|" + "---|" * len(TABLE_HEAD)]
    for row in rows:
        s = row["summary"]
        stages = " + ".join(
            f"{sec:.2f}" + ("" if st == "optimal" else f" ({st})") for _, st, sec in s["stages"]
        )
        cli = row.get("cli")
        cells = [
            f"{row['n']:,}",
            row["variant"],
            str(row["workers"]),
            str(s["runs"]),
            f"{s['types']:,}",
            s["rounds"],
            s["status"],
            f"{s['load']:.2f}",
            f"{s['build']:.2f}",
            stages,
            f"{s['cpsat']:.2f} ({s['calls']})",
            f"{s['other']:.2f}",
            f"{s['select']:.2f}",
            ""
            if cli is None
            else f"{cli['wall']:.2f} ({cli['status']}, {cli['peak_rss_mib']:.0f} MiB)",
            f"{s['peak_rss_mib']:.0f} MiB",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(rows: list[dict[str, Any]]) -> list[str]:
    """Plain statements about the two targets, from the wgig2004 single-worker rows."""
    out = []
    for row in rows:
        if row["workers"] != 1:
            continue
        s, n, name = row["summary"], row["n"], row["variant"]
        if n in SOLVE_TARGET:
            limit = SOLVE_TARGET[n]
            ok = s["status"] == "optimal" and s["cpsat"] < limit
            out.append(
                f"{n:,} candidates, {name}, proven optimal in < {limit:g} s of solve time: "
                f"{'MET' if ok else 'MISSED'} (status {s['status']}, CP-SAT "
                f"{s['cpsat']:.2f} s over {s['calls']} calls = {s['cpsat'] / limit:.2f}x the "
                f"target)"
            )
        if n in END_TO_END_TARGET and row.get("cli"):
            limit = END_TO_END_TARGET[n]
            wall = row["cli"]["wall"]
            ok = wall < limit and row["cli"]["status"] == "optimal"
            out.append(
                f"{n:,} candidates, {name}, < {limit:g} s end to end: "
                f"{'MET' if ok else 'MISSED'} (CLI {wall:.2f} s, status {row['cli']['status']};"
                f" in-process select {s['select']:.2f} s; {wall / limit:.2f}x the target)"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point (see the module docstring)."""
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["--child"]:
        pool, variant, workers, repeat, limit = args_in[1:6]
        print(json.dumps(measure(Path(pool), variant, int(workers), int(repeat), float(limit))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--repeat", type=int, default=3, help="runs per size up to 10,000 (3)")
    parser.add_argument(
        "--repeat-large", type=int, default=1, help="runs per size above 10,000 (1)"
    )
    parser.add_argument(
        "--two-workers",
        type=int,
        nargs="*",
        default=[10_000],
        help="sizes also measured with workers=2 (10000)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        help="select's time limit per run, as the CLI default (60)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="pool seed (2004)")
    parser.add_argument(
        "--markdown", action="store_true", help="print the machine and the table as Markdown"
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="N",
        help="instead: profile one select on a pool of N (wgig2004)",
    )
    args = parser.parse_args(args_in)

    if args.profile:
        print(profile(pool_path(args.profile, args.seed), "wgig2004", args.time_limit))
        return 0
    before = source_fingerprint()
    rows: list[dict[str, Any]] = []
    for n in args.sizes:
        pool = pool_path(n, args.seed)
        repeat = args.repeat if n <= 10_000 else args.repeat_large
        configs = [("wgig2004", 1), ("wgig2004 without [merit]", 1)]
        if n in args.two_workers:
            configs.append(("wgig2004", 2))
        for variant, workers in configs:
            key = "wgig2004" if variant == "wgig2004" else "nomerit"
            print(f"n={n} {variant} workers={workers} x{repeat} ...", file=sys.stderr, flush=True)
            data = run_config(pool, key, workers, repeat, args.time_limit)
            row = {
                "n": n,
                "variant": variant,
                "workers": workers,
                "raw": data,
                "summary": summarise(data),
            }
            if variant == "wgig2004" and workers == 1:
                row["cli"] = run_cli(pool, args.time_limit)
            rows.append(row)
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    if info["source"] != before:
        print(
            f"WARNING: src/wgigbalance changed during the run ({before} -> {info['source']})",
            file=sys.stderr,
        )
    (OUT / "results.json").write_text(json.dumps({"machine": info, "rows": rows}, indent=1))
    if args.markdown:
        print(
            f"Machine: {info['nproc']} cores ({info['cpu']}), Python {info['python']}, "
            f"OR-Tools {info['ortools']}, pandas {info['pandas']}, numpy {info['numpy']}; "
            f"{info['date']}; src/wgigbalance fingerprint {info['source']}.\n"
        )
    print(table(rows))
    print()
    for line in verdicts(rows):
        print(f"- {line}" if args.markdown else line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
