"""What serve's poller reads for a file whose times are too recent to tell a save: only a
regular file of at most DIGEST_LIMIT bytes, checked as it is opened. Between the look that
found a small regular file and the read, a named pipe put in its place made the read wait
for a writer for ever (the preview deaf from then on), and a file grown meanwhile was read
whole."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from pipeline.preview import poll as poll_module


def test_a_pipe_put_in_a_files_place_is_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "a.md"
    os.mkfifo(pipe)
    found: list[bytes | None] = []
    reader = threading.Thread(target=lambda: found.append(poll_module._digest(str(pipe))))
    reader.daemon = True
    reader.start()
    reader.join(5)
    if reader.is_alive():  # let it go: a writer that opens and closes at once
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
        pytest.fail("the poller waited on a named pipe")
    assert found == [None]


def test_a_file_grown_past_the_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(poll_module, "DIGEST_LIMIT", 10)
    (tmp_path / "a.mp3").write_bytes(b"x" * 11)
    (tmp_path / "b.md").write_bytes(b"x" * 10)
    assert poll_module._digest(str(tmp_path / "a.mp3")) is None
    assert poll_module._digest(str(tmp_path / "b.md")) is not None
