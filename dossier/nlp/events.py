"""``events``: visits, talks, meetings, phone calls, agreements and signings.

A trigger (lexicons/LANG/events.yaml) makes an event of its sentence: the persons named
there are its participants (organisations when no person is named; a speaker is not a
participant of what he reports), the place is a location after a place preposition ("in
Kyiv", "до Києва"), the date the sentence's date expression nearest the trigger,
normalised against the publication date (dossier.nlp.dates). A trigger that points back
("during the meeting", "під час зустрічі") names an event already found: it is not a new
one, and the events of its sentence take their missing date and place from it. The same
event mentioned again ("Driscoll's visit to Kyiv" after "his visit to Kyiv") is merged.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.nlp.dates import find_dates
from dossier.nlp.doc import Doc
from dossier.nlp.lexicon import LexiconError, read_yaml
from dossier.nlp.phrases import TOKEN, Word, compile_pattern, find_all, tokenize
from dossier.nlp.registry import component
from dossier.nlp.speakers import Covering, SpeakerResolver, sentences_of
from dossier.nlp.speakers import lexicons as speaker_lexicons
from dossier.records import Event, Span


@dataclass(frozen=True, slots=True)
class _Pattern:
    type: str
    parts: tuple[str, ...]  # "word", "stem*" or "~"


@dataclass(frozen=True, slots=True)
class EventLexicon:
    patterns: tuple[_Pattern, ...]
    anaphora: tuple[tuple[str, ...], ...]
    place_prepositions: frozenset[str]
    same_event: tuple[frozenset[str], ...]
    not_events: tuple[tuple[str, ...], ...] = ()

    @property
    def parts(self) -> tuple[tuple[str, ...], ...]:
        return tuple(p.parts for p in self.patterns)


@cache
def event_lexicon(lang: str) -> EventLexicon:
    data = read_yaml(lang, "events")
    if data is None:
        return EventLexicon((), (), frozenset(), ())
    if not isinstance(data, dict) or not isinstance(data.get("triggers"), dict):
        raise LexiconError(f"lexicons/{lang}/events.yaml: expected a 'triggers' mapping of type -> patterns")
    patterns = [
        _Pattern(etype, compile_pattern(_fold(p))) for etype, ps in data["triggers"].items() for p in ps if p.strip()
    ]
    return EventLexicon(
        tuple(patterns),
        tuple(tuple(a.lower().split()) for a in data.get("anaphora", [])),
        frozenset(p.lower() for p in data.get("place_prepositions", [])),
        tuple(frozenset(g) for g in data.get("same_event", [])),
        tuple(compile_pattern(_fold(p)) for p in data.get("not_events", []) if p.strip()),
    )


def _fold(text: str) -> str:
    """Russian writes ё or е at will ("провёл", "провел"): triggers match either."""
    return text.replace("ё", "е").replace("Ё", "Е")


@dataclass(slots=True)
class Trigger:
    type: str
    start: int
    end: int
    anaphoric: bool


def find_triggers(text: str, start: int, end: int, lang: str) -> list[Trigger]:
    """Event triggers in ``text[start:end]`` (one sentence), without overlaps."""
    lex = event_lexicon(lang)
    ws = [Word(w.start, w.end, _fold(w.norm)) for w in tokenize(text, start, end)]
    found = []
    blocked = {n for i, j, _ in find_all(lex.not_events, ws) for n in range(i, j)}
    for i, j, k in find_all(lex.parts, ws):
        if blocked & set(range(i, j)):
            continue
        before = tuple(w.norm for w in ws[max(0, i - 3) : i])
        anaphoric = any(len(a) <= len(before) and before[len(before) - len(a) :] == a for a in lex.anaphora)
        found.append(Trigger(lex.patterns[k].type, ws[i].start, ws[j - 1].end, anaphoric))
    return found


class EventFinder:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        lang = doc.lang if doc.lang in ("en", "uk", "ru") else self.lang
        lex = event_lexicon(lang)
        text = doc.text
        found = [(s, e, find_triggers(text, s, e, lang)) for s, e in sentences_of(doc)]
        found = [f for f in found if f[2]]
        events: list[Event] = []
        doc.events = events
        if not found:
            return doc
        dates = [d for d in find_dates(text, lang, doc.document.published) if d.value]
        ents = sorted((e for e in doc.entities if e.actor), key=lambda e: e.start)
        types = {a.id: a.type for a in doc.actors}
        starts = [e.start for e in ents]
        pronouns = _Pronouns(doc)
        for s_start, s_end, triggers in found:
            in_sentence = ents[bisect_left(starts, s_start) : bisect_left(starts, s_end)]
            context: Event | None = None
            new: list[Event] = []
            for trig in triggers:
                if trig.anaphoric:
                    earlier = self._earlier(events, trig.type, lex)
                    if earlier is not None:
                        context = earlier
                        continue
                span = Span(trig.start, trig.end)
                ev = Event(
                    type=trig.type,
                    trigger=span,
                    date=self._date(dates, trig, s_start, s_end),
                    place=self._place(text, in_sentence, trig, lex),
                    participants=self._participants(doc, in_sentence, trig, types, lex, pronouns),
                )
                self._add_pronouns(doc, ev, s_start, s_end, events, types, pronouns)
                new.append(ev)
            for ev in new:
                if context is not None:
                    ev.date = ev.date or context.date
                    ev.place = ev.place or context.place
                if not ev.participants:
                    continue  # an event nobody takes part in ("the fate of the negotiations") says nothing
                same = next((old for old in events if self._same(old, ev, lex)), None)
                if same is not None:
                    same.date = same.date or ev.date
                    same.place = same.place or ev.place
                    same.participants += [p for p in ev.participants if p not in same.participants]
                else:
                    events.append(ev)
        return doc

    @staticmethod
    def _add_pronouns(
        doc: Doc, ev: Event, s_start: int, s_end: int, events: list[Event], types: dict[str, str], pronouns: _Pronouns
    ) -> None:
        """Persons the sentence names by a pronoun take part too: "He visited Kyiv", "Вони підписали
        угоду" (they: the parties of the event just before, else the nearest fitting actor)."""
        text = doc.text
        found: list[str] = []
        for m in TOKEN.finditer(text, s_start, s_end):
            gender = pronouns.gender(m.group())
            if gender is None or pronouns.reporting_or_quoted(m.start()):
                continue
            recent = events[-1] if events and events[-1].trigger.start >= pronouns.sentence_start(s_start, 2) else None
            if gender == "plur" and recent is not None:
                found += recent.participants
                continue
            who = pronouns.referent(m.start(), m.end())
            if who:
                found.append(who)
        persons = [p for p in found if types.get(p) == "PER"] or found
        if persons and any(types.get(p) == "PER" for p in persons):
            # named organisations stand in only when no person takes part
            ev.participants = [p for p in ev.participants if types.get(p) == "PER"]
        ev.participants += [p for p in dict.fromkeys(persons) if p not in ev.participants]

    @staticmethod
    def _compatible(a: str, b: str, lex: EventLexicon) -> bool:
        return a == b or any(a in g and b in g for g in lex.same_event)

    def _earlier(self, events: list[Event], etype: str, lex: EventLexicon) -> Event | None:
        return next((e for e in reversed(events) if self._compatible(e.type, etype, lex)), None)

    def _same(self, old: Event, ev: Event, lex: EventLexicon) -> bool:
        return (
            old.type == ev.type
            and bool(set(old.participants) & set(ev.participants))
            and (old.place is None or ev.place is None or old.place == ev.place)
            and (old.date is None or ev.date is None or old.date == ev.date)
        )

    @staticmethod
    def _date(dates: list, trig: Trigger, s_start: int, s_end: int) -> str | None:
        here = [d for d in dates if s_start <= d.start < s_end]
        if not here:
            return None
        return min(here, key=lambda d: abs(d.start - trig.start)).value

    @staticmethod
    def _place(text: str, ents: list, trig: Trigger, lex: EventLexicon) -> str | None:
        # "in Kyiv", "до Києва", or what a visit verb takes as its object ("visited Kyiv", "відвідав Київ";
        # not "talks with China": there the place is the other party)
        places = [
            e
            for e in ents
            if e.type == "LOC"
            and (
                _after_place_preposition(text, e.start, lex)
                or (trig.type == "visit" and e.start > trig.end and not text[trig.end : e.start].strip())
            )
        ]
        if not places:
            return None
        return min(places, key=lambda e: abs(e.start - trig.start)).actor

    @staticmethod
    def _participants(
        doc: Doc, ents: list, trig: Trigger, types: dict[str, str], lex: EventLexicon, pronouns: _Pronouns
    ) -> list[str]:
        # A speaker reporting the event ("X said that Y visited") takes no part in it.
        reporters = [doc.attributions[k].source for k in pronouns.contents_at(trig.start)]
        reporters = [r for r in reporters if r is not None]
        out: list[str] = []
        for wanted in ("PER", "ORG"):
            for e in ents:
                if e.type != wanted or types.get(e.actor) not in (wanted, None):
                    continue
                if any(r.start <= e.start < r.end for r in reporters):
                    continue
                if wanted == "ORG" and _after_place_preposition(doc.text, e.start, lex):
                    continue  # the venue ("зустріч відбулася в Міністерстві оборони"), not a party
                if e.actor not in out:
                    out.append(e.actor)
            if out:
                break
        if not out and trig.type != "visit":
            out = _coordinated_countries(doc.text, ents, trig)
        return out


class _Pronouns:
    """Personal pronouns resolved as the speakers component resolves them, prepared on first use."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._resolver: SpeakerResolver | None = None
        self._skip: Covering | None = None
        self._contents: Covering | None = None
        lang = doc.lang if doc.lang in ("en", "uk", "ru") else "en"
        self._genders = {p: g for p, g in speaker_lexicons(lang).pronouns.items() if g in ("masc", "femn", "plur")}
        self._lang = lang

    def gender(self, word: str) -> str | None:
        return self._genders.get(word.lower())

    def _ready(self) -> SpeakerResolver:
        if self._resolver is None:
            self._resolver = SpeakerResolver(self._lang)
            self._resolver.prepare(self.doc)
        return self._resolver

    def reporting_or_quoted(self, pos: int) -> bool:
        """Whether ``pos`` lies in an attribution's source ("she said") or in a direct quote."""
        if self._skip is None:
            atts = self.doc.attributions
            self._skip = Covering(
                [a.source for a in atts if a.source] + [a.content for a in atts if a.kind == "direct"]
            )
        return bool(self._skip.at(pos))

    def contents_at(self, pos: int) -> list[int]:
        """Indices of the attributions whose content spans ``pos`` (start to end)."""
        if self._contents is None:
            self._contents = Covering([Span(a.content.start, a.content.end) for a in self.doc.attributions])
        return self._contents.at(pos)

    def referent(self, start: int, end: int) -> str | None:
        return self._ready().pronoun_referent(start, end)

    def sentence_start(self, pos: int, back: int) -> int:
        """Where the sentence ``back`` sentences before the one at ``pos`` starts."""
        r = self._ready()
        i = r._sentence_index(pos)
        return r.sentences[max(0, i - back)][0] if r.sentences else 0


_AND = frozenset({"and", "and the", "і", "й", "та", "и", "&", ","})


def _coordinated_countries(text: str, ents: list, trig: Trigger) -> list[str]:
    """Countries as the parties when nobody else is named: two or more joined by "and" before
    the trigger ("Ukraine and the United States held talks", "Россия и Турция подписали")."""
    locs = [e for e in ents if e.type == "LOC" and e.end <= trig.start]
    for i in range(len(locs) - 1, 0, -1):
        chain = [locs[i]]
        j = i
        while j > 0 and text[locs[j - 1].end : locs[j].start].strip().lower() in _AND:
            chain.insert(0, locs[j - 1])
            j -= 1
        if len(chain) > 1:
            return list(dict.fromkeys(e.actor for e in chain))
    return []


def _after_place_preposition(text: str, start: int, lex: EventLexicon) -> bool:
    """Whether the word before ``start`` is a place preposition ("in Kyiv", "до Києва")."""
    before = TOKEN.findall(text[max(0, start - 20) : start])
    return bool(before) and before[-1].lower() in lex.place_prepositions


@component("events")
def make_events(lang: str, config: dict[str, Any]) -> EventFinder:
    event_lexicon(lang)  # a broken lexicon fails when the pipeline loads, not mid-batch
    return EventFinder(lang)
