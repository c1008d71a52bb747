"""One mention -> one ``Link``: search the registry, then decide linked, review or new."""

from __future__ import annotations

from extract.linking.matcher import NameIndex
from extract.linking.model import Candidate, Decision, EntityRef, Link, LinkSettings, Role
from extract.linking.normalise import EntityKind
from extract.linking.registry import Registry

__all__ = ["decide", "link_name", "STAGE"]

STAGE = "linking"


def decide(candidates: list[Candidate], settings: LinkSettings) -> tuple[Decision, float]:
    """Linked when the best score clears ``link_threshold`` by ``margin`` over the best other
    CIK (or, with ``exact_wins``, is an exact match no other CIK shares); review when it
    clears ``review_threshold``; new otherwise."""
    if not candidates:
        return Decision.NEW, 0.0
    best = candidates[0].score
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if best >= settings.link_threshold and best - runner_up >= settings.margin:
        return Decision.LINKED, best
    if settings.exact_wins and best >= 1.0 and runner_up < 1.0:
        return Decision.LINKED, best
    if best >= settings.review_threshold:
        return Decision.REVIEW, best
    return Decision.NEW, best


def link_name(
    mention: str,
    source: Registry | NameIndex | None,
    *,
    kind: EntityKind | str | None = None,
    role: Role | None = None,
    ticker: str | None = None,
    settings: LinkSettings | dict[str, object] | None = None,
    path: str | None = None,
) -> Link:
    """Link one name against a registry (or a prebuilt index). ``None`` links nothing."""
    cfg = LinkSettings.resolve(settings)  # type: ignore[arg-type]
    mention = " ".join(mention.split())
    if source is None or not mention:
        return Link(role=role, mention=mention, path=path)
    index = source.index() if isinstance(source, Registry) else source
    found = index.search(mention, kind=kind, ticker=ticker, settings=cfg, limit=cfg.top_k + 1)
    decision, score = decide(found, cfg)
    entity = (
        EntityRef(cik=found[0].cik, name=found[0].name) if decision is Decision.LINKED else None
    )
    return Link(
        role=role,
        mention=mention,
        entity=entity,
        score=round(score, 4),
        candidates=found[: cfg.top_k],
        decision=decision,
        path=path,
    )
