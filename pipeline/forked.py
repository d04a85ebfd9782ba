"""A yes-or-no check run in a forked child while this process goes on with other work."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable


def meanwhile(check: Callable[[], bool]) -> Callable[[], bool]:
    """Start ``check`` in a forked child and return how to wait for its answer (where
    there is no fork or no second core, it runs when asked)."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return check  # forking a process with threads can deadlock the child
    try:
        read, write = os.pipe()
    except OSError:
        return check
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return check
    if pid == 0:  # the child: answer one byte, then leave without running any cleanup
        try:
            os.close(read)
            os.write(write, b"1" if check() else b"0")
        finally:
            os._exit(0)
    os.close(write)

    def answer() -> bool:
        try:
            with os.fdopen(read, "rb") as pipe:
                return pipe.read(1) == b"1"  # nothing (a child that died) means: build
        finally:
            os.waitpid(pid, 0)

    return answer
