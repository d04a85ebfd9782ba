"""``pipeline import``: bring existing material into the show folder.

Each kind of import is a module ``pipeline/commands/import_<kind>.py`` defining a
``<kind>_command``; they are discovered like the top-level commands.
"""

from __future__ import annotations

import click

from pipeline.commands import discover


class _ImportGroup(click.Group):
    """Finds its subcommands on first use (their modules import this package)."""

    def _ensure(self) -> None:
        if not self.commands:
            for command in discover("pipeline.commands", prefix="import_"):
                self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._ensure()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._ensure()
        return super().get_command(ctx, cmd_name)


@click.group("import", cls=_ImportGroup)
def import_command() -> None:
    """Import posts or a SoundCloud feed into the show folder."""
