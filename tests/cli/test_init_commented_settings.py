"""The optional settings `pipeline init` lists as comments in podcast.toml work when the
podcaster removes the `# ` in front of them, where the file puts them."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from pipeline.check import check_show
from pipeline.cli import main
from pipeline.load.config import load_show
from tests.conftest import SAMPLE_NOW

SPEC = "podcast-pipeline @ git+https://github.com/example/podcast-pipeline@v0.1.0"


def test_every_commented_setting_works_once_uncommented(tmp_path: Path) -> None:
    """Before: the top-level ones (copyright, type, websub_hub) came after the [owner] table,
    so uncommented they became owner.copyright... and the show no longer loaded."""
    cover = tmp_path / "cover.png"
    Image.new("RGB", (1400, 1400), (20, 90, 160)).save(cover)
    root = tmp_path / "show"
    result = CliRunner().invoke(
        main,
        ["init", str(root), "--title", "Tea Time", "--description", "Tea with a neighbour.",
         "--author", "Ann Smith", "--owner-email", "ann@tea.example", "--language", "en",
         "--base-url", "https://ann.github.io/tea/", "--category", "Technology",
         "--artwork", str(cover), "--timezone", "UTC", "--pipeline-spec", SPEC, "--no-input"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    path = root / "podcast.toml"
    text = path.read_text(encoding="utf-8")
    uncommented = re.sub(r"(?m)^# (?=\[|[a-z_]+ = )", "", text)
    assert uncommented.count("\n# ") < text.count("\n# ") - 10
    path.write_text(uncommented, encoding="utf-8")
    show = load_show(root)
    assert (show.owner_name, show.owner_email) == ("Ann Smith", "ann@tea.example")
    assert (show.copyright, show.type) == ("© Your Name", "serial")
    assert show.websub_hub == "https://pubsubhubbub.appspot.com/"
    assert [h.name for h in show.hosts] == ["Your name"]
    assert [f.url for f in show.funding] == ["https://example.org/support"]
    report = check_show(root, SAMPLE_NOW)
    assert not [f for f in report.findings if f.path == "podcast.toml" and f.level == "error"]
