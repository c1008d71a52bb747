"""One mention -> one ``Link``: search the registry, then decide linked, review or new."""

from __future__ import annotations

from collections.abc import Collection

from extract.linking.matcher import NameIndex
from extract.linking.model import Candidate, Decision, EntityRef, Link, LinkSettings, Role
from extract.linking.normalise import EntityKind
from extract.linking.registry import Registry

__all__ = ["choose", "decide", "link_name", "STAGE"]

STAGE = "linking"


def choose(
    candidates: list[Candidate],
    settings: LinkSettings,
    *,
    related: Collection[str] = (),
) -> tuple[Decision, float, Candidate | None]:
    """The decision, its score and the linked candidate (``None`` unless linked).

    Plain rule: linked when the best score clears ``link_threshold`` by ``margin`` over the
    best other CIK (or, with ``exact_wins``, is an exact match no other CIK shares); review
    when it clears ``review_threshold``; new otherwise.

    Context rule, only when the plain rule does not link and ``related`` (CIKs that have
    filed for the filing's issuer) is given: the best related candidate is linked when it
    scores at least ``context_threshold``, at most ``context_window`` below the best candidate,
    and at least ``margin`` above the next related candidate. It breaks near-ties (``M.
    Garrett`` against GARRETT MARK and GARRETT MARILYN when only one of them files for the
    issuer); it never overrides a clear plain link, and without ``related`` nothing changes.
    """
    if not candidates:
        return Decision.NEW, 0.0, None
    best = candidates[0].score
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    if best >= settings.link_threshold and best - runner_up >= settings.margin:
        return Decision.LINKED, best, candidates[0]
    if settings.exact_wins and best >= 1.0 and runner_up < 1.0:
        return Decision.LINKED, best, candidates[0]
    if related:
        mine = [c for c in candidates if c.cik in related]
        if mine:
            top = mine[0]
            other = mine[1].score if len(mine) > 1 else 0.0
            if (
                top.score >= settings.context_threshold
                and best - top.score <= settings.context_window
                and top.score - other >= settings.margin
            ):
                return Decision.LINKED, top.score, top
    if best >= settings.review_threshold:
        return Decision.REVIEW, best, None
    return Decision.NEW, best, None


def decide(
    candidates: list[Candidate],
    settings: LinkSettings,
    *,
    related: Collection[str] = (),
) -> tuple[Decision, float]:
    """``choose`` without the candidate: linked, review or new, and the score."""
    decision, score, _cand = choose(candidates, settings, related=related)
    return decision, score


def link_name(
    mention: str,
    source: Registry | NameIndex | None,
    *,
    kind: EntityKind | str | None = None,
    role: Role | None = None,
    ticker: str | None = None,
    settings: LinkSettings | dict[str, object] | None = None,
    path: str | None = None,
    issuer_cik: str | None = None,
) -> Link:
    """Link one name against a registry (or a prebuilt index). ``None`` links nothing.

    ``issuer_cik`` is the context: the CIK of the issuer of the filing the name comes from.
    The entities that have filed for it (the registry's relations) are scored even when the
    block missed them, and break near-ties (the context rule of ``choose``). Without it,
    or for an issuer nobody is known to file for, the result is the plain one."""
    cfg = LinkSettings.resolve(settings)  # type: ignore[arg-type]
    mention = " ".join(mention.split())
    if source is None or not mention:
        return Link(role=role, mention=mention, path=path)
    index = source.index() if isinstance(source, Registry) else source
    related = index.related(issuer_cik) if issuer_cik else frozenset()
    found = index.search(
        mention, kind=kind, ticker=ticker, settings=cfg, limit=cfg.top_k + 1, related=related
    )
    decision, score, chosen = choose(found, cfg, related=related)
    entity = EntityRef(cik=chosen.cik, name=chosen.name) if chosen is not None else None
    return Link(
        role=role,
        mention=mention,
        entity=entity,
        score=round(score, 4),
        candidates=found[: cfg.top_k],
        decision=decision,
        path=path,
    )
