"""Links within one filing: owners, issuer, signatures and the power of attorney.

The reporting owner is the power of attorney's grantor and the ``for X`` of a signature; the
signer is one of the attorneys-in-fact (or the owner); the issuer is the company the power of
attorney names. Mentions are first matched to each other (no registry needed), then to the
registry; agreeing evidence raises a weak owner link (see ``link_filing``).
This stage takes plain strings from the power-of-attorney stage, not its types.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.ir.filing import Filing
from extract.ir.values import Extracted, Provenance, Source
from extract.linking.linker import STAGE, decide, link_name
from extract.linking.matcher import NameIndex
from extract.linking.model import Decision, EntityRef, Link, LinkSettings, Role
from extract.linking.normalise import EntityKind, fold, guess_kind
from extract.linking.registry import Registry
from extract.linking.scoring import name_similarity

__all__ = ["SignatureParts", "parse_signature", "link_filing", "fill_ciks"]

_AIF = r"(?:attorney[\s-]*in[\s-]*fact|power\s+of\s+attorney)"
_OWNER_WORDS = re.compile(
    r"^(?:the\s+)?(?:reporting\s+(?:person|owner)s?|undersigned|himself|herself|itself)\b", re.I
)
_CAPACITY = re.compile(
    r",?\s*(?:as\s+)?(?:(?:its|the|a)\s+)?(?:managing\s+member|general\s+partner|trustee|"
    r"authorized\s+(?:person|signatory)|attorney[\s-]*in[\s-]*fact|manager|member|"
    r"president|director|officer|secretary|executor|on\s+behalf\s+of\b).*$",
    re.I,
)


@dataclass(frozen=True)
class SignatureParts:
    """A signature line taken apart: who signed, and for whom (when it says)."""

    signer: str | None
    on_behalf_of: str | None = None
    for_owner: bool = False  # "for the Reporting Person"
    attorney: bool = False  # signed as attorney-in-fact / under a power of attorney


def _clean(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"/s/|\bby\s*:|^\s*by\s+", " ", name, flags=re.I)
    name = " ".join(name.split()).strip(" ,.;:-")
    return name or None


def _behalf(text: str | None) -> tuple[str | None, bool]:
    text = _clean(text)
    if not text:
        return None, False
    if _OWNER_WORDS.match(text) or re.match(r"^each\b", text, re.I):
        return None, True
    return text, False


def parse_signature(text: str) -> SignatureParts:
    """``/s/ Craig Barrows, attorney in fact``; ``Y, Attorney-in-fact for X``;
    ``X, by Y, attorney-in-fact``; ``X By: Y, its general partner By: /s/ Z, Managing Member``;
    ``By: Y, Attorney-in-fact For: the Reporting Person``; ``Y, by power of attorney from X``."""
    text = " ".join(fold(text).split())
    attorney = re.search(_AIF, text, re.I) is not None
    for_split = re.split(r"\bfor\s*:\s*", text, maxsplit=1, flags=re.I)
    if len(for_split) == 2:
        behalf, owner = _behalf(for_split[1])
        return SignatureParts(_signer(for_split[0]), behalf, owner, attorney)
    m = re.match(
        rf"^(?P<signer>.+?)[,\s]+(?:as\s+)?(?:(?:by|under)\s+)?(?:an?\s+)?{_AIF}"
        r"(?:\s*[,.]?\s*(?:for|to|of|from|on\s+behalf\s+of)\s+(?P<behalf>.+))?\s*\.?$",
        text,
        re.I,
    )
    if m and not re.search(r"\bby\s*:", m.group("signer"), re.I):
        signer_part = m.group("signer")
        by = re.match(r"^(?P<behalf>.+?),?\s+by\s+(?P<signer>.+)$", signer_part, re.I)
        if by and not m.group("behalf"):  # "X, by Y, attorney-in-fact"
            behalf, owner = _behalf(by.group("behalf"))
            return SignatureParts(_signer(by.group("signer")), behalf, owner, True)
        behalf, owner = _behalf(m.group("behalf"))
        return SignatureParts(_signer(signer_part), behalf, owner, True)
    chain = re.split(r"\bby\s*:\s*", text, flags=re.I)
    if len(chain) >= 2:  # an entity signing through its general partner(s)
        behalf, owner = _behalf(chain[0])
        return SignatureParts(_signer(chain[-1]), behalf, owner, attorney)
    return SignatureParts(_signer(text), None, bool(re.search(r"on behalf of", text, re.I)),
                          attorney)  # fmt: skip


def _signer(text: str) -> str | None:
    text = re.sub(r"/s/", " ", text, flags=re.I)
    text = re.sub(r"^\s*by\s*:?\s*", "", text.strip(), flags=re.I)
    text = _CAPACITY.sub("", text)
    text = text.split(",")[0]
    return _clean(text)


def _value(field: Extracted[str] | None) -> str | None:
    if field is None or field.value is None:
        return None
    return " ".join(str(field.value).split()) or None


def _given(mention: str, cik: str, index: NameIndex | None, role: Role, path: str) -> Link:
    """A mention whose CIK the document states."""
    name = mention
    if index is not None:
        found = index.search(mention, limit=50)
        hit = next((c for c in found if c.cik == cik), None)
        if hit is not None:
            name = hit.name
    return Link(role=role, mention=mention, entity=EntityRef(cik=cik, name=name), score=1.0,
                decision=Decision.LINKED, path=path)  # fmt: skip


def _local(
    mention: str, targets: Sequence[tuple[str, object]], kind: EntityKind | None
) -> tuple[int, float]:
    """Best target (index, score) for a mention among names of the same filing."""
    best, best_i = 0.0, -1
    for i, (name, _link) in enumerate(targets):
        score = name_similarity(mention, name, kind=kind)
        if score > best:
            best, best_i = score, i
    return best_i, best


def _inherit(mention: str, role: Role, path: str, target: Link, score: float,
             ref: str, cfg: LinkSettings) -> Link:  # fmt: skip
    total = round(score * target.score, 4)
    linked = target.entity is not None and total >= cfg.link_threshold
    return Link(
        role=role, mention=mention, entity=target.entity if linked else None, score=total,
        candidates=target.candidates,
        decision=Decision.LINKED if linked else (
            Decision.REVIEW if target.entity is not None or target.candidates else Decision.NEW
        ),
        path=path, refers_to=ref,
    )  # fmt: skip


def link_filing(
    filing: Filing,
    registry: Registry | NameIndex | None,
    *,
    poa_grantor: str | None = None,
    poa_attorneys: Sequence[str] = (),
    poa_company: str | None = None,
    settings: LinkSettings | dict[str, object] | None = None,
) -> list[Link]:
    """Every entity mention of a filing, linked to the registry and to each other.

    Order: reporting owners, issuer, per signature its grantor (``for X``) and signer, the
    power of attorney's grantor, attorneys-in-fact and company. A CIK stated in the document
    is taken as given. The issuer is linked first; its CIK (stated or linked) is the context
    (``link_name(issuer_cik=...)``) of every other name, so that among near-tied candidates
    the one known to file for this issuer wins. An owner left in review is raised to the noisy-or of its score and a
    grantor's when the two name the same person and the grantor's own link is to the owner's
    best candidate.
    """
    cfg = LinkSettings.resolve(settings)  # type: ignore[arg-type]
    index = registry.index() if isinstance(registry, Registry) else registry
    links: list[Link] = []

    issuer = filing.issuer
    issuer_name, issuer_cik = _value(issuer.issuer_name), _value(issuer.issuer_cik)
    ticker = _value(issuer.issuer_trading_symbol)
    issuer_link: Link | None = None
    if issuer_name:
        if issuer_cik:
            issuer_link = _given(issuer_name, issuer_cik.zfill(10), index, Role.ISSUER, "issuer")
        else:
            issuer_link = link_name(issuer_name, index, kind=EntityKind.COMPANY, role=Role.ISSUER,
                                    ticker=ticker, settings=cfg, path="issuer")  # fmt: skip
    context = issuer_cik.zfill(10) if issuer_cik and issuer_cik.isdigit() else None
    if context is None and issuer_link is not None and issuer_link.entity is not None:
        context = issuer_link.entity.cik

    owners: list[tuple[str, Link]] = []
    for i, owner in enumerate(filing.reporting_owners):
        oid = owner.reporting_owner_id
        mention, cik = _value(oid.rpt_owner_name), _value(oid.rpt_owner_cik)
        path = f"reportingOwner[{i}]"
        if mention is None:
            continue
        if cik:
            link = _given(mention, cik.zfill(10), index, Role.REPORTING_OWNER, path)
        else:
            link = link_name(mention, index, kind=guess_kind(mention), role=Role.REPORTING_OWNER,
                             settings=cfg, path=path, issuer_cik=context)  # fmt: skip
        owners.append((mention, link))
        links.append(link)
    if issuer_link is not None:
        links.append(issuer_link)

    grantors: list[tuple[str, str]] = []  # (mention, path)
    signers: list[tuple[str, str]] = []
    for j, sig in enumerate(filing.owner_signatures):
        text = _value(sig.signature_name)
        if not text:
            continue
        parts = parse_signature(text)
        if parts.on_behalf_of:
            grantors.append((parts.on_behalf_of, f"ownerSignature[{j}]"))
        if parts.signer:
            signers.append((parts.signer, f"ownerSignature[{j}]"))
    if poa_grantor and poa_grantor.strip():
        grantors.append((" ".join(poa_grantor.split()), "powerOfAttorney.grantor"))

    for mention, path in grantors:
        links.append(_refer(mention, Role.POA_GRANTOR, path, owners, index, cfg, context))
    attorneys = [(" ".join(a.split()), None) for a in poa_attorneys if a and a.strip()]
    for mention, path in signers:
        i, score = _local(mention, owners, None)
        if i >= 0 and score >= cfg.local_threshold and owners[i][1] is not None:
            links.append(_inherit(mention, Role.SIGNER, path, owners[i][1], score,
                                  f"reportingOwner[{i}]", cfg))  # fmt: skip
            continue
        link = link_name(mention, index, kind=guess_kind(mention), role=Role.SIGNER,
                         settings=cfg, path=path, issuer_cik=context)  # fmt: skip
        k, score = _local(mention, attorneys, EntityKind.PERSON)
        if k >= 0 and score >= cfg.local_threshold:
            link = link.model_copy(update={"refers_to": f"poaAttorney[{k}]"})
        links.append(link)
    for k, (mention, _none) in enumerate(attorneys):
        links.append(link_name(mention, index, kind=EntityKind.PERSON, role=Role.POA_ATTORNEY,
                               settings=cfg, path=f"powerOfAttorney.attorneysInFact[{k}]",
                               issuer_cik=context))  # fmt: skip
    if poa_company and poa_company.strip() and issuer_link is not None and issuer_name:
        mention = " ".join(poa_company.split())
        score = name_similarity(mention, issuer_name, kind=EntityKind.COMPANY)
        if ticker and re.search(rf"\b{re.escape(ticker)}\b", mention, re.I):
            score = 1.0 - (1.0 - score) / 2.0
        if score >= cfg.local_threshold:
            links.append(_inherit(mention, Role.ISSUER, "powerOfAttorney.company", issuer_link,
                                  score, "issuer", cfg))  # fmt: skip
        else:
            links.append(link_name(mention, index, kind=EntityKind.COMPANY, role=Role.ISSUER,
                                   settings=cfg, path="powerOfAttorney.company"))  # fmt: skip
    elif poa_company and poa_company.strip():
        links.append(link_name(poa_company, index, kind=EntityKind.COMPANY, role=Role.ISSUER,
                               settings=cfg, path="powerOfAttorney.company"))  # fmt: skip
    return _corroborate(links, cfg)


def _refer(
    mention: str,
    role: Role,
    path: str,
    owners: list[tuple[str, Link]],
    index: NameIndex | None,
    cfg: LinkSettings,
    context: str | None = None,
) -> Link:
    i, score = _local(mention, owners, None)
    if i >= 0 and score >= cfg.local_threshold and owners[i][1] is not None:
        ref = f"reportingOwner[{i}]"
        inherited = _inherit(mention, role, path, owners[i][1], score, ref, cfg)
        if inherited.decision is Decision.LINKED:
            return inherited
        own = link_name(mention, index, kind=guess_kind(mention), role=role, settings=cfg,
                        path=path, issuer_cik=context)  # fmt: skip
        return own.model_copy(update={"refers_to": ref})
    return link_name(mention, index, kind=guess_kind(mention), role=role, settings=cfg, path=path,
                     issuer_cik=context)  # fmt: skip


def _corroborate(links: list[Link], cfg: LinkSettings) -> list[Link]:
    """Raise an owner in review when a mention referring to it is linked to its top candidate."""
    out = list(links)
    for n, link in enumerate(out):
        if link.role is not Role.REPORTING_OWNER or link.decision is Decision.LINKED:
            continue
        if not link.candidates:
            continue
        top = link.candidates[0].cik
        for other in out:
            if other.refers_to != link.path or other.entity is None or other.entity.cik != top:
                continue
            score = round(1.0 - (1.0 - link.score) * (1.0 - other.score), 4)
            decision, _ = decide(
                [link.candidates[0].model_copy(update={"score": score}), *link.candidates[1:]], cfg
            )
            if decision is Decision.LINKED:
                out[n] = link.model_copy(update={
                    "entity": EntityRef(cik=top, name=link.candidates[0].name),
                    "score": score, "decision": decision,
                })  # fmt: skip
                break
    return out


def fill_ciks(filing: Filing, links: Sequence[Link]) -> Filing:
    """A copy of ``filing`` with ``issuerCik`` and ``rptOwnerCik`` filled from linked links.

    A CIK the document already states is kept. The new value's confidence is the link score
    and its provenance stage ``linking``.
    """
    by_path = {
        link.path: link
        for link in links
        if link.decision is Decision.LINKED and link.entity is not None and link.refers_to is None
    }
    issuer = filing.issuer
    link = by_path.get("issuer")
    if link is not None and link.entity is not None and _value(issuer.issuer_cik) is None:
        issuer = issuer.model_copy(update={"issuer_cik": _cik_value(link, issuer.issuer_name)})
    owners = []
    for i, owner in enumerate(filing.reporting_owners):
        link = by_path.get(f"reportingOwner[{i}]")
        oid = owner.reporting_owner_id
        if link is not None and link.entity is not None and _value(oid.rpt_owner_cik) is None:
            oid = oid.model_copy(update={"rpt_owner_cik": _cik_value(link, oid.rpt_owner_name)})
            owner = owner.model_copy(update={"reporting_owner_id": oid})
        owners.append(owner)
    return filing.model_copy(update={"issuer": issuer, "reporting_owners": owners})


def _cik_value(link: Link, name_field: Extracted[str] | None) -> Extracted[str]:
    assert link.entity is not None
    source = Source.XML
    if name_field is not None and name_field.provenance is not None:
        source = name_field.provenance.source
    return Extracted[str](
        value=link.entity.cik,
        raw=link.mention,
        confidence=link.score,
        provenance=Provenance(source=source, stage=STAGE),
    )
