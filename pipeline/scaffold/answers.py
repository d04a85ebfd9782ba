"""What `pipeline init` asks a podcaster, and the podcast.toml their answers become.

Only the user's own values are written (nothing of the sample show); the optional settings
appear as comments so they can be found. Categories are matched against Apple's list in
the home of Apple's rules (``pipeline.spec.apple``), forgiving case and a bare subcategory name.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.errors import Problem
from pipeline.spec.apple import APPLE_CATEGORIES

WHERE = "pipeline init"


@dataclass(frozen=True)
class Field:
    """One answer: its option, its question and what a good answer looks like."""

    name: str
    option: str
    question: str
    expected: str


FIELDS = (
    Field("title", "--title", "Title of the show", "the show's title"),
    Field(
        "description",
        "--description",
        "Description (a few sentences for podcast apps)",
        "a description of the show",
    ),
    Field("author", "--author", "Author (as podcast apps show it)", "the author's name"),
    Field(
        "owner_name", "--owner-name", "Owner's name (Apple writes to the owner)", "the owner's name"
    ),
    Field("owner_email", "--owner-email", "Owner's e-mail address", "an e-mail address"),
    Field("language", "--language", "Language code (nl, en, nl-BE...)", "a language code"),
    Field(
        "base_url",
        "--base-url",
        "Web address the site will live at",
        "an https URL such as https://NAME.github.io/SHOW/",
    ),
    Field(
        "categories",
        "--category",
        "Apple categories, separated by ; (e.g. Business > Marketing)",
        'an Apple category such as "Business > Marketing"',
    ),
    Field(
        "artwork",
        "--artwork",
        "Artwork: a square JPEG or PNG of 1400-3000 px (file or URL)",
        "a JPEG or PNG file, or its https URL",
    ),
    Field(
        "timezone",
        "--timezone",
        "Time zone of episode dates",
        "a time zone such as Europe/Amsterdam",
    ),
)
BY_NAME = {f.name: f for f in FIELDS}
# podcast.toml keys (as the loader names them in messages) -> the answer they come from.
TOML_KEYS = {
    "title": "title",
    "description": "description",
    "author": "author",
    "owner": "owner_name",
    "owner.name": "owner_name",
    "owner.email": "owner_email",
    "language": "language",
    "base_url": "base_url",
    "categories": "categories",
    "artwork": "artwork",
    "timezone": "timezone",
}


@dataclass(frozen=True)
class Answers:
    title: str = ""
    description: str = ""
    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    language: str = ""
    base_url: str = ""
    categories: tuple[str, ...] = ()
    artwork: str = ""
    timezone: str = ""
    explicit: bool = False

    def with_artwork(self, artwork: str) -> Answers:
        return replace(self, artwork=artwork)

    def answered(self, name: str, text: str) -> Answers:
        """With the answer ``text`` to the question ``name`` (categories split at ;)."""
        changes: dict[str, Any] = {name: split_categories(text) if name == "categories" else text}
        return replace(self, **changes)

    def missing(self) -> list[Field]:
        """The fields still without an answer, in the order they are asked."""
        return [f for f in FIELDS if not getattr(self, f.name)]


def problem(field: str, got: object, expected: str) -> Problem:
    """A problem with one answer, named by its option (``--owner-email: got ...``)."""
    option = BY_NAME[field].option if field in BY_NAME else field
    return Problem.of(WHERE, None, option, got, expected)


def described(field: str, got: str, expected: str) -> Problem:
    """Like :func:`problem`, for a ``got`` that is already worded (the checker's)."""
    option = BY_NAME[field].option if field in BY_NAME else field
    return Problem(WHERE, None, option, got, expected)


def missing_problems(answers: Answers) -> list[Problem]:
    return [problem(f.name, None, f.expected) for f in answers.missing()]


def split_categories(text: str) -> tuple[str, ...]:
    """``Business > Marketing; Education`` -> two categories (commas work too)."""
    parts = text.replace(",", ";").split(";")
    return tuple(p.strip() for p in parts if p.strip())


def normalize_category(text: str) -> str | Problem:
    """Apple's own spelling of a category, or a problem with the closest ones.

    ``business > marketing`` and a bare ``Marketing`` both become ``Business > Marketing``.
    """
    known = {name.casefold(): name for name in _all_categories()}
    key = " > ".join(part.strip() for part in text.split(">")).casefold()
    if key in known:
        return known[key]
    subs = [
        f"{top} > {sub}"
        for top, names in APPLE_CATEGORIES.items()
        for sub in names
        if sub.casefold() == key
    ]
    if len(subs) == 1:
        return subs[0]
    close = difflib.get_close_matches(text.strip(), _all_categories(), n=3, cutoff=0.5)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    return problem(
        "categories", text, f"one of Apple's categories{hint}; see `pipeline init --help`"
    )


def _all_categories() -> list[str]:
    names: list[str] = []
    for top, subs in APPLE_CATEGORIES.items():
        names.append(top)
        names.extend(f"{top} > {sub}" for sub in subs)
    return names


def category_help() -> str:
    """Apple's categories, one top-level category per line, for --help."""
    return "\n".join(
        f"{top}" + (f": {', '.join(subs)}" if subs else "")
        for top, subs in APPLE_CATEGORIES.items()
    )


def machine_timezone() -> str:
    """This machine's IANA time zone (``/etc/localtime`` -> ``Europe/Amsterdam``), else UTC."""
    if os.environ.get("TZ", "").count("/") == 1:
        return os.environ["TZ"].lstrip(":")
    try:
        target = os.path.realpath("/etc/localtime")
    except OSError:
        return "UTC"
    marker = "/zoneinfo/"
    if marker in target:
        name = target.split(marker, 1)[1]
        if name in ("Etc/UTC", "Etc/Universal", "UCT", "Universal", "Zulu"):
            return "UTC"
        if name and not name.startswith(("posix/", "right/")):
            return name
    return "UTC"


def machine_language() -> str:
    """The language of this machine's locale (``nl_NL.UTF-8`` -> ``nl``), for the prompt."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        code = value.split(".")[0].split("_")[0].lower()
        if code.isalpha() and 2 <= len(code) <= 3 and code not in ("c", "posix"):
            return code
    return "en"


def podcast_toml(answers: Answers, artwork: str) -> str:
    """The show's podcast.toml: the answers, and the optional settings as comments.

    Each commented setting sits where it works once uncommented: a top-level key before
    the first table, as TOML puts every key after a ``[table]`` header into that table."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string

    categories = ", ".join(q(c) for c in answers.categories)
    return f"""\
# The show, as podcast apps and its site present it (written by `pipeline init`).
title = {q(answers.title)}
description = {q(answers.description)}
author = {q(answers.author)}
language = {q(answers.language)}
base_url = {q(answers.base_url)}
artwork = {q(artwork)}
categories = [{categories}]
explicit = {"true" if answers.explicit else "false"}
timezone = {q(answers.timezone)}  # dates in episodes/ and posts/ without an offset are in this zone
# More you can set (see the pipeline's README):
# copyright = "© Your Name"
# type = "serial"                  # episodic (the default) or serial
# websub_hub = "https://pubsubhubbub.appspot.com/"

[owner]
name = {q(answers.owner_name)}
email = {q(answers.owner_email)}

# More you can set, each table after the one before:
# [[hosts]]
# name = "Your name"
# href = "https://example.org/"
#
# [[funding]]
# url = "https://example.org/support"
# text = "Support the show"
#
# [audio]                          # targets for `pipeline audio`
# target_lufs_stereo = -16.0
"""


def local_artwork(value: str) -> Path | None:
    """The artwork answer as a local file path, or None for a URL."""
    return None if "://" in value else Path(value).expanduser()
