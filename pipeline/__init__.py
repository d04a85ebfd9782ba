"""Podcast publishing pipeline: posts + episodes -> feed, show notes, cross-links, site.

Data flows one way: load -> enrich -> link -> render -> write (see ``build.py``).
"""

__version__ = "0.1.0"
