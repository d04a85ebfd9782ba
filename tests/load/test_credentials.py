"""A web address with a user name or password (``https://user:pw@host/``) is refused at
load time in every field the feed or the site publishes: the feed carries each address as
written, and every app and reader would be handed the password."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.text.urls import is_web_url
from tests.conftest import BASIC_CONFIG, ShowMaker, episode

NOW = ["--now", "2026-06-01T12:00+02:00"]
NO_LOGIN = "expected a web address without a user name or password (it would be published)"

CONFIG = (
    """new_feed_url = "https://u:pw@nieuw.example/feed.xml"
websub_hub = "https://u:pw@hub.example/"
social_interact = { protocol = "activitypub", uri = "https://u:pw@mastodon.example/@s/1" }
"""
    + BASIC_CONFIG.replace("https://show.example/art.jpg", "https://u:pw@show.example/art.jpg")
    + """
[[hosts]]
name = "Fenna"
href = "https://u:pw@fenna.example/"

[[funding]]
url = "https://u:pw@steun.example/"
text = "Steun ons"

[soundcloud]
site = "https://u:pw@soundcloud.com"

[analytics]
prefix = "https://u:pw@op3.dev/e/"

[[trailers]]
title = "Seizoen 2"
url = "https://u:pw@media.example/trailer.mp3"
date = 2026-11-18T07:00:00+01:00
length = 2764800
"""
)

EPISODE = episode(1).replace("https://media.show.example/", "https://u:pw@media.show.example/") + (
    "image: https://u@media.show.example/1.jpg\n"
    "soundcloud: https://u:pw@soundcloud.com/fakeshow/afl-1\n"
    "guests:\n"
    "  - name: Jan\n"
    "    href: https://u:pw@jan.example/\n"
    "chapters:\n"
    "  - start: '0:00'\n"
    "    title: Intro\n"
    "    url: https://u:pw@jan.example/intro\n"
    "    img: https://:pw@media.show.example/c.png\n"
    "alternates:\n"
    "  - audio: https://u:pw@media.show.example/1.opus\n"
    "    type: audio/opus\n"
)

POST = """\
---
title: "Afl. 1"
date: 2026-03-01
---

Luister op https://u:pw@soundcloud.com/fakeshow/afl-1 of hieronder.
"""


def test_every_published_address_with_a_password_is_a_problem(make_show: ShowMaker) -> None:
    root = make_show(config=CONFIG, episodes={"001-a": EPISODE}, posts={"2026-03-01-a": POST})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.output
    assert not (root / "site").exists()
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    refused = [
        ("episodes/001-a.yaml:5", "audio", "https://u:pw@media.show.example/1.mp3"),
        ("episodes/001-a.yaml:8", "image", "https://u@media.show.example/1.jpg"),
        ("episodes/001-a.yaml:12", "guests.href", "https://u:pw@jan.example/"),
        ("episodes/001-a.yaml:16", "chapters.url", "https://u:pw@jan.example/intro"),
        ("episodes/001-a.yaml:17", "chapters.img", "https://:pw@media.show.example/c.png"),
        ("episodes/001-a.yaml:19", "alternates.audio", "https://u:pw@media.show.example/1.opus"),
        ("podcast.toml:1", "new_feed_url", "https://u:pw@nieuw.example/feed.xml"),
        ("podcast.toml:2", "websub_hub", "https://u:pw@hub.example/"),
        ("podcast.toml:3", "social_interact.uri", "https://u:pw@mastodon.example/@s/1"),
        ("podcast.toml:9", "artwork", "https://u:pw@show.example/art.jpg"),
        ("podcast.toml:20", "hosts[0].href", "https://u:pw@fenna.example/"),
        ("podcast.toml:23", "funding[0].url", "https://u:pw@steun.example/"),
        ("podcast.toml:27", "soundcloud.site", "https://u:pw@soundcloud.com"),
        ("podcast.toml:30", "analytics.prefix", "https://u:pw@op3.dev/e/"),
        ("podcast.toml:34", "trailers[0].url", "https://u:pw@media.example/trailer.mp3"),
    ]
    soundcloud = "(with a user name or password, which the site would publish)"
    assert errors == [
        *[f"Error: {where}: {field}: got {url!r}, {NO_LOGIN}" for where, field, url in refused[:2]],
        "Error: episodes/001-a.yaml:9: soundcloud: got 'https://u:pw@soundcloud.com/fakeshow/"
        f"afl-1', expected a SoundCloud track link {soundcloud}",
        *[f"Error: {where}: {field}: got {url!r}, {NO_LOGIN}" for where, field, url in refused[2:]],
        "Error: posts/2026-03-01-a.md:6: soundcloud: got 'https://u:pw@soundcloud.com/fakeshow/"
        f"afl-1', expected a SoundCloud link we understand {soundcloud}",
        "Error: 17 problems found; nothing was written.",
    ]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://media.example/a@b.mp3", True),  # an @ in the path is no login
        ("https://media.example/1.mp3?by=a@b", True),
        ("https://user@media.example/1.mp3", False),
        ("https://@media.example/1.mp3", False),
        ("https://user:pw@media.example/1.mp3", False),
    ],
)
def test_only_the_authority_s_login_is_refused(url: str, ok: bool) -> None:
    assert is_web_url(url) is ok


# An episode's published text (its summary, titles, names: the feed and the pages carry
# them, and apps link what looks like an address) is checked by the post bodies' rule,
# text/urls.py addresses_with_login, at the field's line. Before, only the post bodies and
# the fields that are addresses themselves (above) were.
LOGIN = "https://u:p@x.example/"


@pytest.mark.parametrize(
    ("extra", "line", "field"),
    [
        (f'summary: "Zie {LOGIN}."\n', 8, "summary"),
        (f'summary: |\n  Tekst.\n  <a href="{LOGIN}">hier</a>\n', 8, "summary"),
        (f"guests:\n  - Jan ({LOGIN})\n", 8, "guests"),
        (f"guests:\n  - name: Jan {LOGIN}\n", 9, "guests.name"),
        (f"chapters:\n  - start: '0:00'\n    title: Intro {LOGIN}\n", 10, "chapters.title"),
        (
            f"soundbites:\n  - start: 1\n    duration: 2\n    title: {LOGIN}\n",
            11,
            "soundbites.title",
        ),
        (f"txt: {LOGIN}\n", 8, "txt"),
        (f"location: Kijk op {LOGIN}\n", 8, "location"),
        (f"license:\n  name: CC {LOGIN}\n  url: https://x.example/l\n", 9, "license.name"),
        (
            "alternates:\n  - audio: https://media.show.example/1.opus\n    type: audio/opus\n"
            f"    title: {LOGIN}\n",
            11,
            "alternates.title",
        ),
    ],
    ids=[
        "summary",
        "summary-html",
        "guest",
        "guests.name",
        "chapters.title",
        "soundbites.title",
        "txt",
        "location",
        "license.name",
        "alternates.title",
    ],
)
def test_an_episode_s_published_text_with_a_password(
    make_show: ShowMaker, extra: str, line: int, field: str
) -> None:
    root = make_show(episodes={"001-a": episode(1) + extra})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"Error: episodes/001-a.yaml:{line}: {field}: got {LOGIN!r}, {NO_LOGIN}",
        "Error: 1 problem found; nothing was written.",
    ]


def test_the_show_s_published_text_with_a_password(make_show: ShowMaker) -> None:
    """podcast.toml's text went out as written (the description in the feed and on every
    page, the copyright, a podroll title, a txt record, a host's name) while an episode's
    was refused: now the show's text is checked by the same rule, at its key's line. The
    show's guid is an id apps compare, never follow, as an episode's."""
    config = BASIC_CONFIG.replace(
        'description = "Een show om mee te testen."',
        f'description = """Een show.\n\nMeer op <a href="{LOGIN}">onze site</a>."""\n'
        f'copyright = "© Fenna, {LOGIN}"\n'
        f'txt = [{{ text = "{LOGIN}", purpose = "verify" }}]',
    ) + (
        f'\n[[hosts]]\nname = "Fenna ({LOGIN})"\n'
        f'\n[[podroll]]\nurl = "https://buren.example/feed.xml"\ntitle = "Buren {LOGIN}"\n'
    )
    root = make_show(config=config, episodes={"001-a": episode(1)})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"Error: podcast.toml:2: description: got {LOGIN!r}, {NO_LOGIN}",
        f"Error: podcast.toml:5: copyright: got {LOGIN!r}, {NO_LOGIN}",
        f"Error: podcast.toml:6: txt[0].text: got {LOGIN!r}, {NO_LOGIN}",
        f"Error: podcast.toml:20: hosts[0].name: got {LOGIN!r}, {NO_LOGIN}",
        f"Error: podcast.toml:24: podroll[0].title: got {LOGIN!r}, {NO_LOGIN}",
        "Error: 5 problems found; nothing was written.",
    ]
    (root / "podcast.toml").write_text(
        f'guid = "{LOGIN}"\ncopyright = "Mail fenna@show.example"\n' + BASIC_CONFIG, "utf-8"
    )
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 0, result.output


def test_a_post_s_published_front_matter_with_a_password(make_show: ShowMaker) -> None:
    """The body was checked, the front matter not: a title, author or tag went out as
    written in the page, the Atom feeds and the tag's page and feed."""
    post = (
        f'---\ntitle: "Nieuws {LOGIN}"\ndate: 2026-03-01\nauthor: "Fenna {LOGIN}"\n'
        f'tags: [kassa, "{LOGIN}"]\nlayout: "{LOGIN}"\n---\n\nTekst.\n'
    )
    root = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-nieuws": post})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1, result.output
    where = "posts/2026-03-01-nieuws.md"
    assert result.stderr.splitlines() == [  # layout: Jekyll's, never published
        f"Error: {where}:2: title: got {LOGIN!r}, {NO_LOGIN}",
        f"Error: {where}:4: author: got {LOGIN!r}, {NO_LOGIN}",
        f"Error: {where}:5: tags: got {LOGIN!r}, {NO_LOGIN}",
        "Error: 3 problems found; nothing was written.",
    ]


def test_an_episode_title_with_a_password(make_show: ShowMaker) -> None:
    text = episode(1).replace('title: "Afl. 1: Onderwerp 1"', f'title: "Afl. 1 {LOGIN}"')
    root = make_show(episodes={"001-a": text})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 1, result.output
    assert f"Error: episodes/001-a.yaml:1: title: got {LOGIN!r}, {NO_LOGIN}" in result.stderr


def test_an_episode_s_text_without_a_login_builds(make_show: ShowMaker) -> None:
    """An e-mail address, an @ in a path, a handle: no login, as in a post's text."""
    extra = (
        "summary: Mail jan@x.example of volg https://social.example/@jan (@jan), R&amp;D.\n"
        "guests:\n  - name: Jan\n    href: https://social.example/@jan\n"
    )
    root = make_show(episodes={"001-a": episode(1) + extra})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 0, result.output
