"""A description cut to Apple's limit keeps what it can of a paragraph too long for it:
whole sentences in any script, else words, else characters, marked as cut. Such a
paragraph was left out whole (a Chinese summary kept only its subscribe link)."""

from __future__ import annotations

from pipeline.render.fit import CUT_MARK, description_html, fit_text

LIMIT = 4000


def _size(html: str) -> int:
    return len(html.encode("utf-8"))


def test_chinese_sentences_end_at_their_own_stops() -> None:
    sentence = "我们今天聊一聊小商店的价格和顾客。"  # 17 characters, 51 bytes
    html = f"<p>{sentence * 120}</p><p><a href='https://show.example/'>订阅</a></p>"
    found = description_html(html, LIMIT)
    assert _size(found) <= LIMIT
    first = found.split("</p>")[0]
    assert first.startswith("<p>我们") and first.endswith("顾客。")
    assert len(first) > 1000 and CUT_MARK not in first


def test_hindi_and_arabic_stops_end_sentences() -> None:
    hindi = "दुकान में आज बहुत ग्राहक आए। " * 200
    arabic = "هل تعرف متجرنا الصغير؟ " * 200
    for text, stop in ((hindi, "।"), (arabic, "؟")):
        found = description_html(f"<p>{text}</p>", LIMIT)
        assert _size(found) <= LIMIT and found.endswith(f"{stop}</p>"), found[-40:]


def test_a_paragraph_without_a_stop_is_cut_after_a_word() -> None:
    words = " ".join(f"woord{n}" for n in range(2000))
    found = description_html(f"<p>{words}</p>", LIMIT)
    assert _size(found) <= LIMIT and len(found) > LIMIT - 40
    assert found.endswith(f"{CUT_MARK}</p>")
    last = found.removesuffix(f"{CUT_MARK}</p>").rsplit(" ", 1)[1]
    assert last.startswith("woord") and last in words.split(" ")  # a whole word


def test_text_with_neither_stops_nor_spaces_is_cut_after_a_character() -> None:
    found = description_html("<p>" + "店" * 3000 + "</p>", LIMIT)
    assert _size(found) <= LIMIT and _size(found) > LIMIT - 10
    assert found.startswith("<p>店") and found.endswith(f"店{CUT_MARK}</p>")


def test_a_paragraph_with_a_link_is_never_cut_inside_the_link() -> None:
    link = '<a href="https://show.example/x">een link</a>'
    words = " ".join(["woord"] * 1500)
    found = description_html(f"<p>{link} {words}</p>", LIMIT)
    assert found.startswith(f"<p>{link}") and found.endswith(f"{CUT_MARK}</p>")


def test_plain_text_is_cut_after_a_word_too() -> None:
    text = " ".join(["woord"] * 1000)
    found = fit_text(text, 100)
    assert found.endswith(f"woord{CUT_MARK}\n") and len(found) <= 101


def test_sentences_are_still_cut_whole_where_one_fits() -> None:
    text = "Een zin. " * 600
    found = description_html(f"<p>{text}</p>", LIMIT)
    assert found.endswith("Een zin.</p>") and CUT_MARK not in found
