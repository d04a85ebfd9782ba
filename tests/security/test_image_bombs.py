"""Images whose header claims more pixels than the file holds.

A PNG of a few hundred bytes can claim 60,000 x 60,000 pixels: Pillow refuses to open it
with DecompressionBombError, which is no OSError, so the build (making the pages' WebP
copies), ``pipeline check`` (measuring artwork) and the loader (measuring a chapter's
image) ended in a traceback. One of 420 KB holding 12,000 x 12,000 pixels of zeros opens,
and decoding it for the copies took the build to 1.8 GB. Now the build makes no copies of
an image over 40 megapixels (the page shows the file), and ``check`` names its size.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from tests.conftest import ShowMaker, episode
from tests.security.support import build, errors, run


def _png(width: int, height: int, rows: int | None = None) -> bytes:
    """An RGB PNG of ``width`` x ``height`` black pixels, compressed row by row; with
    ``rows``, only that many rows are in it (a header claiming more than the file holds)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    pack = zlib.compressobj(9)
    row = bytes(width * 3 + 1)
    count = height if rows is None else rows
    data = b"".join(pack.compress(row) for _ in range(count)) + pack.flush()
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def _show(make_show: ShowMaker, png: bytes) -> Path:
    chapters = "chapters:\n  - start: 0\n    title: Begin\n    img: static/groot.png\n"
    text = episode(1, image="static/groot.png") + chapters
    return make_show(episodes={"001-a": text}, files={"static/groot.png": png})


def test_an_image_claiming_billions_of_pixels(make_show: ShowMaker) -> None:
    root = _show(make_show, _png(60_000, 60_000, rows=1))
    code, _, stderr = build(root)
    assert "Traceback" not in stderr
    # The loader measures a chapter's image: one it cannot open is no image.
    assert errors(stderr)[0] == (
        "Error: episodes/001-a.yaml:12: chapters.img: got 'static/groot.png', expected a"
        " JPEG, PNG or WebP image in the show folder"
    )
    assert code == 1
    text = episode(1, image="static/groot.png")
    (root / "episodes" / "001-a.yaml").write_text(text)
    code, _, stderr = build(root)
    assert code == 0, stderr
    assert "Warning" not in stderr
    code, out, stderr = run(["check", "--root", str(root), "--now", "2026-06-01T12:00+02:00"])
    assert "Traceback" not in stderr
    assert code == 1
    assert (
        "Error: episodes/001-a.yaml:8: image: got an image of more than 178,956,970 pixels,"
        " expected a square image of 1400 to 3000 pixels"
    ) in (out + stderr).splitlines()


def test_a_small_file_of_many_pixels_gets_no_copies(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1, image="static/groot.png")},
        files={"static/groot.png": _png(12_000, 12_000)},
    )
    code, _, stderr = build(root, seconds=60.0)
    assert code == 0, stderr
    assert "Warning" not in stderr  # Pillow's DecompressionBombWarning
    site = root / "site"
    assert not list((site / "media").glob("groot-png-*.webp"))
    page = (site / "episodes" / "001-a" / "index.html").read_text()
    assert "media/groot.png" in page
