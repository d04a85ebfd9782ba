"""Value rules of the Podcasting 2.0 tags a show writes besides the basics: value and
valueRecipient, location, socialInteract, txt, podroll/remoteItem, publisher, images,
updateFrequency, trailer and alternateEnclosure/integrity (``docs/tags/*.md`` and the
companion documents of the podcast-namespace repository).

Load checks what users write against these, the feed renderer writes by them and
``pipeline check`` holds the rendered feed to them.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from pathlib import Path

from pipeline.spec.podcasting20 import decimal_text

# Node values "should not exceed 128 characters or may be truncated by aggregators"
# (trailer, license, location, updateFrequency, txt purpose); txt values 4000.
TEXT_LIMIT = 128
TXT_LIMIT = 4000
# alternateEnclosure title and rel: "should be limited to 32 characters for UX".
ALTERNATE_TITLE_LIMIT = 32

# podcast:value (examples/value/value.md and valueslugs.txt). Lightning is the type in
# use; keysend and amp its methods, lnaddress the newer way to address a recipient.
VALUE_TYPES = ("lightning", "bitcoin")
VALUE_METHODS = ("keysend", "amp", "lnaddress", "default")
RECIPIENT_TYPES = ("node", "lnaddress", "wallet")
# Splits are shares of each payment. We hold shows to shares that add up to 100, so the
# numbers in podcast.toml read as the percentages listeners' apps show.
SPLIT_TOTAL = 100
_NODE_KEY = re.compile(r"^0[23][0-9a-fA-F]{64}$")  # a compressed secp256k1 public key
_LN_ADDRESS = re.compile(r"^[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def value_amount(value: object) -> str | None:
    """``podcast:value suggested`` as the feed writes it: a plain decimal above 0, such as
    ``0.00000005000``; None for anything else.

    Apps read it with a float parser: ``inf`` or ``1e400`` became nothing, ``1_0`` (Python
    reads 10) became 1, and a TOML number went out in exponent form (``5e-05``), so a
    number is written out in digits and a text must already be digits.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        shown = decimal_text(value)
    elif isinstance(value, str):
        shown = value.strip()
    else:
        return None
    return shown if _AMOUNT.fullmatch(shown) and float(shown) > 0 else None


def recipient_address_expected(kind: str, address: str) -> str | None:
    """What a recipient's address should look like, or None when it does."""
    if kind == "node" and not _NODE_KEY.match(address):
        return "a Lightning node public key (66 hexadecimal characters, starting 02 or 03)"
    if kind == "lnaddress" and not _LN_ADDRESS.match(address):
        return "a Lightning address such as naam@wallet.example"
    return None


# podcast:socialInteract protocols (socialprotocols.txt); "disabled" means: no comments.
SOCIAL_PROTOCOLS = ("activitypub", "twitter", "lightning", "atproto", "hive", "matrix", "nostr")
SOCIAL_DISABLED = "disabled"

# podcast:location (tags/location.md, revised 2025)
LOCATION_RELS = ("subject", "creator")
_GEO = re.compile(r"^geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)(?:,-?\d+(?:\.\d+)?)?(?:;.*)?$")
_OSM = re.compile(r"^[NWR]\d+(?:#\d+)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
GEO_EXPECTED = "a geo URI (RFC 5870) such as geo:52.3676,4.9041"
OSM_EXPECTED = "an OpenStreetMap id: N, W or R and a number, such as R47811"
COUNTRY_EXPECTED = "a two-letter country code (ISO 3166-1) such as NL or BE"


def is_geo_uri(text: str) -> bool:
    m = _GEO.match(text)
    return m is not None and abs(float(m[1])) <= 90 and abs(float(m[2])) <= 180


def is_osm_id(text: str) -> bool:
    return bool(_OSM.match(text))


def is_country(text: str) -> bool:
    return bool(_COUNTRY.match(text))


# podcast:updateFrequency: an iCalendar recurrence rule (RFC 5545 section 3.3.10).
_FREQUENCIES = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RRULE_PARTS = frozenset(
    {
        "FREQ",
        "UNTIL",
        "COUNT",
        "INTERVAL",
        "BYSECOND",
        "BYMINUTE",
        "BYHOUR",
        "BYDAY",
        "BYMONTHDAY",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
    }
)
RRULE_EXPECTED = "an iCalendar rule such as FREQ=WEEKLY or FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"


def rrule_problem(rule: str) -> str | None:
    """Why ``rule`` is no RFC 5545 recurrence rule, or None when it is one."""
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        key, sep, value = part.partition("=")
        if not sep or not value or key.upper() not in _RRULE_PARTS or key.upper() in parts:
            return RRULE_EXPECTED
        parts[key.upper()] = value
    if parts.get("FREQ", "").upper() not in _FREQUENCIES:
        return RRULE_EXPECTED + " (FREQ is required: " + ", ".join(_FREQUENCIES) + ")"
    if "UNTIL" in parts and "COUNT" in parts:
        return "a rule with UNTIL or COUNT, not both (RFC 5545)"
    for key in ("COUNT", "INTERVAL"):
        if key in parts and not (parts[key].isdigit() and int(parts[key]) > 0):
            return f"{key} as a positive whole number"
    return None


# podcast:podroll / podcast:remoteItem / podcast:publisher
PUBLISHER_MEDIUM = "publisher"

# podcast:integrity: an SRI string (W3C Subresource Integrity), the strongest hash most
# clients verify; or a base64 PGP signature.
INTEGRITY_TYPES = ("sri", "pgp-signature")
SRI_ALGORITHM = "sha384"
_SRI = re.compile(r"^(sha256|sha384|sha512)-[A-Za-z0-9+/]+={0,2}$")


def sri_of(path: Path, chunk: int = 1 << 20) -> str:
    """The SRI string (``sha384-<base64>``) of a file, read in chunks (episodes are big)."""
    digest = hashlib.new(SRI_ALGORITHM)
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return f"{SRI_ALGORITHM}-{base64.b64encode(digest.digest()).decode('ascii')}"


def is_sri(text: str) -> bool:
    return all(_SRI.match(token) for token in text.split()) and bool(text.strip())
