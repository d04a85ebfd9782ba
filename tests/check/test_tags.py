"""The new tags' rules: problems at load (file, line, field, got, expected, every one at
once, nothing written) and `pipeline check`'s rules over the feed they build."""

from __future__ import annotations

import base64
import hashlib
import json

from lxml import etree

from pipeline.spec.analytics import prefix_problem, prefixed, unprefixed
from pipeline.spec.licenses import license_id
from pipeline.spec.podcasting20 import PODCAST_NS
from tests.build.test_bad_input import errors, run
from tests.check.test_check import check
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.render.test_feed_spec import built


def config(extra: str, tables: str = "") -> str:
    return BASIC_CONFIG.replace("[owner]", extra + "\n[owner]") + tables


def test_bad_channel_tags_are_each_reported_with_their_line(make_show: ShowMaker) -> None:
    extra = (
        'license = "Mijn eigen licentie"\n'
        'location = { name = "Utrecht", geo = "52.09,5.12", country = "nederland" }\n'
        'update_frequency = { text = "Soms", rrule = "EVERY=WEEK" }\n'
        "block = 1\n"
        'new_feed_url = "feed.xml"\n'
    )
    tables = (
        "\n[value]\n"
        'type = "lightning"\n'
        'method = "keysend"\n'
        "\n[[value.recipients]]\n"
        'name = "Fenna"\n'
        'type = "node"\n'
        'address = "nope"\n'
        "split = 0\n"
        "\n[[podroll]]\n"
        'title = "Zonder adres"\n'
        "\n[analytics]\n"
        'prefix = "op3.dev/e/"\n'
    )
    root = make_show(config=config(extra, tables), episodes={"001-a": episode(1)})
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr) == [
        "Error: podcast.toml:11: license: got 'Mijn eigen licentie', expected an SPDX license "
        "identifier such as CC-BY-4.0 or CC-BY-NC-SA-4.0, ARR (all rights reserved), or any "
        "name with a url to the license text",
        "Error: podcast.toml:12: location.country: got 'NEDERLAND', expected a two-letter "
        "country code (ISO 3166-1) such as NL or BE",
        "Error: podcast.toml:12: location.geo: got '52.09,5.12', expected a geo URI (RFC 5870) "
        "such as geo:52.3676,4.9041",
        "Error: podcast.toml:13: update_frequency.rrule: got 'EVERY=WEEK', expected an "
        "iCalendar rule such as FREQ=WEEKLY or FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        "Error: podcast.toml:14: block: got 1, expected true or false",
        "Error: podcast.toml:15: new_feed_url: got 'feed.xml', expected a web address starting "
        "with https:// or http://",
        "Error: podcast.toml:28: value.recipients[0].address: got 'nope', expected a Lightning "
        "node public key (66 hexadecimal characters, starting 02 or 03)",
        "Error: podcast.toml:29: value.recipients[0].split: got 0, expected a whole number of "
        "at least 1",
        "Error: podcast.toml:31: podroll[0]: got {'title': 'Zonder adres'}, expected a feed "
        "GUID (guid) or a feed URL (url)",
        "Error: podcast.toml:35: analytics.prefix: got 'op3.dev/e/', expected an http(s) "
        "prefix ending in / such as https://op3.dev/e/ or https://dts.podtrac.com/redirect.mp3/",
        "Error: 10 problems found; nothing was written.",
    ]
    assert not (root / "site").exists()


def test_bad_episode_tags_are_each_reported_with_their_line(make_show: ShowMaker) -> None:
    text = episode(1) + (
        "alternates:\n"
        "  - audio: audio/weg.opus\n"
        "  - audio: https://cdn.example/1.weird\n"
        "    bitrate: snel\n"
        "social_interact:\n"
        "  - protocol: myspace\n"
        "    uri: https://myspace.example/post/1\n"
        "chapters:\n"
        "  - start: 0\n"
        "    title: Intro\n"
        "    img: plaatje.gif\n"
        "    toc: nee\n"
    )
    root = make_show(episodes={"001-a": text})
    code, _, stderr = run(root)
    assert code == 1
    assert errors(stderr) == [
        "Error: episodes/001-a.yaml:9: alternates.audio: got 'audio/weg.opus', expected an "
        "existing audio file in the show folder",
        "Error: episodes/001-a.yaml:10: alternates.type: got nothing, expected the media type, "
        "e.g. audio/opus or audio/x-m4a",
        "Error: episodes/001-a.yaml:11: alternates.bitrate: got 'snel', expected bits per "
        "second (48000) or a rate such as 48k or 1.5M",
        "Error: episodes/001-a.yaml:13: social_interact.protocol: got 'myspace', expected one "
        "of activitypub, twitter, lightning, atproto, hive, matrix, nostr, disabled",
        "Error: episodes/001-a.yaml:18: chapters.img: got 'plaatje.gif', expected a JPEG, PNG "
        "or WebP image in the show folder",
        "Error: episodes/001-a.yaml:19: chapters.toc: got 'nee', expected true or false (false "
        "hides the chapter from the list)",
        "Error: 6 problems found; nothing was written.",
    ]


def test_check_holds_the_feed_to_the_new_rules(make_show: ShowMaker) -> None:
    tables = (
        "\n[value]\n"
        'type = "lightning"\n'
        'method = "keysend"\n'
        'recipients = [{ name = "A", type = "lnaddress", address = "a@wallet.example", '
        'split = 60 }, { name = "B", type = "lnaddress", address = "b@wallet.example", '
        "split = 30 }]\n"
        "\n[[podroll]]\n"
        'url = "https://ander.example/feed.xml"\n'
    )
    bite = '\n  - start: "9:50"\n    duration: 20\n    title: "Net te laat"'
    alternate = "\n  - audio: https://cdn.example/1.opus\n    title: Opus"
    root = make_show(
        config=config("", tables),
        episodes={"001-a": episode(1, soundbites=bite, alternates=alternate)},
    )
    code, stdout, _ = check(root, "--format", "json")
    report = json.loads(stdout)
    assert code == 1
    assert [(f["level"], f["message"]) for f in report["findings"]] == [
        (
            "error",
            "episodes/001-a.yaml:8: soundbite: got a soundbite ending at 610 s, expected an end "
            "within the episode (600 s)",
        ),
        (
            "error",
            "episodes/001-a.yaml:12: alternates.length: got nothing, expected the size in bytes",
        ),
        (
            "error",
            "podcast.toml:16: value.recipients.split: got splits adding up to 90 (60 + 30), "
            "expected splits adding up to 100 (shares in percent)",
        ),
        (
            "warning",
            "podcast.toml:21: podroll[0].guid: got nothing, expected the show's podcast:guid too "
            "(the namespace requires feedGuid; apps that look shows up by GUID skip this one)",
        ),
    ]


def test_license_ids_come_from_the_spdx_list() -> None:
    assert license_id("cc-by-nc-sa-4.0") == "CC-BY-NC-SA-4.0"
    assert license_id("arr") == "ARR"  # the namespace's own "all rights reserved"
    assert license_id("CC0-1.0") == "CC0-1.0"
    for name in ("Alle rechten voorbehouden", "MIT OR Apache-2.0", "LicenseRef-eigen", ""):
        assert license_id(name) is None


def test_prefixes_follow_each_services_documented_form() -> None:
    https, http = "https://cdn.example/afl 1.mp3", "http://cdn.example/a.mp3"
    # OP3: https:// dropped; an http target keeps its scheme (op3.dev/setup)
    assert prefixed(https, ["https://op3.dev/e/"]) == "https://op3.dev/e/cdn.example/afl 1.mp3"
    assert prefixed(http, ["https://op3.dev/e/"]) == "https://op3.dev/e/http://cdn.example/a.mp3"
    assert prefixed(https, ["https://op3.dev/e,pg=abc/"]).startswith("https://op3.dev/e,pg=abc/cdn")
    # Podtrac: the same
    assert (
        prefixed(https, ["https://dts.podtrac.com/redirect.mp3/"])
        == "https://dts.podtrac.com/redirect.mp3/cdn.example/afl 1.mp3"
    )
    # Chartable forwards with the prefix's own scheme and cannot reach http behind https
    assert (
        prefixed(https, ["https://chrt.fm/track/AB12/"])
        == "https://chrt.fm/track/AB12/cdn.example/afl 1.mp3"
    )
    assert prefix_problem("https://chrt.fm/track/AB12/", http) is not None
    assert prefix_problem("https://op3.dev/e/", http) is None
    # LetsCast and any prefix we do not know: the whole URL
    assert prefixed(https, ["https://letscast.fm/track/"]) == "https://letscast.fm/track/" + https
    assert prefixed(https, ["https://stats.example/p/"]) == "https://stats.example/p/" + https
    # chained: the first prefix is the outermost, and unprefixed undoes every one
    chain = ["https://op3.dev/e/", "https://dts.podtrac.com/redirect.mp3/"]
    url = prefixed(https, chain)
    assert url == "https://op3.dev/e/dts.podtrac.com/redirect.mp3/cdn.example/afl 1.mp3"
    assert unprefixed(url) == https
    assert unprefixed(prefixed(http, chain)) == http
    assert unprefixed("https://stats.example/p/" + https, ["https://stats.example/p/"]) == https


def test_local_alternates_are_measured_and_served(make_show: ShowMaker) -> None:
    data = b"OggS" + bytes(range(256)) * 40
    root = make_show(
        episodes={"001-a": episode(1, alternates="\n  - audio: media/1.opus\n    title: Opus")},
        files={"media/1.opus": data},
    )
    code, _, stderr = check(root)
    assert code == 0, stderr
    site = built(root)
    (alt,) = etree.fromstring((site / "feed.xml").read_bytes()).xpath(
        "//podcast:alternateEnclosure", namespaces={"podcast": PODCAST_NS}
    )
    digest = base64.b64encode(hashlib.sha384(data).digest()).decode()
    assert (alt.get("type"), alt.get("length"), alt.get("title")) == (
        "audio/opus",
        str(len(data)),
        "Opus",
    )
    (source,) = alt.findall(f"{{{PODCAST_NS}}}source")
    assert source.get("uri") == "https://show.example/audio/1.opus"
    (integrity,) = alt.findall(f"{{{PODCAST_NS}}}integrity")
    assert (integrity.get("type"), integrity.get("value")) == ("sri", f"sha384-{digest}")
    assert (site / "audio" / "1.opus").read_bytes() == data
