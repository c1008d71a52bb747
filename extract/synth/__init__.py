"""Synthetic filings with known truth, for the bundled demo corpus and for tests."""
