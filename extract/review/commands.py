"""``sec16 review``: the review queue on the command line; ``cli.py`` mounts the group.

``add FILES``, ``list``, ``show ID``, ``accept ID``, ``correct ID VALUE``, ``skip ID``,
``export``, ``serve`` and ``calibrate``. ``--db`` is a SQLite path (default
``sec16-review.sqlite``) or a ``postgresql://`` URL.
"""

from __future__ import annotations

import getpass
import ipaddress
import json
import sys
from pathlib import Path
from typing import Any

import click

from extract.errors import ExtractError
from extract.review.store import DEFAULT_DB, ReviewStore

__all__ = ["review", "LOOPBACK_HOSTS", "is_loopback"]

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")

_db_option = click.option(
    "--db", "db", default=DEFAULT_DB, show_default=True, envvar="SEC16_REVIEW_DB",
    help="Review database: a SQLite path or a postgresql:// URL.",
)
_reviewer_option = click.option(
    "--reviewer", default=None, envvar="SEC16_REVIEWER",
    help="Who decides (recorded in the audit trail). Default: the login name.",
)


def _reviewer(name: str | None) -> str:
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no login name in some containers
        return "cli"


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _fail(exc: Exception) -> None:
    click.echo(f"sec16: {exc}", err=True)
    sys.exit(2)


def _store(db: str, registry: str | None = None) -> ReviewStore:
    hook = None
    if registry:
        from extract.linking.registry import Registry

        reg = Registry(registry)

        def hook(cik: str, name: str) -> None:
            reg.add_alias(cik, name, source="review")

    return ReviewStore(db, on_link_confirmed=hook)


@click.group("review")
def review() -> None:
    """The review queue: fix what the extractor is unsure of; fixes reach every export."""


@review.command("add")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_db_option
def add(inputs: tuple[Path, ...], db: str) -> None:
    """Extract INPUTS (files or folders) and queue their uncertain fields."""
    from extract.pipeline import extract_bytes

    files = [p for i in inputs for p in (sorted(i.rglob("*")) if i.is_dir() else [i])
             if p.is_file()]
    try:
        with _store(db) as store:
            added = queued = 0
            for path in files:
                data = path.read_bytes()
                result = extract_bytes(data, path=str(path))
                doc_id, new = store.add_result(result, source=data)
                if new:
                    added += 1
                    queued += len(store.items(document_id=doc_id))
                    click.echo(f"{doc_id}\t{result.status.value}\t{path}")
            click.echo(f"{added} documents added, {queued} items queued "
                       f"({len(files) - added} already stored)")
    except ExtractError as exc:
        _fail(exc)


@review.command("list")
@_db_option
@click.option("--state", type=click.Choice(["pending", "open", "leased", "done", "all"]),
              default="pending", show_default=True)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def list_(db: str, state: str, limit: int, as_json: bool) -> None:
    """The queue, highest priority first."""
    try:
        with _store(db) as store:
            items = store.items(state=None if state == "all" else state, limit=limit)
            counts = store.counts()
    except ExtractError as exc:
        _fail(exc)
        return
    if as_json:
        click.echo(json.dumps([_item_dict(i) for i in items], indent=2, default=str))
        return
    click.echo(f"{counts['open']} open, {counts['leased']} leased, {counts['done']} done")
    for i in items:
        holder = f" [{i.lease_holder}]" if i.state == "leased" else ""
        click.echo(f"{i.id:>5}  {i.priority:4.2f}  {i.state}{holder}  doc {i.document_id}  "
                   f"{i.path or '(document)'}  = {i.value!r}  ({i.reason})")


def _item_dict(item: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(item)


@review.command("show")
@click.argument("item_id", type=int)
@_db_option
@click.option("--json", "as_json", is_flag=True)
def show(item_id: int, db: str, as_json: bool) -> None:
    """One item: the field, its value and raw text, where it came from and why it is queued."""
    try:
        with _store(db) as store:
            item = store.item(item_id)
    except ExtractError as exc:
        _fail(exc)
        return
    if as_json:
        click.echo(json.dumps(_item_dict(item), indent=2, default=str))
        return
    conf = f"{item.confidence:.2f}" if item.confidence is not None else "-"
    click.echo(f"item {item.id} ({item.state}{', ' + item.resolution if item.resolution else ''})")
    click.echo(f"document  {item.document_id}  {item.document_path}")
    click.echo(f"field     {item.path or '(document)'}  [{item.family}]")
    click.echo(f"value     {item.value!r}")
    click.echo(f"raw       {item.raw!r}")
    click.echo(f"confidence {conf}   page {item.page}   bbox {item.bbox}")
    click.echo(f"why       {item.detail or item.reason}")
    for c in item.candidates:
        click.echo(f"candidate {c.get('cik')}  {c.get('name')}  {float(c.get('score', 0)):.2f}")


@review.command("accept")
@click.argument("item_id", type=int)
@_db_option
@_reviewer_option
@click.option("--comment", default=None)
@click.option("--link", "cik", default=None, help="Confirm the entity link to this CIK.")
@click.option("--registry", default=None, help="Registry that receives a confirmed alias.")
def accept(item_id: int, db: str, reviewer: str | None, comment: str | None, cik: str | None,
           registry: str | None) -> None:
    """The value is right (with --link: the link to CIK is right)."""
    try:
        with _store(db, registry) as store:
            item = store.accept(item_id, _reviewer(reviewer), comment=comment, candidate_cik=cik)
    except ExtractError as exc:
        _fail(exc)
        return
    click.echo(f"item {item.id} accepted: {item.path} = {item.value!r}")


@review.command("correct")
@click.argument("item_id", type=int)
@click.argument("value", required=False, default="")
@_db_option
@_reviewer_option
@click.option("--comment", default=None)
@click.option("--path", "path", default=None, help="Correct this field instead of the item's.")
@click.option("--footnotes", "footnotes", default=None,
              help="Footnote references at the value, e.g. 'F1,F2' ('' for none); "
                   "default: keep the field's.")
@click.option("--clear", is_flag=True,
              help="Remove the field (value and footnote references): it should not be there.")
def correct(item_id: int, value: str, db: str, reviewer: str | None, comment: str | None,
            path: str | None, footnotes: str | None, clear: bool) -> None:
    """Replace the field's value with VALUE (dates YYYY-MM-DD), creating the field when it
    is missing; an empty VALUE or --clear removes it."""
    if clear and value:
        _fail(ExtractError("give either a VALUE or --clear, not both", code="E604"))
        return
    try:
        with _store(db) as store:
            item = store.correct(item_id, _reviewer(reviewer), value, comment=comment,
                                 path=path, footnote_ids=footnotes, clear=clear)
    except ExtractError as exc:
        _fail(exc)
        return
    if item.value is None and not (path and path != item.path):
        click.echo(f"item {item.id} corrected: {item.path} removed")
    else:
        click.echo(f"item {item.id} corrected: {path or item.path} = {item.value!r}")


@review.command("skip")
@click.argument("item_id", type=int)
@_db_option
@_reviewer_option
def skip(item_id: int, db: str, reviewer: str | None) -> None:
    """Put the item back at the end of the queue."""
    try:
        with _store(db) as store:
            store.skip(item_id, _reviewer(reviewer))
    except ExtractError as exc:
        _fail(exc)
        return
    click.echo(f"item {item_id} skipped")


@review.command("export")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["json", "xml", "csv"]), default="json",
              show_default=True)
@click.option("--doc", "doc_ids", type=int, multiple=True, help="Only these documents.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None)
def export(db: str, fmt: str, doc_ids: tuple[int, ...], output: Path | None) -> None:
    """The stored filings with every correction applied, as JSON lines, XML or CSV."""
    from extract.review.exporting import export_results

    try:
        with _store(db) as store:
            text = export_results(store.results(doc_ids or None), fmt)
    except ExtractError as exc:
        _fail(exc)
        return
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text)


@review.command("serve")
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8016, show_default=True, type=int)
@click.option("--token", default=None, envvar="SEC16_REVIEW_TOKEN",
              help="Required to listen on anything but loopback; reviewers open /?token=...")
@click.option("--registry", default=None, help="Registry that receives confirmed aliases.")
def serve(db: str, host: str, port: int, token: str | None, registry: str | None) -> None:
    """The review web page (loopback only unless a token is given)."""
    import uvicorn

    from extract.review.web import create_app

    if not is_loopback(host) and not token:
        _fail(ExtractError(f"refusing to listen on {host} without a token: pass --token or "
                           "set SEC16_REVIEW_TOKEN", code="E607"))
        return
    try:
        app = create_app(db, token=token, registry=registry)
    except ExtractError as exc:
        _fail(exc)
        return
    click.echo(f"sec16 review: http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@review.command("calibrate")
@_db_option
@click.option("--dev", "dev_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Fit on dev ownership XML rendered and re-extracted instead.")
@click.option("--as", "style", type=click.Choice(["text", "html"]), default="text",
              show_default=True)
@click.option("--noise", type=float, default=None,
              help="With --dev: simulated error rate (labelled; stands in for scan noise).")
@click.option("--limit", type=int, default=None)
@click.option("--target", type=float, default=0.005, show_default=True,
              help="Error rate allowed among auto-accepted fields.")
@click.option("--z", "z", type=float, default=1.645, show_default=True,
              help="Margin: the target must hold for the upper bound of the error count "
                   "(0 fits the observed error exactly).")
@click.option("--write/--dry-run", default=False,
              help="Store the fitted thresholds in the database's settings.")
@click.option("--curve/--no-curve", "show_curve", default=True)
def calibrate(db: str, dev_dir: Path | None, style: str, noise: float | None,
              limit: int | None, target: float, z: float, write: bool,
              show_curve: bool) -> None:
    """Fit per-family thresholds on corrected documents (or dev data) for --target."""
    from extract.review import calibrate as cal

    try:
        with _store(db) as store:
            if dev_dir is not None:
                observations = cal.observations_from_dev(dev_dir, style, noise=noise, limit=limit)
                label = f"dev:{style}" + (f"+simulated-noise({noise})" if noise else "")
            else:
                observations = cal.observations_from_store(store)
                label = "store"
                for family, counts in sorted(store.correction_counts().items()):
                    click.echo(f"{family:14} reviewed {counts.reviewed:6}  corrected "
                               f"{counts.corrected:6}")
            if not observations:
                _fail(ExtractError("nothing to calibrate on: review some documents to the "
                                   "end, or pass --dev DIR", code="E608"))
                return
            fit = cal.fit_thresholds(observations, target, z=z)
            if show_curve:
                click.echo(cal.format_curve(cal.curve(observations)))
            click.echo(f"fitted on {len(observations)} fields ({label}); target {target:.4f}: "
                       f"queued {fit.point.queued_share:.2%}, error among accepted "
                       f"{fit.point.accepted_error:.3%}")
            for family, threshold in sorted(fit.thresholds.items()):
                click.echo(f"  {family:14} {threshold:.4f}")
            if write:
                store.save_settings(fit.settings(store.settings(), calibrated_on=label))
                click.echo(f"thresholds stored in {db}")
    except ExtractError as exc:
        _fail(exc)


