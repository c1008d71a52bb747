"""OCR for scanned filings: rasterize, clean the page, run Tesseract, parse its TSV.

``engine`` is the one seam to the Tesseract binary (a subprocess given a file path); ``tsv``
turns its TSV into ``Word``s in PDF points; ``raster`` turns PDF or image bytes into page PNGs;
``preprocess`` deskews, binarizes, finds ticked check boxes and lifts ruling lines off the page
(OpenCV); ``markers`` reads superscript footnote markers again, enlarged.
The reader that composes them is ``extract.readers.scan``.
"""

from extract.ocr.engine import OcrSettings, detect_orientation, run_tesseract, tesseract_version
from extract.ocr.tsv import parse_tsv

__all__ = ["OcrSettings", "detect_orientation", "parse_tsv", "run_tesseract",
           "tesseract_version"]
