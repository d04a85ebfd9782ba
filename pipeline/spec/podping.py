"""Podping (podping.cloud's HTTP front end): how a publisher says "this feed changed".

``GET https://podping.cloud/?url=<feed>&reason=<reason>&medium=<medium>`` with the
publisher's token as the whole ``Authorization`` header (no "Bearer") and a
``User-Agent`` naming the sender; 200 means queued. Reasons and media are the Podping
schema's (podping-schemas ``podping_reason.capnp`` and ``podping_medium.capnp``); its
media are the namespace's ``podcast:medium`` values.
"""

from __future__ import annotations

from pipeline.spec.podcasting20 import MEDIA

PODPING_URL = "https://podping.cloud/"
REASONS = ("update", "live", "liveEnd")
DEFAULT_REASON = "update"
PODPING_MEDIA = MEDIA
# The token never lives in a file in git: a CI secret or the shell puts it here.
TOKEN_ENV = "PODPING_TOKEN"
