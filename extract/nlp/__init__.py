"""Power-of-attorney extraction: locate the POA, find entities (rules + a shipped spaCy NER),
assign roles (grantor, attorneys-in-fact, company, date executed, forms covered) and parse the
form's signature block.

Entry points: :func:`extract.nlp.poa.extract_poa` and :func:`extract.nlp.signature.parse_signature`.
spaCy is imported lazily (only :mod:`extract.nlp.ner` and :mod:`extract.nlp.train` need it).
"""

from __future__ import annotations

__all__ = ["extract_poa", "parse_signature"]


def __getattr__(name: str) -> object:
    if name == "extract_poa":
        from extract.nlp.poa import extract_poa

        return extract_poa
    if name == "parse_signature":
        from extract.nlp.signature import parse_signature

        return parse_signature
    raise AttributeError(name)
