"""Publish a university's catalogue of micro-credentials as a static site."""

from __future__ import annotations

__version__ = "0.1.0"
