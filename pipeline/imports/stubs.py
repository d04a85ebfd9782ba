"""A post with a SoundCloud player gets its episode: the existing one of that track, or a
new episode stub numbered after the others."""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from pipeline.errors import Problems
from pipeline.imports.episode_file import episode_yaml, new_guid, next_number
from pipeline.imports.frontmatter import link_url
from pipeline.load import EPISODE_DIR, load_episode
from pipeline.models import Episode, SoundCloudLink
from pipeline.text.slugs import slugify


def show_episodes(root: Path, tz: tzinfo) -> list[Episode]:
    folder = root / EPISODE_DIR
    ignored = Problems()  # their own problems are for `pipeline build` to report
    return [
        ep
        for p in sorted(folder.glob("*.y*ml"))
        if folder.is_dir()
        if (ep := load_episode(p, root, tz, ignored)) is not None
    ]


def episode_for(
    link: SoundCloudLink,
    title: str,
    when: datetime,
    target: str,
    episodes: list[Episode],
    root: Path,
    found: list[str],
    paired: dict[str, str],
) -> tuple[str | None, tuple[str, str] | None]:
    """Pair with the episode of the same track, or plan a stub episode file.

    ``paired``: the episodes this run paired so far, with their posts; a second input of
    the same track is not paired again (the build refuses an episode two posts name)."""
    stem = Path(target).stem
    for ep in episodes:
        if ep.soundcloud is not None and ep.soundcloud.same_track(link):
            name = f"{EPISODE_DIR}/{ep.source.name}"
            if ep.post and ep.post not in (stem, stem.split("-", 3)[-1]):
                found.append(f"soundcloud {link_url(link)}: {name} already has post {ep.post}")
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
