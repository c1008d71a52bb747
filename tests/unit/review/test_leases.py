"""Leases: two reviewers never hold the same item; leases expire; skip sends an item back."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from extract.ir.filing import Filing
from extract.ir.result import Result
from extract.review.errors import LeaseError
from extract.review.store import ReviewStore

from .conftest import Clock

Noisy = Callable[[int], tuple[Result, Filing, set[str]]]


@pytest.fixture
def filled(store: ReviewStore, noisy: Noisy) -> ReviewStore:
    for seed in range(4):
        store.add_result(noisy(seed)[0])
    assert len(store.items()) >= 6
    return store


def test_two_reviewers_never_get_the_same_item(filled: ReviewStore) -> None:
    first = filled.lease_next("ann", ttl=60)
    second = filled.lease_next("ben", ttl=60)
    assert first is not None and second is not None and first.id != second.id
    assert filled.lease_next("ann", ttl=60).id == first.id  # type: ignore[union-attr]
    with pytest.raises(LeaseError) as err:
        filled.lease(first.id, "ben")
    assert err.value.code == "E602"
    with pytest.raises(LeaseError):
        filled.accept(first.id, "ben")
    with pytest.raises(LeaseError):
        filled.correct(first.id, "ben", "x")
    assert filled.item(first.id).lease_holder == "ann"


def test_an_expired_lease_can_be_taken(filled: ReviewStore, clock: Clock) -> None:
    item = filled.lease_next("ann", ttl=60)
    assert item is not None
    clock.now += 61
    taken = filled.lease(item.id, "ben", ttl=60)
    assert taken.lease_holder == "ben"
    with pytest.raises(LeaseError):
        filled.accept(item.id, "ann")
    assert filled.accept(item.id, "ben").resolution == "accepted"


def test_every_item_is_handed_out_once(filled: ReviewStore) -> None:
    total = len(filled.items())
    seen: list[int] = []
    reviewers = [f"r{i}" for i in range(total + 3)]
    for name in reviewers:
        item = filled.lease_next(name, ttl=600)
        if item is not None:
            seen.append(item.id)
    assert sorted(seen) == sorted(i.id for i in filled.items())
    assert len(set(seen)) == total
    assert filled.counts()["leased"] == total


def test_concurrent_reviewers_get_distinct_items(backend_url: str, filled: ReviewStore) -> None:
    got: dict[str, int | None] = {}
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            own = ReviewStore(backend_url)
            item = own.lease_next(name, ttl=600)
            got[name] = item.id if item else None
            own.close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ids = [v for v in got.values() if v is not None]
    assert len(ids) == len(set(ids)) == 6


def test_skip_puts_the_item_behind_the_others(filled: ReviewStore) -> None:
    first = filled.lease_next("ann")
    assert first is not None
    filled.skip(first.id, "ann")
    skipped = filled.item(first.id)
    assert skipped.state == "open" and skipped.skips == 1 and skipped.lease_holder is None
    assert filled.items()[-1].id == first.id
    assert filled.lease_next("ann").id != first.id  # type: ignore[union-attr]


def test_release_and_done_items_are_not_leased_again(filled: ReviewStore) -> None:
    item = filled.lease_next("ann")
    assert item is not None
    filled.release(item.id, "ann")
    assert filled.item(item.id).state == "open"
    filled.accept(item.id, "ann")
    assert filled.lease(item.id, "ben").state == "done"
    assert all(filled.lease_next(f"x{i}").id != item.id  # type: ignore[union-attr]
               for i in range(3))
