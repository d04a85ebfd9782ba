"""The preview server against hostile and odd requests: it serves the temporary site and
nothing else, never crashes on a path, never redirects off the site, and answers HEAD and
byte ranges as RFC 9110 says. Real sockets on 127.0.0.1, the server in a thread."""

from __future__ import annotations

import http.client
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.preview.server import PreviewHTTPServer, start_server

Answer = tuple[int, dict[str, str], bytes]


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site folder with a secret next to it, a directory without index and a symlink out."""
    tmp_path = tmp_path_factory.mktemp("preview")
    site = tmp_path / "site"
    (site / "episodes" / "001-a").mkdir(parents=True)
    (site / "episodes" / "001-a" / "index.html").write_text("aflevering")
    (site / "index.html").write_text("home")
    (site / "404.html").write_text("eigen 404")
    (site / "audio.mp3").write_bytes(bytes(range(100)))
    (site / "leeg.txt").write_bytes(b"")
    (site / "geen-index").mkdir()
    (tmp_path / "secret.txt").write_text("GEHEIM")
    os.symlink(tmp_path / "secret.txt", site / "link.txt")
    return tmp_path


@pytest.fixture(scope="module", params=["/", "/podcast/"], ids=["root", "subpath"])
def server(show: Path, request: pytest.FixtureRequest) -> Iterator[PreviewHTTPServer]:
    running = start_server(show / "site", request.param, 0)
    try:
        yield running
    finally:
        running.shutdown()
        running.server_close()


def ask(server: PreviewHTTPServer, path: str, method: str = "GET", **headers: str) -> Answer:
    """Send ``path`` exactly as given (no client-side normalising or quoting)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
    try:
        connection.putrequest(method, path, skip_host=False, skip_accept_encoding=True)
        for key, value in headers.items():
            connection.putheader(key, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def without_reload(page: bytes) -> bytes:
    """A page as the site holds it: without the live-reload script the server adds."""
    return re.sub(rb'<script src="[^"]*__pipeline/reload\.js"[^>]*></script>', b"", page)


def under(server: PreviewHTTPServer, rest: str) -> str:
    return server.base_path + rest


@pytest.mark.parametrize(
    "rest",
    [
        "../secret.txt",
        "%2e%2e/secret.txt",
        "%2E%2E%2Fsecret.txt",
        "episodes/../../secret.txt",
        "episodes/%2e%2e/%2e%2e/secret.txt",
        "..%5csecret.txt",
        "/{secret}",  # an absolute path after the base
        "{secret}",
        "link.txt",  # a symlink inside the site pointing out of it
        "%00",
        "index.html%00.txt",
        "a" * 300,  # longer than a file name may be
        "a/" * 3000,  # longer than a path may be
    ],
)
def test_nothing_outside_the_site_and_no_crash(
    server: PreviewHTTPServer, show: Path, rest: str
) -> None:
    rest = rest.format(secret=str(show / "secret.txt").lstrip("/"))
    status, _, body = ask(server, under(server, rest))
    assert status == 404
    assert without_reload(body) == b"eigen 404"
    assert ask(server, under(server, ""))[0] == 200  # and it still serves


@pytest.mark.parametrize(
    ("rest", "location"),
    [
        ("episodes", "episodes/"),
        ("episodes/001-a", "episodes/001-a/"),
        ("./episodes//001-a", "episodes/001-a/"),
        ("%5Cevil.example/..", None),  # "/\evil.example/../" would leave the site in a browser
        ("episodes%0d%0aSet-Cookie:%20x=1/..", None),  # no header injection
    ],
)
def test_directory_redirects_stay_on_the_site(
    server: PreviewHTTPServer, rest: str, location: str | None
) -> None:
    status, headers, _ = ask(server, under(server, rest))
    assert "Set-Cookie" not in headers
    if location is None:
        assert status == 404
    else:
        assert status == 301
        assert headers["Location"] == server.base_path + location


def test_protocol_relative_redirect_is_impossible(server: PreviewHTTPServer) -> None:
    status, headers, _ = ask(server, server.base_path + "/episodes")
    assert status == 301
    assert headers["Location"] == server.base_path + "episodes/"
    assert not headers["Location"].startswith("//")


def test_directory_without_index_is_not_found(server: PreviewHTTPServer) -> None:
    assert ask(server, under(server, "geen-index/"))[:1] == (404,)
    assert without_reload(ask(server, under(server, "episodes/001-a/"))[2]) == b"aflevering"


def test_head_has_the_headers_and_no_body(server: PreviewHTTPServer) -> None:
    status, headers, body = ask(server, under(server, "audio.mp3"), "HEAD")
    assert (status, headers["Content-Length"], body) == (200, "100", b"")
    assert headers["Accept-Ranges"] == "bytes"
    status, headers, body = ask(server, under(server, "audio.mp3"), "HEAD", Range="bytes=-10")
    assert (status, headers["Content-Range"], headers["Content-Length"], body) == (
        206,
        "bytes 90-99/100",
        "10",
        b"",
    )
    status, _, body = ask(server, under(server, "nergens"), "HEAD")
    assert (status, body) == (404, b"")


@pytest.mark.parametrize(
    ("spec", "status", "content_range", "data"),
    [
        ("bytes=0-9", 206, "bytes 0-9/100", bytes(range(10))),
        ("bytes=95-", 206, "bytes 95-99/100", bytes(range(95, 100))),
        ("bytes=-5", 206, "bytes 95-99/100", bytes(range(95, 100))),
        ("bytes=-500", 206, "bytes 0-99/100", bytes(range(100))),  # suffix longer than file
        ("bytes=90-1000", 206, "bytes 90-99/100", bytes(range(90, 100))),
        ("bytes=99-99", 206, "bytes 99-99/100", bytes([99])),
        ("bytes=100-", 416, "bytes */100", b""),
        ("bytes=100-200", 416, "bytes */100", b""),
        ("bytes=-0", 416, "bytes */100", b""),
        ("bytes=9-3", 416, "bytes */100", b""),
        ("bytes=99999999999999999999999-", 416, "bytes */100", b""),
        ("bytes=abc", 200, None, bytes(range(100))),  # not a byte range: ignored (RFC 9110)
        ("items=0-9", 200, None, bytes(range(100))),
    ],
)
def test_byte_ranges(
    server: PreviewHTTPServer, spec: str, status: int, content_range: str | None, data: bytes
) -> None:
    got, headers, body = ask(server, under(server, "audio.mp3"), Range=spec)
    assert (got, headers.get("Content-Range"), body) == (status, content_range, data)
    assert headers["Content-Length"] == str(len(data))


def test_range_on_an_empty_file_is_unsatisfiable(server: PreviewHTTPServer) -> None:
    assert ask(server, under(server, "leeg.txt"))[::2] == (200, b"")
    status, headers, _ = ask(server, under(server, "leeg.txt"), Range="bytes=0-")
    assert (status, headers["Content-Range"]) == (416, "bytes */0")


def test_base_path_without_its_slash_redirects(show: Path) -> None:
    server = start_server(show / "site", "/podcast/", 0)
    try:
        status, headers, _ = ask(server, "/podcast")
        assert (status, headers["Location"]) == (301, "/podcast/")
        assert ask(server, "/elders/index.html")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_binds_loopback_only(server: PreviewHTTPServer) -> None:
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    # 127.0.0.2 is this machine too: a server bound to every address would answer there.
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", port), timeout=2):
        pass
