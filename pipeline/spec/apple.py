"""Apple Podcasts' rules for a podcast feed, in one place: what load checks while reading,
what the feed renderer writes, and what ``pipeline check`` holds the rendered feed to.

Sources: Apple's "Podcast RSS feed requirements" and its category list
(podcasters.apple.com), and the iTunes namespace they define.
"""

from __future__ import annotations

from collections.abc import Mapping

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"

# Apple Podcasts categories and subcategories (podcasters.apple.com category list).
APPLE_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}

# ``description``, ``itunes:summary`` and an episode's description: at most 4000 bytes, and
# only these HTML tags (Apple strips the rest, sometimes with the text inside).
DESCRIPTION_LIMIT = 4000
DESCRIPTION_TAGS = frozenset({"p", "ol", "ul", "li", "a"})

# Show and episode artwork: square JPEG or PNG, RGB, 1400 to 3000 pixels a side.
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000
ARTWORK_FORMATS = ("JPEG", "PNG")
ARTWORK_SUFFIXES = (".jpg", ".jpeg", ".png")
ARTWORK_EXPECTED = "a readable JPEG or PNG image"
# A file's first bytes name its format; its suffix does not (a text file named cover.jpg,
# a GIF saved as .png). ARTWORK_HEAD bytes are enough to tell.
_ARTWORK_SIGNATURES = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}
ARTWORK_HEAD = 8

# Feed, artwork and enclosure URLs: the RSS and Apple's written requirements allow http, but
# Apple Podcasts fetches over https in practice (iOS refuses plain http to apps by default):
# an http address is allowed but unwise, a warning.
HTTPS_EXPECTED = "an https URL (Apple Podcasts fetches feeds, artwork and audio over https)"

SHOW_TYPES = ("episodic", "serial")  # itunes:type
EPISODE_TYPES = ("full", "trailer", "bonus")  # itunes:episodeType

# Enclosure formats Apple Podcasts accepts: M4A, MP3, MOV, MP4, M4V and PDF.
ENCLOSURE_TYPES = frozenset(
    {
        "audio/x-m4a",
        "audio/mp4",
        "audio/mpeg",
        "video/quicktime",
        "video/mp4",
        "video/x-m4v",
        "application/pdf",
    }
)
ENCLOSURE_EXPECTED = "an MP3 or M4A file (Apple accepts M4A, MP3, MOV, MP4, M4V and PDF)"


def is_feed_image(name: str) -> bool:
    """Apple (and feedgen) take only JPEG and PNG artwork, recognised by the file name."""
    return name.split("?")[0].lower().endswith(ARTWORK_SUFFIXES)


def artwork_format(head: bytes) -> str | None:
    """The format of ARTWORK_FORMATS a file's first ARTWORK_HEAD bytes announce, or None."""
    return next((f for sig, f in _ARTWORK_SIGNATURES.items() if head.startswith(sig)), None)


# An item without <guid> is known by its enclosure URL: Apple's RSS feed requirements fall
# back to that URL when the GUID is missing, and other apps do the same. Such an item that
# gains a GUID, or loses that URL, is a new episode to them.
NO_GUID_KNOWN_BY = "apps know an item without a <guid> by its enclosure URL"


def known_by(guid: str, enclosure: str) -> str:
    """What apps tell a feed item by: its GUID, else its enclosure URL ("" for neither)."""
    return guid or enclosure
