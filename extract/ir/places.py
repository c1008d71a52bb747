"""Where an address is: the state a US ZIP code belongs to, and the Canadian province of a
postal code, as EDGAR codes them (``rptOwnerState``: two-letter US states, ``A0``-``B0``
for the provinces). Used to check an OCR'd address's state against its zip code."""

from __future__ import annotations

import re

__all__ = ["US_STATES", "CANADIAN_PROVINCES", "state_of_zip", "canadian_postal_code",
           "province_of_postal_code"]

#: The first three digits of a US ZIP code and the state they are assigned to (USPS ranges;
#: military and territory prefixes left out). All 265 US addresses of the dev corpus agree.
_ZIP3 = (
    (5, 5, "NY"), (10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"), (39, 49, "ME"),
    (50, 54, "VT"), (55, 55, "MA"), (56, 59, "VT"), (60, 69, "CT"), (70, 89, "NJ"),
    (100, 149, "NY"), (150, 196, "PA"), (197, 199, "DE"), (200, 205, "DC"), (206, 219, "MD"),
    (220, 246, "VA"), (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"), (300, 319, "GA"),
    (320, 349, "FL"), (350, 369, "AL"), (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"),
    (400, 427, "KY"), (430, 459, "OH"), (460, 479, "IN"), (480, 499, "MI"), (500, 528, "IA"),
    (530, 549, "WI"), (550, 567, "MN"), (569, 569, "DC"), (570, 577, "SD"), (580, 588, "ND"),
    (590, 599, "MT"), (600, 629, "IL"), (630, 658, "MO"), (660, 679, "KS"), (680, 693, "NE"),
    (700, 714, "LA"), (716, 729, "AR"), (730, 732, "OK"), (733, 733, "TX"), (734, 749, "OK"),
    (750, 799, "TX"), (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"), (840, 847, "UT"),
    (850, 865, "AZ"), (870, 884, "NM"), (885, 885, "TX"), (889, 898, "NV"), (900, 961, "CA"),
    (967, 968, "HI"), (970, 979, "OR"), (980, 994, "WA"), (995, 999, "AK"))

US_STATES = frozenset(state for _a, _b, state in _ZIP3)

#: A Canadian postal code's first letter and the province's EDGAR code.
_PROVINCE = {"T": "A0", "V": "A1", "R": "A2", "E": "A3", "A": "A4", "B": "A5", "K": "A6",
             "L": "A6", "M": "A6", "N": "A6", "P": "A6", "C": "A7", "G": "A8", "H": "A8",
             "J": "A8", "S": "A9", "Y": "B0"}
CANADIAN_PROVINCES = frozenset(_PROVINCE.values())

#: Canada Post's letters: D, F, I, O, Q and U never occur; W and Z never first
_POSTAL = re.compile(r"[ABCEGHJKLMNPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d")
_US_ZIP = re.compile(r"(\d{3})\d{2}(?:-?\d{4})?")
#: what OCR reads for a digit where a letter is printed, and the other way round
_AS_LETTER = str.maketrans("0125986", "OIZSBGB")
_AS_DIGIT = str.maketrans("OoDQIl|iZzSsBGb", "000011115555866")


def state_of_zip(zip_code: str) -> str | None:
    """The state a five- or nine-digit US ZIP code belongs to; None for anything else."""
    match = _US_ZIP.fullmatch(zip_code.strip())
    if match is None:
        return None
    prefix = int(match.group(1))
    return next((state for low, high, state in _ZIP3 if low <= prefix <= high), None)


def canadian_postal_code(text: str) -> str | None:
    """``text`` as a Canadian postal code (``A9A 9A9``), letters and digits OCR mixed up put
    back by position ("V5Y OAl" -> "V5Y 0A1"), or with the one character too many that
    leaves a single code ("V5Y OAI1"); None when it is not one."""
    chars = re.sub(r"\s+", "", text.strip())
    if len(chars) == 7:  # one character too many ("OAI1"): the one whose removal fits
        found = {_postal(chars[:i] + chars[i + 1:]) for i in range(7)} - {None}
        return found.pop() if len(found) == 1 else None
    return _postal(chars)


def _postal(chars: str) -> str | None:
    if len(chars) != 6:
        return None
    out = "".join(c.upper().translate(_AS_LETTER) if i % 2 == 0 else c.translate(_AS_DIGIT)
                  for i, c in enumerate(chars))
    if not _POSTAL.fullmatch(out):
        return None
    if sum(a != b for a, b in zip(chars.upper(), out, strict=True)) > 2:
        return None  # more than two characters to change: not a misread postal code
    return f"{out[:3]} {out[3:]}"


def province_of_postal_code(code: str) -> str | None:
    """The EDGAR code of the province a Canadian postal code belongs to."""
    return _PROVINCE.get(code[:1].upper())
