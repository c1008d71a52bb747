"""Score a predicted ``Filing`` against a truth ``Filing``, field by field, per field group.

A field is a leaf path as given by ``iter_leaves`` (``nonDerivativeTable/
nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value``); it is right when
its canonical value and its footnote ids both equal the truth's. For every path in either
filing: equal -> true positive; both present but different -> one false positive and one
false negative; only predicted -> false positive; only in truth -> false negative.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from extract.ir.filing import Filing
from extract.ir.lexical import format_value, normalise_space
from extract.ir.schema import iter_leaves

__all__ = [
    "GROUPS",
    "NOT_PRINTED",
    "Counts",
    "DocScore",
    "Evaluation",
    "canonical_fields",
    "field_group",
    "printed_only",
    "score_filing",
]

GROUPS = ("header", "issuer", "owner", "table1", "table2", "footnotes", "remarks", "signature")

#: Elements that the printed form and its renderings do not show (identifiers and EDGAR
#: bookkeeping); scoring a rendering leaves them out.
NOT_PRINTED = frozenset(
    {
        "schemaVersion",
        "issuerCik",
        "rptOwnerCik",
        "rptOwnerCcc",
        "rptOwnerGoodAddress",
        "rptOwnerStateDescription",
        "transactionFormType",
        "equitySwapInvolved",
        "transactionTimeliness",
    }
)


def field_group(path: str) -> str:
    """The field group of a leaf path."""
    head = path.split("/", 1)[0].split("[", 1)[0]
    return {
        "issuer": "issuer",
        "reportingOwner": "owner",
        "nonDerivativeTable": "table1",
        "derivativeTable": "table2",
        "footnotes": "footnotes",
        "remarks": "remarks",
        "ownerSignature": "signature",
    }.get(head, "header")


def printed_only(path: str) -> bool:
    """True when the leaf at ``path`` is shown on the printed form."""
    return not any(step.split("[", 1)[0] in NOT_PRINTED for step in path.split("/"))


def _canonical(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0.0") else text
    if isinstance(value, str):
        return normalise_space(value)
    return format_value(value)


def canonical_fields(
    filing: Filing,
    keep: Callable[[str], bool] | None = None,
    *,
    fold_false: bool | None = None,
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``{path: (canonical value, sorted footnote ids)}`` for every present leaf.

    ``fold_false`` (default: on whenever ``keep`` filters) treats an unchecked box as absent:
    a printed form cannot tell ``<isOfficer>0</isOfficer>`` from no element at all.
    """
    if fold_false is None:
        fold_false = keep is not None
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for leaf in iter_leaves(filing):
        extracted = leaf.extracted
        if not extracted.present:
            continue
        if fold_false and extracted.value is False and not extracted.footnote_ids:
            continue
        if keep is not None and not keep(leaf.path):
            continue
        out[leaf.path] = (_canonical(extracted.value), tuple(sorted(extracted.footnote_ids)))
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocScore:
    name: str
    groups: dict[str, Counts]
    mismatches: list[tuple[str, str | None, str | None]]  # (path, predicted, truth)

    @property
    def total(self) -> Counts:
        total = Counts()
        for counts in self.groups.values():
            total.add(counts)
        return total

    @property
    def exact(self) -> bool:
        return not self.mismatches


def _show(item: tuple[str, tuple[str, ...]] | None) -> str | None:
    if item is None:
        return None
    value, notes = item
    return value + (f" [{','.join(notes)}]" if notes else "")


def score_filing(
    predicted: Filing | None,
    truth: Filing,
    *,
    name: str = "",
    keep: Callable[[str], bool] | None = None,
) -> DocScore:
    """Score one prediction (None = nothing extracted) against its truth."""
    want = canonical_fields(truth, keep)
    got = canonical_fields(predicted, keep) if predicted is not None else {}
    groups = {g: Counts() for g in GROUPS}
    mismatches: list[tuple[str, str | None, str | None]] = []
    for path in sorted(want.keys() | got.keys()):
        counts = groups[field_group(path)]
        p, t = got.get(path), want.get(path)
        if p == t:
            counts.tp += 1
            continue
        if p is not None:
            counts.fp += 1
        if t is not None:
            counts.fn += 1
        mismatches.append((path, _show(p), _show(t)))
    return DocScore(name=name, groups=groups, mismatches=mismatches)


@dataclass
class Evaluation:
    """Scores accumulated over many documents."""

    docs: list[DocScore] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (name, error)

    def add(self, score: DocScore) -> None:
        self.docs.append(score)

    def extend(self, scores: Iterable[DocScore]) -> None:
        self.docs.extend(scores)

    def group(self, name: str) -> Counts:
        total = Counts()
        for doc in self.docs:
            total.add(doc.groups[name])
        return total

    @property
    def micro(self) -> Counts:
        total = Counts()
        for doc in self.docs:
            total.add(doc.total)
        return total

    @property
    def documents(self) -> int:
        return len(self.docs) + len(self.failures)

    @property
    def exact_share(self) -> float:
        exact = sum(1 for d in self.docs if d.exact)
        return exact / self.documents if self.documents else 1.0

    def to_dict(self) -> dict[str, Any]:
        def counts(c: Counts) -> dict[str, Any]:
            return {
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
                "precision": round(c.precision, 6),
                "recall": round(c.recall, 6),
                "f1": round(c.f1, 6),
            }

        return {
            "documents": self.documents,
            "exact": sum(1 for d in self.docs if d.exact),
            "exactShare": round(self.exact_share, 6),
            "micro": counts(self.micro),
            "groups": {g: counts(self.group(g)) for g in GROUPS},
            "failures": [{"name": n, "error": e} for n, e in self.failures],
            "mismatches": [
                {"name": d.name, "path": p, "predicted": got, "truth": want}
                for d in self.docs
                for p, got, want in d.mismatches
            ],
        }
