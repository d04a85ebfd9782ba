"""HTML's parsing rules that matter to text we publish.

Raw text elements (and their escapable and legacy kin): an HTML parser reads everything
after their start tag as text up to their end tag, or to the end of the document when
there is none. A post that merely mentions ``<style>`` would lose every word after it.
"""

from __future__ import annotations

RAW_TEXT_ELEMENTS = (
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "template",
)
