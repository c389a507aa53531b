"""Rasa input channels of Wegwijzer."""
