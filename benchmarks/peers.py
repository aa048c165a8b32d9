"""Watson and jrnl on the same machine, as ratios to their own `python -c pass`.

    python benchmarks/peers.py /path/to/peers-venv [--runs 21] [--json out.json]

The peers live in their own virtual environment (`pip install td-watson
jrnl` there; never in this repository), and this script only drives that
venv's executables, so it needs the standard library and bench.py beside it.
Each peer gets data equivalent to bench.py's homes, in a temporary folder:

- Watson: 500 and 5,000 frames over the ten years up to today in the JSON
  `frames` file of a temporary WATSON_DIR; timed: `watson report` for the
  last 12 months (`--from` the day after a year ago `--to` today), which
  must report exactly the seconds written.
- jrnl: a plain-text journal of 500 and 5,000 entries (title, then the
  description and reflection bench.py writes) with a config under a
  temporary XDG_CONFIG_HOME pointing at it, no encryption; timed:
  `jrnl -n 10`, which must show 10 entries.

Watson and jrnl know no fixed "now" as cpdlog's CPDLOG_TEST_NOW, so their
ten years end on the real today. The table has the format of bench.py's.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import bench

SIZES = (500, 5_000)
MINUTES = (15, 30, 45, 60, 90, 120, 150, 240, 390)


def make_frames(folder: Path, count: int, today: date, seed: int = 7) -> int:
    """Write count Watson frames to folder/frames; returns the seconds in the year.

    Frames start between 08:00 and 10:59 local time, so none crosses midnight.
    """
    rng = random.Random(seed)
    first = today.toordinal() - 3_652 + 1
    year_ago = year_before(today)
    frames, total = [], 0
    for _ in range(count):
        day = date.fromordinal(first + rng.randrange(3_652))
        start = datetime(day.year, day.month, day.day, rng.randint(8, 10))
        start += timedelta(minutes=rng.randrange(60))
        seconds = rng.choice(MINUTES) * 60
        if day > year_ago:
            total += seconds
        begin = int(start.timestamp())  # naive: local time, as Watson reads it
        tags = rng.sample(bench.AREAS, rng.randint(0, 2))
        frame_id = f"{rng.getrandbits(128):032x}"
        project = rng.choice(bench.TYPES)
        frames.append([begin, begin + seconds, project, frame_id, tags, begin])
    frames.sort()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "frames").write_text(json.dumps(frames, indent=1), encoding="utf-8")
    return total


def year_before(day: date) -> date:
    """The same date a year earlier (Feb 28 for Feb 29): the day before the window."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return date(day.year - 1, 2, 28)


def make_journal(root: Path, count: int, today: date, version: str) -> Path:
    """Write a jrnl journal of count entries and its config; returns XDG_CONFIG_HOME."""
    rng = random.Random(7)
    first = today.toordinal() - 3_652 + 1
    days = sorted(date.fromordinal(first + rng.randrange(3_652)) for _ in range(count))
    body = bench.DESCRIPTION + "\n" + bench.REFLECTION
    entries = [
        f"[{day.isoformat()} 09:00:00 AM] Generated activity number {n}.\n{body}\n"
        for n, day in enumerate(days)
    ]
    journal = root / "journal.txt"
    root.mkdir(parents=True, exist_ok=True)
    journal.write_text("".join(entries), encoding="utf-8")
    config = root / "config" / "jrnl"
    config.mkdir(parents=True)
    # Every key of jrnl's default config, so that jrnl never rewrites it.
    (config / "jrnl.yaml").write_text(
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
        "highlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\n"
        f"timeformat: '%F %r'\nversion: '{version}'\n",
        encoding="utf-8",
    )
    return config.parent


def _env(root: Path, config_home: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(
        WATSON_DIR=str(root / "watson"),
        XDG_CONFIG_HOME=str(config_home or root / "config"),
        XDG_DATA_HOME=str(root / "data"),
        NO_COLOR="1",
        COLUMNS="80",
    )
    return env


def _output(argv: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        argv, env=env, capture_output=True, text=True, check=True
    ).stdout


def measure_watson(bin_dir: Path, root: Path, size: int, runs: int) -> dict:
    """Time `watson report` over the last 12 months after checking its total."""
    today = date.today()
    expected = make_frames(root / "watson", size, today)
    since = year_before(today) + timedelta(days=1)
    argv = [str(bin_dir / "watson"), "report", "--from", since.isoformat()]
    argv += ["--to", today.isoformat()]
    env = _env(root)
    reported = json.loads(_output([*argv, "--json"], env))["time"]
    if round(reported) != expected:
        raise SystemExit(f"WRONG WATSON TOTAL at {size}: {reported} != {expected}")
    return bench.paired(argv, env, runs, floor_argv=_floor(bin_dir))


def measure_jrnl(bin_dir: Path, root: Path, size: int, runs: int) -> dict:
    """Time `jrnl -n 10` after checking that it shows 10 of size entries."""
    version = _output(
        [str(bin_dir / "python"), "-c", "import jrnl; print(jrnl.__version__)"],
        dict(os.environ),
    ).strip()
    config_home = make_journal(root, size, date.today(), version)
    env = _env(root, config_home)
    jrnl = str(bin_dir / "jrnl")
    shown = json.loads(_output([jrnl, "-n", "10", "--format", "json"], env))
    every = json.loads(_output([jrnl, "--format", "json"], env))
    if len(shown["entries"]) != 10 or len(every["entries"]) != size:
        raise SystemExit(f"WRONG JRNL COUNT at {size}: {len(every['entries'])}")
    return bench.paired([jrnl, "-n", "10"], env, runs, floor_argv=_floor(bin_dir))


def _floor(bin_dir: Path) -> list[str]:
    return [str(bin_dir / "python"), "-c", "pass"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("venv", type=Path, help="the venv holding watson and jrnl")
    parser.add_argument("--runs", type=int, default=21, help="pairs per target")
    parser.add_argument("--json", metavar="FILE", help="also write the results here")
    args = parser.parse_args()
    bin_dir = args.venv.absolute() / "bin"
    work = Path(tempfile.mkdtemp(prefix="cpdlog-peers-"))
    results = []
    try:
        for size in SIZES:
            root = work / f"watson-{size}"
            measured = measure_watson(bin_dir, root, size, args.runs)
            results.append(("watson report (12 months)", size, None, measured))
        for size in SIZES:
            root = work / f"jrnl-{size}"
            measured = measure_jrnl(bin_dir, root, size, args.runs)
            results.append(("jrnl -n 10", size, None, measured))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    bench.report(results, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
