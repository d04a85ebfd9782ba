"""Language tags: the common ones answered without loading the registry give the registry's
own answer."""

from __future__ import annotations

import pytest

from pipeline.text import language
from pipeline.text.language import is_language_tag


@pytest.mark.parametrize("tag", sorted(language._COMMON))
def test_every_common_tag_is_one_the_registry_accepts(
    tag: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language, "_COMMON", frozenset())  # ask langcodes itself
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", ["nl-XX", "xx", "qaa", "und", "nl_NL", "nl-BE-x", "en-ZZ", ""])
def test_what_the_registry_refuses_is_refused(tag: str) -> None:
    assert not is_language_tag(tag)
