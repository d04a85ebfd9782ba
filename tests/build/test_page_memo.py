"""The pages' memo (.cache/build/pages.json): a rebuild reads the pages whose inputs did
not change from the last output instead of rendering them, and writes, byte for byte,
what a cold build of the same content writes; a page changed in the output, a memo gone
or damaged, or a change the pages show (templates, settings, transcripts) is rendered."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

import pipeline.render.site as site_pages
from pipeline.build import BuildOptions, build
from pipeline.fingerprint import RECORD
from pipeline.paths import PAGE_MEMO
from pipeline.render.site import memo
from pipeline.render.site.digests import Fingerprints, Unknown
from pipeline.render.site.memo import MEMO_VERSION as VERSION
from pipeline.render.templates import templates_digest
from tests.build.test_related_cache import CHANGES, _edit, cold, files, run
from tests.build.test_related_cache import show as show  # the fixture
from tests.conftest import SAMPLE_NOW

EPISODE = "episodes/001-waarom-kleine-winkels-toch-winnen.yaml"


def read(err: str) -> int:
    """How many pages the build read from its last output (0: it rendered them all)."""
    found = re.search(r"Read (\d+) (?:pages and feeds|page or feed) unchanged", err)
    return int(found[1]) if found else 0


def pages(out: Path) -> list[str]:
    """What a build reads from its last output: pages and the tags' feeds."""
    return [n for n in files(out) if n.endswith(".html") or re.match(r"tags/.*/feed\.atom$", n)]


def _template(root: Path) -> None:
    """A show template of its own for post pages (the package's, with one line more)."""
    package = Path(__file__).resolve().parents[2] / "pipeline/render/templates/post.html"
    (root / "templates").mkdir(exist_ok=True)
    text = package.read_text("utf-8")
    (root / "templates/post.html").write_text(text + "<!-- eigen sjabloon -->\n", "utf-8")


def _transcript(root: Path) -> None:
    """The episode's transcript, which its page shows, changed; its YAML is not."""
    text = (root / EPISODE).read_text("utf-8")
    name = re.search(r"transcript: (\S+)", text)
    assert name, "the sample episode has a transcript"
    path = root / name[1]
    text = path.read_text("utf-8")
    assert "Welkom" in text
    path.write_text(text.replace("Welkom", "Hallo en welkom", 1), "utf-8")


PAGE_CHANGES: dict[str, Callable[[Path], None]] = {
    **CHANGES,
    "episode title": lambda r: _edit(
        r / "episodes/002-de-etalage-als-stille-verkoper.yaml", "stille verkoper", "stille kracht"
    ),
    "show template": _template,
    "transcript": _transcript,
    "base url": lambda r: (r / "podcast.toml").write_text(
        re.sub(r'base_url = "([^"]+)"', r'base_url = "\1extra/"', (r / "podcast.toml").read_text()),
        "utf-8",
    ),
}


@pytest.mark.parametrize("vouched", [False, True], ids=["pages read back", "pages by lstat"])
def test_each_rebuild_reads_unchanged_pages_and_equals_a_cold_build(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vouched: bool
) -> None:
    """Builds a second apart: the pages are read back to be compared. With no racy window,
    the files as the last build left them are the pages, not read at all."""
    if vouched:
        monkeypatch.setattr(memo, "RACY_NS", -(10**18))
    # A post page found unchanged by its inputs is made all the same, its key compared
    monkeypatch.setattr(site_pages, "CHECK_INPUTS", True)
    out = tmp_path / "site"
    assert read(run(show, out)) == 0
    assert (show / PAGE_MEMO).is_file()
    for change, apply in PAGE_CHANGES.items():
        apply(show)
        err = run(show, out)
        done = read(err)
        assert files(out) == cold(show, tmp_path), change
        total = len(pages(out))
        if change in ("settings", "show template", "base url"):
            # Every page shows the setting (related lists, the template, absolute links).
            assert done < total // 2, (change, done, total)
        else:  # one item's pages and the lists showing it rendered again; the rest read
            assert total // 2 <= done < total, (change, done, total)


def test_the_files_read_or_vouched_for_are_not_read_again_to_be_written(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer compares what the build made with the output folder; the pages the build
    read from there, and the other files the memo vouches for or the build found the same
    (show notes, chapters, the search index), are as they are, and it takes them so: after
    an edit, it reads back only files the edit changed and those copied from the show."""
    import pipeline.write as write

    monkeypatch.setattr(memo, "RACY_NS", -(10**18))  # no racy window: files vouched for
    out = tmp_path / "site"
    run(show, out)
    compared: list[str] = []
    real = write._unchanged
    monkeypatch.setattr(
        write, "_unchanged", lambda name, *a: compared.append(name) or real(name, *a)
    )
    run(show, out)
    (show / RECORD).unlink()  # a build, not "nothing changed"
    before = files(out)
    assert read(run(show, out)) == len(pages(out))
    # Copied from the show (static files, artwork, audio, transcripts), and the writer's own
    copied = {n for n in compared if n.startswith(("static/", "media/", "audio/", "transcripts/"))}
    copied |= {".pipeline-output"} & set(compared)
    assert set(compared) == copied, "every file made from bytes taken as it was, unread"
    compared.clear()
    CHANGES["post body"](show)
    done = read(run(show, out))
    after = files(out)
    assert done > len(pages(out)) // 2
    changed = {n for n, data in after.items() if before.get(n) != data}
    assert len(changed) > 2 and set(compared) <= changed | copied, set(compared) - changed
    assert after == cold(show, tmp_path)


def test_a_page_changed_in_the_output_is_rendered_again(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    page = next(p for p in sorted(pages(out)) if p.startswith("posts/"))
    (out / page).write_bytes((out / page).read_bytes().replace(b"<h1", b"<h1 class=x", 1))
    os.remove(out / "index.html")
    os.remove(out / "404.html")
    os.mkfifo(out / "404.html")  # never read: a FIFO would wait for ever
    (show / RECORD).unlink()  # a build, not "nothing changed"
    done = read(run(show, out))
    assert files(out) == cold(show, tmp_path)
    assert done == len(pages(out)) - 3


def _related(site: dict[str, bytes]) -> dict[str, list[tuple[str, str]]]:
    """Each page's related items, as its page lists them (by ``related.json``)."""
    items = json.loads(site["related.json"])["items"]
    return {
        item["url"].split("/", 3)[3] + "index.html": [
            (r["to"], r["reason"]) for r in item["related"]
        ]
        for item in items.values()
    }


LINKING = "posts/2026-04-10-personeel-0.md"  # links to the post "new post" adds


@pytest.mark.parametrize(("change", "slug"), [("post body", "etalage-0"), ("new post", "nieuw")])
def test_a_change_makes_the_pages_it_changes_and_no_other(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, slug: str
) -> None:
    """Episode and post pages whose inputs did not change are taken from the output unmade:
    after one post's text changed or a post was added, the pages made are those that came
    out different, those that show that post and those whose related items moved (their
    order or reasons). A new post is not a change to every page (each page's inputs hold
    what it asks of the build's lists of pages, not the lists): only those linking to it."""
    made: list[str] = []

    def counting(real: Callable[..., tuple[str, object]]) -> Callable[..., tuple[str, object]]:
        def make(site: object, item: object) -> tuple[str, object]:
            path, page = real(site, item)
            made.append(path)
            return path, page

        return make

    for name in ("episode_page", "post_page"):
        monkeypatch.setattr(site_pages, name, counting(getattr(site_pages, name)))
    monkeypatch.setattr(memo, "RACY_NS", -(10**18))  # no racy window: the pages vouched for
    with (show / LINKING).open("a", encoding="utf-8") as file:  # absolute, and to its file
        file.write("\nZie [nieuw](https://achterdetoonbank.example/posts/nieuw/) en")
        file.write(" [de bron](2026-05-20-nieuw.md#begin).\n")
    out = tmp_path / "site"
    run(show, out)
    (show / RECORD).unlink()  # once more: the pages of the cold build's last tick vouched for
    run(show, out)
    before = files(out)
    made.clear()
    CHANGES[change](show)
    run(show, out)
    made_again, after = set(made), files(out)
    assert after == cold(show, tmp_path)
    then, items = (_related(f) for f in (before, after))
    shown = {f"posts/{slug}/index.html"} | {  # pages showing it, or whose related moved
        page
        for page, links in items.items()
        if (f"post:{slug}" in (to for to, _ in links)) or links != then.get(page)
    }
    changed = {p for p, data in after.items() if before.get(p) != data}
    same = [p for p in after if p.startswith(("episodes/", "posts/")) and p not in changed | shown]
    assert any(p.startswith("episodes/") for p in same), "an episode page the change leaves"
    assert any(p.startswith("posts/") for p in same), "a post page the change leaves alone"
    assert f"posts/{slug}/index.html" in made_again
    assert made_again <= changed | shown, sorted(made_again - changed - shown)
    linking = "posts/personeel-0/index.html"
    assert (linking in changed) == (change == "new post"), "its links made relative"


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:100]),
        lambda path: path.write_text(f'{{"version":{VERSION},"pages":{{"index.html":["x",3]}}}}'),
        lambda path: path.write_text(f'{{"version": {VERSION}, "pages": ' + "[" * 100_000 + "]}"),
        lambda path: (path.unlink(), os.mkfifo(path)),
    ],
)
def test_a_damaged_memo_is_said_and_changes_nothing(
    show: Path, tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    out = tmp_path / "site"
    run(show, out)
    expected = files(out)
    damage(show / PAGE_MEMO)
    (show / RECORD).unlink()
    err = run(show, out)
    assert re.search(rf"Notice: {re.escape(PAGE_MEMO.as_posix())}: (damaged|unreadable)", err)
    assert read(err) == 0 and files(out) == expected
    run(show, out)  # a good memo again after that
    (show / RECORD).unlink()
    assert read(run(show, out)) == len(pages(out))


def test_a_memo_of_another_version_is_passed_over_quietly(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    run(show, out)
    (show / PAGE_MEMO).write_text('{"version": 0, "pages": {}}')
    (show / RECORD).unlink()
    err = run(show, out)
    assert "Notice" not in err and read(err) == 0


def test_the_preview_keeps_no_memo(show: Path, tmp_path: Path) -> None:
    options = BuildOptions(show, tmp_path / "s", SAMPLE_NOW, offline=True, drafts=True)
    build(options)
    assert not (show / PAGE_MEMO).exists()


def test_a_cache_outside_the_show_is_not_used(show: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "build").mkdir(parents=True)
    (show / ".cache").symlink_to(elsewhere, target_is_directory=True)
    out = tmp_path / "site"
    run(show, out)
    assert not (elsewhere / "build" / PAGE_MEMO.name).exists()
    copy = tmp_path / "copy"
    shutil.copytree(show, copy, symlinks=False, ignore=shutil.ignore_patterns(".cache"))
    run(copy, out)  # the same pages, into the same folder: a memo that would fit
    shutil.copy(copy / PAGE_MEMO, elsewhere / "build" / PAGE_MEMO.name)
    (copy / RECORD).unlink()
    assert read(run(show, out)) == 0


# -- the digests --------------------------------------------------------------------------


@dataclass(frozen=True)
class Inner:
    words: tuple[str, ...]
    when: datetime


@dataclass(frozen=True)
class Outer:
    title: str
    inner: Inner
    extra: dict[str, object]


WHEN = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _outer(**changes: object) -> Outer:
    values: dict[str, object] = {
        "title": "a",
        "inner": Inner(("x", "y"), WHEN),
        "extra": {"n": 1, "tags": frozenset({"p", "q", "r"})},
    }
    values.update(changes)
    return Outer(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "other",
    [
        _outer(title="b"),
        _outer(inner=Inner(("x", "z"), WHEN)),
        _outer(inner=Inner(("x", "y"), WHEN.replace(hour=10))),
        _outer(inner=Inner(("xy",), WHEN)),  # the same characters, split otherwise
        _outer(extra={"n": 1.0, "tags": frozenset({"p", "q", "r"})}),  # 1 and 1.0
        _outer(extra={"n": True, "tags": frozenset({"p", "q", "r"})}),
        _outer(extra={"n": 1, "tags": frozenset({"p", "q"})}),
        _outer(extra={"n": 1, "tags": ["p", "q", "r"]}),
    ],
)
def test_any_difference_changes_the_digest(other: Outer) -> None:
    assert Fingerprints().of(_outer()) != Fingerprints().of(other)


def test_equal_values_have_one_digest_in_any_order_of_a_set() -> None:
    one, two = Fingerprints(), Fingerprints()
    assert one.of(_outer()) == two.of(_outer()) == one.of(_outer())
    reordered = _outer(extra={"n": 1, "tags": frozenset({"r", "q", "p"})})
    assert one.of(reordered) == two.of(_outer())


def test_a_number_kept_with_its_written_text_has_a_digest() -> None:
    """The loader's WrittenInt (YAML's 010): a number of another kind, still a number."""
    from pipeline.load.yamlfile import WrittenInt

    kept = WrittenInt(8)
    kept.written = "010"
    assert Fingerprints().of({"n": kept}) == Fingerprints().of({"n": kept})
    assert Fingerprints().of({"n": kept}) != Fingerprints().of({"n": 8})


def test_a_value_of_unknown_kind_has_no_digest() -> None:
    with pytest.raises(Unknown):
        Fingerprints().of({"page": object()})
    with pytest.raises(Unknown):
        Fingerprints().of(_outer(extra={"f": lambda: 1}))


# -- linked template folders ----------------------------------------------------------------


def _linked_parts(root: Path) -> None:
    """A post template including x.html from two links, one/ and two/, to parts/a."""
    _template(root)
    post = root / "templates/post.html"
    include = "{% include 'one/x.html' ignore missing %}{% include 'two/x.html' ignore missing %}"
    post.write_text(post.read_text("utf-8").replace("</article>", include + "</article>", 1))
    for name in ("a", "b"):
        (root / "parts" / name).mkdir(parents=True)
    (root / "parts/a/x.html").write_text("<!-- uit a -->\n", "utf-8")
    for name in ("one", "two"):
        (root / "templates" / name).symlink_to("../parts/a", target_is_directory=True)


def test_a_template_link_pointed_at_another_folder_renders_again(
    show: Path, tmp_path: Path
) -> None:
    # parts/a is read once, as one/: two/ leaving it for an empty folder changed nothing
    # the digest of the templates saw, and the post pages kept a's text twice.
    _linked_parts(show)
    out = tmp_path / "site"
    run(show, out)
    (show / "templates/two").unlink()
    (show / "templates/two").symlink_to("../parts/b", target_is_directory=True)
    run(show, out)
    assert files(out) == cold(show, tmp_path)


def test_an_edit_in_a_linked_template_folder_is_built(show: Path, tmp_path: Path) -> None:
    # The build record named the link alone: "nothing changed", the old pages stayed.
    _linked_parts(show)
    out = tmp_path / "site"
    run(show, out)
    (show / "parts/a/x.html").write_text("<!-- nieuw in a -->\n", "utf-8")
    assert "Nothing changed" not in run(show, out)
    assert files(out) == cold(show, tmp_path)


def test_the_templates_digest_walks_no_folder_outside_the_show(show: Path, tmp_path: Path) -> None:
    # A hidden link (which no template name loads, and load passes over) to / made every
    # build walk the whole file system.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (show / "templates").mkdir()
    (show / "templates/.elders").symlink_to(elsewhere, target_is_directory=True)
    before = templates_digest(show)
    (elsewhere / "x.html").write_text("x", "utf-8")
    assert templates_digest(show) == before


@pytest.mark.parametrize("library", ["feedgen", "lxml", "Jinja2", "markdown_it_py", "nh3"])
def test_another_version_of_a_library_is_other_code(
    library: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pages and the tags' feeds are read by their keys, and these libraries render them: a
    # page of the old version was kept after an upgrade where a cold build writes the new.
    site_packages = tmp_path / "site-packages"
    (site_packages / f"{library}-1.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site_packages))
    memo.code_key.cache_clear()
    try:
        before = memo.code_key()
        (site_packages / f"{library}-1.0.dist-info").rename(
            site_packages / f"{library}-1.1.dist-info"
        )
        memo.code_key.cache_clear()
        assert memo.code_key() != before
    finally:
        memo.code_key.cache_clear()  # the next test's key is this installation's again


def test_new_time_zone_rules_render_every_page_again(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages keep local times and offsets: a time zone database with other rules for the
    show's zone (a system update) renders them again, as a cold build would."""
    import pipeline.render.site.context as context

    out = tmp_path / "site"
    run(show, out)
    (show / RECORD).unlink()
    assert read(run(show, out)) == len(pages(out))  # the same rules: every page read
    real = context.zone_signature
    monkeypatch.setattr(context, "zone_signature", lambda name: (*real(name), "updated"))
    (show / RECORD).unlink()
    assert read(run(show, out)) == 0
