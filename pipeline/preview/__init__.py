"""``pipeline serve``: the site with drafts on 127.0.0.1, rebuilt when a show file changes.

The preview is built into a temporary folder (``site/`` is never touched), served by
``server.py`` with byte ranges and the site's own 404 page, and rebuilt on every batch of
changes ``watch.py`` reports. Open pages reload when a rebuild finishes (``events.py``);
a rebuild with problems keeps the last good preview and shows them over the open pages.
When only posts' texts changed, their pages are rendered again first against the last
build and the open pages reload at once (a tenth of a second, where a full rebuild of
1,000 posts takes seconds); the full rebuild follows and they reload again.
What happens is told to the caller as events, so the command only prints.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pipeline.build import BuildOptions, BuildReport, build
from pipeline.errors import PipelineError, Problems, ProblemsError
from pipeline.load.config import load_show
from pipeline.load.posts import POST_DIR, POST_SUFFIXES, load_post
from pipeline.preview.server import start_server
from pipeline.preview.watch import ShowWatcher, local_folders
from pipeline.render import Output
from pipeline.render.links import base_path
from pipeline.show_zone import show_timezone
from pipeline.text.dates import zone
from pipeline.write import replace_file


@dataclass(frozen=True)
class Started:
    url: str
    episodes: int
    posts: int


@dataclass(frozen=True)
class Rebuilt:
    changed: tuple[str, ...]  # names of the files whose change set it off


@dataclass(frozen=True)
class Shown:
    """Edited posts' pages, shown at once; the full rebuild is under way."""

    changed: tuple[str, ...]


@dataclass(frozen=True)
class Failed:
    """A rebuild that stopped at a problem: the last good preview stays."""

    error: PipelineError


@dataclass(frozen=True)
class Notice:
    """Something about the watching the user should know (it goes on by polling)."""

    text: str


Event = Started | Shown | Rebuilt | Failed | Notice


def serve(
    root: Path,
    port: int,
    now: Callable[[], datetime],
    notify: Callable[[Event], None],
    offline: bool = False,
) -> None:
    """Serve the drafts build of ``root`` until interrupted (KeyboardInterrupt).

    ``now`` is asked at every build (an episode becomes due while the preview runs). The
    first build failing, a taken port, or no way to watch the show raises; later build
    failures are events."""
    show = load_show(root)
    with tempfile.TemporaryDirectory(prefix="pipeline-preview-") as tmp:
        options = BuildOptions(
            root=root, out=Path(tmp) / "site", now=now(), offline=offline, drafts=True
        )
        watcher = ShowWatcher(root, local_folders(root), lambda t: notify(Notice(t))).start()
        try:
            report = build(options)
            server = start_server(report.out, base_path(show), port)
        except BaseException:  # a broken show or a taken port: stop watching, then report
            watcher.stop.set()
            raise
        notify(Started(server.url, len(report.episodes), report.posts))
        try:
            for changes in watcher:
                quick = _edited_pages(root, report, changes)
                if quick and _show_pages(report.out, quick):
                    server.events.built()
                    notify(Shown(tuple(sorted({Path(p).name for p in changes}))))
                options = replace(options, now=now())
                try:
                    report = build(options)
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


def _show_pages(out: Path, pages: Output) -> bool:
    """Put the quickly rendered pages in place; False when that failed (a full disk): the
    full rebuild runs next either way and reports it."""
    try:
        for name, data in pages.items():
            if isinstance(data, bytes):  # pages are; copied files never
                replace_file(out / name, data)
    except PipelineError:
        return False
    return True


QUICK_POSTS = 5  # edited at once, shown before the full rebuild


def _edited_pages(root: Path, report: BuildReport, changes: set[str]) -> Output | None:
    """The pages of the posts in ``changes`` rendered against the last build, when every
    change is an edit of a post that build has; else None (the full rebuild shows it)."""
    if report.again is None:
        return None
    posts = (root / POST_DIR).resolve()
    # Files the loader ignores (an editor's probe or swap file) do not count.
    paths = [Path(p) for p in changes if not Path(p).name.startswith(".")]
    paths = [p for p in paths if not (p.parent == posts and p.suffix not in POST_SUFFIXES)]
    if not paths or len(paths) > QUICK_POSTS:
        return None  # a checkout of many posts: the full rebuild at once
    for path in paths:
        if path.parent != posts or path.is_symlink() or not path.is_file():
            return None
    problems = Problems()
    zone_ = zone(show_timezone(root))
    edited = [load_post(p, root, zone_, problems) for p in paths]
    if problems.items or any(p is None for p in edited):
        return None  # the full rebuild reports the problem over the page
    try:
        return report.again([p for p in edited if p is not None]) or None
    except Exception:
        return None


__all__ = ["Event", "Failed", "Notice", "Rebuilt", "Shown", "Started", "serve"]
