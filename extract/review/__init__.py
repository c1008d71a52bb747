"""The review queue: store, routing, corrections, calibration, commands and web page.

``ReviewStore`` keeps documents, fields, queue items with leases and the append-only
corrections trail (SQLite by default, PostgreSQL by URL); ``route`` decides what a reviewer
sees; ``set_leaf``/``correct_leaf`` put a fix into the frozen ``Filing``; ``fit_thresholds``
calibrates the per-family thresholds; ``commands.review`` is the ``sec16 review`` group and
``web.create_app`` the web page.
"""

from __future__ import annotations

from extract.review.corrections import correct_leaf, get_leaf, set_leaf
from extract.review.routing import FAMILIES, ReviewSettings, field_family, route
from extract.review.store import DEFAULT_DB, ReviewStore

__all__ = [
    "DEFAULT_DB",
    "FAMILIES",
    "ReviewSettings",
    "ReviewStore",
    "correct_leaf",
    "field_family",
    "get_leaf",
    "route",
    "set_leaf",
]
