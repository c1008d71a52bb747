"""Blocking and scoring over a registry of names, with a RapidFuzz-shaped API.

``NameIndex`` holds every registry name (current, former, alias) in memory:

* a vocabulary of name tokens, each with its postings (the names holding it, CSR arrays);
* a symmetric-deletion index over the vocabulary (every token and its one-letter deletions),
  so a query token finds the tokens within one edit (substitution, insertion, deletion or
  adjacent swap) by a few dictionary look-ups; a token with no neighbour retries with two
  deletions on the query side;
* per name, its serialised key and two flat strings for the prefilter.

A query is blocked on its tokens: the names of its rare tokens (at most ``single_cap``
names each) plus, for every pair of its tokens, the names holding both (see ``block``), so
the work per query depends on the size of those blocks, not of the registry. The block is cut to
``prefilter_keep`` names by ``rapidfuzz.process.cdist`` on the flat strings, then scored
exactly (``scoring.key_score``) and grouped by CIK.

The index also holds the registry's relations (issuer CIK -> CIKs that filed for it): with a
context issuer, ``search`` scores the related entities' names too, whether blocked or not,
and ``related`` tells ``linker.decide`` which candidates the context favours.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from extract.linking.model import Candidate, LinkSettings
from extract.linking.normalise import (
    EntityKind,
    NameKey,
    PersonName,
    key_from_text,
    name_keys,
    parse_company,
)
from extract.linking.scoring import key_score, name_similarity

__all__ = ["IndexRow", "NameIndex", "extract", "extract_one", "deletions"]

_KINDS = (EntityKind.PERSON, EntityKind.COMPANY)


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One registry name as the index loads it."""

    cik: str
    entity_name: str
    kind: EntityKind
    name: str
    norm: str


def deletions(token: str) -> set[str]:
    """The token and every string one deletion away (for tokens of three letters or more)."""
    out = {token}
    if len(token) >= 3:
        out.update(token[:i] + token[i + 1 :] for i in range(len(token)))
    return out


def _deletions2(token: str) -> set[str]:
    out: set[str] = set()
    for once in deletions(token) - {token}:
        out |= deletions(once)
    return out


class NameIndex:
    """An in-memory blocking index over registry names. Build it with ``NameIndex.build``."""

    def __init__(self) -> None:
        self._ent_slot: dict[str, int] = {}
        self._ent_cik: array[int] = array("q")
        self._ent_name: list[str] = []
        self._ent_kind = bytearray()
        self._row_ent: array[int] = array("i")
        self._row_kind = bytearray()
        self._row_name: list[str] = []
        self._row_norm: list[str] = []
        self._vocab: dict[str, int] = {}
        self._tokens: list[str] = []
        self._affix: dict[str, list[int]] = {}
        self._dels: dict[str, int | list[int]] = {}
        self._offsets = np.zeros(1, dtype=np.int64)
        self._post = np.zeros(0, dtype=np.int32)
        self._extra: dict[int, list[int]] = {}
        self._tickers: dict[str, list[int]] = {}
        self._ent_row: array[int] = array("i")
        self._related: dict[int, set[int]] = {}

    # -- building -------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        rows: Iterable[IndexRow],
        tickers: Iterable[tuple[str, str]] = (),
        relations: Iterable[tuple[str, str]] = (),
    ) -> NameIndex:
        """Index ``rows``; ``tickers`` are ``(cik, ticker)`` pairs, ``relations``
        ``(owner_cik, issuer_cik)`` pairs."""
        index = cls()
        pair_tok: array[int] = array("i")
        pair_row: array[int] = array("i")
        for row in rows:
            rid = index._append(row)
            for tok in index._row_tokens(rid):
                pair_tok.append(index._token_id(tok))
                pair_row.append(rid)
        toks = np.frombuffer(pair_tok, dtype=np.int32) if pair_tok else np.zeros(0, np.int32)
        order = np.argsort(toks, kind="stable")
        index._post = (
            np.frombuffer(pair_row, dtype=np.int32)[order].copy()
            if pair_row
            else (np.zeros(0, np.int32))
        )
        counts = np.bincount(toks, minlength=len(index._vocab))
        index._offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        for cik, ticker in tickers:
            index.add_ticker(cik, ticker)
        for owner, issuer in relations:
            index.add_relation(owner, issuer)
        return index

    def _append(self, row: IndexRow) -> int:
        slot = self._ent_slot.get(row.cik)
        kind = _KINDS.index(EntityKind(row.kind))
        if slot is None:
            slot = len(self._ent_name)
            self._ent_slot[row.cik] = slot
            self._ent_cik.append(int(row.cik))
            self._ent_name.append(row.entity_name)
            self._ent_kind.append(kind)
            self._ent_row.append(len(self._row_name))
        rid = len(self._row_name)
        self._row_ent.append(slot)
        self._row_kind.append(kind)
        self._row_name.append(row.entity_name if row.name == row.entity_name else row.name)
        self._row_norm.append(row.norm)
        return rid

    def _row_tokens(self, rid: int) -> list[str]:
        return key_from_text(self._row_norm[rid]).tokens()

    def _token_id(self, tok: str) -> int:
        tid = self._vocab.get(tok)
        if tid is None:
            tid = self._vocab[tok] = len(self._vocab)
            self._tokens.append(tok)
            if len(tok) >= 4:
                self._affix.setdefault("<" + tok[:3], []).append(tid)
                self._affix.setdefault(">" + tok[-3:], []).append(tid)
            for key in deletions(tok):
                have = self._dels.get(key)
                if have is None:
                    self._dels[key] = tid
                elif isinstance(have, int):
                    self._dels[key] = [have, tid]
                else:
                    have.append(tid)
        return tid

    def add(self, row: IndexRow) -> None:
        """Add one name (a learned alias) without rebuilding."""
        rid = self._append(row)
        for tok in self._row_tokens(rid):
            self._extra.setdefault(self._token_id(tok), []).append(rid)

    def add_ticker(self, cik: str, ticker: str) -> None:
        slot = self._ent_slot.get(cik)
        if slot is not None and ticker:
            self._tickers.setdefault(ticker.upper(), []).append(slot)

    def add_relation(self, owner_cik: str, issuer_cik: str) -> None:
        """Remember that ``owner_cik`` has filed for ``issuer_cik``."""
        if str(owner_cik).strip().isdigit() and str(issuer_cik).strip().isdigit():
            self._related.setdefault(int(issuer_cik), set()).add(int(owner_cik))

    def related(self, issuer_cik: str | None) -> frozenset[str]:
        """CIKs (ten digits) of the entities that have filed for ``issuer_cik``."""
        if not issuer_cik or not str(issuer_cik).strip().isdigit():
            return frozenset()
        return frozenset(f"{c:010d}" for c in self._related.get(int(issuer_cik), ()))

    def __len__(self) -> int:
        return len(self._row_name)

    @property
    def entities(self) -> int:
        return len(self._ent_name)

    # -- blocking ---------------------------------------------------------------------------

    def _neighbours(self, tok: str) -> set[int]:
        found: set[int] = set()
        for keys in (deletions(tok), _deletions2(tok) if len(tok) >= 5 else set()):
            for key in keys:
                have = self._dels.get(key)
                if have is None:
                    continue
                if isinstance(have, int):
                    found.add(have)
                else:
                    found.update(have)
            if found:
                break
        if not found and len(tok) >= 5:  # more damage: same first or last three letters
            tids = self._affix.get("<" + tok[:3], []) + self._affix.get(">" + tok[-3:], [])
            hits = process.extract(
                tok,
                [self._tokens[t] for t in tids],
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=0.6,
                limit=10,
            )
            found.update(tids[i] for _t, _s, i in hits)
        return found

    def _postings(self, tids: Iterable[int]) -> np.ndarray:
        parts = []
        for tid in tids:
            if tid < len(self._offsets) - 1:
                parts.append(self._post[self._offsets[tid] : self._offsets[tid + 1]])
            extra = self._extra.get(tid)
            if extra:
                parts.append(np.asarray(extra, dtype=np.int32))
        if not parts:
            return np.zeros(0, dtype=np.int32)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _size(self, tids: Iterable[int]) -> int:
        total = 0
        for tid in tids:
            if tid < len(self._offsets) - 1:
                total += int(self._offsets[tid + 1] - self._offsets[tid])
            total += len(self._extra.get(tid, ()))
        return total

    def block(
        self, tokens: Iterable[str], *, single_cap: int = 500, skip_cap: int = 200_000
    ) -> np.ndarray:
        """Row ids of the candidate names for a query's tokens.

        Each query token stands for its vocabulary neighbours (within an edit, or two when it
        has none). A token held by at most ``single_cap`` names brings them all in; each pair
        of tokens brings in the names holding both; a token held by more than ``skip_cap``
        names is ignored. With a single common token, its first ``single_cap * 10`` names.
        """
        groups = [n for n in (self._neighbours(t) for t in set(tokens)) if n]
        sized = sorted((self._size(g), i) for i, g in enumerate(groups))
        usable = [(size, groups[i]) for size, i in sized if size <= skip_cap]
        if not usable:
            return np.zeros(0, dtype=np.int32)
        posts = [self._postings(g) for _size, g in usable]
        parts = [p for (size, _g), p in zip(usable, posts, strict=True) if size <= single_cap]
        for a in range(len(posts)):
            for b in range(a + 1, len(posts)):
                if usable[a][0] > single_cap or usable[b][0] > single_cap:
                    parts.append(np.intersect1d(posts[a], posts[b]))
        if len(posts) == 1 and usable[0][0] > single_cap:
            parts.append(posts[0][: single_cap * 10])
        if not parts:
            return np.zeros(0, dtype=np.int32)
        return np.unique(np.concatenate(parts))

    # -- searching --------------------------------------------------------------------------

    def _slot_of(self, cik: str) -> int | None:
        slot = self._ent_slot.get(cik)
        if slot is None and cik.isdigit():
            slot = self._ent_slot.get(cik.lstrip("0")) or self._ent_slot.get(cik.zfill(10))
        return slot

    def cik(self, slot: int) -> str:
        return f"{self._ent_cik[slot]:010d}"

    def slots_for_ticker(self, ticker: str) -> list[int]:
        return list(self._tickers.get(ticker.upper().strip(), ()))

    def search(
        self,
        query: str,
        *,
        kind: EntityKind | str | None = None,
        ticker: str | None = None,
        settings: LinkSettings | None = None,
        limit: int | None = None,
        related: Iterable[str] = (),
    ) -> list[Candidate]:
        """Scored candidates, best first, one per CIK. The entities of ``related`` (CIKs; the
        context issuer's filers) are scored too when the block missed them (at most
        ``context_cap``); their scores are not changed here (see ``linker.decide``)."""
        cfg = LinkSettings.resolve(settings)
        kind = EntityKind(kind) if kind else None
        readings: list[NameKey] = name_keys(query, kind)
        if kind is None and isinstance(readings[0], PersonName):
            readings.append(parse_company(query))
        tokens = {t for r in readings for t in r.tokens()}
        rows = self.block(tokens, single_cap=cfg.single_cap, skip_cap=cfg.skip_cap)
        if kind is not None:
            code = _KINDS.index(kind)
            kinds = np.frombuffer(self._row_kind, dtype=np.uint8)
            rows = rows[kinds[rows] == code] if len(rows) else rows
            if not len(rows):  # the block held only the other kind: widen it
                rows = self.block(tokens, single_cap=cfg.single_cap * 20, skip_cap=cfg.skip_cap)
                rows = rows[kinds[rows] == code] if len(rows) else rows
        ticker_slots = set(self.slots_for_ticker(ticker)) if ticker else set()
        rows = self._prefilter(readings, rows, cfg.prefilter_keep)
        extra_rows = [self._ent_row[s] for s in ticker_slots]
        context_slots = [
            slot
            for slot in (self._slot_of(c) for c in related)
            if slot is not None and (kind is None or self._ent_kind[slot] == _KINDS.index(kind))
        ]
        if len(context_slots) <= cfg.context_cap:
            extra_rows += [self._ent_row[s] for s in context_slots]
        best: dict[int, tuple[float, int]] = {}
        for rid in list(rows) + extra_rows:
            rid = int(rid)
            key = key_from_text(self._row_norm[rid])
            score = max(key_score(r, key) for r in readings)
            slot = self._row_ent[rid]
            if slot in ticker_slots:
                score = 1.0 - (1.0 - score) / 2.0  # the ticker halves the distance
            if slot not in best or score > best[slot][0]:
                best[slot] = (score, rid)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))
        out = []
        for slot, (score, rid) in ranked[: limit or cfg.top_k]:
            out.append(
                Candidate(
                    cik=self.cik(slot),
                    name=self._ent_name[slot],
                    score=round(min(1.0, max(0.0, score)), 4),
                    kind=_KINDS[self._ent_kind[slot]],
                    matched=self._row_name[rid],
                )
            )
        return out

    def _prefilter(self, readings: list[NameKey], rows: np.ndarray, keep: int) -> np.ndarray:
        if len(rows) <= keep:
            return rows
        keys = [key_from_text(n) for n in itemgetter(*rows.tolist())(self._row_norm)]
        best = process.cdist(
            [r.flat for r in readings], [k.flat for k in keys], scorer=fuzz.ratio, dtype=np.uint8
        ).max(axis=0)
        if any(isinstance(r, PersonName) and len(r.first) == 1 for r in readings):
            best = np.maximum(
                best,
                process.cdist(
                    [r.initials_flat for r in readings],
                    [k.initials_flat for k in keys],
                    scorer=fuzz.ratio,
                    dtype=np.uint8,
                ).max(axis=0),
            )
        top = np.argpartition(-best.astype(np.int16), keep - 1)[:keep]
        return rows[top]

    def flats(self) -> list[str]:
        """Every name's flat string (what the prefilter compares), in row order."""
        return [key_from_text(n).flat for n in self._row_norm]


def extract(
    query: str,
    choices: NameIndex | Sequence[str] | Mapping[Any, str],
    *,
    scorer: Callable[..., float] | None = None,
    processor: Callable[[str], str] | None = None,
    limit: int | None = 5,
    score_cutoff: float | None = None,
    kind: EntityKind | str | None = None,
    ticker: str | None = None,
    settings: LinkSettings | None = None,
) -> list[tuple[str, float, Any]]:
    """Best matches of ``query`` as ``(choice, score, key)``, like ``rapidfuzz.process.extract``.

    ``choices`` is a ``NameIndex`` (blocked search; ``choice`` is the matched name and ``key``
    the CIK), a sequence (``key`` is the position) or a mapping (``key`` is the mapping key),
    both scored exhaustively. Scores are in [0, 1], not RapidFuzz's 0-100.
    """
    if processor is not None:
        query = processor(query)
    if isinstance(choices, NameIndex):
        found = choices.search(query, kind=kind, ticker=ticker, settings=settings, limit=limit)
        out: list[tuple[str, float, Any]] = []
        for cand in found:
            score = cand.score
            if scorer is not None:
                score = scorer(query, cand.matched or cand.name)
            out.append((cand.matched or cand.name, score, cand.cik))
        out.sort(key=lambda t: -t[1])
    else:
        items = choices.items() if isinstance(choices, Mapping) else enumerate(choices)
        score_fn = scorer or (lambda a, b: name_similarity(a, b, kind=kind))
        out = [(choice, score_fn(query, choice), key) for key, choice in items]
        out.sort(key=lambda t: -t[1])
    if score_cutoff is not None:
        out = [t for t in out if t[1] >= score_cutoff]
    return out[:limit] if limit else out


def extract_one(
    query: str,
    choices: NameIndex | Sequence[str] | Mapping[Any, str],
    **kwargs: Any,
) -> tuple[str, float, Any] | None:
    """The single best match, or ``None`` (like ``rapidfuzz.process.extractOne``)."""
    kwargs["limit"] = 1
    found = extract(query, choices, **kwargs)
    return found[0] if found else None
