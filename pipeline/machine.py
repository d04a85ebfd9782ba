"""What of this machine, beside the show, shapes a build's output: the pipeline's own code,
the installed Python distributions (Jinja, feedgen, lxml, the Markdown parser, the
stemmer... an upgrade can change a page) and the time zone rules of the show's zone.

The distributions and the zone are read cheaply enough for a build with nothing new (half a
millisecond): the distributions by the names of their metadata folders, which carry their
versions, the zone by its file's size and time. The code's key (:func:`code_key`) reads
every file of the package, once per build, for what the build keeps in ``.cache/build``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import zoneinfo
from pathlib import Path

import pipeline

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


@functools.cache
def code_key() -> str:
    """The pipeline's code (every file of the package) and every installed library, by
    content: what other code made (a kept page, a post's HTML, word counts) is made again.
    Jinja and MarkupSafe render the pages, feedgen and lxml the tags' feeds, markdown-it and
    nh3 the posts' HTML, the stemmer the words of related links and search..."""
    digest = hashlib.blake2b(digest_size=16)
    versions = " ".join([pipeline.__version__, *installed()])
    digest.update(f"{versions} {sys.version}".encode())
    package = Path(pipeline.__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
