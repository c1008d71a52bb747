"""Word lists used by the name normalisers: suffixes, titles, surname particles, corporate
forms, organisation words, and the letters OCR reads as digits."""

from __future__ import annotations

__all__ = [
    "SUFFIXES",
    "TITLES",
    "PARTICLES",
    "SEC_PARTICLES",
    "DIGIT_UPPER",
    "DIGIT_LOWER",
    "FORMS",
    "FORM_PHRASES",
    "ORG_WORDS",
    "OCR_LOOKALIKES",
    "OCR_CLASSES",
]

# fmt: off
SUFFIXES: dict[str, str] = {
    "JR": "JR", "JNR": "JR", "JUNIOR": "JR",
    "SR": "SR", "SNR": "SR", "SENIOR": "SR",
    "II": "II", "2ND": "II", "III": "III", "3RD": "III", "IV": "IV", "4TH": "IV",
}
TITLES = frozenset([
    "CFA", "CPA", "DDS", "DR", "ESQ", "HON", "JD", "MBA", "MD", "MISS", "MR", "MRS", "MS",
    "PHD", "PROF", "REV", "SIR"
])
PARTICLES = frozenset([
    "BIN", "DA", "DAS", "DE", "DEL", "DELA", "DELLA", "DEN", "DER", "DI", "DOS", "DU", "LA",
    "LE", "MAC", "MC", "SAINT", "ST", "TEN", "TER", "VAN", "VANDEN", "VANDER", "VON"
])
#: in SEC order a leading LE is usually the Vietnamese surname, not a particle
SEC_PARTICLES = PARTICLES - {"LE"}
#: digits OCR reads in place of letters; persons' names hold no digits
DIGIT_UPPER = str.maketrans({"0": "O", "1": "I", "2": "Z", "3": "E", "4": "A", "5": "S",
                             "6": "G", "7": "T", "8": "B", "9": "G", "|": "I", "!": "I"})
DIGIT_LOWER = str.maketrans({"0": "o", "1": "l", "2": "z", "3": "e", "4": "a", "5": "s",
                             "6": "b", "7": "t", "8": "B", "9": "g", "|": "l", "!": "l"})
FORMS: dict[str, str] = {
    "INC": "INC", "INCORPORATED": "INC", "CORP": "CORP", "CORPORATION": "CORP",
    "CO": "CO", "COMPANY": "CO", "LLC": "LLC", "LP": "LP", "LLP": "LLP", "LTD": "LTD",
    "LIMITED": "LTD", "PLC": "PLC", "NV": "NV", "SA": "SA", "AG": "AG", "GMBH": "GMBH",
    "LLLP": "LLLP", "PC": "PC", "BV": "BV", "SE": "SE",
}
FORM_PHRASES: tuple[tuple[str, str], ...] = (
    ("LIMITED LIABILITY COMPANY", "LLC"), ("LIMITED LIABILITY PARTNERSHIP", "LLP"),
    ("LIMITED PARTNERSHIP", "LP"), ("PUBLIC LIMITED COMPANY", "PLC"), ("L L C", "LLC"),
    ("L L P", "LLP"), ("L P", "LP"), ("N V", "NV"), ("S A", "SA"),
)
ORG_WORDS = frozenset([
    "ACQUISITION", "ADVISERS", "ADVISORS", "ASSOCIATES", "ASSOCIATION", "BANCORP", "BANK",
    "BIOLOGICS", "CAPITAL", "COLLEGE", "CORPORATE", "ENERGY", "ENTERPRISES", "EQUITY", "ESTATE",
    "FAMILY", "FINANCIAL", "FOUNDATION", "FUND", "FUNDS", "GLOBAL", "GP", "GROUP", "HEALTH",
    "HOLDING", "HOLDINGS", "INDUSTRIES", "INSURANCE", "INTERNATIONAL", "INVESTMENT",
    "INVESTMENTS", "IRREVOCABLE", "LABORATORIES", "LABS", "LIVING", "MANAGEMENT", "MASTER",
    "MEDICAL", "OFFSHORE", "ONSHORE", "OPPORTUNITIES", "OPPORTUNITY", "PARTNERS", "PARTNERSHIP",
    "PHARMACEUTICALS", "PLATFORMS", "PROPERTIES", "REALTY", "RESOURCES", "REVOCABLE",
    "SCIENCES", "SECURITIES", "SERVICES", "SOCIETY", "SOFTWARE", "SPAC", "SYSTEMS",
    "TECHNOLOGIES", "TECHNOLOGY", "THERAPEUTICS", "TR", "TRUST", "TRUSTEE", "TRUSTEES", "TTEE",
    "UGP", "UNIVERSITY", "VENTURE", "VENTURES"
])
_LOOKALIKE_GROUPS = ("OQDCG", "ILTJ", "BREPF", "MNH", "UVY", "KX", "CE")
#: capital letters OCR reads for one another (a symmetric relation): each letter's look-alikes,
#: used for initials (``scoring.INITIAL_OCR``)
OCR_LOOKALIKES: dict[str, str] = {
    letter: "".join(sorted({o for g in _LOOKALIKE_GROUPS if letter in g for o in g} - {letter}))
    for letter in sorted(set("".join(_LOOKALIKE_GROUPS)))
}
#: a narrower partition for whole names: each class of letters OCR reads for one another mapped
#: to one of its letters (O D Q, I J L, M N, U V Y, C G, E F, R P); used by
#: ``scoring.ocr_similarity`` on both names, so only the class counts
OCR_CLASSES = bytes.maketrans(b"QDJLNVYGFP", b"OOIIMUUCER")  # for ASCII bytes: fast
# fmt: on
