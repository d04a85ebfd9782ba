"""A number with its noun, for the counts the commands print: ``1 episode``, ``2 episodes``,
``0 episodes``; never ``1 episodes``."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, singular for exactly one. ``plural`` for a noun that takes
    more than an s (``entry``/``entries``; Dutch ``aflevering``/``afleveringen``)."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {plural if plural is not None else noun + 's'}"
