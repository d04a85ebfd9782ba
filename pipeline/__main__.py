"""The ``pipeline`` command (and ``python -m pipeline``).

Importing the commands takes about half a second (numpy, scipy, lxml...); a Ctrl-C in that
time must not print a traceback either, so the import happens inside the guard.
"""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from pipeline.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted; nothing was written.\n")
        raise SystemExit(130) from None
    main()


if __name__ == "__main__":
    run()
