"""One module per command (MkDocs style); ``cli.py`` wires them together."""
