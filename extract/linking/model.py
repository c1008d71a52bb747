"""Typed output of entity linking (``Link``) and its settings (``LinkSettings``)."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from extract.linking.normalise import EntityKind
from extract.settings import Settings

__all__ = ["Role", "Decision", "EntityKind", "EntityRef", "Candidate", "Link", "LinkSettings"]


class Role(StrEnum):
    """Where in a filing a name was found."""

    REPORTING_OWNER = "reportingOwner"
    ISSUER = "issuer"
    SIGNER = "signer"
    POA_GRANTOR = "poaGrantor"
    POA_ATTORNEY = "poaAttorney"


class Decision(StrEnum):
    """``linked``: score >= ``link_threshold`` and a clear margin over the runner-up;
    ``review``: score >= ``review_threshold`` (or a close runner-up); ``new``: nothing close."""

    LINKED = "linked"
    REVIEW = "review"
    NEW = "new"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)


class EntityRef(_Model):
    cik: str
    name: str


class Candidate(_Model):
    """One scored registry entity; ``matched`` is the name (current, former or alias) it matched."""

    cik: str
    name: str
    score: float = Field(ge=0.0, le=1.0)
    kind: EntityKind | None = None
    matched: str | None = None


class Link(_Model):
    """One mention in a filing and what it was linked to.

    ``path`` names the mention's place (``reportingOwner[0]``, ``ownerSignature[1]``) and
    ``refers_to`` the other mention of the same filing it denotes (a signer that is
    ``poaAttorney[2]``, a grantor that is ``reportingOwner[0]``), when one does.
    """

    role: Role | None = None
    mention: str
    entity: EntityRef | None = None
    score: float = Field(default=0.0, ge=0.0, le=1.0)
    candidates: list[Candidate] = Field(default_factory=list)
    decision: Decision = Decision.NEW
    path: str | None = None
    refers_to: str | None = None


class LinkSettings(Settings):
    """Settings of the linking stage; ``resolve`` (from ``Settings``) is the one entry point."""

    error_code: ClassVar[str] = "E410"

    model_config = ConfigDict(
        frozen=True, alias_generator=to_camel, populate_by_name=True, extra="forbid"
    )

    strategy: str = "linking.fuzzy.v1"
    link_threshold: float = Field(default=0.87, ge=0.0, le=1.0)
    review_threshold: float = Field(default=0.75, ge=0.0, le=1.0)
    #: the best candidate must beat the best other CIK by this much to be linked
    margin: float = Field(default=0.03, ge=0.0, le=1.0)
    #: an exact normalised match (score 1.0) is linked when no other CIK also scores 1.0
    exact_wins: bool = False
    top_k: int = Field(default=5, ge=1, le=100)
    #: blocking: a query token held by at most this many names brings them all in; every pair
    #: of query tokens brings in the names holding both
    single_cap: int = Field(default=500, ge=1)
    #: blocking: a query token held by more names than this is ignored (it tells nothing)
    skip_cap: int = Field(default=200_000, ge=1)
    #: blocked names scored by the fast prefilter before the exact scorer sees the best ones
    prefilter_keep: int = Field(default=60, ge=1)
    #: a score this close to 1 from matching names within one filing counts as the same person
    local_threshold: float = Field(default=0.85, ge=0.0, le=1.0)
    #: context rule (``linker.decide`` with an issuer's filers as ``related``): when the plain
    #: rule links nothing, the best related candidate is linked if it scores at least
    #: ``context_threshold``, at most ``context_window`` below the best candidate of any CIK,
    #: and ``margin`` above every other related candidate
    context_threshold: float = Field(default=0.80, ge=0.0, le=1.0)
    context_window: float = Field(default=0.05, ge=0.0, le=1.0)
    #: an issuer with more related entities than this is not used as context for scoring
    #: unblocked names (the tie-break among blocked candidates still applies)
    context_cap: int = Field(default=2000, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> LinkSettings:
        if self.review_threshold > self.link_threshold:
            raise ValueError("review_threshold must not exceed link_threshold")
        return self
