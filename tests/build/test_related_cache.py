"""The related items' snapshot (.cache/build/related.npz): a rebuild counts and searches
only what changed, and writes, byte for byte, what a cold build of the same content
writes; the snapshot gone, damaged or outside the show changes no output byte."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pipeline.link.incremental as incremental
from pipeline.cli import main
from pipeline.fingerprint import RECORD
from pipeline.paths import RELATED_SNAPSHOT as SNAPSHOT
from tests.conftest import SAMPLE_NOW

NOW = SAMPLE_NOW.isoformat()
EXTRA = """\
---
title: "{title}"
date: 2026-0{month}-1{day} 09:00
tags: [{tags}]
---
{body}
"""
WORDS = {
    "etalage": "etalage licht ramen voorbijgangers decor kleuren paspop blikvanger",
    "prijs": "prijzen korting marge kassabon duurder goedkoper aanbieding",
    "personeel": "collega rooster inwerken salaris vacature team sollicitatie",
}


def run(root: Path, out: Path) -> str:
    result = CliRunner().invoke(
        main, ["build", "--root", str(root), "--out", str(out), "--now", NOW, "--offline"]
    )
    assert result.exit_code == 0, result.output
    return result.stderr


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def cold(root: Path, tmp: Path) -> dict[str, bytes]:
    """What a build writes with no cache at all, from a copy of the show."""
    copy = tmp / f"cold-{len(list(tmp.glob('cold-*')))}"
    shutil.copytree(root, copy / "show", ignore=shutil.ignore_patterns(".cache"))
    run(copy / "show", copy / "site")
    return files(copy / "site")


@pytest.fixture
def show(sample_copy: Path) -> Path:
    """The sample show and a few posts of its own, sharing words with each other."""
    for k, (subject, words) in enumerate(sorted(WORDS.items())):
        for j in range(3):
            text = EXTRA.format(
                title=f"{subject.capitalize()} deel {j + 1}",
                month=k + 3,
                day=j,
                tags=subject,
                body=f"Over {words}. " * (j + 2) + "De winkel en de klant.",
            )
            (sample_copy / "posts" / f"2026-0{k + 3}-1{j}-{subject}-{j}.md").write_text(text)
    return sample_copy


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many items had their words counted, per build (related items: in-process at
    this size)."""
    seen: list[int] = []
    real = incremental.count_texts

    def watched(titles: Any, texts: Any, previous: Any = None, same: Any = ()) -> Any:
        fresh = len(titles) if previous is None or not same else sum(j is None for j in same)
        seen.append(fresh)
        return real(titles, texts, previous, same)

    monkeypatch.setattr(incremental, "count_texts", watched)
    return seen


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _new_episode(root: Path) -> None:
    source = root / "episodes/006-prijzen-verhogen-zonder-klanten-kwijt-te-raken.yaml"
    text = source.read_text("utf-8")
    for old, new in [
        (r"Afl\. 6:", "Afl. 8:"),
        (r"number: 6", "number: 8"),
        (r"guid: .*", "guid: urn:uuid:00000000-0000-4000-8000-000000000008"),
        (r"soundcloud: .*\n", ""),
        (r"afl-006", "afl-008"),
    ]:
        text = re.sub(old, new, text)
    (root / "episodes/008-extra.yaml").write_text(text, "utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "post body": lambda r: _edit(
        r / "posts/2026-03-10-etalage-0.md", "De winkel", "Korting, marge en prijzen."
    ),
    "post title": lambda r: _edit(
        r / "posts/2026-04-11-personeel-1.md", "Personeel deel 2", "Rooster en salaris"
    ),
    "tags": lambda r: _edit(r / "posts/2026-05-12-prijs-2.md", "tags: [prijs]", "tags: [etalage]"),
    "new post": lambda r: (r / "posts/2026-05-20-nieuw.md").write_text(
        EXTRA.format(title="Nieuw", month=5, day=9, tags="prijs", body="Korting en marge."),
        "utf-8",
    ),
    "removed post": lambda r: (r / "posts/2026-05-10-prijs-0.md").unlink(),
    "new episode": _new_episode,
    "settings": lambda r: (r / "podcast.toml").write_text(
        (r / "podcast.toml").read_text("utf-8") + "\n[related]\ntop = 3\n", "utf-8"
    ),
}


def test_each_rebuild_reuses_the_snapshot_and_equals_a_cold_build(
    show: Path, tmp_path: Path, counted: list[int]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    everything = counted[-1]
    assert everything > 20 and (show / SNAPSHOT).is_file()
    for change, apply in CHANGES.items():
        apply(show)
        run(show, out)
        fresh = counted[-1]
        assert files(out) == cold(show, tmp_path), change
        if change == "settings":  # other weights: nothing of the snapshot fits
            assert fresh > 20, change
        elif change in ("removed post", "tags"):  # no words to count again
            assert fresh == 0, change
        else:  # one post or episode counted again, not all of them
            assert fresh == 1, (change, fresh)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.replace(b"post:", b"pist:", 1),  # one byte changed
        lambda data: b"not a zip at all",
    ],
)
def test_a_damaged_snapshot_is_said_and_changes_nothing(
    show: Path, tmp_path: Path, counted: list[int], damage: Callable[[bytes], bytes]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    everything = counted[-1]
    expected = files(out)
    (show / SNAPSHOT).write_bytes(damage((show / SNAPSHOT).read_bytes()))
    (show / RECORD).unlink()  # a build, not "nothing changed"
    err = run(show, out)
    assert f"Notice: {SNAPSHOT.as_posix()}: damaged" in err
    assert counted[-1] == everything and files(out) == expected
    run(show, out)  # and a good snapshot again after that
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "De klant")
    run(show, out)
    assert counted[-1] == 1 and files(out) == cold(show, tmp_path)


def test_a_cache_outside_the_show_is_neither_read_nor_written(
    show: Path, tmp_path: Path, counted: list[int]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "build").mkdir(parents=True)
    (show / ".cache").symlink_to(elsewhere, target_is_directory=True)
    out = tmp_path / "site"
    run(show, out)
    assert not (elsewhere / "build" / SNAPSHOT.name).exists()
    shutil.copy(_snapshot_of(show, tmp_path), elsewhere / "build" / SNAPSHOT.name)
    _edit(show / "posts/2026-03-10-etalage-0.md", "De winkel", "De klant")
    run(show, out)
    assert counted[-1] == counted[0]  # every item counted: the planted snapshot unread


def _snapshot_of(show: Path, tmp: Path) -> Path:
    """A good snapshot of ``show``, made from a copy of it."""
    copy = tmp / "copy"
    shutil.copytree(show, copy, ignore=shutil.ignore_patterns(".cache"))
    run(copy, tmp / "copy-site")
    return copy / SNAPSHOT
