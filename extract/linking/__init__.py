"""Entity linking: names in filings to canonical entities (CIKs), and to each other.

Stages: ``normalise`` (name keys) -> ``matcher`` (blocking + RapidFuzz scoring over a
``NameIndex``) -> ``linker`` (decide linked / review / new) -> ``within`` (the mentions of one
filing). ``registry`` stores entities and who filed for which issuer (SQLAlchemy; SQLite by
default) and ``importers`` fill it.
"""

from __future__ import annotations

from extract.linking.importers import build_from_dir, import_file
from extract.linking.linker import choose, decide, link_name
from extract.linking.matcher import NameIndex, extract, extract_one
from extract.linking.model import Candidate, Decision, EntityRef, Link, LinkSettings, Role
from extract.linking.normalise import (
    EntityKind,
    guess_kind,
    normalise_company,
    normalise_person,
    parse_company,
    parse_person,
)
from extract.linking.registry import DEFAULT_DB, EntityRecord, Registry
from extract.linking.scoring import name_similarity
from extract.linking.within import fill_ciks, link_filing, parse_signature

__all__ = [
    "DEFAULT_DB",
    "Candidate",
    "Decision",
    "EntityKind",
    "EntityRecord",
    "EntityRef",
    "Link",
    "LinkSettings",
    "NameIndex",
    "Registry",
    "Role",
    "build_from_dir",
    "choose",
    "decide",
    "extract",
    "extract_one",
    "fill_ciks",
    "guess_kind",
    "import_file",
    "link_filing",
    "link_name",
    "name_similarity",
    "normalise_company",
    "normalise_person",
    "parse_company",
    "parse_person",
    "parse_signature",
]
