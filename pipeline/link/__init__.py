"""Linking runs after everything has loaded: pairing episodes with posts, related items."""
