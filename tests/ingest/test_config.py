"""IngestConfig: defaults, YAML loading, clear errors for bad files."""

from __future__ import annotations

import pytest

from dossier.config import ConfigError, IngestConfig, load_ingest_config


def test_defaults_are_safe():
    config = IngestConfig()
    assert config.allow_private is False
    assert config.obey_robots is True
    assert config.max_bytes == 10 * 1024 * 1024
    assert config.user_agent.startswith("Dossier/") and "crawler" in config.user_agent
    assert {"uk", "ru", "en"} <= set(config.languages)


def test_load_from_yaml_file_with_overrides(tmp_path):
    path = tmp_path / "dossier.yaml"
    path.write_text("ingest:\n  timeout_read: 3\n  languages: [uk, ru]\n  allow_private: true\nstore:\n  x: 1\n")
    config = load_ingest_config(path, language="uk", published=None)
    assert config.timeout_read == 3
    assert config.languages == ("uk", "ru")
    assert config.allow_private is True
    assert config.language == "uk"
    assert config.published is None


def test_config_file_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "custom.yaml"
    path.write_text("ingest:\n  max_bytes: 1000\n")
    monkeypatch.setenv("DOSSIER_CONFIG", str(path))
    assert load_ingest_config().max_bytes == 1000


def test_no_config_file_gives_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("DOSSIER_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    assert load_ingest_config() == IngestConfig()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ingest: [unclosed\n", "not valid YAML at line"),
        ("ingest:\n  timout_read: 3\n", "unknown ingest setting(s): timout_read"),
        ("ingest:\n  max_bytes: -1\n", "max_bytes must be an integer >= 0"),
        ("ingest:\n  allow_private: maybe\n", "allow_private must be true or false"),
        ("ingest:\n  allow_networks: [not-a-network]\n", "not an IP network"),
        ("- a list\n", "must hold a mapping"),
        ("ingest: []\n", "'ingest' section of the config file must be a mapping"),
        ("ingest:\n\ttimeout_read: 3\n", "not valid YAML at line 2, column 1"),
    ],
)
def test_bad_config_files_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "dossier.yaml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        load_ingest_config(path)


def test_missing_named_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_ingest_config(tmp_path / "nope.yaml")


def test_unknown_language_in_config():
    with pytest.raises(ConfigError, match="'xx' is not a language lingua can identify"):
        IngestConfig(languages=("uk", "xx"))


def test_config_file_that_is_not_utf8_or_not_a_file(tmp_path):
    path = tmp_path / "dossier.yaml"
    path.write_bytes("ingest:\n  user_agent: Досьє\n".encode("cp1251"))
    with pytest.raises(ConfigError, match=r"config file .*dossier.yaml: cannot read: not UTF-8 text \(byte \d+\)"):
        load_ingest_config(path)
    with pytest.raises(ConfigError, match=r"config file .*: cannot read"):
        load_ingest_config(tmp_path)
