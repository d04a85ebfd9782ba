"""`pipeline status`: one screen of episodes and posts with their state (live, due, scheduled
with its due time in the show's timezone, blocked and why) and what the next hourly run
would publish; `--format json` for scripts; read-only and offline; a broken show lists
every problem as `Error:` lines, never a traceback."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.audiogen import lavfi
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.fake_soundcloud import FakeSoundCloud

BEFORE = "2026-05-01T12:00+02:00"  # when episodes 1 and 2 went out
NOW = "2026-06-01T12:00+02:00"
URL = "audio: https://media.show.example/{n}.mp3\n"
WORKFLOW = """\
name: Publish
on:
  schedule:
    - cron: "17 * * * *" # every hour at minute 17 (UTC)
"""


def post(title: str, date: str, *extra: str) -> str:
    return "\n".join(["---", f"title: {title}", f"date: {date}", *extra, "---", "Tekst.", ""])


def moved(n: int, when: str, *extra: str) -> str:
    """Episode n dated ``when``, with extra lines."""
    return episode(n).replace(f"2026-03-0{n} 07:00", when) + "".join(f"{e}\n" for e in extra)


def run(root: Path, *args: str, now: str = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--root", str(root), "--now", now])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def status(root: Path, *args: str, now: str = NOW) -> tuple[int, str, str]:
    return run(root, "status", *args, now=now)


def rows(stdout: str) -> list[str]:
    """The item lines (state, date, due in, name), spaces squeezed."""
    states = {"live", "due", "scheduled", "blocked"}
    found = [line.split() for line in stdout.splitlines()]
    return [" ".join(words) for words in found if words and words[0] in states]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    """Published on 2026-05-01: episodes 1, 2 and post een. Then: episode 3 due this morning,
    episode 4 due in 2 days with its post a day later, episode 5 in 18 days without audio,
    post vier in 3 days."""
    root = make_show(
        episodes={
            "001-a": episode(1),
            "002-b": episode(2),
            "003-c": moved(3, "2026-06-01 09:00"),
            "004-d": moved(4, "2026-06-03 07:00", "post: 2026-06-04-vier"),
            "005-e": moved(5, "2026-06-19 07:00").replace(URL.format(n=5), ""),
        },
        posts={
            "2026-03-01-een": post("Een", "2026-03-01 09:00"),
            "2026-06-04-vier": post("Vier", "2026-06-04 09:00"),
        },
        files={".github/workflows/publish.yml": WORKFLOW},
    )
    code, _, stderr = run(root, "publish", "-q", "--no-ping", "--first-publication", now=BEFORE)
    assert code == 0, stderr
    return root


def test_one_screen_of_states_and_the_next_run(show: Path) -> None:
    code, stdout, stderr = status(show)
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert lines[:2] == [
        "Testshow: 2026-06-01 12:00 (Europe/Amsterdam)",
        "Last publication: published.json.",
    ]
    assert rows(stdout) == [
        "blocked 2026-06-19 07:00 in 17 days 005-e",
        "blocked 2026-06-03 07:00 in 1 day 004-d",
        "due 2026-06-01 09:00 003-c",
        "live 2026-03-02 07:00 002-b",
        "live 2026-03-01 07:00 001-a",
        "scheduled 2026-06-04 09:00 in 2 days vier",
        "live 2026-03-01 09:00 een",
    ]
    # why each blocked item is blocked, under it
    assert lines[lines.index("Episodes (5)") + 2].strip() == (
        "line 1: audio: got nothing, expected an audio file or URL, or a SoundCloud link "
        "(`pipeline new --audio FILE` writes one; add audio: to the file)"
    )
    assert lines[lines.index("Episodes (5)") + 4].strip() == (
        "line 8: post: got '2026-06-04-vier', due 2026-06-04 09:00, expected a post due no "
        "later than its episode (the run at the episode's time cannot pair them)"
    )
    # GitHub's cron minute 17 is UTC: 10:17 UTC is 12:17 in Amsterdam in summer
    assert lines[-1] == (
        "Next run: 2026-06-01 12:17 (Europe/Amsterdam), in 17 minutes (hourly at minute 17 "
        "UTC): publishes 003-c."
    )
    assert stderr.splitlines() == [
        "Warning: episodes/004-d.yaml:8: post: got '2026-06-04-vier', due 2026-06-04 09:00, "
        "expected a post due no later than its episode (the run at the episode's time cannot "
        "pair them); due 2026-06-03 07:00 (Europe/Amsterdam), in 1 day",
        "Warning: episodes/005-e.yaml:1: audio: got nothing, expected an audio file or URL, or "
        "a SoundCloud link (`pipeline new --audio FILE` writes one; add audio: to the file); "
        "due 2026-06-19 07:00 (Europe/Amsterdam), in 17 days",
    ]


def test_what_comes_due_before_the_next_run_goes_out_with_it(show: Path) -> None:
    """At 11:05 the run at 12:17 also takes post vier if it were due at 12:10."""
    (show / "posts" / "2026-06-04-vier.md").write_text(post("Vier", "2026-06-01 12:10"))
    code, stdout, _ = status(show, now="2026-06-01T12:05+02:00")
    assert code == 0
    assert "scheduled 2026-06-01 12:10 in 5 minutes vier" in rows(stdout)
    assert stdout.splitlines()[-1].endswith(": publishes 003-c, post vier.")


def test_json_for_scripts(show: Path) -> None:
    code, stdout, _ = status(show, "--format", "json")
    assert code == 0
    data = json.loads(stdout)
    assert (data["ok"], data["show"], data["timezone"]) == (True, "Testshow", "Europe/Amsterdam")
    assert data["next_run"] == {
        "at": "2026-06-01T12:17:00+02:00",
        "hourly_minute": 17,
        "refused": False,
        "publishes": ["episode:003-c"],
    }
    states = {r["slug"]: (r["state"], r["published"]) for r in data["episodes"] + data["posts"]}
    assert states == {
        "005-e": ("blocked", None),
        "004-d": ("blocked", None),
        "003-c": ("due", None),
        "002-b": ("live", "2026-03-02T07:00:00+01:00"),
        "001-a": ("live", "2026-03-01T07:00:00+01:00"),
        "vier": ("scheduled", None),
        "een": ("live", "2026-03-01T09:00:00+01:00"),
    }
    (five,) = [r for r in data["episodes"] if r["slug"] == "005-e"]
    assert five["path"] == "episodes/005-e.yaml" and five["title"] == "Afl. 5: Onderwerp 5"
    assert five["reasons"][0].startswith("line 1: audio: got nothing")
    assert data["problems"] == [] and len(data["warnings"]) == 2


def test_a_wav_due_now_blocks_the_run_and_holds_back_the_post(show: Path, tmp_path: Path) -> None:
    wav = lavfi(tmp_path / "rec.wav", "sine=f=440:d=1")
    (show / "audio").mkdir()
    (show / "audio" / "afl-3.wav").write_bytes(wav.read_bytes())
    path = show / "episodes" / "003-c.yaml"
    text = path.read_text().replace(URL.format(n=3), "audio: audio/afl-3.wav\n")
    path.write_text(text.replace("length: 1234567\n", ""))
    (show / "posts" / "2026-06-01-drie.md").write_text(post("Drie", "2026-06-01 09:00"))
    code, stdout, stderr = status(show)
    assert code == 1
    assert "blocked 2026-06-01 09:00 003-c" in rows(stdout)
    assert "due 2026-06-01 09:00 drie" in rows(stdout)
    assert stdout.splitlines()[-1].endswith(": refused by 1 problem; held back: 003-c, post drie.")
    assert [line for line in stderr.splitlines() if line.startswith("Error")] == [
        "Error: episodes/003-c.yaml:5: enclosure type: got 'audio/wav', expected an MP3 or M4A "
        "file (Apple accepts M4A, MP3, MOV, MP4, M4V and PDF); run `pipeline audio 003-c` to "
        "level and encode it as MP3",
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_changed_guid_is_blocked_by_the_guard(show: Path) -> None:
    path = show / "episodes" / "001-a.yaml"
    path.write_text(path.read_text().replace("000000000001", "00000000000a"))
    code, stdout, stderr = status(show)
    assert code == 1
    assert "blocked 2026-03-01 07:00 001-a" in rows(stdout)
    assert stderr.splitlines()[-2].startswith("Error: episodes/001-a.yaml:4: guid: got ")


def test_a_broken_file_is_listed_with_its_problem_and_the_rest_still_shows(show: Path) -> None:
    (show / "episodes" / "006-f.yaml").write_text('title: "kapot\ndate: [\n')
    before = tree(show)
    code, stdout, stderr = status(show)
    assert code == 1
    assert "blocked ? 006-f" in rows(stdout)
    assert "due 2026-06-01 09:00 003-c" in rows(stdout)
    assert stdout.splitlines()[-1].endswith(": refused by 1 problem; held back: 003-c.")
    assert "Traceback" not in stdout + stderr
    assert stderr.splitlines()[-2:] == [
        "Error: episodes/006-f.yaml:3: syntax: got a YAML error (found unexpected end of "
        "stream), expected valid YAML",
        "Error: 1 problem found; nothing was written.",
    ]
    assert tree(show) == before


def test_a_broken_podcast_toml_prints_every_problem(show: Path) -> None:
    config = (show / "podcast.toml").read_text()
    (show / "podcast.toml").write_text(config.replace("explicit = false", 'explicit = "ja"'))
    (show / "episodes" / "006-f.yaml").write_text("title: [\n")
    code, stdout, stderr = status(show)
    assert code == 1
    assert stdout == ""
    errors = stderr.splitlines()
    assert [e.split(":")[1].strip() for e in errors[:-1]] == ["episodes/006-f.yaml", "podcast.toml"]
    assert errors[-1] == "Error: 2 problems found; nothing was written."


def test_reads_only_and_offline(make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    """A SoundCloud episode not in the HTTP cache is noted, not fetched; nothing is written
    (not even an empty cache folder)."""
    with FakeSoundCloud() as fake:
        on_soundcloud = (
            episode(2).replace(URL.format(n=2), "").replace("length: 1234567\n", "")
            + "soundcloud: https://soundcloud.com/fakeshow/afl-2\n"
        )
        root = make_show(episodes={"001-a": episode(1), "002-b": on_soundcloud})
        before = tree(root)
        for key, value in fake.settings_env().items():
            monkeypatch.setenv(key, value)  # were it to go online, it would ask the fake
        code, stdout, stderr = status(root)
        assert fake.log == []
    assert code == 0, stderr
    assert tree(root) == before
    assert not (root / ".cache").exists()
    lines = stdout.splitlines()
    assert lines[1] == (
        "Last publication: no published.json in this folder (the hourly workflow keeps it in "
        "its cache); items dated before now count as live."
    )
    assert rows(stdout)[:2] == ["live 2026-03-02 07:00 002-b", "live 2026-03-01 07:00 001-a"]
    note = lines[lines.index("  " + "live       2026-03-02 07:00                  002-b") + 1]
    assert note.strip().startswith("(not checked offline: soundcloud: ")
    assert lines[-1] == (
        "A publish now (2026-06-01 12:00 (Europe/Amsterdam)): nothing new to publish."
    )


def test_only_the_newest_live_items_unless_all(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={f"00{n}-x": episode(n) for n in range(1, 9)},
        config=BASIC_CONFIG,
    )
    _, stdout, _ = status(root)
    assert len(rows(stdout)) == 5
    assert "  ... 3 older live; --all lists them" in stdout.splitlines()
    _, stdout, _ = status(root, "--all")
    assert len(rows(stdout)) == 8


def test_the_http_cache_answers_and_is_not_written(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an online build has filled .cache/http, status answers from it (the SoundCloud
    episode is checked) and leaves every byte and modification time as it was."""
    with FakeSoundCloud() as fake:
        fake.add(77, "afl-2", "Afl. 2: Onderwerp 2", datetime(2026, 3, 2, 6, tzinfo=UTC))
        for key, value in fake.settings_env().items():
            monkeypatch.setenv(key, value)
        on_soundcloud = (
            episode(2).replace(URL.format(n=2), "").replace("length: 1234567\n", "")
            + "soundcloud: https://soundcloud.com/fakeshow/afl-2\n"
        )
        root = make_show(episodes={"001-a": episode(1), "002-b": on_soundcloud})
        code, _, stderr = run(root, "build", "-q")
        assert code == 0, stderr
        requests = len(fake.log)
        before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
        code, stdout, stderr = status(root)
        assert len(fake.log) == requests
    assert code == 0, stderr
    assert "not checked offline" not in stdout
    assert rows(stdout)[0] == "live 2026-03-02 07:00 002-b"  # by its date: no published.json
    assert stdout.splitlines()[1:3] == [  # what `pipeline build` wrote is no publication
        "Last publication: no published.json in this folder (the hourly workflow keeps it in "
        "its cache); items dated before now count as live.",
        "site/ is not taken as the last publication: `pipeline build` writes there too.",
    ]
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}
    assert after == before


def test_a_scheduled_wav_without_its_mp3_says_so_in_words(show: Path, tmp_path: Path) -> None:
    """The reason under a blocked row reads as the check's warning does, never as the repr
    of the check's internal description object."""
    wav = lavfi(tmp_path / "rec.wav", "sine=f=440:d=1")
    (show / "audio").mkdir()
    (show / "audio" / "afl-5.wav").write_bytes(wav.read_bytes())
    path = show / "episodes" / "005-e.yaml"
    path.write_text(path.read_text() + "audio: audio/afl-5.wav\n")
    code, stdout, stderr = status(show)
    assert code == 0, stderr
    lines = stdout.splitlines()
    reason = lines[lines.index("Episodes (5)") + 2].strip()
    assert reason.startswith(
        "line 7: audio: got 'audio/afl-5.wav' (audio/wav) with no MP3 made from it, expected "
        "run `pipeline audio 005-e`"
    ), reason
    assert "Described" not in stdout + stderr
