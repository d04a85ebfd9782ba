"""What of this machine, beside the show and the pipeline's own code, shapes a build's
output: the installed Python distributions (Jinja, feedgen, lxml, the Markdown parser, the
stemmer... an upgrade can change a page) and the time zone rules of the show's zone.

Both are read cheaply enough for a build with nothing new (half a millisecond): the
distributions by the names of their metadata folders, which carry their versions, the zone
by its file's size and time.
"""

from __future__ import annotations

import os
import sys
import zoneinfo

_METADATA = (".dist-info", ".egg-info")
_INSTALLED = {"site-packages", "dist-packages"}  # pip's folders, and Debian's


def installed() -> list[str]:
    """Every installed distribution's metadata folder (``Jinja2-3.1.4.dist-info``), in the
    order Python searches its path. Only where installers put them: the rest of the path
    depends on how the pipeline was started (``python -m`` from a checkout adds the
    working folder, with the pipeline's own metadata, whose code the record has already)."""
    found: list[str] = []
    for folder in sys.path:
        if os.path.basename(folder) not in _INSTALLED:
            continue
        try:
            with os.scandir(folder) as listing:
                found.extend(sorted(e.name for e in listing if e.name.endswith(_METADATA)))
        except OSError:  # a zip file, or a folder that is not there
            continue
    return found


def zone_signature(name: str) -> tuple[object, ...]:
    """Which rules the time zone ``name`` has on this machine: its file in the system's
    database by size and time (``zoneinfo`` reads it there first), else the ``tzdata``
    package's version. Pages keep local times and offsets; new rules (a country ending
    summer time) must render them again, as a cold build would."""
    for folder in zoneinfo.TZPATH:
        try:
            found = os.stat(os.path.join(folder, name))
        except (OSError, ValueError):
            continue
        return ("system", folder, found.st_size, found.st_mtime_ns)
    # Here only: importing importlib.metadata costs a build with nothing new 40 ms
    from importlib.metadata import PackageNotFoundError, version

    try:
        return ("tzdata", version("tzdata"))
    except PackageNotFoundError:
        return ("none",)
