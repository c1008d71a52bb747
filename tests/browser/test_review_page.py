"""The review page in a real browser: Playwright (Python) driving Debian's Chromium headless
against a live ``python -m extract.review serve`` on loopback.

Opens the queue, corrects one value, accepts another, checks the database and an export,
and checks that a second client never receives the leased item. Set SEC16_REVIEW_SCREENSHOT
to a PNG path to save the item page (the README's screenshot).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.ir.schema import iter_leaves
from extract.pipeline import extract_bytes
from extract.render import render_bytes
from extract.review.corrections import set_leaf
from extract.review.store import ReviewStore
from extract.synth.generate import synthetic_filing

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium (CI installs it)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fill(db: Path) -> None:
    """Two text renderings, extracted; a few leaves lowered in confidence so they queue."""
    store = ReviewStore(db)
    for seed in (3, 8):
        text = render_bytes(synthetic_filing(seed), "text")
        result = extract_bytes(text, path=f"synthetic-{seed}.txt")
        assert result.filing is not None
        filing = result.filing
        for leaf in iter_leaves(filing):
            if leaf.path in ("issuer/issuerName", "periodOfReport") or leaf.path.endswith(
                    "nonDerivativeTransaction[1]/transactionAmounts/transactionShares/value"):
                filing = set_leaf(filing, leaf.path,
                                  leaf.extracted.model_copy(update={"confidence": 0.4}))
        store.add_result(result.model_copy(update={"filing": filing}), source=text)
    store.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    pytest.importorskip("playwright")
    db = tmp_path / "browser.sqlite"
    _fill(db)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "extract.review", "serve", "--db", str(db), "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read().decode() if proc.stdout else "") from None
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start")
        yield url, db
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_queue_correct_accept_and_leases(server: tuple[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    url, db = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            one = browser.new_context(viewport={"width": 1280, "height": 800})
            page = one.new_page()
            page.goto(url + "/")
            assert page.locator("#queue tbody tr").count() >= 4
            page.locator("a.item-link").first.click()
            page.wait_for_selector("#field-path")
            first_id = int(page.locator("section.item").get_attribute("data-item") or 0)
            first_path = page.locator("#field-path").inner_text()
            if shot := os.environ.get("SEC16_REVIEW_SCREENSHOT"):
                page.screenshot(path=shot, full_page=True)

            # a second client never receives the leased item
            two = browser.new_context()
            other = two.new_page()
            other.goto(url + "/next")
            other.wait_for_selector("#field-path")
            assert int(other.locator("section.item").get_attribute("data-item") or 0) != first_id
            response = other.goto(f"{url}/item/{first_id}")
            assert response is not None and response.status == 409

            # correct the first item with the keyboard: c, type, Enter -> the next item
            page.keyboard.press("c")
            page.keyboard.press("Control+A")
            page.keyboard.type("CORRECTED VALUE" if "Name" in first_path else
                               "2020-02-02" if "Date" in first_path or "period" in first_path
                               else "4242")
            page.keyboard.press("Enter")
            page.wait_for_selector("#field-path")
            second_id = int(page.locator("section.item").get_attribute("data-item") or 0)
            assert second_id != first_id
            page.keyboard.press("a")  # accept
            page.wait_for_load_state()
            export = page.request.get(f"{url}/doc/1/export.json")
            assert export.ok
        finally:
            browser.close()

    store = ReviewStore(db)
    first, second = store.item(first_id), store.item(second_id)
    assert (first.state, first.resolution) == ("done", "corrected")
    assert (second.state, second.resolution) == ("done", "accepted")
    actions = [(c.item_id, c.action) for c in store.corrections()]
    assert actions == [(first_id, "correct"), (second_id, "accept")]
    exported = store.results([first.document_id])[0]
    assert exported.filing is not None
    corrected = next(r.extracted for r in iter_leaves(exported.filing) if r.path == first.path)
    assert str(corrected.value) in ("CORRECTED VALUE", "2020-02-02", "4242")
    assert corrected.raw in ("CORRECTED VALUE", "2020-02-02", "4242")
