"""``review`` click group: add, list, show, accept, correct, skip, export, calibrate, serve."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.render import render_filing
from extract.review.commands import is_loopback, review
from extract.review.store import ReviewStore
from extract.synth.generate import synthetic_filing

from .conftest import NOISE, make_result


@pytest.fixture
def db(tmp_path: Path) -> str:
    from extract.review.simulate import perturb_filing

    store = ReviewStore(tmp_path / "cli.sqlite")
    for seed in range(3):
        pred, _ = perturb_filing(synthetic_filing(seed), seed, NOISE)
        store.add_result(make_result(pred, f"s{seed}.txt"))
    store.close()
    return str(tmp_path / "cli.sqlite")


def run(*args: str) -> str:
    result = CliRunner().invoke(review, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_list_show_accept_correct_skip_export(db: str) -> None:
    listing = run("list", "--db", db)
    assert "open" in listing.splitlines()[0]
    items = json.loads(run("list", "--db", db, "--json"))
    first, second, third = items[0], items[1], items[2]
    shown = run("show", str(first["id"]), "--db", db)
    assert first["path"] in shown and "confidence" in shown
    assert "accepted" in run("accept", str(first["id"]), "--db", db, "--reviewer", "ann")
    name = next(i for i in items if i["family"] in ("table1-amount", "table2-amount"))
    run("correct", str(name["id"]), "777", "--db", db, "--reviewer", "ann", "--comment", "c")
    run("skip", str(third["id"]), "--db", db)
    exported = run("export", "--db", db, "--format", "xml")
    assert "<value>777</value>" in exported
    store = ReviewStore(db)
    assert [c.action for c in store.corrections()] == ["accept", "correct"]
    assert store.item(second["id"]).state == "open"
    assert len(run("export", "--db", db, "--format", "json").splitlines()) == 3
    assert run("export", "--db", db, "--format", "csv").startswith("sourcePath,")


def test_errors_are_coded_and_exit_2(db: str) -> None:
    result = CliRunner().invoke(review, ["accept", "424242", "--db", db])
    assert result.exit_code == 2 and "E601" in result.output
    items = json.loads(run("list", "--db", db, "--json"))
    date_item = next((i for i in items if i["path"].endswith("Date/value")), None)
    if date_item is not None:
        bad = CliRunner().invoke(review, ["correct", str(date_item["id"]), "1/2/2003", "--db", db])
        assert bad.exit_code == 2 and "E604" in bad.output


def test_add_extracts_files(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for seed in range(2):
        (source / f"f{seed}.txt").write_text(render_filing(synthetic_filing(seed), "text"))
    db = str(tmp_path / "add.sqlite")
    out = run("add", str(source), "--db", db)
    assert "2 documents added" in out
    assert "0 documents added" in run("add", str(source), "--db", db)
    assert ReviewStore(db).source(1) is not None


def test_serve_refuses_other_hosts_without_a_token(db: str) -> None:
    result = CliRunner().invoke(review, ["serve", "--db", db, "--host", "0.0.0.0"], env={
        "SEC16_REVIEW_TOKEN": ""})
    assert result.exit_code == 2 and "E607" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("10.1.2.3")


def test_calibrate_from_the_store_writes_thresholds(db: str) -> None:
    store = ReviewStore(db)
    for item in store.items():
        store.accept(item.id, "ann") if item.skips % 2 else store.correct(item.id, "ann", item.value or "")
    store.close()
    out = run("calibrate", "--db", db, "--target", "0.01", "--write")
    assert "threshold" in out and "thresholds stored" in out
    settings = ReviewStore(db).settings()
    assert settings.calibrated_on == "store" and settings.target_error == 0.01
