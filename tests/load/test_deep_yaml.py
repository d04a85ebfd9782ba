"""YAML nested deeper than PyYAML's recursion can build is a problem line, not a traceback
(a reviewer's find: 200 levels of [ in one value ended every build)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ShowMaker, episode

POST = '---\ntitle: "Diep"\ndate: 2026-03-01 09:00\ntags: {deep}\n---\nTekst.\n'


@pytest.mark.parametrize("shape", ["[" * 400 + "]" * 400, "{a: " * 400 + "1" + "}" * 400])
@pytest.mark.parametrize("where", ["episode", "post"])
def test_a_value_nested_too_deeply_is_a_problem(
    make_show: ShowMaker, tmp_path: Path, shape: str, where: str
) -> None:
    if where == "episode":
        show = make_show(episodes={"001-a": episode(1) + f"summary: {shape}\n"})
        name = "episodes/001-a.yaml"
    else:
        show = make_show(posts={"2026-03-01-diep": POST.replace("{deep}", shape)})
        name = "posts/2026-03-01-diep.md"
    result = CliRunner().invoke(
        main, ["build", "--root", str(show), "--out", str(tmp_path / "site"), "--offline"]
    )
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{name}" in result.stderr and "nested too deeply" in result.stderr
    assert "Traceback" not in result.stderr
