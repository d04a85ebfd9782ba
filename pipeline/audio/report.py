"""What ``pipeline audio`` prints when it is done: a line per episode, the ``--report``
table, or the ``--suggest-chapters`` YAML. Lines only; the command echoes them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.paths import rel
from pipeline.text.clock import format_clock

if TYPE_CHECKING:
    from pipeline.audio.jobs import AudioRun, ChapterRun
    from pipeline.audio.process import Result

NOTHING = "No episode has a local audio file; nothing to do."


def run_lines(run: AudioRun) -> list[str]:
    """The table (``--report``) or a line per episode."""
    if not run.chosen:  # a report may have found problems, and nothing it could measure
        return [] if run.problems else [NOTHING]
    return table(list(run.results)) if run.report_only else outcomes(run)


def outcomes(run: AudioRun) -> list[str]:
    lines = []
    changed = 0
    for r in run.results:
        f = r.facts
        where = rel(r.output, run.root) if r.output else "-"
        if r.status == "unchanged":
            lines.append(f"{r.slug}: unchanged ({where} is up to date)")
            continue
        changed += 1
        if r.status == "retagged":
            lines.append(f"{r.slug}: tags updated in {where} (audio unchanged)")
            continue
        lines.append(
            f"{r.slug}: {where}: {f.before_lufs:.1f} -> {f.after_lufs:.1f} LUFS, "
            f"true peak {f.after_true_peak:.1f} dBTP, {f.bitrate}, "
            f"{duration(f.duration)}, {f.size / 1e6:.1f} MB"
            + (f"; also {', '.join(p.name for p in r.alternates)}" if r.alternates else "")
        )
    if run.results and not changed:
        lines.append("Nothing to do: every episode's audio is up to date.")
    return lines


def table(results: list[Result]) -> list[str]:
    header = ("episode", "duration", "LUFS before", "LUFS after", "true peak", "bitrate", "size")
    rows = [header]
    for r in results:
        f = r.facts
        approx = "~" if f.estimated else ""
        rows.append(
            (
                r.slug,
                duration(f.duration),
                f"{f.before_lufs:.1f}",
                f"{approx}{f.after_lufs:.1f}",
                f"{approx}{f.after_true_peak:.1f} dBTP",
                f.bitrate,
                f"{approx}{f.size / 1e6:.1f} MB",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    if any(r.facts.estimated for r in results):
        lines.append("~ predicted: not processed yet (`pipeline audio` without --report)")
    return lines


def chapter_lines(run: ChapterRun) -> list[str]:
    """Chapters to paste into each episode file, with how they were found: for every
    episode whose audio could be read, even when others could not (their problems follow)."""
    if not run.chosen:  # problems may have been found, and nothing to suggest for
        return [] if run.problems else [NOTHING]
    lines = []
    for plan in run.plans:
        lines.append(f"# {plan.source} ({duration(plan.duration)}; {plan.how})")
        lines.append("chapters:")
        for c in plan.chapters:
            note = f"  # silence {c.silence:.1f} s" if c.silence else ""
            title = c.title.replace('"', '\\"')
            lines.append(f'  - start: "{clock(c.start)}"\n    title: "{title}"{note}')
    return lines


def duration(seconds: float) -> str:
    return clock(seconds) if seconds >= 60 else f"{seconds:.1f} s"


def clock(seconds: float) -> str:
    """12:30 or 1:02:03 to the nearest second, as episode files write chapter starts."""
    return format_clock(round(seconds))
