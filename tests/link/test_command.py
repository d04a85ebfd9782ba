"""`pipeline link`: listing, --dry-run, and the --write round trip (idempotent, byte-exact
outside the markers)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.link.block import with_block
from pipeline.link.text import BLOCK_BEGIN, BLOCK_END
from tests.conftest import ShowMaker
from tests.link.test_related import SELLING

NOW = ["--now", "2026-06-01T12:00+02:00"]


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["link", "--root", str(root), *NOW, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "posts").iterdir())}


def outside(data: bytes) -> bytes:
    """The bytes of a file with the block (markers included) cut out."""
    text = data.decode("utf-8")
    if BLOCK_BEGIN not in text:
        return data
    start, end = text.index(BLOCK_BEGIN), text.index(BLOCK_END) + len(BLOCK_END)
    return (text[:start] + text[end:]).encode("utf-8")


def test_without_write_nothing_changes(make_show: ShowMaker) -> None:
    root = make_show(posts=SELLING)
    before = files(root)
    code, out, _ = run(root)
    assert code == 0
    assert "posts/2026-01-19-een-goede-verkoper.md" in out
    assert "post:verkopen-aan-de-toonbank" in out
    code, out, _ = run(root, "--dry-run")
    assert code == 0
    assert "+++ b/posts/2026-01-19-een-goede-verkoper.md" in out
    assert "+" + BLOCK_BEGIN in out
    assert files(root) == before


def test_write_round_trip_is_idempotent_and_byte_exact_outside_markers(
    make_show: ShowMaker,
) -> None:
    posts = dict(SELLING)
    # No final newline, and Windows line endings: both must survive untouched.
    posts["2026-01-05-verkopen-aan-de-toonbank"] = posts[
        "2026-01-05-verkopen-aan-de-toonbank"
    ].rstrip("\n")
    root = make_show(posts=posts)
    crlf = root / "posts" / "2026-01-12-de-verkoop-van-vulpennen.md"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    before = files(root)

    code, out, _ = run(root, "--write")
    assert code == 0, out
    after = files(root)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {
        "2026-01-05-verkopen-aan-de-toonbank.md",
        "2026-01-12-de-verkoop-van-vulpennen.md",
        "2026-01-19-een-goede-verkoper.md",
    }  # posts without related links get no block
    for name in changed:
        text = after[name].decode("utf-8")
        assert text.count(BLOCK_BEGIN) == text.count(BLOCK_END) == 1
        assert outside(after[name]).rstrip() == before[name].rstrip()
        assert after[name].startswith(before[name])  # appended, nothing before it touched
    vulpen = after["2026-01-12-de-verkoop-van-vulpennen.md"]
    assert (
        b"\r\n- [Een goede verkoper](https://show.example/posts/een-goede-verkoper/)\r\n" in vulpen
    )
    assert b"\n" not in vulpen.replace(b"\r\n", b"")

    code, out, _ = run(root, "--write")
    assert code == 0
    assert "0 of 5 posts changed." in out
    assert files(root) == after

    # An edited block is refreshed; what the author wrote around it is kept byte for byte.
    path = root / "posts" / "2026-01-19-een-goede-verkoper.md"
    text = path.read_text("utf-8")
    start, end = text.index(BLOCK_BEGIN), text.index(BLOCK_END) + len(BLOCK_END)
    edited = text[:start] + BLOCK_BEGIN + "\nweg\n" + BLOCK_END + "\nNawoord."
    path.write_text(edited + text[end:], "utf-8")
    assert run(root, "--write")[0] == 0
    refreshed = path.read_text("utf-8")
    assert refreshed.startswith(text[:start] + BLOCK_BEGIN + "\n**Lees ook**")
    assert refreshed.endswith(BLOCK_END + "\nNawoord." + text[end:])
    assert "weg" not in refreshed and "- [De verkoop van vulpennen]" in refreshed


def test_a_broken_block_is_an_error_and_nothing_is_written(make_show: ShowMaker) -> None:
    posts = dict(SELLING)
    posts["2026-01-19-een-goede-verkoper"] += BLOCK_BEGIN + "\n"
    root = make_show(posts=posts)
    before = files(root)
    code, _, err = run(root, "--write")
    assert code == 1
    assert (
        "Error: posts/2026-01-19-een-goede-verkoper.md:8: lees-ook block: got 1 begin and "
        "0 end markers, expected one begin marker followed by one end marker (or none)"
    ) in err.splitlines()
    assert files(root) == before


def test_hand_written_pointers_are_not_repeated_in_the_block(make_show: ShowMaker) -> None:
    posts = dict(SELLING)
    posts["2026-01-19-een-goede-verkoper"] += "\nLees ook: de verkoop van vulpenen\n"
    root = make_show(posts=posts)
    run(root, "--write")
    text = (root / "posts" / "2026-01-19-een-goede-verkoper.md").read_text("utf-8")
    block = text[text.index(BLOCK_BEGIN) :]
    assert "verkopen-aan-de-toonbank" in block
    assert "de-verkoop-van-vulpennen" not in block


@given(
    text=st.text(st.characters(blacklist_categories=["Cs"]), max_size=200).filter(
        lambda t: "<!--" not in t
    ),
    items=st.lists(st.text("abc XYZ", min_size=1, max_size=8), max_size=3),
)
def test_with_block_is_idempotent_and_keeps_every_other_byte(text: str, items: list[str]) -> None:
    lines = [BLOCK_BEGIN, "**Lees ook**", "", *(f"- {i}" for i in items), BLOCK_END]
    once = with_block(text, lines if items else [BLOCK_BEGIN, BLOCK_END])
    assert with_block(once, lines if items else [BLOCK_BEGIN, BLOCK_END]) == once
    assert once.startswith(text)
    if items:
        assert outside(once.encode("utf-8")).decode("utf-8").rstrip("\r\n") == text.rstrip("\r\n")
        # Refreshing with other links touches only what is between the markers.
        other = with_block(once, [BLOCK_BEGIN, "x", BLOCK_END])
        assert outside(other.encode("utf-8")) == outside(once.encode("utf-8"))
    else:
        assert once == text


def test_write_through_a_linked_post_keeps_the_link(make_show: ShowMaker) -> None:
    # A post kept elsewhere in the show and linked into posts/: its file gets the block
    # and the link stays a link (replaced by a copy, the two went out of step).
    root = make_show(posts=SELLING)
    name = "2026-01-19-een-goede-verkoper.md"
    archive = root / "archief"
    archive.mkdir()
    (root / "posts" / name).rename(archive / name)
    (root / "posts" / name).symlink_to(Path("..") / "archief" / name)
    code, out, _ = run(root, "--write")
    assert code == 0, out
    assert f"Updated posts/{name}" in out
    assert (root / "posts" / name).is_symlink()
    assert BLOCK_BEGIN in (archive / name).read_text("utf-8")
    before = files(root)
    assert run(root, "--write")[0] == 0  # idempotent through the link too
    assert files(root) == before
