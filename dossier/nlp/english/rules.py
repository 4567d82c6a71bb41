"""Corrections to spaCy's entity mentions for news text.

The statistical model decides mention by mention, from a few words of context; these rules
add what it cannot see (each function's docstring has its examples):
- span edges: no leading "the", no numbers, dashes or trailing lower-case words inside a name;
- words capitalised only because they open a sentence or a headline are no names when the
  document writes them in lower case ("Next", "CRICKET -");
- datelines ("KHASAVYURT, Russia 1996-08-31") are places;
- initials ("C. Hooper") and full names with a country in brackets ("Steffi Graf (Germany)")
  are persons;
- in results and tables a name before a score, or beside "v", is a team (an organisation,
  or a place when it is a country), as are towns that "beat" or "lose";
- gazetteers (dossier/nlp/lexicons/en/ner_*.txt): countries are places, well-known
  organisations are organisations, big cities the model took for persons are places, and so are
  those it left untagged after "in", "to", "from" or "at" ("met Zelensky in Kyiv");
- titles: "Defense" in "Defense Minister Denys Shmyhal" is no organisation;
- nationalities the model took for places are MISC, and so are competitions ("UEFA Cup");
  names ending in an organisation word ("Tax Policy Center") are organisations;
- one document, one reading: a name gets the type most of its mentions vote for (rule-made
  mentions counting more), its untagged repetitions are tagged, and a person's surname alone,
  or another spelling of it, is that person.
Spans here are token indices into the spaCy Doc.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from dossier.nlp.english.lexicons import load_lexicon
from dossier.nlp.english.tokens import recaser_for
from dossier.nlp.english.truecase import token_lines

# Weights of a vote in the document-level reading: a model's mention, a rule's, a full name's for its surname
# (a surname alone is that person far more often than anything else in the same article).
MODEL, RULE, SURNAME = 1, 3, 8
_NUMBER = re.compile(r"^[-+]?\.?\d[\d.,:/-]*$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_YEAR = re.compile(r"^(?:19|20)\d\d(?:-\d\d-\d\d)?$")
_VERSUS = {"v", "v.", "vs", "vs."}
_LEADING_DROP = {"the", "a", "an"}
_SENTENCE_END = {".", "!", "?", '"', "“", "”", ":", ";", "-", "—", "–", "--"}
_PARTICLES = {"de", "da", "di", "du", "del", "della", "van", "von", "der", "den", "al", "el", "bin", "ibn", "la", "le"}
_MIN_VARIANT = 6  # letters in a surname before spelling variants of it are looked for
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish")
# Capitalised words that are no names: a "June 5-9" in a fixtures list is no team.
_CALENDAR = {w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name)}


@dataclass(slots=True)
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    type: str
    weight: int = MODEL
    fixed: bool = False  # settled by its own context (a dateline): neither votes nor is outvoted


class _Words:
    """One parsed document's tokens and strings, read once: every ``doc[i]`` builds a new Token and
    every ``.text`` decodes a new string, and the rules below look at each word many times."""

    __slots__ = ("_lines", "doc", "lower", "text", "toks")

    def __init__(self, doc: SpacyDoc) -> None:
        self.doc = doc
        self.toks: list[Token] = list(doc)
        self.text = [t.text for t in self.toks]
        self.lower = [t.lower_ for t in self.toks]
        self._lines: list[list[int]] | None = None

    def __len__(self) -> int:
        return len(self.toks)

    @property
    def lines(self) -> list[list[int]]:
        if self._lines is None:
            self._lines = token_lines(self.toks)
        return self._lines


@cache
def countries() -> frozenset[str]:
    return frozenset(name.lower() for name in load_lexicon("ner_countries"))


@cache
def organisations() -> frozenset[str]:
    return frozenset(name.lower() for name in load_lexicon("ner_organisations"))


@cache
def cities() -> frozenset[str]:
    return frozenset(name.lower() for name in load_lexicon("ner_cities"))


@cache
def event_heads() -> frozenset[str]:
    return frozenset(name.lower() for name in load_lexicon("ner_event_heads"))


@cache
def org_heads() -> frozenset[str]:
    return frozenset(load_lexicon("ner_org_heads"))


@cache
def match_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("ner_match_verbs"))


@cache
def title_words() -> frozenset[str]:
    return frozenset(name.lower() for name in load_lexicon("ner_title_words"))


@cache
def place_prepositions() -> frozenset[str]:
    return frozenset(load_lexicon("ner_place_prepositions"))


@cache
def _places() -> tuple[frozenset[str], int]:
    """Cities and countries as written in lower case, and the most words one of them has."""
    names = cities() | countries()
    return names, max(len(name.split()) for name in names)


@cache
def _phrases() -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
    """Gazetteer names by first word: (words, type, acronym) with the longest first."""
    out: dict[str, list[tuple[tuple[str, ...], str, bool]]] = defaultdict(list)
    for lexicon, kind in (("ner_organisations", "ORG"), ("ner_countries", "LOC")):
        for name in load_lexicon(lexicon):
            words = tuple(name.split())
            out[words[0].lower()].append((tuple(w.lower() for w in words), kind, name.isupper()))
    for options in out.values():
        options.sort(key=lambda o: len(o[0]), reverse=True)
    return out


def _is_number(tok: Token, text: str | None = None) -> bool:
    """``text``: the token's text when the caller has it already."""
    return bool(_NUMBER.match(tok.text if text is None else text)) or (tok.like_num and not tok.is_alpha)


def _is_name_word(tok: Token) -> bool:
    return _is_name(tok.text)


def _is_name(t: str) -> bool:
    return t[:1].isupper() and any(ch.isalpha() for ch in t)


def _span_text(w: _Words, start: int, end: int) -> str:
    """The words of a span as a key: lower case, one apostrophe ("O’Neill" and "O'Neill" are one name)."""
    return " ".join(w.text[start:end]).lower().replace("’", "'")


def _trim(w: _Words, text: str, mentions: list[Mention]) -> list[Mention]:
    """Cut numbers and punctuation out of mentions and drop leading articles."""
    toks = w.toks

    def lower(i: int) -> bool:  # as re-cased for the model: ordinary words of headlines are lower case too
        return toks[i].is_lower

    out = []
    for m in mentions:
        pieces: list[list[int]] = [[]]
        for i in range(m.start, m.end):
            tok = toks[i]
            spaced_dash = tok.text in ("-", "–", "—", "--") and (tok.whitespace_ or toks[i - 1].whitespace_)
            if _is_number(tok) or tok.is_space or spaced_dash or (tok.is_punct and tok.text not in ("&", ".", "-")):
                pieces.append([])
            else:
                pieces[-1].append(i)
        for piece in pieces:
            # Names start and end with a capitalised word: "the", "news agency" are not part of them.
            while piece and (
                w.lower[piece[0]] in _LEADING_DROP or toks[piece[0]].is_punct or (lower(piece[0]) and m.type != "MISC")
            ):
                piece.pop(0)
            while piece and (toks[piece[-1]].is_punct or (lower(piece[-1]) and m.type != "MISC")):
                piece.pop()
            if piece and any(_is_name(w.text[i]) for i in piece):
                out.append(Mention(piece[0], piece[-1] + 1, m.type, m.weight))
    return out


def _initials(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """An initial before a capitalised word makes a person: "C. Hooper", "A. Shearer"."""
    for m in mentions:
        if m.end - m.start == 2 and _INITIAL.match(w.text[m.start]) and m.type != "PER":
            m.type, m.weight = "PER", RULE
    starts = {m.start: m for m in mentions}
    covered = _coverage(w, mentions)
    out = list(mentions)
    for i in range(len(w) - 1):
        if not _INITIAL.match(w.text[i]) or covered[i] is not None:
            continue
        nxt = w.toks[i + 1]
        if (
            nxt.is_space
            or not _is_name(w.text[i + 1])
            or (nxt.whitespace_ == "" and i + 2 < len(w) and w.text[i + 2] == ".")
        ):
            continue
        following = starts.get(i + 1)
        if following is not None:
            following.start = i
            following.type = "PER"
            following.weight = RULE
        elif covered[i + 1] is None:
            out.append(Mention(i, i + 2, "PER", RULE))
    return out


def _coverage(w: _Words, mentions: list[Mention]) -> list[Mention | None]:
    covered: list[Mention | None] = [None] * len(w)
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] = m
    return covered


def _replaced(w: _Words, mentions: list[Mention], new: list[Mention]) -> list[Mention]:
    """``mentions`` with each of ``new`` put in, in turn, and every mention before it that it overlaps taken
    out: the result of ``out = [m for m in out if m.end <= r.start or m.start >= r.end] + [r]`` for each
    ``r`` of ``new``, in one pass (a filter per new mention made a long document quadratic)."""
    last = [-1] * len(w)  # for each token, the index in ``new`` of the last new mention over it
    for j, r in enumerate(new):
        last[r.start : r.end] = [j] * (r.end - r.start)

    def kept(m: Mention, j: int) -> bool:  # j: m's index in ``new``, -1 for the mentions before
        return all(last[i] <= j for i in range(m.start, m.end))

    return [m for m in mentions if kept(m, -1)] + [r for j, r in enumerate(new) if kept(r, j)]


def _is_tabular(w: _Words, line: list[int]) -> bool:
    """A line of scores or standings: many numbers, few ordinary lower-case words."""
    toks, texts = w.toks, w.text
    numbers = sum(_is_number(toks[i], texts[i]) for i in line)
    lower = sum(toks[i].is_alpha and texts[i].islower() and len(texts[i]) > 2 for i in line)
    return numbers >= 2 and numbers >= 0.2 * len(line) and lower <= 0.3 * len(line)


def _name_groups(
    w: _Words, line: list[int], text: str | None = None, separators: set[str] = _VERSUS
) -> list[tuple[int, int]]:
    """Runs of capitalised words in ``line``; with ``text``, capitalised as written there (a table row in
    capitals, "KANSAS CITY 61 74", is all names, whatever re-casing made of it)."""
    groups = []
    start = None
    for i in [*line, -1]:
        if i >= 0 and text is not None:
            idx = w.toks[i].idx
            written = text[idx : idx + len(w.text[i])]
            name_word = written[:1].isupper() and any(ch.isalpha() for ch in written)
        else:
            name_word = i >= 0 and _is_name(w.text[i])
        if name_word and w.lower[i] not in separators and w.lower[i] not in _CALENDAR:
            if start is None:
                start = i
            continue
        if start is not None:
            groups.append((start, (i if i >= 0 else line[-1] + 1)))
            start = None
    return groups


def _team_type(w: _Words, start: int, end: int, model: Mention | None) -> str:
    if _INITIAL.match(w.text[start]):
        return "PER"
    if _span_text(w, start, end) in countries():
        return "LOC"
    if model is not None and model.type == "PER" and end - start >= 2:
        return "PER"
    return "ORG"


def _teams(w: _Words, text: str, mentions: list[Mention]) -> list[Mention]:
    """Names in results lines ("Bournemouth 1 Peterborough 2", "Walsall v Wrexham") are teams."""
    # One coverage and one index by first token for the whole document, kept up to date as teams replace
    # mentions (rebuilding them for each results line made a long table quadratic).
    out = list(mentions)
    covered = _coverage(w, out)
    by_start: dict[int, list[Mention]] = defaultdict(list)
    for m in out:
        by_start[m.start].append(m)
    removed: set[int] = set()  # ids of the mentions replaced by a team
    for line in w.lines:
        separators = _VERSUS
        versus = any(w.lower[i] in separators for i in line)
        tabular = _is_tabular(w, line)
        if not tabular and not versus:
            continue
        groups = _name_groups(w, line, text if tabular else None, separators)
        dated = any(_YEAR.match(w.text[i]) for i in line)
        if len(groups) == 1 and groups[0][0] == line[0] and dated and not versus:
            continue  # a dateline ("LONDON 1996-08-30"), not a result
        for start, end in groups:
            after = w.toks[end] if end < len(w) else None
            before = w.toks[start - 1] if start > 0 else None
            scored = tabular and after is not None and _is_number(after)
            paired = versus and (
                (after is not None and after.lower_ in separators)
                or (before is not None and before.lower_ in separators)
            )
            if not (scored or paired):
                continue
            model = covered[start]
            if model is not None and (model.start < start or model.end > end):
                continue  # part of a longer name the model found
            kind = _team_type(w, start, end, model)
            for i in range(start, end):
                for m in by_start.get(i, ()):
                    if m.end <= end:
                        removed.add(id(m))
            team = Mention(start, end, kind, RULE)
            out.append(team)
            by_start[start].append(team)
            covered[start:end] = [team] * (end - start)
    return [m for m in out if id(m) not in removed]


def _gazetteers(w: _Words, text: str, mentions: list[Mention]) -> list[Mention]:
    """Countries are places, well-known organisations organisations, big cities taken for persons places."""
    lowers = w.lower
    surnames = {lowers[i] for m in mentions if m.type == "PER" and m.end - m.start >= 2 for i in range(m.start, m.end)}
    by_first = _phrases()
    for m in mentions:
        key = _span_text(w, m.start, m.end)
        if key in surnames:
            continue
        for words, kind, _ in by_first.get(lowers[m.start], ()):
            if words == tuple(key.split(" ")):
                if m.type != kind and not (kind == "LOC" and m.type == "ORG" and m.weight == RULE):
                    m.type, m.weight = kind, RULE
                break
        else:
            if m.type == "PER" and key in cities():
                m.type, m.weight = "LOC", RULE
    # Untagged occurrences, written as the gazetteer writes them (acronyms in capitals).
    covered = _coverage(w, mentions)
    out = list(mentions)
    i, n = 0, len(w)
    while i < n:
        options = by_first.get(lowers[i]) if covered[i] is None else None
        if not options:
            i += 1
            continue
        idx = w.toks[i].idx
        original = text[idx : idx + len(w.text[i])]
        if not original[:1].isupper():
            i += 1
            continue
        for words, kind, acronym in options:
            end = i + len(words)
            if end > n or any(
                covered[j] is not None or lowers[j] != word for j, word in zip(range(i, end), words, strict=True)
            ):
                continue
            if (acronym and not original.isupper()) or " ".join(words) in surnames:
                continue
            out.append(Mention(i, end, kind, RULE))
            i = end - 1
            break
        i += 1
    return out


def _places_after_prepositions(w: _Words, text: str, mentions: list[Mention]) -> list[Mention]:
    """ "met Zelensky in Kyiv": a known city or country the model left untagged after "in", "to", "from"
    or "at" is a place. The longest name wins; one followed by another capitalised word is the start of a
    longer name ("at Washington Post") and is left alone."""
    names, most = _places()
    prepositions = place_prepositions()
    covered = _coverage(w, mentions)
    surnames = {w.lower[m.end - 1] for m in mentions if m.type == "PER" and m.end - m.start >= 2}
    out = list(mentions)
    n = len(w)
    for i in range(1, n):
        if covered[i] is not None or w.lower[i - 1] not in prepositions or w.lower[i] in surnames:
            continue
        start, before = w.toks[i].idx, w.toks[i - 1]
        # As written, not as re-cased for the model: a capitalised name after a preposition in prose (a
        # fixtures table in capitals, "KANSAS CITY AT DETROIT", names teams).
        if not text[start : start + 1].isupper() or text[before.idx : before.idx + len(before)].isupper():
            continue
        found = None
        for end in range(i + 1, min(i + 1 + 2 * most, n) + 1):  # (hyphens are tokens of their own)
            if covered[end - 1] is not None or w.toks[end - 1].is_space:
                break
            last = w.toks[end - 1]
            if text[start : last.idx + len(last)].lower().replace("’", "'") in names:
                found = end
        if found is None or (found < n and _is_name(w.text[found]) and not w.toks[found].is_sent_start):
            continue
        out.append(Mention(i, found, "LOC", RULE))
        for j in range(i, found):
            covered[j] = out[-1]
    return out


def _demonyms(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """ "Ukrainian" (officials) is a nationality (MISC), not the place the model took it for."""
    places = countries() | cities()
    for m in mentions:
        tok = w.toks[m.start]
        candidate = m.type == "LOC" and m.end - m.start == 1 and m.weight == MODEL and tok.lower_ not in places
        if candidate and (tok.tag_ == "JJ" or tok.lower_.endswith(_DEMONYM_ENDINGS)):
            m.type = "MISC"
    return mentions


def _events(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """ "Hong Kong Open", "UEFA Cup": a name ending in a competition word names the event (MISC)."""
    heads = event_heads()
    for m in mentions:
        if m.end - m.start < 2 or m.type == "PER":
            continue
        if _span_text(w, m.end - 1, m.end) in heads or _span_text(w, m.end - 2, m.end) in heads:
            m.type, m.weight = "MISC", RULE
    return mentions


def _org_heads(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """ "Dallas Morning News", "Tax Policy Center": a name ending in an organisation word is an organisation."""
    heads = org_heads()
    places = countries() | cities()
    for m in mentions:
        if m.type in ("ORG", "PER") or m.fixed or m.end - m.start < 2 or w.text[m.end - 1] not in heads:
            continue
        if _span_text(w, m.start, m.end) not in places:
            m.type, m.weight = "ORG", RULE
    return mentions


def _matches(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """ "Leicestershire beat Somerset": towns and regions that win or lose matches are teams."""
    verbs = match_verbs()
    places = countries()
    for m in mentions:
        if m.type != "LOC" or m.fixed or _span_text(w, m.start, m.end) in places:
            continue
        after = w.toks[m.end] if m.end < len(w) else None
        before = w.toks[m.start - 1] if m.start > 0 else None
        winner = after is not None and after.lemma_.lower() in verbs and after.pos_ == "VERB"
        loser = before is not None and before.lower_ in ("beat", "defeated", "edged", "thrashed", "routed")
        if winner or loser:
            m.type, m.weight = "ORG", RULE
    return mentions


def _titles(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """In "US Army Secretary Dan Driscoll" the country is a place, and "Army" a department in the title."""
    titles = title_words()
    out = []
    for m in mentions:
        after = w.lower[m.end] if m.end < len(w) else None
        if m.type != "ORG" or after is None or after not in titles:
            out.append(m)
            continue
        if m.end - m.start == 1:
            # ... unless it is an organisation in its own right ("NATO chief", "Kremlin spokesman").
            known = w.text[m.start].isupper() or _span_text(w, m.start, m.end) in organisations()
            if known:
                out.append(m)
            continue
        if m.end - m.start == 2 and w.lower[m.start] in countries():
            out.append(Mention(m.start, m.start + 1, "LOC", RULE))
            continue
        out.append(m)
    return out


def _variant(a: str, b: str) -> bool:
    """Two spellings of one transliterated name: same beginning, nearly the same letters."""
    return a[: _MIN_VARIANT - 1] == b[: _MIN_VARIANT - 1] and fuzz.ratio(a, b) >= 80


def _propagate(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """One document, one reading of each name."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if not m.fixed:
            votes[_span_text(w, m.start, m.end)][m.type] += m.weight
    # A person's surname alone is that person ("Driscoll" after "Dan Driscoll").
    for m in mentions:
        if m.type == "PER" and m.end - m.start >= 2 and not _INITIAL.match(w.text[m.end - 1]):
            last = w.text[m.end - 1]
            if len(last) > 1 and last[0].isupper() and any(ch.isalpha() for ch in last[1:]):
                votes[_span_text(w, m.end - 1, m.end)]["PER"] += SURNAME
            # "de Blasio" after "Bill de Blasio"
            if m.end - m.start >= 3 and w.lower[m.end - 2] in _PARTICLES:
                votes[_span_text(w, m.end - 2, m.end)]["PER"] += SURNAME
    # (by the letters _variant compares first, so each name is held against the few that may match)
    surnames: dict[str, list[str]] = defaultdict(list)
    for key, c in votes.items():
        if " " not in key and c["PER"]:
            surnames[key[: _MIN_VARIANT - 1]].append(key)
    # Another spelling of a surname ("Zelenskiy" beside "Volodymyr Zelenskyy") is the same person.
    for m in mentions:
        key = _span_text(w, m.start, m.end)
        single = m.end - m.start == 1 and m.weight == MODEL and m.type != "PER" and len(key) >= _MIN_VARIANT
        if single and any(_variant(key, s) for s in surnames.get(key[: _MIN_VARIANT - 1], ()) if s != key):
            votes[key]["PER"] += RULE
    reading = {key: c.most_common(1)[0][0] for key, c in votes.items()}
    for m in mentions:
        if not m.fixed:
            m.type = reading[_span_text(w, m.start, m.end)]
    # Tag repetitions the model left untagged.
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in reading:
        words = tuple(key.split(" "))
        if words[0] not in _LEADING_DROP:
            by_first[words[0]].append(words)
    for options in by_first.values():
        options.sort(key=len, reverse=True)
    covered = _coverage(w, mentions)
    out = list(mentions)
    # Each word as a key, as _span_text makes it for a span of one.
    keys = [t.lower().replace("’", "'") for t in w.text]
    i, n = 0, len(w)
    while i < n:
        first = keys[i]
        if covered[i] is not None or not _is_name(w.text[i]) or first not in by_first:
            i += 1
            continue
        for words in by_first[first]:
            end = i + len(words)
            if end <= n and all(
                covered[j] is None and keys[j] == word for j, word in zip(range(i, end), words, strict=True)
            ):
                # Not the first word of a longer capitalised name ("Washington Post").
                if end < n and _is_name(w.text[end]) and not w.toks[end].is_sent_start:
                    break
                out.append(Mention(i, end, reading[" ".join(words)], MODEL))
                i = end - 1
                break
        i += 1
    return out


def _nationalities(w: _Words, mentions: list[Mention]) -> list[Mention]:
    """A full name with a country in brackets is a person: "Tegla Loroupe (Kenya)", "Steffi Graf (Germany)"."""
    names = countries()
    new: list[Mention] = []
    texts = w.text
    for i, t in enumerate(texts):
        if t != "(" or i < 2:
            continue
        close = next((j for j in range(i + 2, min(i + 5, len(w))) if texts[j] == ")"), None)
        if close is None or _span_text(w, i + 1, close) not in names:
            continue
        start = i
        while start > 0 and _is_name(texts[start - 1]) and not w.toks[start - 1].is_space and i - start < 4:
            start -= 1
        if i - start < 2 or _span_text(w, start, i) in names:
            continue
        new.append(Mention(start, i, "PER", RULE))
    return _replaced(w, mentions, new)


def _datelines(w: _Words, text: str, mentions: list[Mention]) -> list[Mention]:
    """ "KHASAVYURT, Russia 1996-08-31", "KYIV, Nov 22 (Reuters) -": the places a report was filed from."""
    new: list[Mention] = []
    texts, lowers = w.text, w.lower
    for line in w.lines:
        groups = []
        k = 0
        while k < len(line) and len(groups) < 2:
            start = k
            while k < len(line) and _is_name(texts[line[k]]) and lowers[line[k]] not in _CALENDAR:
                k += 1
            if k == start:
                break
            groups.append((line[start], line[k - 1] + 1))
            if k < len(line) and texts[line[k]] == ",":
                k += 1
        if not groups or k >= len(line):
            continue
        # Datelines write the place in capitals; "On November 20" is no dateline.
        first = groups[0]
        last = w.toks[first[1] - 1]
        if not text[w.toks[first[0]].idx : last.idx + len(last)].isupper():
            continue
        nxt = line[k]
        if not (_YEAR.match(texts[nxt]) or lowers[nxt].rstrip(".") in _CALENDAR):
            continue
        new.extend(Mention(start, end, "LOC", RULE, fixed=True) for start, end in groups)
    return _replaced(w, mentions, new)


def _common_words(w: _Words, text: str, mentions: list[Mention]) -> list[Mention]:
    """A capitalised word only because it opens a sentence or a headline ("Next", "CRICKET -") is no name
    when the same document writes it in lower case elsewhere."""
    toks, texts, lowers = w.toks, w.text, w.lower
    lower = {  # (a token is lower case as re-cased for the model; its words must be so as written too)
        lowers[i] for i, t in enumerate(texts) if t.islower() and text[toks[i].idx : toks[i].idx + len(t)].islower()
    }
    # Common words that no line of the document capitalises in mid-sentence count as written in lower case.
    recaser = recaser_for(w.doc)
    capitalised = {
        lowers[i]
        for i in range(1, len(w))
        if texts[i][:1].isupper() and not toks[i - 1].is_space and texts[i - 1] not in _SENTENCE_END
    }
    out = []
    for m in mentions:
        words = toks[m.start : m.end]
        original = text[toks[m.start].idx : toks[m.end - 1].idx + len(toks[m.end - 1])]
        opening = m.start == 0 or toks[m.start - 1].is_space or texts[m.start - 1] in _SENTENCE_END
        word = words[0].lower_
        # (A capitalised adjective is a nationality: "Ukrainian officials said".)
        plain = word not in capitalised and word not in countries() and words[0].tag_ != "JJ"
        if recaser and len(words) == 1 and plain and recaser.ordinary(word):
            lower.add(word)
        if (
            m.weight == MODEL
            and all(tok.lower_ in lower for tok in words)
            and (original.isupper() or (opening and len(words) == 1))
        ):
            continue
        out.append(m)
    return out


def _no_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Heavier, then longer, then earlier mentions first; a mention overlapping one kept is dropped."""
    kept: list[Mention] = []
    taken: set[int] = set()  # token indices of the kept mentions (every mention spans at least one token)
    for m in sorted(mentions, key=lambda m: (-m.weight, -(m.end - m.start), m.start)):
        span = range(m.start, m.end)
        if not taken.intersection(span):
            kept.append(m)
            taken.update(span)
    return sorted(kept, key=lambda m: m.start)


def apply(doc: SpacyDoc, text: str, mentions: list[Mention]) -> list[Mention]:
    """The corrected mentions of ``doc`` (parsed from ``text``), given the model's."""
    w = _Words(doc)
    mentions = _trim(w, text, mentions)
    mentions = _common_words(w, text, mentions)
    mentions = _datelines(w, text, mentions)
    mentions = _initials(w, mentions)
    mentions = _nationalities(w, mentions)
    mentions = _teams(w, text, mentions)
    mentions = _gazetteers(w, text, mentions)
    mentions = _places_after_prepositions(w, text, mentions)
    mentions = _titles(w, mentions)
    mentions = _demonyms(w, mentions)
    mentions = _events(w, mentions)
    mentions = _org_heads(w, mentions)
    mentions = _matches(w, mentions)
    mentions = _no_overlaps(mentions)
    mentions = _propagate(w, mentions)
    return _no_overlaps(mentions)
