"""Layouts: declarative descriptions of printed forms, loaded from ``layouts/*.toml``."""
