"""Small pieces the site's pages are made of: headings in order, dates in the show's words.
(Links between pages: ``pipeline/render/links.py``.)"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import datetime

from pipeline.labels import labels_for
from pipeline.models import Show
from pipeline.notes.source import Segment
from pipeline.text.dates import zone


def demote_headings(html: str, top: int = 2) -> str:
    """Shift headings so the body's highest one is ``h{top}``: pages keep headings in order."""
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", html)]
    if not levels or min(levels) >= top:
        return html
    shift = top - min(levels)
    return re.sub(
        r"<(/?)h([1-6])\b",
        lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}",
        html,
    )


def date_text(show: Show, when: datetime) -> str:
    """A date as people of the show's language write it: ``4 maart 2026``."""
    local = when.astimezone(zone(show.timezone))
    return labels_for(show.language).date(local.day, local.month, local.year)


def inline_html(segments: Iterable[Segment]) -> str:
    """Show-notes text with its links (absolute URLs: ``Site.body_html`` makes ours relative)."""
    parts = []
    for segment in segments:
        text = html.escape(segment.text)
        parts.append(f'<a href="{html.escape(segment.href)}">{text}</a>' if segment.href else text)
    return "".join(parts)
