"""``pipeline serve``: preview the site with drafts, rebuilt whenever a file changes."""

from __future__ import annotations

import signal
import tempfile
from dataclasses import replace
from pathlib import Path
from types import FrameType

import click

from pipeline.build import BuildOptions, build
from pipeline.commands.common import now_option, resolve_now, root_option
from pipeline.errors import PipelineError, ProblemsError
from pipeline.load.config import load_show
from pipeline.preview import ShowWatcher, start_server
from pipeline.render.site_helpers import base_path


def _local_folders(root: Path) -> list[Path]:
    """Folders of local files the show names (audio, transcripts), to watch as well."""
    from pipeline.load import load_content

    try:
        content = load_content(root)
    except PipelineError:
        return []
    names = [e.audio for e in content.episodes if e.is_local_audio]
    names += [e.transcript for e in content.episodes if e.transcript]
    return sorted({(root / name).parent for name in names if name})


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command("serve")
@root_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@now_option
@click.option("--offline", is_flag=True, help="Make no network requests; use cached data only.")
def serve_command(root: Path, port: int, now: str | None, offline: bool) -> None:
    """Preview the site on http://127.0.0.1:PORT/ and rebuild it when a file changes.

    Episodes and posts dated in the future are included and marked as drafts (a normal
    build leaves them out). The preview is built in a temporary folder; ROOT/site is not
    touched. Open pages reload when a rebuild finishes. A rebuild with problems lists them
    (here and over the open pages) and keeps the last good preview.
    """
    show = load_show(root)
    signal.signal(signal.SIGTERM, _stop)
    with tempfile.TemporaryDirectory(prefix="pipeline-preview-") as tmp:
        options = BuildOptions(
            root=root,
            out=Path(tmp) / "site",
            now=resolve_now(now, show.timezone),
            offline=offline,
            drafts=True,
        )
        watcher = ShowWatcher(root, _local_folders(root)).start()
        try:
            report = build(options)
            server = start_server(report.out, base_path(show), port)
        except BaseException:  # a broken show or a taken port: stop watching, then report
            watcher.stop.set()
            raise
        click.echo(f"Serving {server.url}", nl=True)
        click.echo(
            f"Built {len(report.episodes)} episodes and {report.posts} posts; drafts are marked. "
            "Watching for changes (Ctrl+C stops).",
            err=True,
        )
        try:
            for changes in watcher:
                names = sorted({Path(p).name for p in changes})
                options = replace(options, now=resolve_now(now, show.timezone))
                try:
                    report = build(options)
                except ProblemsError as exc:
                    for problem in exc.problems:
                        click.echo(f"Error: {problem}", err=True)
                    click.echo("Error: keeping the last good preview.", err=True)
                    server.events.failed("\n".join(str(p) for p in exc.problems))
                    continue
                except PipelineError as exc:
                    click.echo(f"Error: {exc}; keeping the last good preview.", err=True)
                    server.events.failed(str(exc))
                    continue
                server.events.built()  # open pages reload
                click.echo(f"Rebuilt after changes to {', '.join(names)}.", err=True)
        except KeyboardInterrupt:
            pass
        finally:
            watcher.stop.set()
            server.shutdown()
            server.server_close()
        click.echo("Stopped.", err=True)
