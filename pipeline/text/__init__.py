"""Pure parsers and formatters for the values people write by hand, used by every stage.

Nothing here reads files or knows a stage: dates, clock times, slugs, URLs, SoundCloud link
shapes and episode-number prefixes. Each parser raises ``ValueError`` (or returns ``None``)
rather than guessing, so callers can report ``got X, expected Y``.
"""
