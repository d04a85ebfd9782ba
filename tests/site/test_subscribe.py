"""Subscribe buttons: podcast.toml's [directories] pages win; an Apple Podcasts or Podcast
Index page gives the apps that take those IDs their pages; otherwise each app gets the link
that subscribes from the feed URL where it has one; bad directory URLs are Error lines with
file and line; and the subscribe page lists the apps with the feed URL to copy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from pipeline.build import BuildOptions, build
from pipeline.cli import main
from pipeline.errors import ConfigError
from pipeline.load.config import load_show
from pipeline.render.site.subscribe import subscribe_apps
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
NOW_ARGS = ("--now", "2026-06-01T12:00+02:00")
DIRECTORIES = """
[directories]
apple = "https://podcasts.apple.com/nl/podcast/testshow/id1234567890"
spotify = "https://open.spotify.com/show/4rOoJ6Egrf8K2IrywzwOMk"
youtube_music = "https://music.youtube.com/playlist?list=PLtest"
podcast_index = "https://podcastindex.org/podcast/920666"
"""


def apps(root: Path) -> dict[str, tuple[str, str]]:
    return {a.name: (a.href, a.devices) for a in subscribe_apps(load_show(root))}


def test_links_from_the_feed_url_without_directories(make_show: ShowMaker) -> None:
    found = apps(make_show())
    feed = "https://show.example/feed.xml"
    assert found == {
        "Pocket Casts": ("https://pcasts.in/feed/show.example/feed.xml", ""),
        "AntennaPod": (
            "https://antennapod.org/deeplink/subscribe?url=https%3A%2F%2Fshow.example%2F"
            "feed.xml&title=Testshow",
            "",
        ),
        "Podcast Addict": (
            "https://podcastaddict.com/feed/https%3A%2F%2Fshow.example%2Ffeed.xml",
            "",
        ),
        # Only Apple's own devices open these: the button says so.
        "Apple Podcasts": ("podcast://show.example/feed.xml", "apple"),
        "Overcast": (
            "overcast://x-callback-url/add?url=" + feed.replace(":", "%3A").replace("/", "%2F"),
            "ios",
        ),
        "Castro": ("castro://subscribe/show.example/feed.xml", "ios"),
    }
    # No Spotify, YouTube Music or Fountain without their pages: they take no feed URL.
    assert [a.name for a in subscribe_apps(load_show(make_show()))][:3] == [
        "Pocket Casts",
        "AntennaPod",
        "Podcast Addict",
    ]


def test_directory_pages_and_ids(make_show: ShowMaker) -> None:
    found = apps(make_show(config=BASIC_CONFIG + DIRECTORIES))
    assert found["Apple Podcasts"] == (
        "https://podcasts.apple.com/nl/podcast/testshow/id1234567890",
        "",
    )
    assert found["Spotify"][0] == "https://open.spotify.com/show/4rOoJ6Egrf8K2IrywzwOMk"
    assert found["YouTube Music"][0] == "https://music.youtube.com/playlist?list=PLtest"
    # The apps that take the Apple Podcasts ID get their pages from it.
    assert found["Overcast"] == ("https://overcast.fm/itunes1234567890", "")
    assert found["Castro"] == ("https://castro.fm/itunes/1234567890", "")
    assert found["Pocket Casts"] == ("https://pca.st/itunes/1234567890", "")
    assert found["Fountain"] == ("https://fountain.fm/show/920666", "")
    # A page named in podcast.toml wins over one derived from an ID.
    own = BASIC_CONFIG + DIRECTORIES + 'overcast = "https://overcast.fm/+abc"\n'
    assert apps(make_show(config=own))["Overcast"] == ("https://overcast.fm/+abc", "")


def test_bad_directory_urls_are_errors_with_their_line(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG + '\n[directories]\nspotify = "open.spotify.com/show/x"\nfountain = 3\n'
    config += '\n[site]\nsoundcloud_player = "iframe"\n'
    root = make_show(config=config)
    with pytest.raises(ConfigError) as caught:
        load_show(root)
    lines = BASIC_CONFIG.count("\n")
    assert [str(p) for p in caught.value.problems] == [
        f"podcast.toml:{lines + 3}: directories.spotify: got 'open.spotify.com/show/x', "
        "expected an http(s) URL",
        f"podcast.toml:{lines + 4}: directories.fountain: got 3, expected a text",
        f"podcast.toml:{lines + 7}: site.soundcloud_player: got 'iframe', expected one of "
        "embed, stream",
    ]
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--offline", *NOW_ARGS])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors[0].startswith(f"Error: podcast.toml:{lines + 3}: directories.spotify:")
    assert not (root / "site").exists()


def test_subscribe_page(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show(episodes={"001-a": episode(1)}, config=BASIC_CONFIG + DIRECTORIES)
    out = tmp_path / "out"
    build(BuildOptions(root=root, out=out, now=NOW, offline=True))
    page = lxml_html.fromstring((out / "subscribe/index.html").read_bytes())
    names = page.xpath("//ul[@class='apps']//a/span/text()")
    assert names[:3] == ["Apple Podcasts", "Spotify", "YouTube Music"]
    assert set(names) >= {"Overcast", "Castro", "Pocket Casts", "AntennaPod", "Fountain"}
    # Every button has its icon (our own SVG, decorative: the name is beside it).
    icons = page.xpath("//ul[@class='apps']//a/*[local-name()='svg']/@aria-hidden")
    assert icons == ["true"] * len(names)
    assert page.xpath("//input[@id='feed-url']/@value") == ["https://show.example/feed.xml"]
    assert page.xpath("//button[@data-copy='feed-url']/@hidden") == [""]  # JS shows it
    # Every page's navigation and footer lead here, not to raw XML.
    home = lxml_html.fromstring((out / "index.html").read_bytes())
    assert "subscribe/" in home.xpath("//header//nav//a/@href")


def test_podroll_is_shown_as_the_shows_we_listen_to(make_show: ShowMaker, tmp_path: Path) -> None:
    """podcast:podroll in the feed, and on the subscribe and home pages for people."""
    podroll = """
[[podroll]]
guid = "285dc9a8-5401-5d69-aab4-a4a736c6cb03"
url = "https://boekhandel.example/feed.xml"
title = "De Boekhandelpodcast"

[[podroll]]
guid = "7cd16532-aa05-5b71-af32-be78a2d21e44"
url = "https://kassa.example/rss"
"""
    root = make_show(config=BASIC_CONFIG.replace("[owner]", podroll + "\n[owner]"))
    build(BuildOptions(root, tmp_path / "site", NOW))
    for page in ("subscribe/index.html", "index.html"):
        tree = lxml_html.parse(str(tmp_path / "site" / page))
        section = tree.xpath("//section[@class='podroll']")[0]
        assert section.xpath("./h2/text()") == ["Wij luisteren zelf naar"]
        assert [(a.text, a.get("href")) for a in section.xpath(".//a")] == [
            ("De Boekhandelpodcast", "https://boekhandel.example/feed.xml"),
            ("https://kassa.example/rss", "https://kassa.example/rss"),  # no title: its feed
        ]
    plain = make_show(config=BASIC_CONFIG)  # no podroll: no empty section
    build(BuildOptions(plain, tmp_path / "plain", NOW))
    assert "podroll" not in (tmp_path / "plain/subscribe/index.html").read_text("utf-8")
