"""The show's time zone, read from podcast.toml before anything else is loaded (and the
file's text, read the same way by ``load/config.py``).

``--now`` without an offset is read in it, and a build with nothing new reads ``--now``
and stops: importing the config's checks (``pipeline.load``) to find one key cost that
build a third of its time.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pipeline.paths import CONFIG_FILE, read_small_file, refused_file
from pipeline.text.dates import zone

# The most podcast.toml may hold. It was read whole and decoded: a 5 GB one (a sparse
# file costs nothing to make) was a MemoryError traceback from every command. A show's
# settings with a long podroll and value block are a few kB; a megabyte is hundreds of
# times that.
CONFIG_LIMIT = 1 << 20
CONFIG_LIMIT_EXPECTED = f"a TOML file of at most {CONFIG_LIMIT:,} bytes"


def show_timezone(root: Path) -> str:
    """The show's time zone if podcast.toml names a valid one, else UTC; never raises.

    Used to read ``--now`` and to keep loading content when the config itself is broken.
    """
    path = root / CONFIG_FILE
    if not path.is_file():  # missing, a folder, or a FIFO that would block the read
        return "UTC"
    try:
        # ValueError: past CONFIG_LIMIT, which load_show reports (config_text)
        data = parse_toml(_text(read_small_file(path, CONFIG_LIMIT)))
        name = str(data.get("timezone", "UTC"))
        zone(name)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return "UTC"
    return name


def config_text(path: Path) -> str:
    """podcast.toml as text; a byte-order mark (Windows editors add one) is not TOML's.

    Raises OSError and UnicodeDecodeError as ``read_text`` would, and ConfigError for a
    file past :data:`CONFIG_LIMIT` (or a pipe put in its place since it was looked at)."""
    try:
        data = read_small_file(path, CONFIG_LIMIT)
    except ValueError:
        # Imported here: a build with nothing new reads the zone through this module and
        # stops; pipeline.errors brings dataclasses, which that answer does without.
        from pipeline.errors import ConfigError, Problem

        got = refused_file(path)
        raise ConfigError([Problem(path.name, None, "file", got, CONFIG_LIMIT_EXPECTED)]) from None
    return _text(data)


def _text(data: bytes) -> str:
    return data.decode("utf-8").removeprefix("\ufeff")


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with nesting too deep for it raised as the TOML error it is.

    tomllib parses arrays and inline tables by recursion: about 450 levels of ``[`` or
    ``{`` in one value was a RecursionError traceback from every command.
    """
    try:
        return tomllib.loads(text)
    except RecursionError:
        line = _deepest_line(text)
        raise tomllib.TOMLDecodeError(
            f"Arrays or inline tables nested too deeply (at line {line}, column 1)"
        ) from None


def _deepest_line(text: str) -> int:
    """The line where ``[`` and ``{`` nest deepest, strings and comments left out (an
    estimate for the message only: the parser has already refused the text)."""
    depth = deepest = 0
    where = 1
    for number, line in enumerate(text.splitlines(), 1):
        quote = ""
        for char in line:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > deepest:
                    deepest, where = depth, number
            elif char in "]}":
                depth = max(depth - 1, 0)
    return where
