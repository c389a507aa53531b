"""Wegwijzer: the running application (web app, channels, settings, CLI)."""
