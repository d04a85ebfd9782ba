"""The build cache (.cache/build/reuse.pickle): a rebuild takes over the pages, post HTML,
show notes and related links of what did not change, and writes exactly what a cold build
writes; a damaged, foreign or hostile cache changes nothing but the time a build takes."""

from __future__ import annotations

import pickle
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.cache import CACHE, _load_bytes
from pipeline.fingerprint import RECORD
from tests.build.test_incremental import cold, files, run
from tests.conftest import ShowMaker, episode

POSTS = 24  # enough for related links, tags shared by several posts and paired episodes
WORDS = ["kassa", "bon", "klant", "etalage", "voorraad", "webshop", "markt", "koffie"]


def _post(n: int) -> str:
    a, b, c = WORDS[n % 8], WORDS[(n * 3 + 1) % 8], WORDS[(n * 5 + 2) % 8]
    return (
        f'---\ntitle: "Over de {a} en de {b} ({n})"\ndate: 2026-02-{n + 1:02d} 09:00\n'
        f"tags: [{a}, {b}]\n---\n"
        f"Een stuk over de {a}, de {b} en de {c}. De {a} staat centraal.\n\n"
        f"## Wat we leerden\n\nDe {c} en de {b} horen bij elkaar, zegt winkel {n}.\n\n"
        + ("Lees ook: Over de kassa en de klant (1)\n" if n % 4 == 0 else "")
    )


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    posts = {f"2026-02-{n + 1:02d}-stuk-{n}": _post(n) for n in range(POSTS)}
    # The first post's notes link another post's file: its page, while that file is there.
    posts["2026-02-01-stuk-0"] += "\nMeer in [het andere stuk](2026-02-06-stuk-5.md).\n"
    episodes = {
        f"00{n}-e": episode(n, post=f"2026-02-0{n * 2 - 1}-stuk-{n * 2 - 2}") for n in (1, 2, 3)
    }
    return make_show(episodes=episodes, posts=posts)


def taken(err: str) -> int:
    """How many pages the build says it took from the last one."""
    found = re.search(r"Taken from the last build: (\d+) pages and feeds", err)
    assert found, err
    return int(found[1])


def made(site: dict[str, bytes]) -> int:
    """How many of a site's files the cache can take over: pages and tag feeds."""
    return len([p for p in site if p.endswith((".html", "/feed.atom"))])


def edit(show: Path, n: int, old: str, new: str) -> None:
    path = show / f"posts/2026-02-{n + 1:02d}-stuk-{n}.md"
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_an_edit_renders_little_and_writes_what_a_cold_build_writes(
    show: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    _, err = run(show, out)
    assert taken(err) == 0 and (show / CACHE).is_file()
    pages = made(files(out))
    edit(show, 7, "zegt winkel 7", "zegt winkel zeven, met een nieuwe zin")
    _, err = run(show, out)
    # The edited post's page, pages listing it or related to it change; most do not.
    assert pages // 2 < taken(err) < pages
    assert files(out) == cold(show, tmp_path)


@pytest.mark.parametrize(
    "change",
    [
        "title",
        "pointer target",
        "tags",
        "new episode",
        "removed post",
        "renamed link",
        "template",
        "config",
        "lees ook",
    ],
)
def test_every_kind_of_change_equals_a_cold_build(show: Path, tmp_path: Path, change: str) -> None:
    out = tmp_path / "site"
    run(show, out)
    if change == "title":  # other pages list it by title: related lists, tags, archive
        edit(show, 5, 'title: "Over de', 'title: "Nieuw over de')
    elif change == "pointer target":  # other posts' "Lees ook" lines now lead here
        edit(
            show,
            2,
            'title: "Over de klant en de koffie (2)"',
            'title: "Over de kassa en de klant (1)"',
        )
    elif change == "tags":
        edit(show, 6, "tags: [", "tags: [nieuw, ")
    elif change == "new episode":
        (show / "episodes/004-e.yaml").write_text(episode(4), "utf-8")
    elif change == "removed post":
        (show / "posts/2026-02-02-stuk-1.md").unlink()  # the "Lees ook" target of others
    elif change == "renamed link":  # the first post's text is the same, its link is not
        (show / "posts/2026-02-06-stuk-5.md").rename(show / "posts/2026-02-06-ander-stuk.md")
    elif change == "template":
        (show / "templates").mkdir()
        (show / "templates/tag.html").write_text(
            '{% extends "base.html" %}{% block main %}<h1>Tag {{ tag.name }}</h1>{% endblock %}',
            "utf-8",
        )
    elif change == "config":
        config = show / "podcast.toml"
        config.write_text(config.read_text().replace("Testshow", "Proefshow"), "utf-8")
    else:
        edit(show, 9, "zegt winkel 9.", "zegt winkel 9.\n\nLees ook: Over de kassa en de klant (1)")
    _, err = run(show, out)
    assert files(out) == cold(show, tmp_path)
    if change in ("template", "config"):
        assert taken(err) == 0  # what every page depends on: nothing is taken over


def test_a_page_changed_by_hand_is_rendered_again(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    page = next(out.glob("posts/*/index.html"))
    page.write_bytes(page.read_bytes().replace(b"<h1", b"<h2", 1))  # same size, other bytes
    edit(show, 3, "zegt winkel 3", "zegt winkel drie")
    run(show, out)
    assert files(out) == cold(show, tmp_path)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "folder"])
def test_a_damaged_cache_is_set_aside_with_a_notice(
    show: Path, tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "site"
    run(show, out)
    cache = show / CACHE
    data = cache.read_bytes()
    cache.unlink()
    if damage == "truncated":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        cache.write_bytes(b"\x80\x05niet van ons" * 10)
    elif damage == "empty":
        cache.write_bytes(b"")
    else:
        cache.mkdir()
    edit(show, 2, "zegt winkel 2", "zegt winkel twee")
    _, err = run(show, out)
    assert "Notice: .cache/build/reuse.pickle: unreadable" in err
    assert taken(err) == 0
    assert files(out) == cold(show, tmp_path)


def test_a_hostile_cache_runs_nothing(show: Path, tmp_path: Path) -> None:
    """A pickle can call any function while it is read; the cache's reader builds only
    data, so one that came with a cloned repository is refused, not run."""
    out = tmp_path / "site"
    run(show, out)
    marker = tmp_path / "ran"

    class Hostile:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            import os

            return os.system, (f"touch {marker}",)

    (show / CACHE).write_bytes(pickle.dumps({"version": 1, "salt": Hostile()}))
    edit(show, 2, "zegt winkel 2", "zegt winkel twee")
    _, err = run(show, out)
    assert not marker.exists()
    assert "is not allowed in the build cache" in err
    assert files(out) == cold(show, tmp_path)


@pytest.mark.parametrize(
    "name",
    [("builtins", "eval"), ("os", "system"), ("pipeline.write", "replace_file"),
     ("pipeline.__main__", "run"), ("numpy", "load"), ("builtins", "__import__")],
)  # fmt: skip
def test_the_reader_refuses_functions(name: tuple[str, str]) -> None:
    module, attribute = name
    data = b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c" + bytes([len(module)])
    data += module.encode() + b"\x8c" + bytes([len(attribute)]) + attribute.encode() + b"\x93."
    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        _load_bytes(data)


def test_getattr_reaches_a_time_zone_and_nothing_else() -> None:
    """Dates keep their zone: a pickled ZoneInfo calls ``getattr(ZoneInfo, "_unpickle")``,
    the one use of ``getattr`` the reader lets through."""
    when = datetime(2026, 3, 1, 9, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert _load_bytes(pickle.dumps(when)) == when
    for owner, name in ((Path, "unlink"), (ZoneInfo, "clear_cache")):
        with pytest.raises(pickle.UnpicklingError, match="not allowed"):
            _load_bytes(pickle.dumps(Getattr(owner, name)))


class Getattr:
    """Pickles as ``getattr(owner, name)``, the way a hostile cache would reach a function."""

    def __init__(self, owner: object, name: str) -> None:
        self.owner, self.name = owner, name

    def __reduce__(self) -> tuple[object, tuple[object, str]]:
        return getattr, (self.owner, self.name)


def test_the_cache_is_an_optimisation_only(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    expected = files(out)
    (show / CACHE).unlink()
    (show / RECORD).unlink()
    _, err = run(show, out)  # no cache: everything made again, the same bytes
    assert taken(err) == 0 and files(out) == expected
    (show / RECORD).unlink()
    _, err = run(show, out)  # a full build with the cache: everything taken, the same bytes
    assert taken(err) == made(expected)
    assert files(out) == expected


def test_another_output_folder_takes_no_pages(show: Path, tmp_path: Path) -> None:
    run(show, tmp_path / "site")
    _, err = run(show, tmp_path / "elders")
    assert taken(err) == 0
    assert files(tmp_path / "elders") == files(tmp_path / "site")
