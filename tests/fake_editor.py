"""A stand-in for $EDITOR in tests: `python fake_editor.py MODE [ARG] FILE`.

Modes (the FILE is always last):
  write TEXTFILE   replace FILE with the contents of TEXTFILE
  replace OLD NEW  replace the text OLD by NEW in FILE
  keep COPY        copy FILE to COPY (what the editor was opened with), leave it
  fail             exit 3 without changing FILE
  fail-after OLD NEW  change FILE like replace, then exit 3
  touch-other PATH EXTRA  append EXTRA to PATH (a concurrent change), then
                   leave FILE as it is but add a comment line to it
  barrier DIR OLD NEW  mark DIR, wait until two editors have marked it (so
                   both cpdlog processes have read the file), then replace
"""

import os
import sys
import time
from pathlib import Path


def main() -> int:
    mode, *rest = sys.argv[1:]
    target = Path(rest[-1])
    args = rest[:-1]
    text = target.read_text(encoding="utf-8")
    if mode == "write":
        target.write_bytes(Path(args[0]).read_bytes())
    elif mode == "replace":
        target.write_text(text.replace(args[0], args[1]), encoding="utf-8")
    elif mode == "keep":
        Path(args[0]).write_bytes(target.read_bytes())
    elif mode == "fail":
        return 3
    elif mode == "fail-after":
        target.write_text(text.replace(args[0], args[1]), encoding="utf-8")
        return 3
    elif mode == "barrier":
        folder = Path(args[0])
        (folder / str(os.getpid())).touch()
        deadline = time.monotonic() + 20
        while len(list(folder.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        target.write_text(text.replace(args[1], args[2]), encoding="utf-8")
    elif mode == "touch-other":
        with open(args[0], "a", encoding="utf-8") as handle:
            handle.write(args[1])
        target.write_text(text + "\n# edited\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
