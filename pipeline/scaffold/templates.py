"""The files `pipeline init` writes from templates (package data in ``templates/``).

Jinja with ``<@ name @>`` placeholders: the workflow is full of GitHub's own ``${{ }}``
and the shell's ``$VAR``, which must pass through untouched.
"""

from __future__ import annotations

import hashlib
from importlib import resources

import jinja2

_ENV = jinja2.Environment(
    loader=jinja2.FunctionLoader(
        lambda name: (
            resources.files("pipeline.scaffold")
            .joinpath("templates")
            .joinpath(name)
            .read_text(encoding="utf-8")
        )
    ),
    variable_start_string="<@",
    variable_end_string="@>",
    block_start_string="<%",
    block_end_string="%>",
    comment_start_string="<#",
    comment_end_string="#>",
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    autoescape=False,
)


def render(name: str, **values: object) -> str:
    return _ENV.get_template(name).render(**values)


def cron_minute(base_url: str) -> int:
    """A minute past the hour for the show's schedule: fixed per show, spread over shows,
    never the crowded top of the hour (GitHub delays runs queued at :00)."""
    return 3 + int(hashlib.sha256(base_url.encode("utf-8")).hexdigest()[:8], 16) % 54


def workflow(title: str, base_url: str, spec: str) -> str:
    """The show's `.github/workflows/publish.yml`."""
    return render("publish.yml", title=title, minute=cron_minute(base_url), spec=spec)
