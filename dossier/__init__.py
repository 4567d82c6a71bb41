"""Dossier: who said what, about which issue, when, and who reported it first."""

__version__ = "0.1.0"
