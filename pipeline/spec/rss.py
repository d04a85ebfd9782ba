"""RSS 2.0's neighbours: the namespaces a podcast feed borrows besides iTunes and podcast."""

from __future__ import annotations

ATOM_NS = "http://www.w3.org/2005/Atom"  # atom:link rel="self" and rel="hub" (WebSub)
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"  # content:encoded
