"""Run ``pipeline serve`` as a real subprocess for tests, and stop it again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from tests.conftest import REPO


class Preview:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url
        self.stderr: list[str] = []

    def get(
        self, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        request = Request(self.url + path, headers=headers or {})
        try:
            with urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def wait_for(self, path: str, text: str, timeout: float = 15.0) -> bytes:
        """The page at ``path`` once it contains ``text`` (after a rebuild)."""
        deadline = time.monotonic() + timeout
        while True:
            status, _, body = self.get(path)
            if status == 200 and text.encode() in body:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"{path} never showed {text!r}; stderr: {self.stderr}")
            time.sleep(0.2)

    def wait_for_stderr(self, text: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.stderr):
            if time.monotonic() > deadline:
                raise AssertionError(f"stderr never showed {text!r}: {self.stderr}")
            time.sleep(0.1)


@contextmanager
def preview(root: Path, *args: str) -> Iterator[Preview]:
    """``pipeline serve --port 0 --offline`` on ``root``; yields once it serves."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--root", str(root), "--port", "0",
         "--offline", *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    line = process.stdout.readline()
    if not line.startswith("Serving "):
        process.kill()
        raise AssertionError(f"serve did not start: {line!r} {process.stderr.read()}")
    server = Preview(process, line.split()[1])
    errors = process.stderr

    def collect() -> None:
        for text in errors:
            server.stderr.append(text.rstrip("\n"))

    threading.Thread(target=collect, daemon=True).start()
    try:
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
