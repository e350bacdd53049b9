"""Text that answers a text field: names, organisations and addresses.

A text field takes only text of its shape (:attr:`FieldSpec.shape`): "Je vis
seule, j'ai 31 ans, pas d'enfant" is no name, "3 chemin des Vignes, 21000
Dijon" is an address wherever it stands in a message. Each reader returns the
span it took, so one span fills one field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.nlu import _lexicon as lx
from agents.nlu._text import fold

# Latin letters of the names people bring (Petrović, Łukasz, Şahin, Nguyễn's
# base letters), not only those of German and French.
_UPPER = r"A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_LOWER = r"a-zß-öø-ÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĳĵķĺļľŀłńņňŋōŏőœŕŗřśŝşšţťŧũūŭůűųŵŷźżž"
_WORD = rf"[{_UPPER}][\w'’.-]*"
_NAME_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}-]*['’][{_UPPER}][{_LOWER}-]+"
    # "Karl-Heinz", "Jean-Pierre", "Marie-Claire": hyphenated given names
    rf"|[{_UPPER}][{_LOWER}'’]+(?:-[{_UPPER}][{_LOWER}'’]+)+"
    rf"|[{_UPPER}][{_LOWER}'’-]+|[{_UPPER}]{{2,}}(?![a-z])"
    # academic titles belong to the name: "Herr Dr. Sommer", "Prof. Dr. Weiß"
    r"|(?:Dr|Prof|Dipl)\.(?:-Ing\.)?)"
)
_PERSON = rf"{_NAME_WORD}(?:[ -]{_NAME_WORD}){{1,3}}"
_INTRO_PERSON = re.compile(
    r"(?i:\b(?:my\s+name\s+is|name\s+is|i['’]m|i\s+am|this\s+is|ich\s+hei(?:ß|ss)e|mein\s+name\s+ist"
    r"|ich\s+bin(?:\s+(?:die|der))?|je\s+m'appelle|je\s+suis|moi\s+c'est|name\s*:|nom\s*:"
    r"|contact(?:\s+person)?(?:\s+is|\s*:)|kontakt(?:person)?\s*:|ansprechpartner(?:in)?\s*:"
    r"|interlocut(?:eur|rice)\s*:|signed|gez\.|sign[ée]|ansprech(?:person|partner(?:in)?)\s+ist"
    r"|kontakt(?:person)?\s+ist|(?:la\s+)?personne\s+[àa]\s+contacter\s+est|contact\s+est"
    r"|(?:the\s+)?contact(?:\s+person)?\s+will\s+be"
    # a form's own labels: "Antragsteller: Julia Maier", "Demandeur : …", "Applicant: …"
    r"|antragsteller(?:in)?\s*:|bauherr(?:in)?\s*:|demandeur\s*:|demandeuse\s*:|applicant\s*:))"
    rf"\s*(?P<title>(?i:frau|herr|mr\.?|mrs\.?|ms\.?|madame|monsieur|mme)\s+)?(?P<name>{_PERSON}|{_NAME_WORD})",
)
_LEGAL = lx.LEGAL_FORMS
_ORG_SUFFIX = re.compile(
    rf"(?P<org>(?:(?:{_WORD}|&)[ ]+){{0,4}}{_WORD}[ ]+{_LEGAL})(?![\w])",
)
_ORG_PREFIX = re.compile(
    # "SCI du Grand Large", "SCEA du Vieux Pressoir": French particles inside the name
    rf"(?P<org>(?:SCI|SARL|SAS|SASU|EURL|SNC|EI|GIE|SCEA|EARL|GAEC)\s+"
    rf"(?:(?:du|de\s+la|de|des|d'|la|le|les)\s*)?(?:{_WORD}[ ]?){{1,4}})"
)
_ORG_AFTER = re.compile(
    rf"\b(?:von\s+der|bei\s+der|chez|de\s+la\s+soci[ée]t[ée]|wir\s+sind\s+(?:die|der|das))"
    rf"\s+(?P<org>{_WORD}(?:[ ]{_WORD}){{1,3}})",
)
_STREET = lx.STREET_WORDS
# "79588 Efringen-Kirchen", "D-79588 …", "F-67000 …": a country letter may lead.
_POSTCODE_CITY = rf"\b(?:[A-Z]{{1,2}}-)?\d{{5}}\s+[{_UPPER}a-z][\w'’-]+(?:[ -][{_UPPER}][\w'’-]+)*"
_ADDRESS = re.compile(  # case matters: a city or street name starts with a capital
    # 3 chemin des Vignes, 21000 Dijon / 12 bis rue Victor Hugo 44000 Nantes /
    # 42 Station Road, Bath BA1 1AA
    rf"\b\d{{1,4}}\s?(?:bis|ter|[a-z])?,?\s+(?:[^\W\d][\w'’-]*\s+){{0,3}}?(?i:{_STREET})\b[^,.;:()\d]*"
    rf"(?:,?\s*{_POSTCODE_CITY}|,\s*[{_UPPER}][\w-]+\s+[A-Z]{{1,2}}\d{{1,2}}[A-Z]?\s\d[A-Z]{{2}}"
    rf"|,?\s*\d{{5}}\b)?"
    # route de Clisson, 44115 Basse-Goulaine (a street without a number)
    rf"|\b(?i:{_STREET})\s+[^,.;:()\d]{{2,40}},\s*{_POSTCODE_CITY}"
    # Hauptstraße 112a, 76530 Baden-Baden / Zum Wiesengrund 21
    rf"|\b(?:[{_UPPER}][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|ring|gasse|damm|ufer)"
    rf"|\b(?:Zum|Zur|Am|An\s+der|Im|Auf\s+dem)\s+[{_UPPER}][\wäöüß-]+)\s+\d{{1,4}}\s?[a-z]?\b"
    rf"(?:\s*[,/]?\s*{_POSTCODE_CITY})?"
    # 68340 Riquewihr, 5 chemin du Lac / La Croix Blanche, 24220 Saint-Cyprien
    rf"|{_POSTCODE_CITY}(?:,\s*\d{{1,4}}\s?(?:bis|ter)?\s+{_STREET}\b[^,.;:()\d]*)?"
    rf"|(?:[{_UPPER}][\w'’-]+\s+){{1,3}}[{_UPPER}][\w'’-]+,\s*{_POSTCODE_CITY}"
    rf"|\bBP\s+\d{{1,5}},?\s*{_POSTCODE_CITY}",
)


@dataclass(frozen=True)
class Span:
    """A text value and where it stands in the message."""

    value: str
    start: int
    end: int


def _clean(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip(" ,;:.-")


_BETWEEN_LINES = re.compile(
    r"[\s,]*(?:(?:apt|appt|app|appartement|apartment|flat|bât|bat|bâtiment|batiment|wohnung|whg)"
    r"\.?\s*[\w-]{1,4}[\s,]*)?",
    re.IGNORECASE,
)
_TOWN_POSTCODE_AFTER = re.compile(
    rf"(?:\s*,?\s*(?:(?:à|a|in)\s+)?[{_UPPER}][\w'’-]+(?:[\s-][{_UPPER}][\w'’-]+){{0,3}})?"
    # "(68280)", or after a comma: "à Schutterwald, 77746", "à Lahr, code postal 77933"
    r"(?:\s*\(\d{5}\)|\s*,\s*(?:(?:code\s+postal|postcode|PLZ)\s*:?\s*)?\d{5}\b)"
)


def addresses(text: str) -> list[Span]:
    """Every postal address in ``text``, in order, as written."""
    found: list[Span] = []
    for m in _ADDRESS.finditer(text):
        value = _clean(m.group())
        if len(value) < 6 or not re.search(r"\d", value):
            continue
        if found and m.start() <= found[-1].end:
            continue
        found.append(Span(value, m.start(), m.end()))
    # A postcode and city right after a street address belong to it, and so
    # does a flat between them ("48 bd Foch, apt 12, 49100 Angers").
    merged: list[Span] = []
    for span in found:
        if merged and _BETWEEN_LINES.fullmatch(text[merged[-1].end : span.start]):
            last = merged.pop()
            span = Span(_clean(text[last.start : span.end]), last.start, span.end)
        merged.append(span)
    # "7, rue des Cerisiers in Andolsheim (68280)", "3 impasse du Moulin,
    # Limoux (11300)": the town and its postcode in brackets close the address.
    closed: list[Span] = []
    for span in merged:
        town = _TOWN_POSTCODE_AFTER.match(text, span.end)
        if town is not None and not re.search(r"\b\d{5}\b", span.value):
            span = Span(_clean(text[span.start : town.end()]), span.start, town.end())
        closed.append(span)
    return closed


def organisations(text: str) -> list[Span]:
    """Company names: a legal form ("GmbH", "SARL") or "von der Gärtnerei X"."""
    found = [
        Span(_clean(m.group("org")), m.start(), m.end())
        for pattern in (_ORG_PREFIX, _ORG_SUFFIX)
        for m in pattern.finditer(text)
    ]
    # A name that ends in a legal form may start with the words before it ("I'm SCI").
    found = [
        span
        for span in found
        if not any(
            o is not span and o.start >= span.start and o.end > span.end - 1 and o.start < span.end
            for o in found
        )
        or fold(span.value.split()[0]) in ("sci", "sarl", "sas", "sasu", "eurl", "snc", "ei", "gie")
    ]
    if not found:
        for m in _ORG_AFTER.finditer(text):
            value = _clean(m.group("org"))
            if len(value) > 2 and not re.search(r"\d", value):
                found.append(Span(value, m.start("org"), m.end("org")))
    cleaned = []
    for span in found:
        value = re.sub(r"^(?:Hi|Hello|Hallo|Bonjour|Guten\s+Tag)\s*,?\s*", "", span.value)
        # "Firma Bäckerei Schneider GmbH": the word that introduces the name is not in it.
        value = re.sub(
            r"^(?:Firma|Company|Société|Entreprise|Unternehmen|Betrieb)\s+(?=\S)", "", value
        )
        if value and fold(value.split()[0]) not in _NOT_ORG_START:
            cleaned.append(Span(value, span.start, span.end))
    return cleaned


_NOT_ORG_START = {
    "in", "im", "at", "from", "mit", "with", "and", "und", "et", "de", "le", "la", "i'm",
    "i", "we're", "je", "ich", "wir", "we", "c'est", "it's",
}  # fmt: skip


_COUPLE_OPENS = re.compile(
    r"(?:^|[,:;–—(-])\s*$|(?i:hallo|hello|hi|bonjour|guten\s+tag|we\s+are|we're|wir\s+sind"
    r"|nous\s+sommes|c'est|names?|namen|noms?)\W*$"
)
_COUPLE = re.compile(
    # "Paul und Lena Weiss", "Thierry et Nadège Lemaire", "Oliver and Hannah Brooks"
    rf"(?P<name>(?<![\w-]){_NAME_WORD}\s+(?:et|und|and|&)\s+{_NAME_WORD}\s+{_NAME_WORD}(?![\w-])"
    rf"|(?:M\.|Monsieur|Herr|Mr\.?)\s+(?:et|und|and|&)\s+(?:Mme|Madame|Frau|Mrs\.?)\s+"
    rf"{_NAME_WORD}(?:[ -]{_NAME_WORD})?|(?:Familie|Famille|famille)\s+{_NAME_WORD}"
    rf"|[Tt]he\s+{_NAME_WORD}\s+family)"
)


def people(text: str) -> list[Span]:
    """Names introduced as names: "je m'appelle Jean Dupont", "Contact is Sarah Mitchell"."""
    found = []
    for m in _COUPLE.finditer(text):
        start = m.start()
        # "Tom Lindsay and Beatrice Lindsay": the first name belongs to it too
        before = re.search(rf"(?:{_NAME_WORD})\s+$", text[:start])
        if before is not None and before.group().strip().lower() not in _NOT_NAMES:
            start = before.start()
        if m.group("name")[:1].isupper() and not _COUPLE_OPENS.search(text[:start]):
            # "Küche und Bad Umbau": capitals are nouns in German; a couple's
            # names open the message or follow a comma or an introduction.
            continue
        found.append(Span(_clean(text[start : m.end()]), start, m.end()))
    for m in _INTRO_PERSON.finditer(text):
        name = _clean(m.group("name"))
        words = name.split()
        if not words or fold(words[0]) in _NOT_NAMES:
            continue
        title = m.group("title")
        if (
            len(words) == 1
            and not title
            and not re.search(
                r"(?:frau|herr|mr|mrs|ms|madame|monsieur|mme)\s*$",
                m.group().lower()[: m.start("name") - m.start()],
            )
        ):
            continue
        found.append(
            Span(((title or "") + name).strip(), m.start("name") - len(title or ""), m.end("name"))
        )
    return found


_LEAD_GREETING = re.compile(
    r"\s*(?:(?:yes\s+)?(?:hi|hello|hey|good\s+(?:morning|afternoon|evening)|hallo|guten\s+(?:tag|morgen"
    r"|abend)|servus|moin|gr(?:ü|u)(?:ß|ss)\s+gott|bonjour|bonsoir|salut|coucou)\s*[,!.:]+\s*)?"
    r"(?:(?:it'?s|its|this\s+is|hier\s+ist|c'est|ici)\s+)?",
    re.IGNORECASE,
)
_HERE = {"hier", "here", "ici"}
_PARTICLES = {
    "de", "van", "der", "den", "von", "du", "da", "di", "le", "la", "el", "al", "ben", "bin",
    "ter", "del", "dos", "das", "des", "zu",
}  # fmt: skip
_NOT_NAMES = {
    "french", "british", "irish", "german", "married", "single", "pregnant", "alone", "francaise",
    "francais", "seule", "seul", "enceinte", "mariee", "celibataire", "locataire",
    "proprietaire", "alleinerziehend", "verheiratet", "ledig", "schwanger", "hier", "here",
    "from", "with", "de", "von", "the", "a", "an", "le", "la", "une", "un", "ein", "eine",
    "familie", "family", "famille",
}  # fmt: skip


def leading_name(text: str, allow_lower: bool) -> Span | None:
    """A name standing alone at the start: "Linda Hughes. Kitchen extension…".

    Args:
        text: The message.
        allow_lower: Accept "kevin lefebvre" in lower case (the name was asked).
    """
    # "Hallo, Brigitte Sommer hier", "Good afternoon. Marta Kowalczyk, Polish",
    # "hi its Karim B": the greeting first, then the name
    greeting = _LEAD_GREETING.match(text)
    start = greeting.end() if greeting is not None else 0
    m = re.compile(
        r"\s*(?P<name>(?:(?:Dr|Prof|Dipl)\.(?:-Ing\.)?|[^\d,.;:!?()\n]){3,60}?)\s*(?:[,.;:(]|$)"
    ).match(text, start)
    if m is None:
        return None
    name = m.group("name").strip()
    words = name.split()
    if len(words) > 2 and fold(words[-1]) in _HERE:
        words = words[:-1]  # "Gareth Price here", "Marco Lehnert hier"
        name = " ".join(words)
    if not 2 <= len(words) <= 5:
        return None
    inner = words[1:-1]
    if any(fold(w) in _NOT_NAMES for w in (words[0], words[-1])) or any(
        fold(w) in _NOT_NAMES and fold(w) not in _PARTICLES for w in inner
    ):
        return None
    if re.search(lx.GREETINGS, fold(name)) or re.search(lx.FIRST_PERSON, fold(name)):
        return None
    # "Pieter de Vries", "Anouk van der Berg", "Gwendoline Le Floch": particles
    capitalised = all(
        re.match(_NAME_WORD + "$", w) or (0 < i < len(words) - 1 and fold(w) in _PARTICLES)
        for i, w in enumerate(words)
    )
    if len(words) - sum(fold(w) in _PARTICLES for w in words) > 4:
        return None
    if not capitalised and not (
        allow_lower and all(re.fullmatch(r"[a-zäöüßéèàâêîôûçœ'’-]+", w) for w in words)
    ):
        return None
    return Span(name, m.start("name"), m.start("name") + len(name))


_NOISE = re.compile(
    r"^(?:e+u+h+|h+m+|a+h+|o+h+|ä+h*m*|u+m+|asdf\w*|qwert\w*|test|xxx+|\.+|\?+|-+|ok|okay|na\s+ja"
    r"|keine\s+ahnung|no\s+idea|aucune\s+idee|bof|pfff*|jsp|jsais\s+pas|idk|dunno|k\.?\s?a\.?|wn)$"
)


def is_noise(text: str) -> bool:
    """Whether the answer is a filler ("euh", "hmm", "asdf", "?") rather than words."""
    folded = fold(text.strip())
    return bool(_NOISE.match(folded)) or not re.search(r"[a-zäöüß]{2}", folded)


def looks_like_name(text: str, shape: str) -> bool:
    """Whether the whole answer can be a name of ``shape`` (asked for it, nothing else said)."""
    value = text.strip()
    words = value.split()
    folded = fold(value)
    if _NOISE.match(folded) or not re.search(r"[a-zäöüß]{2}", folded):
        return False
    if len(words) == 1 and value.islower():
        return False  # "xyz", "test": a name is written with a capital
    if not words or len(words) > (8 if shape != "person" else 5) or "?" in value:
        return False
    if re.search(lx.GREETINGS, folded) and len(words) <= 3:
        return False
    if re.search(lx.FIRST_PERSON, folded):
        return False
    if shape == "person" and re.search(r"\d", value):
        return False
    return not re.search(r"\b(?:weiss|know|sais|sait|rsa|demande|antrag|application)\b", folded)


def looks_like_address(text: str) -> bool:
    """Whether the whole answer can be an address (a number and a few words)."""
    value = text.strip()
    words = value.split()
    return (
        bool(re.search(r"\d", value))
        and 2 <= len(words) <= 14
        and not re.search(r"\b(?:i|ich|je|we|wir|nous)\b", fold(value))
    )
