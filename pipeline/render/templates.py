"""The Jinja2 environment: the package's templates, overridable from the show's ``templates/``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
)

from pipeline.errors import ContentError, Problem
from pipeline.paths import outside_show, rel


def inside_show(root: Path, path: Path) -> None:
    """Raise ContentError unless ``path`` (a static file, a template) lies inside the show
    folder once symbolic links are resolved: a build never publishes a file from elsewhere."""
    why = outside_show(root, path)
    if why is not None:
        got = (
            f"a link to {str(path.resolve())[:200]!r}" if path.is_symlink() else "a file elsewhere"
        )
        raise ContentError([Problem(rel(path, root), None, "file", got, why)])


SHOW_TEMPLATES = "templates"  # the show's own templates, each winning over ours by name


def show_template(root: Path, name: str) -> bool:
    """True when the show has its own template ``name`` (it then replaces the package's)."""
    return (root / SHOW_TEMPLATES / name).is_file()


class _ShowTemplates(FileSystemLoader):
    """The show's ``templates/``, each file checked to lie inside the show folder."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root / SHOW_TEMPLATES))
        self.root = root

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        inside_show(self.root, Path(filename))
        return source, filename, uptodate


def environment(root: Path) -> Environment:
    """Templates in ``root/templates`` win over the package's own, file by file."""
    loaders: list[BaseLoader] = []
    if (root / SHOW_TEMPLATES).is_dir():
        loaders.append(_ShowTemplates(root))
    loaders.append(PackageLoader("pipeline", "render/templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,  # every user-written value is escaped unless marked safe
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # One environment per build, and templates do not change during one: without this,
        # every page asked the file system whether each of its templates had changed
        # (100,000 stat calls at 10,000 posts). The preview makes a new one per rebuild.
        auto_reload=False,
    )
    return env
