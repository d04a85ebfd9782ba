"""nginx from Debian, serving a folder on 127.0.0.1 for the duration of a test.

Its own nginx.conf in a temporary folder (pid, logs and temp paths all there), a free port
chosen at random, the site read by an unprivileged user: nginx's workers run as `nobody`
when the test runs as root (the `user` directive means nothing otherwise). MIME types are
Debian's list plus what podcast files need that it lacks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.loopback import free_port

MIME_TYPES = Path("/etc/nginx/mime.types")
# Types podcast apps look for that Debian's mime.types lacks or names otherwise.
EXTRA_TYPES = {"text/vtt": "vtt", "application/x-subrip": "srt"}
CHAPTERS_TYPE = "application/json+chapters"  # chapters/<episode>.json


@dataclass(frozen=True)
class Nginx:
    url: str  # http://127.0.0.1:PORT/
    root: Path
    logs: Path


def nginx_binary() -> str:
    found = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if found is None:
        raise AssertionError("nginx is not installed; `make test` installs it (Debian: nginx)")
    return found


def config(root: Path, state: Path, port: int) -> str:
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    types = "\n".join(f"        {mime} {ext};" for mime, ext in EXTRA_TYPES.items())
    temps = "\n".join(
        f"    {kind}_temp_path {state / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""\
{user}worker_processes 1;
daemon off;
pid {state / "nginx.pid"};
error_log {state / "error.log"} info;
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    types {{
{types}
    }}
    default_type application/octet-stream;
    access_log {state / "access.log"};
{temps}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location /chapters/ {{
            types {{ {CHAPTERS_TYPE} json; }}
        }}
    }}
}}
"""


@contextmanager
def serve(root: Path, state: Path) -> Iterator[Nginx]:
    """Serve ``root`` until the block ends; ``state`` holds the config, pid and logs."""
    state.mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    for folder in (root, state):
        reachable(folder)
    port = free_port()
    conf = state / "nginx.conf"
    conf.write_text(config(root, state, port), encoding="utf-8")
    process = subprocess.Popen(
        [nginx_binary(), "-p", str(state), "-c", str(conf), "-e", str(state / "error.log")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            if process.poll() is not None:
                out = process.stdout.read().decode() if process.stdout else ""
                raise AssertionError(f"nginx stopped at once:\n{out}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("nginx did not start listening within 10 s") from None
                time.sleep(0.05)
        yield Nginx(f"http://127.0.0.1:{port}/", root, state)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def reachable(path: Path) -> None:
    """nginx's workers (nobody) must reach ``path``: pytest's own temporary folders are
    private (0700), so serve from a folder made with :func:`public_folder` instead."""
    for folder in [path, *path.parents]:
        if not folder.stat().st_mode & 0o001:
            raise AssertionError(f"{folder} is closed to other users; nginx could not read it")


@contextmanager
def public_folder() -> Iterator[Path]:
    """A temporary folder other users may read (nginx's workers), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="pipeline-nginx-") as name:
        folder = Path(name)
        folder.chmod(0o755)
        yield folder
