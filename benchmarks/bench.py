"""cpdlog's speed against a bare `python -c pass`, as ratios (standard library only).

    python benchmarks/bench.py                 # 500 and 5,000 activities
    python benchmarks/bench.py --big           # and 50,000
    python benchmarks/bench.py --json out.json # the results as JSON too

Each target is measured as paired runs: `python -c pass` and the command run
one after the other from the same virtual environment, many times; the ratio
reported is the median of the pairs' ratios, so a slow moment of the machine
hits both. Homes of SPEC-format activities are generated in a temporary
folder, and `status --json` must report exactly the hours written. The cache
folder is separate per home; "cold" runs delete it before each run.
PYTHONDONTWRITEBYTECODE is unset for the timed commands (it would make an
editable install recompile on every run).
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TYPES = (
    "course",
    "conference",
    "webinar",
    "workshop",
    "reading",
    "mentoring",
    "peer-discussion",
    "work-project",
    "podcast-video",
    "committee-work",
)
AREAS = ("personal", "organisational", "wider")
_FIRST_DAY = date(2016, 11, 24).toordinal()
REFLECTION = (
    "What I learned, and what I will do differently next time.\n"
    'A second line with "quotes" and a backslash \\\\ to keep the parser honest.\n'
)

# (name, activities, bound): the targets of issue #7.
TARGETS = [
    ("--version", 0, 5),
    ("add", 500, 8),
    ("add", 5_000, 10),
    ("status --json", 500, 8),
    ("status --json", 5_000, 12),
    ("status --json", 50_000, 40),
    ("status (human)", 500, 12),
    ("status --json, no cache", 500, 20),
    ("status --json, no cache", 5_000, 110),
]


def make_home(root: Path, count: int, seed: int = 7) -> int:
    """Write count activity files under root; returns the minutes written."""
    rng = random.Random(seed)
    total = 0
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    ids: set[str] = set()
    for n in range(count):
        while True:
            aid = "".join(rng.choice(alphabet) for _ in range(5))
            if aid not in ids:
                ids.add(aid)
                break
        # Dates spread over the ten years up to 2026-11-23.
        year, month, mday = _ymd(_FIRST_DAY + rng.randrange(3_652))
        minutes = rng.choice((15, 30, 45, 60, 90, 120, 150, 240, 390))
        if (year, month, mday) >= (2025, 11, 24):
            total += minutes
        folder = root / "activities" / f"{year:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        areas = rng.sample(AREAS, rng.randint(0, 2))
        text = (
            f'schema_version = 1\nid = "{aid}"\n'
            f'title = "Generated activity number {n}"\n'
            f"date = {year:04d}-{month:02d}-{mday:02d}\n"
            f"hours = {round(minutes / 60, 4)}\n"
            f'type = "{rng.choice(TYPES)}"\n'
            f"areas = {json.dumps(areas)}\n"
            f'tags = ["generated"]\n'
            f'description = "A generated activity for the benchmark."\n'
            f'reflection = """\n{REFLECTION}"""\n'
            f"created = {year:04d}-{month:02d}-{mday:02d}T18:02:11Z\n"
            f"updated = {year:04d}-{month:02d}-{mday:02d}T18:02:11Z\n"
        )
        name = f"{year:04d}-{month:02d}-{mday:02d}-generated-activity-{n}-{aid}.toml"
        (folder / name).write_text(text, encoding="utf-8")
    return total


def _ymd(ordinal: int) -> tuple[int, int, int]:
    day = date.fromordinal(ordinal)
    return day.year, day.month, day.day


def _env(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        CPDLOG_HOME=str(home),
        CPDLOG_CACHE_DIR=str(cache),
        NO_COLOR="1",
        COLUMNS="80",
        CPDLOG_TEST_NOW="2026-11-23T12:00:00+00:00",
    )
    return env


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def paired(
    argv: list[str], env: dict[str, str], runs: int, before=None
) -> dict[str, float]:
    """Median ratio of runs pairs (floor, command); medians in ms."""
    floor_argv = [sys.executable, "-c", "pass"]
    floors, commands, ratios = [], [], []
    for run in range(runs):
        if before:
            before(run)
        floor = _time(floor_argv, env)
        command = _time(argv(run) if callable(argv) else argv, env)
        floors.append(floor)
        commands.append(command)
        ratios.append(command / floor)
    return {
        "ratio": round(statistics.median(ratios), 2),
        "floor_ms": round(statistics.median(floors) * 1000, 1),
        "command_ms": round(statistics.median(commands) * 1000, 1),
        "runs": runs,
    }


def peak_memory_mb(argv: list[str], env: dict[str, str]) -> float:
    """The peak resident memory of one run, in MB (Linux: ru_maxrss is KiB)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return round(int(out.strip()) / 1024, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="include 50,000")
    parser.add_argument("--runs", type=int, default=21, help="pairs per target")
    parser.add_argument("--json", metavar="FILE", help="also write the results here")
    args = parser.parse_args()
    cpdlog = str(Path(sys.executable).parent / "cpdlog")
    sizes = [500, 5_000] + ([50_000] if args.big else [])
    work = Path(tempfile.mkdtemp(prefix="cpdlog-bench-"))
    results = []
    try:
        homes = {}
        for size in sizes:
            home = work / f"home-{size}"
            started = time.perf_counter()
            minutes = make_home(home, size)
            homes[size] = (home, work / f"cache-{size}", minutes)
            print(
                f"generated {size} activities in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        for size in sizes:
            home, cache, minutes = homes[size]
            env = _env(home, cache)
            cold = _cold_first_run(cpdlog, env, cache)
            out = subprocess.run(
                [cpdlog, "status", "--json"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            reported = json.loads(out.stdout)["hours"]
            expected = round(minutes / 60, 4)
            if reported != expected:
                print(
                    f"WRONG TOTAL at {size}: {reported} != {expected}", file=sys.stderr
                )
                return 1
            if size == 50_000:
                results.append(("status --json, first run", size, None, cold))
                memory = peak_memory_mb([cpdlog, "status", "--json"], env)
                results.append(
                    (
                        "status peak memory (MB)",
                        size,
                        150,
                        {"ratio": memory, "floor_ms": 0, "command_ms": 0, "runs": 1},
                    )
                )
        for name, size, bound in TARGETS:
            if size and size not in homes:
                continue
            home, cache, _ = homes.get(size) or homes[sizes[0]]
            env = _env(home, cache)
            runs = max(5, args.runs // (4 if size >= 50_000 else 1))
            results.append(
                (name, size, bound, _measure(name, cpdlog, env, cache, runs))
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(results, args.json)
    return 0


def _cold_first_run(cpdlog: str, env: dict[str, str], cache: Path) -> dict:
    shutil.rmtree(cache, ignore_errors=True)
    took = _time([cpdlog, "status", "--json"], env)
    floor = _time([sys.executable, "-c", "pass"], env)
    left = any(cache.glob("*"))
    return {
        "ratio": round(took / floor, 2),
        "floor_ms": round(floor * 1000, 1),
        "command_ms": round(took * 1000, 1),
        "runs": 1,
        "cache_left": left,
    }


def _measure(
    name: str, cpdlog: str, env: dict[str, str], cache: Path, runs: int
) -> dict:
    if name == "--version":
        return paired([cpdlog, "--version"], env, runs)
    if name == "add":
        return paired(
            lambda run: [
                cpdlog,
                "add",
                f"Benchmark run {run}",
                "--hours",
                "1",
                "--type",
                "reading",
            ],
            env,
            runs,
        )
    if name == "status (human)":
        return paired([cpdlog, "status"], env, runs)
    if name.endswith("no cache"):
        return paired(
            [cpdlog, "status", "--json"],
            env,
            runs,
            before=lambda _run: shutil.rmtree(cache, ignore_errors=True),
        )
    subprocess.run(
        [cpdlog, "status", "--json"], env=env, capture_output=True, check=False
    )  # warm the cache
    return paired([cpdlog, "status", "--json"], env, runs)


def _report(results: list, json_path: str | None) -> None:
    print(
        f"{'target':<28}{'activities':>11}{'ratio':>8}{'bound':>8}  "
        f"{'ms':>8}{'floor ms':>10}  verdict"
    )
    rows = []
    for name, size, bound, measured in results:
        ok = bound is None or measured["ratio"] <= bound
        verdict = "" if bound is None else ("met" if ok else "MISSED")
        if "cache_left" in measured:
            ok = measured["cache_left"]
            verdict = "finished, cache left" if ok else "MISSED: no cache left"
        print(
            f"{name:<28}{size or '':>11}{measured['ratio']:>8}"
            f"{bound if bound is not None else '':>8}  {measured['command_ms']:>8}"
            f"{measured['floor_ms']:>10}  {verdict}"
        )
        rows.append(
            {"target": name, "activities": size, "bound": bound, "met": ok, **measured}
        )
    if json_path:
        Path(json_path).write_text(json.dumps(rows, indent=2) + "\n")
    print(json.dumps(rows))


if __name__ == "__main__":
    sys.exit(main())
