"""`pipeline import posts` on pasted articles damaged the ways real ones are: a LinkedIn post
with its page chrome and a styled title read through the wrong code page, Dutch bylines,
section headings and numbered lists of pasted text. Fixtures are built here from our own
text; every removed line must be reported with its line, and nothing else may go."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.load import load_content
from tests.conftest import ShowMaker
from tests.imports.damage import consistent, damage, styled

TITLE = "Vaste klanten zijn goud waard"
CHROME = {  # line in the fixture -> the kind the report must give it
    1: ("(3) Anna Bakker | LinkedIn", "LinkedIn page title"),
    2: ("12 meldingen", "notification counter"),
    5: ("• 2e", "post header (age, connection)"),
    6: ("3 d • Bewerkt • 🌐", "post header (age, connection)"),
    12: ("♻️ Repost als je dit herkent", "follow or share prompt"),
    13: ("Volg mij voor meer tips over je winkel 🔔", "follow or share prompt"),
    14: ("47 reacties · 5 reposts", "notification counter"),
    15: ("Vind ik leuk Reageren Reposten Verzenden", "share buttons"),
    16: ("Deze website gebruikt cookies om je ervaring te verbeteren.", "cookie notice"),
    17: ("Akkoord", "cookie notice (button)"),
}
BODY = [
    "Een vaste klant koopt misschien nooit veel tegelijk. Maar tel het eens op over een jaar.",
    "",
    "Ze zei: “ik kom hier voor het praatje” – en daar ging het om. Zo’n klant is goud. 🚀",
    "",
    "Geef je personeel de tijd voor een gesprek; dat verdient zich terug.",
]


def linkedin_post(codepage: str) -> str:
    """A LinkedIn post pasted with its chrome, the title in bold, all read as ``codepage``."""
    lines = [
        CHROME[1][0],
        CHROME[2][0],
        styled(TITLE, "sans-serif bold"),
        "Anna Bakker",
        CHROME[5][0],
        CHROME[6][0],
        *BODY,
        CHROME[12][0],
        CHROME[13][0],
        CHROME[14][0],
        CHROME[15][0],
        CHROME[16][0],
        CHROME[17][0],
        "Anna Bakker",
    ]
    return damage("\n".join(lines) + "\n", codepage)


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", "posts", "--root", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout, result.stderr


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.mark.parametrize("codepage", ["cp1252", "cp1253"])
def test_linkedin_post_with_chrome_and_styled_title(
    make_show: ShowMaker, tmp_path: Path, codepage: str
) -> None:
    root = make_show()
    source = tmp_path / "2026-02-03-linkedin.txt"
    source.write_text(linkedin_post(codepage), "utf-8")
    code, out, err = run(root, str(source))
    assert code == 0, err
    post = root / "posts" / "2026-02-03-vaste-klanten-zijn-goud-waard.md"
    text = post.read_text("utf-8")
    assert f'title: "{TITLE}"' in text
    assert 'author: "Anna Bakker"' in text
    body = text.split("---\n", 2)[2].strip()
    # Repaired (the emoji up to the bytes the code page lost), chrome gone, nothing else.
    assert consistent("\n".join(BODY), body, codepage), body
    for number, (line, kind) in CHROME.items():
        if "🌐" in line:  # the globe lost bytes too: any emoji it can have been
            line = line.rstrip("🌐")
        assert f"removed: line {number}: {kind}: {line!r}"[:-1] in out, (number, out)
    assert "removed: line 4: author name under the title: 'Anna Bakker'" in out
    assert "removed: line 18: signature (author): 'Anna Bakker'" in out
    # Every word of the repaired input is in the post, or in a line the report lists.
    reported = " ".join(re.findall(r"removed: line \d+: [^:]+: (.*)", out))
    for word in words(TITLE + " " + "\n".join(BODY)):
        assert word in words(text), word
    for line, _ in CHROME.values():
        assert set(words(line)) <= set(words(reported)), line
    # a second import changes nothing; the original is kept byte for byte
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert run(root, str(source))[0] == 0
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert (root / "imports" / source.name).read_bytes() == source.read_bytes()


@pytest.mark.parametrize(
    ("byline", "author", "day"),
    [
        ("Geplaatst op 12 november 2026 door Piet de Vries", "Piet de Vries", "2026-11-12"),
        ("Gepubliceerd op dinsdag 3 maart 2026 door Fenna Bakker", "Fenna Bakker", "2026-03-03"),
        ("Door Joost van Lier op 14-10-2025", "Joost van Lier", "2025-10-14"),
        ("Posted on November 2, 2026 by Jane Doe", "Jane Doe", "2026-11-02"),
        ("Sanne de Wit · 5 jan. 2026", "Sanne de Wit", "2026-01-05"),
        ("8 juni 2026 | Karel Smit", "Karel Smit", "2026-06-08"),
    ],
)
def test_dutch_and_english_bylines(
    make_show: ShowMaker, tmp_path: Path, byline: str, author: str, day: str
) -> None:
    root = make_show()
    source = tmp_path / "artikel.txt"
    source.write_text(f"De winkel op zondag\n\n{byline}\n\nOpen op zondag? Het kan.\n", "utf-8")
    code, out, err = run(root, str(source))
    assert code == 0, err
    post = root / "posts" / f"{day}-de-winkel-op-zondag.md"
    text = post.read_text("utf-8")
    assert f'author: "{author}"' in text
    assert byline not in text
    assert f"removed: line 3: byline (author and date moved to front matter): {byline!r}" in out


def test_name_alone_on_the_last_line_is_the_author(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show()
    source = tmp_path / "2026-04-01-los.txt"
    source.write_text(
        "Personeel dat blijft\n\nGoede mensen vinden is lastig.\n\nHouden is lastiger.\n\n"
        "Met vriendelijke groet,\nMarieke Dekker\n",
        "utf-8",
    )
    code, out, _ = run(root, str(source))
    assert code == 0
    text = (root / "posts" / "2026-04-01-personeel-dat-blijft.md").read_text("utf-8")
    assert 'author: "Marieke Dekker"' in text
    assert "Met vriendelijke groet," in text  # the greeting is the author's text
    assert "removed: line 8: signature (author): 'Marieke Dekker'" in out


@pytest.mark.parametrize("last", ["Veel Succes", "Tot De Volgende Keer", "Lees ook: De etalage"])
def test_a_last_line_that_is_no_name_stays(make_show: ShowMaker, tmp_path: Path, last: str) -> None:
    root = make_show()
    source = tmp_path / "2026-04-01-los.txt"
    source.write_text(f"Een titel hier\n\nEen zin van tekst.\n\n{last}\n", "utf-8")
    assert run(root, str(source))[0] == 0
    text = (root / "posts" / "2026-04-01-een-titel-hier.md").read_text("utf-8")
    assert "author:" not in text
    assert text.rstrip().endswith(last)


PASTED = """Waarom verkopen geen wedstrijd is

Stel je voor: je rent van klant naar klant. Klinkt efficiënt? Niet echt.

1. Het Is Geen Sprint

Klanten hebben tijd nodig om te overwegen en vertrouwen op te bouwen.

2. Het Gaat Niet Om Winnen
Verkopen is samenwerken: jij en je klant winnen allebei.

Wat je wel doet:
3. Luister eerst.
4. Vraag door.
5. Beloof alleen wat je waarmaakt.

Slotgedachte

Verkopen is geen kwestie van snelheid, maar van aandacht.

Lees ook: Nieuwe klanten werven
"""


def test_pasted_text_gets_its_headings_and_keeps_list_numbers(
    make_show: ShowMaker, tmp_path: Path
) -> None:
    root = make_show()
    source = tmp_path / "2026-05-06-plakwerk.txt"
    source.write_text(PASTED, "utf-8")
    code, out, _ = run(root, str(source))
    assert code == 0
    post = root / "posts" / "2026-05-06-waarom-verkopen-geen-wedstrijd-is.md"
    body = post.read_text("utf-8").split("---\n", 2)[2]
    assert "\n## 1. Het Is Geen Sprint\n" in body
    assert "\n## 2. Het Gaat Niet Om Winnen\nVerkopen is samenwerken" in body
    assert "\n## Slotgedachte\n" in body
    # the list keeps its start number and gets the blank line Markdown needs before it
    assert "Wat je wel doet:\n\n3. Luister eerst.\n4. Vraag door.\n5. Beloof" in body
    assert "Lees ook: Nieuwe klanten werven" in body  # a pointer is no heading
    assert "section heading: line 5: '1. Het Is Geen Sprint' -> '## 1. Het Is Geen Sprint'" in out
    # the page renders the list from 3 (the Markdown side of numbered lists)
    content = load_content(root)
    assert content.posts[0].title == "Waarom verkopen geen wedstrijd is"


@pytest.mark.parametrize("words", ["Lees ook", "Zie ook", "Read also", "See also", "Also read"])
def test_a_pointer_before_prose_is_no_heading(
    make_show: ShowMaker, tmp_path: Path, words: str
) -> None:
    """Before: the heading rule knew three of the pointer's five words, so "See also: X"
    (or "Also read: X") before a paragraph became "## See also: X", a heading the build
    reads as no pointer: the post it named stayed unlinked."""
    root = make_show()
    source = tmp_path / "2026-04-01-los.txt"
    source.write_text(
        f"Een titel hier\n\nEen zin van tekst.\n\n{words}: De etalage\n\n"
        "Nog een alinea met tekst erin, die als proza eindigt.\n",
        "utf-8",
    )
    code, out, _ = run(root, str(source))
    assert code == 0
    assert "section heading" not in out
    (post,) = load_content(root).posts
    assert f"\n{words}: De etalage\n" in post.body
    assert [p.text for p in post.pointers] == ["De etalage"]
