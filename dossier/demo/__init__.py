"""The sample articles ``dossier demo`` ingests (package data).

- ``en.html``, ``uk.html``, ``ru.html``: the reference article (shared/gold/driscoll-kyiv) as pages of a
  fictional news site, with navigation, related links, comments, footer, JSON-LD and Open Graph metadata;
  ``ru.html`` is encoded windows-1251 and says so in its ``<meta charset>``.
- ``feed.xml`` (RSS 2.0) and ``sitemap.xml`` (Google News sitemap) list the three pages with links
  relative to themselves, so they work wherever the folder is served.
- ``factrueval-2016-dev.jsonl``: the 122 Russian news texts of factRuEval-2016's development set
  (MIT licence, ``factrueval-2016-LICENSE.txt``), one JSON object a line, texts unchanged.
"""

from __future__ import annotations

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
PAGES = ("en.html", "uk.html", "ru.html")
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
FACTRUEVAL = "factrueval-2016-dev.jsonl"


def sources() -> list[str]:
    """The local files ``dossier demo`` ingests, in order."""
    return [str(DEMO_DIR / name) for name in (*PAGES, FACTRUEVAL)]
