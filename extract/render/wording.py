"""The printed form's wording that every renderer shares (titles and the period box label)."""

from __future__ import annotations

__all__ = ["FORM_TITLES", "PERIOD_LABELS"]

#: Form titles as printed, by base form number.
FORM_TITLES = {
    "3": "INITIAL STATEMENT OF BENEFICIAL OWNERSHIP OF SECURITIES",
    "4": "STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
    "5": "ANNUAL STATEMENT OF CHANGES IN BENEFICIAL OWNERSHIP",
}

#: The label of the box holding periodOfReport, without its box number.
PERIOD_LABELS = {
    "3": "Date of Event Requiring Statement (Month/Day/Year)",
    "4": "Date of Earliest Transaction (Month/Day/Year)",
    "5": "Statement for Issuer's Fiscal Year Ended (Month/Day/Year)",
}
