"""Show notes, the stage between linking and rendering: for every episode, the facts its
notes are made of (lead, key points, chapters, people, links, related items, article).

The facts come from the episode's paired post (read from markdown-it's token stream in
``source.py``) or else from the episode's own fields. They are plain text and absolute
URLs; the renderers (``render/shownotes.py``, the feed, the pages) turn them into every
form a listener meets. Computed once per build by :func:`notes` and passed on explicitly:
nothing is cached between calls.
"""

from pipeline.notes.facts import NoteChapter, Notes, NotesData, notes, notes_of, with_related

__all__ = ["NoteChapter", "Notes", "NotesData", "notes", "notes_of", "with_related"]
