"""Review errors: coded ``E6xx``, one line each, saying what to do."""

from __future__ import annotations

from extract.errors import ExtractError

__all__ = ["ReviewError", "LeaseError", "PathError"]


class ReviewError(ExtractError):
    """A review operation could not be done (no such item, item already done, bad value).

    Codes: E601 no such item or document, E602 item leased by another reviewer,
    E603 item already done, E604 value does not parse, E605 unknown field path,
    E606 database schema newer than this program, E607 refused to listen without a token.
    """

    default_code = "E601"


class LeaseError(ReviewError):
    """The item is leased by another reviewer."""

    default_code = "E602"


class PathError(ReviewError):
    """A field path that the ``Filing`` model does not have."""

    default_code = "E605"
