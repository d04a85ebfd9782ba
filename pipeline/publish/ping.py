"""Telling the world the feed changed: the WebSub hub (``websub_hub``) and Podping
(``[podping]``, podping.cloud's HTTP API, see ``pipeline/spec/podping.py``).

A ping that fails (the network, the service, a missing token) never fails a publish:
the site is out, and apps poll eventually. It is reported as a warning and remembered in
``.cache/ping.json``; the next ``pipeline publish`` or ``pipeline ping`` sends it again,
so a feed change is announced once the service answers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import requests

from pipeline.errors import FetchError, PublishError
from pipeline.models import Show
from pipeline.paths import cache_inside, cache_refused, read_small_file
from pipeline.write import replace_file

PENDING_FILE = Path(".cache") / "ping.json"
TIMEOUT = 10  # seconds; a ping is a small request, and a publish must not hang on it


@dataclass(frozen=True)
class Ping:
    """One notification: ``service`` ("websub" or "podping") at ``endpoint`` for ``feed``."""

    service: str
    endpoint: str
    feed: str
    reason: str = ""
    medium: str = ""
    token_env: str = ""

    def describe(self) -> str:
        if self.service == "websub":
            return f"WebSub hub {self.endpoint}"
        return f"Podping ({self.endpoint}, reason {self.reason}, medium {self.medium})"


@dataclass(frozen=True)
class PingReport:
    sent: tuple[Ping, ...] = ()
    warnings: tuple[str, ...] = ()
    pending: tuple[Ping, ...] = ()  # remembered for the next run
    notices: tuple[str, ...] = field(default=())


def pings_for(show: Show) -> list[Ping]:
    """Every notification the show asks for when its feed changes."""
    pings = []
    if show.websub_hub:
        pings.append(Ping("websub", show.websub_hub, show.feed_url))
    if show.podping is not None:
        settings = show.podping
        pings.append(
            Ping(
                "podping",
                settings.url,
                show.feed_url,
                settings.reason,
                show.medium,
                settings.token_env,
            )
        )
    return pings


def notify(
    root: Path,
    show: Show,
    session: requests.Session | None,
    env: Mapping[str, str],
    changed: bool,
    offline: bool = False,
) -> PingReport:
    """Send the pings a changed feed needs and those an earlier run could not send.

    ``session`` is only used when there is something to send (None with ``offline``)."""
    path = pending_file(root)
    wanted = pings_for(show)
    pending = [p for p in read_pending(path) if p in wanted]  # a service since removed: drop
    due = list(dict.fromkeys([*pending, *(wanted if changed else [])]))
    if not due:
        _write_pending(path, [])
        return PingReport()
    if offline or session is None:
        _write_pending(path, due)
        names = ", ".join(p.describe() for p in due)
        later = "sent by the next `pipeline publish` or `pipeline ping`"
        notice = f"--offline: {names} not notified; remembered in {PENDING_FILE} and {later}"
        return PingReport(pending=tuple(due), notices=(notice,))
    sent, failed, warnings = [], [], []
    for ping in due:
        try:
            send(ping, session, env)
            sent.append(ping)
        except PublishError as exc:
            failed.append(ping)
            warnings.append(f"{exc}; remembered in {PENDING_FILE}, retried on the next run")
    _write_pending(path, failed)
    return PingReport(tuple(sent), tuple(warnings), tuple(failed))


def remember(root: Path, show: Show) -> None:
    """Record the pings a changed feed needs before the publication is recorded: a run
    stopped after that (killed by CI, a crash) leaves them for the next run to send."""
    path = pending_file(root)
    wanted = pings_for(show)
    pending = [p for p in read_pending(path) if p in wanted]
    due = list(dict.fromkeys([*pending, *wanted]))
    if due and due != pending:
        _write_pending(path, due)


def pending_file(root: Path) -> Path:
    """Where the pings still owed are kept, refused (PublishError) when ``.cache`` or the
    file links out of the show: `pipeline ping` read them from and wrote them to the file
    the link named, outside the show folder. ``publish`` asks before writing anything."""
    if not cache_inside(root, PENDING_FILE):
        where = cache_refused(root, PENDING_FILE)
        raise PublishError(f"{PENDING_FILE}: {where}; remove the link")
    return root / PENDING_FILE


def send(
    ping: Ping, session: requests.Session, env: Mapping[str, str], timeout: float = TIMEOUT
) -> None:
    """One request, given ``timeout`` seconds to connect and to answer; raises
    PublishError saying what went wrong."""
    if ping.service == "websub":
        notify_hub(ping.endpoint, ping.feed, session, timeout)
        return
    token = env.get(ping.token_env, "").strip()
    if not token:
        raise PublishError(
            f"Podping not notified: the environment variable {ping.token_env} holds no token "
            "(set it in the shell or as a CI secret; never in a file in git)"
        )
    params = {"url": ping.feed, "reason": ping.reason, "medium": ping.medium}
    try:
        response = session.get(
            ping.endpoint, params=params, headers={"Authorization": token}, timeout=timeout
        )
    except (FetchError, requests.RequestException) as exc:
        raise PublishError(f"Podping {ping.endpoint} not notified ({exc})") from None
    if not 200 <= response.status_code < 300:
        hint = " (the token was refused)" if response.status_code in (401, 403) else ""
        raise PublishError(
            f"Podping {ping.endpoint} not notified (HTTP {response.status_code}){hint}"
        )


def notify_hub(
    hub: str, feed_url: str, session: requests.Session, timeout: float = TIMEOUT
) -> None:
    """Tell a WebSub hub the feed changed (``hub.mode=publish``), given ``timeout``
    seconds to connect and to answer (a timeout's message names them)."""
    try:
        response = session.post(
            hub, data={"hub.mode": "publish", "hub.url": feed_url}, timeout=timeout
        )
    except (FetchError, requests.RequestException) as exc:
        raise PublishError(f"WebSub hub {hub} not notified ({exc})") from None
    if not 200 <= response.status_code < 300:
        raise PublishError(f"WebSub hub {hub} not notified (HTTP {response.status_code})")


def read_pending(path: Path) -> list[Ping]:
    """The pings an earlier run could not send; a damaged file counts as none (it only
    ever holds retries, and the next change pings again anyway)."""
    try:
        data = json.loads(read_small_file(path).decode("utf-8"))
        return [Ping(**item) for item in data.get("pending", [])]
    # RecursionError: JSON nested deeper than the decoder recurses.
    except (OSError, ValueError, TypeError, AttributeError, RecursionError):
        return []


def _write_pending(path: Path, pings: Sequence[Ping]) -> None:
    if not pings:
        if path.is_file():
            path.unlink()
        return
    data = {"version": 1, "pending": [asdict(p) for p in pings]}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, text.encode("utf-8"))
