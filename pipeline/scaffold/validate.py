"""Check the answers exactly as the loader and `pipeline check` will, before writing a file.

The podcast.toml the answers make (and the artwork) are written to a temporary folder and
read back with :func:`pipeline.check.check_show`: the same loader and the same Apple rules
(artwork size and format included) as every later build, so `pipeline init` cannot write a
show that `pipeline build` rejects. Problems are named by the option that fixes them.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.check import Finding, check_show
from pipeline.errors import Problem
from pipeline.load.schema import CONFIG_FILE
from pipeline.scaffold.answers import (
    TOML_KEYS,
    Answers,
    described,
    local_artwork,
    podcast_toml,
    problem,
)
from pipeline.spec.apple import is_feed_image

ARTWORK_DIR = "static"


@dataclass(frozen=True)
class Checked:
    problems: tuple[Problem, ...]  # each names the option that fixes it
    warnings: tuple[str, ...]
    artwork: str  # the artwork as podcast.toml names it (a path in the show folder, or a URL)
    artwork_source: Path | None  # the file to copy there, when it is not in the folder yet


def artwork_target(answers: Answers, root: Path) -> tuple[str, Path | None]:
    """Where the artwork goes in the show folder, and the file to copy there (if any)."""
    source = local_artwork(answers.artwork) if answers.artwork else None
    if source is None:
        return answers.artwork, None
    absolute = source.resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix(), None
    except ValueError:
        suffix = source.suffix.lower()
        return f"{ARTWORK_DIR}/artwork{suffix}", absolute


def check_answers(answers: Answers, root: Path) -> Checked:
    """Every problem with the answers at once, found by the loader and the checker."""
    artwork, source = artwork_target(answers, root)
    local = local_artwork(answers.artwork) if answers.artwork else None
    found: list[Problem] = []
    if local is not None:
        path = local.resolve()
        if not is_feed_image(path.name):
            found.append(
                problem("artwork", answers.artwork, "a .jpg or .png file (Apple takes no other)")
            )
        elif not path.is_file():
            found.append(problem("artwork", answers.artwork, "an existing JPEG or PNG file"))
    if found or not answers.artwork:
        # No artwork to measure (missing, or its problem already found): the other answers
        # are still checked, so that their problems come in this run, not the next.
        findings = [f for f in _checked(answers, "", None) if f.field != "artwork"]
    else:
        findings = _checked(answers, artwork, local)
        if not any(f.field == "artwork" for f in findings) and any(
            f.level == "error" for f in findings
        ):
            # The loader stops at a broken setting before the artwork is measured; measure
            # it with stand-in settings too, so every problem is reported in one go.
            findings += [
                f
                for f in _checked(_STAND_IN.with_artwork(answers.artwork), artwork, local)
                if f.field == "artwork"
            ]
    warnings: list[str] = []
    for finding in findings:
        key = TOML_KEYS.get(finding.field.split("[")[0])
        if finding.level != "error":
            warnings.append(f"{finding.field}: got {finding.got}, expected {finding.expected}")
        elif key is None:
            found.append(
                Problem(finding.path, finding.line, finding.field, finding.got, finding.expected)
            )
        else:
            found.append(described(key, finding.got, finding.expected))
    return Checked(tuple(found), tuple(warnings), artwork, source)


def _checked(answers: Answers, artwork: str, local: Path | None) -> list[Finding]:
    with tempfile.TemporaryDirectory(prefix="pipeline-init-") as tmp:
        stage = Path(tmp)
        (stage / CONFIG_FILE).write_text(podcast_toml(answers, artwork), encoding="utf-8")
        if local is not None:
            copy = stage / artwork
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(local.resolve(), copy)
        return list(check_show(stage, datetime.now(UTC)).findings)


# Settings the loader accepts, to measure the artwork alone.
_STAND_IN = Answers(
    title="-",
    description="-",
    author="-",
    owner_name="-",
    owner_email="a@b.example",
    language="en",
    base_url="https://example.org/",
    categories=("Technology",),
    timezone="UTC",
)
