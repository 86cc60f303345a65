"""Steppe to Stage: a terminal interactive-fiction game about the rise of five Kazakh musicians."""

__version__ = "0.1.0"
