"""A rebuild that takes episode and post pages from the last output by their inputs
(``render/site/inputs.py``) writes what a cold build of the same content writes, whatever
changed in between: links in a page's text to files of the build that come or go, a post
renamed, scheduled or unpublished, an episode's pairing, image or transcript, the show's
artwork, templates, language, time zone, and a later ``--now``."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.fingerprint import RECORD
from pipeline.render.site import memo
from tests.build.test_related_cache import CHANGES, EXTRA, _edit, files
from tests.build.test_related_cache import show as show  # the fixture
from tests.conftest import SAMPLE_NOW

BASE = "https://achterdetoonbank.example/"
LINKING = "posts/2026-04-10-personeel-0.md"  # a post whose text the scenarios add links to
ETALAGE_0 = "posts/2026-03-10-etalage-0.md"
ETALAGE_1 = "posts/2026-03-11-etalage-1.md"
EPISODE_1 = "episodes/001-waarom-kleine-winkels-toch-winnen.yaml"
EPISODE_2 = "episodes/002-de-etalage-als-stille-verkoper.yaml"
EPISODE_3 = "episodes/003-klantcontact-zonder-script.yaml"
EPISODE_3_POST = "posts/2026-04-08-klanten-spreken-zonder-script.md"
EPISODE_6_POST = "posts/2026-09-16-prijzen-verhogen-zonder-je-klanten-kwijt-te-raken.md"
LATER = datetime(2027, 2, 1, 12, 0, tzinfo=SAMPLE_NOW.tzinfo)  # episode 7 (2027-01-13) due
TEMPLATES = Path(__file__).resolve().parents[2] / "pipeline/render/templates"

Change = Callable[[Path], None]


def _build(root: Path, out: Path, now: datetime = SAMPLE_NOW) -> None:
    result = CliRunner().invoke(
        main,
        ["build", "--root", str(root), "--out", str(out), "--now", now.isoformat(), "--offline"],
    )
    assert result.exit_code == 0, result.output


def _cold(root: Path, tmp: Path, now: datetime) -> dict[str, bytes]:
    """What a build writes with no cache at all, from a copy of the show."""
    copy = tmp / "cold"
    shutil.copytree(root, copy / "show", ignore=shutil.ignore_patterns(".cache"))
    _build(copy / "show", copy / "site", now)
    return files(copy / "site")


def _append(path: str, text: str) -> Change:
    def change(root: Path) -> None:
        with (root / path).open("a", encoding="utf-8") as file:
            file.write("\n" + text + "\n")

    return change


def _sub(path: str, pattern: str, new: str) -> Change:
    def change(root: Path) -> None:
        text = (root / path).read_text("utf-8")
        changed = re.sub(pattern, new, text, count=1, flags=re.MULTILINE)
        assert changed != text, (path, pattern)
        (root / path).write_text(changed, "utf-8")

    return change


def _both(*changes: Change) -> Change:
    def change(root: Path) -> None:
        for one in changes:
            one(root)

    return change


def _copy(source: str, target: str) -> Change:
    return lambda root: shutil.copy(root / source, root / target)


def _rename(source: str, target: str) -> Change:
    return lambda root: (root / source).rename(root / target)


def _post(name: str, tags: str) -> Change:
    text = EXTRA.format(title="Nieuw", month=5, day=9, tags=tags, body="Korting en marge.")
    return lambda root: (root / "posts" / name).write_text(text, "utf-8")


def _template(name: str) -> Change:
    """A show template of its own: the package's, with one line more."""

    def change(root: Path) -> None:
        (root / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        text = (TEMPLATES / name).read_text("utf-8")
        (root / "templates" / name).write_text(text + "<!-- eigen sjabloon -->\n", "utf-8")

    return change


def _setting(pattern: str, new: str) -> Change:
    return _sub("podcast.toml", pattern, new)


def _nothing(root: Path) -> None:
    pass


NEW_POST = CHANGES["new post"]  # posts/2026-05-20-nieuw.md: the page posts/nieuw/
TRANSCRIPT = "transcripts/001-waarom-kleine-winkels-toch-winnen.vtt"
CHAPTERS_2 = r"^chapters:\n(?:  - .*\n(?:    .*\n)*)+"

# name -> (what the show holds before its first build, the change before the rebuild)
SCENARIOS: dict[str, tuple[Change, Change]] = {
    "absolute link with ?query and #fragment; the post it names added": (
        _append(LINKING, f"Zie [nieuw]({BASE}posts/nieuw/?utm=x#begin)."),
        NEW_POST,
    ),
    "raw link with &amp; and &#34; in its value; the post it names added": (
        _append(LINKING, f'Zie <a href="{BASE}posts/nieuw/?a=1&amp;b=&#34;2&#34;">nieuw</a>.'),
        NEW_POST,
    ),
    "single-quoted, upper-case HREF and SRC; the post and the image added": (
        _both(
            _append(
                LINKING,
                f"Zie <a HREF='{BASE}posts/nieuw/'>nieuw</a> <img SRC='{BASE}media/nieuw.png'>.",
            ),
            _copy("static/banner.png", "static/nieuw.png"),
        ),
        _both(NEW_POST, _sub(EPISODE_3, r"^post: ", "image: static/nieuw.png\npost: ")),
    ),
    "img src under the base URL; an episode image makes that media file": (
        _both(
            _append(LINKING, f"![winkel]({BASE}media/nieuw.png)"),
            _copy("static/banner.png", "static/nieuw.png"),
        ),
        _sub(EPISODE_3, r"^post: ", "image: static/nieuw.png\npost: "),
    ),
    "links to a tag page and its feed; a post with that tag added": (
        _append(LINKING, f"[tag]({BASE}tags/nieuwtag/) en [feed]({BASE}tags/nieuwtag/feed.atom)"),
        _post("2026-05-20-nieuw.md", "nieuwtag"),
    ),
    "links to a tag page and its feed; the tag's one post loses it": (
        _append(LINKING, f"[tag]({BASE}tags/etalage/) en [feed]({BASE}tags/etalage/feed.atom)"),
        lambda root: [
            _edit(root / f"posts/2026-03-1{j}-etalage-{j}.md", "tags: [etalage]", "tags: [prijs]")
            for j in range(3)
        ],
    ),
    "link to an episode's captions; the episode gets a transcript": (
        _append(LINKING, f"[vtt]({BASE}transcripts/002-de-etalage-als-stille-verkoper.vtt)"),
        _both(
            _copy(TRANSCRIPT, "transcripts/002-de-etalage-als-stille-verkoper.vtt"),
            _sub(
                EPISODE_2,
                r"^post: ",
                "transcript: transcripts/002-de-etalage-als-stille-verkoper.vtt\npost: ",
            ),
        ),
    ),
    "transcript named no more by its episode": (
        _append(LINKING, f"[vtt]({BASE}transcripts/001-waarom-kleine-winkels-toch-winnen.vtt)"),
        _sub(EPISODE_1, r"^transcript: .*\n", ""),
    ),
    "link to an episode's chapters file; the episode's chapters removed": (
        _append(LINKING, f"[json]({BASE}chapters/002-de-etalage-als-stille-verkoper.json)"),
        _sub(EPISODE_2, CHAPTERS_2, ""),
    ),
    "raw HTML .md link (the linker leaves it); the post it names added": (
        _append(LINKING, 'Lees <a href="2026-05-20-nieuw.md#begin">nieuw</a>.'),
        NEW_POST,
    ),
    ".md link by file name; the post file renamed, its slug kept": (
        _append(LINKING, "[bron](2026-03-10-etalage-0.md#kop)"),
        _rename(ETALAGE_0, "posts/2026-03-09-etalage-0.md"),
    ),
    ".md link by slug; the post removed": (
        _append(LINKING, "[bron](etalage-0.md)"),
        lambda root: (root / ETALAGE_0).unlink(),
    ),
    "absolute link to a post whose file is renamed to another slug": (
        _append(LINKING, f"[een]({BASE}posts/etalage-1/) [bron](2026-03-11-etalage-1.md)"),
        _rename(ETALAGE_1, "posts/2026-03-11-etalage-een.md"),
    ),
    "absolute link to a post that becomes scheduled (a later date)": (
        _append(LINKING, f"[een]({BASE}posts/etalage-1/)"),
        _sub(ETALAGE_1, r"^date: 2026", "date: 2027"),
    ),
    "absolute link to a post that becomes published: false": (
        _append(LINKING, f"[een]({BASE}posts/etalage-1/)"),
        _sub(ETALAGE_1, r"^date: ", "published: false\ndate: "),
    ),
    "episode paired to another post": (
        _nothing,
        _sub(EPISODE_2, r"^post: .*", "post: 2026-03-10-etalage-0"),
    ),
    "episode's image added": (
        _nothing,
        _sub(EPISODE_3, r"^post: ", "image: static/banner.png\npost: "),
    ),
    "show artwork changed (other thumbnail names)": (
        _nothing,
        _setting(r'^artwork = "static/artwork.png"', 'artwork = "static/banner.png"'),
    ),
    "show artwork's file replaced by another picture, same name": (
        _nothing,
        _copy("static/banner.png", "static/artwork.png"),
    ),
    "show's own _items.html": (_nothing, _template("_items.html")),
    "show's own _dock.html": (_nothing, _template("_dock.html")),
    "show's own _player.html, added then edited": (
        _template("_player.html"),
        _append("templates/_player.html", "<!-- nog een regel -->"),
    ),
    "show's own shownotes/page.html (the episode pages' notes)": (
        _nothing,
        _template("shownotes/page.html"),
    ),
    "an episode removed (its post's page, related lists)": (
        _nothing,
        lambda root: (root / "episodes/005-social-media-voor-de-winkel-om-de-hoek.yaml").unlink(),
    ),
    "language changed (labels, dates)": (
        _nothing,
        _setting(r'^language = "nl"', 'language = "en"'),
    ),
    "time zone changed (dates on the pages)": (
        _nothing,
        _setting(r'^timezone = ".*"', 'timezone = "Pacific/Kiritimati"'),
    ),
    "base URL changed; links written under the old one": (
        _append(LINKING, f"[een]({BASE}posts/etalage-1/) [ep]({BASE}episodes/)"),
        _setting(r'^base_url = ".*"', f'base_url = "{BASE}podcast/"'),
    ),
    "paired post gains timestamp lines (the episode's notes change)": (
        _nothing,
        _append(EPISODE_6_POST, "00:00 Intro\n\n05:10 Waarom prijzen omhoog moeten\n"),
    ),
    "a related post's date and title changed": (
        _nothing,
        _both(
            _sub(ETALAGE_1, r"^date: 2026-03-11", "date: 2026-03-14"),
            _sub(ETALAGE_1, r"^title: .*", 'title: "Etalage, heel anders"'),
        ),
    ),
    "episode's paired post edited (its article on the episode page)": (
        _nothing,
        _append(EPISODE_3_POST, f"Meer in [deze post]({BASE}posts/etalage-1/)."),
    ),
}

# Inline code is text: the sanitiser writes a '"' in it as it is. A search for values that
# starts at a '="' there and runs to the next '"' (the opening quote of the link after it)
# must not hide that link's question, which links.attribute_values (starting only at
# href="/src=") asks: inputs._links_asked looks from every '="' on, values overlapping.
UNCLOSED: dict[str, tuple[Change, Change]] = {
    'inline code with an unclosed x="<base>, then an absolute link; the post it names added': (
        _append(LINKING, f'Schrijf `x="{BASE}` en lees [nieuw]({BASE}posts/nieuw/).'),
        NEW_POST,
    ),
    "the same in an episode's paired post, then an img; an episode image makes its file": (
        _both(
            _append(
                EPISODE_3_POST, f'Schrijf `content="{BASE}` bij ![winkel]({BASE}media/nieuw.png).'
            ),
            _copy("static/banner.png", "static/nieuw.png"),
        ),
        _sub(EPISODE_2, r"^post: ", "image: static/nieuw.png\npost: "),
    ),
    'inline code with an unclosed x="a.md#kop, then a .md link; the post it names added': (
        _append(LINKING, 'Schrijf `x="a.md#kop` en lees <a href="2026-05-20-nieuw.md">nieuw</a>.'),
        NEW_POST,
    ),
}

CASES = [
    pytest.param(prepare, change, id=name)
    for name, (prepare, change) in {**SCENARIOS, **UNCLOSED}.items()
]


def _rebuilt(
    show: Path, tmp_path: Path, prepare: Change, change: Change, later: datetime = SAMPLE_NOW
) -> None:
    """Built, built again with the pages vouched for, changed, rebuilt (at ``later``):
    the same files as a cold build of the changed show."""
    prepare(show)
    out = tmp_path / "site"
    _build(show, out)
    (show / RECORD).unlink()  # once more: the pages of the cold build's last tick vouched for
    _build(show, out)
    change(show)
    _build(show, out, later)
    after, expected = files(out), _cold(show, tmp_path, later)
    differing = sorted(p for p in {*after, *expected} if after.get(p) != expected.get(p))
    assert not differing, differing


@pytest.fixture(autouse=True)
def _vouched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "RACY_NS", -(10**18))  # no racy window: the pages vouched for


@pytest.mark.parametrize(("prepare", "change"), CASES)
def test_a_rebuild_after_the_change_equals_a_cold_build(
    show: Path, tmp_path: Path, prepare: Change, change: Change
) -> None:
    _rebuilt(show, tmp_path, prepare, change)


@pytest.mark.parametrize(
    "prepare",
    [
        _append(LINKING, f"[zeven]({BASE}episodes/007-een-seizoen-achter-de-toonbank/)"),
        _sub(EPISODE_3_POST, r"^date: 2026-04-08", "date: 2027-01-01"),
    ],
    ids=["a page links to episode 7, due at LATER", "episode 3's post dated 2027-01-01"],
)
def test_a_later_now_makes_an_item_due(show: Path, tmp_path: Path, prepare: Change) -> None:
    """Nothing changed in the show but ``--now``: an episode or a post becomes due, which
    pages link to (absolutely) or pair with."""
    _rebuilt(show, tmp_path, prepare, _nothing, LATER)
