"""The ``sec16`` command line. The only module that prints or exits."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from extract import __version__
from extract.errors import ExtractError
from extract.ir.result import Result, Status

__all__ = ["main"]

FORMATS = ("json", "xml", "csv")


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"sec16: {message}", err=True)
    sys.exit(code)


def _error_line(result: Result) -> str:
    first = next((e for e in result.errors if e.stage == "pipeline"), None) or (
        result.errors[0] if result.errors else None
    )
    what = f"{first.code} {first.message}" if first else "nothing could be extracted"
    return f"{result.source.path}: {what}"


def _render_output(results: Sequence[Result], fmt: str) -> str:
    from extract.export.csv import results_to_csv
    from extract.export.json import canonical_json, result_to_dict
    from extract.export.sec_xml import to_xml

    if fmt == "csv":
        return results_to_csv(results)
    if fmt == "xml":
        parts = [to_xml(r.filing).decode() for r in results if r.filing is not None]
        return "".join(parts)
    if len(results) == 1:
        return canonical_json(result_to_dict(results[0]))
    return "".join(canonical_json(result_to_dict(r)).replace("\n", "") + "\n" for r in results)


class LazyGroup(click.Group):
    """A group whose heavier sub-commands are imported only when invoked."""

    lazy: dict[str, str] = {
        "registry": "extract.linking.commands:registry",
        "link": "extract.linking.commands:link",
        "review": "extract.review.commands:review",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            import importlib

            module_name, attr = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attr)
            if isinstance(command, click.Command):
                self.add_command(command, name=cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sec16")
def main() -> None:
    """sec16: read SEC Forms 3, 4 and 5 (XML, SGML, text and HTML renderings) into
    ownershipDocument data with confidence and provenance on every field."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (one input), or a directory (several inputs). Default: stdout.")
@click.option("--strict", is_flag=True, help="Stop at the first stage error (with its traceback).")
@click.option("--max-bytes", type=int, default=None, help="Refuse inputs larger than this.")
@click.option("--registry", type=str, default=None,
              help="Entity registry (SQLite file or database URL) to link names to CIKs.")
def extract(inputs: tuple[str, ...], fmt: str, output: Path | None, strict: bool,
            max_bytes: int | None, registry: str | None) -> None:
    """Extract INPUT files (``-`` reads standard input)."""
    from extract.pipeline import extract_bytes, extract_path

    settings: dict[str, Any] = {"strict": strict, "registry": _registry(registry)}
    if max_bytes is not None:
        settings["max_bytes"] = max_bytes
    results: list[Result] = []
    failed = 0
    for item in inputs:
        try:
            if item == "-":
                result = extract_bytes(sys.stdin.buffer.read(), path="<stdin>", settings=settings)
            else:
                result = extract_path(item, settings=settings)
        except ExtractError as exc:
            if strict:
                raise
            _fail(str(exc))
            return
        if result.status is Status.FAILED:
            failed += 1
            click.echo(f"sec16: {_error_line(result)}", err=True)
        elif result.filing is None and fmt != "json":
            failed += 1
            click.echo(f"sec16: {result.source.path}: E041 no ownership document here (a "
                       f"power-of-attorney exhibit); use --format json to see it", err=True)
            continue
        results.append(result)
    ok = [r for r in results if r.status is not Status.FAILED]
    if output is not None and len(inputs) > 1 and fmt != "csv":
        output.mkdir(parents=True, exist_ok=True)
        for result in ok:
            name = Path(result.source.path).name or "stdin"
            (output / f"{name}.{fmt}").write_text(_render_output([result], fmt))
    elif ok:
        text = _render_output(ok, fmt)
        if output is None:
            click.echo(text, nl=False)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text)
    if failed:
        sys.exit(2)


def _registry(location: str | None) -> str | None:
    """A registry given as a file must exist (a URL is passed through)."""
    if location and "://" not in location and not Path(location).is_file():
        _fail(f"{location}: E411 no registry there; build one with `sec16 registry build "
              "--from DIR --db FILE`")
    return location


@main.command()
@click.argument("xml_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "target",
              type=click.Choice(["text", "html", "pdf", "paper", "legacy", "scan"]),
              required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write; for --to scan a .tif/.tiff name writes a multi-page TIFF.")
@click.option("--dpi", type=click.IntRange(100, 600), default=300, show_default=True,
              help="Scan resolution (--to scan).")
@click.option("--noise", type=click.Choice(["clean", "light", "heavy"]), default="light",
              show_default=True, help="Scan degradation (--to scan).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the scan's skew and specks (--to scan); same seed, same bytes.")
@click.option("--look", type=click.Choice(["paper", "pdf"]), default="paper", show_default=True,
              help="What is scanned (--to scan): the paper form or the EDGAR page printed.")
def render(xml_file: Path, target: str, output: Path | None, dpi: int, noise: str, seed: int,
           look: str) -> None:
    """Render ownership XML as a text page, an EDGAR-style HTML page, that page printed to PDF,
    the printed paper form (PDF), a pre-2003 EDGAR ASCII document, or a simulated scan of the
    paper form or the printed page (image-only PDF or TIFF)."""
    from extract.readers.xml import read_ownership_xml
    from extract.render import render_filing

    try:
        filing = read_ownership_xml(xml_file.read_bytes(), path=str(xml_file)).filing
        if target == "scan":
            from extract.render.scan import render_scan

            tiff = output is not None and output.suffix.lower() in (".tif", ".tiff")
            rendered: str | bytes = render_scan(
                filing, look="pdf" if look == "pdf" else "paper", dpi=dpi, noise=noise,
                seed=seed, fmt="tiff" if tiff else "pdf")
        else:
            rendered = render_filing(filing, target)
    except ExtractError as exc:
        _fail(str(exc))
        return
    data = rendered if isinstance(rendered, bytes) else rendered.encode()
    if output is not None:
        output.write_bytes(data)
    elif isinstance(rendered, bytes) and sys.stdout.isatty():
        _fail(f"{xml_file}: E407 --to {target} writes a PDF; give -o FILE.pdf")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--png", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="PNG to write (one per page: -p<N> is added before the suffix).")
@click.option("--page", type=int, default=None, help="Only this page (1-based).")
def inspect(file: Path, out: Path, page: int | None) -> None:
    """Draw the words, regions, columns and cells the layout engine found on FILE's pages."""
    from extract.inspect import inspect_to_png

    try:
        written = inspect_to_png(file, out, page=page)
    except ExtractError as exc:
        _fail(str(exc))
        return
    for path in written:
        click.echo(str(path))


@main.command(name="eval")
@click.option("--pred", type=click.Path(exists=True, path_type=Path), default=None,
              help="Predicted ownership XML: a file or a directory of them.")
@click.option("--truth", type=click.Path(exists=True, path_type=Path), default=None,
              help="Truth ownership XML: a file or a directory (matched by file name).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Render every ownership XML under DIR, extract and score.")
@click.option("--as", "style", type=click.Choice(["text", "html", "pdf", "paper", "legacy"]),
              default="text",
              show_default=True, help="With --corpus: the rendering to go through.")
@click.option("--all-fields", is_flag=True, help="Score every field, not only printed ones.")
@click.option("--limit", type=int, default=None, help="With --corpus: at most N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show", type=int, default=10, show_default=True, help="Mismatches to list.")
def evaluate(pred: Path | None, truth: Path | None, corpus: Path | None, style: str,
             all_fields: bool, limit: int | None, as_json: bool, show: int) -> None:
    """Score predictions against truth XML per field group (P, R, F1, exact documents)."""
    from extract.eval.runner import evaluate_corpus, evaluate_pairs, format_table

    try:
        if corpus is not None:
            evaluation = evaluate_corpus(corpus, style, printed=not all_fields, limit=limit)
        elif pred is not None and truth is not None:
            evaluation = evaluate_pairs(pred, truth, printed=not all_fields)
        else:
            _fail("give --pred and --truth, or --corpus DIR")
            return
    except ExtractError as exc:
        _fail(str(exc))
        return
    if as_json:
        from extract.export.json import canonical_json

        click.echo(canonical_json(evaluation.to_dict()), nl=False)
    else:
        click.echo(format_table(evaluation, show=show))


def _input_exists(_ctx: click.Context, _param: click.Parameter,
                  value: tuple[str, ...]) -> tuple[str, ...]:
    for item in value:
        target = item[1:] if item.startswith("@") else item
        if not Path(target).exists():
            raise click.BadParameter(f"{target}: no such file or directory")
    return value


@main.command()
@click.argument("inputs", nargs=-1, required=True, callback=_input_exists)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for the outputs (and the SQLite ledger unless --db).")
@click.option("--db", type=str, default=None,
              help="Ledger and review store: a SQLite path or a postgresql:// URL "
                   "[default: OUT/sec16.sqlite].")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes (local) or actors (ray); one OCR process each.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local",
              show_default=True)
@click.option("--ray-address", type=str, default=None,
              help="Join this Ray cluster (auto, HOST:6379, ray://HOST:10001); default: start "
                   "a local Ray instance.")
@click.option("--formats", type=str, default="json,xml,csv,parquet", show_default=True,
              help="Outputs to write, comma-separated.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds one task (a document, a binder part, a scan page) may take.")
@click.option("--registry", type=str, default=None,
              help="Entity registry (SQLite file or database URL) to link names to CIKs.")
@click.option("--review/--no-review", default=True, show_default=True,
              help="Add every filing to the review store (in the --db database).")
def batch(inputs: tuple[str, ...], out: Path, db: str | None, workers: int, engine: str,
          ray_address: str | None, formats: str, timeout: float | None,
          registry: str | None, review: bool) -> None:
    """Convert every document under INPUTS into OUT, resumably.

    INPUTS are files, directories (recursive), zip and tar archives, and file lists (@LIST
    or *.lst: one path a line). Each document is keyed by its sha256: a re-run skips what is
    done, a killed run resumes. Binders (several filings in one PDF) are split into filings."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TimeRemainingColumn,
    )
    from rich.table import Table
    from rich.text import Text

    from extract.batch.local import BatchProgress, run_batch

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} docs/s" if speed else "- docs/s")

    console = Console(stderr=True)
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    try:
        with Progress("[progress.description]{task.description}", BarColumn(),
                      MofNCompleteColumn(), RateColumn(), TimeRemainingColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("converting", total=None)

            def tick(event: BatchProgress) -> None:
                name = event.path.rsplit("/", 1)[-1]
                progress.update(task, total=event.total, completed=event.done,
                                description=name[:40])

            summary = run_batch(inputs, out, workers=workers, engine=engine,
                                ray_address=ray_address, formats=wanted, timeout=timeout,
                                db=db, review=review,
                                settings={"registry": _registry(registry)}, on_progress=tick)
    except ExtractError as exc:
        _fail(str(exc))
        return
    data = summary.to_dict()
    table = Table(title=f"sec16 batch: {summary.total} documents, {summary.filings} filings "
                        f"-> {out}")
    table.add_column("status")
    table.add_column("filings", justify="right")
    for status, count in sorted(summary.by_status.items()):
        table.add_row(status, str(count))
    table.add_row("skipped (already done)", str(summary.skipped))
    if summary.duplicates:
        table.add_row("duplicates (same sha256)", str(summary.duplicates))
    Console().print(table)
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.by_kind.items()))
    click.echo(f"by kind: {kinds}")
    click.echo(f"converted {summary.converted} documents ({summary.run_filings} filings, "
               f"{summary.binders} binders) in {data['seconds']} s: "
               f"{data['documentsPerSecond']} docs/s, {data['filingsPerSecond']} filings/s; "
               f"{summary.review_items} review items open")
    for failure in summary.failures:
        click.echo(f"sec16: {failure['path']}: {failure['error']}", err=True)
    click.echo(f"wrote {out}: {', '.join(summary.outputs)}; ledger "
               f"{db or out / 'sec16.sqlite'}")


if __name__ == "__main__":
    main()
