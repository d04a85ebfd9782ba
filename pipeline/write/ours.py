"""Which output folders are this tool's to replace: those holding its marker file.

``--out`` names a folder that a build replaces whole; a slip in it (``.``, ``episodes``,
a home folder) would delete what is there. So every output holds :data:`MARKER`, and a
folder without it is refused unless it is empty or a site built before markers existed.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import OutputError

# Inside every output folder: what marks it as ours, so that only a folder this tool made
# is ever replaced (``--out ~/scriptie`` once deleted a thesis). Stable bytes, so a run with
# nothing new still changes nothing.
MARKER = ".pipeline-output"
MARKER_TEXT = (
    b"This folder is made by podcast-pipeline (pipeline build / publish) and is replaced\n"
    b"whole by every build. Keep no files of your own in it.\n"
)


def check_replaceable(out: Path) -> None:
    """Refuse to replace a folder this tool did not make.

    ``out`` is replaced whole, so a slip in ``--out`` (``.``, ``episodes``, ``..``, a home
    folder, a folder of documents) would otherwise delete it. A missing or empty folder is
    fine; any other must hold our :data:`MARKER` (or, made before markers existed, a feed
    whose generator is this tool).
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} is a file; expected a folder for the site (choose another --out)")
    try:
        names = {entry.name for entry in os.scandir(out)} if out.is_dir() else set()
    except OSError as exc:
        raise OutputError(f"cannot read the output folder {out}: {exc.strerror}") from None
    if not names or (MARKER in names and (out / MARKER).is_file()) or _legacy_output(out, names):
        return
    what = (
        "a show folder"
        if "podcast.toml" in names
        else f"not a folder this tool made (no {MARKER} in it)"
    )
    raise OutputError(
        f"refusing to replace {out}: it is {what} and would be deleted; "
        "choose an empty or new folder for --out"
    )


def _legacy_output(out: Path, names: set[str]) -> bool:
    """A site built before the marker existed: a feed of ours at the top, no show in it."""
    if "podcast.toml" in names:
        return False
    for name in sorted(names):
        if name.endswith((".xml", ".atom")) and (out / name).is_file():
            try:
                with open(out / name, "rb") as handle:
                    head = handle.read(4096)
            except OSError:
                continue
            if b">podcast-pipeline</generator>" in head:
                return True
    return False
