"""Importers into the registry from the SEC's public files and from extracted filings.

* ``company_tickers.json`` (``{"0": {"cik_str", "ticker", "title"}}``) and
  ``company_tickers_exchange.json`` (``{"fields": [...], "data": [[...]]}``): companies.
* ``cik-lookup-data.txt``: one ``NAME:CIK:`` a line, every filer (latin-1).
* submissions JSON (``CIK##########.json``): name, tickers, ``formerNames``.
* ownership XML and ``Filing`` objects: issuer and reporting owners.
* ``metadata.json`` (the SGML header as JSON): filer, issuer, reporting owners, former names.

From the last two, each reporting owner's record also carries the issuer's CIK
(``EntityRecord.issuers``): the registry's ``relation`` table of who filed for whom.

Only ``read_*`` functions touch files; ``records_from_*`` turn parsed content into records.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extract.errors import InputError
from extract.ir.filing import Filing
from extract.linking.normalise import EntityKind
from extract.linking.registry import EntityRecord, ImportStats, Registry

__all__ = [
    "records_from_company_tickers",
    "records_from_cik_lookup",
    "records_from_submissions",
    "records_from_filing",
    "records_from_metadata",
    "import_file",
    "build_from_dir",
]


def records_from_company_tickers(data: Any) -> Iterator[EntityRecord]:
    if isinstance(data, dict) and "fields" in data and "data" in data:
        fields = [str(f).lower() for f in data["fields"]]
        for row in data["data"]:
            item = dict(zip(fields, row, strict=False))
            if item.get("cik") is not None and item.get("name"):
                ticker = item.get("ticker") or ""
                yield EntityRecord(
                    str(item["cik"]), str(item["name"]), EntityKind.COMPANY,
                    tickers=(str(ticker),) if ticker else (), source="company_tickers",
                )  # fmt: skip
        return
    values = data.values() if isinstance(data, dict) else data
    for item in values:
        if isinstance(item, dict) and item.get("cik_str") is not None and item.get("title"):
            ticker = item.get("ticker") or ""
            yield EntityRecord(
                str(item["cik_str"]), str(item["title"]), EntityKind.COMPANY,
                tickers=(str(ticker),) if ticker else (), source="company_tickers",
            )  # fmt: skip


def records_from_cik_lookup(lines: Iterable[str]) -> Iterator[EntityRecord]:
    """``NAME:CIK:`` lines; the name may itself hold colons, so split from the right."""
    for line in lines:
        line = line.rstrip("\r\n")
        if line.endswith(":"):
            line = line[:-1]
        name, sep, cik = line.rpartition(":")
        if sep and cik.strip().isdigit() and name.strip():
            yield EntityRecord(cik.strip(), name.strip(), None, source="cik-lookup-data")


def records_from_submissions(data: dict[str, Any]) -> Iterator[EntityRecord]:
    cik, name = data.get("cik"), data.get("name")
    if cik is None or not name:
        return
    tickers = tuple(str(t) for t in data.get("tickers") or () if t)
    formers = tuple(
        str(f.get("name")) for f in data.get("formerNames") or () if isinstance(f, dict)
        and f.get("name")
    )  # fmt: skip
    etype = str(data.get("entityType") or "").lower()
    declared = etype in {"operating", "investment", "other"} and (
        bool(tickers) or bool(data.get("sic")) or etype != "other"
    )
    kind = EntityKind.COMPANY if declared or data.get("insiderTransactionForIssuerExists") else None
    yield EntityRecord(str(cik), str(name), kind, tickers, formers, source="submissions")


def records_from_filing(filing: Filing, *, source: str = "filing") -> Iterator[EntityRecord]:
    issuer = filing.issuer
    cik = issuer.issuer_cik.value if issuer.issuer_cik else None
    name = issuer.issuer_name.value if issuer.issuer_name else None
    issuers = (cik,) if cik and cik.strip().isdigit() else ()
    if cik and name:
        ticker = issuer.issuer_trading_symbol.value if issuer.issuer_trading_symbol else None
        yield EntityRecord(
            cik, name, EntityKind.COMPANY, (ticker,) if ticker and ticker.upper() != "NONE"
            else (), source=source,
        )  # fmt: skip
    for owner in filing.reporting_owners:
        oid = owner.reporting_owner_id
        cik = oid.rpt_owner_cik.value if oid.rpt_owner_cik else None
        name = oid.rpt_owner_name.value if oid.rpt_owner_name else None
        if cik and name:
            yield EntityRecord(cik, name, None, source=source, issuers=issuers)


def _walk(node: Any, role: str = "") -> Iterator[tuple[str, dict[str, Any], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("COMPANY-DATA", "OWNER-DATA") and isinstance(value, dict):
                yield role, value, node.get("FORMER-COMPANY") or node.get("FORMER-NAME")
            yield from _walk(value, key if key in ("ISSUER", "REPORTING-OWNER", "FILER",
                                                   "SUBJECT-COMPANY", "FILED-BY") else role)  # fmt: skip
        if "CIK" in node and "CONFORMED-NAME" in node and role == "":
            yield "", node, node.get("FORMER-COMPANY") or node.get("FORMER-NAME")
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, role)


def records_from_metadata(data: Any, *, source: str = "metadata") -> Iterator[EntityRecord]:
    """Entities in an SGML header rendered as JSON, wherever they are nested; each reporting
    owner carries the CIKs of the header's issuers."""
    found = []
    for role, entity, former in _walk(data):
        cik, name = entity.get("CIK"), entity.get("CONFORMED-NAME")
        if not cik or not name or not str(cik).strip().isdigit():
            continue
        found.append((role, str(cik).strip(), str(name), former))
    issuers = tuple(dict.fromkeys(c for role, c, _n, _f in found if role == "ISSUER"))
    for role, cik, name, former in found:
        formers = former if isinstance(former, list) else [former] if former else []
        former_names = tuple(
            str(f.get("FORMER-CONFORMED-NAME")) for f in formers
            if isinstance(f, dict) and f.get("FORMER-CONFORMED-NAME")
        )  # fmt: skip
        kind = EntityKind.COMPANY if role in ("ISSUER", "SUBJECT-COMPANY") else None
        related = issuers if role == "REPORTING-OWNER" else ()
        yield EntityRecord(cik, name, kind, former_names=former_names, source=source,
                           issuers=related)  # fmt: skip


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read JSON {path}: {err}", code="E021") from err


def _records_from_xml(path: Path) -> Iterator[EntityRecord]:
    from extract.readers.xml import read_ownership_xml

    result = read_ownership_xml(path.read_bytes(), path=str(path))
    yield from records_from_filing(result.filing, source=f"xml:{path.name}")


def records_from_path(path: Path) -> Iterator[EntityRecord]:
    """Detect the file's format and read its records."""
    name = path.name.lower()
    if name.endswith(".json"):
        data = _load_json(path)
        if name.startswith("company_tickers") or (
            isinstance(data, dict) and ("fields" in data or _looks_like_tickers(data))
        ):
            yield from records_from_company_tickers(data)
        elif isinstance(data, dict) and "cik" in data and "name" in data:
            yield from records_from_submissions(data)
        elif isinstance(data, dict) and (
            "submission" in data or "ISSUER" in json.dumps(data)[:20000]
        ):
            yield from records_from_metadata(data, source=f"metadata:{path.parent.name}")
        else:
            raise InputError(
                f"{path}: JSON is neither company_tickers, submissions nor metadata.json",
                code="E020",
            )
    elif name.endswith(".xml"):
        yield from _records_from_xml(path)
    elif name.endswith(".txt"):
        with open(path, encoding="latin-1") as handle:
            yield from records_from_cik_lookup(handle)
    else:
        raise InputError(
            f"{path}: unknown registry input; expected company_tickers.json, "
            f"cik-lookup-data.txt, a submissions JSON, metadata.json or ownership XML",
            code="E020",
        )


def _looks_like_tickers(data: dict[str, Any]) -> bool:
    first = next(iter(data.values()), None)
    return isinstance(first, dict) and "cik_str" in first


def import_file(registry: Registry, path: str | Path) -> ImportStats:
    """Import one file, or every recognised file under a directory."""
    path = Path(path)
    if path.is_dir():
        return build_from_dir(registry, path, include_json=True)
    if not path.exists():
        raise InputError(f"{path} does not exist", code="E010")
    return registry.add(records_from_path(path))


def build_from_dir(
    registry: Registry, root: str | Path, *, include_json: bool = False
) -> ImportStats:
    """Import every ownership XML and ``metadata.json`` under ``root`` (and, with
    ``include_json``, every other JSON: submissions and ticker files)."""
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"{root} is not a directory", code="E010")
    stats = ImportStats()
    dated: list[tuple[str, int, list[EntityRecord]]] = []
    for dirpath, _dirs, files in sorted(os.walk(root)):
        for fname in sorted(files):
            path = Path(dirpath) / fname
            lower = fname.lower()
            wanted = (
                lower.endswith(".xml")
                or lower == "metadata.json"
                or (include_json and lower.endswith(".json"))
            )
            if not wanted:
                continue
            try:
                records = list(records_from_path(path))
            except InputError as err:
                stats.skipped += 1
                stats.notes.append(str(err))
                continue
            dated.append((_file_date(path), len(dated), records))
    dated.sort()  # oldest first, so the latest current name of an entity wins
    stats.merge(registry.add(r for _date, _n, records in dated for r in records))
    return stats


def _file_date(path: Path) -> str:
    """The filing or period date of a corpus file (``YYYYMMDD``), ``""`` when unknown."""
    try:
        head = path.read_bytes()[:200000].decode("utf-8", errors="replace")
    except OSError:
        return ""
    for pattern in (r'"FILING-DATE"\s*:\s*"(\d{8})"', r"<periodOfReport>\s*(\d{4})-(\d\d)-(\d\d)"):
        m = re.search(pattern, head)
        if m:
            return "".join(m.groups())
    return ""
