"""The Jinja2 environment: the package's templates, overridable from the show's ``templates/``.

The show's own templates are the user's input like posts and episodes: every file in
``templates/`` is read and parsed when the environment is made, so that a syntax error, a
byte that is not UTF-8 or a link to outside the show is reported with all the others as
``templates/post.html:1: template: got ..., expected ...`` before anything is rendered.
What only shows while rendering (an unknown filter, ``{{ 1/0 }}``, an include of a template
that does not exist) is reported the same way, naming the show's template and line; a
failure inside the package's own templates stays a traceback: it is our bug, not theirs.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment

from pipeline.errors import ContentError, PipelineError, Problem, Problems, show_value
from pipeline.paths import outside_show, rel

# Jinja's messages are whole sentences: shortened later than a user's value would be.
_MESSAGE_LIMIT = 160
SYNTAX_EXPECTED = "a valid Jinja template"
RENDER_EXPECTED = "a template that renders without errors"
FOUND_EXPECTED = "the name of a template in templates/ or of one of the pipeline's own"


def _outside(root: Path, path: Path) -> Problem | None:
    why = outside_show(root, path)
    if why is None:
        return None
    got = f"a link to {str(path.resolve())[:200]!r}" if path.is_symlink() else "a file elsewhere"
    return Problem(rel(path, root), None, "file", got, why)


def inside_show(root: Path, path: Path) -> None:
    """Raise ContentError unless ``path`` (a static file, a template) lies inside the show
    folder once symbolic links are resolved: a build never publishes a file from elsewhere."""
    problem = _outside(root, path)
    if problem is not None:
        raise ContentError([problem])


SHOW_TEMPLATES = "templates"  # the show's own templates, each winning over ours by name


def show_template(root: Path, name: str) -> bool:
    """True when the show has its own template ``name`` (it then replaces the package's)."""
    return (root / SHOW_TEMPLATES / name).is_file()


def _not_utf8(path: Path, root: Path, data: bytes, exc: UnicodeDecodeError) -> Problem:
    line = data.count(b"\n", 0, exc.start) + 1
    return Problem(rel(path, root), line, "encoding", f"byte {data[exc.start]:#04x}", "UTF-8 text")


def _syntax(exc: TemplateSyntaxError, name: str) -> Problem:
    return Problem(
        name, exc.lineno, "template", show_value(exc.message, _MESSAGE_LIMIT), SYNTAX_EXPECTED
    )


class _ShowTemplates(FileSystemLoader):
    """The show's ``templates/``, each file checked to lie inside the show folder; its
    problems are ContentErrors, whenever Jinja meets them (an include loads at render time)."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root / SHOW_TEMPLATES))
        self.root = root
        self.folder = root / SHOW_TEMPLATES

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            path = self.folder / template  # a name with ".." was refused before reading
            raise ContentError([_not_utf8(path, self.root, exc.object, exc)]) from None
        inside_show(self.root, Path(filename))
        return source, filename, uptodate

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        try:
            return super().load(environment, name, globals)
        except TemplateSyntaxError as exc:
            # Also TemplateAssertionError: an unknown filter or test is only found when
            # compiling, which needs the filters a renderer adds after ``environment()``.
            raise ContentError([_syntax(exc, self.name(exc.filename, name))]) from None

    def name(self, filename: str | None, fallback: str) -> str:
        """The file as the user knows it (``templates/post.html``)."""
        return rel(Path(filename), self.root) if filename else f"{SHOW_TEMPLATES}/{fallback}"

    def owns(self, filename: str) -> bool:
        """True when compiled code from ``filename`` is one of the show's templates."""
        return Path(filename).is_relative_to(self.folder)


class _Template(Template):
    """A template whose failures inside the show's own templates become ContentErrors."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            return super().render(*args, **kwargs)
        except PipelineError:
            raise
        except Exception as exc:
            problem = _render_problem(self.environment, exc)
            if problem is None:
                raise
            raise ContentError([problem]) from None


def _render_problem(env: Environment, exc: Exception) -> Problem | None:
    """The show template and line where rendering failed, or None when the failure lies
    outside the show's templates. Jinja rewrites the traceback so that each template's
    frames carry its file name and the template's own line numbers."""
    loaders = env.loader.loaders if isinstance(env.loader, ChoiceLoader) else [env.loader]
    show = next((x for x in loaders if isinstance(x, _ShowTemplates)), None)
    if show is None:
        return None
    where = [
        (frame.f_code.co_filename, line)
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if show.owns(frame.f_code.co_filename)
    ]
    if not where:
        return None
    filename, line = where[-1]  # the innermost: an include's own line, not its caller's
    if isinstance(exc, TemplateNotFound):
        got, expected = show_value(exc.message, _MESSAGE_LIMIT), FOUND_EXPECTED
    else:
        message = f"{type(exc).__name__}: {exc}"
        got, expected = show_value(message, _MESSAGE_LIMIT), RENDER_EXPECTED
    return Problem(show.name(filename, filename), line, "template", got, expected)


def _template_files(folder: Path) -> list[Path]:
    """Every file in ``folder`` and below, hidden ones (``.DS_Store``, an editor's swap
    file) left out: they are no templates, and no template name can reach them unnoticed."""
    found: list[Path] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # Regular files only: a pipe or a broken link is load's to report (see
        # ``load._check_show_files``), and reading a pipe would wait forever.
        found.extend(
            Path(top, f) for f in sorted(files) if not f.startswith(".") and Path(top, f).is_file()
        )
    return found


def templates_digest(root: Path) -> str:
    """The show's own templates by content, every file a template name can reach (those in
    linked folders too), for keys of rendered pages (``site/memo.py``). A file outside the
    show or hidden is neither read nor loaded (``_ShowTemplates``)."""
    digest = hashlib.blake2b(digest_size=16)
    folder = root / SHOW_TEMPLATES
    # Each folder is read once, under the first name it is met by; a link to it met again
    # (a loop, or two links to one folder) is digested as that name, so pointing a link at
    # another folder changes the digest even when the folder it left is read elsewhere. A
    # folder outside the show or hidden is not walked (no template there loads), so a
    # link to / costs nothing.
    first = {os.path.realpath(folder): "."}
    for top, dirs, files in os.walk(folder, followlinks=True):
        kept = []
        for name in sorted(dirs):
            path = Path(top, name)
            real = os.path.realpath(path)
            known = "outside" if outside_show(root, path) is not None else first.get(real)
            if known is None:
                first[real] = path.relative_to(folder).as_posix()
                kept.append(name)
            else:
                digest.update(f"{path.relative_to(folder).as_posix()}/ is {known}\n".encode())
        dirs[:] = kept
        for name in sorted(files):
            path = Path(top, name)
            try:
                usable = outside_show(root, path) is None and path.is_file()
                data = path.read_bytes() if usable else b"not a template"
            except (OSError, RuntimeError):  # a link loop, a file gone meanwhile
                data = b"unreadable"
            digest.update(f"{path.relative_to(folder).as_posix()} {len(data)}\n".encode() + data)
    return digest.hexdigest()


def check_show_templates(env: Environment, root: Path) -> None:
    """Read and parse every show template; raise one ContentError listing every problem."""
    problems = Problems()
    for path in _template_files(root / SHOW_TEMPLATES):
        outside = _outside(root, path)
        if outside is not None:
            problems.extend([outside])
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.describe(
                rel(path, root), None, "file", f"unreadable ({exc.strerror})", "a readable file"
            )
            continue
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.extend([_not_utf8(path, root, data, exc)])
            continue
        try:
            env.parse(source, path.relative_to(root / SHOW_TEMPLATES).as_posix(), str(path))
        except TemplateSyntaxError as exc:
            problems.extend([_syntax(exc, rel(path, root))])
    problems.raise_if_any()


def environment(root: Path) -> Environment:
    """Templates in ``root/templates`` win over the package's own, file by file.

    Raises ContentError listing every show template that cannot be read or parsed."""
    loaders: list[BaseLoader] = []
    if (root / SHOW_TEMPLATES).is_dir():
        loaders.append(_ShowTemplates(root))
    loaders.append(PackageLoader("pipeline", "render/templates"))
    # Sandboxed where the show has templates of its own: a show's template is input like
    # a post, and a plain Environment let ``{{ cycler.__init__.__globals__.os.popen(...) }}``
    # run any command and publish what it printed. The sandbox refuses attributes starting
    # with ``_`` and the inner workings of functions, so such a template fails like any
    # other render error. Our own templates share the environment (a show template extends
    # and includes them). Without a ``templates/`` folder every template is the package's
    # own and the values they show are data, escaped: the sandbox's check of each attribute
    # and call was a sixth of rendering the pages (1.6-2.5 s of CPU at 10,000 posts).
    kind = SandboxedEnvironment if len(loaders) > 1 else Environment
    env = kind(
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
    env.template_class = _Template
    if len(loaders) > 1:
        check_show_templates(env, root)
    return env
