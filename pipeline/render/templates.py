"""The Jinja2 environment: the package's templates, overridable from the show's ``templates/``."""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)


def environment(root: Path) -> Environment:
    """Templates in ``root/templates`` win over the package's own, file by file."""
    loaders: list[BaseLoader] = []
    user = root / "templates"
    if user.is_dir():
        loaders.append(FileSystemLoader(str(user)))
    loaders.append(PackageLoader("pipeline", "render/templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every user-written value is escaped unless marked safe
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env
