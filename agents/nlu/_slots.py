"""Slot filling: every fact a message states, each given to the one field it answers.

"Wir sind die Bäckerei Schneider GmbH mit 20 Beschäftigten. Wegen
Auftragsrückgang müssen wir ab März für 12 Leute die Stunden um ca. 40 %
kürzen" answers seven questions at once. :func:`fill_slots` reads it with
the parser alone, over the fields that are still open:

* numbers go to the field of their unit and cue ("12 Leute … betroffen":
  people affected; "15 m²": the floor area), one number to one field; a
  number nobody claims goes to the asked field only;
* yes/no fields are read from their topic and a negation near it ("kein
  Betriebsrat"), or from phrases that mean yes or no by themselves;
* choices from their labels and synonyms, matched word for word;
* months and dates from a cue ("ab März", "born 3 November 1979");
* e-mail addresses, IBANs and Betriebsnummern by their format;
* names, organisations and addresses by their shape (:mod:`._names`).

Every value comes with the words it was read from (its provenance) and a
note when it was converted ("500 € im Monat" → 1,500 € for three months).
When two fields claim one number equally, neither gets it: the question is
asked instead (precision over recall).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from agents.nlu import _lexicon as lx
from agents.nlu._dates import parse_date, parse_month
from agents.nlu._identifiers import parse_betriebsnummer, parse_email, parse_iban
from agents.nlu._mentions import FOR_WHOM, Mention, Reading, read_mentions
from agents.nlu._names import addresses, leading_name, organisations, people
from agents.nlu._text import find_sequence, fold, phrase_words, tokenize
from schemas.form import FieldKind, FieldSpec

NUMERIC = frozenset({FieldKind.INTEGER, FieldKind.PERCENT, FieldKind.MONEY, FieldKind.DECIMAL})
READ_BACK = 0.6
"""Confidence of a value that is read back before it is stored (ranges, conversions of units)."""

_PERIOD_FACTOR = {
    # amount said per <key[0]> → the field's period <key[1]>; a quarter is
    # 13 weeks, a month 13/3 weeks (52 weeks / 12 months).
    ("month", "quarter"): 3.0,
    ("week", "quarter"): 13.0,
    ("year", "quarter"): 0.25,
    ("week", "month"): 13.0 / 3.0,
    ("year", "month"): 1.0 / 12.0,
    # a day's allowance ("38,20 € par jour") over a year's 365 days
    ("day", "quarter"): 365.0 / 4.0,
    ("day", "month"): 365.0 / 12.0,
    # "1.740 für die letzten drei Monate" to a month's question
    ("quarter", "month"): 1.0 / 3.0,
}
_AUXILIARY_BEFORE = re.compile(r"\b(?:a|ont|ai|as|avons|avez|avait|avaient|s'est|se\s+sont)\s+$")
_BY_BEFORE = re.compile(r"(?<![\d,.]\s)(?<![\d,.])\b(?:um|by)\s+(?:about\s+|etwa\s+|ca\.?\s+)?$")
_TOTAL_AFTER = re.compile(
    r"\b(?:on\s+sera|sera\s+de|au\s+total|en\s+tout|total|insgesamt|zusammen|dann|danach"
    r"|in\s+total|altogether|afterwards|after\s+that|will\s+be|werden\s+es)\b"
)
_SINCE = re.compile(r"since|seit|depuis|as\s+of|on|am|le|in|at|a|à")
_WEEKS_COUNTED = re.compile(
    r"\b(?:\d+|zwei|drei|vier|funf|fünf|sechs|two|three|four|five|six|deux|trois|quatre|cinq"
    r"|six)\s+(?:wochen|weeks|semaines)\b"
)
# "... non, 32", "— non pardon, ZA 0089", "... ah non pardon, 2001", "140, nein 104":
# the applicant takes back what they just said and gives it again.
PUT_RIGHT = re.compile(
    r"(?:\.\.\.|…|—|–|-|,|;)\s*(?:ah\s+|oh\s+|euh\s+|äh\s+)?(?:non|nein|no)\b"
    r"[\s,!]*(?:pardon|sorry|entschuldigung|excusez-moi|i\s+mean|ich\s+meine|je\s+veux\s+dire)?"
    r"[\s,:]*(?:le\s+|am\s+|the\s+|c'est\s+|es\s+sind\s+|it's\s+)?(?=\d|[a-z]{1,2}\s*\d)"
)
_ON_BEHALF = re.compile(
    r"\b(?:on\s+behalf\s+of|for\s+my\s+(?:client|mother|father|mum|dad|sister|brother|wife"
    r"|husband|son|daughter)|writing\s+for|im\s+auftrag|f(?:ü|u)r\s+meine?n?\s+(?:mandant\w*"
    r"|kund\w*|mutter|vater|schwester|bruder|frau|mann|sohn|tochter)|pour\s+(?:le\s+compte\s+de"
    r"|mon\s+(?:client|pere|père|frere|frère|fils|mari)|ma\s+(?:cliente|mere|mère|soeur|sœur"
    r"|fille|femme))|au\s+nom\s+de|de\s+la\s+part\s+de)\b"
)
_PENDING = re.compile(
    r"\b(?:beantragt|angefragt|ausgesetzt|gestrichen|eingestellt|noch\s+nicht|applied|pending"
    r"|suspended|not\s+yet|demand[eé]e?s?|en\s+attente|suspendue?s?|supprim[eé]e?s?"
    r"|pas\s+encore|abgelehnt|verweigert|refused|denied|rejected|refus[eé]e?s?"
    # "Wohngeld bekommen wir keins", "APL, on n'en touche pas"
    r"|(?:bekomm\w*|krieg\w*|erhalt\w*)\s+(?:wir|ich)\s+(?:keins|keine|keinen|nicht|nichts))\b"
)
_EACH_BEFORE = re.compile(r"\b(?:jeweils|je|each|chacune?|à\s+chaque)\s*$")
_EACH_AFTER = re.compile(
    r"\s*(?:\w+\s+)?(?:each|apiece|jeweils|chacune?|per\s+(?:shift|site|team|line|store|shop)"
    r"|pro\s+(?:schicht|standort|team|linie|filiale)|par\s+(?:equipe|équipe|poste|site|ligne"
    r"|magasin))\b"
)
# What a business sells or is ordered: a share of it lost is not working time lost.
_VOLUME = re.compile(
    r"\b(?:\w*auftr[aä]g\w*|\w*umsatz\w*|auslastung|\w*bestellung\w*|nachfrage|absatz|orders?|sales"
    r"|turnover|revenue|bookings?|demand|commandes?|chiffre\s+d'affaires|ventes?|reservations?)\b"
)
_WORKING_TIME = re.compile(
    r"\b(?:arbeitszeit|stunden|arbeitsausfall|ausfall|kurzarbeit|hours|working\s+time|work\s+time"
    r"|short[-\s]time|heures|temps\s+de\s+travail|horaires?|chomage\s+partiel)\b"
)
# "on ne touche pas l'APL": a negation up to two words (or an elided article) before.
_NEGATED_BEFORE = re.compile(rf"{lx.NEGATIONS}\s*(?:\w+(?:\s+|['’]\s*)){{0,2}}$")
_QUALIFIED = re.compile(
    r"\W{0,3}(?:but|though|except|apart\s+from|mais|sauf|cependant|pourtant|aber|allerdings"
    r"|au(?:ss|ß)er|wobei)\b"
)
# "…, Speicherstadt 12, 20457 …": a one- or two-word street and its number, then a comma.
_STREET_BEFORE = re.compile(
    r"(?:^|[,:;]\s*)(?P<street>[A-ZÄÖÜ][\w\-äöüß.]+(?:\s[\w\-äöüß.]+)?\s\d{1,4}\s?[a-z]?)"
    r"\s*,\s*$"
)
_OF_REVENUE = re.compile(
    r"\s*(?:%|prozent|percent|pour\s*cent)?\s*(?:\w+\s+)?(?:vom|des|unseres|of(?:\s+our|\s+the)?|du|de\s+notre|de\s+nos|de)\s+"
    r"(?:umsatz\w*|turnover|sales|revenue|business|chiffre|ca\b)"
)
_POSTCODE_TOWN = re.compile(r"(?:[A-Z]-?)?\d{4,5}\s+[^\d,;]+")
_ADDRESS_INTRO = re.compile(
    r"^\s*(?:(?:bitte\s+)?an\s+|(?:it'?s\s+)?(?:at|to)\s+|c'est\s+(?:au|à)\s+|(?:au|à)\s+"
    r"|(?:ich\s+wohne|wir\s+wohnen|i\s+live|we\s+live|j'habite|nous\s+habitons)\s+(?:in\s+|at\s+|à\s+|au\s+)?"
    r"|(?:the|our|my)\s+address\s+is\s+|(?:die\s+|unsere\s+)?(?:adresse|anschrift)\s+(?:ist|lautet)\s+"
    r"|(?:l'|notre\s+|mon\s+)adresse\s+est\s+)",
    re.IGNORECASE,
)
_CONVERTIBLE = {
    ("sqft", "m2"): 0.092903,
    ("ft", "m"): 0.3048,
    ("cm", "m"): 0.01,
}


@dataclass(frozen=True)
class Slot:
    """One value read from a message for one field.

    Attributes:
        field: The field it fills.
        value: The normalised value.
        confidence: 1.0 when certain; below the threshold it is read back.
        span: The words it was read from.
        note: How it was derived, said to the applicant (``converted``,
            ``range``, ``approximate``, ``year``) or ``None``.
        detail: Numbers for the note (e.g. the monthly amount and factor).
    """

    field: str
    value: Any
    confidence: float
    span: str
    note: str | None = None
    detail: str | None = None


def _doubted(slot: Slot) -> Slot:
    """The same reading, to be read back to the applicant before it is stored."""
    return replace(slot, confidence=min(slot.confidence, READ_BACK))


def _phrases(spec: FieldSpec, language: str, which: str = "cues") -> list[str]:
    table: Mapping[str, list[str]] = getattr(spec, which)
    found = list(table.get(language, []))
    if which == "cues" and not found:
        found = list(spec.keywords.get(language, []))
    return found


def _find(
    phrases: Sequence[str], folded: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Where any phrase occurs (word for word, folded) in ``folded[start:end]``."""
    end = len(folded) if end is None else end
    tokens = [t for t in tokenize(folded) if t.start >= start and t.end <= end]
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        words = phrase_words(phrase)
        if not words:
            continue
        spans += [(s, e) for s, e, _ in find_sequence(words, tokens, "fr", exact=True)]
    return spans


_INFLECTION = (
    r"(?:e|en|es|er|ern|em|ens|n|s|x|ed|d|ing|ings|te|ten|tes|ter|ne|nes|ee|ees|ung|ungen"
    r"|t|st|et|ete|eten|nd|nde|nden|ly|ement|ements|ion|ions|ions)?"
)


def _stem_find(
    phrases: Sequence[str], folded: str, start: int, end: int, compound: bool = False
) -> list[tuple[int, int]]:
    """Like :func:`_find` but a phrase may be a word's beginning ("betroffen" in "betroffenen").

    With ``compound`` (German), a one-word phrase of five letters or more may
    also end a longer word: "Schuppen" in "Geräteschuppen", "Halle" in
    "Lagerhalle".
    """
    spans = []
    for phrase in phrases:
        words = phrase_words(phrase)
        if not words:
            continue
        head = r"\b\w*" if compound and len(words) == 1 and len(words[0]) >= 5 else r"\b"
        pattern = head + r"\W+".join(re.escape(w) for w in words[:-1])
        # A short word is matched whole: "EU" must not be read in "Euro".
        # Inflection only, not any letters: "Brand" (fire) is not in "Brandl".
        suffix = _INFLECTION if len(words[-1]) >= 4 else ""
        pattern += (r"\W+" if len(words) > 1 else "") + re.escape(words[-1]) + suffix + r"\b"
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, folded[start:end])]
    return [(s + start, e + start) for s, e in spans]


_FUNCTION_WORDS = (
    # Words that may follow a bare number without naming what it counts:
    # connectors, hedges and pronouns ("8,50 bis zum First", "96 je crois").
    r"und|and|et|oder|or|ou|bis|to|a|jusqu|au|plus|mais|but|aber|dann|then|puis|sinon"
    r"|ich|i|je|j|wir|we|on|nous|il|elle|es|it|das|ca|cela|c|maybe|vielleicht|peut|etwa"
    r"|environ|about|around|ungefahr|circa|ca|so|oui|non|yes|no|ja|nein|glaube|think|crois|pense"
)
_NAMES_SOMETHING_AFTER = re.compile(
    # A word of its own after the number ("2 sites", "4 Minijobber") or a
    # compound ("10-Jahres-Karte"), or a copula ("612 c'est la surface",
    # "900 ist das Grundstück"): the number is something else.
    rf"\s*(?:-[^\W\d_]|(?:c'est|est|ist|is|sind|are|war|was|etait)\b"
    rf"|(?!(?:{_FUNCTION_WORDS})\b)[^\W\d_]{{2,}})"
)
_SAID_OF_SOMETHING_ELSE = re.compile(
    # "der Große ist 19", "a girl of 9", "un garçon de 6", "nicht 20", "not 20", "pas 20".
    r"(?:\b(?:ist|is|est|sind|are|sont|war|was|etait|of|de|d'|von|vom|nicht|not|pas|kein|keine)"
    r"|\bc'est)\s*$"
)


_DENIED_BEFORE = re.compile(
    rf"(?:{lx.NEGATIONS}|\bhors\b|\boutside\b|\bausserhalb\b|\baußerhalb\b)"
    # "not in a couple", "pas en couple", "nicht in einer Beziehung"
    r"(?:\s+(?:de|d'|du|des|la|le|l'|the|a|an|any|der|die|das|einen?|einem|einer|in|im|en"
    r"|dans)){0,2}\s*$"
)
_NAME_AFTER = re.compile(r"\s+(?:(?i:name|names|nom)\b|[A-ZÄÖÜ][\w-]+\s*\))")
_DENIED_AFTER = re.compile(
    r"\s*(?:\w+\s+)?(?:ne\s+\w+\s+pas|n'\w+\s+pas|sind\s+nicht|are\s+not|aren't|werden\s+nicht|won't)\b"
)
_CONTRAST = re.compile(
    r"\b(?:but|however|though|although|aber|jedoch|allerdings|mais|cependant|pourtant"
    r"|toutefois|sauf|except)\b"
)


_QUALIFIERS = (
    # words that qualify the value itself: verbs, periods, net or gross, how
    # a measure is taken ("1,50 hoch", "1200 net par mois", "40 pro Woche")
    r"ist|sind|is|are|est|sont|was|war|c'est|per|par|pro|each|every|chaque|jeden|jede|im|les"
    r"|net|nett|netto|brut|brutto|gross|after|apres|nach|before|avant|vor|tax|impots|steuern"
    r"|hoch|haut|high|tall|height|hauteur|hohe|total|insgesamt|altogether|maximum|minimum|max|min"
    r"|roughly|about|around|approx|approximately|environ|ungefahr|etwa|rund|circa|genau|exactly"
    r"|exactement|only|nur|seulement|now|jetzt|maintenant|today|heute|aujourd|tops|hochstens"
    r"|mindestens|least|most|plus|moins|mehr|weniger|more|less|over|under|uber|unter|sur|from|von|des"
    r"|del|der|die|dem|den|une|the|and|und|et|bis|too|aussi|auch|also|but|mais|aber|yes|oui|non"
    r"|nein|nope|yeah|ja|merci|danke|thanks|thank"
)
_MEASURES = frozenset({"m", "m2", "percent", "months", "years"})
"""Units of the fields a bare number with a noun of its own never answers."""
_NOUN_AFTER = re.compile(
    # a word of its own after the number, not a connector, hedge or verb-like
    # filler: "2 storeys", "2 Filialen", "3 Schichten"
    rf"\s*(?!(?:{_FUNCTION_WORDS}|{_QUALIFIERS})\b)[^\W\d_]{{3,}}"
)


class _Filler:
    """One message being read against a set of open fields."""

    def __init__(
        self,
        text: str,
        specs: Sequence[FieldSpec],
        language: str,
        today: dt.date,
        asked: str | None,
        form: Mapping[str, Any],
    ) -> None:
        self.text = text
        self.specs = {spec.name: spec for spec in specs}
        self.language = language
        self.today = today
        self.asked = asked
        self.form = form
        self.reading: Reading = read_mentions(text, language)
        self.slots: dict[str, Slot] = {}
        self.used_mentions: set[int] = set()
        # Fields filled as part of the asked question's own answer ("they're
        # 6 and 10" to the first child's age gives the second one too).
        self.listed: set[str] = set()
        # The mention each number slot was read from (by field).
        self.mention_of: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------
    def _span_text(self, start: int, end: int) -> str:
        return self.reading.prepared[start:end].strip()

    def _clause_bounds(self, index: int) -> tuple[int, int]:
        return self.reading.clauses[index]

    def _cue_spans(self, spec: FieldSpec, clause: int | None = None) -> list[tuple[int, int]]:
        start, end = (
            (0, len(self.reading.folded)) if clause is None else self._clause_bounds(clause)
        )
        return _stem_find(_phrases(spec, self.language), self.reading.folded, start, end)

    def put(self, slot: Slot) -> None:
        if slot.field in self.slots or slot.field not in self.specs:
            return
        if (
            self.specs[slot.field].shape == "address"
            and isinstance(slot.value, str)
            and _POSTCODE_TOWN.fullmatch(slot.value)
        ):
            # A postcode and a town without a street may be half an address: read back.
            slot = Slot(slot.field, slot.value, min(slot.confidence, READ_BACK), slot.span)
        self.slots[slot.field] = slot

    # -- numbers ---------------------------------------------------------
    def _unit_fits(self, spec: FieldSpec, mention: Mention) -> bool:
        if mention.unit is None:
            return True
        if spec.unit == mention.unit:
            return True
        if (mention.unit, spec.unit) in _CONVERTIBLE:
            return True
        if spec.unit == "years" and mention.unit == "months":
            return True  # "8 mois" for a child's age: under a year
        return spec.kind is FieldKind.MONEY and mention.unit == "eur"

    def _own_noun(self, mention: Mention) -> bool:
        """Whether a number with no known unit has a word of its own after it ("2 Etagen")."""
        return (
            mention.unit is None
            and mention.range_with is None
            and _NOUN_AFTER.match(self.reading.folded, mention.unit_end) is not None
        )

    def _counts_something_else(self, spec: FieldSpec, mention: Mention) -> bool:
        """Whether a bare number answering a measure has a word of its own after it."""
        return spec.name == self.asked and spec.unit in _MEASURES and self._own_noun(mention)

    def _unit_holders(self, unit: str | None) -> int:
        """How many open numeric fields take numbers of ``unit``."""
        return sum(1 for s in self.specs.values() if s.kind in NUMERIC and s.unit == unit)

    def _child_named(self, spec: FieldSpec, clause: int | None) -> bool | None:
        """For a child's field: whether the words name this child ("child 2", "Kind 2").

        ``None`` when no child is named by number, or the field is no child's.
        """
        own = _CHILD_FIELD.match(spec.name)
        if own is None:
            return None
        start, end = (
            (0, len(self.reading.folded)) if clause is None else self._clause_bounds(clause)
        )
        named = _CHILD_NAMED.findall(self.reading.folded[start:end])
        if not named:
            return None
        return own.group(1) in named

    def _score(self, spec: FieldSpec, index: int, mention: Mention) -> float:
        if not self._unit_fits(spec, mention):
            return 0.0
        child = self._child_named(spec, mention.clause)
        if child is False:
            return 0.0  # "child 2 is 7": not child 1's age
        if spec.kind is FieldKind.PERCENT and mention.unit != "percent":
            return 0.0
        if spec.kind is not FieldKind.PERCENT and mention.unit == "percent":
            return 0.0
        if spec.kind is FieldKind.MONEY and mention.unit not in (None, "eur"):
            return 0.0
        if spec.kind is FieldKind.MONEY and mention.period == "hour":
            return 0.0  # "9,50 € de l'heure" is a rate, not the month's pay: ask
        if spec.name != self.asked and spec.unit in _MEASURES and self._own_noun(mention):
            return 0.0  # "shut two blast furnaces" is no duration in months
        if self._counts_something_else(spec, mention) and any(
            m.unit == spec.unit for m in self.reading.mentions if m is not mention
        ):
            return 0.0  # "5,60 m, so hoch wie das Haus mit seinen 2 Etagen": the metres answer
        if (
            spec.kind is FieldKind.MONEY
            and spec.name != self.asked
            and mention.unit is None
            and mention.period is None
            and not self._cue_spans(spec, mention.clause)
        ):
            return 0.0
        score = 0.0
        cues = self._cue_spans(spec, mention.clause)
        if child:
            cues = [*cues, (mention.start, mention.start)]
        asked = spec.name == self.asked
        if (
            mention.unit == "percent"
            and not asked
            and _OF_REVENUE.match(self.reading.folded, mention.unit_end)
        ):
            return 0.0  # "60 % vom Umsatz": a share of revenue, not a loss of hours
        if (mention.fraction or mention.phrase) and not cues and not asked:
            return 0.0  # "die Aufträge haben sich halbiert" is no loss of hours
        # A part or a whole ties a count to its field only with its noun
        # ("18 von 25 MA"): "20 au total dont 12 à l'atelier" says nothing
        # of who is affected.
        role_said = (
            bool(spec.role)
            and (mention.unit == spec.unit or self._bare_pair(mention))
            and (
                (spec.role == "part" and mention.part_of is not None and mention.part_of >= 0)
                or (spec.role == "whole" and (mention.whole_of is not None or mention.everyone))
            )
        )
        if not asked and not cues and mention.unit != spec.unit and not role_said:
            return 0.0  # neither unit, cue nor role ties the number to this field
        if spec.role == "part" and not asked and not cues and self._subgroup(mention):
            return 0.0  # "26 salariés dont 2 apprentis": a kind of staff, not those affected
        if (
            not asked
            and not cues
            and not (
                spec.role
                and (
                    mention.part_of is not None or mention.whole_of is not None or mention.everyone
                )
            )
            and self._unit_holders(spec.unit) > 1
            and not self._plainly_the_whole(spec, mention)
        ):
            return 0.0  # "6 years" could be a child's age or a permit's: ask
        if mention.unit is not None and mention.unit == spec.unit:
            score += 2.0
        elif mention.unit is not None:
            score += 1.0
        if cues:
            gap = min(max(0, s - mention.unit_end, mention.start - e) for s, e in cues)
            score += 3.0 - min(gap, 60) / 60.0
        if spec.role == "part" and mention.part_of is not None:
            score += 3.0
        if spec.role == "whole" and (mention.whole_of is not None):
            score += 3.0
        if (
            self.asked is None
            and spec.role == "whole"
            and mention.unit == spec.unit
            and mention.part_of is None
        ):
            score += 0.5  # "wir haben 24 Mitarbeiter" at the review: the head count
        if spec.role != "whole" and mention.whole_of is not None:
            score -= 3.0  # "10 of the 12": the 12 is a whole, answered elsewhere
        if spec.role == "whole" and mention.part_of is not None:
            score -= 3.0
        if spec.kind is FieldKind.MONEY:
            score += self._owner_score(spec, mention)
        if spec.name == self.asked:
            score += 0.5
            if self._in_brackets(mention):
                # "64 on our payroll (plus 5 agency temps who aren't ours)":
                # what is said in brackets is said in passing
                score -= 0.4
        return max(score, 0.0)

    def _bare_pair(self, mention: Mention) -> bool:
        """Whether "30 sur 45", "15 of 60" is a part and its whole, neither with a noun.

        Only the counts of people have a part and a whole on these forms, so
        a bare pair counts people.
        """
        partner = mention.part_of if mention.part_of is not None else mention.whole_of
        if mention.unit is not None or partner is None or partner < 0:
            return False
        return self.reading.mentions[partner].unit is None

    def _in_brackets(self, mention: Mention) -> bool:
        """Whether the number stands inside brackets the message opened before it."""
        before = self.reading.folded[: mention.start]
        return before.rfind("(") > before.rfind(")")

    def _plainly_the_whole(self, spec: FieldSpec, mention: Mention) -> bool:
        """Whether "312 employees", said while another subject is asked, is the head count.

        Nothing in its clause says who is affected or how the count is
        divided, so a clerk writes it down as the size of the workforce. Not
        when the question asked is itself a count of people ("12 employees"
        to "how many are affected?" answers that question).
        """
        asked = self.specs.get(self.asked or "")
        if spec.role != "whole" or mention.unit != spec.unit or mention.part_of is not None:
            return False
        if mention.everyone or FOR_WHOM.search(
            self.reading.folded[max(0, mention.start - 12) : mention.start]
        ):
            return False  # "pour les 20 salariés de l'atelier", "für 15 Kollegen": those affected
        if asked is not None and asked.unit == spec.unit:
            return False
        counts = [
            m
            for m in self.reading.mentions
            if m.unit == spec.unit and m.masked is None and m.part_of is None and m.whole_of is None
        ]
        if counts != [mention]:
            return False  # "8 salariés. 5 personnes à mi-temps": which is which? ask
        return not any(
            self._cue_spans(other, mention.clause)
            for other in self.specs.values()
            if other.unit == spec.unit and other is not spec
        )

    def _subgroup(self, mention: Mention) -> bool:
        """Whether a part has another noun than its whole ("26 salariés dont 2 apprentis")."""
        if mention.part_of is None or mention.part_of < 0:
            return False
        whole = self.reading.mentions[mention.part_of]
        folded = self.reading.folded

        def noun(m: Mention) -> str:
            word = re.match(r"\s*([^\W\d_]{3,})\b", folded[m.end : m.end + 30])
            return word.group(1)[:5] if word else ""

        mine, theirs = noun(mention), noun(whole)
        return bool(mine and theirs and mine != theirs)

    def _owner_score(self, spec: FieldSpec, mention: Mention) -> float:
        """Money of whom: "mein Mann verdient 1.200" is the partner's, "ich" the applicant's."""
        start, _ = self._clause_bounds(mention.clause)
        before = self.reading.folded[max(0, start - 40) : mention.start]
        owner = _owner(before, self.language)
        if owner is None:
            return 0.0
        return 1.5 if owner == spec.role else -3.0

    def numbers(self) -> None:
        numeric = [s for s in self.specs.values() if s.kind in NUMERIC]
        candidates: list[tuple[float, int, str]] = []
        for index, mention in enumerate(self.reading.mentions):
            if mention.masked is not None or index in self.used_mentions:
                continue
            if mention.article and mention.unit is None:
                continue
            scores = sorted(
                ((self._score(spec, index, mention), spec.name) for spec in numeric), reverse=True
            )
            scores = [s for s in scores if s[0] > 0]
            if not scores:
                continue
            top = scores[0]
            if top[0] < 2.0 and top[1] != self.asked:
                continue  # neither unit nor cue ties it to another field
            if mention.everyone and mention.unit == "people":
                # "all 9 of our staff are affected": 9 in total, 9 affected.
                for score, name in scores:
                    if self.specs[name].role in ("part", "whole"):
                        candidates.append((score + 1.0, index, name))
                continue
            if len(scores) > 1 and scores[1][0] >= top[0] - 0.25 and top[1] != self.asked:
                continue  # two fields claim it equally: ask rather than guess
            candidates.append((top[0], index, top[1]))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        # A field two different numbers claim equally ("650, 700 et 720 €",
        # "18, zwei sind Minijobber") gets neither: it is asked again.
        best: dict[str, list[tuple[float, int]]] = {}
        for score, index, name in candidates:
            best.setdefault(name, []).append((score, index))
        ambiguous = {
            name
            for name, found in best.items()
            if len(found) > 1
            and found[1][0] >= found[0][0] - 0.25
            and self.reading.mentions[found[0][1]].value != self.reading.mentions[found[1][1]].value
            # "entre 18 et 20 m²": the two ends of one range, read back as a range
            and self.reading.mentions[found[0][1]].range_with != found[1][1]
        }
        taken_fields: set[str] = set(ambiguous)
        for _, index, name in candidates:
            mention = self.reading.mentions[index]
            if name in taken_fields or name in self.slots:
                continue
            if index in self.used_mentions and not mention.everyone:
                continue
            slot = self._number_slot(self.specs[name], index, mention)
            if slot is None:
                continue
            asked_spec = self.specs.get(self.asked or "")
            if (
                name != self.asked
                and asked_spec is not None
                and asked_spec.kind in NUMERIC
                and not self._cue_spans(self.specs[name], mention.clause)
                and mention.part_of is None
                and mention.whole_of is None
                and not mention.everyone
            ):
                # "n°45, surface 512 m²" to the parcel question: a number
                # beside the asked one, tied to another field by its unit
                # alone, is read back before it is stored.
                slot = _doubted(slot)
            taken_fields.add(name)
            self.used_mentions.add(index)
            self.put(slot)
            self.mention_of[name] = index
        self._whole_from_part()

    def asides(self) -> None:
        """Read back what an answer says in passing about another field.

        Once the conversation is under way, the applicant answers the asked
        question; a value for another field that no word of that field ties
        to it ("Garage Pellerin SARL" is no garage project, "zwei
        Schulmensen" no head count, "même adresse que le garage") is read
        back before it is stored. The first message, which tells the
        situation, is read in full (the form is still empty then).
        """
        if not self.form or self.asked is None:
            return
        for name, slot in list(self.slots.items()):
            spec = self.specs[name]
            if name == self.asked or name in self.listed or slot.confidence <= READ_BACK:
                continue
            if spec.kind in (FieldKind.MONTH, FieldKind.DATE):
                # "seit jan kaum Bestellungen", "just for September instead of
                # May": a month said in passing dates something else as often
                # as the field (phrase bank, dev: 4 right, 5 wrong); stored
                # only when the words of the field come with it ("Kurzarbeit
                # ab Mai", "born on …"), not "since", which dates events
                asked_spec = self.specs.get(self.asked)
                if self._named_with(spec, slot) or (
                    asked_spec is not None and asked_spec.kind is FieldKind.YES_NO
                ):
                    continue  # "my husband died in 2019" dates the yes or no asked
            elif spec.kind in (FieldKind.TEXT, FieldKind.YES_NO, FieldKind.FILE):
                continue  # descriptions and yes/no phrases name their field
            if spec.kind in (FieldKind.IBAN, FieldKind.EMAIL, FieldKind.BETRIEBSNUMMER):
                continue  # a checked format names its field
            if spec.kind in NUMERIC and self._cue_spans(spec):
                index = self.mention_of.get(name)
                mention = self.reading.mentions[index] if index is not None else None
                if mention is None or not (
                    # "zwei Schulmensen", "les deux équipes": a count of something
                    # else; "3 ne sont pas touchés": a count denied
                    self._own_noun(mention)
                    or _DENIED_AFTER.match(self.reading.folded, mention.unit_end)
                ):
                    continue
            self.slots[name] = _doubted(slot)

    def put_right(self) -> None:
        """Read back a value said just before the applicant puts something right.

        "30 en chômage partiel... non, 32", "née le 22 mai 1987... non, le 22
        mars", "ZA 0098 — non pardon, ZA 0089": whichever of the two the
        reading kept, a clerk checks it before writing it down.
        """
        folded = self.reading.folded
        for marker in PUT_RIGHT.finditer(folded):
            for name, slot in list(self.slots.items()):
                at = folded.find(fold(slot.span)) if slot.span else -1
                if at < 0 or slot.confidence <= READ_BACK:
                    continue
                if self.specs[name].kind in (FieldKind.CHOICE, FieldKind.YES_NO):
                    continue  # what is put right is a number, a date or a reference
                if marker.start() - 60 <= at < marker.start():
                    self.slots[name] = _doubted(slot)

    def postcodes_left(self) -> None:
        """Read back an address that leaves out a postcode the message gives.

        "bei meinen Schwiegereltern: 11 rue du Faubourg, Neuf-Brisach 68600",
        "Woippy, 41 route de Thionville, Appartement 12, Postleitzahl 57140":
        the street was found, the town and postcode said apart from it.
        """
        postcodes = set(re.findall(r"\b\d{5}\b", self.reading.text))
        for name, slot in list(self.slots.items()):
            spec = self.specs[name]
            if spec.shape != "address" or slot.confidence <= READ_BACK:
                continue
            if postcodes and not re.search(r"\b\d{5}\b", str(slot.value)):
                self.slots[name] = _doubted(slot)

    def _named_with(self, spec: FieldSpec, slot: Slot) -> bool:
        """Whether the sentence of a value names its field (not by "since", which dates events)."""
        at = self.reading.text.find(slot.span) if slot.span else -1
        if at < 0:
            return False
        sentence = self._sentence_of(at)
        phrases = [
            *_phrases(spec, self.language, "cues"),
            *spec.keywords.get(self.language, []),
        ]
        found = _stem_find(
            [p for p in phrases if not _SINCE.fullmatch(fold(p))],
            self.reading.folded,
            0,
            len(self.reading.folded),
        )
        return any(self._sentence_of(s) == sentence for s, _ in found)

    def doubts(self) -> None:
        """Read back the asked number when the message holds another one it could be.

        "das Bad hat 8, das Schlafzimmer 24 m²", "8,50 bis zum First,
        Traufhöhe 6 m", "une centaine de m², 96 je crois": a clerk who heard
        two numbers that could both answer the question, and took one, says
        which one before writing it down. Only a number that names nothing
        else raises the doubt: not one another field took, the other end of a
        range, a date, year, address or identifier, a number with a noun of
        its own ("2 sites", "4 Minijobber", "die 10-Jahres-Karte"), one said
        to be something else ("612 c'est la surface du terrain", "der Große
        ist 19", "a girl of 9") or denied ("nicht 20").
        """
        spec = self.specs.get(self.asked or "")
        slot = self.slots.get(self.asked or "")
        if spec is None or slot is None or spec.kind not in NUMERIC:
            return
        if slot.confidence <= READ_BACK:
            return
        folded = self.reading.folded
        for index, mention in enumerate(self.reading.mentions):
            if index in self.used_mentions or mention.masked is not None:
                continue
            if mention.article and mention.unit is None:
                continue  # "un" read as 1
            if mention.part_of is not None or mention.whole_of is not None:
                continue  # "18 sur 26": a part and its whole, read together
            if mention.range_with is not None and mention.range_with in self.used_mentions:
                continue
            if mention.value == slot.value or self._score(spec, index, mention) <= 0:
                continue
            measure = mention.unit is not None and mention.unit == spec.unit
            measure = measure and mention.unit not in ("people", "children")
            bare = mention.unit is None and not _NAMES_SOMETHING_AFTER.match(
                folded, mention.unit_end
            )
            if not (measure or bare):
                continue
            if _SAID_OF_SOMETHING_ELSE.search(folded[max(0, mention.start - 24) : mention.start]):
                continue
            self.slots[spec.name] = _doubted(slot)
            return

    def _whole_from_part(self) -> None:
        """The larger count beside a part is the whole ("48 Mitarbeiter … für 30 Kollegen")."""
        part = next(
            (s for s in self.specs.values() if s.role == "part" and s.name in self.slots), None
        )
        whole = next(
            (s for s in self.specs.values() if s.role == "whole" and s.name not in self.slots),
            None,
        )
        if part is None or whole is None or part.unit != whole.unit:
            return
        value = self.slots[part.name].value
        left = [
            (i, m)
            for i, m in enumerate(self.reading.mentions)
            if i not in self.used_mentions
            and m.masked is None
            and m.unit == whole.unit
            and m.value.is_integer()
            and m.value > value
        ]
        if len(left) == 1:
            index, mention = left[0]
            slot = self._number_slot(whole, index, mention)
            if slot is not None:
                self.used_mentions.add(index)
                self.put(slot)

    def _number_slot(self, spec: FieldSpec, index: int, mention: Mention) -> Slot | None:
        value = mention.value
        confidence = 1.0
        note: str | None = None
        detail: str | None = None
        span = self._span_text(mention.start, mention.unit_end)
        if mention.range_with is not None:
            other = self.reading.mentions[mention.range_with]
            if other.start < mention.start:
                return None  # the upper end reads the range
            low, high = sorted((value, other.value))
            value, confidence, note = high, READ_BACK, "range"
            detail = f"{low:g}–{high:g}"
            span = self._span_text(
                min(other.start, mention.start), max(other.unit_end, mention.unit_end)
            )
        factor = _CONVERTIBLE.get((mention.unit or "", spec.unit or ""))
        if factor is not None:
            value = value * factor
            value = round(value, 1) if spec.kind is FieldKind.DECIMAL else round(value)
            confidence, note = READ_BACK, "converted_unit"
        if spec.unit == "years" and mention.unit == "months":
            value = value // 12
        if mention.bound:
            confidence, note = READ_BACK, note or "bound"  # "moins de 3 m": a limit, not the height
        if self._counts_something_else(spec, mention):
            # "two storeys" to "how high?", "128 habitables": a number with a
            # word of its own may count something else; read it back.
            confidence = READ_BACK
        if _QUALIFIED.match(self.reading.folded, mention.unit_end):
            # "3 but the eldest is 26 and lives in London": the number is
            # qualified at once; read it back rather than store it as said.
            confidence = READ_BACK
        if spec.unit in ("people", "children") and (
            _EACH_BEFORE.search(self.reading.folded[max(0, mention.start - 12) : mention.start])
            or _EACH_AFTER.match(self.reading.folded, mention.unit_end)
        ):
            # "Frühschicht und Spätschicht, jeweils 12 Leute", "12 per shift":
            # a count for each of several groups; read back, not stored.
            confidence = READ_BACK
        if (
            spec.unit == "m2"
            and _TOTAL_AFTER.search(self.reading.clause_text(mention.clause))
            and any(m.masked == "existing" for m in self.reading.mentions)
        ):
            # "la maison fait 118 m², avec l'extension on sera à 145": the
            # house after the work, or the 27 m² it adds? Read back.
            confidence = READ_BACK
        if spec.unit == "m" and _BY_BEFORE.search(
            self.reading.folded[max(0, mention.start - 8) : mention.start]
        ):
            # "eine Aufstockung um 2 m", "raised by 1.5 m": how much it grows,
            # not how high it is; read back ("um 18 m² erweitern" is the area
            # the work adds, which the floor-area question asks).
            confidence = READ_BACK
        if mention.changed and spec.unit == "m2":
            # "la maison passe de 90 à 122 m²": the house after the work, or
            # the area the work adds (32)? Read back rather than guess.
            confidence = READ_BACK
        if spec.unit == "percent" and mention.unit == "percent":
            clause = self.reading.clause_text(mention.clause)
            if _VOLUME.search(clause) and not _WORKING_TIME.search(clause):
                # "60 % weniger Aufträge", "sales down 30 %": orders or
                # turnover lost are not the working time lost; read it back.
                confidence = READ_BACK
        if spec.unit == "years" and _DATE_AFTER.match(self.reading.folded, mention.unit_end):
            # "neuf ans le 3 novembre": the age that birthday brings, maybe
            # still to come; read back
            confidence = READ_BACK
        if mention.period == "week" and _WEEKS_COUNTED.search(self.reading.folded):
            # "150 € die Woche, vier Wochen lang": a few weeks' pay, not a
            # weekly income; read back what it comes to
            confidence = READ_BACK
        if mention.below and spec.unit == "years" and value >= 1:
            value -= 1  # "nearly 3": two years old
        factor = _PERIOD_FACTOR.get((mention.period or "", spec.period or ""))
        if spec.kind is FieldKind.MONEY and spec.period is None and mention.period:
            # A given month's income said per week or per year ("24 a week"):
            # worked out as a month, and read back, for no month is average.
            factor = _PERIOD_FACTOR.get((mention.period, "month"))
            if factor is not None:
                confidence = READ_BACK
        if spec.kind is FieldKind.MONEY and factor is not None:
            said = value
            value = round(value * factor, 2)
            note = "converted"  # stored, and the reply says how it was worked out
            detail = f"{said:g}|{mention.period}" + ("" if spec.period == "quarter" else "|month")
        if spec.kind is FieldKind.INTEGER:
            if not float(value).is_integer():
                return None
            value = int(value)
        elif spec.kind in (FieldKind.MONEY, FieldKind.PERCENT, FieldKind.DECIMAL):
            value = round(float(value), 2)
        if (spec.minimum is not None and value < spec.minimum) or (
            spec.maximum is not None and value > spec.maximum
        ):
            return None
        return Slot(spec.name, value, confidence, span, note, detail)

    def money_lists(self) -> None:
        """Three monthly amounts for a three-month total ("650, 700 et 720 €"): their sum.

        A list of amounts is never one amount: without the three months it
        covers, none of them is stored and the question is asked again.
        """
        money = [
            s for s in self.specs.values() if s.kind is FieldKind.MONEY and s.period == "quarter"
        ]
        asked = next((s for s in money if s.name == self.asked), None)
        if not money:
            return
        mentions = self.reading.mentions
        folded = self.reading.folded
        groups: list[list[int]] = []
        for index, mention in enumerate(mentions):
            if mention.masked is not None or mention.unit not in (None, "eur") or mention.period:
                continue
            if groups:
                last = mentions[groups[-1][-1]]
                between = folded[last.unit_end : mention.start]
                if _LIST_JOIN.fullmatch(between):
                    groups[-1].append(index)
                    continue
            groups.append([index])
        for group in groups:
            if len(group) < 2:
                continue
            if asked is None and not any(mentions[i].unit == "eur" for i in group):
                continue  # "5 und 8" are the children's ages, not money
            self.used_mentions.update(group)
            first, last = mentions[group[0]], mentions[group[-1]]
            if (
                len(group) == 3
                and asked is not None
                and (_THREE_MONTHS.search(folded) or len(re.findall(_MONTH_NAMES, folded)) >= 3)
            ):
                total = round(sum(mentions[i].value for i in group), 2)
                span = self._span_text(first.start, last.unit_end)
                self.put(Slot(asked.name, total, 1.0, span, "sum"))

    def zeros(self) -> None:
        """Counts and amounts of zero: "no children", "keine Einkünfte", "ich habe nichts"."""
        folded = self.reading.folded
        for spec in self.specs.values():
            if spec.name in self.slots or spec.kind not in (FieldKind.INTEGER, FieldKind.MONEY):
                continue
            if spec.minimum is not None and spec.minimum > 0:
                continue
            nouns = _phrases(spec, self.language)
            for clause in range(len(self.reading.clauses)):
                start, end = self._clause_bounds(clause)
                text = folded[start:end]
                hit = None
                for noun in nouns:
                    words = phrase_words(noun)
                    if not words:
                        continue
                    pattern = (
                        rf"\b{lx.NO_COUNT}\s*(?:\w+\s+)?{re.escape(' '.join(words))}\w{{0,3}}\b"
                    )
                    hit = hit or re.search(pattern, text)
                    hit = hit or re.search(
                        rf"\b{re.escape(' '.join(words))}\w{{0,3}}\s*:?\s*"
                        r"(?:none|keine?|aucune?|0)\b",
                        text,
                    )
                if (
                    hit is None
                    and spec.kind is FieldKind.MONEY
                    and (spec.role or spec.name == self.asked)
                ):
                    # A bare "nothing" answers the asked amount only; another
                    # person's amount needs its owner named ("ich habe nichts").
                    pattern = (
                        rf"(?:^|\s){lx.NOTHING}\s*$|^\s*(?:moi|ich|i|me)\s+{lx.NOTHING}"
                        if spec.name == self.asked
                        else r"^\s*(?:moi|ich|i|me|je|j)\b[^,]{0,20}\b(?:nothing|nichts|rien"
                        r"|aucun\w*\s+revenu\w*|no\s+income)\b|\b(?:no\s+income|keine\s+einkunfte"
                        r"|kein\s+einkommen|pas\s+de\s+revenus?|aucun\s+revenu|sans\s+revenu\w*"
                        r"|no\s+money)\b"
                    )
                    hit = re.search(pattern, text)
                    if hit is not None and _owner(
                        folded[max(0, start - 30) : end], self.language
                    ) not in (
                        None,
                        spec.role,
                    ):
                        hit = None
                    if (
                        hit is not None
                        and spec.role != "self"
                        and _owner(text, self.language) != spec.role
                    ):
                        hit = None
                child = self._child_named(spec, clause)
                if hit is not None and (
                    child is False
                    or (child is None and _CHILD_FIELD.match(spec.name) and spec.name != self.asked)
                ):
                    hit = None  # "child 2 has no income" says nothing of child 3
                if hit is not None:
                    self.put(
                        Slot(
                            spec.name,
                            0 if spec.kind is FieldKind.INTEGER else 0.0,
                            1.0,
                            text[hit.start() : hit.end()].strip(),
                        )
                    )
                    break

    def ages_in_a_row(self) -> None:
        """The ages of the children still to give, in one answer: "they're 6 and 10"."""
        asked = re.fullmatch(r"child_(\d+)_age", self.asked or "")
        count = self.form.get("children_count")
        if asked is None or not isinstance(count, int) or isinstance(count, bool):
            return
        first = int(asked.group(1))
        names = [f"child_{k}_age" for k in range(first, count + 1)]
        if len(names) < 2 or any(n not in self.specs or n in self.slots for n in names):
            return
        ages = [
            (i, m)
            for i, m in enumerate(self.reading.mentions)
            if m.masked is None
            and i not in self.used_mentions
            and m.unit in (None, "years", "months")
            and m.value.is_integer()
            # "nine, she turns ten in the autumn": one child, said twice
            and not m.below
        ]
        if len(ages) != len(names):
            return  # "6 and 10" for three children: which one is missing? ask
        for name, (_, mention) in zip(names, ages, strict=True):
            value = int(mention.value // 12 if mention.unit == "months" else mention.value)
            spec = self.specs[name]
            if spec.maximum is not None and value > spec.maximum:
                return
        for name, (index, mention) in zip(names, ages, strict=True):
            value = int(mention.value // 12 if mention.unit == "months" else mention.value)
            self.put(Slot(name, value, 1.0, self._span_text(mention.start, mention.unit_end)))
            self.used_mentions.add(index)
            self.listed.add(name)

    def children(self) -> None:
        """A household's children: "zwei Kinder, 5 und 8", "3 enfants (2, 6 et 11 ans)"."""
        count_spec = next((s for s in self.specs.values() if s.unit == "children"), None)
        if count_spec is None:
            return
        mentions = self.reading.mentions
        folded = self.reading.folded
        count_index: int | None = None
        count: int | None = None
        for index, mention in enumerate(mentions):
            if mention.masked is None and mention.unit == "children" and mention.value.is_integer():
                count_index, count = index, int(mention.value)
                break
        if count is None:
            one = re.search(rf"\b(?:ein|eine|einen|einem|einer)\s+(?:\w+\s+)?{lx.CHILDREN}", folded)
            twins = re.search(r"\b(?:twins|zwillinge|jumeaux|jumelles)\b", folded)
            if one and not re.search(r"\b(?:schwanger|pregnant|enceinte)\b", folded):
                count = 1
                count_index = (
                    next((i for i, m in enumerate(mentions) if m.start >= one.end()), len(mentions))
                    - 1
                )
            elif twins:
                count, count_index = 2, -1
        if count is None and self.asked == count_spec.name:
            first = next((i for i, m in enumerate(mentions) if m.masked is None), None)
            if (
                first is not None
                and mentions[first].unit is None
                and mentions[first].value.is_integer()
            ):
                count_index, count = first, int(mentions[first].value)
        if count is None or count_index is None:
            return
        if (
            count_spec.name in self.specs
            and (count_spec.minimum is None or count >= count_spec.minimum)
            and (count_spec.maximum is None or count <= count_spec.maximum)
        ):
            qualified = count_index >= 0 and bool(
                _QUALIFIED.match(folded, mentions[count_index].unit_end)
            )
            confidence = READ_BACK if qualified else 1.0  # "3 but the eldest lives in London"
            # "un bébé de 14 mois et un garçon de 6 ans": children named one
            # by one are counted, and the count is read back.
            more = [
                m
                for m in mentions[count_index + 1 :]
                if count_index >= 0 and m.masked is None and m.unit == "children"
            ]
            if more and mentions[count_index].article and all(m.article for m in more):
                count, confidence = 1 + len(more), READ_BACK
            self.put(Slot(count_spec.name, count, confidence, str(count)))
            if count_index >= 0:
                self.used_mentions.add(count_index)
        ages: list[tuple[int, Mention]] = []
        start_clause = mentions[count_index].clause if 0 <= count_index < len(mentions) else 0
        for index in range(count_index + 1, len(mentions)):
            mention = mentions[index]
            if mention.masked is not None:
                break
            if not ages and mention.clause > start_clause + 1:
                break
            if ages and not _LIST_JOIN.fullmatch(folded[ages[-1][1].unit_end : mention.start]):
                break  # ages are said as a list: "(4, 7 and 12)", "de 4 et 9 ans"
            if mention.unit not in (None, "years", "months") or mention.period is not None:
                break
            value = mention.value // 12 if mention.unit == "months" else mention.value
            if not mention.value.is_integer() or value > 24:
                break
            ages.append((index, mention))
            if len(ages) == count:
                break
        if not ages:
            return
        if (
            len(ages) == 1
            and count == 2
            and re.search(r"\b(?:twins|zwillinge|jumeaux|jumelles)\b", folded)
        ):
            ages = ages * 2
        if len(ages) != count:
            return
        for k, (index, mention) in enumerate(ages, start=1):
            name = f"child_{k}_age"
            spec = self.specs.get(name)
            if spec is None:
                continue
            value = int(mention.value // 12 if mention.unit == "months" else mention.value)
            self.put(Slot(name, value, 1.0, self._span_text(mention.start, mention.unit_end)))
            self.used_mentions.add(index)

    # -- yes/no ------------------------------------------------------------
    def yes_no(self) -> None:
        folded = self.reading.folded
        for spec in self.specs.values():
            if spec.kind is not FieldKind.YES_NO or spec.name in self.slots:
                continue
            falses = _stem_find(_phrases(spec, self.language, "false_cues"), folded, 0, len(folded))
            masked = list(falses)
            trues = [
                s
                for s in _stem_find(
                    _phrases(spec, self.language, "true_cues"), folded, 0, len(folded)
                )
                if not any(a < s[1] and s[0] < b for a, b in masked)
            ]
            # "pas de conjoint", "hors zone urbaine", "not married": a phrase
            # that means yes by itself, denied just before it, means no.
            # "Doyle is my married name", "BENALI Fatima (verheiratete Haddad)":
            # a name, not a household.
            trues = [s for s in trues if not _NAME_AFTER.match(self.reading.text, s[1])]
            if spec.name != self.asked and _phrases(spec, self.language, "cues"):
                # "Weiß ich noch nicht", "die Brennöfen müssen abgebaut werden": a
                # phrase that means yes or no for another field counts only
                # in a sentence that names that field's topic ("Überstunden").
                topics = [self._sentence_of(a) for a, _ in self._cue_spans(spec)]
                trues = [t for t in trues if self._sentence_of(t[0]) in topics]
                falses = [f for f in falses if self._sentence_of(f[0]) in topics]
                masked = list(falses)
            denied = [s for s in trues if _DENIED_BEFORE.search(folded[max(0, s[0] - 30) : s[0]])]
            trues = [s for s in trues if s not in denied]
            falses = [*falses, *denied]
            votes: set[bool] = set()
            spans: list[tuple[int, int]] = []
            if falses:
                votes.add(False)
                spans += falses
            if trues:
                votes.add(True)
                spans += trues
            for s, e in self._cue_spans(spec) if not (falses or trues) else []:
                # Phrases that mean yes or no ("used up", "still have") say
                # more than a topic and a negation near it.
                if any(a < e and s < b for a, b in masked + trues):
                    continue
                clause = self.reading.clause_of(s)
                cstart, cend = self._clause_bounds(clause)
                votes.add(not re.search(lx.NEGATIONS, folded[cstart:cend]))
                spans.append((s, e))
            if spec.unit == "m" and spec.maximum is not None and spans:
                distance = self._distance_near(spans)
                if distance is not None:
                    votes = {distance <= spec.maximum}
            if len(votes) == 1:
                start = min(s for s, _ in spans)
                end = max(e for _, e in spans)
                # "still married on paper but he moved out", "ist denkmalgeschützt,
                # liegt aber 800 m weg": a yes or no taken back in the same
                # sentence is read back, not stored as said.
                sentence = re.split(r"[.;!?]", folded[start:])[0]
                confidence = READ_BACK if _CONTRAST.search(sentence) else 1.0
                self.put(Slot(spec.name, votes.pop(), confidence, self._span_text(start, end)))

    def _distance_near(self, spans: list[tuple[int, int]]) -> float | None:
        """A distance said in the clause of a topic ("about 1 km away"), in metres."""
        for mention in self.reading.mentions:
            if mention.masked != "distance" and mention.unit not in ("km",):
                continue
            if mention.unit not in ("m", "km"):
                continue
            # the same sentence, not only the same clause: "das nächste
            # Denkmal, der Temple Saint-Étienne, ist 1,2 km entfernt"
            if any(self._sentence_of(s) == self._sentence_of(mention.start) for s, _ in spans):
                return mention.value * (1000 if mention.unit == "km" else 1)
        return None

    def _sentence_of(self, index: int) -> int:
        return len(re.findall(r"[.;!?](?:\s|$)", self.reading.folded[:index]))

    # -- choices -----------------------------------------------------------
    def choices(self) -> None:
        # The message as written: "on rembourse un crédit" must not read "1 crédit".
        folded = fold(self.reading.text)
        for spec in self.specs.values():
            if spec.kind is not FieldKind.CHOICE or spec.name in self.slots:
                continue
            found: dict[str, tuple[int, int]] = {}
            asked = spec.name == self.asked
            # Words of each option's positive phrases ("Mieter ohne Wohngeld"
            # names the benefit only to deny it).
            words_of = {
                option.value: {
                    w
                    for p in (
                        option.labels.get(self.language, ""),
                        *option.synonyms.get(self.language, []),
                    )
                    if not re.search(lx.NEGATIONS, fold(p))
                    for w in phrase_words(p)
                }
                for option in spec.choices
            }
            for option in spec.choices:
                phrases = [
                    option.labels.get(self.language, ""),
                    *option.synonyms.get(self.language, []),
                ]
                others = set().union(*(w for v, w in words_of.items() if v != option.value))
                usable = [
                    p
                    for p in phrases
                    if p
                    and (asked or fold(p) not in _WEAK_WORDS)
                    # "locataire" is in every tenant option: it tells none of them.
                    and not all(_shared(w, others) for w in phrase_words(p))
                ]
                hits = [
                    (a, b)
                    for a, b in _stem_find(
                        usable, folded, 0, len(folded), compound=self.language == "de"
                    )
                    # "I don't pay rent" names no tenancy
                    if (
                        not re.search(_NEGATED_BEFORE, folded[max(0, a - 30) : a])
                        or re.search(lx.NEGATIONS, folded[a:b])
                    )
                    # "le client a arrêté de commander": a verb, not an "arrêté"
                    and not (
                        self.language == "fr"
                        and re.match(r"\w*[ée]e?s?\b", self.reading.text[a:])
                        and _AUXILIARY_BEFORE.search(folded[:a])
                    )
                ]
                if hits:
                    found[option.value] = max(hits, key=lambda h: h[1] - h[0])
            if len(found) == 1:
                ((value, (s, e)),) = found.items()
                after = re.split(r"[.;!?]", folded[e : e + 40])[0]
                # "Wohngeld hab ich noch nicht beantragt", "l'APL, on l'a demandée
                # en août, pas de réponse", "l'APL est suspendue": the option
                # named, then denied or still pending: read back.
                before = re.split(r"[.;!?]", folded[max(0, s - 25) : s])[-1]
                doubt = (_PENDING.search(after) or _PENDING.search(before)) and not re.search(
                    lx.NEGATIONS, folded[s:e]
                )
                confidence = READ_BACK if doubt else 1.0
                self.put(Slot(spec.name, value, confidence, self.reading.text[s:e]))
            elif len(found) > 1 and spec.prevails in found:
                s, e = found[spec.prevails]
                self.put(Slot(spec.name, spec.prevails, READ_BACK, self.reading.text[s:e]))
            elif len(found) > 1:
                # The longest phrase wins when it holds the others ("zur Miete ohne Wohngeld").
                ranked = sorted(found.items(), key=lambda kv: kv[1][1] - kv[1][0], reverse=True)
                (value, (s, e)), (_, (s2, e2)) = ranked[0], ranked[1]
                if s <= s2 and e2 <= e and (s, e) != (s2, e2):
                    self.put(Slot(spec.name, value, 1.0, self.reading.text[s:e]))
                elif (e - s) - (e2 - s2) >= 3:
                    # Two options named apart ("a garage attached to the
                    # house", "zur Miete, die CAF zahlt APL"): the longer
                    # phrase is likelier, not certain; it is read back.
                    self.put(Slot(spec.name, value, READ_BACK, self.reading.text[s:e]))

    # -- months and dates ----------------------------------------------------
    def months_and_dates(self) -> None:
        folded = self.reading.folded
        for spec in self.specs.values():
            if spec.name in self.slots or spec.kind not in (FieldKind.MONTH, FieldKind.DATE):
                continue
            cues = self._cue_spans(spec)
            for s, e in cues:
                tail = self.reading.prepared[e : e + 40]
                window = re.split(r"[;!?\n]|[.,](?=\s[A-Za-zÄÖÜ])", tail)[0]
                for size in range(len(window), 0, -1):
                    chunk = window[:size]
                    if chunk and not chunk[-1].isalnum():
                        continue
                    if size < len(window) and window[size].isalnum():
                        continue  # "de déc|oupe" is no December: whole words only
                    if spec.unit == "past":
                        chunk = expand_short_year(chunk, self.today)
                    result = (
                        parse_month(chunk, self.language, self.today)
                        if spec.kind is FieldKind.MONTH
                        else parse_date(chunk, self.language, self.today)
                    )
                    if result.ok and re.search(r"\d|[a-z]{3}", chunk):
                        value = result.value
                        if (
                            spec.unit == "past"
                            and isinstance(value, str)
                            and value > self.today.isoformat()
                        ):
                            value = _year_back(value)
                        if (
                            spec.unit == "past"
                            and isinstance(value, str)
                            and int(value[:4]) > self.today.year - 14
                        ):
                            break  # "sie hatte gestern Geburtstag": no date of birth

                        elif spec.kind is FieldKind.MONTH and isinstance(value, str):
                            cue = self.reading.prepared[s:e]
                            value = orient_month(value, cue + " " + chunk, self.today)
                        confidence = min(result.confidence, 1.0)
                        if spec.kind is FieldKind.DATE and ambiguous_date(chunk, self.language):
                            confidence = READ_BACK
                        if (
                            spec.kind is FieldKind.MONTH
                            and spec.name != self.asked
                            and _SINCE.fullmatch(fold(self.reading.prepared[s:e]).strip())
                        ):
                            # "seit Januar kaum Bestellungen", "depuis le 17 août
                            # la rue est fermée": since when something went
                            # wrong, not when the short hours start; read back
                            confidence = READ_BACK
                        self.put(Slot(spec.name, value, confidence, self._span_text(s, e + size)))
                        break
                if spec.name in self.slots:
                    break
            if spec.name not in self.slots and spec.kind is FieldKind.DATE and spec.unit == "event":
                dates = [(a, b) for a, b, kind in self.reading.masks if kind == "date"]
                if len(dates) == 1:
                    a, b = dates[0]
                    result = parse_date(self.reading.prepared[a:b], self.language, self.today)
                    if result.ok and str(result.value) <= self.today.isoformat():
                        self.put(Slot(spec.name, result.value, 1.0, self._span_text(a, b)))
        del folded

    def month_span(self) -> None:
        """The months a span lasts ("von März bis August", "from April until September")."""
        duration = next(
            (s for s in self.specs.values() if s.unit == "months" and s.kind in NUMERIC), None
        )
        if duration is None or duration.name in self.slots:
            return
        folded = fold(self.reading.text)
        m = _MONTH_SPAN.search(folded)
        if m is None:
            return
        end = _MONTH_NUMBER.get(m.group("end")[:4])
        start_month = _MONTH_NUMBER.get(m.group("start")[:4]) if m.group("start") else None
        if start_month is None:
            start_value = next(
                (
                    str(slot.value)
                    for slot in self.slots.values()
                    if isinstance(slot.value, str) and re.fullmatch(r"\d{4}-\d{2}", str(slot.value))
                ),
                None,
            ) or next(
                (
                    str(v)
                    for v in self.form.values()
                    if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}", v)
                ),
                None,
            )
            start_month = int(start_value[5:7]) if start_value else None
        if start_month is None or end is None:
            return
        months = (end - start_month) % 12 + 1
        self.put(Slot(duration.name, months, 1.0, self.reading.text[m.start() : m.end()]))

    # -- formats ---------------------------------------------------------------
    def formats(self) -> None:
        for spec in self.specs.values():
            if spec.name in self.slots:
                continue
            if spec.kind is FieldKind.EMAIL:
                m = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", self.text)
                if m and parse_email(m.group()).ok:
                    self.put(Slot(spec.name, parse_email(m.group()).value, 1.0, m.group()))
            elif spec.kind is FieldKind.IBAN:
                m = re.search(
                    r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?\b",
                    self.text,
                )
                if m and parse_iban(m.group()).ok:
                    self.put(Slot(spec.name, parse_iban(m.group()).value, 1.0, m.group()))
            elif spec.kind is FieldKind.BETRIEBSNUMMER:
                m = re.search(r"\b\d{8}\b|\b\d{4}\s\d{4}\b", self.text)
                if m and parse_betriebsnummer(m.group()).ok:
                    self.put(Slot(spec.name, parse_betriebsnummer(m.group()).value, 1.0, m.group()))

    # -- text --------------------------------------------------------------------
    def texts(self) -> None:
        shaped = [
            s
            for s in self.specs.values()
            if s.kind is FieldKind.TEXT and s.shape and s.name not in self.slots
        ]
        if not shaped:
            return
        taken: list[tuple[int, int]] = []
        address_fields = [s for s in shaped if s.shape == "address"]
        found = addresses(self.text)
        if address_fields and found:
            self._addresses(address_fields, found)
            taken += [(a.start, a.end) for a in found]
            named = [
                s
                for s in (*organisations(self.text), *people(self.text))
                if s.end <= found[0].start
            ]
            lead_name = leading_name(self.text, allow_lower=False)
            if lead_name is not None:
                named.append(lead_name)
            open_addresses = [f for f in address_fields if f.name not in self.slots]
            if (
                len(found) == 1
                and len(open_addresses) == len(address_fields)
                and any(
                    re.fullmatch(r"[\s,;:(]*", self.text[n.end : found[0].start]) for n in named
                )
            ):
                # "Jean Dupont, 3 chemin des Vignes": the address that follows a name is theirs.
                self.put(Slot(address_fields[0].name, found[0].value, 1.0, found[0].value))
        orgs = [
            o
            for o in organisations(self.text)
            if not any(a < o.end and o.start < b for a, b in taken)
        ]
        persons = [
            p for p in people(self.text) if not any(a < p.end and p.start < b for a, b in taken)
        ]
        lead = None
        asked_spec = self.specs.get(self.asked or "")
        if (
            asked_spec is not None
            and asked_spec in shaped
            and asked_spec.shape in ("person", "person_or_organisation")
        ):
            lead = leading_name(self.text, allow_lower=True)
            if _ON_BEHALF.search(self.reading.folded):
                # "ici Thomas Leclerc, géomètre ; je dépose pour ma cliente
                # Agnès Morel": who writes first is not who applies
                lead = None
            spans = [fold(slot.span) for slot in self.slots.values()]
            if lead is not None and (
                any(fold(lead.value) in sp or sp in fold(lead.value) for sp in spans if sp)
                or set(fold(lead.value).split()) & self._phrase_words()
            ):
                lead = None
        for spec in shaped:
            if spec.shape == "organisation" and orgs:
                self.put(Slot(spec.name, orgs[0].value, 1.0, orgs[0].value))
            elif spec.shape == "person" and (
                persons := [
                    # "Fenwick Joinery GmbH & Co. KG" holds no person's name
                    p
                    for p in persons
                    if not any(o.start < p.end and p.start < o.end for o in orgs)
                ]
            ):
                self.put(Slot(spec.name, persons[0].value, 1.0, persons[0].value))
            elif spec.shape == "person_or_organisation" and (orgs or persons):
                # An organisation wins over a person it overlaps ("I'm SCI Les Tilleuls").
                persons = [
                    p for p in persons if not any(o.start < p.end and p.start < o.end for o in orgs)
                ]
                first = min(orgs + persons, key=lambda x: x.start)
                self.put(Slot(spec.name, first.value, 1.0, first.value))
            elif (
                spec.name == self.asked
                and lead is not None
                and not any(a < lead.end and lead.start < b for a, b in taken)
            ):
                self.put(Slot(spec.name, lead.value, 1.0, lead.value))

    def _phrase_words(self) -> set[str]:
        """Every word (4 letters or more) of every field's cues, choices and yes/no phrases."""
        words: set[str] = set()
        for spec in self.specs.values():
            phrases = [
                *_phrases(spec, self.language),
                *_phrases(spec, self.language, "true_cues"),
                *_phrases(spec, self.language, "false_cues"),
            ]
            for option in spec.choices:
                phrases += [
                    option.labels.get(self.language, ""),
                    *option.synonyms.get(self.language, []),
                ]
            for phrase in phrases:
                words |= {w for w in phrase_words(phrase) if len(w) >= 4}
        return words

    def _with_street(self, span: Any) -> Any:
        """The postcode and town with the street just before ("Speicherstadt 12, 20457 …")."""
        if not _POSTCODE_TOWN.fullmatch(span.value):
            return span
        street = _STREET_BEFORE.search(self.text[: span.start])
        if street is None:
            return span
        return type(span)(
            f"{street.group('street').strip()}, {span.value}", street.start("street"), span.end
        )

    def _whole_address(self, span: Any) -> Any:
        """The address asked for, when only its postcode and town were recognised.

        "bitte an Postfach 1234, 10117 Berlin", "route de Beaune, à côté du
        n° 48, 21200 Chorey": the words before the town are its first lines.
        """
        before = self.text[: span.start]
        head = _ADDRESS_INTRO.sub("", before).strip(" ,;:")
        if not _POSTCODE_TOWN.fullmatch(span.value) or not (
            # "…, 21200 Chorey", or a street number first: "12 cité des lilas bat C 93300 …"
            re.search(r",\s*$", before) or re.match(r"\d{1,4}\s*(?:bis|ter|[a-z])?\s+\S", head)
        ):
            return span
        if not head or len(head.split(",")) > 3 or not re.search(r"[^\W\d_]{3}", head):
            return span
        start = span.start - len(before) + before.index(head)
        return type(span)(f"{head}, {span.value}", start, span.end)

    def _addresses(self, fields: list[FieldSpec], found: list[Any]) -> None:
        if len(found) == 1 and self.asked in {f.name for f in fields}:
            found = [self._whole_address(found[0])]
        found = [self._with_street(span) for span in found]
        if len(fields) == 1:
            if len(found) == 1:
                self.put(Slot(fields[0].name, found[0].value, 1.0, found[0].value))
            return
        # Two address fields (the applicant's, the site's): said by the words before each.
        folded = self.reading.folded
        for span in found:
            before = self.text[max(0, span.start - 60) : span.start].lower()
            best = None
            for spec in fields:
                if any(
                    re.search(rf"\b{re.escape(c.lower())}\W*(?:\w+\W+){{0,3}}$", before)
                    for c in _phrases(spec, self.language)
                ):
                    best = spec if best is None else None
            if best is not None:
                self.put(Slot(best.name, span.value, 1.0, span.value))
        unassigned = [
            s for s in found if s.value not in {slot.value for slot in self.slots.values()}
        ]
        open_fields = [f for f in fields if f.name not in self.slots]
        asked = next((f for f in open_fields if f.name == self.asked), None)
        if asked is not None and len(unassigned) == 1 and len(found) == 1:
            self.put(Slot(asked.name, unassigned[0].value, 1.0, unassigned[0].value))
            return
        if len(found) == 2 and len(open_fields) == 2 and len(unassigned) == 2:
            self.put(Slot(open_fields[0].name, unassigned[0].value, 1.0, unassigned[0].value))
            self.put(Slot(open_fields[1].name, unassigned[1].value, 1.0, unassigned[1].value))
        del folded

    def parcel(self) -> None:
        section = next((s for s in self.specs.values() if s.shape == "parcel_section"), None)
        number = next((s for s in self.specs.values() if s.unit == "parcel"), None)
        if section is None and number is None:
            return
        text = self.text
        m = re.search(
            r"\b(?:section|sektion|flur|parcelle|parcel|plot|grundst(?:ü|u)ck|terrain|cadastre)?\s*"
            r"\b(?P<section>[A-Z]{1,2})\s*(?:n°|nr\.?|no\.?)?\s*(?P<number>\d{1,4})\b",
            text,
        )
        asked_parcel = self.asked in {s.name for s in (section, number) if s is not None}
        cue = m is not None and re.search(
            r"(?:parcel|parzelle|section|sektion|flur|grundst|plot|terrain|cadastr)\w*\W*(?:\w+\W+)?$",
            text[max(0, m.start() - 30) : m.start()] + m.group()[: m.start("section") - m.start()],
            re.IGNORECASE,
        )
        if m and (cue or (asked_parcel and len(text.split()) <= 4)):
            if section is not None and re.fullmatch(r"[A-Z]{1,2}", m.group("section")) is not None:
                self.put(Slot(section.name, m.group("section"), 1.0, m.group()))
            if number is not None:
                self.put(Slot(number.name, int(m.group("number")), 1.0, m.group()))
            return
        sec = re.search(
            r"\b(?:section|sektion|flur)\s+(?P<section>[A-Z]{1,2})\b", text, re.IGNORECASE
        )
        if sec and section is not None:
            self.put(Slot(section.name, sec.group("section").upper(), 1.0, sec.group()))
        num = re.search(
            r"\b(?:parcel|plot|parcelle|parzelle|flurstück|flurstueck)\s*"
            r"(?:n°|nr\.?|no\.?|number)?\s*(?P<n>\d{1,4})\b(?![/\d])",
            text,
            re.IGNORECASE,
        )
        if num and number is not None:
            self.put(Slot(number.name, int(num.group("n")), 1.0, num.group()))


_LIST_JOIN = re.compile(
    r"\s*(?:€|eur\w*)?\s*(?:,|;|\bet\b|\bund\b|\band\b|\bpuis\b|\bdann\b)\s*(?:[a-zäöüéû]+\s*)?"
)
_MONTH_NAMES = (
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|januar|februar|marz|mai|juni|juli|oktober|dezember|janvier|fevrier|mars|avril"
    r"|juin|juillet|aout|septembre|octobre|novembre|decembre)\b"
)
# An age, then the day it is reached: "neuf ans le 3 novembre".
_DATE_AFTER = re.compile(
    rf"\s*(?:le|am|on|the)\s+\d{{1,2}}(?:er|\.|st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}"
)
_THREE_MONTHS = re.compile(
    r"\b(?:3|three|drei|trois)\s+(?:last\s+|letzten\s+|derniers\s+)?(?:months|monate\w*|mois)"
    r"|\b(?:last|letzten|derniers)\s+(?:3|three|drei|trois)\s+(?:months|monate\w*|mois)"
)


_MONTH_NUMBER = {
    "janu": 1, "jan": 1, "janv": 1, "febr": 2, "feb": 2, "fevr": 2, "fev": 2, "marc": 3, "mar": 3,
    "marz": 3, "mars": 3, "apri": 4, "apr": 4, "avri": 4, "avr": 4, "may": 5, "mai": 5, "june": 6,
    "jun": 6, "juni": 6, "juin": 6, "july": 7, "jul": 7, "juli": 7, "juil": 7, "augu": 8, "aug": 8,
    "aout": 8, "sept": 9, "sep": 9, "octo": 10, "oct": 10, "okto": 10, "okt": 10, "nove": 11,
    "nov": 11, "dece": 12, "dec": 12, "deze": 12, "dez": 12,
}  # fmt: skip
_MONTH_WORD = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|januar|februar|marz|juni|juli|oktober|dezember|janvier|fevrier|mars|avril|mai|juin"
    r"|juillet|aout|septembre|octobre|novembre|decembre)"
)
_MONTH_SPAN = re.compile(
    rf"(?:(?:from|von|ab|de|d'|du\s+mois\s+d')\s*(?:early\s+|anfang\s+|debut\s+)?(?P<start>{_MONTH_WORD})"
    rf"(?:\s+\d{{4}})?\s+)?(?:until|till|to|through|bis(?:\s+(?:ende|einschliesslich))?|a|jusqu'(?:en|a|au)"
    rf"|jusqu'a\s+fin)\s+(?:(?:the\s+)?end\s+of\s+|fin\s+|ende\s+)?(?P<end>{_MONTH_WORD})\b"
)
_CHILD_FIELD = re.compile(r"child_(\d+)_")
_CHILD_NAMED = re.compile(
    r"\b(?:child|kid|kind|enfant|l'enfant)\s*(?:nr\.?\s*|no\.?\s*|n°\s*)?(\d{1,2})\b"
)


def _shared(word: str, others: set[str]) -> bool:
    """Whether ``word`` (or a word it begins) also names another option."""
    return any(
        other == word
        or (len(word) >= 4 and other.startswith(word))
        or (len(other) >= 4 and word.startswith(other))
        for other in others
    )


_WEAK_WORDS = frozenset(
    {"house", "home", "haus", "maison", "building", "gebaude", "batiment", "other", "andere",
     "autre", "free", "frei", "work", "arbeit", "travail", "rent", "miete", "loyer"}
)  # fmt: skip
"""Choice words too common to name an option in a message about something else."""


def _owner(before: str, language: str) -> str | None:
    """Whose money the words before an amount speak of: ``self``, ``partner`` or ``child``."""
    partner = (
        r"\b(?:husband|wife|partner|boyfriend|girlfriend|he|she|his|her|mann|ehemann|frau|ehefrau"
        r"|freund|freundin|lebensgefahrt\w*|er|sie|die|der|conjoint\w*|compagn\w*|mari|femme|il|elle"
        r"|copain|copine)\b"
    )
    child = r"\b(?:son|daughter|child|kid|sohn|tochter|kind|fils|fille|enfant|der\s+hatte)\b"
    me = r"\b(?:i|i'm|me|my|ich|mir|mein|je|j|moi|mon)\b"
    hits = []
    for role, pattern in (("partner", partner), ("child", child), ("self", me)):
        for m in re.finditer(pattern, before):
            hits.append((m.start(), role))
    if not hits:
        return None
    return max(hits)[1]


_SHORT_YEAR = re.compile(r"(?<=[a-zA-Zäéû.\s/])'?(\d{2})\s*$")


def expand_short_year(text: str, today: dt.date) -> str:
    """Write a two-digit year of a past date in full ("14th July 92" → "14th July 1992")."""
    m = _SHORT_YEAR.search(text)
    if m is None or not re.search(r"[a-zA-Z]{3}|\d[./]", text[: m.start()]):
        return text
    year = 2000 + int(m.group(1))
    if year > today.year:
        year -= 100
    return text[: m.start()] + str(year)


_PAST_CUE = re.compile(r"\b(?:seit|since|depuis|war|was|etait|ago|letzte\w*|last|dernier\w*)\b")
_MONTH_SAID = re.compile(
    r"\b(?:jan\w*|feb\w*|fev\w*|mar\w*|apr\w*|avr\w*|ma[iy]|jun\w*|juin|jul\w*|juil\w*"
    r"|aug\w*|aou\w*|sep\w*|o[ck]t\w*|nov\w*|de[cz]\w*)\b|\b\d{1,2}[./]\d{1,2}\b"
)
_CLAUSE_BREAK = re.compile(
    r"[,;:–—]|\s-\s|\b(?:aber|but|mais|und\s+dann|then|puis|wenn|when|quand)\b"
)
_EXPLICIT_YEAR = re.compile(r"\b(?:19|20)\d{2}\b|/\d{2}\b|'\d{2}\b")


_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")


def ambiguous_date(text: str, language: str) -> bool:
    """Whether an English "12/05/1978" could be 12 May or 5 December (read it back)."""
    m = _NUMERIC_DATE.search(text)
    if m is None or language != "en":
        return False
    first, second = int(m.group(1)), int(m.group(2))
    return first <= 12 and second <= 12 and first != second


def orient_month(value: str, text: str, today: dt.date) -> str:
    """Give a month named without a year the year the applicant means.

    "ab März" said in November means next March; "seit Januar" means the
    last January. A year the applicant wrote is kept.

    Args:
        value: The month read (``YYYY-MM``), or a date (``YYYY-MM-DD``).
        text: The words it was read from.
        today: The reference date.
    """
    folded = fold(text)
    if _EXPLICIT_YEAR.search(folded) or len(value) < 7:
        return value
    year, month = int(value[:4]), int(value[5:7])
    months = (year - today.year) * 12 + month - today.month
    said = _MONTH_SAID.search(folded)
    if said is not None:
        # Only the clause that names the month tells its tense: "läuft seit
        # zwei Wochen schlecht, aber … erst am 7.4. anfangen" is next April;
        # "Anfang Mai, wenn der letzte Auftrag durch ist" is no past May.
        bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(folded)), len(folded)]
        start = max(b for b in bounds if b <= said.start())
        end = min(b for b in bounds if b > said.start())
        folded = folded[start:end]
    if _PAST_CUE.search(folded):
        while months > 0:
            year, months = year - 1, months - 12
    else:
        while months < -2:
            year, months = year + 1, months + 12
    return f"{year:04d}{value[4:]}"


def _year_back(value: str) -> str:
    year, rest = value.split("-", 1)
    return f"{int(year) - 100}-{rest}"


def fill_slots(
    text: str,
    specs: Sequence[FieldSpec],
    language: str,
    today: dt.date,
    asked: str | None = None,
    form: Mapping[str, Any] | None = None,
) -> list[Slot]:
    """Read every fact ``text`` states for the fields ``specs``.

    Args:
        text: The applicant's message.
        specs: The fields it may answer (open fields, the asked one among them).
        language: ``de``, ``en`` or ``fr``.
        today: Reference date for months and dates.
        asked: The field whose question the message answers: a number no
            other field claims goes to it.
        form: The answers so far.

    Returns:
        One slot per field read, in the order of ``specs``.
    """
    filler = _Filler(text, specs, language, today, asked, form or {})
    filler.formats()
    filler.parcel()
    filler.months_and_dates()
    filler.month_span()
    filler.children()
    filler.ages_in_a_row()
    filler.money_lists()
    filler.numbers()
    filler.zeros()
    filler.yes_no()
    filler.choices()
    filler.texts()
    filler.doubts()
    filler.asides()
    filler.put_right()
    filler.postcodes_left()
    order = {spec.name: i for i, spec in enumerate(specs)}
    return sorted(filler.slots.values(), key=lambda slot: order[slot.field])
