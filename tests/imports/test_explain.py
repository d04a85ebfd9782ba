"""`pipeline import posts --explain`: per file, each repair's text before and after side by
side, in columns that fit the terminal and stay aligned (wide characters count double)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.imports.explain import MAX_WIDTH, cells
from tests.conftest import ShowMaker
from tests.imports.damage import damage, half_repair, styled

INPUT = (
    "\n".join(
        [
            "(3) Anna Bakker | LinkedIn",
            damage(styled("Vaste klanten zijn goud waard", "bold"), "cp1253"),
            "",
            damage(
                "Een klant zei: “ik kom hier voor het praatje” – en dat is één compliment "
                "waar je als winkelier echt iets mee kunt, elke zaterdag opnieuw. 🚀",
                "cp1253",
            ),
            "",
            half_repair("Zo’n klant is ‘goud’ waard."),
            "",
            "Slotgedachte",
            "Luister eerst, verkoop daarna.",
        ]
    )
    + "\n"
)


def explain(root: Path, source: Path, width: int) -> list[str]:
    result = CliRunner().invoke(
        main,
        ["import", "posts", "--root", str(root), "--explain", str(source)],
        env={"COLUMNS": str(width)},
    )
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize("width", ["99999999999999999999", "100000000"])
def test_a_terminal_wider_than_any_is_held_to_a_readable_width(
    make_show: ShowMaker, tmp_path: Path, width: str
) -> None:
    """COLUMNS comes from the environment: 10**20 was an OverflowError traceback (padding
    a column to that many spaces), 10**8 printed 550 MB of spaces for one small input."""
    root = make_show()
    source = tmp_path / "2026-02-03-post.txt"
    source.write_text(INPUT, "utf-8")
    result = CliRunner().invoke(
        main,
        ["import", "posts", "--root", str(root), "--explain", str(source)],
        env={"COLUMNS": width},
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 0, result.output
    assert max(cells(line) for line in result.stdout.splitlines()[1:]) <= MAX_WIDTH


def test_explain_shows_each_change_side_by_side(make_show: ShowMaker, tmp_path: Path) -> None:
    root = make_show()
    source = tmp_path / "2026-02-03-post.txt"
    source.write_text(INPUT, "utf-8")
    for width in (80, 120):
        lines = explain(root, source, width)
        assert lines[0] == f"{source} -> posts/2026-02-03-vaste-klanten-zijn-goud-waard.md"
        table = [line for line in lines[1:] if " │ " in line or "─┼─" in line]
        # one column edge for every row, at the same cell, and nothing wider than asked
        edges = {cells(line.split("│")[0]) for line in table if "│" in line}
        assert len(edges) == 1, edges
        assert all(cells(line) <= width for line in lines[1:]), width  # [0]: the paths
        text = "\n".join(lines)
        for before, after, why in [
            ("ππ", "Vaste klanten zijn goud waard", "cp1253, 2 lost bytes"),
            ("β€ik kom hier", "“ik kom hier", "cp1253, lost byte"),
            ("Zo”™n klant", "Zo’n klant", "half-repaired quote"),
            ("”˜goud”™", "‘goud’", "half-repaired quote"),
            ("Slotgedachte", "## Slotgedachte", "section heading"),
            ("(3) Anna Bakker | LinkedIn", "(removed)", "removed: LinkedIn page title"),
        ]:
            row = next((i for i, line in enumerate(lines) if before in line.split("│")[0]), None)
            assert row is not None, before
            block = "\n".join(lines[row : row + 8])
            assert after in block.replace("\n", " ") or after in text, after
            assert why in block, why
    assert list((root / "posts").iterdir()) == []  # --explain writes nothing
    assert not (root / "imports").exists()
