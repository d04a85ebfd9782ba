"""Jekyll's ``published: false``: a post written but not to go out. It was built and
published with no word from build or check; now it is a draft, never due, which the
preview shows marked as one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from click.testing import CliRunner

from pipeline.build import BuildOptions, build
from pipeline.cli import main
from pipeline.fingerprint import RECORD
from tests.conftest import ShowMaker, episode

NOW = "2026-06-01T12:00+02:00"


def _post(title: str, published: str | None = None, episode_ref: str | None = None) -> str:
    lines = ["---", f'title: "{title}"', "date: 2026-03-01 09:00", "tags: [kassa, winkel]"]
    if published is not None:
        lines.append(f"published: {published}")
    if episode_ref is not None:
        lines.append(f"episode: {episode_ref}")
    return "\n".join([*lines, "---", f"Een tekst over {title.lower()} en de kassa.", ""])


def _run(root: Path, *args: str) -> tuple[int, str, str]:
    out = root / "site"
    command = ["build", "--root", str(root), "--out", str(out), "--now", NOW, "--offline", *args]
    result = CliRunner().invoke(main, command)
    return result.exit_code, result.stdout, result.stderr


def _site_text(out: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", errors="replace") for p in sorted(out.rglob("*")) if p.is_file()
    )


def test_an_unpublished_post_is_nowhere_in_the_site(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={
            "2026-03-01-open": _post("Openbare kassa"),
            "2026-03-01-geheim": _post("Geheime kassa", "false"),
        },
    )
    code, _, err = _run(root)
    assert code == 0, err
    out = root / "site"
    assert (out / "posts" / "open" / "index.html").is_file()
    assert not (out / "posts" / "geheim").exists()
    text = _site_text(out)
    assert "Openbare kassa" in text
    assert "Geheime kassa" not in text and "geheim" not in text  # feeds, tags, search, sitemap
    # Built again from the posts the last build kept: still left out
    (root / RECORD).unlink()
    code, _, err = _run(root)
    assert code == 0, err
    assert "Geheime kassa" not in _site_text(out)


def test_a_post_set_to_published_true_goes_out_at_the_next_build(make_show: ShowMaker) -> None:
    root = make_show(posts={"2026-03-01-geheim": _post("Geheime kassa", "no")})
    assert _run(root)[0] == 0
    assert not (root / "site" / "posts" / "geheim").exists()
    (root / "posts" / "2026-03-01-geheim.md").write_text(_post("Geheime kassa", "true"))
    assert _run(root)[0] == 0
    assert (root / "site" / "posts" / "geheim" / "index.html").is_file()


def test_a_published_value_that_is_not_true_or_false_is_an_error(make_show: ShowMaker) -> None:
    root = make_show(
        posts={
            "2026-03-01-a": _post("Eerste kassa", '"nee"'),
            "2026-03-01-b": _post("Tweede kassa", "0"),
        }
    )
    code, _, err = _run(root)
    assert code == 1
    assert "posts/2026-03-01-a.md:5: published: got 'nee', expected true or false" in err
    assert "posts/2026-03-01-b.md:5: published: got 0, expected true or false" in err
    assert "Traceback" not in err
    assert not (root / "site").exists()


def test_the_preview_shows_an_unpublished_post_as_a_draft(make_show: ShowMaker) -> None:
    root = make_show(posts={"2026-03-01-geheim": _post("Geheime kassa", "false")})
    out = root / "preview"
    now = datetime.fromisoformat(NOW)
    build(BuildOptions(root=root, out=out, now=now, offline=True, drafts=True))
    page = (out / "posts" / "geheim" / "index.html").read_text("utf-8")
    assert 'class="draft-banner"' in page


def test_an_episode_naming_an_unpublished_post_builds_without_it(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1, post="2026-03-01-geheim")},
        posts={"2026-03-01-geheim": _post("Geheime kassa", "false")},
    )
    code, _, err = _run(root)
    assert code == 0, err
    assert (
        "episodes/001-a.yaml: its post posts/2026-03-01-geheim.md is a draft (published:"
        " false); the episode is published without it until the post is set to true"
    ) in err
    assert "Geheime kassa" not in _site_text(root / "site")


def test_status_lists_an_unpublished_post_as_a_draft(make_show: ShowMaker) -> None:
    root = make_show(
        posts={
            "2026-03-01-open": _post("Openbare kassa"),
            "2026-03-01-geheim": _post("Geheime kassa", "false"),
        }
    )
    result = CliRunner().invoke(main, ["status", "--root", str(root), "--all", "--now", NOW])
    assert result.exit_code == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    rows = {words[-1]: words[0] for words in lines}
    assert rows["geheim"] == "draft"
    assert rows["open"] == "live"  # no record: a post that is due is taken as published
