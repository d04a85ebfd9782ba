"""Rebuilds: a build with nothing new does nothing, and every rebuild's output is, byte for
byte, what a cold build of the same content writes. The build's record of what it read
(.cache/build/last.json) is an optimisation only: gone or damaged, nothing changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.fingerprint import RECORD
from pipeline.paths import RELATED_SNAPSHOT as SNAPSHOT
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = "2026-06-01T12:00+02:00"
POST = """\
---
title: "Over de kassa"
date: 2026-03-01 09:00
tags: [kassa]
---
De kassa is de laatste plek die een klant ziet.

## Een kop

Nog een alinea over de kassa en de bon.
"""


def run(root: Path, out: Path, now: str = NOW) -> tuple[str, str]:
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--now", now, "--offline"]
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def cold(root: Path, tmp: Path, now: str = NOW) -> dict[str, bytes]:
    """What a build writes with no record or cache of an earlier one (into a folder of its
    own)."""
    kept = {}
    for name in (RECORD, SNAPSHOT):
        if (root / name).exists():
            kept[name] = (root / name).read_bytes()
            (root / name).unlink()
    out = tmp / f"cold-{len(list(tmp.glob('cold-*')))}"
    run(root, out, now)
    for name, data in kept.items():
        (root / name).write_bytes(data)
    return files(out)


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    later = episode(3).replace("date: 2026-03-03 07:00", "date: 2026-07-01 09:00")
    return make_show(
        episodes={"001-a": episode(1), "002-b": episode(2), "003-c": later},
        posts={"2026-03-01-over-de-kassa": POST},
    )


def test_nothing_new_writes_nothing_and_says_so(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first, _ = run(show, out)
    assert "written" in first and (show / RECORD).is_file()
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again, err = run(show, out)
    assert again == first.replace("written", "unchanged")
    assert "Scheduled: 003-c" in err  # what the first build printed, printed again
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_nothing_new_costs_no_stage_imports(show: Path, tmp_path: Path) -> None:
    """A build with nothing new only hashes its inputs: importing the content checks, the
    linker or the renderers (numpy, Jinja, lxml...) would cost it more than the hashing."""
    out = tmp_path / "site"
    run(show, out)
    probe = (
        "import sys\n"
        "from pipeline.cli import main\n"
        "try:\n"
        f"    main(['build', '--root', {str(show)!r}, '--out', {str(out)!r},"
        f" '--now', {NOW!r}, '--offline', '-q'])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('pipeline.'))))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert "unchanged" in found[0]
    loaded = set(found[-2].split())
    assert "pipeline.fingerprint" in loaded  # the probe saw the build's modules
    heavy = {"pipeline.load", "pipeline.link", "pipeline.render", "pipeline.notes"}
    assert not loaded & heavy, loaded & heavy


@pytest.mark.parametrize("change", ["post body", "new episode", "template", "config"])
def test_every_rebuild_equals_a_cold_build(show: Path, tmp_path: Path, change: str) -> None:
    out = tmp_path / "site"
    run(show, out)
    if change == "post body":
        path = show / "posts/2026-03-01-over-de-kassa.md"
        path.write_text(path.read_text().replace("de bon", "de kassabon"), "utf-8")
    elif change == "new episode":
        (show / "episodes/004-d.yaml").write_text(episode(4), "utf-8")
    elif change == "template":
        (show / "templates").mkdir()
        (show / "templates/post.html").write_text(
            '{% extends "base.html" %}{% block main %}<article><h1>{{ post.title }}</h1>'
            "</article>{% endblock %}",
            "utf-8",
        )
    else:
        config = show / "podcast.toml"
        config.write_text(config.read_text().replace("Testshow", "Proefshow"), "utf-8")
    stdout, _ = run(show, out)
    assert "written" in stdout
    assert files(out) == cold(show, tmp_path)


def test_time_bringing_an_episode_due_rebuilds(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    later = "2026-07-01T09:00+02:00"  # episode 3's moment
    stdout, _ = run(show, out, later)
    assert "written" in stdout
    assert files(out) == cold(show, tmp_path, later)
    # Back before it: episode 3 is not due again, so the window is left the other way too.
    stdout, _ = run(show, out, NOW)
    assert "written" in stdout
    assert files(out) == cold(show, tmp_path, NOW)


TRAILERS = """
[[trailers]]
title = "Seizoen 1"
url = "https://media.show.example/trailer-1.mp3"
date = 2026-02-01T09:00:00
length = 1000

[[trailers]]
title = "Seizoen 2"
url = "https://media.show.example/trailer-2.mp3"
date = 2026-07-01T09:00:00
length = 2000
"""


def test_a_trailer_is_in_the_feed_from_its_date_on(make_show: ShowMaker, tmp_path: Path) -> None:
    """A [[trailers]] entry dated later is announced when it is due, as episodes are: a
    trailer for next season went into the feed the moment it was written."""
    root = make_show(config=BASIC_CONFIG + TRAILERS, episodes={"001-a": episode(1)})
    out = tmp_path / "site"
    run(root, out)
    feed = (out / "feed.xml").read_text("utf-8")
    assert "trailer-1.mp3" in feed and "trailer-2.mp3" not in feed
    assert "Nothing changed" in run(root, out)[1]
    later = "2026-07-01T09:00+02:00"  # the second trailer's moment
    stdout, _ = run(root, out, later)
    assert "written" in stdout
    assert "trailer-2.mp3" in (out / "feed.xml").read_text("utf-8")
    assert files(out) == cold(root, tmp_path, later)


def test_an_upgraded_library_builds_again(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja, feedgen, the Markdown parser...: a new version can change a page, so an
    installation change is not "nothing changed"."""
    site_packages = tmp_path / "site-packages"
    (site_packages / "markdownish-1.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site_packages))
    (tmp_path / "markdownish-1.0.dist-info").mkdir()  # on the path, not an installation
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "site"
    run(show, out)
    assert "Nothing changed" in run(show, out)[1]
    (site_packages / "markdownish-1.0.dist-info").rename(
        site_packages / "markdownish-1.1.dist-info"
    )
    assert "Nothing changed" not in run(show, out)[1]
    assert "Nothing changed" in run(show, out)[1]
    (tmp_path / "markdownish-1.0.dist-info").rename(tmp_path / "markdownish-2.0.dist-info")
    assert "Nothing changed" in run(show, out)[1]


def test_new_time_zone_rules_build_again(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system update with new rules for the show's zone: pages show local times, so the
    build runs again (and renders them again: test_page_memo)."""
    import zoneinfo

    zones = tmp_path / "zoneinfo"
    (zones / "Europe").mkdir(parents=True)
    rules = zones / "Europe" / "Amsterdam"
    rules.write_bytes(Path(zoneinfo.TZPATH[0], "Europe", "Amsterdam").read_bytes())
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(zones),))
    out = tmp_path / "site"
    run(show, out)
    assert "Nothing changed" in run(show, out)[1]
    os.utime(rules, ns=(rules.stat().st_atime_ns, rules.stat().st_mtime_ns + 10**9))
    assert "Nothing changed" not in run(show, out)[1]


def test_an_output_touched_by_hand_is_built_again(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    expected = files(out)
    (out / "feed.xml").write_text("weg", "utf-8")
    (out / "robots.txt").unlink()
    stdout, _ = run(show, out)
    assert "written" in stdout
    assert files(out) == expected


@pytest.mark.parametrize("added", ["a stray file", "a file in a folder made by hand"])
def test_anything_added_to_the_output_by_hand_is_built_again(
    show: Path, tmp_path: Path, added: str
) -> None:
    """A name added anywhere is seen, whatever the folders' modification times say (a
    copy that keeps them): a folder is taken as unchanged by its change time too, which
    no program sets back (``output_listing.py``)."""
    out = tmp_path / "site"
    run(show, out)
    expected = files(out)
    folder = next(p for p in sorted(out.rglob("*")) if p.is_dir() and p.parent != out)
    times = folder.stat()
    if added == "a stray file":
        (folder / "stray.html").write_text("<p>van de hand</p>", "utf-8")
        os.utime(folder, ns=(times.st_atime_ns, times.st_mtime_ns))  # as `cp -a` leaves it
    else:
        (out / "extra").mkdir()
        _, err = run(show, out)
        (out / "extra/stray.html").write_text("<p>van de hand</p>", "utf-8")
    _, err = run(show, out)
    assert "Nothing changed since the last build" not in err
    assert files(out) == expected  # the rebuild takes away what the build did not make
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err


def test_an_output_that_cannot_be_listed_leaves_no_record(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record missing some files would let their loss pass for "nothing changed"."""
    from pipeline import fingerprint

    out = tmp_path / "site"

    def fails(*_: object) -> object:
        raise PermissionError("a folder of the output could not be listed")

    with monkeypatch.context() as patched:
        patched.setattr(fingerprint, "listing", fails)
        stdout, _ = run(show, out)
    assert "written" in stdout and not (show / RECORD).exists()
    _, err = run(show, out)
    assert "Nothing changed since the last build" not in err
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err


def test_the_record_is_an_optimisation_only(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    expected = files(out)
    (show / RECORD).unlink()  # gone: a full build, the same bytes
    stdout, _ = run(show, out)
    assert "unchanged" in stdout and files(out) == expected
    (show / RECORD).write_text("{ niet af", "utf-8")  # damaged: ignored, said, rebuilt
    stdout, err = run(show, out)
    assert "Notice: .cache/build/last.json: unreadable" in err
    assert files(out) == expected
    assert "unchanged" in run(show, out)[0]  # and a good record again after that


def test_a_record_that_cannot_be_written_fails_nothing(show: Path, tmp_path: Path) -> None:
    """The record is written after the site is in place; when it cannot be (here its name
    is taken by a folder), the build still succeeds and the next one builds in full."""
    (show / RECORD).mkdir(parents=True)
    out = tmp_path / "site"
    stdout, _ = run(show, out)
    assert "written" in stdout and (out / "feed.xml").is_file()
    _, err = run(show, out)
    assert "Nothing changed since the last build" not in err
    assert "Notice: .cache/build/last.json: unreadable" in err


@pytest.mark.parametrize("name", ["k1.mp3", "k1/alternates.json"])
def test_produced_audio_one_folder_down_is_read_too(show: Path, tmp_path: Path, name: str) -> None:
    """`pipeline audio` keeps alternates in .cache/audio/<key>/alternates.json, which the
    build reads: a new one must not pass for "nothing changed"."""
    out = tmp_path / "site"
    run(show, out)
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err
    produced = show / ".cache/audio" / name
    produced.parent.mkdir(parents=True, exist_ok=True)
    produced.write_text("{}", "utf-8")
    _, err = run(show, out)
    assert "Nothing changed since the last build" not in err


def test_checking_the_output_leaves_no_process_or_descriptor_behind(
    show: Path, tmp_path: Path
) -> None:
    """The output folder is checked in a forked child while the inputs are hashed; the
    child is reaped and its pipe closed also when the inputs alone decide (they changed)."""
    out = tmp_path / "site"
    run(show, out)
    post = show / "posts/2026-03-01-over-de-kassa.md"
    descriptors = len(os.listdir("/proc/self/fd"))
    children = _children()
    for k in range(3):
        post.write_text(POST.replace("de bon", f"bon {k}"), "utf-8")
        run(show, out)
        run(show, out)  # nothing new: the child's answer is used
    assert len(os.listdir("/proc/self/fd")) == descriptors
    assert _children() == children  # no zombie left behind


def _children() -> set[str]:
    """This process's child processes (a reaped child is gone from the list)."""
    found: set[str] = set()
    for task in Path("/proc/self/task").iterdir():
        found.update((task / "children").read_text().split())
    return found


KASSA = "posts/2026-03-01-over-de-kassa.md"


def opened_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the record's digest reads from now on (those whose stat moved)."""
    from pipeline import fingerprint

    opened: list[str] = []

    def watched(path: str, *args: object, **kwargs: object) -> object:
        opened.append(str(path))
        return open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(fingerprint, "open", watched, raising=False)
    return opened


def _kept(show: Path) -> dict[str, list[object]]:
    kept: dict[str, list[object]] = json.loads((show / RECORD).read_text("utf-8"))["files"]
    return kept


def test_a_file_whose_stat_is_the_same_is_not_read_again(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As git's index: the record keeps each text file's digest with its size, times and
    inode; a rebuild reads only the files whose stat differs (here: none of them)."""
    from pipeline import fingerprint

    monkeypatch.setattr(fingerprint, "RACY_NS", 0)  # every file has been quiet long enough
    out = tmp_path / "site"
    run(show, out)
    assert KASSA in _kept(show) and "podcast.toml" in _kept(show)
    opened = opened_files(monkeypatch)
    _, err = run(show, out)
    assert "Nothing changed since the last build" in err
    assert opened == []


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor or a checkout may keep a file's size and set its modification time back;
    its change time still moves (no program can set it), so the file is read again."""
    from pipeline import fingerprint

    monkeypatch.setattr(fingerprint, "RACY_NS", 0)
    out = tmp_path / "site"
    run(show, out)
    post = show / KASSA
    before = post.stat()
    post.write_text(POST.replace("de bon", "de pen"), "utf-8")  # as many bytes
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert post.stat().st_size == before.st_size
    stdout, err = run(show, out)
    assert "Nothing changed since the last build" not in err and "written" in stdout
    assert files(out) == cold(show, tmp_path)


def test_a_file_changed_just_before_the_build_is_read_again_next_time(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed within RACY_NS of being looked at could change once more within
    one tick of the file system's clock, its times unmoved: its stat is not kept, and the
    next build reads it again."""
    from pipeline import fingerprint

    out = tmp_path / "site"
    post = show / KASSA
    post.write_text(POST.replace("de bon", "de pen"), "utf-8")  # changed just now
    run(show, out)
    assert KASSA not in _kept(show)
    monkeypatch.setattr(fingerprint, "RACY_NS", 0)  # the same files, quiet long enough
    (show / RECORD).unlink()
    run(show, out)
    assert KASSA in _kept(show)


def test_a_page_edited_by_hand_to_the_same_size_and_time_is_built_again(
    show: Path, tmp_path: Path
) -> None:
    """Its change time moves, which no program sets back: the output is not as the build
    left it, and the build puts the page back (found by a differential fuzzer)."""
    out = tmp_path / "site"
    run(show, out)
    expected = files(out)
    page = out / "index.html"
    before = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<html", b"<HTML", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size and page.read_bytes() != data
    _, err = run(show, out)
    assert "Nothing changed since the last build" not in err
    assert files(out) == expected
