"""Generated names and perturbations for ``bench_linking`` (deterministic with a seed)."""

from __future__ import annotations

import random
import string

from extract.linking.normalise import EntityKind, key_to_text, name_key

__all__ = ["FIRST", "generate_entities", "perturb", "PERTURBATIONS"]

FIRST = (  # noqa: SIM905
    "JAMES JOHN ROBERT MICHAEL WILLIAM DAVID RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER DANIEL "
    "MATTHEW ANTHONY MARK DONALD STEVEN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN GEORGE TIMOTHY "
    "RONALD EDWARD JASON JEFFREY RYAN JACOB GARY NICHOLAS ERIC JONATHAN STEPHEN LARRY JUSTIN "
    "SCOTT BRANDON BENJAMIN SAMUEL GREGORY ALEXANDER FRANK PATRICK RAYMOND JACK DENNIS JERRY "
    "TYLER AARON JOSE ADAM NATHAN HENRY DOUGLAS ZACHARY PETER KYLE NOAH ETHAN JEREMY WALTER "
    "CHRISTIAN KEITH ROGER TERRY AUSTIN SEAN GERALD CARL HAROLD DYLAN ARTHUR LAWRENCE JORDAN "
    "JESSE BRYAN BILLY BRUCE GABRIEL JOE LOGAN ALAN JUAN ALBERT WILLIE ELIJAH WAYNE RANDY VINCENT "
    "MARY PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA NANCY BETTY "
    "SANDRA MARGARET ASHLEY KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA MELISSA DEBORAH STEPHANIE "
    "DOROTHY REBECCA SHARON LAURA CYNTHIA AMY KATHLEEN ANGELA SHIRLEY BRENDA EMMA ANNA PAMELA "
    "NICOLE SAMANTHA KATHERINE CHRISTINE HELEN DEBRA RACHEL CAROLYN JANET MARIA CATHERINE HEATHER "
    "DIANE OLIVIA JULIE JOYCE VICTORIA RUTH VIRGINIA LAUREN KELLY CHRISTINA JOAN EVELYN JUDITH "
    "ANDREA HANNAH MEGAN CHERYL JACQUELINE MARTHA MADISON TERESA GLORIA SARA JANICE ANN KATHRYN "
    "ABIGAIL SOPHIA FRANCES JEAN ALICE JUDY ISABELLA JULIA GRACE AMBER DENISE DANIELLE MARILYN "
    "BEVERLY CHARLOTTE NATALIE THERESA DIANA BRITTANY DORIS KAYLA ALEXIS LORI MARIE WEI LI MING "
    "HIROSHI YUKI RAJESH PRIYA AMIT SANJAY OLUWASEUN ADEBAYO CHINEDU FATIMA AHMED OMAR YUSUF"
).split()
SURNAMES = (  # noqa: SIM905
    "SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ LOPEZ "
    "GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON WHITE HARRIS "
    "SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT TORRES NGUYEN HILL "
    "FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER ROBERTS GOMEZ PHILLIPS "
    "EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART MORRIS MORALES MURPHY COOK "
    "ROGERS GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED KELLY HOWARD RAMOS KIM COX WARD "
    "RICHARDSON WATSON BROOKS CHAVEZ WOOD JAMES BENNETT GRAY MENDOZA RUIZ HUGHES PRICE ALVAREZ "
    "CASTILLO SANDERS PATEL MYERS LONG ROSS FOSTER JIMENEZ POWELL JENKINS PERRY RUSSELL SULLIVAN "
    "BELL COLEMAN BUTLER HENDERSON BARNES GONZALES FISHER VASQUEZ SIMMONS ROMERO JORDAN PATTERSON "
    "ALEXANDER HAMILTON GRAHAM REYNOLDS GRIFFIN WALLACE MORENO WEST COLE HAYES BRYANT HERRERA "
    "GIBSON ELLIS TRAN MEDINA AGUILAR STEVENS MURRAY FORD CASTRO MARSHALL OWENS HARRISON "
    "FERNANDEZ MCDONALD WOODS WASHINGTON KENNEDY WELLS VARGAS HENRY CHEN FREEMAN WEBB TUCKER "
    "GUZMAN BURNS CRAWFORD OLSON SIMPSON PORTER HUNTER GORDON MENDEZ SILVA SHAW SNYDER MASON "
    "DIXON MUNOZ HUNT HICKS HOLMES PALMER WAGNER BLACK ROBERTSON BOYD ROSE STONE SALAZAR FOX "
    "WARREN MILLS MEYER RICE SCHMIDT GARZA DANIELS FERGUSON NICHOLS STEPHENS SOTO WEAVER RYAN "
    "GARDNER PAYNE GRANT DUNN KELLEY SPENCER HAWKINS ARNOLD PIERCE VAZQUEZ HANSEN PETERS SANTOS "
    "HART BRADLEY KNIGHT ELLIOTT CUNNINGHAM DUNCAN ARMSTRONG HUDSON CARROLL LANE RILEY ANDREWS "
    "ALVARADO RAY DELGADO BERRY PERKINS HOFFMAN JOHNSTON MATTHEWS PENA RICHARDS CONTRERAS WILLIS "
    "CARPENTER LAWRENCE SANDOVAL GUERRERO GEORGE CHAPMAN RIOS ESTRADA ORTEGA WATKINS GREENE NUNEZ "
    "WHEELER VALDEZ HARPER BURKE LARSON SANTIAGO MALDONADO MORRISON FRANKLIN CARLSON AUSTIN "
    "DOMINGUEZ CARR LAWSON JACOBS OBRIEN LYNCH SINGH VEGA BISHOP MONTGOMERY OLIVER JENSEN HARVEY "
    "WILLIAMSON GILBERT DEAN SIMS ESPINOZA HOWELL LI WONG REID HANSON LE MCCOY GARRETT BURTON "
    "FULLER WANG WEBER WELCH ROJAS LUCAS MARQUEZ FIELDS PARK YANG LITTLE BANKS PADILLA DAY WALSH "
    "BOWMAN SCHULTZ LUNA FOWLER MEJIA DAVIDSON ACOSTA BREWER MAY HOLLAND JUAREZ NEWMAN PEARSON "
    "CURTIS CORTEZ DOUGLAS SCHNEIDER JOSEPH BARRETT NAVARRO FIGUEROA KELLER AVILA WADE MOLINA "
    "STANLEY HOPKINS CAMPOS BARNETT BATES CHAMBERS CALDWELL BECK LAMBERT MIRANDA BYRD CRAIG AYALA "
    "LOWE FRAZIER POWERS NEAL LEONARD GREGORY CARRILLO SUTTON FLEMING RHODES SHELTON SCHWARTZ "
    "NORRIS JENNINGS WATTS DURAN WALTERS COHEN MCDANIEL MORAN PARKS STEELE VAUGHN BECKER HOLT "
    "DELEON BARKER TERRY HALE LEON HAIL BENSON HAYNES HORTON MILES LYONS PHAM GRAVES BUSH "
    "THORNTON"
).split()
_ONSETS = [
    "B",
    "BR",
    "C",
    "CH",
    "CL",
    "D",
    "DR",
    "F",
    "FR",
    "G",
    "GR",
    "H",
    "J",
    "K",
    "KR",
    "L",
    "M",
    "N",
    "P",
    "PR",
    "R",
    "S",
    "SH",
    "ST",
    "T",
    "TR",
    "V",
    "W",
    "Z",
]
_VOWELS = ["A", "E", "I", "O", "U", "AI", "EA", "OU", "IE"]
_CODAS = ["", "", "N", "R", "L", "S", "T", "M", "ND", "RT", "NS", "CK", "LL", "RD"]
_ENDINGS = ["", "SON", "MAN", "ER", "EN", "ING", "OV", "SKI", "EZ", "ELLI", "BERG", "STEIN",
            "WOOD", "TON", "LEY", "ARD", "INI", "AKIS"]  # fmt: skip
_INDUSTRY = (  # noqa: SIM905
    "THERAPEUTICS PHARMACEUTICALS BIOSCIENCES TECHNOLOGIES SYSTEMS SOFTWARE NETWORKS ENERGY "
    "RESOURCES HOLDINGS CAPITAL PARTNERS VENTURES FINANCIAL BANCORP MEDICAL HEALTH LABS "
    "INDUSTRIES MINING GOLD OIL GAS REALTY PROPERTIES ACQUISITION SEMICONDUCTOR ROBOTICS FOODS "
    "BRANDS MOTORS AEROSPACE INSURANCE TRUST FUND GROUP MANAGEMENT ADVISORS GLOBAL INTERNATIONAL "
    "AMERICA PACIFIC ATLANTIC"
).split()
_FORMS = ["INC", "INC", "INC", "CORP", "CO", "LLC", "LP", "LTD", "PLC", "", "HOLDINGS INC",
          "L.P.", "Inc.", "Corp.", "Corporation", "Ltd"]  # fmt: skip
_SUFFIX = ["JR", "SR", "II", "III", "IV"]


def _syllable_word(rng: random.Random) -> str:
    word = "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
        for _ in range(rng.choice((1, 2, 2, 3)))
    )
    return word + rng.choice(_ENDINGS)


def _surname(rng: random.Random) -> str:
    if rng.random() < 0.45:  # common surnames, Zipf-like
        return (
            SURNAMES[min(int(rng.paretovariate(1.0)) - 1, len(SURNAMES) - 1)]
            if rng.random() < 0.3
            else rng.choice(SURNAMES)
        )  # noqa: E501
    return _syllable_word(rng)


def _person(rng: random.Random) -> str:
    parts = [_surname(rng), rng.choice(FIRST)]
    r = rng.random()
    if r < 0.5:
        parts.append(rng.choice(string.ascii_uppercase))
    elif r < 0.7:
        parts.append(rng.choice(FIRST))
    if rng.random() < 0.03:
        parts.append(rng.choice(_SUFFIX))
    return " ".join(parts)


def _company(rng: random.Random) -> str:
    words = [_syllable_word(rng)]
    if rng.random() < 0.3:
        words.append(_syllable_word(rng))
    words.extend(rng.sample(_INDUSTRY, rng.choice((0, 1, 1, 2))))
    form = rng.choice(_FORMS)
    if rng.random() < 0.05:
        form += " /DE/"
    return " ".join(words + ([form] if form else []))


def generate_entities(
    n: int,
    *,
    seed: int = 7,
    person_share: float = 0.7,
    start_cik: int = 3_000_000,
    exclude: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[tuple[str, str, EntityKind]]:
    """``n`` entities ``(cik, name, kind)`` with distinct normalised names."""
    rng = random.Random(seed)
    seen: set[str] = set(exclude)
    out: list[tuple[str, str, EntityKind]] = []
    cik = start_cik
    while len(out) < n:
        kind = EntityKind.PERSON if rng.random() < person_share else EntityKind.COMPANY
        name = _person(rng) if kind is EntityKind.PERSON else _company(rng)
        key = key_to_text(name_key(name, kind))
        if key in seen:
            continue
        seen.add(key)
        out.append((str(cik), name, kind))
        cik += 1
    return out


# -- perturbations ----------------------------------------------------------------------------

_CONFUSE = {
    "O": "0QDC", "0": "O", "I": "1LT|", "L": "1I", "1": "IL", "S": "58", "5": "S", "B": "8RE",
    "8": "B", "E": "FC", "F": "EP", "G": "C6", "C": "GOE", "D": "O0", "Z": "2", "M": "N",
    "N": "MH", "H": "N", "U": "VO", "V": "UY", "W": "VV", "R": "PK", "P": "R", "T": "I7", "K": "X",
    "A": "4", "Q": "O", "Y": "V", "X": "K", "J": "I",
}  # fmt: skip


def _ocr(text: str, rate: float, rng: random.Random) -> str:
    out = []
    for ch in text:
        if ch == " " or rng.random() >= rate:
            out.append(ch)
            continue
        r = rng.random()
        upper = ch.upper()
        if r < 0.6 and upper in _CONFUSE:
            rep = rng.choice(_CONFUSE[upper])
            out.append(rep if ch.isupper() or not rep.isalpha() else rep.lower())
        elif r < 0.75:
            out.append(rng.choice(string.ascii_letters))
        elif r < 0.9:
            continue  # deletion
        else:
            out.append(ch + rng.choice(string.ascii_letters))  # insertion
    return "".join(out)


def _title(word: str) -> str:
    return word[:1] + word[1:].lower() if len(word) > 1 else word


def _person_variants(name: str, what: str, rng: random.Random, order: str) -> str:
    from extract.linking.normalise import parse_person

    p = parse_person(name, order)
    first, mids, last, suffix = p.first, list(p.middles), p.last, p.suffix
    if what == "initials":
        if mids and rng.random() < 0.5:
            mids = [m[0] for m in mids]
        elif first:
            first = first[0]
    elif what == "middle-dropped":
        mids = []
    elif what == "suffix":
        suffix = (
            rng.choice([s for s in ("JR", "SR", "III", "II") if s != suffix]) if not suffix else ""
        )
    if (
        what in ("order", "initials", "middle-dropped", "suffix")
        and rng.random() < 0.8
        or what == "order"
    ):
        given = [_title(first) + ("." if len(first) == 1 else "")] if first else []
        given += [_title(m) + ("." if len(m) == 1 else "") for m in mids]
        text = " ".join(given + [_title(last)])
        if suffix:
            text += ", " + {"JR": "Jr.", "SR": "Sr.", "II": "II", "III": "III", "IV": "IV"}[suffix]
        return text
    return " ".join(x for x in [last, first, *mids, suffix] if x)


def _company_variants(name: str, what: str, rng: random.Random) -> str:
    from extract.linking.normalise import parse_company

    c = parse_company(name)
    core = c.core.title() if rng.random() < 0.5 else c.core
    if what == "form":
        same = {
            "INC": ["Inc.", "Incorporated", "INC", ""],
            "CORP": ["Corp.", "Corporation", "CORP", ""],
            "CO": ["Co.", "Company", "& Co.", ""],
            "LLC": ["L.L.C.", "LLC", ""],
            "LP": ["L.P.", "LP", "Limited Partnership"],
            "LTD": ["Ltd.", "Limited", ""],
            "": ["", "Inc."],
        }.get(c.form, [c.form, ""])
        form = rng.choice(same)
        if rng.random() < 0.25:
            form = f"{form} /DE/".strip()
        return f"{core} {form}".strip()
    if what == "the-and":
        core = core.replace(" AND ", " & ").replace(" And ", " & ")
        return f"The {core}, {c.form}".strip(" ,")
    return f"{core} {c.form}".strip()


PERTURBATIONS = ("ocr-only", "order", "initials", "middle-dropped", "suffix", "form", "the-and")


def perturb(name: str, kind: EntityKind, rng: random.Random, order: str = "sec") -> tuple[str, str]:
    """One perturbed mention and the label of what was done (OCR at 2-5% always applies).

    ``order`` is how ``name`` itself is written (SEC order, or prose for signatures)."""
    if kind is EntityKind.PERSON:
        what = rng.choice(("ocr-only", "order", "order", "initials", "middle-dropped", "suffix"))
        text = _person_variants(name, what, rng, order) if what != "ocr-only" else name
    else:
        what = rng.choice(("ocr-only", "form", "the-and"))
        text = _company_variants(name, what, rng) if what != "ocr-only" else name
    return _ocr(text, rng.uniform(0.02, 0.05), rng), what
