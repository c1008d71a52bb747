"""sec16: document-understanding extractor for SEC Forms 3, 4 and 5."""

__version__ = "0.1.0"

