"""The shipped spaCy NER pipeline (``models/poa_ner/``): loaded once, by path, and cached.

The pipeline is a blank English tokenizer (with ``/s/`` and ``Name:X`` split off) and one ``ner``
component (a small hash-embedding CNN) trained here by :mod:`extract.nlp.train`; nothing is
downloaded. Labels: PERSON, ORG, DATE.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import EngineError
from extract.nlp.rules import Entity

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL_DIR", "MODEL_SCORE", "customise_tokenizer", "load_pipeline", "model_entities"]

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "poa_ner"
MODEL_SCORE = 0.9
"""The score given to a model entity (the NER gives no calibrated per-span probability)."""

_EXTRA_INFIXES = (r"/s/", r"(?<=[A-Za-z]):(?=\S)")
_EXTRA_PREFIXES = (r"/s/",)


def customise_tokenizer(nlp: Language) -> None:
    """Split ``/s/`` and ``Name:X`` off neighbouring words (saved with the pipeline)."""
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex

    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    tokenizer.infix_finditer = compile_infix_regex(
        list(_EXTRA_INFIXES) + list(nlp.Defaults.infixes or [])).finditer
    tokenizer.prefix_search = compile_prefix_regex(
        list(_EXTRA_PREFIXES) + list(nlp.Defaults.prefixes or [])).search


@lru_cache(maxsize=4)
def load_pipeline(path: str | None = None) -> Language:
    """Load the pipeline from ``path`` (default ``models/poa_ner``) once per process."""
    where = Path(path) if path else MODEL_DIR
    if not (where / "config.cfg").is_file():
        raise EngineError(
            f"E310 POA NER pipeline not found at {where}; run `python -m extract.nlp.train`",
            code="E310")
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a pinned dependency
        raise EngineError("E311 spaCy is not installed; install spacy==3.8.*", code="E311") from exc
    return spacy.load(where)


def model_entities(text: str, *, path: str | None = None,
                   windows: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Entities the NER model finds in ``text`` (character offsets into ``text``).

    ``windows``: run the model only on these spans of ``text`` (the parts of a POA where names,
    companies and dates sit), which is several times faster than the whole boilerplate."""
    nlp = load_pipeline(path)
    spans = windows if windows else [(0, len(text))]
    out = []
    for (a, _), doc in zip(spans, nlp.pipe(text[a:b] for a, b in spans), strict=True):
        for ent in doc.ents:
            s, e = a + ent.start_char, a + ent.end_char
            while e > s and text[e - 1] in " \t\n,;:":
                e -= 1
            if e > s:
                out.append(Entity(start=s, end=e, label=ent.label_, source="model", score=MODEL_SCORE))
    return out
