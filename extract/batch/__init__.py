"""Batch conversion of many inputs, resumable through a SQLite ledger keyed by sha256."""
