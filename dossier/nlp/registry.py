"""Registered pipeline components, composed per language by configuration.

A component is a factory ``(lang, config) -> callable(Doc) -> Doc`` registered under
a name with ``@component``, as in spaCy. ``pipelines/LANG.toml`` lists the components
of each language, in order: ``name``, the ``module`` that registers it, and its
settings. ``load_pipeline`` builds them once per process.
"""

from __future__ import annotations

import gc
import importlib
import tomllib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from dossier.nlp.doc import Doc

Component = Callable[[Doc], Doc]
Factory = Callable[[str, dict[str, Any]], Component]

_FACTORIES: dict[str, Factory] = {}
PIPELINES_DIR = Path(__file__).parent / "pipelines"


def component(name: str) -> Callable[[Factory], Factory]:
    """Register a component factory under ``name``."""

    def register(factory: Factory) -> Factory:
        _FACTORIES[name] = factory
        return factory

    return register


def pipeline_config(lang: str) -> list[dict[str, Any]]:
    path = PIPELINES_DIR / f"{lang}.toml"
    if not path.exists():
        path = PIPELINES_DIR / "default.toml"
    with path.open("rb") as f:
        return tomllib.load(f).get("component", [])


@cache
def load_pipeline(lang: str) -> tuple[Component, ...]:
    """Build (once per process) the components configured for ``lang``."""
    steps = []
    for entry in pipeline_config(lang):
        # The module is named in the configuration so a pipeline imports only what it uses.
        importlib.import_module(entry["module"])
        settings = {k: v for k, v in entry.items() if k not in ("name", "module")}
        try:
            factory = _FACTORIES[entry["name"]]
        except KeyError:
            raise KeyError(f"unknown pipeline component {entry['name']!r} in the {lang} pipeline") from None
        steps.append(factory(lang, settings))
    # The models and lexicons now loaded live as long as the process: moved out of the collector's
    # sight, a full collection no longer walks their hundred thousand objects (3% of an English
    # analysis). Garbage made so far is collected first, so none is kept by mistake.
    gc.collect()
    gc.freeze()
    return tuple(steps)
