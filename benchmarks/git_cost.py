"""What a commit adds to `cpdlog add` in a git home (issue #19's 1.5x bound).

    python benchmarks/git_cost.py            # 500 and 5,000 activities
    python benchmarks/git_cost.py --runs 41

For each size it builds a home (bench.make_home), times `cpdlog add` there
as a subprocess (the plain cost), then makes a copy a git repository with
every file committed and times `commit_paths` of one new activity file, as
`add` will call it in-process once wired. The ratio reported is
(add + commit) / add, from the medians. Standard library only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # the sibling benchmark: its home generator and timer

from cpdlog.store.git import commit_paths


def time_add(home: Path, cache: Path, runs: int) -> list[float]:
    env = bench._env(home, cache)
    argv = [sys.executable, "-m", "cpdlog", *bench.ADD]
    times = []
    for run in range(runs):
        args = [part.format(run=run) for part in argv]
        seconds, code = bench._timed(args, env)
        assert code == 0, args
        times.append(seconds)
    return times


def time_commit(home: Path, runs: int) -> list[float]:
    git = ["git", "-C", str(home)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "all"], check=True)
    times = []
    for run in range(runs):
        path = home / "activities" / "2026" / f"2026-11-23-git-cost-{run}-gc{run}.toml"
        path.write_text(f'id = "gc{run}"\ntitle = "Git cost {run}"\n')
        start = time.perf_counter()
        warning = commit_paths(home, [path], f"add gc{run}: Git cost {run}")
        times.append(time.perf_counter() - start)
        assert warning is None, warning
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    os.environ.setdefault("GIT_AUTHOR_NAME", "Bench")
    os.environ.setdefault("GIT_AUTHOR_EMAIL", "bench@example.org")
    os.environ.setdefault("GIT_COMMITTER_NAME", "Bench")
    os.environ.setdefault("GIT_COMMITTER_EMAIL", "bench@example.org")
    with tempfile.TemporaryDirectory() as folder:
        for count in (500, 5_000):
            plain = Path(folder) / f"plain-{count}"
            bench.make_home(plain, count)
            githome = Path(folder) / f"git-{count}"
            shutil.copytree(plain, githome)
            add = statistics.median(time_add(plain, Path(folder) / "cache", runs))
            commit = statistics.median(time_commit(githome, runs))
            print(
                f"{count:>6} activities: add {add * 1000:6.1f} ms, "
                f"commit {commit * 1000:5.1f} ms, ratio {(add + commit) / add:.2f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
