"""From an empty folder to a feed served by a real web server and read by real podcast
clients, published by the show's own GitHub workflow, hour after hour.

In a fresh HOME: `pipeline init` with options, a recording made with espeak-ng and ffmpeg,
`pipeline new`, a git repository; then the generated workflow's steps in order (tests/e2e/
actions.py: every `run:` for real, GitHub's actions done on folders), deploying into the
folder nginx serves; then feedparser and podcastparser subscribe over HTTP. The same
workflow an hour later changes no byte and deploys nothing; with the audio cache gone it
makes the same MP3, byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import podcastparser
import pytest
import requests
from lxml import etree
from PIL import Image

from tests.audiogen import speech
from tests.e2e.actions import CacheStore, Runner, environment
from tests.e2e.nginx import Nginx, public_folder, serve

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
SPEC = "podcast-pipeline @ git+https://github.com/example/podcast-pipeline@v0.1.0"
VTT = """\
WEBVTT

00:00:00.000 --> 00:00:04.000
<v Kees>Welkom bij Koffie met Kees.

00:00:04.000 --> 00:00:09.000
<v Kees>Vandaag: waarom de buurt koffie drinkt.
"""


def pipeline(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(BIN / "pipeline"), *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout + result.stderr


def git(show: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-C",
            str(show),
            "-c",
            "user.name=Kees",
            "-c",
            "user.email=kees@koffie.example",
            *args,
        ],
        check=True,
        capture_output=True,
    )


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def make_show(home: Path, web: Nginx) -> Path:
    """What the podcaster types: init, a recording, two episodes, chapters and a transcript."""
    env = {**os.environ, "HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    (home / "Pictures").mkdir(parents=True)
    Image.new("RGB", (1400, 1400), (120, 70, 30)).save(home / "Pictures" / "cover.png")
    show = home / "koffie"
    pipeline(
        "init",
        str(show),
        "--title",
        "Koffie met Kees",
        "--author",
        "Kees de Vries",
        "--description",
        "Kees drinkt koffie met iemand uit de buurt.",
        "--owner-email",
        "kees@koffie.example",
        "--language",
        "nl",
        "--base-url",
        web.url,
        "--category",
        "Society & Culture",
        "--artwork",
        str(home / "Pictures" / "cover.png"),
        "--timezone",
        "Europe/Amsterdam",
        "--pipeline-spec",
        SPEC,
        "--no-input",
        env=env,
    )
    speech(
        show / "audio" / "afl-1.wav",
        "Welkom bij Koffie met Kees. Vandaag praten we over de buurt en over koffie.",
        seconds=9.0,
        volume_db=-8,
    )
    speech(show / "audio" / "afl-2.wav", "Volgende week: de bakker.", seconds=4.0)
    pipeline("new", "Afl. 1: Koffie", "--root", str(show), "--audio", "audio/afl-1.wav", env=env)
    next_week = (datetime.now() + timedelta(days=7)).strftime("%Y-%m-%d 07:00")
    pipeline(
        "new",
        "Afl. 2: De bakker",
        "--root",
        str(show),
        "--audio",
        "audio/afl-2.wav",
        "--date",
        next_week,
        env=env,
    )
    first = show / "episodes" / "001-afl-1-koffie.yaml"
    text = first.read_text(encoding="utf-8").replace(
        "chapters: []\n",
        'chapters:\n  - start: "0:00"\n    title: "Welkom"\n'
        '  - start: "0:04"\n    title: "De buurt"\n',
    )
    first.write_text(text + "transcript: transcripts/001.vtt\n", encoding="utf-8")
    (show / "transcripts").mkdir()
    (show / "transcripts" / "001.vtt").write_text(VTT, encoding="utf-8")
    git(show, "init", "-q", "-b", "main")
    git(show, "add", "-A")
    git(show, "commit", "-q", "-m", "Koffie met Kees")
    return show


def runner(show: Path, tmp: Path, web: Nginx) -> Runner:
    fake_bin = tmp / "fake-bin"  # GitHub's `gh` CLI: records the API calls it is asked for
    fake_bin.mkdir()
    gh = fake_bin / "gh"
    gh.write_text(f'#!/bin/sh\necho "$*" >> {tmp / "gh.log"}\n')
    gh.chmod(0o755)
    env = environment(BIN)
    env["PATH"] = f"{fake_bin}{os.pathsep}{env['PATH']}"

    def checkout(workspace: Path) -> None:
        subprocess.run(["git", "clone", "-q", str(show), str(workspace)], check=True)

    return Runner.load(
        show / ".github" / "workflows" / "publish.yml",
        checkout=checkout,
        caches=CacheStore(tmp / "caches"),
        site_root=web.root,
        base_env=env,
        event={
            "event_name": "schedule",
            "repository": "kees/koffie",
            "event": {"repository": {"private": False}},
        },
        # The install step's requirement, as a repository variable: the pipeline under test
        # is installed already, so pip finds it satisfied instead of fetching the pin.
        vars={"PIPELINE_SPEC": "podcast-pipeline"},
    )


def test_a_new_show_publishes_itself_every_hour(tmp_path: Path) -> None:
    started = time.monotonic()
    with public_folder() as public, serve(public / "pages", public / "nginx") as web:
        pages = web.root
        show = make_show(tmp_path / "home", web)
        hourly = runner(show, tmp_path, web)

        # The first publication, by hand (workflow_dispatch with first_publication ticked):
        # no feed is live yet, and the hourly runs after it compare with the live feed.
        hourly.inputs = {"first_publication": "true"}
        first = hourly.run(tmp_path / "run-1")
        hourly.inputs = {}
        assert first.deployed == 1, first.logs
        assert "Published: 001-afl-1-koffie" in first.logs["Publish what is due"]
        assert "Scheduled: 002-afl-2-de-bakker" in first.logs["Publish what is due"]
        assert [k.split("-")[0] for k in first.saved] == ["audio", "site"]
        assert "Install ffmpeg (when there is audio to encode and the runner lacks it)" in first.ran
        gh_calls = (tmp_path / "gh.log").read_text()
        assert (
            gh_calls == "api --method PUT repos/kees/koffie/actions/workflows/publish.yml/enable\n"
        )
        subscribe(web)
        served = snapshot(pages)

        later = hourly.run(tmp_path / "run-2")  # an hour later: nothing due
        assert later.deployed == 0 and later.saved == []
        assert "Nothing new to publish" in later.logs["Publish what is due"]
        assert later.restored["audio-cache"] == first.saved[0]  # the exact key: no encoding
        assert "Install ffmpeg (when there is audio to encode and the runner lacks it)" in (
            later.skipped
        )
        assert snapshot(pages) == served
        assert snapshot(later.workspace / "site") == snapshot(first.workspace / "site")

        hourly.caches.drop("audio-")  # evicted: the next run encodes again ...
        evicted = hourly.run(tmp_path / "run-3")
        assert "001-afl-1-koffie: .cache/audio/" in evicted.logs["Level and encode episode audio"]
        assert evicted.saved == [first.saved[0]]
        # ... the very same bytes: the site is unchanged and nothing is deployed.
        mp3 = "audio/afl-1.mp3"
        assert (evicted.workspace / "site" / mp3).read_bytes() == (pages / mp3).read_bytes()
        assert evicted.deployed == 0
        assert snapshot(pages) == served
    print(f"\nend-to-end: {time.monotonic() - started:.1f} s")


def subscribe(web: Nginx) -> None:
    """Podcast clients subscribe over HTTP: every file answers as they expect."""
    session = requests.Session()
    response = session.get(web.url + "feed.xml", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] in ("application/xml", "text/xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Koffie met Kees"
    (entry,) = parsed.entries  # episode 2 is next week's
    client = podcastparser.parse(web.url + "feed.xml", io.BytesIO(response.content))
    (episode,) = client["episodes"]
    assert episode["title"] == entry.title == "Afl. 1: Koffie"
    assert entry.enclosures[0].href == web.url + "audio/afl-1.mp3"
    for enclosure in (e for ep in client["episodes"] for e in ep["enclosures"]):
        assert enclosure["mime_type"] == "audio/mpeg"
        length = enclosure["file_size"]
        assert int(entry.enclosures[0].length) == length
        whole = session.get(enclosure["url"], timeout=10)
        assert whole.status_code == 200 and len(whole.content) == length
        assert whole.headers["Content-Type"] == "audio/mpeg"
        part = session.get(enclosure["url"], headers={"Range": "bytes=0-99"}, timeout=10)
        assert part.status_code == 206 and len(part.content) == 100
        assert part.headers["Content-Range"] == f"bytes 0-99/{length}"
        assert part.headers["Content-Type"] == "audio/mpeg"
    tree = etree.fromstring(response.content)
    item = tree.find("channel/item")
    assert item is not None
    ns = "{" + tree.nsmap["podcast"] + "}"
    chapters = item.find(f"{ns}chapters")
    transcript = item.find(f"{ns}transcript")
    assert chapters is not None and transcript is not None
    for tag, expected in ((chapters, "application/json+chapters"), (transcript, "text/vtt")):
        assert tag.get("type") == expected
        answer = session.get(tag.get("url", ""), headers={"Range": "bytes=0-"}, timeout=10)
        assert answer.status_code == 206, tag.get("url")
        assert answer.headers["Content-Type"].split(";")[0] == expected
    data = json.loads(session.get(chapters.get("url", ""), timeout=10).content)
    assert [c["title"] for c in data["chapters"]] == ["Welkom", "De buurt"]
    artwork = session.get(parsed.feed.image.href, timeout=10)
    assert artwork.status_code == 200 and artwork.headers["Content-Type"] == "image/png"
