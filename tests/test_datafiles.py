"""The shared data-file readers: a broken file is named, with the line of a YAML mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.datafiles import is_slug, load_yaml, read_lines
from dossier.nlp.aliases import AliasError, AliasTable
from dossier.nlp.names import NICKNAMES, nickname_groups
from dossier.trackers import TrackerError, load_tracker


class BrokenFile(ValueError):
    pass


def test_load_yaml_reads_a_document(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("id: plan\nkeywords: {en: [ceasefire, 'on']}\n", encoding="utf-8")
    assert load_yaml(path, BrokenFile) == {"id": "plan", "keywords": {"en": ["ceasefire", "on"]}}


def test_yaml_syntax_error_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("- id: x\n  type: PER\n  name: [unclosed\n- id: y\n", encoding="utf-8")
    with pytest.raises(BrokenFile) as info:
        load_yaml(path, BrokenFile)
    message = str(info.value)
    assert message.startswith(f"{path}: not valid YAML at line 4, column ")
    assert "<unicode string>" not in message  # the parser's own name for the text says nothing


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "No such file"), (b"name: \xff\xfe\n", "not UTF-8")],
)
def test_unreadable_file_is_the_callers_error(tmp_path: Path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "tracker.yaml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BrokenFile, match=f"{path}: cannot read: {reason}"):
        load_yaml(path, BrokenFile)


def test_alias_table_and_tracker_report_the_line(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("- id: x\n  type: PER\n  name: X\n  names: {en: [a, b}\n", encoding="utf-8")
    with pytest.raises(AliasError, match=r"aliases\.yaml: not valid YAML at line 4"):
        AliasTable.load(aliases)
    tracker = tmp_path / "budget.yaml"
    tracker.write_text("id: budget\nkeywords:\n  en: [budget\n", encoding="utf-8")
    with pytest.raises(TrackerError, match=r"budget\.yaml: not valid YAML at line 4"):
        load_tracker(tracker)
    with pytest.raises(TrackerError, match="cannot read"):
        load_tracker(tmp_path / "missing.yaml")


def test_read_lines_drops_blank_and_comment_lines_only(tmp_path: Path) -> None:
    path = tmp_path / "titles.txt"
    path.write_text("# Titles, one a line.\n\n  president \n  # indented comment\nC# developer\n", encoding="utf-8")
    assert read_lines(path) == ["president", "C# developer"]


def test_nicknames_file_reads_as_groups() -> None:
    lines = read_lines(NICKNAMES)
    assert lines and not any(line.startswith("#") for line in lines)
    groups = nickname_groups()
    assert {"dan", "daniel", "danny"} <= groups["dan"]
    assert "ден" in groups["деніел"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("us-peace-plan-28", True),
        ("nato", True),
        ("Nato", False),
        ("a--b", False),
        ("-a", False),
        ("a b", False),
        ("зеленський", False),
        ("plan\n", False),
        (28, False),
        (None, False),
    ],
)
def test_ids_in_data_files_are_slugs(value: object, ok: bool) -> None:
    assert is_slug(value) is ok
