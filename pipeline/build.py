"""One build: load -> enrich -> link -> notes -> render -> write, in that order and nowhere else.

Everything is loaded and checked before anything is rendered, and everything is rendered
before anything is written, so bad input never leaves a half-written site behind.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from time import time_ns
from typing import TYPE_CHECKING, Any

from pipeline.fingerprint import NOTHING_CHANGED, Recall, keep, options_key, recall, remember
from pipeline.parallel import background, jobs_after_load, uncollected
from pipeline.paths import output_folder

# The stages load only when a build really runs: a build with nothing new stops after
# hashing its inputs, and must not pay for importing numpy, lxml, Jinja and the rest.
if TYPE_CHECKING:
    from pipeline.models import Episode, Linked, Post
    from pipeline.notes import Notes
    from pipeline.paths import Seen
    from pipeline.render import Output
    from pipeline.render.bodies import Bodies
    from pipeline.render.site import SiteFiles
    from pipeline.render.site.memo import PageMemo


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
    again: PagesAgain | None = None  # the preview's quick path (see Prepared)


Log = Callable[[str], None]
PagesAgain = Callable[[Sequence["Post"]], "Output"]
# A cache file's bytes, or chunks, or what makes them from the files the writer left
Cache = bytes | Iterator[bytes] | Callable[[Mapping[str, "Seen"]], Iterator[bytes]] | None


def _quiet(_: str) -> None: ...


@dataclass(frozen=True)
class Prepared:
    """A build rendered in memory, not yet written (``pipeline check`` and ``publish``)."""

    linked: Linked
    notes: Notes
    files: Output
    scheduled: tuple[Episode, ...]
    notices: tuple[str, ...]
    # Moments between which --now makes the same items due: the newest item in the build,
    # the first one left out (None: none).
    window: tuple[datetime | None, datetime | None] = (None, None)
    read: Mapping[str, Seen] = field(default_factory=dict)  # files read from the output
    # Edited versions of posts of this build -> their pages, rendered against the rest of
    # it: the preview shows an edit at once, then rebuilds everything.
    again: PagesAgain | None = None
    # What the next build starts from, kept in the show's .cache by build() only: the
    # related items' snapshot, the posts' HTML, the pages' memo and the search words (None:
    # not this time; chunks: made as they are written).
    caches: Mapping[Path, Cache] = field(default_factory=dict)


def build(options: BuildOptions, log: Log = _quiet, earlier: Recall | None = None) -> BuildReport:
    """Build the show in ``options.root`` into ``options.out``; raises PipelineError.

    When nothing the last build read has changed and its output is still in place, this is
    all it does (``fingerprint.py``); the preview, which builds into a new folder every
    time, always builds. ``earlier``: what ``unchanged.py`` found before the command line
    loaded, not found again."""
    root = options.root.resolve()
    out = output_folder(root, options.out)
    key = options_key(out, options.offline, options.skip_failed)
    memory = None if options.drafts else recall(root, key, options.now, out, earlier)
    if memory is not None and memory.same is not None:
        log(NOTHING_CHANGED)
        return _repeated(memory.same.report, out)
    from pipeline.render.feed import feed_order
    from pipeline.write import write_output, written

    # The record too is made with the collector paused: it makes tens of thousands of
    # objects beside the build's millions, and a full collection walked them all (1 s).
    with uncollected():
        prepared = prepare(options, log)
        content = prepared.linked.content
        log(f"Writing {len(prepared.files)} files")
        result = write_output(prepared.files, options.out, same=prepared.read)
        with written(result.out):  # Ctrl-C from here on: the new site is in place
            # Only now: a failed build keeps nothing of its own; nor does the preview
            # (drafts), which writes nothing in the show folder.
            for name, data in prepared.caches.items():
                if callable(data):  # the page memo: it vouches for files as written
                    data = data(result.written)
                if data is not None and memory is not None:
                    keep(root, name, data)
            report = BuildReport(
                out=result.out,
                feed=result.out / content.show.feed_file,
                episodes=tuple(e.slug for e in feed_order(content.episodes)),
                scheduled=tuple((e.slug, e.date) for e in prepared.scheduled),
                posts=len(content.posts),
                notices=(*prepared.notices, *result.notices, *_notice(memory)),
                changed=result.changed,
                files=result.files,
                again=prepared.again,
            )
            if memory is not None:
                # This build's own notices: not that it found the last record damaged
                own = replace(report, notices=(*prepared.notices, *result.notices))
                summary, read = report_summary(own), _read(prepared)
                remember(root, memory, key, prepared.window, result.out, summary, read)
    return report


def _notice(memory: Recall | None) -> tuple[str, ...]:
    return (memory.notice,) if memory is not None and memory.notice else ()


def report_summary(report: BuildReport) -> dict[str, object]:
    """What a build prints (``unchanged.result_lines``), as the record keeps it."""
    return {
        "feed": report.feed.name,
        "episodes": list(report.episodes),
        "scheduled": [[slug, when.isoformat()] for slug, when in report.scheduled],
        "posts": report.posts,
        "notices": list(report.notices),
        "files": report.files,
    }


def _repeated(summary: Mapping[str, Any], out: Path) -> BuildReport:
    return BuildReport(
        out=out,
        feed=out / str(summary["feed"]),
        episodes=tuple(summary["episodes"]),
        scheduled=tuple((s, datetime.fromisoformat(w)) for s, w in summary["scheduled"]),
        posts=int(summary["posts"]),
        notices=tuple(summary["notices"]),
        changed=False,
        files=int(summary["files"]),
    )


def _read(prepared: Prepared) -> list[str]:
    """The show's own files the build copied (audio, artwork...): the record watches them."""
    from pipeline.paths import rel

    root = prepared.linked.content.root
    found = []
    for source in prepared.files.values():
        if isinstance(source, Path):
            name = rel(source, root)
            if not Path(name).is_absolute():
                found.append(name)
    return found


def prepare(options: BuildOptions, log: Log = _quiet) -> Prepared:
    """Load, enrich, link, take notes and render everything due at ``options.now``; write
    nothing."""
    with uncollected():
        return _prepare(options, log)


def _prepare(options: BuildOptions, log: Log) -> Prepared:
    from pipeline.enrich import EnrichOptions, enrich
    from pipeline.errors import PartlyLoaded
    from pipeline.link import linking
    from pipeline.link.pairing import with_pairing
    from pipeline.load import due, moments, remembered_content
    from pipeline.notes import with_related
    from pipeline.notes.kept import remembered_facts
    from pipeline.paths import (
        BODY_MEMO,
        FACTS_MEMO,
        NOTES_MEMO,
        PAGE_MEMO,
        POST_MEMO,
        RELATED_SNAPSHOT,
        SEARCH_MEMO,
        rel,
    )
    from pipeline.render.body_memo import remembered_bodies
    from pipeline.render.published import check_published_names
    from pipeline.render.site.memo import memo_chunks, other_files, read_memo
    from pipeline.text.plural import counted

    root = options.root.resolve()
    log(f"Loading {root}")
    caching = not options.drafts
    try:
        loaded, kept_posts, posts_notice, afresh = remembered_content(root, options.jobs, caching)
    except PartlyLoaded as exc:  # with what pairing finds in what loaded: all at once
        if exc.content is None:
            raise
        raise with_pairing(exc, due(exc.content, options.now, options.drafts)[0]) from None
    # The last build's pages, read instead of rendered where nothing they show changed (not
    # for the preview, whose drafts are pages of their own).
    since = time_ns()  # what the memo vouches for was seen after this (``memo_chunks``)
    memo, memo_notice = read_memo(root, options.out.resolve()) if caching else (None, None)
    jobs = jobs_after_load(options.jobs, afresh, len(loaded.posts), memo is not None)
    content, scheduled = due(loaded, options.now, options.drafts)
    dates = moments(content)
    later = [d for d in moments(loaded) if d > options.now]
    window = (max(dates, default=None), None if options.drafts else min(later, default=None))
    counts = counted(len(content.episodes), "episode"), counted(len(content.posts), "post")
    log(f"Loaded {counts[0]} and {counts[1]}")
    left_out: list[str] = []  # lookups: episodes left out (--skip-failed), a cache not used
    content = enrich(
        content,
        content.episodes,
        EnrichOptions(
            offline=options.offline, skip_failed=options.skip_failed, notice=left_out.append
        ),
    )
    check_published_names(content, scheduled)
    log("Linking posts and episodes")
    # The related items (the slow part of linking) are worked out in another process while
    # this one renders the post bodies and takes the show notes' facts, which need only the
    # pairs and the resolved "Lees ook" lines. Bodies first, on workers, while the related
    # items' words are counted: what the HTML sanitiser allocates stays with the workers
    # (rendered here, it grew this process by 0.4 GiB at 10,000 posts, which every later
    # worker inherited); most kept, the few left are rendered here and the related items
    # start first. Then the facts here (once: malformed timestamps are errors there),
    # while the related search has the workers. Posts, related items, bodies and facts
    # start from what the last build kept (not the preview's): an edit is done again alone.
    kept = None if options.drafts else root
    with linking(content, jobs=jobs, cached=True, everything=loaded) as started:
        bodies, kept_bodies, bodies_notice = remembered_bodies(
            started.early, content.posts, kept, jobs, few=started.start
        )
        started.start()  # the related items start now (from a snapshot), or fork (linking())
        early, kept_facts, facts_notice = remembered_facts(started.early, kept, started.jobs())
        linked = started.linked()
        related = started.related()
    facts = with_related(early, linked)
    thin = [
        f"{rel(e.source, root)}: thin show notes (no post; add one or a summary)"
        for e in content.episodes
        if facts[e.slug].thin and not e.summary
    ] + [
        f"{rel(e.source, root)}: number 0 has no itunes:episode (Apple counts from 1);"
        " podcast:episode 0 is kept"
        for e in content.episodes
        if e.number == 0
    ]
    log("Rendering")
    rendered = render_all(
        linked,
        facts,
        drafts_after=options.now if options.drafts else None,
        jobs=jobs,
        bodies=bodies,
        memo=memo,
        caches=not options.drafts,
    )
    files, site = rendered.files, rendered.site
    read: Mapping[str, Seen] = site.read  # pages and, with a memo, other files (``memo.py``)
    if site.read:
        taken = counted(len(site.read), "page or feed", "pages and feeds")
        log(f"Read {taken} unchanged from the last build")
    found = [posts_notice, related.notice, bodies_notice, facts_notice, rendered.notice]
    found += [memo_notice, site.notice]
    notices = (*left_out, *linked.notices, *thin, *filter(None, found))
    caches: dict[Path, Cache] = {RELATED_SNAPSHOT: related.kept}
    caches[SEARCH_MEMO] = site.search
    if not options.drafts:
        other, vouched = other_files(memo, files, site.memo, site.read)
        out, read, pages = options.out.resolve(), {**site.read, **vouched}, {**site.memo, **other}
        caches[PAGE_MEMO] = functools.partial(memo_chunks, pages, out, read, since)
        caches[POST_MEMO] = kept_posts
        caches[BODY_MEMO] = kept_bodies
        caches[NOTES_MEMO] = rendered.notes
        caches[FACTS_MEMO] = kept_facts
    done = (files, tuple(scheduled), notices, window, read)
    return Prepared(linked, facts, *done, rendered.again, caches)


def link_show(root: Path, now: datetime) -> Linked:
    """Load what is due at ``now`` and link it, without the network (``pipeline link`` and
    ``pipeline audio``: the same pairs and related items a build would make)."""
    from pipeline.link import link
    from pipeline.load import due, load_content

    loaded = load_content(root.resolve())
    content, _ = due(loaded, now)
    return link(content, everything=loaded)


@dataclass(frozen=True)
class Rendered:
    files: Output
    again: PagesAgain
    site: SiteFiles  # the pages' part, with what the next build can reuse of it
    notes: Iterator[bytes] | None = None  # the show notes' texts to keep (``notes_memo.py``)
    notice: str | None = None  # the kept notes were damaged


def render_all(
    linked: Linked,
    facts: Notes,
    drafts_after: datetime | None = None,
    jobs: int = 1,
    bodies: Bodies | None = None,
    memo: PageMemo | None = None,
    caches: bool = False,
) -> Rendered:
    """Every output file of the site, in memory (``drafts_after``: mark later items drafts;
    ``jobs``: processes for the pages of a large site; ``bodies``: the posts' HTML when
    rendered already), and how to render edited posts' pages again against them."""
    from pipeline.paths import asset_path, audio_path
    from pipeline.render.atom import render_atom
    from pipeline.render.bodies import post_bodies
    from pipeline.render.chapters import render_side_files
    from pipeline.render.feed import render_feed
    from pipeline.render.notes_memo import remembered_notes
    from pipeline.render.related_json import render_related_json
    from pipeline.render.shownotes import render_shownotes
    from pipeline.render.site import render_post_pages, render_site

    content = linked.content
    show = content.show
    # The notes from the last build's where their facts are the same (``caches``)
    shown, kept_notes, notice = remembered_notes(
        linked, facts, content.root if caches else None, jobs
    )
    if bodies is None:
        bodies = post_bodies(linked, content.posts, jobs=jobs)
    files: Output = {}
    # The podcast feed (half a second at 2,000 episodes) in another process while this one
    # renders the files beside it, one core each: nothing else is running here then.
    feed = functools.partial(render_feed, linked, content.episodes, shown)
    with background(feed, jobs, len(content.episodes)) as podcast_feed:
        files.update(render_shownotes(shown, content.episodes))
        files.update(render_related_json(linked))
        files.update(render_atom(linked, content.posts, bodies))
        files.update(render_side_files(linked, content.episodes, shown))
        files = {**podcast_feed(), **files}  # in the order it had: the feed first
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
        linked, content.episodes, content.posts, shown, bodies, drafts_after=drafts_after,
        outputs=set(files), jobs=jobs, memo=memo, caches=caches,
    )  # fmt: skip
    files.update(site.files)

    names = frozenset(files)  # not the files: the preview keeps this function between builds

    def again(edited: Sequence[Post]) -> Output:
        """Only edits of posts this build has, from the same file (a copied file with the
        same slug is a new post, which only the full rebuild can judge)."""
        known = content.posts_by_slug
        edited = [
            p
            for p in edited
            if p.slug in known and known[p.slug].source.resolve() == p.source.resolve()
        ]
        by_slug = {p.slug: p for p in edited}
        posts = tuple(by_slug.get(p.slug, p) for p in content.posts)
        now = replace(linked, content=replace(content, posts=posts))
        bodies_now = {**bodies, **post_bodies(now, edited)}
        return render_post_pages(
            now, content.episodes, posts, shown, bodies_now, edited,
            drafts_after=drafts_after, outputs=names,
        )  # fmt: skip

    return Rendered(files, again, site, kept_notes, notice)
