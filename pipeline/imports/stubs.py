"""A post with a SoundCloud player gets its episode: the existing one of that track, or a
new episode stub numbered after the others.

An episode the build pairs with a post already there keeps that post. Pairing
(``pipeline/link/pairing.py``) goes by an explicit reference first (``post:`` in the
episode file, ``episode:`` in a post), then by the same SoundCloud track, then by the same
day and a matching title. Against an explicit reference the imported post is not paired
(it keeps its track; the build pairs the episode as before). Against a pairing by track or
by date and title the input is refused: naming the episode would take it from its post
without a word; not naming it would too where the post was paired by date and title (the
track comes first), and would leave two posts embedding the track, which the build refuses
as ambiguous, where it was paired by track. ``post:`` in the episode file settles which
post is its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path

from pipeline.errors import PipelineError, Problem, Problems
from pipeline.imports.episode_file import episode_yaml, new_guid, next_number
from pipeline.imports.frontmatter import link_url
from pipeline.imports.loadable import post_files
from pipeline.link.pairing import pair
from pipeline.load import EPISODE_DIR, EPISODE_SUFFIXES, POST_DIR, load_episode, load_post
from pipeline.load.config import load_show
from pipeline.models import Content, Episode, SoundCloudLink
from pipeline.text.slugs import slugify

# How pairing.py names its rules, as the reasons given when an input is refused.
_BY = {
    "soundcloud": "which embeds this track too",
    "date and title": "which has its date and a matching title",
}


def show_episodes(root: Path, tz: tzinfo) -> tuple[list[Episode], list[Problem]]:
    """The show's episodes that load, and the problems of the files that do not (or whose
    number is not known): such a file may have any track and number, so a stub planned
    beside it is a guess (:func:`unreadable_problems`). Others are the build's to report."""
    folder = root / EPISODE_DIR
    episodes: list[Episode] = []
    unreadable: list[Problem] = []
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix.lower() not in EPISODE_SUFFIXES or not path.is_file():
            continue  # as the build lists them
        found = Problems()
        episode = load_episode(path, root, tz, found)
        episodes += [episode] if episode is not None else []
        if episode is None or episode.number is None:
            unreadable += found.items
    return episodes, unreadable


def unreadable_problems(
    unreadable: Sequence[Problem], stubs: Sequence[tuple[str, str]]
) -> list[Problem]:
    """Stubs (input, stub file) planned while episode files cannot be read, refused with
    those files' problems: one of them may embed the track (the stub a second episode of
    one audio) or have the stub's number, which the build refused once that file was
    mended, after the import had written the stub."""
    if not unreadable or not stubs:
        return []
    files = ", ".join(dict.fromkeys(p.path for p in unreadable))
    expected = f"every episode file readable first ({files} may have this track or number)"
    return [
        *unreadable,
        *(Problem(where, None, "episode stub", repr(name), expected) for where, name in stubs),
    ]


def show_pairs(root: Path, tz: tzinfo, episodes: Sequence[Episode]) -> dict[str, tuple[str, str]]:
    """The show's pairing as the build makes it, of every episode (``episodes``: those
    that load) and post there, due or not: episode slug -> (its post's file, the rule).

    Empty when the show's own files leave nothing to pair by (no podcast.toml that loads,
    a reference to nothing, an ambiguous match): the build reports those."""
    ignored = Problems()  # the posts' own problems are for `pipeline build` to report
    posts = [p for path in post_files(root) if (p := load_post(path, root, tz, ignored))]
    try:
        content = Content(root, load_show(root), tuple(posts), tuple(episodes))
        pairing = pair(content)
    except PipelineError:
        return {}
    files = {p.slug: f"{POST_DIR}/{p.source.name}" for p in posts}
    return {ep: (files[post], pairing.how[ep]) for ep, post in pairing.pairs.items()}


def episode_for(
    link: SoundCloudLink,
    title: str,
    when: datetime,
    target: str,
    episodes: list[Episode],
    root: Path,
    found: list[str],
    paired: dict[str, str],
    pairs: Callable[[], Mapping[str, tuple[str, str]]],
    refuse: Callable[[str], None],
) -> tuple[str | None, tuple[str, str] | None]:
    """Pair with the episode of the same track, or plan a stub episode file.

    ``paired``: the episodes this run paired so far, with their posts; a second input of
    the same track is not paired again (the build refuses an episode two posts name).
    ``pairs``: the show's pairing before this run (:func:`show_pairs`), asked for only when
    an episode of the track is there; ``refuse`` hears why the input cannot be imported
    (what the track was expected to be) when that episode is its post's by track or by
    date and title."""
    stem = Path(target).stem
    for ep in episodes:
        if ep.soundcloud is not None and ep.soundcloud.same_track(link):
            name = f"{EPISODE_DIR}/{ep.source.name}"
            if ep.post and ep.post not in (stem, stem.split("-", 3)[-1]):
                found.append(f"soundcloud {link_url(link)}: {name} already has post {ep.post}")
                return None, None
            post, rule = pairs().get(ep.slug, (target, "")) if not ep.post else (target, "")
            if post != target and rule == "explicit":  # that post's episode: names it
                found.append(f"soundcloud {link_url(link)}: {name} already has post {post}")
                return None, None
            if post != target:
                refuse(
                    f"the track of an episode no post is paired with yet ({name} is paired "
                    f"with {post}, {_BY.get(rule, rule)}; write which post is its own in the "
                    "episode file as post: SLUG)"
                )
                return None, None
            if paired.setdefault(ep.slug, target) != target:
                found.append(
                    f"soundcloud {link_url(link)}: {name} already paired with {paired[ep.slug]}"
                )
                return None, None
            found.append(f"soundcloud {link_url(link)}: paired with {name}")
            return ep.slug, None
    if link.kind != "track" or link.slug is None:
        # A stub has no audio: the build makes SoundCloud's stream URL from the track's
        # page (user and track permalinks), and refuses the stub of a player that names
        # only a track id (no credits line under it) or a set.
        found.append(
            f"soundcloud {link_url(link)}: no episode stub (its audio needs the track's page "
            "link, soundcloud.com/USER/TRACK, which the player does not name; add the "
            "episode with `pipeline import soundcloud FEED_URL` or `pipeline new`)"
        )
        return None, None
    season = max((e.season or 1 for e in episodes), default=1)
    number = next_number(episodes, season)
    name = f"{EPISODE_DIR}/{number:03d}-{slugify(title) or 'aflevering'}.yaml"
    text = episode_yaml(
        {
            "title": title,
            "number": number,
            "season": season,
            "date": when,
            "guid": new_guid(link),
            "soundcloud": link_url(link),
            "post": stem,
            "explicit": False,
            "type": "full",
        }
    )
    # Later inputs of this run number their stubs after this one, and pair with it no more.
    paired[Path(name).stem] = target
    episodes.append(
        Episode(
            source=root / name,
            slug=Path(name).stem,
            title=title,
            date=when,
            number=number,
            season=season,
            soundcloud=link,
        )
    )
    found.append(f"soundcloud {link_url(link)}: new episode stub {name}")
    return None, (name, text)
