"""Telling the world the feed changed: the WebSub hub."""

from __future__ import annotations

import requests

from pipeline.errors import FetchError, PublishError


def notify_hub(hub: str, feed_url: str, session: requests.Session) -> None:
    """Tell a WebSub hub the feed changed (``hub.mode=publish``)."""
    try:
        response = session.post(hub, data={"hub.mode": "publish", "hub.url": feed_url}, timeout=10)
    except (FetchError, requests.RequestException) as exc:
        raise PublishError(f"WebSub hub {hub} not notified ({exc})") from None
    if not 200 <= response.status_code < 300:
        raise PublishError(f"WebSub hub {hub} not notified (HTTP {response.status_code})")
