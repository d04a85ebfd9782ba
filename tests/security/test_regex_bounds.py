"""Every regular expression that reads user text runs in time linear in its input.

Property tests over adversarial strings: a short unit drawn from the characters each
pattern cares about, repeated to tens of kilobytes, with a prefix and a suffix. A pattern
with nested or competing quantifiers takes quadratic or exponential time on such input
(a line of 30 underscores hung every build); here each example must finish within the
limit: 5 s of this process's CPU time (Hypothesis's deadline is the wall clock, which
other tests running beside it stretched past 2 s now and then). Derandomized (the suite's
profile); the known killers are pinned as examples.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from datetime import UTC
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.audio.chapters import headings
from pipeline.enrich.http import byte_count
from pipeline.imports.cleanup import EMAIL, TAG
from pipeline.imports.soundcloud import _written_keys
from pipeline.link.pointers import md_links
from pipeline.link.text import clean
from pipeline.load.posts import POINTER, split_front_matter
from pipeline.load.schema import key_lines
from pipeline.notes.source import parse_inline
from pipeline.render.bodies import _linked_line
from pipeline.render.fit import _SENTENCE_END
from pipeline.render.markdown import escape_raw_text_tags
from pipeline.render.shownotes import md_escape
from pipeline.render.site.transcript import parse_cues
from pipeline.text.clock import parse_clock, timestamp_lines
from pipeline.text.dates import parse_date
from pipeline.text.markup import has_markup
from pipeline.text.nesting import deepest, too_much_markup
from pipeline.text.slugs import slugify
from pipeline.text.soundcloud import find_links, parse_link
from pipeline.text.titles import number_prefix
from pipeline.text.urls import is_web_url

# Characters the patterns branch on: markers, brackets, separators, digits, white space.
ALPHABET = " \t\n_*>-:.!?[]()<>/\"'{}%#@&|=,;~`\\1a0Zé"
WORDS = [
    "lees ook", "soundcloud.com/", "<iframe ", "<div>", "<a ", "src=\"", "](", "{%", "12:",
    "http://", "Afl. ", "s1e", "<v ", "-->", "```", "## ", "&#", "bytes ", "+01:00", "title:",
]  # fmt: skip

units = st.one_of(
    st.text(alphabet=ALPHABET, min_size=1, max_size=6),
    st.lists(st.sampled_from(WORDS + list(ALPHABET)), min_size=1, max_size=4).map("".join),
)
adversarial = st.builds(
    lambda prefix, unit, times, suffix: prefix + unit * times + suffix,
    st.sampled_from(["", "lees ook:", "12:30 ", "> ", "<iframe src='", "soundcloud.com ", "x"]),
    units,
    st.integers(min_value=1_000, max_value=20_000),
    st.sampled_from(["", "x", "\n", "!", ">", ")", "\n\nslot"]),
)

BOUNDED = settings(max_examples=12, deadline=None, print_blob=False)
# Seconds of CPU per example; a backtracking pattern takes minutes. markdown-it parses the
# 80,000 characters of "[a](" * 20,000 in linear time, yet in 0.9 s on a quiet machine and
# over 2 s with the suite's other worker beside it: 2.0 failed now and then.
LIMIT = 5.0


def _consume(found: Any) -> None:
    """Exhaust an iterator of matches (finditer is lazy)."""
    for _ in found:
        pass


def _date(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_date(text, UTC)


def _clock(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_clock(text)


def _per_line(check: Callable[[str], object]) -> Callable[[str], None]:
    def run(text: str) -> None:
        for line in text.split("\n"):
            check(line)

    return run


# Name -> the function that applies the pattern(s) to user text, as the pipeline does.
TARGETS: dict[str, Callable[[str], object]] = {
    "load.posts.POINTER (Lees ook)": lambda t: _consume(POINTER.finditer(t)),
    "load.posts front matter split": split_front_matter,
    "load.schema.key_lines (podcast.toml)": key_lines,
    "text.clock timestamp lines": timestamp_lines,
    "text.clock.parse_clock": _clock,
    "text.dates.parse_date": _date,
    "text.soundcloud.find_links": find_links,
    "text.soundcloud.parse_link": _per_line(parse_link),
    "text.titles.number_prefix": _per_line(number_prefix),
    "text.markup.has_markup": has_markup,
    "text.urls.is_web_url": is_web_url,
    "text.slugs.slugify": slugify,
    "text.nesting.deepest": deepest,
    "text.nesting.too_much_markup": too_much_markup,
    "link.pointers.md_links": lambda t: _consume(md_links(t)),
    "render.bodies._linked_line (Lees ook links)": lambda t: _linked_line(
        t, "[a](x)", "https://x/"
    ),
    "link.text.clean (related-links noise)": clean,
    "render.fit._SENTENCE_END": lambda t: _consume(_SENTENCE_END.finditer(t)),
    "render.site.transcript.parse_cues": parse_cues,
    "render.shownotes.md_escape": md_escape,
    "audio.chapters.headings": headings,
    "imports.soundcloud._written_keys": _written_keys,
    "enrich.http.byte_count": byte_count,
    "imports.cleanup.EMAIL (site chrome)": lambda t: EMAIL.search(t),
    "imports.cleanup.TAG": lambda t: TAG.sub("", t),
    "render.markdown.escape_raw_text_tags": escape_raw_text_tags,
    "notes.source.parse_inline": lambda t: parse_inline(t, lambda href: href),
}


def _check(name: str, text: str) -> None:
    start = time.process_time()
    TARGETS[name](text)
    spent = time.process_time() - start
    assert spent < LIMIT, f"{name}: {spent:.1f} s of CPU for {len(text):,} characters"


def _property(name: str) -> Callable[[str], None]:
    @BOUNDED
    @given(text=adversarial)
    @example(text="_" * 32 + "\n")  # the separator line that hung every command
    @example(text="> " * 10 + "_ " * 20_000 + "x")
    @example(text="lees ook:" + " " * 50_000 + "x")
    @example(text="12:30 a" + " " * 50_000 + "b")
    @example(text="12:3" * 20_000)
    @example(text="[a](" * 20_000)
    @example(text="{%" * 20_000)
    @example(text="!" * 20_000 + "x")
    @example(text="<iframe " * 10_000)
    @example(text="soundcloud " + "/" * 50_000)
    @example(text="<v " * 20_000)
    @example(text="2026-03-01" + " " * 50_000 + "x")
    @example(text="a" * 50_000 + " " * 50_000 + "\n")
    @example(text="a" * 40_000)  # imports.cleanup.EMAIL took 13.6 s
    @example(text="<" * 40_000)
    @example(text="<style " * 10_000)
    def test(text: str) -> None:
        _check(name, text)

    return test


for _name in TARGETS:
    globals()["test_linear_" + _name.split(" ")[0].replace(".", "_")] = _property(_name)
