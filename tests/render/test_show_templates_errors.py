"""A show's own templates are the user's input: every problem in them is an ``Error:``
line naming the template and its line, never a traceback, and the last site stays as it
was. Read and parse problems are all reported at once, before anything is rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ShowMaker, episode
from tests.security.support import build, errors, post, snapshot

VALID = "a valid Jinja template"
RENDERS = "a template that renders without errors"


@pytest.fixture
def show(make_show: ShowMaker) -> Path:
    """A show built once: each test breaks its templates and builds again."""
    root = make_show(
        episodes={"001-a": episode(1)},
        posts={"2026-03-01-een-post": post("Tekst van de post.\n", tags="[winkel]")},
    )
    code, _, stderr = build(root)
    assert code == 0, stderr
    return root


def _template(root: Path, name: str, text: str | bytes) -> None:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, "utf-8")


def _fails(root: Path) -> list[str]:
    """Build again: exit 1, the site untouched; the Error lines."""
    before = snapshot(root / "site")
    code, _, stderr = build(root)
    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert snapshot(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []
    return errors(stderr)


def test_every_broken_template_is_reported_at_once(show: Path) -> None:
    _template(show, "post.html", "{% if %}\n")
    _template(show, "tag.html", "<p>goed</p>\n<p>fout: \xff</p>\n".encode("latin-1"))
    _template(show, "shownotes/notes.txt", "regel\n\n{{ notes.title }\n")
    assert _fails(show) == [
        "Error: templates/post.html:1: template: got \"Expected an expression, got 'end of"
        f" statement block'\", expected {VALID}",
        "Error: templates/shownotes/notes.txt:3: template: got \"unexpected '}'\", expected"
        f" {VALID}",
        "Error: templates/tag.html:2: encoding: got byte 0xff, expected UTF-8 text",
        "Error: 3 problems found; nothing was written.",
    ]


def test_an_include_outside_the_templates_is_an_error(show: Path) -> None:
    _template(show, "post.html", 'a\n{% include "../../etc/hostname" %}\n')
    assert _fails(show) == [
        "Error: templates/post.html:2: template: got '../../etc/hostname', expected the name"
        " of a template in templates/ or of one of the pipeline's own",
        "Error: 1 problem found; nothing was written.",
    ]


def test_an_unknown_filter_names_its_line(show: Path) -> None:
    _template(
        show,
        "post.html",
        '{% extends "base.html" %}{% block main %}\n{{ 1 | geen_filter }}{% endblock %}\n',
    )
    assert _fails(show) == [
        f"Error: templates/post.html:2: template: got \"No filter named 'geen_filter'.\","
        f" expected {VALID}",
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_failure_while_rendering_names_the_template_and_line(show: Path) -> None:
    _template(
        show,
        "post.html",
        '{% extends "base.html" %}\n{% block main %}\n<h1>x</h1>\n{{ 1/0 }}\n{% endblock %}\n',
    )
    assert _fails(show) == [
        "Error: templates/post.html:4: template: got 'ZeroDivisionError: division by zero',"
        f" expected {RENDERS}",
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_failure_in_an_included_template_names_that_template(show: Path) -> None:
    _template(show, "post.html", '{% extends "base.html" %}{% block main %}\n'
              '{% include "_eigen.html" %}{% endblock %}\n')  # fmt: skip
    _template(show, "_eigen.html", "<p>\n{{ geen_variabele }}\n</p>\n")
    assert _fails(show) == [
        "Error: templates/_eigen.html:2: template: got \"UndefinedError: 'geen_variabele' is"
        f' undefined", expected {RENDERS}',
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_failure_in_a_show_notes_template(show: Path) -> None:
    _template(show, "shownotes/notes.txt", "{{ notes.title }}\n{{ notes.geen_veld }}\n")
    lines = _fails(show)
    assert lines[0].startswith("Error: templates/shownotes/notes.txt:2: template: got ")
    assert lines[0].endswith(f", expected {RENDERS}")


def test_hidden_files_beside_the_templates_are_not_read(show: Path) -> None:
    _template(show, ".DS_Store", b"\x00\x01\xff\xfe")
    _template(show, ".swp/post.html", "{% if %}")
    _template(show, "tag.html", '{% extends "base.html" %}{% block main %}eigen{% endblock %}')
    code, _, stderr = build(show)
    assert code == 0, stderr
    assert "eigen" in (show / "site" / "tags" / "winkel" / "index.html").read_text("utf-8")


def test_a_template_reaching_for_python_internals_is_refused(show: Path) -> None:
    # A show template is input like a post: it may not run commands or read files
    # elsewhere by climbing from a global (``cycler``) to a module's ``os``.
    _template(show, "404.html", 'a\n{{ cycler.__init__.__globals__.os.popen("id").read() }}\n')
    assert _fails(show) == [
        'Error: templates/404.html:2: template: got "SecurityError: access to attribute'
        f" '__init__' of 'type' object is unsafe.\", expected {RENDERS}",
        "Error: 1 problem found; nothing was written.",
    ]


def test_a_format_string_reaching_for_python_internals_is_refused(show: Path) -> None:
    # str.format reads attributes too, past the template's own attribute syntax.
    _template(
        show,
        "post.html",
        '{% extends "base.html" %}{% block main %}\n'
        '{{ "{0.__init__.__globals__}".format(cycler) }}{% endblock %}\n',
    )
    lines = _fails(show)
    assert lines[0].startswith('Error: templates/post.html:2: template: got "SecurityError: ')
    assert lines[0].endswith(f", expected {RENDERS}")


def test_the_sandbox_guards_every_show_with_a_templates_folder(tmp_path: Path) -> None:
    # Only the package's own templates: plain Jinja (the sandbox's checks were a sixth of
    # rendering). A templates/ folder, even an empty one or a link to one: sandboxed.
    from jinja2.sandbox import SandboxedEnvironment

    from pipeline.render.templates import environment

    assert not isinstance(environment(tmp_path), SandboxedEnvironment)
    (tmp_path / "real").mkdir()
    (tmp_path / "templates").symlink_to("real", target_is_directory=True)
    assert isinstance(environment(tmp_path), SandboxedEnvironment)
    (tmp_path / "templates").unlink()
    (tmp_path / "templates").mkdir()
    assert isinstance(environment(tmp_path), SandboxedEnvironment)


def test_show_notes_compiled_in_the_sandbox_are_not_run_outside_it(tmp_path: Path) -> None:
    # The sandbox compiles each call to a check a plain environment lacks; ``serve`` makes
    # a new environment per build, and a show may gain or lose templates/ between two.
    from types import SimpleNamespace
    from typing import cast

    from jinja2.sandbox import SandboxedEnvironment

    from pipeline.models import Linked
    from pipeline.render.shownotes import _environment

    plain, guarded = tmp_path / "plain", tmp_path / "guarded"
    (guarded / "templates").mkdir(parents=True)
    plain.mkdir()
    envs = [
        _environment(cast(Linked, SimpleNamespace(content=SimpleNamespace(root=r))))
        for r in (plain, guarded)
    ]
    assert [isinstance(e, SandboxedEnvironment) for e in envs] == [False, True]
    assert envs[0].bytecode_cache is not envs[1].bytecode_cache
    again = _environment(cast(Linked, SimpleNamespace(content=SimpleNamespace(root=plain))))
    assert again.bytecode_cache is envs[0].bytecode_cache  # kept for the process, per kind
