"""Renderers turn linked content and its notes into ``{relative_path: bytes | Path}``: file
bytes, or a source file of the show to copy as it is (audio, artwork). They write nothing;
``pipeline/write/`` does. What they read besides the linked content: templates (the
package's, or the show's own ``templates/``) and transcripts for the episode pages."""

from __future__ import annotations

from pathlib import Path

# A rendered output: file bytes, or a source file to copy as it is (audio, artwork).
Output = dict[str, bytes | Path]
