"""Every number a message mentions, with what the words around it say of it.

A number alone means little: "12 Beschäftigte" counts people, "15 m²" is an
area, "300 euros par mois" is money per month, "environ 40 %" is an
approximate percentage, "3 chemin des Vignes" and "21000 Dijon" are part of
an address and answer nothing. :func:`read_mentions` reads each number with
its unit, period, approximation, its clause, and whether it is part of an
address, date, identifier or label (masked), so that the slot filler can
give each number to the one field it answers.

Pure and deterministic; all spans refer to the *prepared* text (number
words turned into digits, :func:`agents.nlu._numbers.prepare`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agents.nlu import _lexicon as lx
from agents.nlu._numbers import find_numbers, prepare
from agents.nlu._text import fold, nfc

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|januar|jänner|janner|februar|marz|mai|juni"
    r"|juli|oktober|dezember|janvier|fevrier|mars|avril|juin|juillet|aout|septembre|octobre"
    r"|novembre|decembre|janv|fevr?|avr|juil|okt|dez)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|e|\.)?"
_DATE_PATTERNS = [
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{4}\b",
    # A year after a comma is four digits: "1 February, 15 of our 18 staff".
    rf"\b{_DAY}\s*(?:of\s+|de\s+)?{_MONTHS}(?:\s*,?\s*(?:19|20)\d{{2}}|\s+'?\d{{2}}(?=\s*$|[.;!?]))?(?![\w])",
    rf"\b{_MONTHS}\s+{_DAY}(?:\s*,?\s*\d{{4}})?(?![\w])",
    rf"\b{_MONTHS}\s+\d{{4}}\b",
]
_DATES = re.compile("|".join(f"(?:{p})" for p in _DATE_PATTERNS))
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d.,])")
_SLASHED = re.compile(r"\b\d{1,5}/\d{1,4}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?\b")
# One separator between digits: "Betriebsnr 81 000 235. 45 staff" is two sentences.
_PHONE = re.compile(r"(?<!\w)\+?\d(?:[ /.-]?\d){8,}(?!\w)")
_TIME = re.compile(r"\b\d{1,2}(?:[:h]\d{2}|\s?h\b|\s?uhr\b)", re.IGNORECASE)
_ADDRESS_FR_EN = re.compile(
    rf"\b\d{{1,4}}\s?(?:bis|ter|[a-z])?\s*,?\s+(?:[\w'’-]+\s+){{0,3}}?{lx.STREET_WORDS}(?![\w])",
    re.IGNORECASE,
)
_ADDRESS_DE = re.compile(
    r"\b[\wäöüß-]*(?:strasse|straße|str\.|weg|platz|allee|ring|gasse|damm|ufer|grund|road|street)"
    r"\s+\d{1,4}\s?[a-z]?\b|\b(?:zum|zur|am|an\s+der|im|auf\s+dem|in\s+der)\s+[A-ZÄÖÜ][\wäöüß-]+"
    r"\s+\d{1,4}\s?[a-z]?\b",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b\d{5}(?=\s+[A-ZÄÖÜÉ])|\b[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b")
_PARCEL = re.compile(
    r"\b(?:section|sektion|flur)\s+[A-Z]{1,2}\b|\b[A-Z]{1,2}\s*(?:n°\s*|nr\.?\s*)?\d{1,4}\b"
)
_LABEL = re.compile(
    r"\b(?:child|kid|kind|enfant|l'enfant|children\s+no\.?|kind\s+nr\.?)\s*\d{1,2}\b|"
    r"\b(?:halle|hall|bâtiment|batiment|building|gebäude|gebaude|halle|atelier|werk|site|lot"
    r"|n°|nr\.?|no\.|r\+)\s*\d{1,3}\b|\bR\+\d\b",
    re.IGNORECASE,
)
_OVER_10 = re.compile(
    r"(?:more\s+than|over|above|mehr\s+als|uber|plus\s+de|au-dessus\s+de)\s+10\s*(?:%|percent"
    r"|prozent|pour-?cents?)",
)
_PART_OF = re.compile(
    r"\s*(?:[a-zäöüß-]+\s+){0,2}?(?:(?:of|out\s+of|from|von|aus|sur|parmi|d'entre)\s+"
    r"(?:(?:our|the|all|its|their|his|her|unseren|unserer|den|insgesamt|ihren|seinen|nos|les"
    r"|des|mes|ses|leurs)\s+)?"
    r"|de\s+(?:nos|mes|les|des)\s+|des\s+|unserer\s+|unsrer\s+|der\s+)$"
)
_WHOLE_BEFORE = re.compile(
    r"(?:\bvon\s+(?:unseren|unsren|den|insgesamt|allen)|\bof\s+(?:our|the|all)|\bout\s+of"
    r"|\bsur\s+(?:nos|les)|\bparmi\s+(?:nos|les))\s*$"
)
_OWN_AGE = re.compile(
    r"(?:\bi'?m|\bi\s+am|\bich\s+bin|^\s*bin|,\s*bin|\bj'ai|\bje\s+suis\s+age\w*\s+de|\bmy\s+age\s+is"
    r"|\bich\s+werde)\s*$"
)
_BOUND = re.compile(
    r"(?:less\s+than|under|below|at\s+most|max(?:imum)?|up\s+to|moins\s+de|moins\s+d'|au\s+plus|jusqu'a"
    r"|weniger\s+als|unter|hochstens|maximal|bis\s+zu|at\s+least|mindestens|au\s+moins"
    # "über zehn", "more than 10 years", "plus de 10 ans": a limit too
    r"|uber|über|mehr\s+als|more\s+than|over|plus\s+de|plus\s+d')\s*$"
)
_RENT = re.compile(
    r"(?:\s*(?:€|eur\w*)?\s*(?:de\s+|of\s+|an\s+|fur\s+(?:die\s+)?)?"
    r"(?:loyer|rent|miete|kaltmiete|warmmiete|nebenkosten|charges|warm|kalt|cc|charges\s+comprises))\b"
    r"|\b(?:loyer|rent|miete|kaltmiete|warmmiete)\s*(?:de|of|von|:)?\s*$"
)
_EXCEPT = re.compile(
    r"(?:except|apart\s+from|but|außer|ausser|bis\s+auf|ohne|sauf|hormis|à\s+part)\s+(?:the\s+|die\s+|den\s+|les\s+)?$"
)
_WORD_NUMBERS: list[tuple[str, float, str | None]] = [
    (
        r"\b(?:ein(?:em)?\s+halben?\s+jahr|half\s+a\s+year|a\s+half[\s-]year|six\s+months"
        r"|(?:un\s+|1\s+)?demi[\s-]?annee|(?:un|1)\s+semestre|(?:1|ein)\s+halbes\s+jahr)\b",
        6.0,
        "months",
    ),
    # "a year", "un an", "ein Jahr" ("1" after text2num): twelve months; with
    # "and a half" eighteen.
    (
        r"\b(?:a|one|1)\s+year\s+and\s+a\s+half\b|\b(?:un|1)\s+an\s+et\s+demi\b"
        r"|\b(?:eineinhalb|anderthalb)\s+jahre?n?\b",
        18.0,
        "months",
    ),
    (
        r"(?:\b(?:a|one|1)\s+(?:full\s+)?year|\b(?:un|1)\s+an|\b(?:une|1)\s+annee"
        r"|\b(?:ein|1)\s+(?:ganzes\s+)?jahr)\b(?!\s+(?:and\s+a\s+half|et\s+demi|und\s+ein))",
        12.0,
        "months",
    ),
    (r"\b(?:ein|a|une?|1)\s+(?:dutzend|dozen|douzaine)\b", 12.0, None),
    (r"\b(?:une?|1)\s+dizaine\b", 10.0, None),
    (r"\b(?:une?|1)\s+quinzaine\b", 15.0, None),
    (r"\b(?:une?|1)\s+vingtaine\b", 20.0, None),
    (r"\b(?:une?|1)\s+trentaine\b", 30.0, None),
    (r"\b(?:une?|1)\s+quarantaine\b", 40.0, None),
    (r"\b(?:une?|1)\s+cinquantaine\b", 50.0, None),
    (r"\b(?:une?|1)\s+centaine\b", 100.0, None),
    (r"\banderthalb\b|\bone\s+and\s+a\s+half\b|\b1\s+and\s+a\s+half\b", 1.5, None),
    (
        r"\b(?:halbiert|halved|half[\s-]time|(?:a|à)\s+mi-?temps|um\s+die\s+halfte|by\s+half"
        r"|about\s+half|de\s+moitie|work\s+half|halbtags)\b",
        50.0,
        "percent",
    ),
    (r"\b(?:un|1|a|one|ein)\s+(?:tiers|third|drittel)\b", 33.33, "percent"),
]
_METRES_CM = re.compile(r"\b(\d{1,2})\s?m\s?(\d{2})\b")
_AND_A_HALF = re.compile(
    r"\b(\d{1,3})\s+(?:and\s+a\s+half|und\s+(?:ein\s*)?halb|et\s+demie?)\b|\b(\d{1,3})\s?einhalb\b"
    # "huit mètres et demi", "eight metres and a half": the unit between
    r"|\b(\d{1,3})\s*(?:m|metres?|meters?|meter)\s+(?:et\s+demi|and\s+a\s+half)\b"
)
_TIMES_WORDS = {"zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "twice": 2, "thrice": 3}
_TIMES = re.compile(
    r"\b(?:(?P<n>\d{1,2})\s*(?:mal|fois|times)|(?P<w>zwei|drei|vier|funf|sechs)mal"
    r"|(?P<w2>twice|thrice))\s+(?P<amount>\d)"
)
_EUROS_AND_CENTS = re.compile(
    r"\b(?P<euros>\d{1,5})\s*(?:euros?|€|eur)\s+(?:(?:et|und|and)\s+)?(?P<cents>\d{1,2})"
    r"(?:\s*(?:centimes?|cents?|ct)\b|(?=\s*(?:$|[.,;!?)]|\s+(?:net|netto|brut|brutto)\b)))"
)
_SOON_AFTER = re.compile(
    r"\s*,?\s*(?:le\s+mois\s+prochain|la\s+semaine\s+prochaine|next\s+(?:month|week)"
    r"|(?:im\s+)?n[aä]chsten\s+monat|n[aä]chste\s+woche|dans\s+\w+\s+(?:jours|semaines)"
    r"|in\s+\w+\s+(?:days|weeks|tagen|wochen))\b"
)
_HEDGE = re.compile(
    r"\s*,?\s*(?:maybe|perhaps|possibly|or\s+so|vielleicht|eher|oder\s+auch|peut-etre|ou\s+plutot)\s*$"
)
_PLOT = re.compile(
    r"\b(?:plot|land|site|grundstuck|grundstück|baugrundstuck|baugrundstück|bauplatz|parzelle"
    r"|terrain|parcelle)\b"
)
# What is built, named between a plot word and an area, makes the area the
# building's: "Parzelle 318) einen Anbau von 32 m²".
_BUILT = re.compile(
    r"\b(?:anbau\w*|erweiterung|wintergarten|garage|carport|\w*haus|gebaude|gebäude|schuppen"
    r"|wohnflache|wohnfläche|nutzflache|nutzfläche|halle|extension|house|home|conservatory|shed"
    r"|building|barn|annex\w*|garage|veranda|véranda|maison|abri|agrandissement|batiment|bâtiment"
    r"|hangar|surface\s+de\s+plancher|emprise|floor\s+area|living\s+space)\b"
)
_EXISTING = re.compile(
    r"\b(?:das\s+haus|the\s+house|la\s+maison|existing|bestehend\w*|actuel\w*|existant\w*)\b"
)
# What stands today, said just before a measure: not what is planned.
_NOW_BEFORE = re.compile(
    r"\b(?:jetzt|derzeit|aktuell|bisher|heute|currently|at\s+the\s+moment|right\s+now|today"
    r"|actuellement|aujourd'hui|pour\s+l'instant)\b(?:\s+\w+){0,3}\s*$"
)
_VALIDITY_AFTER = re.compile(
    r"\s*-?\s*(?:year|jahres|yr)s?\s*-?\s*(?:resident\w*\s+)?(?:card|permit|karte|titel|visa)"
)
_VALIDITY_BEFORE = re.compile(
    r"(?:carte|titre\s+de\s+s[ée]jour|card|permit|karte|aufenthaltstitel)(?:\s+de\s+r[ée]sident)?"
    r"\s+(?:de|of|valid\s+for|f(?:ü|u)r|g(?:ü|u)ltig\s+f(?:ü|u)r)\s*$"
)
_HOUSE_NUMBER_BEFORE = re.compile(
    r"\b(?:hausnummer|hausnr\.?|house\s+number|street\s+number|numero\s+de\s+(?:la\s+)?(?:rue|maison))"
    r"\s*:?\s*$"
)
_LOT_BEFORE = re.compile(r"\blot\s*(?:n°|nr\.?|no\.?|number|numero|nummer)?\s*$")
# A length or width, said after a measure: not a height.
_LENGTH_AFTER = re.compile(
    r"\s*(?:long|lang|lange|breit|wide|broad|deep|tief|large|de\s+long|de\s+large"
    r"|de\s+profondeur|in\s+length|in\s+der\s+l[aä]nge)\b"
)
_DISTANCE_AFTER = re.compile(
    r"\s*(?:away|weg|entfernt|from|vom\b|zum\b|zur\b|von\s+(?:der|dem|einem|einer)\b"
    # "about 300 m after the cemetery", "500 m nach der Kirche", "200 m après l'église"
    r"|after\b|past\b|before\b|nach\s+(?:der|dem|den)\b|apres\b|avant\b)"
)
_DISTANCE_OF = re.compile(r"\s*(?:de\s|d'|du\s|des\s)(?!\s*(?:haut|hauteur|large|long))")
_DISTANCE_BEFORE = re.compile(
    r"(?:\ba|\bwithin|\binnerhalb(?:\s+von)?|moins\s+de|less\s+than|weniger\s+als|\bnur)\s*$"
)
_PART_PRONOUN = re.compile(
    r"\s*(?:of\s+them|of\s+those|von\s+ihnen|d'entre\s+eux|d'entre\s+elles"
    # "30 of our people", "12 unserer Mitarbeiter", "8 de nos salariés": a part
    # of a group the applicant names, not its size
    r"|of\s+(?:our|my|the)\s+(?=[a-z])|(?:von\s+unseren|unserer|von\s+den)\s+(?=[a-zäöüß])"
    r"|(?:de|parmi|d'entre)\s+(?:nos|mes|les)\s+(?=[a-z]))"
)
_DIMENSIONS = re.compile(
    r"(?<![\d.,])(?P<a>\d+(?:[.,]\d+)?)\s*(?:m|metres?|meters?|meter)?\s*(?:by|x|×|sur|mal|auf)\s*"
    r"(?P<b>\d+(?:[.,]\d+)?)\s*(?:m\b|metres?|meters?|meter|mètres)?"
)
_WHOLE_THEN_PART = re.compile(
    r"(?:,|;)?\s*(?:davon|dont|of\s+whom|of\s+which|of\s+them|wovon|parmi\s+eux"
    # "62 inklusive der 4 Azubis", "48 including 3 trainees", "35 y compris les 2 apprentis"
    r"|(?:inklusive|einschlie(?:ss|ß)lich|inkl\.?|incl\.?|including|y\s+compris)"
    r"(?:\s+(?:der|die|den|unserer|the|our|les|nos))?)\s*$"
)
_ALL = re.compile(
    r"(?:\ball(?:\s+of)?(?:\s+our|\s+the)?|\balle(?:\s+unsere)?|\btous\s+les|\btoutes\s+les"
    r"|\bdie\s+ganzen)\s*$"
)
# "22 Mitarbeiter, alle betroffen", "17 salariés, tous concernés", "62 staff, all
# 62 are hit", "12 staff all off": the count, then that all of them are affected
_ALL_AFTER = re.compile(
    r"\s*(?:[a-zäöüß]+\s*)?[,;:(-]?\s*(?:and\s+|und\s+|et\s+)?(?:alle|all|everyone|tous|toutes)"
    r"(?:\s+\d+)?\s+(?:(?:sind|are|is|sont|davon|of\s+them|d'entre\s+eux)\s+)?"
    r"(?:betroffen|affected|hit|off|concern[ée]s|touch[ée]s|in\s+kurzarbeit|on\s+short[-\s]time"
    r"|en\s+chomage|au\s+chomage|a\s+l'arret|à\s+l'arrêt|at\s+zero)"
)
# "für 12 Leute", "pour les 20 salariés": the people something is for.
FOR_WHOM = re.compile(r"\b(?:for|fur|für|pour)\s+(?:the\s+|die\s+|les\s+|nos\s+|our\s+)?$")
_RANGE_JOIN = re.compile(r"\s*(?:-|–|to|bis|a|à|or|oder|ou|and|und|et)\s*$")
_RANGE_OPEN = re.compile(r"(?:between|zwischen|entre)\s*$")
_CHANGE_OPEN = re.compile(r"(?:from|von|de)\s*$")
_CHANGE_JOIN = re.compile(r"\s*(?:to|bis|auf|a|à)\s*$")
_DAY_RANGE = re.compile(
    r"(?:st|nd|rd|th|er|\.)?\s*(?:to|-|–|bis|au|and|und|et|or|oder|ou|through)\s*"
    r"(?:the\s+|den\s+|zum\s+|le\s+)?"
)
_SELF_CORRECTED = re.compile(
    r"\s*[,;:–—-]?\s*(?:nein|non|no|nee|pardon|sorry|oops|euh|äh|ah\s+non|i\s+mean|ich\s+meine"
    r"|je\s+veux\s+dire|correction|korrektur|plutot|plutôt|or\s+rather|besser\s+gesagt)"
    r"\s*[,:!–—-]?\s*"
)
_INSTEAD = re.compile(
    r"(?:statt|anstatt|anstelle\s+von|instead\s+of|rather\s+than|au\s+lieu\s+de|et\s+non"
    r"|,\s*(?:nicht|not|pas|und\s+nicht|and\s+not))\s*$"
)
_CLAUSE_END = re.compile(
    r"[;!?\n()]|[.,](?=\s|$)|\s[–—]\s|\s(?:and|und|et|but|aber|mais|so|also|donc|sowie|while|puis)\s(?!\d)"
)
_ABBREVIATION = re.compile(
    r"(?:\bca|bzw|z\.b|approx|\benv|\bst|\bav|\bnr|\bno|\bstr|\bdr|\bmme|\bhr|\bfr)\.$"
)


@dataclass
class Mention:
    """One number in a message.

    Attributes:
        value: The number (percentages in percent, fractions of hours too).
        start: Start in the prepared text.
        end: End of the number (multiplier included).
        unit_end: End of the unit or noun after it, where one follows.
        unit: ``people``, ``children``, ``percent``, ``eur``, ``m2``, ``m``,
            ``cm``, ``sqft``, ``ft``, ``months``, ``weeks``, ``years``,
            ``days``, ``hours`` or ``None``.
        period: ``month``, ``week``, ``year`` or ``total`` said after money.
        approximate: "about", "rund", "environ" before it.
        below: "nearly", "bald" before it: the value is not reached yet.
        masked: ``date``, ``year``, ``address``, ``postcode``, ``email``,
            ``iban``, ``phone``, ``time``, ``parcel``, ``label`` or
            ``keyword`` when the number belongs to one of those.
        article: A "un"/"une"/"one" the number-word reader made a 1.
        part_of: Index of the mention this one is a part of ("12 of 20").
        whole_of: Index of the mention that is a part of this one.
        everyone: "all 9", "alle 8", "les 9 salariés".
        range_with: Index of the other end of a range ("10-12", "entre 4 et 6").
        clause: Index of the clause it stands in.
        fraction: Written as a fraction ("die Hälfte"), already in percent.
        phrase: Said in words ("halbiert", "ein halbes Jahr", "4 by 5 m").
        bound: A limit, not the value ("moins de 3 m", "at least 20").
        changed: The end of a change ("de 90 à 122 m²", "von 6 auf 9 m").
    """

    value: float
    start: int
    end: int
    unit_end: int
    unit: str | None = None
    period: str | None = None
    approximate: bool = False
    below: bool = False
    masked: str | None = None
    article: bool = False
    part_of: int | None = None
    whole_of: int | None = None
    everyone: bool = False
    range_with: int | None = None
    clause: int = 0
    fraction: bool = False
    phrase: bool = False
    bound: bool = False
    changed: bool = False


@dataclass
class Reading:
    """A message read for slot filling.

    Attributes:
        text: The message (NFC).
        prepared: The message with number words as digits; spans refer to it.
        folded: ``prepared`` lower-cased without accents (same length).
        mentions: Every number, in order.
        clauses: ``(start, end)`` of each clause of ``prepared``.
        masks: ``(start, end, kind)`` of addresses, dates, identifiers.
    """

    text: str
    prepared: str
    folded: str
    mentions: list[Mention]
    clauses: list[tuple[int, int]]
    masks: list[tuple[int, int, str]] = field(default_factory=list)

    def clause_of(self, position: int) -> int:
        """Return the index of the clause holding ``position``."""
        for index, (start, end) in enumerate(self.clauses):
            if start <= position < end or (position == end and index == len(self.clauses) - 1):
                return index
        return max(0, len(self.clauses) - 1)

    def clause_text(self, index: int) -> str:
        """Return the folded text of clause ``index``."""
        start, end = self.clauses[index]
        return self.folded[start:end]


def _plot_before(before: str) -> bool:
    """Whether the words before an area name the plot, and no building after them."""
    plots = list(_PLOT.finditer(before))
    return bool(plots) and not _BUILT.search(before, plots[-1].end())


def _clauses(folded: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_END.finditer(folded):
        if m.group().startswith(".") and _ABBREVIATION.search(
            folded[max(0, m.start() - 5) : m.start() + 1]
        ):
            continue
        if m.start() > start:
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(folded):
        bounds.append((start, len(folded)))
    return bounds or [(0, len(folded))]


def _masks(prepared: str, folded: str) -> list[tuple[int, int, str]]:
    masks: list[tuple[int, int, str]] = []
    for pattern, kind, source in (
        (_EMAIL, "email", prepared),
        (_IBAN, "iban", prepared),
        (_DATES, "date", folded),
        (_TIME, "time", folded),
        (_SLASHED, "identifier", folded),
        (_ADDRESS_FR_EN, "address", prepared),
        (_ADDRESS_DE, "address", prepared),
        (_POSTCODE, "postcode", prepared),
        (_PARCEL, "parcel", prepared),
        (_LABEL, "label", prepared),
        (_PHONE, "phone", prepared),
        (_YEAR, "year", folded),
        (lx.compiled(_OVER_10.pattern), "keyword", folded),
    ):
        for m in pattern.finditer(source):
            if kind == "iban" and not re.search(r"\d{4}", m.group()):
                continue
            if kind == "phone" and len(re.sub(r"\D", "", m.group())) < 9:
                continue
            if kind == "date" and re.search(r"[a-z]\.\s+\d", m.group()):
                continue  # "from March. 7 cooks affected": two sentences, no date
            masks.append((m.start(), m.end(), kind))
    return masks


def _unit_after(folded: str, end: int) -> tuple[str | None, int]:
    tail = folded[end : end + 40]
    m = re.match(r"[\s-]*(?:(?:\w+)\s+)?", tail)
    for unit, pattern in lx.UNITS.items():
        hit = re.match(rf"\s*-?\s*(?:{pattern})", tail)
        if hit:
            return unit, end + hit.end()
    for unit, nouns in (("people", lx.PEOPLE), ("children", lx.CHILDREN)):
        # "12 employees", "20-person", "12 neue Mitarbeiter", "3 enfants"
        hit = re.match(
            rf"\s*-?\s*(?:of\s+(?:our|the)\s+|unserer\s+|de\s+nos\s+|von\s+unseren\s+)?"
            rf"(?:[a-zäöüß]+\s+)?{nouns}(?!\w)",
            tail,
        ) or re.match(r"\s*-\s*(?:person|personen|mann)\b" if unit == "people" else r"(?!x)x", tail)
        if hit:
            return unit, end + hit.end()
    del m
    return None, end


def _period_after(folded: str, end: int) -> str | None:
    tail = folded[end : end + 45]
    for period, pattern in lx.PERIODS.items():
        if re.match(
            rf"(?:\s*(?:€|eur\w*|net|netto|nets?|brut\w*|gross|[a-zäöüß]+)){{0,3}}\s*(?:{pattern})",
            tail,
        ):
            return period
    return None


def read_mentions(text: str, language: str) -> Reading:
    """Read every number of ``text`` with its unit, period and role.

    Args:
        text: The applicant's message.
        language: ``de``, ``en`` or ``fr``.

    Returns:
        The reading: prepared text, clauses, masked spans and mentions.
    """
    text = nfc(text)
    prepared = prepare(text, language)
    folded = fold(prepared)
    masks = _masks(prepared, folded)
    clauses = _clauses(folded)
    has_digit_one = bool(re.search(r"(?<!\d)1(?!\d)", text))
    mentions: list[Mention] = []
    for number in find_numbers(prepared, language):
        unit, unit_end = _unit_after(folded, number.end)
        if number.percent or number.fraction:
            unit, unit_end = "percent", number.end
        elif number.currency:
            unit = "eur"
        masked = next(
            (kind for s, e, kind in masks if s <= number.start and number.end <= e + 1 and s < e),
            None,
        )
        if masked == "postcode" and unit is not None:
            masked = None
        before = folded[max(0, number.start - 25) : number.start]
        mention = Mention(
            value=number.value,
            start=number.start,
            end=number.end,
            unit_end=max(unit_end, number.end),
            unit=unit,
            masked=masked,
            approximate=bool(re.search(rf"\b{lx.APPROXIMATELY}\s*$", before)),
            below=bool(re.search(rf"\b{lx.BELOW}\s*$", before)),
            article=number.value == 1 and not has_digit_one,
            everyone=bool(_ALL.search(before)) or bool(_ALL_AFTER.match(folded, unit_end)),
            clause=0,
            fraction=number.fraction,
        )
        if unit == "eur" or unit is None:
            mention.period = _period_after(folded, mention.unit_end)
        mentions.append(mention)
    _read_phrases(folded, mentions)
    for index, mention in enumerate(mentions):
        if _INSTEAD.search(folded[max(0, mention.start - 16) : mention.start]):
            mention.masked = mention.masked or "superseded"  # "9 m hoch statt 6"
        if index == 0:
            continue
        previous = mentions[index - 1]
        between = folded[previous.end : mention.start]
        if (
            mention.masked == "date"
            and previous.masked is None
            and previous.unit is None
            and float(previous.value).is_integer()
            and 1 <= previous.value <= 31
            and _DAY_RANGE.fullmatch(between)
        ):
            previous.masked = "date"  # "in the night of 26 to 27 January", "vom 3. bis 5. Mai"
        if (
            _SELF_CORRECTED.fullmatch(folded[previous.unit_end : mention.start])
            and previous.masked is None
        ):
            # "140, nein 104 Beschäftigte", "12 – sorry, 14": said, then put right
            previous.masked = "superseded"
            mention.unit = mention.unit or previous.unit
        if (
            _PART_OF.fullmatch(folded[previous.unit_end : mention.start])
            and previous.masked is None
            and not _WHOLE_THEN_PART.search(folded[previous.unit_end : mention.start])
            # "2 700 sur 3 mois" is an amount over a time, not a part of a whole
            and mention.unit in (None, "people", "children")
        ):
            # "12 of our 20 staff", "30 salariés sur 35", "18 von 25 MA"
            previous.part_of, mention.whole_of = index, index - 1
            if previous.unit is None:
                previous.unit = mention.unit
            elif mention.unit is None:
                mention.unit = previous.unit
        elif _WHOLE_THEN_PART.search(folded[previous.unit_end : mention.start]):
            mention.part_of, previous.whole_of = index - 1, index
            mention.unit = mention.unit or previous.unit
        elif _CHANGE_JOIN.fullmatch(between) and _CHANGE_OPEN.search(
            folded[max(0, previous.start - 6) : previous.start]
        ):
            # "de 6 à 9 m", "von 6 auf 9 m": the value becomes the second one.
            previous.masked = previous.masked or "superseded"
            mention.changed = True
            previous.unit = previous.unit or mention.unit
        elif _HEDGE.fullmatch(folded[previous.unit_end : mention.start]) and mention.masked is None:
            # "three months, maybe four": either; read back rather than guess.
            previous.range_with, mention.range_with = index, index - 1
            previous.unit = previous.unit or mention.unit
            mention.unit = mention.unit or previous.unit
        elif (
            _RANGE_JOIN.fullmatch(between)
            and mention.masked is None
            and (
                _RANGE_OPEN.search(folded[max(0, previous.start - 12) : previous.start])
                or between.strip() in ("-", "–")
                # "6 bis 8 Wochen", "6 à 8 semaines", "6 to 8 weeks": the
                # unit said once after both ends
                or (
                    previous.unit is None
                    and mention.unit is not None
                    and not previous.masked
                    and between.strip() in ("bis", "to", "a", "à")
                )
            )
        ):
            previous.range_with, mention.range_with = index, index - 1
            previous.unit = previous.unit or mention.unit
            previous.period = previous.period or mention.period
    _read_roles(folded, mentions, clauses)
    return Reading(text, prepared, folded, mentions, clauses, masks)


def _read_phrases(folded: str, mentions: list[Mention]) -> None:
    """Numbers said in words the number reader leaves alone ("ein halbes Jahr", "4 by 5 m")."""
    found: list[Mention] = []
    for pattern, value, unit in _WORD_NUMBERS:
        for m in re.finditer(pattern, folded):
            found.append(Mention(value, m.start(), m.end(), m.end(), unit=unit, phrase=True))
    for m in _METRES_CM.finditer(folded):
        found.append(
            Mention(
                float(m.group(1)) + float(m.group(2)) / 100,
                m.start(),
                m.end(),
                m.end(),
                unit="m",
                phrase=True,
            )
        )
    for m in _AND_A_HALF.finditer(folded):
        found.append(
            Mention(
                float(m.group(1) or m.group(2) or m.group(3)) + 0.5,
                m.start(),
                m.end(),
                m.end(),
                phrase=True,
            )
        )
    for m in _TIMES.finditer(folded):
        # "dreimal 485", "3 fois 450", "three times 485": one amount, multiplied
        word = m.group("w") or m.group("w2")
        factor = int(m.group("n")) if m.group("n") else _TIMES_WORDS[word]
        amount = next((x for x in mentions if x.start == m.start("amount")), None)
        if amount is not None and amount.masked is None:
            found.append(
                Mention(
                    round(factor * amount.value, 2), m.start(), amount.end, amount.unit_end,
                    unit=amount.unit, period=amount.period, phrase=True,
                )
            )  # fmt: skip
    for m in _EUROS_AND_CENTS.finditer(folded):
        # "348 euros et 50 centimes", "655 Euro 20": one amount
        value = float(m.group("euros")) + float(m.group("cents")) / 100
        found.append(Mention(round(value, 2), m.start(), m.end(), m.end(), unit="eur", phrase=True))
    for m in _DIMENSIONS.finditer(folded):
        if " sur " in m.group() and not re.search(r"m\b|met|mèt", m.group()):
            continue  # "30 sur 45" with no metres: a part of a whole, no area
        a = float(m.group("a").replace(",", "."))
        b = float(m.group("b").replace(",", "."))
        found.append(Mention(round(a * b, 2), m.start(), m.end(), m.end(), unit="m2"))
    for extra in found:
        if extra.unit is None:
            extra.unit, extra.unit_end = _unit_after(folded, extra.end)
        for mention in mentions:
            if extra.start <= mention.start < extra.end:
                mention.masked = mention.masked or "phrase"
    mentions.extend(found)
    mentions.sort(key=lambda x: x.start)


def _read_roles(folded: str, mentions: list[Mention], clauses: list[tuple[int, int]]) -> None:
    """Roles the words around numbers give them: whole and part, excluded, land, distance."""
    for mention in mentions:
        mention.clause = next(
            (i for i, (s, e) in enumerate(clauses) if s <= mention.start < e), len(clauses) - 1
        )
    for index, mention in enumerate(mentions):
        before = folded[max(0, mention.start - 22) : mention.start]
        if _OWN_AGE.search(folded[max(0, mention.start - 22) : mention.start]) and mention.unit in (
            None,
            "years",
        ):
            mention.masked = mention.masked or "own_age"  # "I'm 40", "j'ai 31 ans"
        if _BOUND.search(before):
            mention.bound = True
        if re.search(rf"\b{lx.BELOW}\s*$", before):
            mention.below = True  # phrases too: "moins d'un an" is under one year
        if mention.unit in (None, "years") and _SOON_AFTER.match(folded, mention.unit_end):
            mention.below = True  # "3 ans le mois prochain": two today
        if mention.unit in (None, "eur") and (
            _RENT.search(before) or _RENT.match(folded, mention.unit_end)
        ):
            mention.masked = mention.masked or "rent"  # "400 € de loyer" is no income
        if _EXCEPT.search(before):
            mention.masked = mention.masked or "except"
        if mention.unit in ("m", "km") and (
            _DISTANCE_AFTER.match(folded, mention.unit_end)
            or (
                _DISTANCE_OF.match(folded, mention.unit_end)
                and _DISTANCE_BEFORE.search(folded[max(0, mention.start - 16) : mention.start])
            )
        ):
            mention.masked = mention.masked or "distance"  # "à 200 m de l'église", "1 km away"
        if _VALIDITY_AFTER.match(folded, mention.end) or _VALIDITY_BEFORE.search(
            folded[max(0, mention.start - 40) : mention.start]
        ):
            # "a 10-year card since 2021", "carte de résident de 10 ans": how
            # long the card runs, not how long the applicant has held one
            mention.masked = mention.masked or "validity"
        if _HOUSE_NUMBER_BEFORE.search(folded[max(0, mention.start - 22) : mention.start]):
            mention.masked = mention.masked or "address"  # "das Haus hat die Hausnummer 9"
        if _LOT_BEFORE.search(folded[max(0, mention.start - 14) : mention.start]):
            # "Lot 12 im Lotissement": a building lot of an estate, not the
            # cadastral parcel, nor a count
            mention.masked = mention.masked or "lot"
        if mention.unit in ("m", None) and _LENGTH_AFTER.match(folded, mention.unit_end):
            mention.masked = mention.masked or "length"  # "14 m long and 11 high"
        if (
            mention.unit == "people"
            and mention.part_of is None
            and FOR_WHOM.search(folded[max(0, mention.start - 12) : mention.start])
        ):
            mention.part_of = -1  # "für 12 Leute die Stunden kürzen": those it is for
        if mention.part_of is None and any(
            _PART_PRONOUN.match(folded, at) for at in (mention.unit_end, mention.end)
        ):
            mention.part_of = -1  # "45 of them": a part of a whole said elsewhere
        start, end = clauses[mention.clause]
        clause = folded[start:end]
        if mention.unit == "m2" and (
            _plot_before(folded[max(0, mention.start - 30) : mention.start])
            or _PLOT.search(_CLAUSE_END.split(folded[mention.unit_end : mention.unit_end + 12])[0])
        ):
            mention.masked = mention.masked or "plot"
        measure = mention.unit in ("m", "m2") or (
            mention.unit is None and not float(mention.value).is_integer()
        )
        if measure and _NOW_BEFORE.search(folded[max(0, mention.start - 18) : mention.start]):
            mention.masked = mention.masked or "existing"  # "(jetzt ist sie 1,20)"
        if mention.unit == "m2" and _EXISTING.search(clause):
            later = [
                m for m in mentions[index + 1 :] if m.masked is None and m.unit in (None, "m2")
            ]
            if later:
                mention.masked = mention.masked or "existing"
        if _WHOLE_BEFORE.search(before) and mention.whole_of is None and mention.part_of is None:
            following = [
                (i, m)
                for i, m in enumerate(mentions)
                if i > index
                and m.clause == mention.clause
                and m.masked is None
                and m.unit in (None, "people")
            ]
            if following:
                i, part = following[0]
                mention.whole_of, part.part_of = i, index
                mention.unit = mention.unit or part.unit or "people"
                part.unit = part.unit or mention.unit
