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
  organisations are organisations, big cities the model took for persons are places;
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


def _is_number(tok: Token) -> bool:
    return bool(_NUMBER.match(tok.text)) or (tok.like_num and not tok.is_alpha)


def _is_name_word(tok: Token) -> bool:
    t = tok.text
    return t[:1].isupper() and any(ch.isalpha() for ch in t)


def _span_text(doc: SpacyDoc, start: int, end: int) -> str:
    """The words of a span as a key: lower case, one apostrophe ("O’Neill" and "O'Neill" are one name)."""
    return " ".join(doc[i].text for i in range(start, end)).lower().replace("’", "'")


def _trim(doc: SpacyDoc, text: str, mentions: list[Mention]) -> list[Mention]:
    """Cut numbers and punctuation out of mentions and drop leading articles."""

    def lower(i: int) -> bool:  # as re-cased for the model: ordinary words of headlines are lower case too
        return doc[i].is_lower

    out = []
    for m in mentions:
        pieces: list[list[int]] = [[]]
        for i in range(m.start, m.end):
            tok = doc[i]
            spaced_dash = tok.text in ("-", "–", "—", "--") and (tok.whitespace_ or doc[i - 1].whitespace_)
            if _is_number(tok) or tok.is_space or spaced_dash or (tok.is_punct and tok.text not in ("&", ".", "-")):
                pieces.append([])
            else:
                pieces[-1].append(i)
        for piece in pieces:
            # Names start and end with a capitalised word: "the", "news agency" are not part of them.
            while piece and (
                doc[piece[0]].lower_ in _LEADING_DROP
                or doc[piece[0]].is_punct
                or (lower(piece[0]) and m.type != "MISC")
            ):
                piece.pop(0)
            while piece and (doc[piece[-1]].is_punct or (lower(piece[-1]) and m.type != "MISC")):
                piece.pop()
            if piece and any(_is_name_word(doc[i]) for i in piece):
                out.append(Mention(piece[0], piece[-1] + 1, m.type, m.weight))
    return out


def _initials(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """An initial before a capitalised word makes a person: "C. Hooper", "A. Shearer"."""
    for m in mentions:
        if m.end - m.start == 2 and _INITIAL.match(doc[m.start].text) and m.type != "PER":
            m.type, m.weight = "PER", RULE
    starts = {m.start: m for m in mentions}
    covered = _coverage(doc, mentions)
    out = list(mentions)
    for i in range(len(doc) - 1):
        if not _INITIAL.match(doc[i].text) or covered[i] is not None:
            continue
        nxt = doc[i + 1]
        if (
            nxt.is_space
            or not _is_name_word(nxt)
            or (nxt.whitespace_ == "" and i + 2 < len(doc) and doc[i + 2].text == ".")
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


def _coverage(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention | None]:
    covered: list[Mention | None] = [None] * len(doc)
    for m in mentions:
        for i in range(m.start, m.end):
            covered[i] = m
    return covered


def _is_tabular(doc: SpacyDoc, line: list[int]) -> bool:
    """A line of scores or standings: many numbers, few ordinary lower-case words."""
    numbers = sum(_is_number(doc[i]) for i in line)
    lower = sum(doc[i].is_alpha and doc[i].text.islower() and len(doc[i].text) > 2 for i in line)
    return numbers >= 2 and numbers >= 0.2 * len(line) and lower <= 0.3 * len(line)


def _name_groups(
    doc: SpacyDoc, line: list[int], text: str | None = None, separators: set[str] = _VERSUS
) -> list[tuple[int, int]]:
    """Runs of capitalised words in ``line``; with ``text``, capitalised as written there (a table row in
    capitals, "KANSAS CITY 61 74", is all names, whatever re-casing made of it)."""
    groups = []
    start = None
    for i in [*line, -1]:
        if i >= 0 and text is not None:
            written = text[doc[i].idx : doc[i].idx + len(doc[i])]
            name_word = written[:1].isupper() and any(ch.isalpha() for ch in written)
        else:
            name_word = i >= 0 and _is_name_word(doc[i])
        if name_word and doc[i].lower_ not in separators and doc[i].lower_ not in _CALENDAR:
            if start is None:
                start = i
            continue
        if start is not None:
            groups.append((start, (i if i >= 0 else line[-1] + 1)))
            start = None
    return groups


def _team_type(doc: SpacyDoc, start: int, end: int, model: Mention | None) -> str:
    if _INITIAL.match(doc[start].text):
        return "PER"
    if _span_text(doc, start, end) in countries():
        return "LOC"
    if model is not None and model.type == "PER" and end - start >= 2:
        return "PER"
    return "ORG"


def _teams(doc: SpacyDoc, text: str, mentions: list[Mention]) -> list[Mention]:
    """Names in results lines ("Bournemouth 1 Peterborough 2", "Walsall v Wrexham") are teams."""
    out = list(mentions)
    for line in token_lines(doc):
        tabular = _is_tabular(doc, line)
        texts = [doc[i].lower_ for i in line]
        separators = _VERSUS
        versus = any(t in separators for t in texts)
        if not tabular and not versus:
            continue
        groups = _name_groups(doc, line, text if tabular else None, separators)
        dated = any(_YEAR.match(doc[i].text) for i in line)
        if len(groups) == 1 and groups[0][0] == line[0] and dated and not versus:
            continue  # a dateline ("LONDON 1996-08-30"), not a result
        covered = _coverage(doc, out)
        for start, end in groups:
            after = doc[end] if end < len(doc) else None
            before = doc[start - 1] if start > 0 else None
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
            kind = _team_type(doc, start, end, model)
            for m in [m for m in out if m.start >= start and m.end <= end]:
                out.remove(m)
            out.append(Mention(start, end, kind, RULE))
    return out


def _gazetteers(doc: SpacyDoc, text: str, mentions: list[Mention]) -> list[Mention]:
    """Countries are places, well-known organisations organisations, big cities taken for persons places."""
    surnames = {
        doc[i].lower_ for m in mentions if m.type == "PER" and m.end - m.start >= 2 for i in range(m.start, m.end)
    }
    by_first = _phrases()
    for m in mentions:
        key = _span_text(doc, m.start, m.end)
        if key in surnames:
            continue
        for words, kind, _ in by_first.get(doc[m.start].lower_, ()):
            if words == tuple(key.split(" ")):
                if m.type != kind and not (kind == "LOC" and m.type == "ORG" and m.weight == RULE):
                    m.type, m.weight = kind, RULE
                break
        else:
            if m.type == "PER" and key in cities():
                m.type, m.weight = "LOC", RULE
    # Untagged occurrences, written as the gazetteer writes them (acronyms in capitals).
    covered = _coverage(doc, mentions)
    out = list(mentions)
    i = 0
    while i < len(doc):
        options = by_first.get(doc[i].lower_) if covered[i] is None else None
        original = text[doc[i].idx : doc[i].idx + len(doc[i])]
        if not options or not original[:1].isupper():
            i += 1
            continue
        for words, kind, acronym in options:
            end = i + len(words)
            if end > len(doc) or any(
                covered[j] is not None or doc[j].lower_ != w for j, w in zip(range(i, end), words, strict=True)
            ):
                continue
            if (acronym and not original.isupper()) or " ".join(words) in surnames:
                continue
            out.append(Mention(i, end, kind, RULE))
            i = end - 1
            break
        i += 1
    return out


def _demonyms(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """ "Ukrainian" (officials) is a nationality (MISC), not the place the model took it for."""
    places = countries() | cities()
    for m in mentions:
        tok = doc[m.start]
        candidate = m.type == "LOC" and m.end - m.start == 1 and m.weight == MODEL and tok.lower_ not in places
        if candidate and (tok.tag_ == "JJ" or tok.lower_.endswith(_DEMONYM_ENDINGS)):
            m.type = "MISC"
    return mentions


def _events(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """ "Hong Kong Open", "UEFA Cup": a name ending in a competition word names the event (MISC)."""
    heads = event_heads()
    for m in mentions:
        if m.end - m.start < 2 or m.type == "PER":
            continue
        if _span_text(doc, m.end - 1, m.end) in heads or _span_text(doc, m.end - 2, m.end) in heads:
            m.type, m.weight = "MISC", RULE
    return mentions


def _org_heads(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """ "Dallas Morning News", "Tax Policy Center": a name ending in an organisation word is an organisation."""
    heads = org_heads()
    places = countries() | cities()
    for m in mentions:
        if m.type in ("ORG", "PER") or m.fixed or m.end - m.start < 2 or doc[m.end - 1].text not in heads:
            continue
        if _span_text(doc, m.start, m.end) not in places:
            m.type, m.weight = "ORG", RULE
    return mentions


def _matches(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """ "Leicestershire beat Somerset": towns and regions that win or lose matches are teams."""
    verbs = match_verbs()
    places = countries()
    for m in mentions:
        if m.type != "LOC" or m.fixed or _span_text(doc, m.start, m.end) in places:
            continue
        after = doc[m.end] if m.end < len(doc) else None
        before = doc[m.start - 1] if m.start > 0 else None
        winner = after is not None and after.lemma_.lower() in verbs and after.pos_ == "VERB"
        loser = before is not None and before.lower_ in ("beat", "defeated", "edged", "thrashed", "routed")
        if winner or loser:
            m.type, m.weight = "ORG", RULE
    return mentions


def _titles(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """In "US Army Secretary Dan Driscoll" the country is a place, and "Army" a department in the title."""
    titles = title_words()
    out = []
    for m in mentions:
        after = doc[m.end] if m.end < len(doc) else None
        if m.type != "ORG" or after is None or after.lower_ not in titles:
            out.append(m)
            continue
        if m.end - m.start == 1:
            # ... unless it is an organisation in its own right ("NATO chief", "Kremlin spokesman").
            known = doc[m.start].text.isupper() or _span_text(doc, m.start, m.end) in organisations()
            if known:
                out.append(m)
            continue
        if m.end - m.start == 2 and doc[m.start].lower_ in countries():
            out.append(Mention(m.start, m.start + 1, "LOC", RULE))
            continue
        out.append(m)
    return out


def _variant(a: str, b: str) -> bool:
    """Two spellings of one transliterated name: same beginning, nearly the same letters."""
    return a[: _MIN_VARIANT - 1] == b[: _MIN_VARIANT - 1] and fuzz.ratio(a, b) >= 80


def _propagate(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """One document, one reading of each name."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if not m.fixed:
            votes[_span_text(doc, m.start, m.end)][m.type] += m.weight
    # A person's surname alone is that person ("Driscoll" after "Dan Driscoll").
    for m in mentions:
        if m.type == "PER" and m.end - m.start >= 2 and not _INITIAL.match(doc[m.end - 1].text):
            last = doc[m.end - 1]
            if len(last.text) > 1 and last.text[0].isupper() and any(ch.isalpha() for ch in last.text[1:]):
                votes[_span_text(doc, m.end - 1, m.end)]["PER"] += SURNAME
            # "de Blasio" after "Bill de Blasio"
            if m.end - m.start >= 3 and doc[m.end - 2].lower_ in _PARTICLES:
                votes[_span_text(doc, m.end - 2, m.end)]["PER"] += SURNAME
    surnames = [key for key, c in votes.items() if " " not in key and c["PER"]]
    # Another spelling of a surname ("Zelenskiy" beside "Volodymyr Zelenskyy") is the same person.
    for m in mentions:
        key = _span_text(doc, m.start, m.end)
        single = m.end - m.start == 1 and m.weight == MODEL and m.type != "PER" and len(key) >= _MIN_VARIANT
        if single and any(_variant(key, s) for s in surnames if s != key):
            votes[key]["PER"] += RULE
    reading = {key: c.most_common(1)[0][0] for key, c in votes.items()}
    for m in mentions:
        if not m.fixed:
            m.type = reading[_span_text(doc, m.start, m.end)]
    # Tag repetitions the model left untagged.
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in reading:
        words = tuple(key.split(" "))
        if words[0] not in _LEADING_DROP:
            by_first[words[0]].append(words)
    for options in by_first.values():
        options.sort(key=len, reverse=True)
    covered = _coverage(doc, mentions)
    out = list(mentions)
    i = 0
    while i < len(doc):
        tok = doc[i]
        first = _span_text(doc, i, i + 1)
        if covered[i] is not None or not _is_name_word(tok) or first not in by_first:
            i += 1
            continue
        for words in by_first[first]:
            end = i + len(words)
            if end <= len(doc) and all(
                covered[j] is None and _span_text(doc, j, j + 1) == w for j, w in zip(range(i, end), words, strict=True)
            ):
                # Not the first word of a longer capitalised name ("Washington Post").
                if end < len(doc) and _is_name_word(doc[end]) and not doc[end].is_sent_start:
                    break
                out.append(Mention(i, end, reading[" ".join(words)], MODEL))
                i = end - 1
                break
        i += 1
    return out


def _nationalities(doc: SpacyDoc, mentions: list[Mention]) -> list[Mention]:
    """A full name with a country in brackets is a person: "Tegla Loroupe (Kenya)", "Steffi Graf (Germany)"."""
    names = countries()
    out = list(mentions)
    for tok in doc:
        if tok.text != "(" or tok.i < 2:
            continue
        close = next((j for j in range(tok.i + 2, min(tok.i + 5, len(doc))) if doc[j].text == ")"), None)
        if close is None or _span_text(doc, tok.i + 1, close) not in names:
            continue
        start = tok.i
        while start > 0 and _is_name_word(doc[start - 1]) and not doc[start - 1].is_space and tok.i - start < 4:
            start -= 1
        if tok.i - start < 2 or _span_text(doc, start, tok.i) in names:
            continue
        out = [m for m in out if m.end <= start or m.start >= tok.i]
        out.append(Mention(start, tok.i, "PER", RULE))
    return out


def _datelines(doc: SpacyDoc, text: str, mentions: list[Mention]) -> list[Mention]:
    """ "KHASAVYURT, Russia 1996-08-31", "KYIV, Nov 22 (Reuters) -": the places a report was filed from."""
    out = list(mentions)
    for line in token_lines(doc):
        groups = []
        k = 0
        while k < len(line) and len(groups) < 2:
            start = k
            while k < len(line) and _is_name_word(doc[line[k]]) and doc[line[k]].lower_ not in _CALENDAR:
                k += 1
            if k == start:
                break
            groups.append((line[start], line[k - 1] + 1))
            if k < len(line) and doc[line[k]].text == ",":
                k += 1
        first = groups[0] if groups else (0, 0)
        # Datelines write the place in capitals; "On November 20" is no dateline.
        if (
            not groups
            or k >= len(line)
            or not text[doc[first[0]].idx : doc[first[1] - 1].idx + len(doc[first[1] - 1])].isupper()
        ):
            continue
        nxt = doc[line[k]]
        if not (_YEAR.match(nxt.text) or nxt.lower_.rstrip(".") in _CALENDAR):
            continue
        for start, end in groups:
            out = [m for m in out if m.end <= start or m.start >= end]
            out.append(Mention(start, end, "LOC", RULE, fixed=True))
    return out


def _common_words(doc: SpacyDoc, text: str, mentions: list[Mention]) -> list[Mention]:
    """A capitalised word only because it opens a sentence or a headline ("Next", "CRICKET -") is no name
    when the same document writes it in lower case elsewhere."""
    lower = {tok.lower_ for tok in doc if tok.is_lower and text[tok.idx : tok.idx + len(tok)].islower()}
    # Common words that no line of the document capitalises in mid-sentence count as written in lower case.
    recaser = recaser_for(doc)
    capitalised = {
        tok.lower_
        for tok in doc
        if tok.i > 0
        and tok.text[:1].isupper()
        and not doc[tok.i - 1].is_space
        and doc[tok.i - 1].text not in _SENTENCE_END
    }
    out = []
    for m in mentions:
        words = [doc[i] for i in range(m.start, m.end)]
        original = text[doc[m.start].idx : doc[m.end - 1].idx + len(doc[m.end - 1])]
        opening = m.start == 0 or doc[m.start - 1].is_space or doc[m.start - 1].text in _SENTENCE_END
        word = words[0].lower_
        # (A capitalised adjective is a nationality: "Ukrainian officials said".)
        plain = word not in capitalised and word not in countries() and words[0].tag_ != "JJ"
        if recaser and len(words) == 1 and plain and recaser.ordinary(word):
            lower.add(word)
        if (
            m.weight == MODEL
            and all(w.lower_ in lower for w in words)
            and (original.isupper() or (opening and len(words) == 1))
        ):
            continue
        out.append(m)
    return out


def _no_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-m.weight, -(m.end - m.start), m.start)):
        if all(m.end <= k.start or k.end <= m.start for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def apply(doc: SpacyDoc, text: str, mentions: list[Mention]) -> list[Mention]:
    """The corrected mentions of ``doc`` (parsed from ``text``), given the model's."""
    mentions = _trim(doc, text, mentions)
    mentions = _common_words(doc, text, mentions)
    mentions = _datelines(doc, text, mentions)
    mentions = _initials(doc, mentions)
    mentions = _nationalities(doc, mentions)
    mentions = _teams(doc, text, mentions)
    mentions = _gazetteers(doc, text, mentions)
    mentions = _titles(doc, mentions)
    mentions = _demonyms(doc, mentions)
    mentions = _events(doc, mentions)
    mentions = _org_heads(doc, mentions)
    mentions = _matches(doc, mentions)
    mentions = _no_overlaps(mentions)
    mentions = _propagate(doc, mentions)
    return _no_overlaps(mentions)
