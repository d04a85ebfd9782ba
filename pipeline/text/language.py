"""Language tags as a show writes them (``language = "nl-BE"``), checked against the IANA
language subtag registry that langcodes ships (ISO 639 languages, ISO 3166 regions), not
against a list of our own."""

from __future__ import annotations

import re

LANGUAGE_EXPECTED = (
    "a language code such as nl, en or nl-BE (an ISO 639 language, optionally a script "
    "and an ISO 3166 region)"
)
# The shape RSS and Apple read: language[-Script][-REGION], hyphens, no private-use parts.
_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?")
# Codes the registry holds that name no language a listener speaks, and private-use ranges.
_NOT_A_LANGUAGE = frozenset({"und", "mis", "mul", "zxx"})
_PRIVATE_LANGUAGE = re.compile(r"q[a-t][a-z]")
_PRIVATE_REGION = re.compile(r"AA|ZZ|Q[M-Z]|X[A-Z]")


def is_language_tag(tag: str) -> bool:
    """True for a real language with an optional real script and region (``nl-BE``)."""
    import langcodes  # 20 ms of import: paid when a show is loaded, not by every command

    if len(tag) > 12 or not _SHAPE.fullmatch(tag) or not langcodes.tag_is_valid(tag):
        return False
    language = tag.split("-")[0].lower()
    if language in _NOT_A_LANGUAGE or _PRIVATE_LANGUAGE.fullmatch(language):
        return False
    # langcodes gives an unknown numeric region (999) as ZZ, "unknown region".
    region = (langcodes.Language.get(tag).territory or "").upper()
    return not _PRIVATE_REGION.fullmatch(region)
