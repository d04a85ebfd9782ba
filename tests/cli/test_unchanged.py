"""``pipeline build`` with nothing new, answered before the command line loads
(``pipeline/unchanged.py``): the same words as the command, without importing click, for
the plainest spelling only; a changed show is digested once, by the quick check, and built
as a cold build would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline import fingerprint, unchanged
from pipeline.cli import main
from pipeline.fingerprint import recall
from pipeline.unchanged import answer, options_key, parse
from tests.build.test_incremental import POST, files
from tests.conftest import ShowMaker, episode

LATER = episode(3).replace("date: 2026-03-03 07:00", "date: 2099-07-01 09:00")


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    # An episode due in 2099 and one without a post: the build prints "Scheduled:" and a
    # notice, which the quick answer must repeat as the command does.
    return make_show(
        episodes={"001-a": episode(1), "002-b": episode(2), "003-c": LATER},
        posts={"2026-03-01-over-de-kassa": POST},
    )


def build_args(root: Path, out: Path, *extra: str) -> list[str]:
    return ["build", "--root", str(root), "--out", str(out), "--offline", *extra]


def built(root: Path, out: Path, *extra: str) -> list[str]:
    """The arguments of a build that has run once, through click, and succeeded."""
    args = build_args(root, out, *extra)
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    return args


def pipeline(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command as a user runs it, in its own process."""
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def imported(stderr: str) -> set[str]:
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def said(stderr: str) -> str:
    return "".join(line + "\n" for line in stderr.splitlines() if not line.startswith("import "))


@pytest.mark.parametrize(
    ("args", "found"),
    [
        (["build"], {}),
        (["build", "--root", "show"], {"root": "show"}),
        (["build", "--root=show", "--out=x/site"], {"root": "show", "out": "x/site"}),
        (
            ["build", "-q", "--offline", "--skip-failed", "--out", "o"],
            {"quiet": True, "offline": True, "skip_failed": True, "out": "o"},
        ),
        (["build", "--quiet"], {"quiet": True}),
        (
            ["build", "--now", "2026-05-01T09:00", "--strict"],
            {"now": "2026-05-01T09:00", "strict": True},
        ),
        (["build", "--now=2026-05-01"], {"now": "2026-05-01"}),
    ],
)
def test_the_plainest_spellings_are_taken(args: list[str], found: dict[str, object]) -> None:
    assert parse(args) == found


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["check"],
        ["--version"],
        ["build", "--help"],
        ["build", "--now", "-1"],
        ["build", "--strict", "--strict"],
        ["build", "--root"],  # a value missing: click says so
        ["build", "--root", ""],
        ["build", "--root", "--out"],
        ["build", "--root=", "--out", "o"],
        ["build", "--root", "a", "--root", "b"],  # given twice: click takes the last
        ["build", "-q", "-q"],
        ["build", "--quiet=yes"],
        ["build", "--", "--root", "a"],
        ["build", "extra"],
        ["build", "--ro", "a"],
    ],
)
def test_anything_else_goes_to_the_command_line(args: list[str]) -> None:
    assert parse(args) is None
    assert answer(args) == (None, None)


def test_the_quick_answer_says_what_the_command_says(show: Path, tmp_path: Path) -> None:
    args = build_args(show, tmp_path / "site")
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert "Scheduled: 003-c" in first.stderr and "Notice: " in first.stderr
    command = CliRunner().invoke(main, args)  # nothing new, through click
    assert "Nothing changed since the last build" in command.stderr
    quick = pipeline(*args)
    assert quick.returncode == 0, quick.stderr
    assert (quick.stdout, said(quick.stderr)) == (command.stdout, command.stderr)
    loaded = imported(quick.stderr)
    assert "pipeline.fingerprint" in loaded  # importtime saw the modules
    assert "click" not in loaded and "pipeline.cli" not in loaded
    assert "dataclasses" not in loaded  # the record's classes are tuples (fingerprint.py)
    quiet = pipeline(*args, "-q")
    assert said(quiet.stderr) == command.stderr.replace(
        "Nothing changed since the last build\n", ""
    )


def test_the_default_folders_are_the_commands(show: Path) -> None:
    """No --root: the working folder; no --out: ROOT/site, as the command takes them."""
    assert CliRunner().invoke(main, ["build", "--root", str(show), "--offline"]).exit_code == 0
    quick = pipeline("build", "--offline", cwd=show)
    assert quick.returncode == 0, quick.stderr
    assert "Nothing changed" in quick.stderr
    assert f"into {show.resolve() / 'site'} " in quick.stdout
    assert "click" not in imported(quick.stderr)


def test_a_changed_show_is_digested_once_and_built_as_cold(
    show: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    args = built(show, out)
    post = show / "posts" / "2026-03-01-over-de-kassa.md"
    post.write_text(POST + "\nEen zin erbij.\n", encoding="utf-8")
    code, checked = answer(args)
    assert code is None and checked is not None and checked.same is None
    digests: list[Path] = []
    real = fingerprint.inputs_digest
    monkeypatch.setattr(
        fingerprint,
        "inputs_digest",
        lambda root, known=None: digests.append(root) or real(root, known),
    )
    result = CliRunner().invoke(main, args, obj=checked)
    assert result.exit_code == 0, result.output
    assert "written" in result.stdout and digests == []  # the quick check's digest was taken
    again = CliRunner().invoke(main, args)
    assert "Nothing changed" in again.stderr  # and recorded: the next build finds it the same
    monkeypatch.undo()
    (show / ".cache" / "build" / "last.json").unlink()
    cold = tmp_path / "cold"
    assert CliRunner().invoke(main, build_args(show, cold)).exit_code == 0
    assert files(out) == files(cold)


def test_an_answer_for_other_options_is_digested_again(show: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = build_args(show, out)
    _, checked = answer(args)  # no record yet: what it found is handed on
    assert checked is not None and checked.same is None
    root, now = show.resolve(), datetime.now().astimezone()
    key = options_key(out, offline=True, skip_failed=False)
    assert recall(root, key, now, out, checked) is checked
    for other_key, other_out in [
        (options_key(out, offline=False, skip_failed=False), out),
        (
            options_key(tmp_path / "elsewhere", offline=True, skip_failed=False),
            tmp_path / "elsewhere",
        ),
    ]:
        assert recall(root, other_key, now, other_out, checked) is not checked


def test_a_name_the_stream_cannot_print_goes_to_the_command(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    show = make_show(episodes={"001-a": episode(1)}, posts={"2026-03-01-over-de-kassa": POST})
    args = built(show, tmp_path / "café")
    ascii_only = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "pipeline", *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )
    assert b"Traceback" not in ascii_only.stderr
    assert b"click" in ascii_only.stderr  # declined here, answered by the command


def test_now_is_read_as_the_command_reads_it(show: Path, tmp_path: Path) -> None:
    """Without an offset, --now is in the show's zone (Europe/Amsterdam): the same moment
    written two ways is the same build; a moment bringing in the 2099 episode is not."""
    args = build_args(show, tmp_path / "site")
    assert CliRunner().invoke(main, [*args, "--now", "2026-06-01T12:00"]).exit_code == 0
    code, _ = answer([*args, "--now", "2026-06-01T10:00Z"])
    assert code == 0
    code, checked = answer([*args, "--now", "2099-07-01T09:00"])  # 003-c is due then
    assert code is None and checked is not None and checked.same is None
    assert answer([*args, "--now", "2026-13-01"]) == (None, None)  # the command names it
    quick = pipeline(*args, "--now", "2026-06-01T12:00")
    assert quick.returncode == 0 and "Nothing changed" in quick.stderr
    assert "click" not in imported(quick.stderr)


def test_strict_with_notices_is_the_commands_error(show: Path, tmp_path: Path) -> None:
    args = built(show, tmp_path / "site")
    assert answer([*args, "--strict"]) == (None, None)  # the record holds a notice
    strict = pipeline(*args, "--strict")
    assert strict.returncode == 1 and "notices with --strict" in strict.stderr
    assert "click" in imported(strict.stderr)


def test_strict_without_notices_is_answered(make_show: ShowMaker, tmp_path: Path) -> None:
    show = make_show(episodes={}, posts={"2026-03-01-over-de-kassa": POST})
    args = build_args(show, tmp_path / "site", "--strict")
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and "Notice" not in first.stderr, first.output
    quick = pipeline(*args)
    assert quick.returncode == 0 and "Nothing changed" in quick.stderr
    assert "click" not in imported(quick.stderr)


def test_a_full_disk_is_a_failure_not_a_traceback(show: Path, tmp_path: Path) -> None:
    args = built(show, tmp_path / "site")
    with open("/dev/full", "w") as full:
        quick = subprocess.run(
            [sys.executable, "-m", "pipeline", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert quick.returncode == 1 and "Traceback" not in quick.stderr, quick.stderr


def test_a_damaged_report_in_the_record_builds_again(show: Path, tmp_path: Path) -> None:
    args = built(show, tmp_path / "site")
    record = show / ".cache" / "build" / "last.json"
    data = json.loads(record.read_bytes())
    data["report"] = "oops"
    record.write_text(json.dumps(data), encoding="utf-8")
    assert answer(args).code is None  # the command builds, and says why
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0 and "damaged" in result.stderr, result.output


def test_the_last_records_damage_is_said_once(show: Path, tmp_path: Path) -> None:
    """A damaged record is a notice of the build that met it, not of every build after."""
    args = built(show, tmp_path / "site")
    (show / ".cache" / "build" / "last.json").write_text("{bad", encoding="utf-8")
    first = CliRunner().invoke(main, args)
    assert "last.json: unreadable" in first.stderr
    again = pipeline(*args)
    assert "Nothing changed" in again.stderr and "last.json" not in again.stderr


def test_a_default_output_folder_that_loops_is_named(show: Path) -> None:
    (show / "site").symlink_to(show / "site")
    result = CliRunner().invoke(main, ["build", "--root", str(show), "--offline"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "got a link that loops back on itself, expected a folder" in result.stderr


def test_the_spellings_answered_here_are_the_commands_options() -> None:
    """unchanged.py reads ``build``'s options without click: each spelling it takes must be
    one of the command's, with the same name, taking a value or not as the command does
    (a renamed option would otherwise be answered here under its old name)."""
    from pipeline.commands.build import build_command

    options = {
        spelling: param
        for param in build_command.params
        if isinstance(param, click.Option)
        for spelling in param.opts
    }
    for spelling, name in unchanged._VALUES.items():
        assert options[spelling].name == name and not options[spelling].is_flag, spelling
    for spelling, name in unchanged._FLAGS.items():
        assert options[spelling].name == name and options[spelling].is_flag, spelling


def test_the_record_keeps_what_a_repeat_prints(show: Path, tmp_path: Path) -> None:
    """read_record checks a report for REPORT_KEYS: they are what a build keeps."""
    built(show, tmp_path / "site")
    record, notice = fingerprint.read_record(show)
    assert notice is None and record is not None
    assert set(record.report) == fingerprint.REPORT_KEYS


def test_posts_in_a_subfolder_are_said_again_and_counted_anew(show: Path, tmp_path: Path) -> None:
    """Loading's notice (posts/2024 holds posts the build does not read) is kept in the
    record and repeated; the record's digest walks posts/ down, so a file added there, or
    the folder removed, is a change: built again, the notice counts anew or is gone."""
    folder = show / "posts" / "2024"
    folder.mkdir()
    (folder / "2024-01-01-oud.md").write_text(POST, encoding="utf-8")
    args = built(show, tmp_path / "site")
    line = "Notice: posts/2024: {} in a subfolder, not published"
    quick = pipeline(*args)
    assert "Nothing changed" in quick.stderr and line.format("1 Markdown file") in quick.stderr
    (folder / "2024-02-01-ouder.md").write_text(POST, encoding="utf-8")
    again = pipeline(*args)
    assert "Nothing changed" not in again.stderr
    assert line.format("2 Markdown files") in again.stderr
    (folder / "2024-01-01-oud.md").unlink()
    (folder / "2024-02-01-ouder.md").unlink()
    gone = pipeline(*args)
    assert "Nothing changed" not in gone.stderr and "posts/2024" not in gone.stderr


def test_an_episode_filed_in_a_subfolder_is_a_change_and_said_again(
    show: Path, tmp_path: Path
) -> None:
    """The same for episodes/: the quick answer repeats the notice, a file added below
    episodes/ builds again and counts it."""
    args = built(show, tmp_path / "site")
    folder = show / "episodes" / "2024"
    folder.mkdir()
    (folder / "009-oud.yaml").write_text(episode(9), encoding="utf-8")
    line = "Notice: episodes/2024: 1 YAML file in a subfolder, not published"
    first = pipeline(*args)
    assert "Nothing changed" not in first.stderr and line in first.stderr
    quick = pipeline(*args)
    assert "Nothing changed" in quick.stderr and line in quick.stderr


def test_the_quick_answer_loads_no_more_than_it_needs() -> None:
    """A build with nothing new costs little more than reading its inputs: the modules it
    imports were half of it (email.utils alone, for RSS dates it never reads, a fifth)."""
    heavy = ("click", "email", "jinja2", "numpy", "yaml", "markdown_it", "lxml", "feedgen")
    code = f"import sys, pipeline.unchanged; print([m for m in {heavy!r} if m in sys.modules])"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
