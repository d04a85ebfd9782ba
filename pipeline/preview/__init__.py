"""``pipeline serve``: the site with drafts on 127.0.0.1, rebuilt when a show file changes.

The preview is built into a temporary folder (``site/`` is never touched), served by
``server.py`` with byte ranges and the site's own 404 page, and rebuilt on every batch of
changes ``watch.py`` reports. Open pages reload when a rebuild finishes (``events.py``);
a rebuild with problems keeps the last good preview and shows them over the open pages.
What happens is told to the caller as events, so the command only prints.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pipeline.build import BuildOptions, build
from pipeline.errors import PipelineError, ProblemsError
from pipeline.load.config import load_show
from pipeline.preview.server import start_server
from pipeline.preview.watch import ShowWatcher, local_folders
from pipeline.render.links import base_path


@dataclass(frozen=True)
class Started:
    url: str
    episodes: int
    posts: int


@dataclass(frozen=True)
class Rebuilt:
    changed: tuple[str, ...]  # names of the files whose change set it off


@dataclass(frozen=True)
class Failed:
    """A rebuild that stopped at a problem: the last good preview stays."""

    error: PipelineError


Event = Started | Rebuilt | Failed


def serve(
    root: Path,
    port: int,
    now: Callable[[], datetime],
    notify: Callable[[Event], None],
    offline: bool = False,
) -> None:
    """Serve the drafts build of ``root`` until interrupted (KeyboardInterrupt).

    ``now`` is asked at every build (an episode becomes due while the preview runs). The
    first build failing, or a taken port, raises; later failures are events."""
    show = load_show(root)
    with tempfile.TemporaryDirectory(prefix="pipeline-preview-") as tmp:
        options = BuildOptions(
            root=root, out=Path(tmp) / "site", now=now(), offline=offline, drafts=True
        )
        watcher = ShowWatcher(root, local_folders(root)).start()
        try:
            report = build(options)
            server = start_server(report.out, base_path(show), port)
        except BaseException:  # a broken show or a taken port: stop watching, then report
            watcher.stop.set()
            raise
        notify(Started(server.url, len(report.episodes), report.posts))
        try:
            for changes in watcher:
                options = replace(options, now=now())
                try:
                    build(options)
                except PipelineError as exc:
                    problems = exc.problems if isinstance(exc, ProblemsError) else ()
                    server.events.failed("\n".join(str(p) for p in problems) or str(exc))
                    notify(Failed(exc))
                    continue
                server.events.built()  # open pages reload
                notify(Rebuilt(tuple(sorted({Path(p).name for p in changes}))))
        except KeyboardInterrupt:
            pass
        finally:
            watcher.stop.set()
            server.shutdown()
            server.server_close()


__all__ = ["Event", "Failed", "Rebuilt", "Started", "serve"]
