"""Related posts and episodes: a ranked, explained top list for every item.

A post and the episode paired with it are one *unit* (same subject); units are compared
(``similarity.py``: TF-IDF text, tags, guests, recency), then every post and episode gets
the units closest to its own, as links to the same kind of item where the unit has one
(post -> post, episode -> episode), plus a link to its own pair partner first. Ties are
broken by the target's key, so the same input always gives the same links.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.labels import Labels, labels_for
from pipeline.link.incremental import Snapshot, related_again
from pipeline.link.similarity import Item, Match, related_items
from pipeline.models import Content, RelatedLink
from pipeline.parallel import uncollected
from pipeline.settings import RelatedSettings
from pipeline.text.titles import without_number

__all__ = ["Item", "Match", "Snapshot", "explain", "relate", "relate_again", "related_items"]


# --- From content to links -------------------------------------------------------------


def explain(match: Match, language: str) -> str:
    """``over: prijzen, korting; tags: prijzen; gast: Noor Hendriks``."""
    return _explain(match, labels_for(language))


def _explain(match: Match, words: Labels) -> str:
    parts = []
    if match.terms:
        parts.append(f"{words.why_about}: {', '.join(match.terms)}")
    if match.tags:
        parts.append(f"{words.why_tags}: {', '.join(match.tags)}")
    if match.guests:
        parts.append(f"{words.why_guest}: {', '.join(match.guests)}")
    return "; ".join(parts)


@dataclass(frozen=True)
class _Unit:
    post: str | None
    episode: str | None

    @property
    def key(self) -> str:
        return f"post:{self.post}" if self.post else f"episode:{self.episode}"

    def target(self, kind: str) -> str:
        if (kind == "post" and self.post) or not self.episode:
            return f"post:{self.post}"
        return f"episode:{self.episode}"


Links = dict[str, tuple[RelatedLink, ...]]


def relate(
    content: Content,
    pairs: Mapping[str, str],
    settings: RelatedSettings | None = None,
    jobs: int = 1,
) -> Links:
    """Related links of every post and episode, keyed ``post:<slug>`` / ``episode:<slug>``.

    ``pairs`` is episode slug -> post slug; each partner is linked first (kind ``pair``),
    then up to ``top`` related items (kind ``related``) with score and explanation.
    """
    settings = settings or content.show.related
    with uncollected():
        units, items = _units(content, pairs)
        matches = related_items(items, content.show.language, settings, jobs)
        return _links(units, matches, content)


def relate_again(
    content: Content,
    pairs: Mapping[str, str],
    previous: Snapshot | None,
    settings: RelatedSettings | None = None,
    jobs: int = 1,
) -> tuple[Links, Snapshot]:
    """:func:`relate`, reusing what an earlier call left (``previous``, from a build cache):
    the same links, and the snapshot to keep for next time (see ``incremental.py``)."""
    settings = settings or content.show.related
    with uncollected():
        units, items = _units(content, pairs)
        language = content.show.language
        matches, snapshot, _ = related_again(items, language, settings, previous, jobs)
        return _links(units, matches, content), snapshot


def _units(content: Content, pairs: Mapping[str, str]) -> tuple[list[_Unit], list[Item]]:
    """Posts, episodes paired with them, and lone episodes, by key; what the scorer sees."""
    posts = content.posts_by_slug
    episodes = content.episodes_by_slug
    paired_posts = {p: e for e, p in pairs.items() if e in episodes and p in posts}
    units = [_Unit(p.slug, paired_posts.get(p.slug)) for p in content.posts]
    units += [_Unit(None, e.slug) for e in content.episodes if e.slug not in pairs]
    units = sorted({u.key: u for u in units}.values(), key=lambda u: u.key)
    items = []
    for unit in units:
        post = posts.get(unit.post) if unit.post else None
        ep = episodes.get(unit.episode) if unit.episode else None
        title = post.title if post else without_number(ep.title if ep else "")
        body = [post.body if post else ""]
        if ep is not None:
            body += [ep.summary or "", *(c.title for c in ep.chapters)]
        items.append(
            Item(
                key=unit.key,
                title=title,
                text="\n".join(body),
                tags=post.tags if post else (),
                guests=tuple(g.name for g in ep.guests) if ep else (),
                date=post.date if post else (ep.date if ep else None),
            )
        )
    return units, items


def _links(units: list[_Unit], matches: list[list[Match]], content: Content) -> Links:
    words = labels_for(content.show.language)
    # What a link to each unit points at, from a post and from an episode.
    targets = {kind: [unit.target(kind) for unit in units] for kind in ("post", "episode")}
    out: Links = {}
    for unit, found in zip(units, matches, strict=True):
        reasons = [_explain(m, words) for m in found]
        for kind, slug in (("post", unit.post), ("episode", unit.episode)):
            if slug is None:
                continue
            links: list[RelatedLink] = []
            if unit.post and unit.episode:
                other = "episode" if kind == "post" else "post"
                partner = unit.episode if kind == "post" else unit.post
                why = words.why_episode if other == "episode" else words.why_post
                links.append(RelatedLink(f"{other}:{partner}", 1.0, why, kind="pair"))
            to = targets[kind]
            links += [
                RelatedLink(to[m.index], m.score, reason, "related", m.terms, m.tags, m.guests)
                for m, reason in zip(found, reasons, strict=True)
            ]
            out[f"{kind}:{slug}"] = tuple(links)
    return dict(sorted(out.items()))
