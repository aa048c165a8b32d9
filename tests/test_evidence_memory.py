"""A 200 MB attachment never sits in memory: attach and pack stream it.

Each command runs in its own process under a small wrapper that reports
its peak resident memory (ru_maxrss of its only child). The file is sparse,
so making it costs nothing, but every byte of it still goes through cpdlog.
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import cli

SIZE = 200 << 20
LIMIT_MB = 100  # cpdlog itself peaks at about 40 MB; the file is 200 MB
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(peak // 1024, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _peak_mb(home: Path, *args: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "cpdlog",
         "--home", str(home), *args],
        capture_output=True, text=True, check=False, env=dict(os.environ),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return int(result.stderr.strip().splitlines()[-1])


def test_attach_and_pack_a_200_mb_file_in_little_memory(
    home: Path, tmp_path: Path
) -> None:
    big = tmp_path / "lecture recording.mp4"
    with open(big, "wb") as handle:
        handle.truncate(SIZE)
    aid = cli("add", "Recorded lecture", "--hours", "1", "-t", "webinar").stdout
    attach_mb = _peak_mb(home, "attach", aid.strip(), str(big))
    copy = home / "evidence" / "2026" / f"{aid.strip()}-lecture-recording.mp4"
    assert copy.stat().st_size == SIZE
    pack = tmp_path / "pack.zip"
    pack_mb = _peak_mb(home, "pack", "-o", str(pack))
    with zipfile.ZipFile(pack) as archive:
        assert archive.getinfo(copy.relative_to(home).as_posix()).file_size == SIZE
    print(json.dumps({"attach_peak_mb": attach_mb, "pack_peak_mb": pack_mb}))
    assert attach_mb < LIMIT_MB
    assert pack_mb < LIMIT_MB
