"""The review web page through FastAPI's TestClient (no browser, no network)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from extract.ir.filing import Filing
from extract.ir.result import Result
from extract.render import render_bytes
from extract.review.corrections import get_leaf, set_leaf
from extract.review.store import ReviewStore
from extract.review.web import create_app
from extract.synth.generate import synthetic_filing

from .conftest import make_result

Noisy = Callable[[int], tuple[Result, Filing, set[str]]]
EVIL = '<script>alert("x")</script>'


@pytest.fixture
def db(backend_url: str, noisy: Noisy) -> str:
    """A filled store: SQLite always, PostgreSQL when SEC16_TEST_PG_URL is set."""
    path = backend_url
    store = ReviewStore(path)
    for seed in range(3):
        result, truth, _ = noisy(seed)
        store.add_result(result, source=render_bytes(truth, "text"))
    # a value that must come out escaped everywhere
    filing = synthetic_filing(9)
    leaf = get_leaf(filing, "issuer/issuerName")
    evil = leaf.model_copy(update={"value": EVIL, "raw": EVIL, "confidence": 0.1})  # type: ignore[union-attr]
    store.add_result(make_result(set_leaf(filing, "issuer/issuerName", evil), "evil.txt"),
                     source=f"Issuer {EVIL}\n".encode())
    store.close()
    return path


def _client(db: str, **kw: object) -> TestClient:
    return TestClient(create_app(db, **kw))  # type: ignore[arg-type]


def _item_id(html: str) -> int:
    return int(re.search(r'data-item="(\d+)"', html)[1])  # type: ignore[index]


def test_queue_item_accept_and_next(db: str) -> None:
    client = _client(db)
    queue = client.get("/")
    assert queue.status_code == 200 and 'id="queue"' in queue.text
    assert "default-src 'self'" in queue.headers["content-security-policy"]
    first = client.get("/next", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/item/")
    page = client.get(first.headers["location"])
    item_id = _item_id(page.text)
    assert 'id="value"' in page.text and 'id="accept"' in page.text
    csrf = client.cookies["sec16_csrf"]
    done = client.post(f"/item/{item_id}/accept", data={"csrf": csrf}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/next"
    assert ReviewStore(db).item(item_id).resolution == "accepted"


def test_text_source_lines_with_the_span_marked(tmp_path: Path) -> None:
    from extract.ir.schema import iter_leaves
    from extract.pipeline import extract_bytes

    text = render_bytes(synthetic_filing(3), "text")
    result = extract_bytes(text, path="rendered.txt")
    assert result.filing is not None
    leaf = next(r for r in iter_leaves(result.filing) if r.path == "issuer/issuerName")
    assert leaf.extracted.provenance and leaf.extracted.provenance.bbox
    low = leaf.extracted.model_copy(update={"confidence": 0.3})
    result = result.model_copy(update={"filing": set_leaf(result.filing, leaf.path, low)})
    store = ReviewStore(tmp_path / "lines.sqlite")
    store.add_result(result, source=text)
    item = next(i for i in store.items() if i.path == "issuer/issuerName")
    page = TestClient(create_app(tmp_path / "lines.sqlite")).get(f"/item/{item.id}")
    marked = re.search(r'<mark id="span">(.*?)</mark>', page.text)
    assert 'id="source-lines"' in page.text and marked is not None
    assert marked[1] == leaf.extracted.raw


def test_correct_flows_to_the_document_page_and_exports(db: str) -> None:
    client = _client(db)
    store = ReviewStore(db)
    item = next(i for i in store.items() if i.family in ("table1-amount", "table2-amount"))
    client.get(f"/item/{item.id}")
    csrf = client.cookies["sec16_csrf"]
    bad = client.post(f"/item/{item.id}/correct", data={"csrf": csrf, "value": "12 apples"})
    assert bad.status_code == 400 and "E604" in bad.text
    ok = client.post(f"/item/{item.id}/correct",
                     data={"csrf": csrf, "value": "31337", "comment": "typo"},
                     follow_redirects=False)
    assert ok.status_code == 303
    doc = client.get(f"/doc/{item.document_id}")
    assert "31337" in doc.text and "typo" in doc.text and 'id="audit"' in doc.text
    for fmt in ("json", "xml", "csv"):
        export = client.get(f"/doc/{item.document_id}/export.{fmt}")
        assert export.status_code == 200 and "31337" in export.text
    assert client.get(f"/doc/{item.document_id}/export.pdf").status_code == 404


def test_output_is_escaped(db: str) -> None:
    client = _client(db)
    store = ReviewStore(db)
    item = next(i for i in store.items() if i.value == EVIL)
    for url in ("/", f"/item/{item.id}", f"/doc/{item.document_id}"):
        body = client.get(url).text
        assert EVIL not in body and "&lt;script&gt;" in body


def test_forms_need_the_csrf_token(db: str) -> None:
    client = _client(db)
    client.get("/")
    item = ReviewStore(db).items()[0]
    for action in ("accept", "skip", "correct"):
        refused = client.post(f"/item/{item.id}/{action}", data={"csrf": "forged", "value": "1"})
        assert refused.status_code == 403
    assert ReviewStore(db).item(item.id).state != "done"


def test_a_second_client_never_receives_a_leased_item(db: str) -> None:
    one, two = _client(db), _client(db)
    a = one.get("/next", follow_redirects=False).headers["location"]
    b = two.get("/next", follow_redirects=False).headers["location"]
    assert a != b
    taken = two.get(a)
    assert taken.status_code == 409 and "E602" in taken.text
    assert one.get(a).status_code == 200  # the holder still has it


def test_a_token_is_required_when_configured(db: str) -> None:
    client = _client(db, token="s3cret")
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong").status_code == 401
    assert client.get("/?token=s3cret").status_code == 200
    assert client.get("/").status_code == 200  # the cookie carries it from then on
    other = _client(db, token="s3cret")
    assert other.get("/healthz", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_empty_queue_and_unknown_ids(db: str) -> None:
    client = _client(db)
    assert client.get("/item/99999").status_code == 404
    assert client.get("/doc/99999").status_code == 404
    store = ReviewStore(db)
    for item in store.items():
        store.accept(item.id, "someone")
    done = client.get("/next")
    assert done.status_code == 200 and 'id="empty"' in done.text


def test_pdf_source_gets_a_cropped_page_image(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    from PIL import Image

    from extract.ir.values import Provenance, Source

    image = Image.new("RGB", (612, 792), "white")
    pdf_path = tmp_path / "page.pdf"
    image.save(pdf_path, format="PDF", resolution=72)
    filing = synthetic_filing(2)
    leaf = get_leaf(filing, "issuer/issuerName")
    placed = leaf.model_copy(update={"confidence": 0.2, "provenance": Provenance(  # type: ignore[union-attr]
        source=Source.PDF_TEXT, page=1, bbox=(100.0, 100.0, 200.0, 112.0))})
    store = ReviewStore(tmp_path / "pdf.sqlite")
    store.add_result(make_result(set_leaf(filing, "issuer/issuerName", placed), "scan.pdf"),
                     source=pdf_path.read_bytes())
    item = store.items()[0]
    client = TestClient(create_app(tmp_path / "pdf.sqlite"))
    assert 'id="page-image"' in client.get(f"/item/{item.id}").text
    png = client.get(f"/item/{item.id}/page.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_reviewer_can_name_themselves(db: str) -> None:
    client = _client(db)
    assert ">alice<" in client.get("/?reviewer=alice").text
    item_url = client.get("/next", follow_redirects=False).headers["location"]
    client.get(item_url)
    assert ReviewStore(db).item(int(item_url.rsplit("/", 1)[1])).lease_holder == "alice"
    assert "<b id=\"reviewer\">alice</b>" in client.get("/?reviewer=bad%20name<x>").text
