"""The bench corpus as input: a show folder for ``pipeline build``, the same posts and
episodes as a Hugo site (with or without a related-posts list), and in memory.

The Hugo site renders what our site renders, in Hugo's own way: a page per post and per
episode (show notes, guests, chapters, player), tag pages, an archive, the home page and an
RSS feed. With ``related=True`` every post and episode page lists Hugo's five related pages
(``.Site.RegularPages.Related``) under Hugo's documented default related configuration, and
those lists are what Hugo's precision@5 is measured on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from bench._corpus import NOW, EpisodeSpec, PostSpec
from pipeline.models import Chapter, Content, Episode, Person, Post, Show

SHOW_TOML = """\
title = "Bench Show"
description = "Een gegenereerde show over kleine winkels, voor make bench."
author = "Bench"
language = "nl"
base_url = "https://bench.example/"
artwork = "https://bench.example/art.jpg"
categories = ["Business > Entrepreneurship"]
explicit = false
timezone = "Europe/Amsterdam"

[owner]
name = "Bench"
email = "bench@bench.example"
"""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def post_file(post: PostSpec) -> str:
    return (
        f"---\ntitle: {_q(post.title)}\ndate: {post.date:%Y-%m-%d %H:%M:%S} +0000\n"
        f"tags: {json.dumps(list(post.tags), ensure_ascii=False)}\n---\n\n{post.body}\n"
    )


def _clock(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def episode_file(ep: EpisodeSpec, post_stem: str) -> str:
    lines = [
        f"title: {_q(ep.title)}",
        f"number: {ep.number}",
        f"date: {ep.date:%Y-%m-%d %H:%M}",
        f"guid: tag:soundcloud,2010:tracks/{ep.track_id}",
        f"soundcloud: https://soundcloud.com/benchshow/afl-{ep.number}",
        f"audio: https://media.bench.example/afl-{ep.number:05d}.mp3",
        f"length: {ep.duration * 16_000}",
        f'duration: "{_clock(ep.duration)}"',
        "explicit: false",
        f"summary: {_q(ep.summary)}",
        "guests:",
        *(f"  - name: {_q(g)}\n    role: guest" for g in ep.guests),
        "chapters:",
        *(f'  - start: "{_clock(s)}"\n    title: {_q(t)}' for s, t in ep.chapters),
        f"post: {post_stem}",
    ]
    return "\n".join(lines) + "\n"


def write_show(root: Path, posts: Iterable[PostSpec]) -> Path:
    """The corpus as a show folder (``podcast.toml``, ``posts/``, ``episodes/``)."""
    (root / "posts").mkdir(parents=True, exist_ok=True)
    (root / "episodes").mkdir(exist_ok=True)
    (root / "podcast.toml").write_text(SHOW_TOML, encoding="utf-8")
    for post in posts:
        (root / "posts" / f"{post.stem}.md").write_text(post_file(post), encoding="utf-8")
        if post.episode:
            episode = root / "episodes" / f"{post.episode.stem}.yaml"
            episode.write_text(episode_file(post.episode, post.stem), encoding="utf-8")
    return root


def content(posts: Iterable[PostSpec]) -> tuple[Content, dict[str, str]]:
    """The corpus as loaded content, without files (for related links at 100,000 posts),
    and its pairs (episode slug -> post slug)."""
    root = Path("/nonexistent-bench-show")
    loaded: list[Post] = []
    episodes: list[Episode] = []
    pairs: dict[str, str] = {}
    for p in posts:
        loaded.append(
            Post(
                source=root / "posts" / f"{p.stem}.md",
                slug=p.slug,
                title=p.title,
                date=p.date,
                body=p.body,
                body_line=6,
                tags=p.tags,
            )
        )
        if p.episode:
            ep = p.episode
            episodes.append(
                Episode(
                    source=root / "episodes" / f"{ep.stem}.yaml",
                    slug=ep.stem,
                    title=ep.title,
                    date=ep.date,
                    number=ep.number,
                    guid=f"tag:soundcloud,2010:tracks/{ep.track_id}",
                    audio=f"https://media.bench.example/afl-{ep.number:05d}.mp3",
                    duration=ep.duration,
                    length=ep.duration * 16_000,
                    post=p.stem,
                    summary=ep.summary,
                    guests=tuple(Person(g) for g in ep.guests),
                    chapters=tuple(Chapter(float(s), t) for s, t in ep.chapters),
                )
            )
            pairs[ep.stem] = p.slug
    show = Show(
        source=root / "podcast.toml",
        title="Bench Show",
        description="Een gegenereerde show.",
        author="Bench",
        language="nl",
        base_url="https://bench.example/",
        artwork="https://bench.example/art.jpg",
        categories=(),
        owner_name="Bench",
        owner_email="bench@bench.example",
    )
    return Content(root, show, tuple(loaded), tuple(episodes)), pairs


HUGO_CONFIG = """\
baseURL = "https://bench.example/"
title = "Bench Show"
languageCode = "nl"
disableKinds = ["sitemap", "robotsTXT"]

[markup.goldmark.renderer]
  unsafe = true  # keep the SoundCloud players, as our site does

[taxonomies]
  tag = "tags"

[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]

# Hugo's documented default related configuration.
[related]
  includeNewer = false
  threshold = 80
  toLower = false
  [[related.indices]]
    name = "keywords"
    weight = 100
  [[related.indices]]
    name = "date"
    weight = 10
  [[related.indices]]
    name = "tags"
    weight = 80
"""
_BASEOF = """\
<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ .Title }} · \
{{ .Site.Title }}</title></head><body><header><a href="/">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
_SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}\
</time>
{{ with .Params.guests }}<p>Te gast: {{ delimit . ", " }}</p>{{ end }}
{{ .Content }}
{{ with .Params.chapters }}<ol>{{ range . }}<li>{{ .start }} {{ .title }}</li>{{ end }}</ol>\
{{ end }}
<ul class="tags">{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}\
</a></li>{{ end }}</ul>
RELATED</article>{{ end }}
"""
_RELATED = """\
<aside><h2>Lees en luister ook</h2><ul class="related">\
{{ range first 5 (.Site.RegularPages.Related .) }}\
<li><a href="{{ .RelPermalink }}" data-key="{{ .Params.key }}">{{ .Title }}</a></li>\
{{ end }}</ul></aside>
"""
_LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">\
{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
"""
_HOME = """\
{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range first 10 .Site.RegularPages }}<li>\
<a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def write_hugo(site: Path, posts: Iterable[PostSpec], related: bool) -> Path:
    """The corpus as a Hugo site in ``site``; ``related``: pages list related posts."""
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (layouts / "baseof.html").write_text(_BASEOF, encoding="utf-8")
    single = _SINGLE.replace("RELATED", _RELATED if related else "")
    (layouts / "single.html").write_text(single, encoding="utf-8")
    (layouts / "list.html").write_text(_LIST, encoding="utf-8")
    (site / "layouts" / "index.html").write_text(_HOME, encoding="utf-8")
    for folder in ("posts", "episodes"):
        (site / "content" / folder).mkdir(parents=True, exist_ok=True)
    for post in posts:
        tags = json.dumps(list(post.tags), ensure_ascii=False)
        (site / "content" / "posts" / f"{post.slug}.md").write_text(
            f"---\ntitle: {_q(post.title)}\ndate: {post.date.isoformat()}\ntags: {tags}\n"
            f"key: post-{post.index}\n---\n\n{post.body}\n",
            encoding="utf-8",
        )
        if post.episode:
            ep = post.episode
            chapters = [{"start": _clock(s), "title": t} for s, t in ep.chapters]
            front = {
                "title": ep.title,
                "date": ep.date.isoformat(),
                "key": f"episode-{post.index}",
                "guests": list(ep.guests),
                "chapters": chapters,
                "audio": f"https://media.bench.example/afl-{ep.number:05d}.mp3",
            }
            (site / "content" / "episodes" / f"{ep.stem}.md").write_text(
                f"{json.dumps(front, ensure_ascii=False, indent=1)}\n\n{ep.summary}\n\n"
                f"[Het artikel bij deze aflevering](/posts/{post.slug}/)\n",
                encoding="utf-8",
            )
    return site


def hugo_command(site: Path, out: Path) -> list[str]:
    return ["hugo", "--quiet", "-s", str(site), "-d", str(out)]


def pipeline_command(root: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "build",
        "--root",
        str(root),
        "--out",
        str(out),
        "--now",
        f"{NOW:%Y-%m-%dT%H:%MZ}",
        "--offline",
        "-q",
    ]
