"""Episode files' YAML as parsed, kept beside the posts (``load/kept_yaml.py``): what is
kept reads back exactly as parsed, what cannot is parsed each time, and an episode loads
the same either way."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import pipeline.load.kept_yaml as kept_yaml
from pipeline.errors import Problems
from pipeline.load.episodes import load_episode
from pipeline.load.kept import KeptPosts
from pipeline.load.yamlfile import load_yaml
from tests.conftest import ShowMaker, episode

TEXTS = {
    "plain": "title: Afl. 1\nnumber: 1\nduration: 1800\n",
    "numbers written otherwise": "number: 0123\nduration: 12:30\nlength: 1_000\nprice: 1.50\n",
    "a comment after a value": "title: Afl. #12 over prijzen\nsummary: kort # niet lang\n",
    "nested": (
        "guests:\n  - name: An\n    role: guest\n  - name: Bo\n"
        "chapters: [{start: 0, title: Intro}]\n"
    ),
    "a key twice": "title: een\ntitle: twee\n",
    "true, false, null": "explicit: true\nblock: no\nimage: ~\nseason: null\n",
    "a long number": "guid: " + "9" * 120 + "\n",
    "unicode": "title: \"Één, twee \\u00e9n \\U0001F600\"\nsummary: 'met ''aanhalingstekens'''\n",
    "empty": "",
    "a list at the top": "- een\n- twee\n",
}
NOT_KEPT = {
    "a set": "tags: !!set {a, b}\n",
    "bytes": "blob: !!binary aGFsbG8=\n",
    "infinity": "duration: .inf\n",
    "not a number": "duration: .nan\n",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_parse_reads_back_exactly(name: str) -> None:
    parsed = load_yaml(TEXTS[name])
    entry = kept_yaml._encoded(parsed)
    assert entry is not None
    back = kept_yaml._decoded(entry)
    assert back is not None and kept_yaml._same(back[0], parsed)


@pytest.mark.parametrize("name", sorted(NOT_KEPT))
def test_what_this_format_does_not_keep_is_parsed_each_time(name: str) -> None:
    assert kept_yaml._encoded(load_yaml(NOT_KEPT[name])) is None


def test_any_difference_is_seen() -> None:
    one = load_yaml("number: 0123\ntitle: a # b\n")
    for other in ("number: 83\ntitle: a # b\n", "number: 0123\ntitle: a # c\n",
                  "number: 0123\n\ntitle: a # b\n", "title: a # b\nnumber: 0123\n"):  # fmt: skip
        assert not kept_yaml._same(one, load_yaml(other)), other


@pytest.mark.parametrize(
    "damaged",
    [
        "{", "[]", '{"m": 5}', '{"i": "x"}', '{"q": 1}', "7",
        # forged with numbers no parse gives (a reviewer's: OverflowError escaped)
        '{"m":[["title",{"wi":[Infinity,"x"]}]],"lines":{},"line":1,"dup":[],"notes":{}}',
        '{"m":[],"lines":{},"line":Infinity,"dup":[],"notes":{}}',
        '{"f": NaN}', '{"wf": [Infinity, "x"]}', '{"f": "1e999"}',
    ],
)  # fmt: skip
def test_a_damaged_entry_is_passed_over(damaged: str) -> None:
    assert kept_yaml._decoded(damaged) is None


def _load(path: Path, root: Path, kept: KeptPosts) -> tuple[object, list[object], object]:
    tz = ZoneInfo("Europe/Amsterdam")
    text = path.read_text("utf-8")

    def load(problems: Problems, parsed: object) -> object:
        return load_episode(path, root, tz, problems, text, parsed)  # type: ignore[arg-type]

    return kept_yaml.kept_episode(kept, text, load)  # type: ignore[arg-type, return-value]


def test_an_episode_loads_the_same_from_its_kept_parse(
    make_show: ShowMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = episode(1) + "season: 01\nchapters:\n  - start: 0\n    title: Intro\n"
    show = make_show(episodes={"001-a": text})
    path = show / "episodes/001-a.yaml"
    tz = ZoneInfo("Europe/Amsterdam")
    empty = KeptPosts({}, tz, "")
    fresh, problems, entry = _load(path, show, empty)
    plain_problems = Problems()
    plain = load_episode(path, show, tz, plain_problems)
    assert problems == plain_problems.items == []
    assert fresh == plain and entry is not None
    parses: list[str] = []
    real = kept_yaml.load_yaml
    monkeypatch.setattr(kept_yaml, "load_yaml", lambda text: parses.append(text) or real(text))
    taken, problems, again = _load(path, show, KeptPosts(dict([entry]), tz, ""))
    assert parses == [] and taken == plain and problems == [] and again == entry
    assert taken.lines == plain.lines  # type: ignore[attr-defined]
    # another text: parsed, not taken
    path.write_text(path.read_text("utf-8") + "summary: nieuw\n", "utf-8")
    _load(path, show, KeptPosts(dict([entry]), tz, ""))
    assert len(parses) == 1


def test_a_file_with_a_problem_is_not_kept(make_show: ShowMaker) -> None:
    show = make_show(episodes={"001-a": episode(1) + "title: twee\n"})
    _, problems, entry = _load(
        show / "episodes/001-a.yaml", show, KeptPosts({}, ZoneInfo("UTC"), "")
    )
    assert problems and entry is None


def test_a_rebuild_parses_only_the_episode_that_changed(
    make_show: ShowMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.build.test_incremental import POST, files, run

    show = make_show(
        episodes={f"00{n}-a": episode(n) for n in (1, 2, 3)},
        posts={"2026-03-01-over-de-kassa": POST},
    )
    out = tmp_path / "site"
    parses: list[str] = []
    real = kept_yaml.load_yaml
    monkeypatch.setattr(kept_yaml, "load_yaml", lambda text: parses.append(text) or real(text))
    run(show, out)
    assert len(parses) == 3
    parses.clear()
    edited = show / "episodes/002-a.yaml"
    edited.write_text(edited.read_text("utf-8").replace("Onderwerp 2", "Iets anders"), "utf-8")
    run(show, out)
    assert parses == [edited.read_text("utf-8")]
    fresh = tmp_path / "fresh"  # the same show without anything kept: the same site
    shutil.copytree(show, fresh, ignore=shutil.ignore_patterns(".cache"))
    run(fresh, tmp_path / "cold")
    assert files(out) == files(tmp_path / "cold")
