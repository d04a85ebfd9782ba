"""Values PyYAML's resolver takes for a number, a date or a yes/no but its constructor then
cannot make one: ``0x_`` and ``0b_`` (hexadecimal and binary with no digit once the ``_``
are dropped), and an explicit tag on text that is no such value (``!!bool ja``, ``!!int
abc``, ``!!timestamp 2026-02-30``). Each raised a plain ValueError or KeyError out of the
loader: a traceback. Now each is an ``Error:`` line at the value's line, every file's
problem at once, exit 1, the last site untouched."""

from __future__ import annotations

import pytest

from pipeline.load.yamlfile import YamlSyntaxError, load_yaml
from tests.conftest import ShowMaker, episode
from tests.security.support import build, errors, post, snapshot


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("number: 0x_\n", "'0x_' is no valid !!int"),
        ("number: -0b__\n", "'-0b__' is no valid !!int"),
        ("explicit: !!bool ja\n", "'ja' is no valid !!bool"),
        ("title: !!int abc\n", "'abc' is no valid !!int"),
        ("date: !!timestamp 2026-02-30\n", "'2026-02-30' is no valid !!timestamp"),
        ("summary: !!float veel\n", "'veel' is no valid !!float"),
        ("chapters:\n  - start: 0x_\n", "'0x_' is no valid !!int"),
    ],
)
def test_a_value_no_constructor_can_make_is_a_yaml_error(text: str, shown: str) -> None:
    with pytest.raises(YamlSyntaxError) as raised:
        load_yaml("guid: abc\n" + text, first_line=3)
    assert raised.value.message == shown
    assert raised.value.line == 3 + text.count("\n")


def test_every_such_value_is_reported_by_the_build(make_show: ShowMaker) -> None:
    root = make_show(
        episodes={"001-a": episode(1), "002-b": episode(2)},
        posts={"2026-03-01-eerste": post("Tekst.")},
    )
    code, _, stderr = build(root)
    assert code == 0, stderr
    site = snapshot(root / "site")
    (root / "episodes" / "001-a.yaml").write_text(episode(1, season="0x_"), "utf-8")
    (root / "episodes" / "002-b.yaml").write_text(episode(2, explicit="!!bool ja"), "utf-8")
    (root / "posts" / "2026-03-01-eerste.md").write_text(post("Tekst.", layout="0b_"), "utf-8")

    code, _, stderr = build(root)

    assert code == 1, stderr
    assert "Traceback" not in stderr
    assert errors(stderr) == [
        "Error: episodes/001-a.yaml:8: syntax: got a YAML error ('0x_' is no valid !!int),"
        " expected valid YAML",
        "Error: episodes/002-b.yaml:8: syntax: got a YAML error ('ja' is no valid !!bool),"
        " expected valid YAML",
        "Error: posts/2026-03-01-eerste.md:4: syntax: got a YAML error ('0b_' is no valid"
        " !!int), expected valid YAML",
        "Error: 3 problems found; nothing was written.",
    ]
    assert snapshot(root / "site") == site
