"""Attacks on a build, each as an attacker or a careless user would try it (issue 13).

Read it as a list: every test names the attack and asserts what the pipeline does instead
(an ``Error:`` line with file and line, exit 1, nothing written; or the attack defused).
Four kinds: files from outside the show, parsing bombs, injection, output safety. Each
failed on the code before issue 13.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from lxml import etree

from tests.audiogen import mp3_frames
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.security.support import build, errors, post, run, snapshot

# ---------------------------------------------------------------------------------------
# Paths: a build never reads or publishes a file from outside the show folder.

OUTSIDE = "a file inside the show folder"
LOCAL_AUDIO = episode(1).replace("audio: https://media.show.example/1.mp3", "audio: {audio}")


def outside_show(make_show: ShowMaker, tmp_path: Path) -> Path:
    """A show, and beside it a folder with private files the show must never publish."""
    private = tmp_path / "outside"
    private.mkdir()
    (private / "secret.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\ngeheim\n")
    (private / "private.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (private / "post.md").write_text(post("Privé."))
    (private / "afl.mp3").write_bytes(mp3_frames())
    return make_show()


@pytest.mark.parametrize(
    ("audio", "expected"),
    [
        ("/etc/passwd", OUTSIDE),
        ("../outside/afl.mp3", OUTSIDE),
        (".git/config", OUTSIDE + ", outside hidden folders such as .git"),
    ],
    ids=["absolute", "parent", "hidden-folder"],
)
def test_audio_naming_a_file_outside_the_show(
    make_show: ShowMaker, tmp_path: Path, audio: str, expected: str
) -> None:
    root = outside_show(make_show, tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    (root / "episodes" / "001-a.yaml").write_text(
        LOCAL_AUDIO.format(audio=audio) + "mime_type: audio/mpeg\n"
    )
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0] == (
        f"Error: episodes/001-a.yaml:5: audio: got {audio!r}, expected {expected}"
    )
    assert not (root / "site").exists()


def test_audio_through_a_symlink_to_outside(make_show: ShowMaker, tmp_path: Path) -> None:
    root = outside_show(make_show, tmp_path)
    (root / "audio").mkdir()
    (root / "audio" / "afl.mp3").symlink_to(tmp_path / "outside" / "afl.mp3")
    (root / "episodes" / "001-a.yaml").write_text(LOCAL_AUDIO.format(audio="audio/afl.mp3"))
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0] == (
        f"Error: episodes/001-a.yaml:5: audio: got 'audio/afl.mp3', expected {OUTSIDE}"
    )


def test_text_file_posing_as_audio(make_show: ShowMaker) -> None:
    # A mime_type and a duration written beside it used to skip every look at the file.
    root = make_show(files={"audio/afl.mp3": "[core]\n\trepositoryformatversion = 0\n"})
    (root / "episodes" / "001-a.yaml").write_text(
        LOCAL_AUDIO.format(audio="audio/afl.mp3") + "mime_type: audio/mpeg\n"
    )
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/001-a.yaml:5: audio: got 'audio/afl.mp3', expected an audio file "
        "(MP3, M4A, WAV, FLAC, Ogg...) whose duration can be read"
    )


@pytest.mark.parametrize(
    ("field", "value", "line"),
    [
        ("transcript", "../outside/secret.vtt", 8),
        ("image", "../outside/private.png", 8),
    ],
)
def test_episode_file_naming_a_file_outside(
    make_show: ShowMaker, tmp_path: Path, field: str, value: str, line: int
) -> None:
    root = outside_show(make_show, tmp_path)
    (root / "episodes" / "001-a.yaml").write_text(episode(1, **{field: value}))
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0] == (
        f"Error: episodes/001-a.yaml:{line}: {field}: got {value!r}, expected {OUTSIDE}"
    )


def test_show_artwork_outside(make_show: ShowMaker, tmp_path: Path) -> None:
    root = outside_show(make_show, tmp_path)
    config = BASIC_CONFIG.replace(
        'artwork = "https://show.example/art.jpg"', 'artwork = "../outside/private.png"'
    )
    (root / "podcast.toml").write_text(config)
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0] == (
        f"Error: podcast.toml:6: artwork: got '../outside/private.png', expected {OUTSIDE}"
    )


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("static/passwd.txt", "/etc/passwd"),
        ("templates/base.html", "outside/secret.vtt"),
        ("posts/2026-03-01-privé.md", "outside/post.md"),
        ("episodes/002-b.yaml", "outside/secret.vtt"),
    ],
    ids=["static", "template", "post", "episode"],
)
def test_symlink_in_a_show_folder_to_outside(
    make_show: ShowMaker, tmp_path: Path, link: str, target: str
) -> None:
    root = outside_show(make_show, tmp_path)
    (root / "episodes" / "001-a.yaml").write_text(episode(1))
    path = root / link
    path.parent.mkdir(exist_ok=True)
    resolved = Path(target) if target.startswith("/") else tmp_path / target
    path.symlink_to(resolved)
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0] == (
        f"Error: {link}: file: got a link to {str(resolved)!r}, expected {OUTSIDE}"
    )
    assert not (root / "site").exists()


# The network names paths too: an import or an oEmbed answer is never taken as a local file.

RSS = "application/rss+xml; charset=utf-8"


def rss_item(
    enclosure: str, image: str = "https://i1.sndcdn.example/artworks-1-t500x500.jpg"
) -> str:
    return (
        '<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
        "<channel><title>Nep</title><item>"
        "<guid>tag:soundcloud,2010:tracks/1</guid><title>Afl. 1</title>"
        "<pubDate>Mon, 02 Mar 2026 06:00:00 +0000</pubDate>"
        f'<enclosure type="audio/mpeg" url="{enclosure}" length="4000"/>'
        f'<itunes:image href="{image}"/>'
        "</item></channel></rss>"
    )


def import_feed(root: Path, body: str) -> tuple[int, str, str]:
    from tests.loopback import Loopback, answer

    with Loopback() as server:
        server.routes["/feed.rss"] = lambda h: answer(h, 200, body.encode(), RSS)
        return run(["import", "soundcloud", server.url + "/feed.rss", "--root", str(root)])


@pytest.mark.parametrize("enclosure", ["/etc/passwd", "file:///etc/passwd"])
def test_imported_enclosure_naming_a_local_file(make_show: ShowMaker, enclosure: str) -> None:
    root = make_show()
    code, _, stderr = import_feed(root, rss_item(enclosure))
    assert code == 1
    assert "an <enclosure url> that is not a web address" in stderr
    assert list((root / "episodes").iterdir()) == []


@pytest.mark.parametrize("image", ["/etc/passwd.png", "javascript:alert(1)//.png", "x.png"])
def test_imported_artwork_naming_a_local_file(make_show: ShowMaker, image: str) -> None:
    root = make_show()
    code, _, stderr = import_feed(root, rss_item("https://feeds.example/1.mp3", image))
    assert code == 0, stderr
    written = next((root / "episodes").iterdir()).read_text()
    assert "image:" not in written
    code, _, stderr = build(root, "--offline")  # what an import writes must load
    assert code == 0, stderr
    assert sorted(p.name for p in (root / "site").iterdir() if p.name == "media") == []


@pytest.mark.parametrize("thumbnail", ["/etc/passwd.png", "javascript:alert(1)//x.jpg"])
def test_oembed_thumbnail_naming_a_local_file(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch, thumbnail: str
) -> None:
    import json

    from tests.loopback import Loopback, answer

    oembed = {
        "title": "Afl. 1: De kassa",
        "author_name": "Nep",
        "author_url": "https://soundcloud.com/fakeshow",
        "thumbnail_url": thumbnail,
        "html": '<iframe src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud'
        '.com/tracks/101"></iframe>',
    }
    with Loopback() as server:
        server.routes["/oembed"] = lambda h: answer(
            h, 200, json.dumps(oembed).encode(), "application/json"
        )
        monkeypatch.setenv("PIPELINE_SOUNDCLOUD_OEMBED", server.url + "/oembed")
        root = make_show(
            episodes={
                "001-a": "number: 1\ndate: 2026-03-02 07:00\naudio: https://m.example/1.mp3\n"
                "length: 100\nsoundcloud: https://soundcloud.com/fakeshow/afl-1\n"
            }
        )
        code, _, stderr = build(root)
    assert code == 0, stderr
    feed = (root / "site" / "feed.xml").read_bytes()
    assert b"passwd" not in feed and b"javascript" not in feed
    assert not (root / "site" / "media").exists()


# ---------------------------------------------------------------------------------------
# Parsing bombs: every command that reads posts finishes in seconds, whatever they hold.


@pytest.mark.parametrize(
    "body",
    [
        "_" * 30 + "\n\nTekst.\n",  # a separator line: 2^n steps in the Lees-ook pattern
        "> " * 10 + "Lees ook: " + "_ " * 5000 + "\n",
        "Lees ook:" + " " * 100_000 + "x\n",
        "12:30 Titel" + " " * 100_000 + "x\n",  # a timestamp line with a long gap
        "[a](" * 50_000 + "\n",  # link openers without an end
        "{%" * 50_000 + "\n",  # Liquid openers, for the related-links text
        "Wat" + "!" * 20_000 + "x\n",  # a run of stops in show notes' sentence cutter
        "soundcloud " + "/" * 100_000 + "\n",
        "<iframe " * 20_000 + "soundcloud\n",
    ],
    ids=[
        "underscore-line", "quoted-underscores", "pointer-spaces", "timestamp-spaces",
        "link-openers", "liquid-openers", "exclamations", "slashes", "iframe-openers",
    ],
)  # fmt: skip
def test_post_that_used_to_hang(make_show: ShowMaker, body: str) -> None:
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-p")},
        posts={"2026-03-01-p": post(body)},
    )
    code, _, stderr = build(root, seconds=15)
    assert code in (0, 1)
    assert all(line.startswith(("Error: ", "Notice: ")) for line in stderr.splitlines())


@pytest.mark.parametrize(
    ("body", "line", "got", "expected"),
    [
        (">" * 100_000 + " x\n", 7, "quotes, lists or HTML elements nested 100000 deep",
         "at most 100 levels of quotes, lists and HTML elements"),
        ("<div>" * 50_000 + "\n", 7, "quotes, lists or HTML elements nested 50000 deep",
         "at most 100 levels of quotes, lists and HTML elements"),
        ("*" * 50_000 + "x\n", 7, "50,000 Markdown markers",
         "at most 30,000 Markdown markers (* _ ` ~ | [ ] < &) in one post"),
        ("[" * 50_000 + "x\n", 7, "50,000 Markdown markers",
         "at most 30,000 Markdown markers (* _ ` ~ | [ ] < &) in one post"),
        ("[" * 12_000 + "x\n", 7, "a paragraph of many [",
         "fewer [ brackets in so long a paragraph (split it, or write them as \\[)"),
        # 1 MB of short paragraphs each nested 100 deep (or 50 lists in quotes) was a
        # million elements and 25 MB of HTML: 6 s, past the bound of any 1 MB post
        ((">" * 100 + " x\n\n") * 10_000, 2027, "100,089 levels of quotes and lists past"
         " the first by this line", "at most 100,000 in one post (split it, or nest less"
         " deeply)"),
        (("> - " * 50 + "woord\n") * 5_000, 1017, "100,089 levels of quotes and lists past"
         " the first by this line", "at most 100,000 in one post (split it, or nest less"
         " deeply)"),
    ],
    ids=[
        "quotes-100k", "divs-50k", "stars-50k", "brackets-50k", "brackets-12k",
        "nested-paragraphs", "lists-in-quotes",
    ],
)  # fmt: skip
def test_pathological_markdown_is_refused_with_its_line(
    make_show: ShowMaker, body: str, line: int, got: str, expected: str
) -> None:
    root = make_show(posts={"2026-03-01-p": post("Eerst.\n\n" + body)})
    code, _, stderr = build(root, seconds=10)
    assert code == 1
    assert errors(stderr)[0] == (
        f"Error: posts/2026-03-01-p.md:{line}: body: got {got}, expected {expected}"
    )


ALIAS_BOMB = "".join(
    f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_yaml_alias_bomb_in_an_episode(make_show: ShowMaker) -> None:
    text = episode(1) + 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    root = make_show(episodes={"001-a": text + ALIAS_BOMB})
    code, _, stderr = build(root, seconds=10)
    assert code == 1
    assert errors(stderr)[0] == (
        "Error: episodes/001-a.yaml:9: b: got an alias (*a), expected a value written out "
        "(YAML anchors and aliases are not allowed in content files)"
    )


def test_yaml_alias_bomb_in_unused_front_matter(make_show: ShowMaker) -> None:
    bomb = 'a: &a ["lol", "lol"]\n' + ALIAS_BOMB
    root = make_show(posts={"2026-03-01-p": "---\ntitle: Bom\n" + bomb + "---\nTekst.\n"})
    code, _, stderr = build(root, seconds=10)
    assert code == 1
    assert errors(stderr)[0].startswith("Error: posts/2026-03-01-p.md:4: b: got an alias (*a)")


def test_yaml_number_of_5000_digits(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1).replace("number: 1", "number: " + "9" * 5000)})
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0].startswith("Error: episodes/001-a.yaml:2: number: got '9999")
    assert len(errors(stderr)[0]) < 200  # shortened before it became text


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31 23:59", "9999-12-31 23:00 -05:00"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_dates_at_the_ends_of_time(make_show: ShowMaker, date: str, command: str) -> None:
    root = make_show(episodes={"001-a": episode(1).replace("2026-03-01 07:00", date)})
    code, _, stderr = run([command, "--root", str(root), "--now", "2026-06-01T12:00+02:00"])
    assert code == 1
    assert errors(stderr)[0] == (
        f"Error: episodes/001-a.yaml:3: date: got {date!r}, expected a date from the year "
        "1900 to 2999"
    )


# ---------------------------------------------------------------------------------------
# Injection: what a user or the network writes never runs in an app or a browser.


def test_script_in_the_show_description_is_not_alive_in_the_feed(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.replace(
        'description = "Een show om mee te testen."',
        'description = "Een show <svg onload=alert(1)> over <b>winkels</b>."',
    )
    root = make_show(config=config, episodes={"001-a": episode(1)})
    code, _, stderr = build(root)
    assert code == 0, stderr
    channel = etree.parse(str(root / "site" / "feed.xml")).find("channel")
    assert channel is not None
    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
    for text in (channel.findtext("description"), channel.findtext(f"{itunes}summary")):
        assert text is not None and "svg" not in text and "onload" not in text
        assert "winkels" in text


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("Gebruik nooit <style> in een post.", "Gebruik nooit <style> in een post."),
        ("Zet de <title> goed.", "Zet de <title> goed."),
        ("Een <textarea> of een <script> in de tekst.", "Een <textarea> of een <script>"),
        ("Een <iframe src=https://evil.example/> zonder einde.", "Een <iframe src"),
        ("<noscript>", "<noscript>"),
    ],
    ids=["style", "title", "textarea-script", "foreign-iframe", "noscript-block"],
)
def test_a_post_that_mentions_a_swallowing_tag_loses_no_text(
    make_show: ShowMaker, sentence: str, shown: str
) -> None:
    """<style>, <title>, <script>... read the rest of a page as their content: a post that
    mentioned one lost every word after it, on its page and in posts.atom."""
    body = f"{sentence} Deze zin blijft staan.\n\nEn deze alinea ook.\n"
    root = make_show(posts={"2026-03-01-tags": post(body)})
    code, _, stderr = build(root)
    assert code == 0, stderr
    page = etree.parse(str(root / "site/posts/tags/index.html"), etree.HTMLParser())
    text = " ".join(page.xpath("//main//text()"))
    assert shown in text and "Deze zin blijft staan." in text and "En deze alinea ook." in text
    assert not page.xpath("//main//style | //main//script | //main//textarea | //main//title")
    atom = (root / "site/posts.atom").read_text("utf-8")
    assert "Deze zin blijft staan." in atom and "En deze alinea ook." in atom


def test_a_player_embed_asks_for_nothing_but_playing(make_show: ShowMaker) -> None:
    """A pasted SoundCloud iframe asked for camera, microphone and location, and kept it."""
    iframe = (
        '<iframe width="100%" height="166" scrolling="no" frameborder="no" '
        'allow="autoplay; camera; microphone; geolocation" '
        'src="https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/1"></iframe>'
    )
    root = make_show(posts={"2026-03-01-speler": post(f"Luister:\n\n{iframe}\n\nEinde.\n")})
    code, _, stderr = build(root)
    assert code == 0, stderr
    page = etree.parse(str(root / "site/posts/speler/index.html"), etree.HTMLParser())
    assert page.xpath("//main//iframe/@allow") == ["autoplay"]
    assert page.xpath("//main//iframe/@src")[0].startswith("https://w.soundcloud.com/player/")


@pytest.mark.parametrize("field", ["title", "author", "copyright"])
def test_markup_in_a_plain_show_field(make_show: ShowMaker, field: str) -> None:
    kept = [line for line in BASIC_CONFIG.splitlines() if not line.startswith(f"{field} =")]
    config = f'{field} = "X <svg onload=alert(1)>"\n' + "\n".join(kept) + "\n"
    root = make_show(config=config, episodes={"001-a": episode(1)})
    code, _, stderr = build(root)
    assert code == 1
    assert any(
        line.endswith(f"{field}: got 'X <svg onload=alert(1)>', expected plain text without "
                      "HTML tags") for line in errors(stderr)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ('[[funding]]\ntext = "Steun"\n', "funding[0].url", "javascript:alert(1)"),
        ('[[funding]]\ntext = "Steun"\n', "funding[0].url", "steun.example"),
        ('[[hosts]]\nname = "A"\n', "hosts[0].href", "javascript:alert(1)"),
        ("[soundcloud]\n", "soundcloud.oembed", "file:///etc/passwd"),
        ("", "websub_hub", "javascript:alert(1)"),
    ],
    ids=["funding-javascript", "funding-schemeless", "host-javascript", "oembed-file", "hub"],
)
def test_urls_a_user_writes_are_web_addresses(
    make_show: ShowMaker, table: str, key: str, value: str
) -> None:
    name = key.rsplit(".", 1)[-1]
    config = (
        BASIC_CONFIG + f'\n{table}{name} = "{value}"\n'
        if table
        else (f'{name} = "{value}"\n' + BASIC_CONFIG)
    )
    root = make_show(config=config, episodes={"001-a": episode(1)})
    code, _, stderr = build(root)
    assert code == 1
    line = next(line for line in errors(stderr) if f": {key}: " in line)
    assert f"{key}: got {value!r}, expected " in line
    assert "http" in line.split("expected", 1)[1]


@pytest.mark.parametrize("language", ["qq", "nl-AB", "x-klingon", "und", "nl_NL"])
def test_language_that_is_no_language(make_show: ShowMaker, language: str) -> None:
    config = BASIC_CONFIG.replace('language = "nl"', f'language = "{language}"')
    root = make_show(config=config, episodes={"001-a": episode(1)})
    code, _, stderr = build(root)
    assert code == 1
    assert errors(stderr)[0].startswith(f"Error: podcast.toml:4: language: got {language!r}")


@pytest.mark.parametrize("language", ["nl", "nl-BE", "en-US", "fy", "pt-BR", "sr-Latn"])
def test_real_languages_pass(make_show: ShowMaker, language: str) -> None:
    config = BASIC_CONFIG.replace('language = "nl"', f'language = "{language}"')
    root = make_show(config=config, episodes={"001-a": episode(1)})
    assert build(root)[0] == 0


# ---------------------------------------------------------------------------------------
# Output safety: a build replaces only its own output, readable by a web server, one at a
# time; publish never mistakes a missing record for a first publication.


def test_out_naming_a_folder_of_documents(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    thesis = tmp_path / "scriptie"
    thesis.mkdir()
    (thesis / "thesis.docx").write_bytes(b"PK\x03\x04 years of work")
    (thesis / "index.html").write_text("<p>mijn scriptie</p>")
    before = snapshot(thesis)
    code, _, stderr = build(root, "--out", str(thesis))
    assert code == 1
    assert errors(stderr) == [
        f"Error: refusing to replace {thesis}: it is not a folder this tool made (no "
        ".pipeline-output in it) and would be deleted; choose an empty or new folder for --out"
    ]
    assert snapshot(thesis) == before


def test_site_is_readable_by_a_web_server_running_as_another_user(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    old = os.umask(0o022)
    try:
        assert build(root)[0] == 0
        (root / "episodes" / "002-b.yaml").write_text(episode(2))
        assert build(root)[0] == 0  # a rebuild keeps the modes
    finally:
        os.umask(old)
    site = root / "site"
    for path in [site, *site.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_a_killed_build_s_leftovers_are_cleaned_and_named_when_stuck(
    make_show: ShowMaker,
) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    (root / ".site.new-dead").mkdir()
    (root / ".site.new-dead" / "feed.xml").write_text("half")
    stuck = root / ".site.old-stuck"
    (stuck / "locked").mkdir(parents=True)
    (stuck / "locked" / "file").write_text("x")
    (stuck / "locked").chmod(0o500)  # its file cannot be deleted (unless we are root)
    try:
        code, _, stderr = run(["build", "--root", str(root), "--now", "2026-06-01T12:00+02:00"])
    finally:
        if (stuck / "locked").exists():  # root removes it anyway
            (stuck / "locked").chmod(0o700)
    assert code == 0, stderr
    assert not (root / ".site.new-dead").exists()
    if os.geteuid() != 0:
        assert f"Notice: could not remove {stuck} left by an earlier build" in stderr


def test_a_second_build_into_the_same_folder_waits_for_the_first(
    make_show: ShowMaker,
) -> None:
    import subprocess
    import sys
    import time

    root = make_show(episodes={"001-a": episode(1)})
    # Another process writing into ROOT/site holds the lock of ROOT for a second.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time\n"
         "fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY)\n"
         "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(1.5)",
         str(root)], stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    started = time.monotonic()
    code, _, stderr = build(root)
    waited = time.monotonic() - started
    holder.wait()
    assert code == 0, stderr
    assert waited >= 1.0  # it waited for the first, then wrote a whole site
    assert (root / "site" / "feed.xml").is_file()


def publish(root: Path, *args: str) -> tuple[int, str, str]:
    return run(["publish", "--root", str(root), "-q", "--no-ping", "--now",
                "2026-06-01T12:00+02:00", *args])  # fmt: skip


@pytest.mark.parametrize("damage", ["deleted", "dangling-symlink", "folder"])
def test_publish_with_its_record_gone(make_show: ShowMaker, damage: str) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    assert publish(root, "--first-publication")[0] == 0
    state = root / "published.json"
    state.unlink()
    if damage == "dangling-symlink":
        state.symlink_to(root / ".cache" / "restored" / "published.json")
    elif damage == "folder":
        state.mkdir()
    # A changed GUID would now go out silently if a missing record meant "never published".
    (root / "episodes" / "001-a.yaml").write_text(
        episode(1).replace("00000000-0000-4000-8000-000000000001", "11111111-0000-4000-8000-0")
    )
    site = snapshot(root / "site")
    code, _, stderr = publish(root)
    assert code == 1
    got = {"deleted": "no file", "folder": "a folder"}.get(damage, "a link to nothing")
    assert errors(stderr)[0].startswith(f"Error: published.json: state: got {got}")
    assert "--first-publication" in errors(stderr)[0]
    assert snapshot(root / "site") == site


def test_first_publication_claimed_for_a_published_show(make_show: ShowMaker) -> None:
    root = make_show(episodes={"001-a": episode(1)})
    assert publish(root, "--first-publication")[0] == 0
    code, _, stderr = publish(root, "--first-publication")
    assert code == 1
    assert "published.json: state: got a record of an earlier publication" in stderr


def test_network_numbers_are_range_checked(make_show: ShowMaker) -> None:
    from tests.loopback import Loopback, answer

    def audio(h: object) -> None:
        if h.headers.get("Range"):  # type: ignore[attr-defined]
            answer(h, 206, b"\xff", "audio/mpeg", Content_Range="bytes 0-0/-5")  # type: ignore[arg-type]
        else:
            answer(h, 200, b"", "audio/mpeg", Content_Length="-5")  # type: ignore[arg-type]

    with Loopback({"/1.mp3": audio}) as server:
        text = episode(1).replace("https://media.show.example/1.mp3", server.url + "/1.mp3")
        root = make_show(episodes={"001-a": text.replace("length: 1234567\n", "")})
        code, _, stderr = build(root)
    assert code == 1
    assert "no Content-Length or Content-Range total from 1 byte to 1 TiB" in stderr
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    ("body", "ctype"),
    [(b'{"title": "Afl', "application/json"), (b"<html>Log in to the Wi-Fi</html>", "text/html")],
    ids=["malformed-json", "captive-portal"],
)
def test_a_broken_answer_is_not_cached_for_ever(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch, body: bytes, ctype: str
) -> None:
    import json

    from tests.loopback import Loopback, answer

    good = json.dumps({"title": "Afl. 1: De kassa", "html": ""}).encode()
    answers = [(body, ctype), (good, "application/json")]
    with Loopback() as server:
        server.routes["/oembed"] = lambda h: answer(h, 200, *answers.pop(0))
        monkeypatch.setenv("PIPELINE_SOUNDCLOUD_OEMBED", server.url + "/oembed")
        root = make_show(
            episodes={
                "001-a": episode(1).replace('title: "Afl. 1: Onderwerp 1"\n', "")
                + "soundcloud: https://soundcloud.com/fakeshow/afl-1\n"
            }
        )
        code, _, stderr = build(root)
        assert code == 1
        assert f"{server.url}/oembed?" in stderr  # which answer failed
        code, _, stderr = build(root)  # the next build asks again, and gets a good answer
        assert code == 0, stderr
        assert server.hits("/oembed") == 2
