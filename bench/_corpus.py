"""A synthetic Dutch blog + podcast corpus for ``make bench``, from our own words (_words.py).

Shape (as issue 15 describes a real show of this kind): posts of 300-1,500 words (median
about 880), one in five the post of an episode that embeds its SoundCloud player, about a
third ending with "Lees ook:" lines to earlier posts, 2-5 tags each, one episode per five
posts. Every post has a *topic* (one of the thirty subjects of ``THEMES``), which is what
related-post precision@5 is measured against, and is set in one kind of shop, whose words
it shares with posts on other subjects.

Each sentence comes from a template; its slots take a noun, verb or adjective of the post's
subject (often), of a second subject it touches on, of its shop, of a random subject, or of
the everyday vocabulary. Tags are noisy the way authors tag: usually the subject, often the
shop, sometimes the second subject, now and then a wrong one, filled up with generic tags.
Everything is deterministic for a seed, so runs and sizes are comparable.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench._subjects import THEMES
from bench._templates import HEADINGS, SENTENCES, TITLES
from bench._words import (
    DAYS,
    EVERYDAY,
    FIRST_NAMES,
    GENERIC_TAGS,
    LAST_NAMES,
    SHOPS,
    Lexicon,
)

START = datetime(2012, 1, 2, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=14 * 365)  # the whole corpus, whatever its size: dates stay before 2027
NOW = datetime(2030, 1, 1, tzinfo=UTC)  # a build time after every post

# Shares of the slots of a post's sentences, per source (the rest is everyday language).
SHARE_NOUN = {"topic": 0.26, "second": 0.09, "shop": 0.14, "random": 0.05}
SHARE_OTHER = {"topic": 0.22, "second": 0.08, "random": 0.04}  # verbs and adjectives
SHARE_TITLE = {"topic": 0.6, "shop": 0.15, "second": 0.05}  # titles name the subject

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class EpisodeSpec:
    number: int
    stem: str  # file name without .yaml
    title: str
    date: datetime
    track_id: int
    summary: str
    guests: tuple[str, ...]
    chapters: tuple[tuple[int, str], ...]  # (start seconds, title)
    duration: int  # seconds


@dataclass(frozen=True)
class PostSpec:
    index: int
    stem: str  # file name without .md: date and slug
    slug: str
    topic: str  # the label precision@5 is measured against
    shop: str
    title: str
    date: datetime
    tags: tuple[str, ...]
    body: str
    episode: EpisodeSpec | None = None


def _compile(template: str) -> tuple[str, tuple[str, ...]]:
    """``"Een {n} zonder {nn}"`` -> ``("Een {} zonder {}", ("n", "nn"))``."""
    return _SLOT.sub("{}", template), tuple(_SLOT.findall(template))


_SENTENCES = [_compile(t) for t in SENTENCES]
_TITLES = [_compile(t) for t in TITLES]
_HEADINGS = [_compile(t) for t in HEADINGS]
_THEMES = sorted(THEMES)
_SHOPS = sorted(SHOPS)


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


class _Writer:
    """Fills templates for one post: its subject, second subject and shop."""

    def __init__(self, rng: random.Random, topic: str, second: str, shop: str, guest: str):
        self.rng = rng
        self.shop = shop
        self.names = [*rng.sample(FIRST_NAMES, 3), guest]
        themes = THEMES[topic], THEMES[second]
        # Each post leans on some of its subject's words more than others (as people do).
        self.pools = {
            "topic": _pools(rng, themes[0]),
            "second": _pools(rng, themes[1]),
            "shop": _pools(rng, SHOPS[shop]),
            "everyday": _pools(rng, EVERYDAY),
        }

    def word(self, slot: str, title: bool = False) -> str:
        rng = self.rng
        if slot == "shop":
            return self.shop
        if slot == "name":
            return self.names[int(rng.random() * len(self.names))]
        if slot == "day":
            return DAYS[int(rng.random() * len(DAYS))]
        kind, form = _FORMS[slot]
        roll = rng.random()
        source = "everyday"
        shares = SHARE_TITLE if title else SHARE_NOUN if kind == "n" else SHARE_OTHER
        for name, share in shares.items():
            if roll < share:
                source = name
                break
            roll -= share
        pools = _random_pools(rng) if source == "random" else self.pools[source]
        pool = pools.get(kind) or self.pools["everyday"][kind]
        return pool[int(rng.random() * len(pool))][form]

    def fill(self, compiled: tuple[str, tuple[str, ...]], title: bool = False) -> str:
        template, slots = compiled
        text = template.format(*(self.word(s, title) for s in slots))
        return text[0].upper() + text[1:]

    def sentence(self) -> str:
        return self.fill(_SENTENCES[int(self.rng.random() * len(_SENTENCES))])


_FORMS = {
    "n": ("n", 0),
    "nn": ("n", 1),
    "v": ("v", 0),
    "v3": ("v", 1),
    "vp": ("v", 2),
    "ap": ("a", 0),
    "a": ("a", 1),
}


def _pools(rng: random.Random, lexicon: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    """Per part of speech, a list to draw from uniformly: lemmas repeated by a Zipf-like
    weight, in an order shuffled per post."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for kind, lemmas in (
        ("n", lexicon.nouns),
        ("v", lexicon.verbs),
        ("a", lexicon.adjectives),
    ):
        order = list(lemmas)
        rng.shuffle(order)
        pool: list[tuple[str, ...]] = []
        for rank, lemma in enumerate(order):
            pool += [lemma] * max(1, round(12 / (rank + 1) ** 0.9))
        out[kind] = pool
    return out


_RANDOM_POOLS: dict[str, dict[str, list[tuple[str, ...]]]] = {}


def _random_pools(rng: random.Random) -> dict[str, list[tuple[str, ...]]]:
    theme = _THEMES[int(rng.random() * len(_THEMES))]
    if theme not in _RANDOM_POOLS:
        _RANDOM_POOLS[theme] = _pools(random.Random(theme), THEMES[theme])
    return _RANDOM_POOLS[theme]


def _words(rng: random.Random) -> int:
    """Post length: log-normal around 880 words, kept within 300-1,500 (the closing
    "Lees ook:" lines come on top; the last sentence may end up to ~18 words over)."""
    return max(300, min(1440, round(math.exp(rng.gauss(math.log(875), 0.33)))))


def _topics(rng: random.Random) -> tuple[list[str], list[float]]:
    """Subjects with uneven weights (some subjects are written about more than others)."""
    order = list(_THEMES)
    rng.shuffle(order)
    return order, [1 / (k + 1) ** 0.5 for k in range(len(order))]


def _experts(theme: str) -> list[str]:
    """Guests who come on to talk about ``theme`` (the same few people, as in real shows)."""
    rng = random.Random(f"experts {theme}")
    return [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(12)]


def _tags(rng: random.Random, topic: str, second: str, shop: str, episode: bool) -> list[str]:
    tags: list[str] = []
    if rng.random() < 0.85:
        tags.append(topic.capitalize() if rng.random() < 0.1 else topic)
    nouns = THEMES[topic].nouns
    for _ in range(rng.choice((0, 1, 1, 2))):  # words of the subject as tags: korting, marge
        tags.append(nouns[int(rng.random() * len(nouns))][int(rng.random() * 2)])
    if rng.random() < 0.25:
        tags.append(shop)
    if rng.random() < 0.2:
        tags.append(second)
    if rng.random() < 0.05:
        tags.append(_THEMES[int(rng.random() * len(_THEMES))])
    if episode:
        tags.append("podcast")
    tags = list(dict.fromkeys(tags))
    want = rng.randint(2, 5)
    generic = [t for t in GENERIC_TAGS if t not in tags]
    rng.shuffle(generic)
    while len(tags) < want:
        tags.append(generic.pop())
    return tags[:5]


def _body(
    rng: random.Random, writer: _Writer, words: int, player: str | None, links: list[str]
) -> str:
    """Paragraphs, headings and now and then a list, ``words`` words long (the player and
    link targets not counted)."""
    blocks: list[str] = []
    count = 0
    while True:
        if blocks and rng.random() < 0.3:
            heading = writer.fill(_HEADINGS[int(rng.random() * len(_HEADINGS))])
            count += heading.count(" ") + 1
            blocks.append("## " + heading)
        sentences: list[str] = []
        for _ in range(rng.randint(3, 6)):
            sentence = writer.sentence()
            count += sentence.count(" ") + 1
            sentences.append(sentence)
            if count >= words:
                break
        if links and rng.random() < 0.3:
            sentences.append(f"Meer daarover in [dit eerdere stuk](/posts/{links.pop()}/).")
            count += 5
        blocks.append(" ".join(sentences))
        if player and len(blocks) == 1:
            blocks.append(player)
        if count >= words:
            return "\n\n".join(blocks)
        if rng.random() < 0.08:
            items = [writer.fill(_HEADINGS[0]) for _ in range(rng.randint(3, 5))]
            count += sum(item.count(" ") + 1 for item in items)
            blocks.append("\n".join(f"- {item}" for item in items))


def player(track_id: int, title: str, slug: str) -> str:
    """A SoundCloud embed as SoundCloud's share dialog writes it (iframe + credits)."""
    return (
        '<iframe width="100%" height="166" scrolling="no" frameborder="no" allow="autoplay" '
        f'src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/{track_id}'
        "&color=%23ff5500&auto_play=false&hide_related=false&show_comments=true&show_user=true"
        '&show_reposts=false&show_teaser=true"></iframe><div style="font-size: 10px; color: '
        '#cccccc;"><a href="https://soundcloud.com/benchshow" title="Bench Show" '
        'target="_blank">Bench Show</a> · <a href="https://soundcloud.com/benchshow/'
        f'{slug}" title="{title}" target="_blank">{title}</a></div>'
    )


def generate(n: int, seed: int = 15) -> list[PostSpec]:
    """``n`` posts (and ``n // 5`` episodes, every fifth post being an episode's)."""
    rng = random.Random(seed)
    topics, weights = _topics(rng)
    step = SPAN / max(n, 1)
    posts: list[PostSpec] = []
    by_topic: dict[str, list[int]] = {t: [] for t in _THEMES}
    slugs: set[str] = set()
    for i in range(n):
        topic = rng.choices(topics, weights)[0]
        second = _THEMES[int(rng.random() * len(_THEMES))]
        shop = _SHOPS[int(rng.random() * len(_SHOPS))]
        is_episode = i % 5 == 2
        guests = rng.sample(_experts(topic), rng.randint(1, 2)) if is_episode else []
        writer = _Writer(rng, topic, second, shop, guests[0] if guests else rng.choice(LAST_NAMES))
        title = writer.fill(_TITLES[int(rng.random() * len(_TITLES))], title=True)
        slug = base = slugify(title)
        k = 1
        while slug in slugs:
            k += 1
            slug = f"{base}-{k}"
        slugs.add(slug)
        date = START + step * i
        stem = f"{date:%Y-%m-%d}-{slug}"
        episode = None
        embed = None
        if is_episode:
            number = i // 5 + 1
            track = 900_000_000 + number
            ep_title = f"Afl. {number}: {title}"
            ep_slug = f"afl-{number}-{slug}"
            embed = player(track, ep_title, ep_slug)
            duration = rng.randint(20, 60) * 60 + rng.randint(0, 59)
            starts = sorted(rng.sample(range(60, duration - 60, 30), rng.randint(2, 5)))
            episode = EpisodeSpec(
                number=number,
                stem=f"{number:05d}-{slug}"[:80].rstrip("-"),
                title=ep_title,
                date=date - timedelta(hours=2),
                track_id=track,
                summary=" ".join(writer.sentence() for _ in range(2)),
                guests=tuple(guests),
                chapters=((0, "Intro"), *((s, writer.fill(_HEADINGS[4])) for s in starts)),
                duration=duration,
            )
        earlier = by_topic[topic]
        links = [posts[rng.choice(earlier)].slug] if earlier and rng.random() < 0.1 else []
        body = _body(rng, writer, _words(rng), embed, links)
        if posts and rng.random() < 1 / 3:
            pool = earlier if earlier and rng.random() < 0.8 else range(len(posts))
            chosen = dict.fromkeys(rng.choice(pool) for _ in range(rng.randint(1, 3)))
            body += "\n\n" + "\n".join(f"Lees ook: {posts[j].title}" for j in chosen)
        posts.append(
            PostSpec(
                index=i,
                stem=stem,
                slug=slug,
                topic=topic,
                shop=shop,
                title=title,
                date=date,
                tags=tuple(_tags(rng, topic, second, shop, is_episode)),
                body=body,
                episode=episode,
            )
        )
        by_topic[topic].append(i)
    return posts
