"""The site's Content-Security-Policy: what a page may load and run.

Only the site's own scripts and styles run (no inline script or style attribute anywhere
in the templates, no eval, no WebAssembly); artwork and audio may come from any https
host (SoundCloud's images and streams, a show's own audio host); the only frame is
SoundCloud's player.
Pages carry it as ``<meta http-equiv>``; ``pipeline serve`` also sends it as a header.
"""

from __future__ import annotations

POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' https:"),
    ("media-src", "'self' https:"),
    ("connect-src", "'self'"),
    ("frame-src", "https://w.soundcloud.com"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
CONTENT_SECURITY_POLICY = "; ".join(f"{name} {value}" for name, value in POLICY)
