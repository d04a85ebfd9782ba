"""The show's time zone, read from podcast.toml before anything else is loaded (and the
file's text, read the same way by ``load/config.py``).

``--now`` without an offset is read in it, and a build with nothing new reads ``--now``
and stops: importing the config's checks (``pipeline.load``) to find one key cost that
build a third of its time.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline.paths import CONFIG_FILE
from pipeline.text.dates import zone


def show_timezone(root: Path) -> str:
    """The show's time zone if podcast.toml names a valid one, else UTC; never raises.

    Used to read ``--now`` and to keep loading content when the config itself is broken.
    """
    path = root / CONFIG_FILE
    if not path.is_file():  # missing, a folder, or a FIFO that would block the read
        return "UTC"
    try:
        data = tomllib.loads(config_text(path))
        name = str(data.get("timezone", "UTC"))
        zone(name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return "UTC"
    return name


def config_text(path: Path) -> str:
    """podcast.toml as text; a byte-order mark (Windows editors add one) is not TOML's."""
    return path.read_text(encoding="utf-8").removeprefix("\ufeff")
