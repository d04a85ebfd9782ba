# ruff: noqa: E501  (the table reads best one shape per line)
"""Every SoundCloud link shape users paste, as a table; arbitrary text never crashes it."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.models import SoundCloudLink
from pipeline.text.soundcloud import _CANDIDATE, Unrecognised, _candidates, find_links, parse_link

# (input, kind, track_id, user, slug, secret_token)
SHAPES = [
    ("https://soundcloud.com/winkelpraat/afl-3-de-kassa", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("https://www.soundcloud.com/winkelpraat/afl-3-de-kassa", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("https://m.soundcloud.com/winkelpraat/afl-3-de-kassa", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("http://soundcloud.com/winkelpraat/afl-3-de-kassa/", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("https://soundcloud.com/winkelpraat/afl-3-de-kassa?utm_source=clipboard&si=abc", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("HTTPS://SoundCloud.com/winkelpraat/afl-3-de-kassa", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("soundcloud.com/winkelpraat/afl-3-de-kassa", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("//soundcloud.com/winkelpraat/afl-3-de-kassa", "track", None, "winkelpraat", "afl-3-de-kassa", None),
    ("https://soundcloud.com/winkelpraat/afl-3-de-kassa/s-Ab12Cd", "track", None, "winkelpraat", "afl-3-de-kassa", "s-Ab12Cd"),
    ("https://soundcloud.com/winkelpraat/afl-3-de-kassa?secret_token=s-Zz9", "track", None, "winkelpraat", "afl-3-de-kassa", "s-Zz9"),
    ("https://soundcloud.com/winkelpraat/sets/seizoen-1", "playlist", None, "winkelpraat", "seizoen-1", None),
    ("https://soundcloud.com/winkelpraat/sets/seizoen-1/s-Qw3", "playlist", None, "winkelpraat", "seizoen-1", "s-Qw3"),
    ("https://soundcloud.com/winkelpraat", "user", None, "winkelpraat", None, None),
    ("https://api.soundcloud.com/tracks/1842217730", "track", 1842217730, None, None, None),
    ("https://api.soundcloud.com/tracks/1842217730?secret_token=s-k3y", "track", 1842217730, None, None, "s-k3y"),
    ("https://api-v2.soundcloud.com/tracks/77", "track", 77, None, None, None),
    ("https://api.soundcloud.com/playlists/55", "playlist", None, None, None, None),
    ("soundcloud:tracks:1842217730", "track", 1842217730, None, None, None),
    ("SoundCloud:Tracks:12", "track", 12, None, None, None),
    ("https://feeds.soundcloud.com/stream/1842217730-winkelpraat-afl-4.mp3", "track", 1842217730, None, None, None),
    # player links: inner URL encoded once, twice, with &amp; or plain &, with a secret
    ("https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/901&color=%23ff5500", "track", 901, None, None, None),
    ("https://w.soundcloud.com/player/?url=https%3A%2F%2Fapi.soundcloud.com%2Ftracks%2F902&amp;auto_play=false", "track", 902, None, None, None),
    ("https://w.soundcloud.com/player/?url=https%253A%252F%252Fapi.soundcloud.com%252Ftracks%252F903&amp;show_user=true", "track", 903, None, None, None),
    ("https://w.soundcloud.com/player/?url=https%3A//soundcloud.com/winkelpraat/afl-9", "track", None, "winkelpraat", "afl-9", None),
    ("https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/904%3Fsecret_token%3Ds-Pv7", "track", 904, None, None, "s-Pv7"),
    ("https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/tracks/905&secret_token=s-Pv8", "track", 905, None, None, "s-Pv8"),
    ("https://w.soundcloud.com/player/?url=https%3A//api.soundcloud.com/playlists/906", "playlist", None, None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "track_id", "user", "slug", "secret"), SHAPES)
def test_every_shape(
    text: str,
    kind: str,
    track_id: int | None,
    user: str | None,
    slug: str | None,
    secret: str | None,
) -> None:
    link = parse_link(text)
    assert isinstance(link, SoundCloudLink), link
    assert (link.kind, link.track_id, link.user, link.slug, link.secret_token) == (
        kind,
        track_id,
        user,
        slug,
        secret,
    )
    assert link.raw == text


UNDERSTOOD_NOT = [
    ("https://soundcloud.com/discover", "not a user, track or set"),
    ("https://soundcloud.com/", "not a user, track or set"),
    ("https://w.soundcloud.com/player/?color=ff5500", "without a url= parameter"),
    ("https://w.soundcloud.com/player/?url=https%3A//example.com/a", "not a SoundCloud link"),
    ("https://api.soundcloud.com/me", "API link"),
    ("https://api.soundcloud.com/tracks/²", "API link"),
    ("https://on.soundcloud.com/Xy12", "unknown SoundCloud host on.soundcloud.com"),
    ("https://soundcloud.com/winkelpraat/sets", "set link without a set name"),
    ("https://soundcloud.com/winkel%20praat/afl-1", "user permalink"),
    ("https://[soundcloud.com/x", "not a valid URL"),
]


@pytest.mark.parametrize(("text", "reason"), UNDERSTOOD_NOT)
def test_looks_like_soundcloud_but_is_not_understood(text: str, reason: str) -> None:
    link = parse_link(text)
    assert isinstance(link, Unrecognised)
    assert reason in link.reason
    assert link.raw == text


@pytest.mark.parametrize(
    "text",
    ["https://example.com/a", "https://notsoundcloud.com/a/b", "mailto:x@soundcloud.com", ""],
)
def test_not_soundcloud_at_all(text: str) -> None:
    assert parse_link(text) is None


def test_same_track_by_id_or_permalinks() -> None:
    page = parse_link("https://soundcloud.com/winkelpraat/afl-9/")
    other = parse_link("https://m.soundcloud.com/WinkelPraat/AFL-9?si=1")
    by_id = parse_link("soundcloud:tracks:9")
    assert isinstance(page, SoundCloudLink) and isinstance(other, SoundCloudLink)
    assert isinstance(by_id, SoundCloudLink)
    assert page.same_track(other)
    assert not page.same_track(by_id)
    assert page.page_url == "https://soundcloud.com/winkelpraat/afl-9"


IFRAME_BODY = """Intro van de post.

<iframe width="100%" height="166" scrolling="no" frameborder="no" allow="autoplay"
 src="https://w.soundcloud.com/player/?url=https%253A%252F%252Fapi.soundcloud.com%252Ftracks%252F4711&amp;color=%23ff5500&amp;show_user=true"></iframe>
<div style="font-size: 10px;"><a href="https://soundcloud.com/winkelpraat" title="Winkelpraat">Winkelpraat</a> · <a href="https://soundcloud.com/winkelpraat/afl-5-de-etalage" title="Afl. 5">Afl. 5</a></div>

Luister ook [de vorige](https://soundcloud.com/winkelpraat/afl-4?in=x). En
www.soundcloud.com/winkelpraat/afl-3, of soundcloud:tracks:33.
Dit is kapot: https://soundcloud.com/search?q=kassa
"""


def test_find_links_in_a_post_body() -> None:
    found = find_links(IFRAME_BODY)
    summary = [
        (f.line, f.link.kind, f.link.track_id, f.link.user, f.link.slug)
        if isinstance(f.link, SoundCloudLink)
        else (f.line, "unrecognised", f.link.raw)
        for f in found
    ]
    assert summary == [
        # the iframe and its credits <div> are one link: the id from the player, the
        # permalinks from the credits
        (3, "track", 4711, "winkelpraat", "afl-5-de-etalage"),
        (7, "track", None, "winkelpraat", "afl-4"),
        (8, "track", None, "winkelpraat", "afl-3"),
        (8, "track", 33, None, None),
        (9, "unrecognised", "https://soundcloud.com/search?q=kassa"),
    ]


def test_iframe_whose_player_url_is_not_understood_is_reported() -> None:
    text = 'x\n<iframe src="https://w.soundcloud.com/player/?visual=true"></iframe>\n'
    (found,) = find_links(text)
    assert found.line == 2
    assert isinstance(found.link, Unrecognised)


URLISH = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789-_/:?&=%.;#s²[]<>\"' \n"))
    | st.characters(),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(URLISH, st.builds(lambda s: "https://soundcloud.com/" + s, URLISH)))
def test_parse_link_never_crashes(text: str) -> None:
    result = parse_link(text)
    assert result is None or isinstance(result, SoundCloudLink | Unrecognised)


PIECES = st.sampled_from(
    [
        "https://",
        "w.soundcloud.com/player/?url=",
        "api.soundcloud.com/tracks/",
        "soundcloud.com/",
        "%25",
        "%3A",
        "%2F",
        "&amp;",
        "sets/",
        "s-",
        "12",
        '<iframe src="',
        '"></iframe>',
        '<div><a href="https://soundcloud.com/a/b">',
        "</a></div>",
        "soundcloud:tracks:",
        "\n",
        " ",
        "²",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES | st.text(max_size=5), max_size=20).map("".join))
def test_find_links_never_crashes_and_lines_are_in_range(text: str) -> None:
    for found in find_links(text):
        assert 1 <= found.line <= text.count("\n") + 1
        assert 0 <= found.start < found.end <= len(text)


_PIECES = st.sampled_from(
    ["soundcloud", "SoundCloud", "\u017foundcloud", ".com/", "//", "https:", "www.", "m.",
     ":tracks:", "12", "@", "-", "/", " ", "\n", "\r\n", "\x0b", "\x1c", "\x85", "\u2028",
     "\u00a0", ")", '"', "a", "é"]
)  # fmt: skip


@given(st.lists(_PIECES).map("".join))
@example("zie https://soundcloud.com/a/b\nen www.soundcloud.com/c/d, soundcloud:tracks:12")
@example("x\u2028soundcloud.com/a/b x.soundcloud.com/c a-soundcloud.com/d")
@example("\u017fOUNDCLOUD.com/a/b")  # the long s: IGNORECASE takes it for an s
def test_only_lines_naming_soundcloud_are_searched(text: str) -> None:
    spans = [m.span() for m in _CANDIDATE.finditer(text)]
    assert [m.span() for m in _candidates(text)] == spans
