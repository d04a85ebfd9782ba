"""QA property: whatever bytes or YAML an episode or post file holds, and whatever a show's
podcast.toml says, `pipeline build` either builds or stops with `Error:` lines and exit 1:
never a traceback, never a half-written site, never a file from outside the show read
(an audit hook watches every ``open`` of the bait files beside the show), each example
within a deadline."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from tests.conftest import BASIC_CONFIG, episode

NOW = "2026-06-01T12:00+02:00"
FIELDS = [
    "title", "number", "season", "date", "guid", "soundcloud", "audio", "duration", "length",
    "type", "mime_type", "post", "explicit", "summary", "image", "guests", "chapters",
    "transcript", "soundbites", "tags", "author", "episode", "permalink", "start", "name",
    "href", "role", "url", "categories", "redirect_from",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2026-02-30",
            "2026-03-01 07:00",
            "2026-03-01T07:00+25:00",
            "12:75",
            "1:02:03",
            "https://soundcloud.com/a/b",
            "soundcloud:tracks:12",
            "javascript:alert(1)",
            "<b>x</b>",
            "001-a",
            "static/x.png",
            "episodes",
            "../podcast.toml",
            "../outside/secret.mp3",
            "../outside/secret.vtt",
            "../outside/secret.png",
            "link/secret.png",
            "_" * 32,
            "\u202eRTL\u202c 🎙️",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4),
    ),
    max_leaves=8,
)
documents = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=8).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)
    ),
    values.map(lambda v: yaml.safe_dump(v, allow_unicode=True)),
    st.text(max_size=200),
).map(lambda t: t.encode("utf-8"))
raw = st.one_of(st.binary(max_size=200), documents)


def build(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", "--now", NOW])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


_TEMPLATE: list[Path] = []


def template() -> Path:
    """A small show with its site built, made once and copied for every example."""
    if not _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="qa-fuzz-template-"))
        (root / "episodes").mkdir()
        (root / "posts").mkdir()
        (root / "podcast.toml").write_text(BASIC_CONFIG)
        (root / "episodes" / "001-a.yaml").write_text(episode(1))
        assert build(root)[0] == 0
        _TEMPLATE.append(root)
    return _TEMPLATE[0]


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


# Every open() of a file is seen here while a build runs; the bait beside the show must
# never be among them (audit hooks cannot be removed, so one watches for the whole run).
_OPENED: list[str] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _WATCHING and isinstance(args[0], str | bytes | os.PathLike):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


def _bait(base: Path) -> Path:
    """Private files beside the show, and a link into them from inside it."""
    outside = base / "outside"
    outside.mkdir()
    for name in ("secret.mp3", "secret.vtt", "secret.png", "post.md"):
        (outside / name).write_bytes(b"geheim " + name.encode())
    return outside


def check(episode_bytes: bytes | None, post_bytes: bytes | None, config: str | None = None) -> None:
    base = Path(tempfile.mkdtemp(prefix="qa-fuzz-"))
    root = base / "show"
    try:
        shutil.copytree(template(), root)
        outside = _bait(base)
        (root / "link").symlink_to(outside)
        site = snapshot(root / "site")
        if episode_bytes is not None:
            (root / "episodes" / "002-b.yaml").write_bytes(episode_bytes)
        if post_bytes is not None:
            (root / "posts" / "2026-03-01-p.md").write_bytes(post_bytes)
        if config is not None:
            (root / "podcast.toml").write_text(config, encoding="utf-8")
        _OPENED.clear()
        _WATCHING.append(True)
        started = time.process_time()
        try:
            code, stderr = build(root)
        finally:
            _WATCHING.clear()
        spent = time.process_time() - started
        assert spent < BUILD_LIMIT, f"{spent:.1f} s of CPU for one small build"
        assert "Traceback" not in stderr
        leaked = [p for p in _OPENED if Path(p).resolve().is_relative_to(outside.resolve())]
        assert leaked == [], leaked
        if code != 0:
            assert code == 1, stderr
            lines = stderr.splitlines()
            assert lines and all(line.startswith("Error: ") for line in lines), stderr
            assert snapshot(root / "site") == site
    finally:
        shutil.rmtree(base)


# A hang or a quadratic blow-up fails the example: measured in this process's CPU time
# (check), not with Hypothesis's wall-clock deadline, which other tests running beside
# this one (-n 2) can stretch.
BUILD_LIMIT = 5.0
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(raw)
@example(  # audio through a link in the show to a file beside it: read before issue 13
    data=episode(2).replace("https://media.show.example/2.mp3", "link/secret.mp3").encode()
    + b"mime_type: audio/mpeg\n"
)
@example(data=episode(2).encode() + b"transcript: ../outside/secret.vtt\n")
def test_random_episode_file(data: bytes) -> None:
    check(data, None)


@FUZZ
@given(st.one_of(raw, documents.map(lambda d: b"---\n" + d + b"\n---\nTekst.\n")))
def test_random_post_file(data: bytes) -> None:
    check(None, data)


# podcast.toml: the template's keys with random values, the show's paths and URLs among them.
CONFIG_KEYS = [
    "title", "description", "author", "language", "base_url", "artwork", "categories",
    "explicit", "type", "copyright", "timezone", "feed_file", "locked", "medium", "guid",
    "websub_hub",
]  # fmt: skip
config_values = st.one_of(
    st.text(max_size=20),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.lists(st.text(max_size=10), max_size=3),
    st.sampled_from(
        [
            "../outside/secret.png", "link/secret.png", "/etc/passwd", "javascript:alert(1)",
            "steun.example", "qq", "nl-BE", "file:///etc/passwd", "<svg onload=alert(1)>",
            "https://show.example/", "Business > Marketing", "Europe/Amsterdam", "x.xml",
        ]
    ),
)  # fmt: skip
tables = st.sampled_from(
    [
        "",
        '[[funding]]\nurl = "javascript:alert(1)"\ntext = "x"\n',
        '[[funding]]\nurl = "steun.example"\ntext = "x"\n',
        '[[hosts]]\nname = "A"\nhref = "../outside/secret.png"\n',
        '[soundcloud]\noembed = "file:///etc/passwd"\n',
        "[related]\ntop = -1\n",
    ]
)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)  # a TOML basic string for what JSON escapes


configs = st.builds(
    lambda changes, table: (
        "".join(f"{k} = {_toml(v)}\n" for k, v in changes.items())
        + "".join(
            line + "\n"
            for line in BASIC_CONFIG.splitlines()
            if line.split(" = ")[0] not in changes or line.startswith(("name", "email"))
        )
        + table
    ),
    st.dictionaries(st.sampled_from(CONFIG_KEYS), config_values, max_size=4),
    tables,
)


@FUZZ
@given(configs)
def test_random_config(config: str) -> None:
    check(None, None, config)


@settings(FUZZ, max_examples=20)
@given(st.one_of(st.none(), raw), st.one_of(st.none(), raw), st.one_of(st.none(), configs))
def test_random_show(
    episode_bytes: bytes | None, post_bytes: bytes | None, config: str | None
) -> None:
    check(episode_bytes, post_bytes, config)
