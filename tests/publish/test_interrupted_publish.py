"""A publish stopped after the site was written (CI cancelling the job, a full disk while
the state file is written): it says the site went out, and the next run still notifies the
WebSub hub, though the site it finds is already the new one."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.publish
from pipeline.cli import main
from pipeline.errors import OutputError
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.loopback import Loopback, answer
from tests.publish.test_publish import LATER


def hub(handler: BaseHTTPRequestHandler) -> None:
    handler.rfile.read(int(handler.headers.get("Content-Length", 0)))
    answer(handler, 204)


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["publish", "--root", str(root), "-q", "--now", LATER, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def stop_at_state_file(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def stop(path: Path, data: bytes) -> None:
        raise error

    monkeypatch.setattr(pipeline.publish, "replace_file", stop)


@pytest.mark.parametrize(
    "error", [KeyboardInterrupt(), OutputError("could not write published.json: disk full")]
)
def test_the_next_run_still_notifies_the_hub(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    with Loopback({"/hub": hub}) as server:
        config = BASIC_CONFIG.replace("[owner]", f'websub_hub = "{server.url}/hub"\n\n[owner]')
        root = make_show(config=config, episodes={"001-a": episode(1)})
        code, output = run(root, "--first-publication")
        assert code == 0, output
        assert server.hits("/hub") == 1
        (root / "episodes" / "002-b.yaml").write_text(episode(2), "utf-8")
        with monkeypatch.context() as patch:
            stop_at_state_file(patch, error)
            code, output = run(root)
        assert code != 0
        assert "Afl. 2" in (root / "site" / "feed.xml").read_text("utf-8")  # the site is out
        assert server.hits("/hub") == 1
        code, output = run(root)
        assert code == 0, output
        assert "Published: 002-b (Afl. 2: Onderwerp 2, 2026-03-02T07:00:00+01:00)" in output
        assert server.hits("/hub") == 2  # the change the stopped run made is announced
        run(root)  # and once only
        assert server.hits("/hub") == 2


def test_an_interrupt_after_the_site_was_written_says_so(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    stop_at_state_file(monkeypatch, KeyboardInterrupt())
    code, output = run(root, "--first-publication", "--no-ping")
    assert code == 130
    assert "nothing was written" not in output
    assert output.splitlines()[-1] == (
        f"Interrupted after the new site was written to {root / 'site'} in full; run the "
        "command again to finish (a folder it left beside the site is removed then)."
    )
