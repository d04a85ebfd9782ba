"""The known name a misspelt one was probably meant to be, for messages.

A typo in a key (``explict``, ``auteur``, ``[owner] emial``) is refused by name; the
message is more use when it names the key the writer meant than when it lists forty.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

# difflib's ratio: 0.6 finds ``auteur`` -> ``author`` and ``explict`` -> ``explicit`` and
# leaves words of another meaning (``colour``) without a guess.
CUTOFF = 0.6


def meant(name: object, known: Iterable[str]) -> str | None:
    """The known name closest to ``name`` (case aside), or None when none is close."""
    if not isinstance(name, str):
        return None
    choices = sorted(known)
    by_lower = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=CUTOFF)
    return by_lower[close[0]] if close else None


def known_expected(name: object, known: Iterable[str], what: str) -> str:
    """``what`` with the likely intended name, else with every known one listed:
    ``a known setting (did you mean explicit?)`` or ``a known setting (artwork, ...)``."""
    choices = sorted(known)
    guess = meant(name, choices)
    if guess is not None:
        return f"{what} (did you mean {guess}?)"
    return f"{what} ({', '.join(choices)})"


def one_of(name: object, known: Iterable[str], sort: bool = True) -> str:
    """``one of a, b, c``, with ``(did you mean b?)`` after it when ``name`` is close to
    one (the list is short enough to keep)."""
    choices = sorted(known) if sort else list(known)
    guess = meant(name, choices)
    return "one of " + ", ".join(choices) + (f" (did you mean {guess}?)" if guess else "")
