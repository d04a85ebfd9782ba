"""QA property: whatever bytes or YAML an episode or post file holds, `pipeline build` either
builds or stops with `Error:` lines and exit 1: never a traceback, never a half-written site."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
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


def check(episode_bytes: bytes | None, post_bytes: bytes | None) -> None:
    root = Path(tempfile.mkdtemp(prefix="qa-fuzz-")) / "show"
    try:
        shutil.copytree(template(), root)
        site = snapshot(root / "site")
        if episode_bytes is not None:
            (root / "episodes" / "002-b.yaml").write_bytes(episode_bytes)
        if post_bytes is not None:
            (root / "posts" / "2026-03-01-p.md").write_bytes(post_bytes)
        code, stderr = build(root)
        assert "Traceback" not in stderr
        if code != 0:
            assert code == 1, stderr
            lines = stderr.splitlines()
            assert lines and all(line.startswith("Error: ") for line in lines), stderr
            assert snapshot(root / "site") == site
    finally:
        shutil.rmtree(root.parent)


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(raw)
def test_random_episode_file(data: bytes) -> None:
    check(data, None)


@FUZZ
@given(st.one_of(raw, documents.map(lambda d: b"---\n" + d + b"\n---\nTekst.\n")))
def test_random_post_file(data: bytes) -> None:
    check(None, data)
