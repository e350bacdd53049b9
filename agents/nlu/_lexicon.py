"""Words people use around the facts they state, per language.

Regular expressions over folded text (lower case, no accents, see
:func:`agents.nlu._text.fold`), so "Quadratmeter", "mètres carrés" and
"metres carres" are one pattern each. Kept apart from the readers so that a
missing word is added here, in one place, with the language beside it.
"""

from __future__ import annotations

import re

# What follows a number: its unit. Order matters: "m²" before "m".
UNITS: dict[str, str] = {
    "m2": r"m²|m2|qm|sqm|quadratmeter\w*|square\s+met(?:re|er)s?|sq\.?\s?m\b|metres?\s+carres?"
    r"|m\s+carres?|meters?\s+carres?",
    "sqft": r"sq\.?\s?f(?:ee)?t|square\s+f(?:ee|oo)t",
    "cm": r"cm\b|zentimeter\w*|centimet\w+",
    "km": r"km\b|kilomet\w+",
    "m": r"m\b(?!²)|meter\w*|metres?\b|metre\b|mètres?\b|metern\b",
    "ft": r"ft\b|feet\b|foot\b",
    "months": r"months?\b|monate?n?\b|mois\b|mon\.",
    "weeks": r"weeks?\b|wochen?\b|semaines?\b",
    "years": r"years?\b|yrs?\b|jahren?\b|jahre\b|jahr\b|ans?\b|annees?\b",
    "days": r"days?\b|tagen?\b|tage\b|jours?\b",
    "hours": r"hours?\b|stunden?\b|heures?\b|std\b|h\b",
}

PEOPLE = (
    r"(?:employees?|staff|workers?|people|persons?|colleagues|cooks?|drivers?|team\s+members?"
    r"|mitarbeiter\w*|ma\b|beschaftigte\w*|angestellte\w*|arbeitnehmer\w*|leute|personen|kollegen"
    r"|koche|fahrer\w*|salaries?|employes?|personnes?|chauffeurs?|ouvriers?|collaborateurs?"
    r"|agents?|cuisiniers?)"
)
"""Nouns that count people at work (the unit ``people``)."""

CHILDREN = (
    r"(?:kids?|children|child|sons?|daughters?|boys?|girls?|twins|babys?|babies"
    r"|kinder\w*|kind\b|sohne?|sohn\w*|tochter\w*|zwillinge|jungs?|madchen"
    r"|enfants?|fils|filles?|garcons?|jumeaux|jumelles|bebes?)"
)
"""Nouns that count children (the unit ``children``)."""

PERIODS: dict[str, str] = {
    "month": r"(?:per|a|each|every|/|by\s+the)\s*month|monthly|(?:im|pro|jeden|/|je)\s*monat"
    r"|monatlich|(?:par|/|chaque|le|tous\s+les)\s*mois|mensuel\w*",
    "week": r"(?:per|a|each|every|/)\s*week|weekly|(?:die|pro|je|/|in\s+der)\s*woche"
    r"|wochentlich|(?:par|/|chaque)\s*semaine|hebdomadaire\w*",
    "year": r"(?:per|a|each|every|/)\s*year|yearly|annually|(?:im|pro|je|/)\s*jahr|jahrlich"
    r"|(?:par|/|chaque)\s*an\b|par\s+annee|annuel\w*|(?:over|for|in)\s+the\s+(?:whole\s+)?year"
    r"|(?:fur\s+das|aufs|ubers)\s+(?:ganze\s+)?jahr|(?:sur|pour)\s+(?:l'|toute\s+l')annee"
    r"|sur\s+un\s+an\b",
    "day": r"(?:per|a|each|every|/)\s*day|daily|(?:pro|je|am|/)\s*tag\b|taglich"
    r"|(?:par|/|chaque)\s*jour|journalier\w*",
    "hour": r"(?:per|an|each|/)\s*hour|hourly|(?:pro|je|die|/)\s*stunde|stundenlohn"
    r"|(?:de\s+l'|par\s+|/)\s*heure|(?:/|par\s+|pro\s+)h\b",
    # the three months a quarterly field asks for, said after the amount
    "quarter": r"(?:over|for|in)\s+(?:the\s+)?(?:last\s+|past\s+)?(?:3|three)\s+months"
    r"|(?:per|a|each|every|/)\s*quarter|quarterly|(?:im|pro|je|/)\s*quartal|vierteljahrlich"
    r"|(?:par|/|chaque)\s*trimestre|trimestriel\w*"
    r"|(?:in\s+den|uber\s+die|fur\s+die)\s+(?:letzten\s+)?(?:3|drei)\s+monate\w*"
    r"|(?:sur|pour|durant|pendant|en)\s+(?:les\s+)?(?:3|trois)\s+(?:derniers\s+)?mois",
    "total": r"in\s+total|altogether|insgesamt|zusammen|en\s+tout|au\s+total",
}
"""What an amount of money covers, said after it."""

APPROXIMATELY = (
    r"(?:about|around|approximately|approx\.?|roughly|some|ca\.?|circa|zirka|etwa|ungefahr"
    r"|rund|so|gut|knapp|environ|a\s+peu\s+pres|pres\s+de|autour\s+de|dans\s+les|vers)"
)
"""Said before a number the applicant is not sure of."""

BELOW = (
    r"(?:nearly|almost|bald|fast|presque|bientot|not\s+quite|noch\s+nicht\s+ganz"
    # an age still to come: "she turns ten in the autumn", "il aura 2 ans en
    # août", "wird im Mai 4": nine, one, three today
    r"|turns|will\s+turn|(?:will|'ll)\s+be|aura|va\s+avoir|wird(?:\s+im\s+\w+)?"
    # a birthday still to come: "il fête ses 8 ans samedi", "feiert bald seinen 8."
    r"|fete\s+ses|feiert(?:\s+\w+)?\s+seinen|feiert(?:\s+\w+)?\s+ihren|celebrates\s+(?:his|her)"
    # less than: "moins d'un an", "less than a year", "unter 2 Jahren"
    r"|less\s+than(?:\s+an?)?|moins\s+d'|moins\s+de|weniger\s+als|unter|under)"
)
"""Said before a number that is not reached yet ("nearly 3": 2; "turns 10": 9;
"moins d'un an": 0). Only ages and years are counted down."""

NEGATIONS = (
    r"\b(?:no|not|n't|\w+n't|dont|doesnt|didnt|cant|wont|isnt|arent|havent|hasnt|cannot|never|none|without|neither|nor|nobody|kein\w*|nicht|nie|ohne|weder"
    r"|nothing|nowhere|nichts|nirgends|rien|noch\s+nicht|niemand|keiner|nobody|no\s+one|pas|aucune?|sans|ni|non|jamais|personne)\b"
)
"""Words that turn a stated topic into a no ("no works council")."""

NOTHING = (
    r"(?:nothing|none|no\s+income|no\s+money|zero|nil|nichts|keine\w*\s+einkunfte|kein\w*\s+"
    r"einkommen|null|rien|aucune?\s+ressource\w*|pas\s+de\s+revenus?|pas\s+de\s+ressources?"
    r"|aucun\s+revenu|zero|keine?s?)"
)
"""Said for an amount of zero."""

NO_COUNT = r"(?:no|zero|none|not\s+any|keine?n?|null|aucune?|pas\s+d(?:e|')|zero|sans)"
"""Said before a noun for a count of zero ("no children", "keine Kinder")."""

CORRECTION_CUES = (
    r"\b(?:actually|correction|sorry|i\s+meant|i\s+mean|in\s+fact|rather|mistake|wrong|instead"
    r"|oops|to\s+be\s+precise|put|make\s+it|change\s+it|eigentlich|korrektur|korrigier\w*"
    r"|entschuldigung|ich\s+meinte|meinte\s+ich|vielmehr|falsch|genauer\s+gesagt|stattdessen"
    r"|berichtigung|verschrieben|vertippt|trag\w*\s+ein|schreib\w*|en\s+fait|pardon|desolee?"
    r"|je\s+voulais\s+dire|plutot|erreur|finalement|en\s+realite|rectification|corrig\w*"
    r"|rectifi\w*|au\s+lieu|oups|mettez|mets|mettre|not\s+\d+\s+but|nicht\s+\d+\s+sondern"
    r"|pas\s+\d+\s+mais|au\s+fait|by\s+the\s+way|übrigens|ubrigens|btw"
    r"|(?:et\s+)?pas\s+\d+|,\s*not\s+\d+|,\s*nicht\s+\d+)\b"
)
"""Cues that make a value a correction of an earlier answer."""

STREET_WORDS = (
    r"(?:rue|avenue|av\.|bd|boulevard|chemin|route|allee|allée|place|impasse|quai|cours|grand[\s-]rue"
    r"|lieu[\s-]dit|(?-i:Street|St\.|Road|Rd\.|Lane|Way|Drive|Close|Square)|strasse|straße|str\.|weg"
    r"|platz|ring|gasse|damm|ufer|chaussee|chaussée)"
)
"""Words of a street address: its numbers are no answer to anything else."""

GREETINGS = (
    r"^(?:hi|hello|hey|good\s+(?:morning|afternoon|evening)|dear|hallo|guten\s+(?:tag|morgen|abend)"
    r"|servus|moin|gruss\s+gott|bonjour|bonsoir|salut|coucou|madame|monsieur)\b"
)
"""A message that opens with a greeting."""

FIRST_PERSON = (
    r"\b(?:i|i'm|im|me|my|we|we're|our|us|ich|mir|mich|mein\w*|wir|uns|unser\w*|je|j|moi|mon|ma"
    r"|mes|nous|notre|nos|on)\b"
)
"""Pronouns of someone telling their situation (a name has none)."""

LEGAL_FORMS = (
    r"(?:GmbH(?:\s*&\s*Co\.?\s*KG)?|UG(?:\s*\(haftungsbeschränkt\))?|AG|KG|OHG|GbR|e\.\s?K\.|e\.V\."
    r"|Ltd\.?|LLC|Inc\.?|plc|LLP|SARL|SAS|SASU|SA|SCI|EURL|SNC|SCOP|EI)"
)
"""Legal forms that end a company name (matched on the original text)."""


def compiled(pattern: str) -> re.Pattern[str]:
    """Compile a lexicon pattern for folded text."""
    return re.compile(pattern, re.IGNORECASE)
