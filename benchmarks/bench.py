"""cpdlog's speed against a bare `python -c pass`, as ratios (standard library only).

    python benchmarks/bench.py                 # 500 and 5,000 activities
    python benchmarks/bench.py --big           # and 50,000
    python benchmarks/bench.py --only list     # the rows whose name holds "list"
    python benchmarks/bench.py --json out.json # the results as JSON too
    python benchmarks/bench.py --only team     # `team` over 1,000 summaries

Each target is measured as paired runs: `python -c pass` and the command run
one after the other from the same virtual environment, many times; the ratio
reported is the median of the pairs' ratios, so a slow moment of the machine
hits both. Homes of SPEC-format activities are generated in a temporary
folder, and `status --json` must report exactly the hours written. The cache
folder is separate per home; "cold" runs delete it before each run. Rows
whose bound is in MB are the peak resident memory of one run.

The targets are the TARGETS table below: the rows of issue #7 that issue #14
did not replace, then issue #14's table (its `status --json` bounds replace
#7's 8x/12x/40x). Commands that write (`add`) run on a copy of the home, so
every other row sees exactly the generated log. `team` rows read a folder of
SIZE generated summaries (as `cpdlog share` writes them) instead of a home,
and must list every one. PYTHONDONTWRITEBYTECODE is
unset for the timed commands (it would make an editable install recompile on
every run).
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
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
AS_OF = date(2026, 11, 23)  # CPDLOG_TEST_NOW's day: the end of every period
_FIRST_DAY = AS_OF.toordinal() - 3_652 + 1
REFLECTION = (
    "What I learned, and what I will do differently next time.\n"
    'A second line with "quotes" and a backslash \\\\ to keep the parser honest.\n'
)
DESCRIPTION = "A generated activity for the benchmark."
# Filler for the realistic reflections: readable, CPD-flavoured, no quotes.
_WORD_TEXT = (
    "the a of to and in for on with from about our my their this that which "
    "library service users staff team session course workshop conference "
    "webinar reading article colleagues manager training practice approach "
    "catalogue metadata discovery search records collection digital access "
    "community outreach learning teaching literacy information skills data "
    "policy strategy budget project plan review feedback evidence impact "
    "learned noticed realised tried changed improved shared discussed "
    "planned wrote presented asked answered found tested compared agreed "
    "next time later soon often rarely again differently better clearly "
    "carefully quickly together useful practical difficult new familiar "
    "important small large local national professional personal wider "
    "organisational questions answers ideas examples problems changes "
    "results notes slides handouts guidance standards ethics privacy "
    "copyright licensing procurement systems workflow enquiries visitors"
)
WORDS = tuple(_WORD_TEXT.split())

ADD = ("add", "Benchmark run {run}", "--hours", "1", "--type", "reading")
WEEK_BEFORE = (AS_OF - timedelta(days=7)).isoformat()


@dataclass(frozen=True)
class Row:
    """One target: cpdlog ARGS on a home of SIZE activities, under BOUND.

    cache: "warm" (one status run first), "cold" (deleted before every run)
    or "once" (deleted before the first run only: the runs follow in a row).
    peak: BOUND is the peak resident memory of one run in MB, not a ratio.
    realistic: the home's reflections and descriptions are 50-300 words.
    writes: the command changes the home, so it runs on a copy.
    git: that copy is a git repository (every add then commits, issue #19).
    team: ARGS name `{team}`, a folder of SIZE summaries, not a home.
    """

    name: str
    size: int
    bound: float
    args: tuple[str, ...]
    cache: str = "warm"
    peak: bool = False
    realistic: bool = False
    writes: bool = False
    team: bool = False
    git: bool = False


def _each(name: str, args: tuple[str, ...], bounds: dict[int, float], **kw) -> list:
    return [Row(name, size, bound, args, **kw) for size, bound in bounds.items()]


TARGETS: list[Row] = [
    # Issue #7's rows that #14 keeps.
    Row("--version", 0, 5, ("--version",)),
    Row("status (human)", 500, 12, ("status",)),
    *_each("status --json, no cache", ("status", "--json"), {500: 20, 5_000: 110},
           cache="cold"),
    *_each("add, warm cache", ADD, {500: 8, 5_000: 10}, writes=True),
    Row("status --json, peak MB", 50_000, 150, ("status", "--json"), peak=True),
    # Issue #14.
    *_each("list --json", ("list", "--json"), {500: 10, 5_000: 20, 50_000: 60}),
    Row("list --json, peak MB", 50_000, 150, ("list", "--json"), peak=True),
    *_each("list -n 10", ("list", "-n", "10"), {500: 9, 5_000: 12}),
    *(
        row
        for fmt in ("md", "html", "json")
        for row in [
            *_each(f"export -f {fmt}", ("export", "-f", fmt), {500: 12, 5_000: 20}),
            Row(f"export -f {fmt}, peak MB", 50_000, 200, ("export", "-f", fmt),
                peak=True),
        ]
    ),
    *_each("export --since (a week)", ("export", "--since", WEEK_BEFORE),
           {500: 10, 5_000: 12}),
    *_each("status --json", ("status", "--json"), {500: 7, 5_000: 10, 50_000: 35}),
    *_each("status --short", ("status", "--short"), {500: 5, 5_000: 7}),
    *_each("add, repeated, no status", ADD, {500: 8, 5_000: 10}, cache="once",
           writes=True),
    # Issue #19: an add in a git home commits the file it wrote; within 1.5x
    # of the plain add's bound.
    *_each("add, git home", ADD, {500: 12, 5_000: 15}, writes=True, git=True),
    *_each("status, cold, realistic", ("status",), {500: 15, 5_000: 60},
           cache="cold", realistic=True),
    # Issue #20: a manager's folder of summaries. The picture also imports
    # rich (about 5x the floor) and renders a thousand lines: its own bound.
    Row("team --json", 1_000, 10, ("team", "{team}", "--json"), team=True),
    Row("team (human)", 1_000, 20, ("team", "{team}"), team=True),
]  # fmt: skip


def make_home(root: Path, count: int, seed: int = 7, realistic: bool = False) -> int:
    """Write count activity files under root; returns the minutes in the period.

    realistic: descriptions and reflections of 50-300 words (from their own
    seeded generator, so IDs, dates and hours match the plain home's).
    """
    rng = random.Random(seed)
    words = random.Random(seed + 1) if realistic else None
    total = 0
    ids: set[str] = set()
    for n in range(count):
        aid = _new_id(rng, ids)
        # Dates spread over the ten years up to AS_OF.
        day = date.fromordinal(_FIRST_DAY + rng.randrange(3_652))
        minutes = rng.choice((15, 30, 45, 60, 90, 120, 150, 240, 390))
        if day > AS_OF.replace(year=AS_OF.year - 1):
            total += minutes
        folder = root / "activities" / f"{day.year:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        areas = rng.sample(AREAS, rng.randint(0, 2))
        description, reflection = DESCRIPTION, REFLECTION
        if words:
            description = filler(words, words.randint(50, 300)).replace("\n\n", " ")
            reflection = filler(words, words.randint(50, 300)) + "\n"
        text = (
            f'schema_version = 1\nid = "{aid}"\n'
            f'title = "Generated activity number {n}"\n'
            f"date = {day.isoformat()}\n"
            f"hours = {round(minutes / 60, 4)}\n"
            f'type = "{rng.choice(TYPES)}"\n'
            f"areas = {json.dumps(areas)}\n"
            f'tags = ["generated"]\n'
            f"description = {json.dumps(description)}\n"
            f'reflection = """\n{reflection}"""\n'
            f"created = {day.isoformat()}T18:02:11Z\n"
            f"updated = {day.isoformat()}T18:02:11Z\n"
        )
        name = f"{day.isoformat()}-generated-activity-{n}-{aid}.toml"
        (folder / name).write_text(text, encoding="utf-8")
    return total


def make_summaries(folder: Path, count: int, seed: int = 7) -> None:
    """Write count summaries as `cpdlog share -o` does, with every mark."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for n in range(count):
        minutes = rng.randrange(0, 60 * 60)
        hours, left = round(minutes / 60, 4), max(0, 1200 - minutes)
        met = minutes >= 1200
        drops = AS_OF + timedelta(days=rng.randrange(1, 365)) if met else None
        by_area = {area: round(rng.randrange(0, minutes + 1) / 60, 4) for area in AREAS}
        words = rng.randrange(0, 260)
        summary = {
            "scheme": "cilip-revalidation",
            "window": {"start": "2025-11-24", "end": AS_OF.isoformat()},
            "hours": hours,
            "target_hours": 20,
            "remaining_hours": round(left / 60, 4),
            "met": met,
            "entries": rng.randrange(0, 60),
            "by_area": by_area,
            "reflected_hours": round(rng.randrange(0, minutes + 1) / 60, 4),
            "forecast": {
                "reached": "2026-04-08" if met else None,
                "drops_below": drops.isoformat() if drops else None,
                "hours_needed": round(left / 60, 4),
                "by": drops.isoformat() if drops else None,
            },
            "statement": {"exists": words > 0, "words": words, "limit": 250},
            "name": f"Person {n:04d}",
            "as_of": AS_OF.isoformat(),
            "last_activity": (AS_OF - timedelta(rng.randrange(0, 200))).isoformat(),
        }
        text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
        (folder / f"person-{n:04d}.json").write_text(text, encoding="utf-8")


def _new_id(rng: random.Random, taken: set[str]) -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    while True:
        aid = "".join(rng.choice(alphabet) for _ in range(5))
        if aid not in taken:
            taken.add(aid)
            return aid


def filler(rng: random.Random, count: int) -> str:
    """count words of English-like prose, in paragraphs split by a blank line."""
    sentences, left = [], count
    while left:
        size = min(left, rng.randint(6, 18))
        words = [rng.choice(WORDS) for _ in range(size)]
        sentences.append(" ".join(words).capitalize() + ".")
        left -= size
    paragraphs = [
        " ".join(sentences[start : start + 4]) for start in range(0, len(sentences), 4)
    ]
    return "\n\n".join(paragraphs)


def _env(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        CPDLOG_HOME=str(home),
        CPDLOG_CACHE_DIR=str(cache),
        NO_COLOR="1",
        COLUMNS="80",
        CPDLOG_TEST_NOW=f"{AS_OF.isoformat()}T12:00:00+00:00",
    )
    return env


def _time(argv: list[str], env: dict[str, str]) -> float:
    return _timed(argv, env)[0]


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds argv took, and its exit code (a failed run is not a fast run)."""
    start = time.perf_counter()
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start, done.returncode


def paired(
    argv: list[str] | Callable[[int], list[str]],
    env: dict[str, str],
    runs: int,
    before: Callable[[int], object] | None = None,
    floor_argv: list[str] | None = None,
) -> dict[str, float]:
    """Median ratio of runs pairs (floor, command); medians in ms.

    floor_argv: the floor's command, `python -c pass` of this interpreter
    unless given (a peer's own venv).
    """
    floor_argv = floor_argv or [sys.executable, "-c", "pass"]
    floors, commands, ratios, exits = [], [], [], set()
    for run in range(runs):
        if before:
            before(run)
        floor = _time(floor_argv, env)
        command, code = _timed(argv(run) if callable(argv) else argv, env)
        floors.append(floor)
        commands.append(command)
        ratios.append(command / floor)
        exits.add(code)
    return {
        "ratio": round(statistics.median(ratios), 2),
        "floor_ms": round(statistics.median(floors) * 1000, 1),
        "command_ms": round(statistics.median(commands) * 1000, 1),
        "runs": runs,
        "exit": max(exits, key=abs),
    }


def peak_memory(argv: list[str], env: dict[str, str]) -> dict[str, float]:
    """The peak resident memory of one run in MB (Linux: ru_maxrss is KiB), timed."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "took = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(peak, took, done.returncode)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    floor = _time([sys.executable, "-c", "pass"], env)
    return {
        "peak_mb": round(int(out[0]) / 1024, 1),
        "ratio": round(float(out[1]) / floor, 2),
        "floor_ms": round(floor * 1000, 1),
        "command_ms": round(float(out[1]) * 1000, 1),
        "runs": 1,
        "exit": int(out[2]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", action="store_true", help="include 50,000")
    parser.add_argument("--runs", type=int, default=21, help="pairs per target")
    parser.add_argument(
        "--only", metavar="SUBSTRING", help="run only the rows whose name holds it"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results here")
    args = parser.parse_args()
    cpdlog = str(Path(sys.executable).parent / "cpdlog")
    rows = [
        row
        for row in TARGETS
        if (args.big or row.size < 50_000) and (not args.only or args.only in row.name)
    ]
    if not rows:
        print(f"no row's name holds {args.only!r}", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cpdlog-bench-"))
    try:
        results = _run(rows, cpdlog, work, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if results is None:
        return 1
    report(results, args.json)
    return 0


def _run(rows: list[Row], cpdlog: str, work: Path, runs: int) -> list | None:
    """Generate the homes the rows need, check their totals, measure each row."""
    homes: dict[tuple[int, bool], Path] = {}
    teams: dict[int, Path] = {}
    results: list = []
    for size in sorted({r.size for r in rows if r.team}):
        folder = work / f"team-{size}"
        make_summaries(folder, size)
        if not _team_is_right(cpdlog, folder, size):
            return None
        teams[size] = folder
    for size, realistic in sorted(
        {(r.size or 500, r.realistic) for r in rows if not r.team}
    ):
        home = work / f"home-{size}{'-realistic' if realistic else ''}"
        started = time.perf_counter()
        minutes = make_home(home, size, realistic=realistic)
        print(
            f"generated {home.name} in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        cold = _cold_first_run(cpdlog, home, _cache(home))
        if not _total_is_right(cpdlog, home, minutes):
            return None
        if size == 50_000 and not realistic:
            results.append(("status --json, first run", size, None, cold))
        homes[size, realistic] = home
    for number, row in enumerate(rows):
        home = teams[row.size] if row.team else homes[row.size or 500, row.realistic]
        if row.writes:
            copy = work / f"copy-{number}"
            shutil.copytree(home, copy)
            home = copy
            if row.git:
                _make_git_home(home)
        count = max(5, runs // (4 if row.size >= 50_000 else 1))
        print(f"measuring {row.name} at {row.size}", file=sys.stderr)
        measured = measure(row, cpdlog, home, count)
        results.append((row.name, row.size, row.bound, measured))
    return results


def _team_is_right(cpdlog: str, folder: Path, size: int) -> bool:
    """`team --json` lists every generated summary."""
    out = subprocess.run(
        [cpdlog, "team", str(folder), "--json"],
        env=_env(folder, _cache(folder)),
        capture_output=True,
        text=True,
        check=False,
    )
    listed = len(json.loads(out.stdout)) if out.returncode == 0 else None
    if listed != size:
        print(f"WRONG TEAM in {folder.name}: {listed} != {size}", file=sys.stderr)
    return listed == size


def _make_git_home(home: Path) -> None:
    """Make home a git repository with every file committed (as after
    `cpdlog git init` and a first `cpdlog sync`), its author set locally."""
    for args in (
        ["init", "-q"],
        ["config", "user.name", "Bench Mark"],
        ["config", "user.email", "bench@example.org"],
        ["add", "-A"],
        ["commit", "-q", "-m", "The generated log"],
    ):
        subprocess.run(["git", *args], cwd=home, check=True, capture_output=True)


def _cache(home: Path) -> Path:
    return home.with_name(home.name + "-cache")


def _total_is_right(cpdlog: str, home: Path, minutes: int) -> bool:
    out = subprocess.run(
        [cpdlog, "status", "--json"],
        env=_env(home, _cache(home)),
        capture_output=True,
        text=True,
        check=False,
    )
    reported = json.loads(out.stdout)["hours"]
    expected = round(minutes / 60, 4)
    if reported != expected:
        print(f"WRONG TOTAL in {home.name}: {reported} != {expected}", file=sys.stderr)
    return reported == expected


def measure(row: Row, cpdlog: str, home: Path, runs: int) -> dict:
    """Run row's command on home as the row says: paired ratio or peak memory."""
    cache = _cache(home)
    env = _env(home, cache)

    def argv(run: int) -> list[str]:
        return [cpdlog, *(arg.format(run=run, team=home) for arg in row.args)]

    before = None
    if row.cache == "warm":
        subprocess.run(
            [cpdlog, "status", "--json"], env=env, capture_output=True, check=False
        )
    elif row.cache == "once":
        shutil.rmtree(cache, ignore_errors=True)
    else:
        before = lambda _run: shutil.rmtree(cache, ignore_errors=True)  # noqa: E731
    if row.peak:
        return peak_memory(argv(0), env)
    return paired(argv, env, runs, before=before)


def _cold_first_run(cpdlog: str, home: Path, cache: Path) -> dict:
    env = _env(home, cache)
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


def report(results: Iterable[tuple], json_path: str | None = None) -> None:
    """Print (name, size, bound, measured) rows as a table, then as JSON.

    A row with peak_mb is judged on its memory (bound in MB); every other
    row with a bound on its ratio; a row without a bound has no verdict.
    """
    print(
        f"{'target':<30}{'activities':>11}{'measured':>11}{'bound':>10}  "
        f"{'ms':>9}{'floor ms':>10}  verdict"
    )
    rows = []
    for name, size, bound, measured in results:
        peak = "peak_mb" in measured
        value = measured["peak_mb"] if peak else measured["ratio"]
        ok = bound is None or value <= bound
        verdict = "" if bound is None else ("met" if ok else "MISSED")
        if measured.get("exit"):
            ok, verdict = False, f"FAILED: exit {measured['exit']}"
        elif "cache_left" in measured:
            ok = measured["cache_left"]
            verdict = "finished, cache left" if ok else "MISSED: no cache left"
        shown = f"{value} MB" if peak else f"{value}x"
        limit = "" if bound is None else (f"< {bound} MB" if peak else f"<= {bound}x")
        print(
            f"{name:<30}{size or '':>11}{shown:>11}{limit:>10}  "
            f"{measured['command_ms']:>9}{measured['floor_ms']:>10}  {verdict}"
        )
        rows.append(
            {"target": name, "activities": size, "bound": bound, "met": ok, **measured}
        )
    if json_path:
        Path(json_path).write_text(json.dumps(rows, indent=2) + "\n")
    print(json.dumps(rows))


if __name__ == "__main__":
    sys.exit(main())
