"""The ``pipeline`` command (and ``python -m pipeline``).

Importing the commands takes about half a second (numpy, scipy, lxml...); a Ctrl-C in that
time must not print a traceback either, so the import happens inside the guard.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def run() -> None:
    try:
        # A build with nothing new is answered before click and the commands load
        from pipeline.unchanged import answer

        code, checked = answer(sys.argv[1:])
        if code is not None:
            leave(code)
        from pipeline.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted; nothing was written.\n")
        raise SystemExit(130) from None
    try:
        main(obj=checked)
    except SystemExit as done:
        leave(done.code)
    except OSError as exc:
        if not _from_echo(exc):
            raise
        # click.echo met a full disk or a closed terminal on stdout: say so where it still
        # can be said, and fail, as the quick answer does (pipeline/unchanged.py).
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"Error: cannot write the output ({exc.strerror or exc})\n")
            sys.stderr.flush()
        # What is left in the old stdout can go nowhere: not even at the interpreter's exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends
        leave(1)


def _from_echo(exc: OSError) -> bool:
    """Whether ``exc`` was raised writing a command's output: every line goes out through
    click.echo, so that is where the traceback ends."""
    import click

    last = exc.__traceback__
    while last is not None and last.tb_next is not None:
        last = last.tb_next
    return last is not None and last.tb_frame.f_code is click.echo.__code__


def leave(code: object) -> NoReturn:
    """End the process with ``code`` as ``sys.exit`` would, without freeing every object.

    After a large build the interpreter spends a second taking its millions of objects
    apart one by one (1.0 s of 17 at 10,000 posts) for memory the system takes back at once.
    Exit handlers still run and the output is flushed; the shortcut is taken only when no
    other thread is left that a normal exit would wait for.
    """
    if threading.active_count() > 1:
        raise SystemExit(code)
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): printed, status 1
        sys.stderr.write(f"{code}\n")
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (``| head``) or stream: there is nothing more to give it.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
