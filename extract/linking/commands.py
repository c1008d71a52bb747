"""Click commands for the registry and for linking one name; ``cli.py`` mounts them.

``registry build --from DIR [--db PATH]``, ``registry import FILE [--db PATH]`` and
``link NAME [--kind person|company] [--ticker T] [--issuer-cik CIK] [--json] [--db PATH]``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from extract.errors import ExtractError
from extract.linking.importers import build_from_dir, import_file
from extract.linking.linker import link_name
from extract.linking.registry import DEFAULT_DB, ImportStats, Registry

__all__ = ["registry", "link"]

_db_option = click.option(
    "--db",
    "db",
    default=DEFAULT_DB,
    show_default=True,
    help="Registry database: a SQLite path or an SQLAlchemy URL.",
)


def _report(stats: ImportStats, reg: Registry, seconds: float) -> None:
    click.echo(
        f"{stats.entities_added} entities added, {stats.entities_updated} updated, "
        f"{stats.names_added} names, {stats.tickers_added} tickers, "
        f"{stats.relations_added} owner-issuer relations, {stats.skipped} skipped "
        f"in {seconds:.1f}s; registry now holds {reg.count()} entities"
    )
    for note in stats.notes[:20]:
        click.echo(f"  skipped: {note}", err=True)


@click.group("registry")
def registry() -> None:
    """Build and fill the entity registry (CIKs, names, tickers, former names)."""


@registry.command("build")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of ownership XML and metadata.json files (e.g. ../shared/corpus/dev).",
)
@_db_option
def build(source: Path, db: str) -> None:
    """Build (or extend) a registry from the filings under a folder."""
    start = time.perf_counter()
    try:
        reg = Registry(db)
        stats = build_from_dir(reg, source)
    except ExtractError as err:
        raise click.ClickException(str(err)) from err
    _report(stats, reg, time.perf_counter() - start)


@registry.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@_db_option
def import_(file: Path, db: str) -> None:
    """Import company_tickers.json, cik-lookup-data.txt, submissions JSON, metadata.json or
    ownership XML (or a folder of them)."""
    start = time.perf_counter()
    try:
        reg = Registry(db)
        stats = import_file(reg, file)
    except ExtractError as err:
        raise click.ClickException(str(err)) from err
    _report(stats, reg, time.perf_counter() - start)


@click.command("link")
@click.argument("name")
@click.option("--kind", type=click.Choice(["person", "company"]), default=None)
@click.option("--ticker", default=None, help="The issuer's ticker, when known.")
@click.option(
    "--issuer-cik",
    default=None,
    help="Context: the CIK of the issuer of the filing NAME comes from (breaks near-ties "
    "in favour of those known to file for it).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the link as JSON.")
@_db_option
def link(
    name: str, kind: str | None, ticker: str | None, issuer_cik: str | None, as_json: bool, db: str
) -> None:
    """Link one NAME to the registry: the decision, the entity and the top candidates."""
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(
            f"E411 registry {db} does not exist; build one with `sec16 registry build --from DIR`"
        )
    try:
        result = link_name(name, Registry(db), kind=kind, ticker=ticker, issuer_cik=issuer_cik)
    except ExtractError as err:
        raise click.ClickException(str(err)) from err
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json", by_alias=True), indent=2))
        return
    entity = f"{result.entity.cik} {result.entity.name}" if result.entity else "-"
    click.echo(f"{result.decision.value}\t{result.score:.3f}\t{entity}")
    for cand in result.candidates:
        click.echo(f"  {cand.score:.3f}  {cand.cik}  {cand.name}  (matched {cand.matched})")
