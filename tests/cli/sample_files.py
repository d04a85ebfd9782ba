"""Regenerate what follows from the sample show (`make golden` runs this):

- `.github/workflows/publish.yml`, the sample show's workflow: the one `pipeline init`
  writes, installing the pipeline from this repository itself (`.`);
- `pipeline/scaffold/sample.json`, the hashes by which `pipeline init --replace-sample`
  recognises the sample's files in a fork.
"""

from __future__ import annotations

from pipeline.load.config import load_show
from pipeline.scaffold.sample import MANIFEST, manifest_text
from pipeline.scaffold.templates import workflow
from tests.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def sample_workflow() -> str:
    show = load_show(REPO)
    return workflow(show.title, show.base_url, ".")


def main() -> None:
    WORKFLOW.write_text(sample_workflow(), encoding="utf-8")
    MANIFEST.write_text(manifest_text(REPO), encoding="utf-8")
    print(f"Wrote {WORKFLOW.relative_to(REPO)} and {MANIFEST.relative_to(REPO)}")


if __name__ == "__main__":
    main()
