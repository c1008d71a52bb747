"""Registry store, importers, the CLI commands, and a registry built from the dev corpus."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from extract.errors import InputError
from extract.linking import Decision, EntityRecord, Registry, build_from_dir, import_file
from extract.linking import link_name as link
from extract.linking.commands import link as link_command
from extract.linking.commands import registry as registry_group
from extract.linking.importers import records_from_cik_lookup, records_from_metadata
from extract.linking.normalise import EntityKind
from extract.linking.registry import normalise_cik


def test_normalise_cik() -> None:
    assert normalise_cik(320193) == "0000320193"
    with pytest.raises(InputError, match="E022"):
        normalise_cik("12a")


def test_add_merges_by_cik_and_upgrades_a_guessed_kind(tmp_path: Path) -> None:
    reg = Registry(tmp_path / "r.sqlite")
    reg.add([EntityRecord("42", "ACME HOLDINGS")])  # guessed: company
    reg.add([EntityRecord("7", "SMITH JOHN")])  # guessed: person
    stats = reg.add([EntityRecord("7", "SMITH JOHN", EntityKind.COMPANY, tickers=("SJ",),
                                  former_names=("SMITH JOHN & CO",))])  # fmt: skip
    assert stats.entities_added == 0 and stats.entities_updated == 1
    info = reg.get("0000000007")
    assert info is not None and info.kind is EntityKind.COMPANY
    assert info.tickers == ("SJ",) and "SMITH JOHN & CO" in info.names
    again = reg.add([EntityRecord("7", "SMITH JOHN", EntityKind.COMPANY, tickers=("SJ",))])
    assert again.names_added == 0 and again.tickers_added == 0
    assert reg.count() == 2


def test_import_sec_files(tmp_path: Path) -> None:
    tickers = tmp_path / "company_tickers.json"
    tickers.write_text(json.dumps({
        "0": {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."},
        "1": {"cik_str": 789019, "ticker": "MSFT", "title": "MICROSOFT CORP"},
    }))  # fmt: skip
    exchange = tmp_path / "company_tickers_exchange.json"
    exchange.write_text(json.dumps({
        "fields": ["cik", "name", "ticker", "exchange"],
        "data": [[1045810, "NVIDIA CORP", "NVDA", "Nasdaq"]],
    }))  # fmt: skip
    lookup = tmp_path / "cik-lookup-data.txt"
    lookup.write_bytes(
        b"CARTER DAVID WARREN:0001234567:\nA:B CAPITAL LP:0000000099:\nbad line\n"
        b"SOCI\xc9T\xc9 G\xc9N\xc9RALE:0000000100:\n"
    )
    subs = tmp_path / "CIK0000320193.json"
    subs.write_text(json.dumps({
        "cik": "320193", "entityType": "operating", "name": "Apple Inc.", "tickers": ["AAPL"],
        "formerNames": [{"name": "APPLE COMPUTER INC", "from": "1994", "to": "2007"}],
    }))  # fmt: skip
    reg = Registry(tmp_path / "r.sqlite")
    for path in (tickers, exchange, lookup, subs):
        import_file(reg, path)
    assert reg.count() == 6
    apple = reg.get("320193")
    assert apple is not None and "APPLE COMPUTER INC" in apple.names
    assert reg.get("99") is not None and reg.get("99").name == "A:B CAPITAL LP"
    hit = link("Apple Computer, Inc.", reg, kind="company")
    assert hit.entity is not None and hit.entity.cik == "0000320193"
    assert link("NVDA corp", reg, kind="company", ticker="NVDA").entity is not None
    person = link("David W. Carter", reg, kind="person")
    assert person.entity is not None and person.entity.cik == "0001234567"
    with pytest.raises(InputError, match="E020"):
        import_file(reg, _write(tmp_path / "x.json", "[1, 2]"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_cik_lookup_keeps_colons_in_names() -> None:
    recs = list(records_from_cik_lookup(["A:B:C INC:0000000001:\n", "junk\n", ":0000000002:"]))
    assert [(r.cik, r.name) for r in recs] == [("0000000001", "A:B:C INC")]


def test_metadata_walks_nested_entities() -> None:
    data = {"submission": {
        "REPORTING-OWNER": [{"OWNER-DATA": {"CONFORMED-NAME": "BOTHA ROELOF", "CIK": "1222287"}}],
        "ISSUER": [{"COMPANY-DATA": {"CONFORMED-NAME": "MongoDB, Inc.", "CIK": "0001441816"},
                    "FORMER-COMPANY": {"FORMER-CONFORMED-NAME": "10GEN INC"}}],
    }}  # fmt: skip
    recs = {r.cik: r for r in records_from_metadata(data)}
    assert recs["0001441816"].kind is EntityKind.COMPANY
    assert recs["0001441816"].former_names == ("10GEN INC",)
    assert recs["1222287"].kind is None


def _cli() -> click.Group:
    main = click.Group("sec16")
    main.add_command(registry_group)
    main.add_command(link_command)
    return main


def test_cli_import_and_link(tmp_path: Path) -> None:
    lookup = _write(tmp_path / "cik-lookup-data.txt", "THIEL PETER:0001211060:\n")
    db = str(tmp_path / "cli.sqlite")
    runner = CliRunner()
    out = runner.invoke(_cli(), ["registry", "import", str(lookup), "--db", db])
    assert out.exit_code == 0, out.output
    assert "1 entities added" in out.output
    out = runner.invoke(_cli(), ["link", "Peter Thiell", "--kind", "person", "--json", "--db", db])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["decision"] == "linked" and data["entity"]["cik"] == "0001211060"
    out = runner.invoke(_cli(), ["link", "Peter Thiel", "--db", str(tmp_path / "none.sqlite")])
    assert out.exit_code != 0 and "E411" in out.output


# -- the dev corpus ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dev_registry(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Registry:
    reg = Registry(tmp_path_factory.mktemp("dev") / "dev.sqlite")
    stats = build_from_dir(reg, shared_dir / "corpus" / "dev")
    assert stats.entities_added > 50
    return reg


@pytest.mark.parametrize(
    ("mention", "kind", "cik"),
    [
        ("Adeoye Y. 0lukotun", "person", "0001242615"),  # OLUKOTUN ADEOYE Y, prose order, OCR
        ("Roelof Frederik Bot ha", None, "0001222287"),  # BOTHA ROELOF, extra middle, split
        ("Peter Thiel", "person", "0001211060"),
        ("John D. McMahon", "person", "0001397798"),  # McMahon John Dennis
        ("Facebook, Inc.", "company", "0001326801"),  # a former name of Meta Platforms
        ("Square Inc", "company", "0001512673"),  # a former name of Block
        ("Mithril II GP, L.P.", None, "0001878232"),
        ("BERKSHIRE HATHAWAY INC.", None, "0001067983"),
    ],
)
def test_dev_corpus_links(dev_registry: Registry, mention: str, kind: str | None,
                          cik: str) -> None:  # fmt: skip
    result = link(mention, dev_registry, kind=kind)
    assert result.decision is Decision.LINKED, result
    assert result.entity is not None and result.entity.cik == cik


def test_dev_corpus_current_names(dev_registry: Registry) -> None:
    meta = dev_registry.get("1326801")
    assert meta is not None and meta.name == "Meta Platforms, Inc."
    assert "FB" in meta.tickers


def test_cli_build(shared_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "b.sqlite")
    out = CliRunner().invoke(
        _cli(), ["registry", "build", "--from", str(shared_dir / "corpus" / "dev"), "--db", db]
    )
    assert out.exit_code == 0, out.output
    assert "entities added" in out.output


def test_unopenable_registry_is_a_config_error(tmp_path: Path) -> None:
    from extract.errors import ConfigError

    with pytest.raises(ConfigError, match="E411"):
        Registry(tmp_path / "no" / "such" / "dir" / "r.sqlite")
