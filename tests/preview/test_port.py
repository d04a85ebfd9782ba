"""QA: `pipeline serve` on a port another program holds is an `Error:` line naming --port
(was an OSError traceback from http.server)."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode


def test_port_in_use(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--root", str(root), "--port", str(port), "--offline"]
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: --port: got {port}, expected a free port on 127.0.0.1 (Address already in "
        "use); stop the other server or pass another --port (0 picks any free one)"
    ]
    assert not (root / "site").exists()
