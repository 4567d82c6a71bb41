"""Configuration: dataclasses with safe defaults, loadable from a YAML file.

The file is ``dossier.yaml`` in the working directory, or the path in ``DOSSIER_CONFIG``.
Each stage reads its own top-level section; ingest reads ``ingest:``::

    ingest:
      timeout_connect: 5
      timeout_read: 20
      max_bytes: 10485760
      allow_private: false
      obey_robots: true
      per_host_delay: 1.0
      languages: [uk, ru, en, pl, de]

Unknown keys in a section are an error (a typo should not silently do nothing).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier import __version__
from dossier.datafiles import load_yaml

CONFIG_ENV = "DOSSIER_CONFIG"
DEFAULT_CONFIG_FILE = "dossier.yaml"

# uk/ru/en plus the languages the region's media publish in or quote at length: the neighbours (pl, be, ro,
# hu, sk, cs, bg), the Baltic states (lt, lv, et), the main European languages (de, fr, es, it) and tr.
# Kazakh was tried and left out: lingua took a long Ukrainian academic text for Kazakh. Languages outside
# this set are never guessed; add more in dossier.yaml (ingest.languages).
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "uk", "ru", "en", "pl", "be", "ro", "hu", "sk", "cs", "bg", "lt", "lv", "et", "de", "fr", "es", "it", "tr",
)  # fmt: skip


class ConfigError(ValueError):
    """The configuration file is unreadable, not valid YAML, or has a bad value."""


@dataclass(slots=True)
class IngestConfig:
    """How ingest fetches, parses and labels documents. All network limits are per request."""

    timeout_connect: float = 10.0  # seconds to establish a connection
    timeout_read: float = 30.0  # seconds between bytes received
    timeout_total: float = 120.0  # seconds for one whole response (a server trickling bytes is cut off)
    max_bytes: int = 10 * 1024 * 1024  # response bodies and local files larger than this are refused
    max_redirects: int = 5
    allow_private: bool = False  # allow loopback/private/link-local/reserved addresses (SSRF guard off)
    allow_networks: tuple[str, ...] = ()  # CIDR ranges allowed although not public, e.g. an intranet host
    obey_robots: bool = True
    ca_file: str | None = None  # extra CA certificates (PEM) to trust for https, e.g. an intranet's own CA
    per_host_delay: float = 1.0  # minimum seconds between two requests to one host
    retries: int = 2  # extra attempts on 429, 5xx and connection errors
    backoff: float = 1.0  # first retry waits this long, doubling each time (unless Retry-After says)
    max_retry_wait: float = 30.0  # never sleep longer than this for one retry, whatever Retry-After says
    # No public home page to point to yet: operators add their own contact with `user_agent` in dossier.yaml.
    user_agent: str = f"Dossier/{__version__} (news-intelligence research crawler)"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    language: str | None = None  # force this language on every document (CLI --lang)
    published: str | None = None  # force this publication date on every document (CLI --published)
    max_feed_entries: int = 10_000  # per feed or sitemap, against runaway documents

    def __post_init__(self) -> None:
        self.languages = tuple(self.languages)
        self.allow_networks = tuple(self.allow_networks)
        for network in self.allow_networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except (TypeError, ValueError):
                raise ConfigError(f"ingest.allow_networks: {network!r} is not an IP network (CIDR)") from None
        for name in ("timeout_connect", "timeout_read", "timeout_total", "per_host_delay", "backoff", "max_retry_wait"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"ingest.{name} must be a number >= 0, got {value!r}")
        for name in ("max_bytes", "max_redirects", "retries", "max_feed_entries"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"ingest.{name} must be an integer >= 0, got {value!r}")
        for name in ("allow_private", "obey_robots"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"ingest.{name} must be true or false, got {getattr(self, name)!r}")
        if not self.languages or not all(isinstance(code, str) for code in self.languages):
            raise ConfigError("ingest.languages must be a non-empty list of ISO 639-1 codes")
        from lingua import IsoCode639_1

        for code in self.languages:
            try:
                IsoCode639_1.from_str(code.strip().lower())
            except ValueError:
                raise ConfigError(f"ingest.languages: {code!r} is not a language lingua can identify") from None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> IngestConfig:
        data = dict(data or {})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown ingest setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        try:
            return cls(**data)
        except TypeError as exc:
            raise ConfigError(f"bad ingest settings: {exc}") from None

    def replace(self, **changes: Any) -> IngestConfig:
        """A copy with some settings changed (None values are ignored, as from unset CLI options)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def config_path(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The config file to read: ``path``, else ``$DOSSIER_CONFIG``, else ``./dossier.yaml`` if it exists."""
    if path is not None:
        return Path(path)
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    default = Path(DEFAULT_CONFIG_FILE)
    return default if default.is_file() else None


def load_config(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """The whole YAML config as a dict (empty when there is no file). Raises ConfigError on a bad file."""
    chosen = config_path(path)
    if chosen is None:
        return {}
    if not chosen.exists():
        raise ConfigError(f"config file not found: {chosen}")
    try:
        data = load_yaml(chosen, ConfigError)
    except ConfigError as exc:
        # load_yaml's message starts with the path; say what the file is for.
        raise ConfigError(f"config file {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {chosen} must hold a mapping of sections, got {type(data).__name__}")
    return data


def load_ingest_config(path: str | os.PathLike[str] | None = None, **overrides: Any) -> IngestConfig:
    """IngestConfig from the ``ingest:`` section of the config file, then ``overrides`` (None = keep)."""
    section = load_config(path).get("ingest")
    if section is None:  # absent, or "ingest:" with nothing under it
        section = {}
    if not isinstance(section, dict):
        raise ConfigError("the 'ingest' section of the config file must be a mapping")
    return IngestConfig.from_mapping(section).replace(**overrides)
