"""``podcast:license``: which license names need no URL.

The namespace (tags/license.md) takes an identifier from its license list, which is the
SPDX License List plus a few podcast-specific slugs of its own (``ARR``: all rights
reserved; ``POD-V4V-1.0``: value for value), or any other name *with* a URL to the full
text. SPDX identifiers come from ``license-expression``, which ships the SPDX list and is
kept current by its maintainers, so the list is not copied here. Podcast apps (e.g.
podcast-partytime) look the identifier up in that same SPDX list to find its URL.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# The namespace's own slugs (docs/examples/license/licenseslugs.txt) that SPDX lacks.
NAMESPACE_LICENSES = {"ARR": None, "POD-V4V-1.0": None}
LICENSE_EXPECTED = (
    "an SPDX license identifier such as CC-BY-4.0 or CC-BY-NC-SA-4.0, ARR (all rights "
    "reserved), or any name with a url to the license text"
)


@cache
def _spdx() -> Any:
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def license_id(name: str) -> str | None:
    """The identifier as the SPDX list (or the namespace) spells it; None when unknown.

    >>> license_id("cc-by-sa-4.0")
    'CC-BY-SA-4.0'
    """
    text = name.strip()
    for slug in NAMESPACE_LICENSES:
        if slug.lower() == text.lower():
            return slug
    if not text or any(c.isspace() for c in text) or text.lower().startswith("licenseref-"):
        return None
    from license_expression import ExpressionError, LicenseSymbol

    try:
        parsed = _spdx().parse(text, validate=True, strict=True)
    except ExpressionError:
        return None
    if not isinstance(parsed, LicenseSymbol) or parsed.key.lower().startswith("licenseref-"):
        return None  # an expression ("MIT OR X") or a scancode-only key: not one SPDX id
    return str(parsed.key)
