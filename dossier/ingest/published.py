"""Publication dates declared by a source (a JSONL field, a sitemap's news:publication_date) as ISO 8601.

Stored dates are compared as strings (``search --since``), so only ISO forms may reach the store: a
declared date is kept when it is ISO 8601, converted from RFC 2822 (feeds, e-mail style) or day.month.year
(common in Ukrainian and Russian exports), and dropped otherwise ("last Tuesday" dates nothing).
"""

from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_YEAR_MONTH = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")  # W3C datetime's reduced forms (sitemaps)


MAX_PUBLISHED_CHARS = 32  # "2025-11-20T08:00:00.123456+02:00"; longer (a fraction of 40 digits) is cut to the second


def iso_published(value: str | None) -> str | None:
    """``value`` as an ISO 8601 date or date-time, or None when it is not a date we can read for sure."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        parsed_iso = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        pass
    else:
        if len(value) <= MAX_PUBLISHED_CHARS:
            return value  # already ISO (date or date-time): kept as the source wrote it
        to_the_second = parsed_iso.replace(microsecond=0).isoformat()  # "08:00:00.1111...1" -> "08:00:00"
        return to_the_second if len(to_the_second) <= MAX_PUBLISHED_CHARS else parsed_iso.date().isoformat()
    if _YEAR_MONTH.match(value):
        return value
    if match := _DMY.match(value):
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.isoformat() if parsed is not None else None
