"""Stances on tracked issues from hand-built entities and attributions, and tracker loading."""

from __future__ import annotations

import pytest

from dossier.nlp.actors import make_actors
from dossier.nlp.doc import Doc
from dossier.nlp.stances import make_stances
from dossier.records import Attribution, Document, Entity, Span
from dossier.trackers import TrackerError, default_trackers, load_tracker, load_trackers


def build(text: str, lang: str, mentions: list[tuple[str, str]], attributions: list[tuple[str, str]] = ()) -> Doc:
    """Entities from (surface, type); attributions from (content, source) substrings, speakers from the source."""
    doc = Doc(Document(text=text, language=lang))
    pos = 0
    for surface, etype in mentions:
        start = text.index(surface, pos)
        doc.entities.append(Entity(start, start + len(surface), etype, text=surface))
        pos = start + len(surface)
    doc = make_actors(lang, {})(doc)
    for i, (content, source) in enumerate(attributions):
        c, s = text.index(content), text.index(source)
        speaker = next((e.actor for e in doc.entities if e.start == s), None)
        doc.attributions.append(
            Attribution(f"a{i}", "direct", Span(c, c + len(content)), source=Span(s, s + len(source)), speaker=speaker)
        )
    return make_stances(lang, {})(doc)


def table(doc: Doc) -> dict[str, tuple[str, bool]]:
    return {s.actor: (s.polarity, s.hedged) for s in doc.stances if s.issue == "us-peace-plan-28"}


def test_narrated_opposition_names_its_holders_but_not_the_plan_authors() -> None:
    text = (
        "The Witkoff-Dmitriev peace plan is under discussion. Several leaders have spoken out against the plan, "
        "including Chancellor Anna Keller and NATO. Ivan Rudenko visited Lviv."
    )
    doc = build(
        text,
        "en",
        [
            ("Witkoff-Dmitriev", "PER"),
            ("Anna Keller", "PER"),
            ("NATO", "ORG"),
            ("Ivan Rudenko", "PER"),
            ("Lviv", "LOC"),
        ],
    )
    assert table(doc) == {"anna-keller": ("oppose", False), "nato": ("oppose", False)}
    assert doc.stances[0].evidence[0].text(text).startswith("Several leaders")


def test_quoted_speaker_and_nested_statement_and_hedged_support() -> None:
    text = (
        "Despite the alleged support from President Mark Olson, the 28-point plan stalls. "
        '"The plan is problematic. He says he is reviewing it," said Maria Petrova.'
    )
    doc = build(
        text,
        "en",
        [("Mark Olson", "PER"), ("Maria Petrova", "PER")],
        [("The plan is problematic. He says he is reviewing it,", "Maria Petrova"), ("he is reviewing it", "He")],
    )
    # The nested statement's source "He" is unresolved here (speakers does that), so it holds no stance.
    assert table(doc) == {"mark-olson": ("support", True), "maria-petrova": ("oppose", False)}


def test_negation_turns_support_into_opposition() -> None:
    text = "Maria Petrova said the peace plan was good. Later Maria Petrova has not supported the plan."
    doc = build(text, "en", [("Maria Petrova", "PER"), ("Maria Petrova", "PER")])
    assert table(doc) == {"maria-petrova": ("oppose", False)}


def test_ukrainian_and_russian_cues() -> None:
    uk = "Мирний план США обговорюють. Петро Бондар виступив проти плану. Олена Марчук мирний план підтримала."
    doc = build(uk, "uk", [("США", "LOC"), ("Петро Бондар", "PER"), ("Олена Марчук", "PER")])
    assert table(doc) == {"petro-bondar": ("oppose", False), "olena-marchuk": ("support", False)}
    ru = "Мирный план обсуждается, несмотря на якобы поддержку со стороны президента Ивана Руденко."
    doc = build(ru, "ru", [("Ивана Руденко", "PER")])
    assert table(doc) == {"ivan-rudenko": ("support", True)}


def test_no_stance_without_the_issue() -> None:
    text = "Maria Petrova opposed the new budget."
    assert build(text, "en", [("Maria Petrova", "PER")]).stances == []


def test_points_of_the_plan_mentioned() -> None:
    text = "The 28-point plan asks Ukraine to cede territory and renounce long-range weapons."
    doc = build(text, "en", [("Ukraine", "LOC")])
    assert doc.extras["issue_points"]["us-peace-plan-28"] == ["territory", "long-range-weapons"]


def test_bundled_tracker_loads() -> None:
    (plan,) = [t for t in default_trackers() if t.id == "us-peace-plan-28"]
    assert {p.id for p in plan.points} >= {
        "territory",
        "armed-forces-limits",
        "security-guarantees",
        "nato-restrictions",
        "russia-g8-return",
        "long-range-weapons",
    }
    assert set(plan.keywords) == {"en", "uk", "ru"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id: x\nkeywords: {en: [a\n", "not valid YAML"),
        ("id: Not A Slug\nkeywords: {en: [plan]}\n", "slug"),
        ("id: x\nkeywords: {en: []}\n", "at least one keyword"),
        ("id: x\nkeywords: [plan]\n", "mapping of language"),
        ("id: x\nkeywords: {en: [plan]}\npoints: [{name: no id}]\n", "point 1"),
    ],
)
def test_broken_tracker_files_give_clear_errors(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TrackerError, match=message):
        load_tracker(path)


def test_custom_tracker_folder_is_used(tmp_path) -> None:
    (tmp_path / "budget.yaml").write_text(
        "id: budget-2026\nname: Budget 2026\nkeywords: {en: [budget]}\n", encoding="utf-8"
    )
    assert [t.id for t in load_trackers(tmp_path)] == ["budget-2026"]
    doc = Doc(Document(text="Maria Petrova opposed the new budget.", language="en"))
    doc.entities.append(Entity(0, 13, "PER", text="Maria Petrova"))
    doc = make_actors("en", {})(doc)
    doc = make_stances("en", {"trackers": str(tmp_path)})(doc)
    assert [(s.actor, s.issue, s.polarity) for s in doc.stances] == [("maria-petrova", "budget-2026", "oppose")]


def test_the_cue_of_a_statement_is_its_speakers_stance() -> None:
    # "criticised" is both the attribution's cue and the stance: the speaker holds it.
    text = "Anna Keller criticised the peace plan and called it a capitulation."
    doc = Doc(Document(text=text, language="en"))
    doc.entities.append(Entity(0, 11, "PER", text="Anna Keller"))
    doc = make_actors("en", {})(doc)
    cue, content = text.index("criticised"), text.index("the peace plan")
    doc.attributions.append(
        Attribution(
            "a1",
            "indirect",
            Span(content, content + 14),
            cue=Span(cue, cue + 10),
            source=Span(0, 11),
            speaker="anna-keller",
        )
    )
    doc = make_stances("en", {})(doc)
    assert table(doc) == {"anna-keller": ("oppose", False)}


def test_a_negated_verb_and_the_issue_named_after_a_person() -> None:
    doc = build(
        '"We do not support this peace plan," said Anna Keller.',
        "en",
        [("Anna Keller", "PER")],
        [("We do not support this peace plan,", "Anna Keller")],
    )
    assert table(doc) == {"anna-keller": ("oppose", False)}
    # "мирний план Трампа" names the plan: Trump is no holder of Orbán's welcome.
    doc = build("Віктор Орбан привітав мирний план Трампа.", "uk", [("Віктор Орбан", "PER"), ("Трампа", "PER")])
    assert table(doc) == {"viktor-orban": ("support", False)}


def test_a_bare_yaml_boolean_in_a_tracker_is_reported(tmp_path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("id: x\nkeywords: {en: [plan, on]}\n", encoding="utf-8")
    with pytest.raises(TrackerError, match="quote"):
        load_tracker(path)


def test_a_point_of_the_plan_named_right_after_the_cue() -> None:
    text = "NATO is dissatisfied with the restrictions imposed on the Alliance by the Witkoff-Dmitriev plan."
    doc = build(text, "en", [("NATO", "ORG")])
    assert sorted((s.actor, s.point or "", s.polarity) for s in doc.stances) == [
        ("nato", "", "oppose"),
        ("nato", "nato-restrictions", "oppose"),
    ]
