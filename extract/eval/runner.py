"""Evaluation runs: predicted vs truth XML files, or render -> extract -> score a corpus."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.table import Table

from extract.errors import InputError
from extract.eval.score import GROUPS, Evaluation, printed_only, score_filing
from extract.ir.filing import Filing
from extract.readers.xml import read_ownership_xml

__all__ = ["evaluate_corpus", "evaluate_pairs", "format_table", "ownership_xml_files"]


def _read(path: Path) -> Filing:
    return read_ownership_xml(path.read_bytes(), path=str(path)).filing


def ownership_xml_files(directory: Path) -> list[Path]:
    """Every ``*.xml`` under ``directory`` whose root is ``<ownershipDocument>``, sorted."""
    found = []
    for path in sorted(directory.rglob("*.xml")):
        with open(path, "rb") as handle:
            head = handle.read(4096)
        if b"<ownershipDocument" in head or b"ownershipDocument>" in head:
            found.append(path)
    return found


def evaluate_pairs(pred: Path, truth: Path, *, printed: bool = True) -> Evaluation:
    """Score predicted XML against truth XML; directories are matched by file name."""
    keep = printed_only if printed else None
    evaluation = Evaluation()
    if pred.is_file() and truth.is_file():
        pairs = [(pred, truth)]
    elif pred.is_dir() and truth.is_dir():
        wanted = {p.name: p for p in ownership_xml_files(truth)}
        pairs = [(pred / name, path) for name, path in sorted(wanted.items())]
    else:
        raise InputError("--pred and --truth must both be files or both directories", code="E030")
    for predicted, expected in pairs:
        if not predicted.exists():
            evaluation.failures.append((expected.name, "no prediction"))
            continue
        evaluation.add(score_filing(_read(predicted), _read(expected), name=expected.name,
                                    keep=keep))
    return evaluation


def evaluate_corpus(
    corpus: Path, style: str, *, printed: bool = True, limit: int | None = None
) -> Evaluation:
    """Render every ownership XML under ``corpus`` as ``style``, extract it back, score it."""
    from extract.pipeline import extract_bytes
    from extract.render import render_bytes

    keep = printed_only if printed else None
    evaluation = Evaluation()
    files = ownership_xml_files(corpus)
    if not files:
        raise InputError(f"no ownership XML under {corpus}", code="E031", path=str(corpus))
    for path in files[:limit]:
        truth = _read(path)
        result = extract_bytes(render_bytes(truth, style), path=f"{path}.{style}")
        name = str(path.relative_to(corpus))
        if result.filing is None:
            message = "; ".join(f"{e.code} {e.message}" for e in result.errors) or "no filing"
            evaluation.failures.append((name, message))
            continue
        evaluation.add(score_filing(result.filing, truth, name=name, keep=keep))
    return evaluation


def format_table(evaluation: Evaluation, *, show: int = 10) -> str:
    """The scores as a printed table, then the first ``show`` mismatches and failures."""
    table = Table(title=f"{evaluation.documents} documents, "
                        f"{evaluation.exact_share:.1%} exact")
    for column in ("group", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "group" else "left")
    for group in (*GROUPS, "micro"):
        c = evaluation.micro if group == "micro" else evaluation.group(group)
        table.add_row(group, str(c.tp), str(c.fp), str(c.fn), f"{c.precision:.4f}",
                      f"{c.recall:.4f}", f"{c.f1:.4f}")
    buffer = io.StringIO()
    console = Console(file=buffer, width=110, force_terminal=False, color_system=None)
    console.print(table)
    shown = 0
    for doc in evaluation.docs:
        for path, got, want in doc.mismatches:
            if shown >= show:
                break
            console.print(f"{doc.name}: {path}: got {got!r}, want {want!r}", soft_wrap=True)
            shown += 1
    for name, error in evaluation.failures[:show]:
        console.print(f"{name}: FAILED {error}", soft_wrap=True)
    return buffer.getvalue().rstrip("\n")
