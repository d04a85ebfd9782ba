"""QA: an address requests cannot fetch (`http://a b/`, no host, a bad port, `[::1`) is an
`Error:` line at load time, not a requests traceback in the middle of the build; the HTTP
session reports any such address as our FetchError too."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.enrich.http import make_session
from pipeline.errors import FetchError
from tests.conftest import BASIC_CONFIG, ShowMaker, episode
from tests.test_qa_content import build_errors

BAD = ["http://a b/x.mp3", "https://", "http://[::1/x.mp3", "http://127.0.0.1:99999/x.mp3"]


@pytest.mark.parametrize("url", BAD)
def test_bad_audio_url(make_show: ShowMaker, url: str) -> None:
    text = episode(1).replace("audio: https://media.show.example/1.mp3", f'audio: "{url}"')
    root = make_show(episodes={"001-a": text.replace("length: 1234567\n", "")})
    assert build_errors(root) == [
        f"Error: episodes/001-a.yaml:5: audio: got {url!r}, expected an http(s) URL with a "
        "host, without spaces, or a file",
        "Error: 1 problem found; nothing was written.",
    ]


def test_bad_image_url_and_base_url(make_show: ShowMaker) -> None:
    config = BASIC_CONFIG.replace(
        'base_url = "https://show.example/"', 'base_url = "https://show.example/a b/"'
    )
    root = make_show(config=config, episodes={"001-a": episode(1, image='"https:///x.jpg"')})
    assert build_errors(root) == [
        "Error: episodes/001-a.yaml:8: image: got 'https:///x.jpg', expected an http(s) URL "
        "with a host, without spaces, or a file",
        "Error: podcast.toml:5: base_url: got 'https://show.example/a b/', expected an "
        "absolute http(s) URL such as https://example.nl/podcast/",
        "Error: 2 problems found; nothing was written.",
    ]


@pytest.mark.parametrize("url", [*BAD, "feeds.soundcloud.com/users/1/sounds.rss"])
def test_session_reports_unusable_addresses(url: str) -> None:
    with pytest.raises(FetchError, match="not a web address we can fetch"):
        make_session(None).get(url)


def test_import_soundcloud_bad_url(make_show: ShowMaker) -> None:
    root = make_show()
    result = CliRunner().invoke(
        main, ["import", "soundcloud", "--root", str(root), "--dry-run", "mijn feed"]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: mijn feed: not a web address we can fetch (Failed to parse: Host 'mijn feed' "
        "contains invalid character ' ')"
    ]


def test_bad_websub_hub(make_show: ShowMaker) -> None:
    root = make_show(config='websub_hub = "pubsubhubbub"\n' + BASIC_CONFIG)
    result = CliRunner().invoke(main, ["ping", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: podcast.toml:1: websub_hub: got 'pubsubhubbub', expected the hub's http(s) "
        "URL, e.g. https://pubsubhubbub.appspot.com/"
    )
