"""One build: load -> enrich -> link -> notes -> render -> write, in that order and nowhere else.

Everything is loaded and checked before anything is rendered, and everything is rendered
before anything is written, so bad input never leaves a half-written site behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline.enrich import EnrichOptions, enrich
from pipeline.link import link
from pipeline.load import due, load_content
from pipeline.models import Episode, Linked
from pipeline.notes import Notes, notes
from pipeline.paths import asset_path, audio_path, rel
from pipeline.render import Output
from pipeline.render.atom import render_atom
from pipeline.render.bodies import post_bodies
from pipeline.render.chapters import render_side_files
from pipeline.render.feed import feed_order, render_feed
from pipeline.render.related_json import render_related_json
from pipeline.render.shownotes import render_notes, render_shownotes
from pipeline.render.site import render_site
from pipeline.write import write_output


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path
    now: datetime  # episodes and posts dated after this stay out (unless drafts)
    offline: bool = False
    skip_failed: bool = False  # leave out episodes whose SoundCloud/audio lookups fail
    drafts: bool = False  # preview: include future-dated items, marked as drafts
    jobs: int = 1  # processes for the pages of a large site (the CLI uses every core)


@dataclass(frozen=True)
class BuildReport:
    out: Path
    feed: Path
    episodes: tuple[str, ...]  # published episode slugs, feed order
    scheduled: tuple[tuple[str, datetime], ...]  # future episodes left out
    posts: int
    notices: tuple[str, ...] = ()
    changed: bool = True
    files: int = 0


Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True)
class Prepared:
    """A build rendered in memory, not yet written (``pipeline check`` and ``publish``)."""

    linked: Linked
    notes: Notes
    files: Output
    scheduled: tuple[Episode, ...]
    notices: tuple[str, ...]


def build(options: BuildOptions, log: Log = _quiet) -> BuildReport:
    """Build the show in ``options.root`` into ``options.out``; raises PipelineError."""
    prepared = prepare(options, log)
    content = prepared.linked.content
    log(f"Writing {len(prepared.files)} files")
    result = write_output(prepared.files, options.out)
    return BuildReport(
        out=result.out,
        feed=result.out / content.show.feed_file,
        episodes=tuple(e.slug for e in feed_order(content.episodes)),
        scheduled=tuple((e.slug, e.date) for e in prepared.scheduled),
        posts=len(content.posts),
        notices=(*prepared.notices, *result.notices),
        changed=result.changed,
        files=result.files,
    )


def prepare(options: BuildOptions, log: Log = _quiet) -> Prepared:
    """Load, enrich, link, take notes and render everything due at ``options.now``; write
    nothing."""
    root = options.root.resolve()
    log(f"Loading {root}")
    loaded = load_content(root)
    content, scheduled = due(loaded, options.now, options.drafts)
    log(f"Loaded {len(content.episodes)} episodes and {len(content.posts)} posts")
    left_out: list[str] = []  # episodes whose lookups failed, with --skip-failed
    content = enrich(
        content,
        content.episodes,
        EnrichOptions(
            offline=options.offline, skip_failed=options.skip_failed, notice=left_out.append
        ),
    )
    log("Linking posts and episodes")
    linked = link(content)
    # Once per build (on every core for large shows); malformed timestamps are errors here.
    facts = notes(linked, jobs=options.jobs)
    thin = [
        f"{rel(e.source, root)}: thin show notes (no post; add one or a summary)"
        for e in content.episodes
        if facts[e.slug].thin and not e.summary
    ]
    log("Rendering")
    files = render_all(
        linked, facts, drafts_after=options.now if options.drafts else None, jobs=options.jobs
    )
    return Prepared(linked, facts, files, tuple(scheduled), (*left_out, *linked.notices, *thin))


def link_show(root: Path, now: datetime) -> Linked:
    """Load what is due at ``now`` and link it, without the network (``pipeline link`` and
    ``pipeline audio``: the same pairs and related items a build would make)."""
    loaded = load_content(root.resolve())
    content, _ = due(loaded, now)
    return link(content)


def render_all(
    linked: Linked, facts: Notes, drafts_after: datetime | None = None, jobs: int = 1
) -> Output:
    """Every output file of the site, in memory (``drafts_after``: mark later items drafts;
    ``jobs``: processes for the pages of a large site)."""
    content = linked.content
    show = content.show
    shown = render_notes(linked, facts, jobs=jobs)
    bodies = post_bodies(linked, content.posts, jobs=jobs)
    files: Output = {}
    files.update(render_feed(linked, content.episodes, shown))
    files.update(render_shownotes(shown, content.episodes))
    files.update(render_related_json(linked))
    files.update(render_atom(linked, content.posts, bodies))
    files.update(render_side_files(linked, content.episodes, shown))
    if "://" not in show.artwork:
        files[asset_path(show.artwork)] = content.root / show.artwork
    for image in sorted({e.image for e in content.episodes if e.image and "://" not in e.image}):
        files[asset_path(image)] = content.root / image
    for episode in content.episodes:
        if episode.is_local_audio:
            files[audio_path(episode)] = content.root / (
                episode.audio_output or episode.audio or ""
            )
    # The pages last: their head links only the feeds that were rendered.
    site = render_site(
        linked,
        content.episodes,
        content.posts,
        shown,
        bodies,
        drafts_after=drafts_after,
        outputs=set(files),
        jobs=jobs,
    )
    files.update(site)
    return files
