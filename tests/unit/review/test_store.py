"""The review store: documents, queue, decisions, audit trail, flow back to every export.

Runs on SQLite always and on PostgreSQL when SEC16_TEST_PG_URL is set."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from extract.eval.score import score_filing
from extract.ir.filing import Filing
from extract.ir.lexical import format_value
from extract.ir.result import Result
from extract.readers.xml import read_ownership_xml
from extract.review.corrections import get_leaf
from extract.review.errors import LeaseError, ReviewError
from extract.review.exporting import export_results
from extract.review.migrations import MIGRATIONS
from extract.review.store import ReviewStore

Noisy = Callable[[int], tuple[Result, Filing, set[str]]]


def test_every_corrupted_field_is_queued_and_adding_twice_is_a_no_op(
        store: ReviewStore, noisy: Noisy) -> None:
    result, _, bad = noisy(7)
    doc_id, added = store.add_result(result, source=b"source text")
    assert added and bad
    queued = {i.path for i in store.items(document_id=doc_id)}
    assert bad <= queued
    assert store.add_result(result) == (doc_id, False)
    assert len(store.items(document_id=doc_id)) == len(queued)
    assert store.source(doc_id) == b"source text"
    fields = store.fields(doc_id)
    assert {f["path"] for f in fields} >= queued
    priorities = [i.priority for i in store.items()]
    assert priorities == sorted(priorities, reverse=True)


def _money_item(store: ReviewStore) -> int:
    return next(i.id for i in store.items() if i.path.endswith("transactionShares/value")
                or i.path.endswith("sharesOwnedFollowingTransaction/value"))


def test_a_correction_reaches_the_stored_filing_and_json_xml_csv(
        store: ReviewStore, noisy: Noisy) -> None:
    seed = next(s for s in range(40) if any(
        p.endswith(("transactionShares/value", "sharesOwnedFollowingTransaction/value"))
        for p in noisy(s)[2]))
    result, _, _ = noisy(seed)
    doc_id, _ = store.add_result(result)
    item_id = _money_item(store)
    path = store.item(item_id).path
    store.correct(item_id, "alice", "424242", comment="read from the scan")
    stored = store.result(doc_id)
    assert get_leaf(stored.filing, path).value == 424242  # type: ignore[arg-type, union-attr]
    assert store.item(item_id).value == "424242" and store.item(item_id).state == "done"
    data = json.loads(export_results([stored], "json"))
    assert {"path": path, "value": "424242"}.items() <= next(
        f for f in data["fields"] if f["path"] == path).items()
    xml = export_results(store.results([doc_id]), "xml")
    reread = read_ownership_xml(xml.encode()).filing
    assert get_leaf(reread, path).value == 424242  # type: ignore[union-attr]
    rows = list(csv.DictReader(io.StringIO(export_results(store.results(), "csv"))))
    column = path.split("/")[-2]
    assert any(r[column] == "424242" for r in rows)
    (entry,) = [c for c in store.corrections(doc_id) if c.action == "correct"]
    assert (entry.reviewer, entry.new_value, entry.comment) == ("alice", "424242",
                                                               "read from the scan")
    assert store.original(doc_id).filing == result.filing  # the extraction is kept as it was


def test_accept_marks_the_field_confirmed(store: ReviewStore, noisy: Noisy) -> None:
    result, _, _ = noisy(3)
    doc_id, _ = store.add_result(result)
    item = store.items()[0]
    done = store.accept(item.id, "bob")
    assert done.state == "done" and done.resolution == "accepted" and done.confidence == 1.0
    assert done.value == item.value
    with pytest.raises(ReviewError) as err:
        store.accept(item.id, "bob")
    assert err.value.code == "E603"
    assert store.correction_counts()[item.family].reviewed == 1


def test_bad_value_rolls_back_everything(store: ReviewStore, noisy: Noisy) -> None:
    for seed in range(40):
        result, _, bad = noisy(seed)
        if any(p.endswith("Date/value") for p in bad):
            break
    store.add_result(result)
    date_item = next(i for i in store.items() if i.path.endswith("Date/value"))
    with pytest.raises(ReviewError) as err:
        store.correct(date_item.id, "bob", "31/12/2020")
    assert err.value.code == "E604"
    assert store.item(date_item.id).state != "done" and store.corrections() == []


def test_the_audit_trail_cannot_be_rewritten(store: ReviewStore, noisy: Noisy) -> None:
    result, _, _ = noisy(5)
    store.add_result(result)
    store.accept(store.items()[0].id, "carol")
    for statement in ("UPDATE corrections SET reviewer = 'mallory'", "DELETE FROM corrections"):
        with pytest.raises(DBAPIError), store.engine.begin() as conn:
            conn.execute(text(statement))
    assert [c.reviewer for c in store.corrections()] == ["carol"]


def test_migrations_are_recorded_and_a_newer_schema_is_refused(backend_url: str) -> None:
    store = ReviewStore(backend_url)
    with store.engine.begin() as conn:
        versions = conn.execute(text("SELECT version FROM schema_migrations ORDER BY version"))
        assert [v for (v,) in versions] == [m[0] for m in MIGRATIONS]
        conn.execute(text("INSERT INTO schema_migrations (version, name, applied_at) "
                          "VALUES (:v, 'future', CURRENT_TIMESTAMP)"), {"v": 999})
    store.close()
    with pytest.raises(ReviewError) as err:
        ReviewStore(backend_url)
    assert err.value.code == "E606"


def test_settings_round_trip(store: ReviewStore) -> None:
    assert store.settings().thresholds == {}
    store.save_settings({"thresholds": {"owner": 0.42}, "calibrated_on": "test"})
    store.save_settings(store.settings().model_copy(update={"lease_seconds": 30}))
    assert store.settings().thresholds == {"owner": 0.42}
    assert store.settings().lease_seconds == 30


def apply_truth(store: ReviewStore, truth_of: dict[int, Filing]) -> None:
    """Decide every queued item from the truth: accept when right, correct otherwise."""
    while (item := store.lease_next("truth")) is not None:
        truth_leaf = get_leaf(truth_of[item.document_id], item.path)
        want = format_value(truth_leaf.value) if truth_leaf and truth_leaf.value is not None else ""
        if (item.value or "") == want:
            store.accept(item.id, "truth")
        else:
            store.correct(item.id, "truth", want)


def test_truth_corrections_on_every_queued_item_give_exact_documents(
        store: ReviewStore, noisy: Noisy) -> None:
    truth_of: dict[int, Filing] = {}
    corrupted = 0
    for seed in range(15):
        result, truth, bad = noisy(seed)
        corrupted += len(bad)
        doc_id, _ = store.add_result(result)
        truth_of[doc_id] = truth
    assert corrupted > 30
    before = sum(score_filing(store.result(d).filing, t).exact for d, t in truth_of.items())
    apply_truth(store, truth_of)
    exact = [score_filing(store.result(d).filing, t).exact for d, t in truth_of.items()]
    assert before < len(truth_of) and all(exact)
    assert store.counts()["open"] == 0 and store.counts()["leased"] == 0


def test_confirmed_link_becomes_a_registry_alias(backend_url: str, tmp_path, noisy: Noisy) -> None:  # type: ignore[no-untyped-def]
    from extract.linking.registry import EntityRecord, Registry

    registry = Registry(tmp_path / "registry.sqlite")
    registry.add([EntityRecord("0000001234", "HOLLOWAY ALEX J", None)])
    seen: list[tuple[str, str]] = []

    def hook(cik: str, name: str) -> None:
        seen.append((cik, name))
        registry.add_alias(cik, name)

    store = ReviewStore(backend_url, on_link_confirmed=hook)
    result, _, _ = noisy(0)
    link = {"mention": "HOLLOWAY A J", "path": "reportingOwner[0]", "decision": "review",
            "score": 0.8, "candidates": [{"cik": "0000001234", "name": "HOLLOWAY ALEX J",
                                          "score": 0.8}]}
    doc_id, _ = store.add_result(result.model_copy(update={"links": [link]}))
    item = next(i for i in store.items() if i.reason.startswith("link-review")
                or "link-review" in i.reason)
    with pytest.raises(ReviewError):
        store.accept(item.id, "dora", candidate_cik="0000009999")
    store.accept(item.id, "dora", candidate_cik="0000001234")
    assert seen == [("0000001234", "HOLLOWAY A J")]
    stored_link = store.result(doc_id).links[0]
    assert stored_link["decision"] == "linked" and stored_link["entity"]["cik"] == "0000001234"
    info = registry.get("0000001234")
    assert info is not None and "HOLLOWAY A J" in info.names
    assert [c.action for c in store.corrections(doc_id)] == ["accept", "link"]
    store.close()


def test_lease_error_is_a_review_error() -> None:
    assert issubclass(LeaseError, ReviewError)
