"""`pipeline import posts` never takes an episode from the post the build pairs it with.

A post already there was paired with its episode only through the SoundCloud track both
name (or by date and title); an imported post with that track's player was written with
`episode:` naming the episode, and the next build paired the episode with the new post,
leaving the old one without it, without a word. Now the import refuses such an input,
with every other problem of the run, and writes nothing; an episode a post names
explicitly (`episode:`) keeps it, and the imported post keeps only the track.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.link.pairing import pair
from pipeline.load import load_content
from tests.conftest import ShowMaker, episode
from tests.imports.test_posts import files, run

PLAYER = (
    '<iframe width="100%" height="166" src="https://w.soundcloud.com/player/'
    '?url=https%3A//api.soundcloud.com/tracks/{}"></iframe>'
)
EPISODE = episode(1) + "soundcloud: https://api.soundcloud.com/tracks/111\n"


def old_post(title: str, day: str = "2026-03-01", extra: str = "") -> str:
    return f'---\ntitle: "{title}"\ndate: {day} 09:00\n{extra}---\n\nTekst over {title}.\n'


BY_TRACK = old_post("Over de kassa", extra="soundcloud: https://api.soundcloud.com/tracks/111\n")


def given(folder: Path, name: str, title: str, track: int = 111) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{PLAYER.format(track)}\n\nTekst over {title}.\n", "utf-8")
    return path


def test_a_post_paired_by_its_track_keeps_its_episode(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show(
        episodes={"001-vaste-klanten": EPISODE}, posts={"2026-03-01-over-de-kassa": BY_TRACK}
    )
    assert pair(load_content(root)).how == {"001-vaste-klanten": "soundcloud"}
    before = files(root)
    source = given(tmp_path / "in", "2026-03-05-etalage.txt", "Over de etalage")
    code, _, err = run(root, source)
    assert code == 1
    assert err.splitlines() == [
        f"Error: {source}:3: soundcloud: got 'https://api.soundcloud.com/tracks/111', expected "
        "the track of an episode no post is paired with yet (episodes/001-vaste-klanten.yaml "
        "is paired with posts/2026-03-01-over-de-kassa.md, which embeds this track too; write "
        "which post is its own in the episode file as post: SLUG)",
        "Error: 1 problem found; nothing was written.",
    ]
    assert files(root) == before
    assert pair(load_content(root)).pairs == {"001-vaste-klanten": "over-de-kassa"}


def test_a_post_paired_by_date_and_title_keeps_its_episode(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    """The old post names no track: the imported one would be the only post embedding it,
    and pair by track even without naming the episode."""
    root = make_show(
        episodes={"001-vaste-klanten": EPISODE},
        posts={"2026-03-01-onderwerp": old_post("Afl. 1: Onderwerp 1")},
    )
    assert pair(load_content(root)).how == {"001-vaste-klanten": "date and title"}
    before = files(root)
    source = given(tmp_path / "in", "2026-03-05-etalage.txt", "Over de etalage")
    code, _, err = run(root, source)
    assert code == 1
    assert err.splitlines()[0].endswith(
        "(episodes/001-vaste-klanten.yaml is paired with posts/2026-03-01-onderwerp.md, which "
        "has its date and a matching title; write which post is its own in the episode file "
        "as post: SLUG)"
    )
    assert files(root) == before


def test_every_input_s_problem_at_once_and_nothing_written(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(
        episodes={"001-vaste-klanten": EPISODE}, posts={"2026-03-01-over-de-kassa": BY_TRACK}
    )
    before = files(root)
    folder = tmp_path / "in"
    given(folder, "2026-03-05-etalage.txt", "Over de etalage")
    (folder / "2026-03-06-leeg.txt").write_text("\n\n\n", "utf-8")
    given(folder, "2026-03-07-personeel.txt", "Over personeel", track=222)  # fine alone
    code, _, err = run(root, folder)
    assert code == 1
    lines = err.splitlines()
    assert [line.split(": ")[2] for line in lines[:-1]] == ["soundcloud", "title"]
    assert lines[-1] == "Error: 2 problems found; nothing was written."
    assert files(root) == before


def test_an_episode_a_post_names_stays_that_post_s(make_show: ShowMaker, tmp_path: Path) -> None:
    """Explicit pairing wins in the build whatever else names the track: the imported post
    is written with the track and without the episode, as for `post:` in the episode."""
    named = old_post("Over de kassa", extra="episode: 001-vaste-klanten\n")
    root = make_show(
        episodes={"001-vaste-klanten": EPISODE}, posts={"2026-03-01-over-de-kassa": named}
    )
    source = given(tmp_path / "in", "2026-03-05-etalage.txt", "Over de etalage")
    code, out, err = run(root, source)
    assert code == 0, err
    assert (
        "found: soundcloud https://api.soundcloud.com/tracks/111: episodes/001-vaste-klanten.yaml "
        "already has post posts/2026-03-01-over-de-kassa.md"
    ) in out
    content = load_content(root)
    new = content.posts_by_slug["over-de-etalage"]
    assert (new.episode, [link.track_id for link in new.soundcloud]) == (None, [111])
    assert pair(content).pairs == {"001-vaste-klanten": "over-de-kassa"}


def test_post_in_the_episode_file_settles_it(make_show: ShowMaker, tmp_path: Path) -> None:
    """What the refusal asks for: the episode file names the imported post, which then
    gets the episode; the old post keeps its track and nothing else."""
    chosen = EPISODE + "post: over-de-etalage\n"
    root = make_show(
        episodes={"001-vaste-klanten": chosen}, posts={"2026-03-01-over-de-kassa": BY_TRACK}
    )
    source = given(tmp_path / "in", "2026-03-05-etalage.txt", "Over de etalage")
    code, out, err = run(root, source)
    assert code == 0, err
    assert "paired with episodes/001-vaste-klanten.yaml" in out
    assert pair(load_content(root)).pairs == {"001-vaste-klanten": "over-de-etalage"}
