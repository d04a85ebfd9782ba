"""The show's hourly workflow when GitHub Pages fails: what did not go out is deployed by
the next run, and the pings it sends carry the repository's Podping token.

The same show, workflow and stand-ins as tests/e2e/test_own_show.py: every `run:` step for
real, GitHub's actions done on folders, nginx serving what deploy-pages deployed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.actions import Run, Runner
from tests.e2e.nginx import Nginx, public_folder, serve
from tests.e2e.test_own_show import git, make_show, runner
from tests.loopback import Loopback, answer

pytestmark = pytest.mark.slow

SUMMARY = "Over de buurt, met koffie."


def _first_publication(tmp_path: Path, web: Nginx, podping: Loopback) -> tuple[Path, Runner, Run]:
    """The show with Podping at ``podping``, its hourly workflow holding the repository's
    Podping token, and that workflow's first run, the first publication."""
    show = make_show(tmp_path / "home", web)
    toml = show / "podcast.toml"
    toml.write_text(toml.read_text() + f'\n[podping]\nurl = "{podping.url}/podping/"\n')
    git(show, "commit", "-q", "-am", "Podping")
    hourly = runner(show, tmp_path, web)
    hourly.secrets = {"PODPING_TOKEN": "geheim-token"}
    hourly.inputs = {"first_publication": "true"}
    first = hourly.run(tmp_path / "run-1")
    hourly.inputs = {}
    return show, hourly, first


def test_a_deployment_that_failed_is_made_by_the_next_run(tmp_path: Path) -> None:
    with (
        public_folder() as public,
        serve(public / "pages", public / "nginx") as web,
        Loopback({"/podping/": lambda h: answer(h, 200, b"Success!")}) as podping,
    ):
        show, hourly, first = _first_publication(tmp_path, web, podping)
        assert first.deployed == 1 and not first.failed, first.logs
        # The ping step has the repository secret: Podping was told, with the token.
        assert "Notified Podping" in first.logs["Notify the WebSub hub and Podping"]
        ((method, target, headers),) = podping.log
        assert method == "GET" and headers["Authorization"] == "geheim-token"
        assert parse_qs(urlsplit(target).query)["url"] == [web.url + "feed.xml"]

        # A summary written for episode 1; the run that publishes it meets a Pages outage.
        path = show / "episodes" / "001-afl-1-koffie.yaml"
        path.write_text(path.read_text().replace('summary: ""', f'summary: "{SUMMARY}"'))
        git(show, "commit", "-q", "-am", "Samenvatting")
        hourly.failing = {"actions/deploy-pages"}
        outage = hourly.run(tmp_path / "run-2")
        hourly.failing = set()
        assert outage.failed.startswith("actions/deploy-pages"), outage.ran
        assert SUMMARY not in (web.root / "feed.xml").read_text(encoding="utf-8")

        # An hour later Pages is back: the run deploys what the failed one did not.
        after = hourly.run(tmp_path / "run-3")
        assert after.deployed == 1, after.logs["Publish what is due"]
        assert SUMMARY in (web.root / "feed.xml").read_text(encoding="utf-8")
        assert len(podping.log) == 2
        # ... and the run after that has nothing left to do.
        quiet = hourly.run(tmp_path / "run-4")
        assert quiet.deployed == 0 and quiet.saved == []


def test_a_ping_that_failed_is_sent_by_the_next_run(tmp_path: Path) -> None:
    """Before: .cache/ping.json stayed behind on the runner and the ping step ran only with
    a new deployment, so a Podping outage lost that publication's ping for good."""
    up = [False]  # Podping answers 503 (every retry too) until it is back up
    with (
        public_folder() as public,
        serve(public / "pages", public / "nginx") as web,
        Loopback({"/podping/": lambda h: answer(h, 200 if up[0] else 503)}) as podping,
    ):
        _, hourly, first = _first_publication(tmp_path, web, podping)
        assert first.deployed == 1
        log = first.logs["Notify the WebSub hub and Podping"]
        assert "not notified (HTTP 503)" in log

        up[0] = True
        tried = len(podping.log)
        retry = hourly.run(tmp_path / "run-2")  # nothing new: no deployment, the ping again
        assert retry.deployed == 0
        assert "Notified Podping" in retry.logs["Notify the WebSub hub and Podping"]
        assert len(podping.log) == tried + 1

        quiet = hourly.run(tmp_path / "run-3")  # sent: nothing owed any more
        assert quiet.deployed == 0 and quiet.saved == [] and len(podping.log) == tried + 1
        assert "Notify the WebSub hub and Podping" in quiet.skipped
