"""Every problem at once, across loading and pairing: a file that does not load no longer
hides an episode's ``post:`` that names no post (the first run showed one, the second the
other). A reference to a file that did not load is not reported on its own: that file's
problem is."""

from __future__ import annotations

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode
from tests.security.support import post

NOW = ["--now", "2026-06-01T12:00+02:00"]


def errors(root: object) -> list[str]:
    result = CliRunner().invoke(main, ["build", "--root", str(root), "-q", *NOW])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


def test_a_dangling_post_reference_is_reported_with_a_broken_file(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={
            "001-a": episode(1, post="bestaat-niet"),
            "002-b": episode(2).replace("number: 2", "number: twee"),
        },
        posts={"2026-03-01-een": post("Tekst.", title="[kapot")},
    )
    found = errors(root)
    assert [line.split(":")[1].strip() for line in found[:-1]] == [
        "episodes/001-a.yaml",  # pairing's problem
        "episodes/002-b.yaml",  # loading's
        "posts/2026-03-01-een.md",
    ]
    assert "got 'bestaat-niet', expected the file name or slug of a post" in found[0]
    assert found[-1] == "Error: 3 problems found; nothing was written."
    assert not (root / "site").exists()


def test_a_reference_to_a_file_that_did_not_load_is_not_a_problem_of_its_own(
    make_show: ShowMaker,
) -> None:
    """Episode 1 names the broken post, the post names broken episode 2: only the two
    broken files are reported (their references resolve once they load)."""
    root = make_show(
        episodes={
            "001-a": episode(1, post="2026-03-01-een"),
            "002-b": episode(2).replace("number: 2", "number: twee"),
        },
        posts={
            "2026-03-01-een": post("Tekst.", title="[kapot"),
            "2026-03-02-twee": post("Tekst.", title='"Twee"', episode="2"),
        },
    )
    found = errors(root)
    assert len(found) == 3, found
    assert found[0].startswith("Error: episodes/002-b.yaml:")
    assert found[1].startswith("Error: posts/2026-03-01-een.md:")


def test_with_every_file_loaded_a_pairing_problem_is_reported_as_before(
    make_show: ShowMaker,
) -> None:
    root = make_show(episodes={"001-a": episode(1, post="bestaat-niet")})
    found = errors(root)
    assert len(found) == 2 and "episodes/001-a.yaml" in found[0]
