"""Entity-linking benchmark: accuracy on perturbed dev-corpus names, and speed at scale.

    python -m benchmarks.bench_linking                 # both parts, 1,000,000 entities
    python -m benchmarks.bench_linking --size 100000   # a smaller scale run
    python -m benchmarks.bench_linking --part accuracy
    python -m benchmarks.bench_linking --part accuracy --registry acceptance --seed 17

(a) accuracy: a registry built from ``../shared/corpus/dev`` (XML and metadata.json) plus
``--distractors`` generated entities (the acceptance registry) and, in a second run, hand-made
confusers too (the stress registry: same surname, other first name; surname two edits away;
same company core, other form or extra word). Every dev name with a
known CIK (owner, issuer, signature ``for X``, self-signed signature, power-of-attorney print
name) is perturbed ``--reps`` times: OCR errors at 2-5% always, plus one of order switched,
initials, middle dropped, suffix added or removed, corporate form changed, THE/& variants.
Each perturbed query is linked four ways: plain (no context, the numbers before issue-6's
context rule), with context (``issuer_cik`` = the issuer of the filing the name came from,
for every name but the issuers' own), held-out (context, but the true person's relation to
that issuer dropped unless another dev XML states it), and excluded (as if the query's own
filing folder had never been imported: its relations, its names and the entities only it
names are out of the registry; see ``link_excluded``). Excluded-mode queries whose entity is
then left only under other names (renamed) or not at all (absent) are counted apart: for
them review or new is right and any link is wrong.
(b) scale: ``--size`` generated entities imported from a ``cik-lookup-data.txt`` file, the
index built, 10,000 perturbed queries linked on 2 processes; ``rapidfuzz.process.cdist``
over the same queries timed on a subset and extrapolated.
"""

from __future__ import annotations

import argparse
import csv
import gc
import multiprocessing as mp
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from benchmarks.linking_data import FIRST, generate_entities, perturb
from extract.errors import InputError
from extract.linking import LinkSettings, Registry, build_from_dir, link_name, parse_signature
from extract.linking.importers import import_file, records_from_path
from extract.linking.linker import choose
from extract.linking.matcher import NameIndex
from extract.linking.model import Decision, EntityRef, Link
from extract.linking.normalise import (
    EntityKind,
    guess_kind,
    key_from_text,
    key_to_text,
    name_key,
    name_keys,
    parse_company,
    parse_person,
)
from extract.linking.scoring import key_score
from extract.readers.xml import read_ownership_xml

MODES = ("plain", "context", "held-out", "excluded")
#: the excluded mode's queries whose entity is left in the registry only under other names, or
#: not at all: counted apart (a link is then wrong, and review or new is right)
_APART = ("renamed", "absent")
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0


# -- (a) accuracy ---------------------------------------------------------------------------


Name = tuple[str, str, EntityKind, str]


def dev_names() -> list[Name]:
    """``(mention, cik, kind, source)`` for every dev name whose CIK is known."""
    return dev_names_in_context()[0]


Filing = tuple[Path, str | None]  # a filing's folder and its issuer's CIK (ten digits)


def dev_names_in_context() -> tuple[
    list[Name], dict[Name, list[str]], Counter[tuple[str, str]], dict[Name, list[Filing]]
]:
    """``dev_names``; per name other than an issuer's, the CIKs of the issuers of the filings
    it was taken from (the context a real run has); per ``(owner CIK, issuer CIK)`` the
    number of dev ownership XML files stating it; and per name the filings it was taken from."""
    with open(CORPUS / "index.csv", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["split"] == "dev"]
    out: set[Name] = set()
    context: dict[Name, set[str]] = defaultdict(set)
    owner_by_dir: dict[Path, str] = {}
    issuer_by_dir: dict[Path, str] = {}
    pair_files: Counter[tuple[str, str]] = Counter()
    filings: dict[Name, set[Filing]] = defaultdict(set)
    for row in rows:
        if row["kind"] != "ownership-xml":
            continue
        path = CORPUS / row["path"]
        filing = read_ownership_xml(path.read_bytes(), path=str(path)).filing
        iss = filing.issuer
        issuer_cik = iss.issuer_cik.value if iss.issuer_cik and iss.issuer_cik.value else None
        issuer10 = issuer_cik.zfill(10) if issuer_cik else None
        if issuer_cik and iss.issuer_name and iss.issuer_name.value:
            item = (iss.issuer_name.value, issuer_cik, EntityKind.COMPANY, "issuer")
            out.add(item)
            filings[item].add((path.parent, issuer10))

        def add(item: Name, issuer: str | None = issuer10, where: Path = path.parent) -> None:
            out.add(item)
            filings[item].add((where, issuer))
            if issuer:
                context[item].add(issuer)

        owners = []
        for o in filing.reporting_owners:
            oid = o.reporting_owner_id
            if oid.rpt_owner_cik and oid.rpt_owner_cik.value and oid.rpt_owner_name:
                name = oid.rpt_owner_name.value or ""
                owners.append((name, oid.rpt_owner_cik.value))
                add((name, oid.rpt_owner_cik.value, guess_kind(name), "owner"))
                if issuer_cik:
                    pair_files[(oid.rpt_owner_cik.value.zfill(10), issuer_cik.zfill(10))] += 1
        if len(owners) != 1:
            continue
        owner_by_dir[path.parent] = owners[0][1]
        if issuer_cik:
            issuer_by_dir[path.parent] = issuer_cik.zfill(10)
        for sig in filing.owner_signatures:
            text = sig.signature_name.value if sig.signature_name else None
            if not text:
                continue
            parts = parse_signature(text)
            if parts.on_behalf_of:
                add((parts.on_behalf_of, owners[0][1], guess_kind(parts.on_behalf_of),
                     "signature-for"))  # fmt: skip
            elif parts.signer and not parts.attorney and not parts.for_owner:
                add((parts.signer, owners[0][1], EntityKind.PERSON, "signature-self"))
    for row in rows:
        if row["kind"] != "poa-exhibit":
            continue
        path = CORPUS / row["path"]
        cik = owner_by_dir.get(path.parent)
        if cik is None:
            continue
        text = re.sub(r"<[^>]+>|&nbsp;", " ", path.read_text(errors="replace"))
        m = re.search(r"(?:Print\s+Name|Name)\s*:\s*([A-Z][A-Za-z.\- ]{3,40}?)\s*(?:\n|$|  )", text)
        if m and len(m.group(1).split()) >= 2:
            item = (m.group(1).strip(), cik, EntityKind.PERSON, "poa-grantor")
            out.add(item)
            filings[item].add((path.parent, issuer_by_dir.get(path.parent)))
            if path.parent in issuer_by_dir:
                context[item].add(issuer_by_dir[path.parent])
    return (
        sorted(out),
        {k: sorted(v) for k, v in context.items()},
        pair_files,
        {k: sorted(v, key=lambda f: (str(f[0]), f[1] or "")) for k, v in filings.items()},
    )


class Support:
    """Which dev filing folders state each name, entity and relation of the registry, so a
    query can be linked as if its own filing had never been imported (``link_excluded``)."""

    def __init__(self, registry: Registry, root: Path) -> None:
        self.names: dict[str, dict[str, set[Path]]] = defaultdict(lambda: defaultdict(set))
        self.relations: dict[tuple[str, str], set[Path]] = defaultdict(set)
        kinds: dict[str, EntityKind] = {}
        for path in sorted(root.rglob("*")):
            lower = path.name.lower()
            if not (lower.endswith(".xml") or lower == "metadata.json"):
                continue
            try:
                records = list(records_from_path(path))
            except InputError:
                continue
            for rec in records:
                cik = rec.cik.strip().zfill(10)
                if cik not in kinds:
                    info = registry.get(cik)
                    if info is None:
                        continue
                    kinds[cik] = info.kind
                for name in (rec.name, *rec.former_names, *rec.aliases):
                    if " ".join(name.split()):
                        norm = key_to_text(name_key(" ".join(name.split()), kinds[cik]))
                        self.names[cik][norm].add(path.parent)
                for issuer in rec.issuers:
                    if issuer.strip().isdigit():
                        self.relations[(cik, issuer.strip().zfill(10))].add(path.parent)

    def left(self, cik: str, without: Path) -> list[str]:
        """The entity's names (normalised keys) still in the registry once ``without`` is
        left out; none when the entity itself is out."""
        return [n for n, dirs in self.names.get(cik, {}).items() if dirs - {without}]

    def status(self, cik: str, without: Path, mention: str, kind: EntityKind,
               floor: float) -> str:  # fmt: skip
        """``excluded`` when the entity is still in the registry under a name like
        ``mention`` (scoring at least ``floor`` unperturbed), ``renamed`` when only under other
        names (a former or later name: no name matcher can find it), else ``absent``."""
        left = self.left(cik, without)
        if not left:
            return "absent"
        readings = name_keys(mention, kind)
        best = max(key_score(r, key_from_text(n)) for r in readings for n in left)
        return "excluded" if best >= floor else "renamed"


def link_excluded(query: str, index: NameIndex, kind: EntityKind, cfg: LinkSettings,
                  issuer: str | None, own: Path, support: Support) -> Link:  # fmt: skip
    """``link_name(issuer_cik=issuer)`` as if the filing folder ``own`` had never been
    imported: relations only it states are dropped from the context, dev entities only it
    names are dropped from the candidates, and the others are scored on their remaining
    names only (a name only ``own`` gives them does not count)."""
    related = frozenset(
        c for c in (index.related(issuer) if issuer else ())
        if support.relations.get((c, issuer or ""), set()) - {own}
    )  # fmt: skip
    found = index.search(query, kind=kind, settings=cfg, limit=cfg.top_k + 6, related=related)
    readings = name_keys(query, kind)
    kept = []
    for cand in found:
        norms = support.names.get(cand.cik)
        if norms is None:  # a generated entity: no filing states it
            kept.append(cand)
            continue
        left = support.left(cand.cik, own)
        if left:
            score = max(key_score(r, key_from_text(n)) for r in readings for n in left)
            kept.append(cand.model_copy(update={"score": round(score, 4)}))
    kept.sort(key=lambda c: (-c.score, c.cik))
    kept = kept[: cfg.top_k + 1]
    decision, score, chosen = choose(kept, cfg, related=related)
    entity = EntityRef(cik=chosen.cik, name=chosen.name) if chosen is not None else None
    return Link(mention=query, entity=entity, score=round(score, 4), candidates=kept,
                decision=decision)  # fmt: skip


def _link_held_out(query: str, index: NameIndex, kind: EntityKind, cfg: LinkSettings,
                   issuer: str, truth: str, pair_files: Counter[tuple[str, str]]) -> Link:  # fmt: skip
    """``link_name(issuer_cik=issuer)`` as if the query's own filing were not yet in the
    registry: the truth's relation to the issuer is dropped unless another dev XML states it."""
    related = index.related(issuer)
    if pair_files[(truth, issuer)] < 2:
        related = related - {truth}
    found = index.search(query, kind=kind, settings=cfg, limit=cfg.top_k + 1, related=related)
    decision, score, chosen = choose(found, cfg, related=related)
    entity = EntityRef(cik=chosen.cik, name=chosen.name) if chosen is not None else None
    return Link(mention=query, entity=entity, score=round(score, 4), candidates=found,
                decision=decision)  # fmt: skip


def _confusers(names: list[Name], rng: random.Random) -> list[tuple[str, str, EntityKind]]:
    out: list[tuple[str, str, EntityKind]] = []
    cik = 9_000_000
    for mention, _cik, kind, source in names:
        if source not in ("owner", "issuer"):
            continue
        if kind is EntityKind.PERSON:
            p = parse_person(mention, "sec")
            for first in rng.sample([f for f in FIRST if f != p.first], 3):
                out.append((str(cik), f"{p.last} {first}", kind))
                cik += 1
            last = list(p.last)
            for _ in range(2):
                last[rng.randrange(len(last))] = rng.choice("AEIOURSTLN")
            out.append((str(cik), f"{''.join(last)} {p.first}", kind))
            cik += 1
        else:
            c = parse_company(mention)
            out.append((str(cik), f"{c.core} {'LLC' if c.form != 'LLC' else 'INC'}", kind))
            out.append(
                (
                    str(cik + 1),
                    f"{c.core} {rng.choice(['CAPITAL', 'PARTNERS', 'GLOBAL'])} INC",
                    kind,
                )
            )
            cik += 2
    return out


def run_accuracy(distractors: int, reps: int, seed: int, *, adversarial: bool) -> None:
    rng = random.Random(seed)
    names, context_of, pair_files, filings_of = dev_names_in_context()
    with tempfile.TemporaryDirectory() as tmp:
        reg = Registry(Path(tmp) / "acc.sqlite")
        build_from_dir(reg, CORPUS / "dev")
        support = Support(reg, CORPUS / "dev")
        existing = {key_to_text(k) for m, _c, kind, _s in names for k in name_keys(m, kind)}
        confusers = (
            [c for c in _confusers(names, rng) if key_to_text(name_key(c[1], c[2])) not in existing]
            if adversarial
            else []
        )
        generated = generate_entities(distractors, seed=seed, exclude=existing)
        from extract.linking.registry import EntityRecord

        reg.add(EntityRecord(c, n, k) for c, n, k in confusers + generated)
        index = reg.index()
        cfg = LinkSettings()
        # the same perturbed query linked twice: plain, and with its filing's issuer as context
        # and as if its own filing had never been imported (excluded; counted apart when that
        # leaves its entity out of the registry: then any link is wrong)
        per: dict[str, dict[str, Counter[str]]] = {
            m: defaultdict(Counter) for m in (*MODES, *_APART)
        }
        wrong: dict[str, list[tuple[str, str, str, str]]] = {m: [] for m in (*MODES, *_APART)}
        start = time.perf_counter()
        for mention, cik, kind, source in names:
            issuers = context_of.get((mention, cik, kind, source), [])
            for rep in range(reps):
                query, what = perturb(mention, kind, rng, "sec" if source == "owner" else "prose")
                plain = link_name(query, index, kind=kind, settings=cfg)
                issuer = issuers[rep % len(issuers)] if issuers else None
                ctx = (
                    link_name(query, index, kind=kind, settings=cfg, issuer_cik=issuer)
                    if issuer
                    else plain
                )
                held = (
                    _link_held_out(query, index, kind, cfg, issuer, cik.zfill(10), pair_files)
                    if issuer
                    else plain
                )
                own, own_issuer = filings_of[(mention, cik, kind, source)][rep % len(
                    filings_of[(mention, cik, kind, source)])]  # fmt: skip
                if source == "issuer":
                    own_issuer = None  # as in the other modes: an issuer's name gets no context
                excl = link_excluded(query, index, kind, cfg, own_issuer, own, support)
                status = support.status(cik.zfill(10), own, mention, kind, cfg.review_threshold)
                links = (plain, ctx, held, excl)
                for mode, link in zip((*MODES[:3], status), links, strict=True):
                    for label in (what, f"src:{source}", "ALL"):
                        c = per[mode][label]
                        c["n"] += 1
                        c[link.decision.value] += 1
                        if link.decision is Decision.LINKED and link.entity is not None:
                            ok = link.entity.cik == cik.zfill(10)
                            c["right" if ok else "wrong"] += 1
                            if not ok and label == "ALL":
                                wrong[mode].append(
                                    (mention, query, link.entity.name, f"{link.score:.3f}")
                                )
                        elif link.candidates and link.candidates[0].cik == cik.zfill(10):
                            c["top1_unlinked"] += 1
        elapsed = time.perf_counter() - start
        n_context = sum(1 for k in names if context_of.get(k))
        n_filings = len({f for fs in filings_of.values() for f, _i in fs})
    label = "with hand-made confusers (stress)" if adversarial else "dev + generated (acceptance)"
    print(f"\n(a) ACCURACY, {label}: dev names with known CIK: {len(names)} "
          f"({dict(Counter(s for *_x, s in names))}); registry {index.entities:,} entities "
          f"= dev + {len(confusers)} confusers + {distractors:,} generated; {reps} perturbations "
          f"per name, seed {seed}")  # fmt: skip
    print(f"thresholds: link >= {cfg.link_threshold}, margin {cfg.margin}, review >= "
          f"{cfg.review_threshold}; context rule: related candidate >= {cfg.context_threshold}, "
          f"within {cfg.context_window} of the best")  # fmt: skip
    print(f"plain = no context (as before); context = the issuer CIK of the name's filing "
          f"passed as issuer_cik ({n_context} of {len(names)} names have one; issuers' own "
          f"names get none); held-out = context, but the true owner-issuer relation only when "
          f"another dev XML states it (the filing itself not yet imported); "
          f"{4 * per['plain']['ALL']['n'] / elapsed:,.0f} queries/s over the four modes")  # fmt: skip
    print(f"excluded = each query linked as if its own filing (one of the {n_filings} dev filing "
          f"folders the name was taken from, in turn) had never been imported: its relations, its "
          f"names and the entities only it names are out of the registry, its issuer is the "
          f"context; counted here when the true entity is still in the registry (from another "
          f"filing), and in the 'absent' line below when not")  # fmt: skip
    cols = f" {'linked':>7}{'review':>7}{'new':>6}{'prec':>8} |"
    header = f"{'perturbation':<20}{'n':>6} |" + cols * 3 + f"{'n':>6}" + cols
    titles = ("plain (no context)", "with issuer context", "context, held-out")
    print(f"{'':<26} |" + "|".join(f"{t:^29}" for t in titles) + f"|{'own filing excluded':^35}|")
    print(header)
    print("-" * len(header))
    for label in sorted(per["plain"], key=lambda x: (x == "ALL", x.startswith("src:"), x)):
        cells = []
        for mode in MODES:
            c = per[mode][label]
            linked = c["linked"]
            prec = c["right"] / linked if linked else float("nan")
            n = max(c["n"], 1)
            cells.append((f"{c['n']:>5} " if mode == "excluded" else "")
                         + f"{linked / n:>7.1%}{c['review'] / n:>7.1%}"
                         f"{c['new'] / n:>6.1%}{prec:>8.2%}")  # fmt: skip
        print(f"{label:<20}{per['plain'][label]['n']:>6} | " + " | ".join(cells) + " |")
    for what, c in (
        ("true entity left only under other names (renamed, e.g. META -> FACEBOOK)",
         per["renamed"]["ALL"]),
        ("true entity absent (its only filings left out)", per["absent"]["ALL"]),
    ):  # fmt: skip
        print(f"excluded, {what}: {c['n']} queries: {c['linked']} linked ({c['right']} right), "
              f"{c['review']} review, {c['new']} new")  # fmt: skip
    links = sum(per[m]["ALL"]["linked"] for m in ("excluded", *_APART))
    rights = sum(per[m]["ALL"]["right"] for m in ("excluded", *_APART))
    print(f"excluded, precision of every link made: {rights / max(links, 1):.2%} of {links}")
    for mode in (*MODES, *_APART):
        print(f"wrong links ({mode}): {len(wrong[mode])}")
        for row in wrong[mode][:15]:
            print("   ", " | ".join(row))


# -- (b) scale -------------------------------------------------------------------------------

_INDEX: NameIndex | None = None


def _work(chunk: list[tuple[str, str]]) -> tuple[list[tuple[str, str | None, str]], float]:
    assert _INDEX is not None
    cfg = LinkSettings()
    out = []
    for query, kind in chunk:
        link = link_name(query, _INDEX, kind=kind, settings=cfg)
        out.append((link.decision.value, link.entity.cik if link.entity else None, query))
    return out, _rss_mib()


def run_scale(size: int, n_queries: int, cdist_sample: int, seed: int) -> None:
    global _INDEX
    rng = random.Random(seed + 1)
    t0 = time.perf_counter()
    entities = generate_entities(size, seed=seed + 2)
    t_gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        lookup = Path(tmp) / "cik-lookup-data.txt"
        with open(lookup, "w", encoding="latin-1") as handle:
            for cik, name, _kind in entities:
                handle.write(f"{name}:{cik.zfill(10)}:\n")
        t0 = time.perf_counter()
        reg = Registry(Path(tmp) / "scale.sqlite")
        stats = import_file(reg, lookup)
        t_import = time.perf_counter() - t0
        db_mib = (Path(tmp) / "scale.sqlite").stat().st_size / 2**20
        t0 = time.perf_counter()
        _INDEX = reg.index()
        t_index = time.perf_counter() - t0
        reg.close()
    rss_after_build = _rss_mib()
    picks = rng.sample(range(len(entities)), n_queries)
    queries, truth = [], []
    for i in picks:
        cik, name, _kind = entities[i]
        kind = guess_kind(name)  # what the importer stored (cik-lookup has no kind)
        text, _what = perturb(name, kind, rng)
        queries.append((text, kind.value))
        truth.append(cik.zfill(10))
    del entities
    gc.collect()
    gc.freeze()
    chunks = [queries[i : i + 250] for i in range(0, len(queries), 250)]
    ctx = mp.get_context("fork")
    t0 = time.perf_counter()
    with ctx.Pool(2) as pool:
        results = pool.map(_work, chunks)
    t_query = time.perf_counter() - t0
    decisions = [r for part, _rss in results for r in part]
    child_rss = max(rss for _part, rss in results)
    linked = sum(d == "linked" for d, _c, _q in decisions)
    right = sum(d == "linked" and c == t for (d, c, _q), t in zip(decisions, truth, strict=True))
    review = sum(d == "review" for d, _c, _q in decisions)

    # brute force: cdist of the processed queries against every processed name, on a subset
    flats = _INDEX.flats()  # the same processed strings the index's prefilter compares
    sample = [name_keys(q, k)[0].flat for q, k in queries[:cdist_sample]]
    t0 = time.perf_counter()
    best: list[int] = []
    for i in range(0, len(sample), 50):
        scores = process.cdist(sample[i : i + 50], flats, scorer=fuzz.ratio, dtype=np.uint8,
                               workers=2)  # fmt: skip
        best.extend(int(j) for j in scores.argmax(axis=1))
        del scores
    t_cdist = time.perf_counter() - t0
    bf_right = sum(
        _INDEX.cik(_INDEX._row_ent[j]) == truth[i]  # noqa: SLF001
        for i, j in enumerate(best)
    )
    print(f"\n(b) SCALE  {size:,} generated entities ({len(_INDEX):,} names), "
          f"{n_queries:,} perturbed queries, 2 processes, seed {seed}")  # fmt: skip
    rows = [
        ("generate names", f"{t_gen:.1f} s"),
        (
            "import cik-lookup-data.txt -> SQLite",
            f"{t_import:.1f} s ({stats.entities_added:,} entities, {db_mib:.0f} MiB file)",
        ),
        ("build in-memory index", f"{t_index:.1f} s"),
        ("peak RSS, main process after build", f"{rss_after_build:,.0f} MiB"),
        ("peak RSS, largest worker (forked, shares pages)", f"{child_rss:,.0f} MiB"),
        (
            f"{n_queries:,} queries, 2 processes (blocked)",
            f"{t_query:.1f} s wall ({n_queries / t_query:,.0f} q/s)",
        ),
        (
            "  linked / review / new",
            f"{linked / n_queries:.1%} / {review / n_queries:.1%} / "
            f"{1 - (linked + review) / n_queries:.1%}",
        ),
        ("  precision of links", f"{right / max(linked, 1):.2%}"),
        (
            f"brute force cdist, {cdist_sample} queries x {len(flats):,} names, 2 workers",
            f"{t_cdist:.1f} s",
        ),
        (
            f"  extrapolated to {n_queries:,} queries",
            f"{t_cdist * n_queries / cdist_sample:,.0f} s",
        ),
        ("  brute-force top-1 right (fuzz.ratio)", f"{bf_right / len(sample):.1%}"),
    ]
    width = max(len(a) for a, _b in rows)
    for a, b in rows:
        print(f"{a:<{width}}  {b}")
    wrong = [(q, c, t) for (d, c, q), t in zip(decisions, truth, strict=True)
             if d == "linked" and c is not None and c != t]  # fmt: skip
    for query, got, want in wrong[:8]:
        print(
            f"    wrong: {query!r} -> {_INDEX._ent_name[_INDEX._ent_slot[got]]!r} "  # noqa: SLF001
            f"(truth {_INDEX._ent_name[_INDEX._ent_slot[want]]!r})"
        )  # noqa: SLF001


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--cdist-sample", type=int, default=200)
    parser.add_argument("--distractors", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--part", choices=["accuracy", "scale", "both"], default="both")
    parser.add_argument(
        "--registry", choices=["acceptance", "stress", "both"], default="both",
        help="accuracy: the dev + generated registry, the one with hand-made confusers, or both",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.part in ("accuracy", "both"):
        if not CORPUS.is_dir():
            print(f"skipping accuracy: {CORPUS} is absent", file=sys.stderr)
        else:
            if args.registry in ("acceptance", "both"):
                run_accuracy(args.distractors, args.reps, args.seed, adversarial=False)
            if args.registry in ("stress", "both"):
                run_accuracy(args.distractors, args.reps, args.seed, adversarial=True)
    if args.part in ("scale", "both"):
        run_scale(args.size, args.queries, args.cdist_sample, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
