"""Roles on top of entities: grantor(s), attorneys-in-fact, company, date executed, forms covered,
expiry and revocation wording.

The same role logic runs whatever found the entities (rules, the NER model, or both), so the
benchmark compares entity finders on equal terms. Each role value keeps its character span and a
confidence: ``entity score x context factor`` (the factors are the ``_CTX_*`` constants below).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict

from extract.nlp.rules import (
    FORM_ORDER,
    WEAK_SCORE,
    Entity,
    appointment_regions,
    clean_name,
    find_forms,
    is_person_name,
    parse_date,
    schedule_regions,
    signature_region,
)

__all__ = ["RoleSpan", "Roles", "assign_roles", "name_key", "merge_entities"]

# context factors (multiplied by the entity's own score)
_CTX_CLAUSE = 1.0  # attorney named in the appointing clause
_CTX_SCHEDULE = 0.95  # attorney named on a Schedule A list the clause refers to
_CTX_SIGNED = 1.0  # grantor after "/s/", "Name:", "I, X"
_CTX_SIG_LINE = 0.85  # grantor read from a bare name line in the signature area
_CTX_DEFINED = 1.0  # company defined as (the "Company")
_CTX_COMPANY_CUE = 0.85  # company after "securities of", "issued by", ...
_CTX_COMPANY_FALLBACK = 0.6
_CTX_DATE_WITNESS = 1.0  # date in the "IN WITNESS WHEREOF ... executed as of" sentence
_CTX_DATE_LABEL = 0.95  # "Date:", "Dated:"
_CTX_DATE_ABOVE = 0.9  # "as of the date first written above": the date at the top
_CTX_DATE_FALLBACK = 0.6


class RoleSpan(BaseModel):
    """A role value with the span it was read from (offsets into the text given)."""

    model_config = ConfigDict(frozen=True)

    value: str
    start: int
    end: int
    confidence: float
    source: str
    date_value: date | None = None


class Roles(BaseModel):
    model_config = ConfigDict(frozen=True)

    grantors: tuple[RoleSpan, ...] = ()
    attorneys: tuple[RoleSpan, ...] = ()
    companies: tuple[RoleSpan, ...] = ()
    executed_on: RoleSpan | None = None
    forms: tuple[RoleSpan, ...] = ()
    expiry: RoleSpan | None = None
    revocation: RoleSpan | None = None
    attorneys_described: RoleSpan | None = None


def name_key(name: str) -> str:
    """A comparison key for a person's name: lower case, letters only, initials dropped."""
    words = re.sub(r"[^A-Za-z\s-]", " ", clean_name(name)).lower().split()
    return " ".join(w for w in words if len(w) > 1 and w not in {"jr", "sr", "ii", "iii", "iv"})


def _same_person(a: str, b: str) -> bool:
    ka, kb = name_key(a).split(), name_key(b).split()
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    # "Roelof Botha" vs "Roelof Frederik Botha": same first and last word
    if ka[0] == kb[0] and ka[-1] == kb[-1]:
        return True
    # "F. Botha" (a name cut by a line break) vs "Roelof F. Botha": same last word, one inside the other
    short, long_ = sorted((ka, kb), key=len)
    return short[-1] == long_[-1] and set(short) <= set(long_)


def merge_entities(rule_ents: list[Entity], model_ents: list[Entity], text: str) -> list[Entity]:
    """Union of rule and model entities. Where both found overlapping spans of one label the rule
    span is kept (patterns give cleaner edges) with source ``both`` and a higher score, unless the
    model splits the rule span into several entities (two names a pattern ran together). A weak
    rule match (score ``WEAK_SCORE``: a bare name line) the model does not confirm is dropped."""
    def text_of(e: Entity) -> str:
        return text[e.start:e.end]

    out: list[Entity] = []
    used: set[int] = set()
    for r in rule_ents:
        hits = [i for i, m in enumerate(model_ents)
                if m.label == r.label and m.start < r.end and r.start < m.end]
        used.update(hits)
        if not hits:
            out.append(r)
        elif len(hits) > 1 and all(r.start <= model_ents[i].start and model_ents[i].end <= r.end
                                   and (r.label != "PERSON" or is_person_name(text_of(model_ents[i])))
                                   for i in hits):
            # the model splits what the pattern joined ("Roelof Botha Roelof Botha" on one line)
            out.extend(model_ents[i].model_copy(update={"source": "both", "score": 0.95}) for i in hits)
        else:
            out.append(r.model_copy(update={"source": "both", "score": 1.0}))
    # a model entity that overlaps a rule entity of another label loses: the rules need context
    # (an appointing clause, a signature line, a legal suffix) that the model does not check
    out.extend(m for i, m in enumerate(model_ents) if i not in used
               and not any(r.start < m.end and m.start < r.end for r in rule_ents))
    # a weak rule match (a bare name line) that the model does not see as an entity is dropped
    out = [e for e in out if not (e.source == "rules" and e.score <= WEAK_SCORE)]
    return sorted(out, key=lambda e: (e.start, e.end))


def _inside(e: Entity, regions: list[tuple[int, int]]) -> bool:
    return any(a <= e.start and e.end <= b for a, b in regions)


def _span(text: str, e: Entity, factor: float) -> RoleSpan:
    words = list(re.finditer(r"\S+", text[e.start:e.end]))
    again = next((i for i in range(2, len(words)) if words[i].group(0) == words[0].group(0)), None)
    if again is not None:  # "Garrett H. Blackwood Garrett H.": a name printed twice on one line
        e = e.model_copy(update={"end": e.start + words[again - 1].end()})
    return RoleSpan(value=clean_name(text[e.start:e.end]), start=e.start, end=e.end,
                    confidence=round(min(1.0, e.score * factor), 3), source=e.source)


def _overlaps(e: Entity, others: list[Entity]) -> bool:
    return any(o.start < e.end and e.start < o.end for o in others)


# --------------------------------------------------------------------------- attorneys
_STATE_OF = re.compile(r"\s+(?:corporation|limited|company|partnership|statutory|general)\b", re.I)
_DESCRIBED = re.compile(
    r"(?:the\s+)?(?:responsible\s+)?(?:attorneys|individuals?|persons?|officers|employees)\s+"
    r"(?:and\s+paralegals\s+)?(?:of|named|listed|identified|designated)\b[^.;:]{0,120}", re.I)


def _attorneys(text: str, persons: list[Entity], orgs: list[Entity]) -> tuple[list[RoleSpan], RoleSpan | None]:
    clause = appointment_regions(text)
    refers = any(re.search(r"\b(Schedule|Exhibit|Annex|Appendix)\s+[A-Z1-9]\b", text[a: b + 120])
                 for a, b in clause)
    sched = schedule_regions(text) if refers else []
    out: list[RoleSpan] = []
    for e in persons:
        if _overlaps(e, orgs):
            continue
        prev = text[max(0, e.start - 12): e.start].lower()
        if re.search(r"(?<![A-Za-z])an?[ \t]+$", text[max(0, e.start - 4): e.start]) or _STATE_OF.match(text, e.end):
            continue  # "a New York corporation"
        if re.search(r"\bof\s*$", prev) and not re.search(r"\b(each|any|both|all)\s+of\s*$", prev):
            continue
        if _inside(e, clause):
            factor = _CTX_CLAUSE
        elif _inside(e, sched):
            factor = _CTX_SCHEDULE
        else:
            continue
        span = _span(text, e, factor)
        if not any(_same_person(span.value, o.value) for o in out):
            out.append(span)
    described = None
    if not out:
        for a, b in clause:
            m = _DESCRIBED.search(text, a, b + 200)
            if m:
                described = RoleSpan(value=clean_name(m.group(0)), start=m.start(), end=m.end(),
                                     confidence=0.5, source="rules")
                break
    return out, described


# --------------------------------------------------------------------------- grantors
_SIGNED_BEFORE = re.compile(
    r"(?:/s/|\bBy\s*:|\bName\s*:|\bSignature\s*:|\bI,)[\s/s]*$", re.I)
_UNDERSIGNED_NAME = re.compile(r"\bundersigned,\s*$", re.I)


def _grantors(text: str, persons: list[Entity], orgs: list[Entity],
              attorneys: list[RoleSpan]) -> list[RoleSpan]:
    sig_a, sig_b = signature_region(text)
    sched = schedule_regions(text)
    out: list[RoleSpan] = []
    signatories: list[tuple[int, int]] = []
    for o in orgs:  # a fund or company signing through a person: "X Fund, L.P.\nBy: ..."
        if sig_a <= o.start < sig_b and re.match(r"\s*,?\s*\n?\s*By\b", text[o.end: o.end + 40]):
            if re.search(r"its\s+general\s+partner|its\s+manager", text[o.end: o.end + 80], re.I) is None \
                    or not any(g.end > o.start - 120 and g.start < o.start for g in out):
                out.append(_span(text, o, _CTX_SIGNED))
            block_end = text.find("Title", o.end)
            signatories.append((o.end, block_end if block_end != -1 else o.end + 250))
    for e in persons:
        in_sig = sig_a <= e.start < sig_b and not _inside(e, sched)
        before = text[max(0, e.start - 30): e.start]
        explicit = bool(re.search(r"\bI,\s*$", before)) or bool(_UNDERSIGNED_NAME.search(before))
        if not (in_sig or explicit):
            continue
        if any(a <= e.start < b for a, b in signatories):
            continue
        if re.search(r"(?:witness|notary)[^\n]{0,20}$", before, re.I):
            continue
        factor = _CTX_SIGNED if explicit or _SIGNED_BEFORE.search(before) else _CTX_SIG_LINE
        span = _span(text, e, factor)
        value = span.value
        if any(_same_person(value, a.value) for a in attorneys):
            continue
        dup = next((i for i, g in enumerate(out) if _same_person(g.value, value)), None)
        if dup is None:
            out.append(span)
        elif out[dup].confidence < span.confidence:
            out[dup] = out[dup].model_copy(update={"confidence": span.confidence})
    return sorted(out, key=lambda g: g.start)


# --------------------------------------------------------------------------- company
_DEFINITION = re.compile(
    r"\(\s*(?:the|each,?\s+an?|an?)\s*[\"“”']+\s*(?:Company|Corporation|Issuer|Registrant)\s*[\"“”']+\s*\)",
    re.I)
_COMPANY_CUE = re.compile(
    r"(?:securities\s+of|issued\s+by|(?:director|officer|stockholder|shareholder|insider)\s+of"
    r"|affiliated\s+with|reporting\s+person\s+of)\s*$", re.I)
_LAW_FIRM = re.compile(r"(LLP|L\.L\.P\.|P\.C\.|P\.A\.)\s*$")


def _companies(text: str, orgs: list[Entity], grantor_orgs: list[RoleSpan]) -> list[RoleSpan]:
    sig_a, _ = signature_region(text)
    cands = [o for o in orgs if not any(g.start == o.start for g in grantor_orgs)
             and not re.match(r"\s+(?:Act|Rule|Regulation)\b", text[o.end: o.end + 12])]
    out: list[RoleSpan] = []

    def add(o: Entity, factor: float) -> None:
        span = _span(text, o, factor)
        if not any(name_key(span.value) == name_key(x.value) for x in out):
            out.append(span)

    for d in _DEFINITION.finditer(text):
        prior = [o for o in cands if o.end <= d.start() and d.start() - o.end <= 160]
        if prior:
            o = max(prior, key=lambda x: (x.score >= 0.95, x.end))  # the nearest sure one
            if "." not in text[o.end: d.start()].replace("Inc.", "").replace("Co.", "").strip(" .") or \
                    d.start() - o.end < 40:
                add(o, _CTX_DEFINED)
    if out:
        return out
    for o in cands:
        if _COMPANY_CUE.search(text[max(0, o.start - 40): o.start]) and not _LAW_FIRM.search(text[o.start:o.end]):
            add(o, _CTX_COMPANY_CUE)
    if out:
        return out[:1]
    for o in cands:
        if o.start < sig_a and not _LAW_FIRM.search(text[o.start:o.end]):
            add(o, _CTX_COMPANY_FALLBACK)
            break
    return out


# --------------------------------------------------------------------------- dates
_NOT_EXECUTION = re.compile(
    r"(expire[sd]?|expiring|expiration|terminat\w+|commission|sworn|dated|granted|prior|previous\w*|until)"
    r"[^.\n]{0,40}$", re.I)
_DATE_LABEL = re.compile(r"(?:^|\n)[ \t]*(?:Date|DATE|Dated|DATED)(?:\s+signed)?(?:\s+as\s+of)?[ \t]*:?[ \t]*$")


def _executed_on(text: str, dates: list[Entity]) -> RoleSpan | None:
    parsed: list[tuple[Entity, date]] = []
    for e in dates:
        d = parse_date(text[e.start:e.end])
        if d is not None:
            parsed.append((e, d))
    if not parsed:
        return None

    def span(e: Entity, d: date, factor: float) -> RoleSpan:
        return RoleSpan(value=d.isoformat(), start=e.start, end=e.end, date_value=d,
                        confidence=round(min(1.0, e.score * factor), 3), source=e.source)

    witness = [m for m in re.finditer(r"IN\s+WITNESS\s+WHEREOF|\bexecuted\s+(?:this|on|as\s+of|at\b[^.\n]{0,60}?\bon)\b",
                                      text, re.I)]
    for w in reversed(witness):
        end = text.find(".", w.end())
        nxt = re.search(r"[.;]\s|\n\s*\n", text[w.end():])
        stop = w.end() + nxt.end() if nxt else len(text)
        if end != -1:
            stop = max(stop, min(len(text), w.end() + 200)) if not nxt else stop
        inside = [(e, d) for e, d in parsed if w.start() <= e.start < stop]
        # "this 11th day of June 2008." ends in a period that is the sentence end
        if inside:
            e, d = inside[-1]
            return span(e, d, _CTX_DATE_WITNESS)
    labelled = [(e, d) for e, d in parsed if _DATE_LABEL.search(text[max(0, e.start - 25): e.start])]
    if labelled:
        e, d = labelled[-1]
        return span(e, d, _CTX_DATE_LABEL)
    if re.search(r"date\s+first\s+(?:written|set\s+forth|above)|first\s+above\s+written", text, re.I):
        e, d = parsed[0]
        return span(e, d, _CTX_DATE_ABOVE)
    sig_a, sig_b = signature_region(text)
    late = [(e, d) for e, d in parsed if sig_a <= e.start < sig_b
            and not _NOT_EXECUTION.search(text[max(0, e.start - 60): e.start])]
    if late:
        e, d = late[0]
        return span(e, d, _CTX_DATE_FALLBACK)
    return None


# --------------------------------------------------------------------------- forms and wording
def _forms(text: str) -> list[RoleSpan]:
    first: dict[str, tuple[int, int]] = {}
    for code, s, e in find_forms(text):
        first.setdefault(code, (s, e))
    return [RoleSpan(value=c, start=first[c][0], end=first[c][1], confidence=0.95, source="rules")
            for c in FORM_ORDER if c in first]


def _sentence(text: str, pos: int) -> tuple[int, int]:
    starts = [text.rfind(". ", 0, pos), text.rfind(".\n", 0, pos), text.rfind("\n\n", 0, pos)]
    start = max(starts) + 2 if max(starts) >= 0 else 0
    m = re.search(r"\.(?:\s|$)", text[pos:])
    end = pos + m.start() + 1 if m else len(text)
    return start, end


_EXPIRY = re.compile(r"remain\s+in\s+(?:full\s+)?force\s+and\s+effect|shall\s+(?:expire|terminate)"
                     r"|continue\s+in\s+full\s+force|anniversary", re.I)
_REVOKES = re.compile(r"\b(?:revokes|supersedes|replaces)\b[^.]{0,80}power", re.I)
_REVOKED = re.compile(r"\brevoked\b|\brevokes\b|\brevocation\s+by\b", re.I)


def _wording(text: str, rx: re.Pattern[str]) -> RoleSpan | None:
    m = rx.search(text)
    if not m:
        return None
    a, b = _sentence(text, m.start())
    return RoleSpan(value=clean_name(text[a:b]), start=a, end=b, confidence=0.9, source="rules")


# --------------------------------------------------------------------------- entry
def assign_roles(text: str, entities: list[Entity]) -> Roles:
    """Assign POA roles to the entities found in ``text``."""
    persons = [e for e in entities if e.label == "PERSON" and is_person_name(text[e.start:e.end])]
    orgs = [e for e in entities if e.label == "ORG"]
    dates = [e for e in entities if e.label == "DATE"]
    attorneys, described = _attorneys(text, persons, orgs)
    grantors = _grantors(text, persons, orgs, attorneys)
    grantor_orgs = [g for g in grantors if any(o.start == g.start for o in orgs)]
    companies = _companies(text, orgs, grantor_orgs)
    revocation = _wording(text, _REVOKES) or _wording(text, _REVOKED)
    return Roles(
        grantors=tuple(grantors),
        attorneys=tuple(attorneys),
        companies=tuple(companies),
        executed_on=_executed_on(text, dates),
        forms=tuple(_forms(text)),
        expiry=_wording(text, _EXPIRY),
        revocation=revocation,
        attorneys_described=described,
    )
