"""An episode published from its SoundCloud link alone (no guid:, no audio:) that moves to
another track (re-uploaded audio is a new track there): the refused GUID and enclosure
point at the soundcloud: line they are made from, where the error named no line at all."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from tests.conftest import ShowMaker
from tests.fake_soundcloud import FakeSoundCloud
from tests.publish.test_publish import errors, publish, state

WHEN = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
BARE = """\
number: 1
date: 2026-03-02 07:00
soundcloud: https://soundcloud.com/fakeshow/{slug}
"""


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSoundCloud]:
    with FakeSoundCloud() as server:
        server.add(101, "afl-1-de-kassa", "Afl. 1: De kassa", WHEN)
        server.add(202, "afl-1-de-kassa-nieuw", "Afl. 1: De kassa", WHEN)
        for key, value in server.settings_env().items():
            monkeypatch.setenv(key, value)
        yield server


def test_a_new_track_is_refused_at_the_soundcloud_line(
    make_show: ShowMaker, fake: FakeSoundCloud
) -> None:
    root = make_show(episodes={"001-kassa": BARE.format(slug="afl-1-de-kassa")})
    code, _, stderr = publish(root, "--first-publication")
    assert code == 0, stderr
    assert state(root)[0]["guid"] == "tag:soundcloud,2010:tracks/101"
    path = root / "episodes" / "001-kassa.yaml"
    path.write_text(BARE.format(slug="afl-1-de-kassa-nieuw"), "utf-8")
    code, _, stderr = publish(root)
    assert code == 1
    why = (
        "as published (subscribers would see a broken or duplicate episode; pass "
        "--allow-change 001-kassa if this is intended)"
    )
    assert errors(stderr)[:2] == [
        "Error: episodes/001-kassa.yaml:3: enclosure url: got "
        f"'{fake.url}/stream/202-fakeshow-afl-1-de-kassa-nieuw.mp3', expected "
        f"'{fake.url}/stream/101-fakeshow-afl-1-de-kassa.mp3' {why}",
        "Error: episodes/001-kassa.yaml:3: guid: got 'tag:soundcloud,2010:tracks/202', "
        f"expected 'tag:soundcloud,2010:tracks/101' {why}",
    ]
