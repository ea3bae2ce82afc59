"""One spelling for the lexical channel: case, diacritics, Cyrillic and Polish spelling folded together.

The lexical channel compares letters, so "nuzhny gruzy iz Polshi" must meet "нужны грузы из Польши",
"MOZARELLI" meet "mozzarella", and Polish "woda" meet Russian "вода". Cyrillic is written in Latin letters
the way people do it by hand, then Polish and English spellings of the same sounds are folded onto one
(w -> v, sz -> sh, cz -> ch, y -> i, kh -> h, doubled letters once).

:func:`stem` then cuts the inflectional endings of Polish and Russian (and an English plural) off each
folded word: "montażem" and "montażu" become "montaz", "монтажом", "монтажа" and "montazhom" become
"montazh", "usługami" and "услуги" both "uslug", so the character n-grams at a word's end meet across
cases and, where the roots are spelled alike, across the two languages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "і": "i",
    "ї": "i",
    "є": "e",
    "ґ": "g",
    "ў": "u",
}
_LATIN = {"ł": "l", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe"}
# One table for both: str.translate runs in C, a character-by-character join was most of fold's time.
_TABLE = str.maketrans({**_CYRILLIC, **_LATIN})
# Applied in order, on text already without diacritics.
_SOUNDS = [
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"shch|sch|szcz", "sh"),
        (r"sz", "sh"),
        (r"cz", "ch"),
        (r"rz", "zh"),
        (r"kh", "h"),
        (r"ch", "h"),
        (r"w", "v"),
        (r"y", "i"),
        (r"j", "i"),
        (r"ph", "f"),
        (r"([a-z])\1", r"\1"),
    )
]
_NON_WORD = re.compile(r"[^\w]+")


# Russian е / ё after a vowel (and ъ, ь) sounds "je", the way Polish writes it: "проект" / "projekt",
# "объект" / "obiekt". Written so before the letters are mapped.
_IOTATED_E = re.compile(r"(?<=[аеёиоуыэюяъь])[её]")
# Tried in round 6 on the tuning split: no figure moved (MRR 0.712 both ways); off.
IOTATED_E = False


def fold(text: str) -> str:
    """``text`` in the lexical channel's spelling: lower-case Latin letters, digits and single spaces."""
    text = text.casefold()
    if IOTATED_E:
        text = _IOTATED_E.sub("je", text)
    text = text.translate(_TABLE)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    for pattern, replacement in _SOUNDS:
        text = pattern.sub(replacement, text)
    return " ".join(_NON_WORD.sub(" ", text).split())


# Endings of Polish and Russian nouns, adjectives and verbs as they read after :func:`fold` (Polish ch
# and Russian х are h, y and й are i, ó is o, я is ia), and English -s / -es; longest first. A word keeps
# a stem of at least ``_MIN_STEM`` letters. A light suffix stripper, not a dictionary stemmer: it
# over- and under-stems now and then, the same way on both sides of a comparison.
_ENDING_WORDS = (
    "iami ami iah ah ovi ego ogo emu omu imi ih iem iei iiu iia aia uiu ie ia iu ii ei oi ui "
    "ov ev om em am im ach aiut iut ut at et it ete ite aem aet iet uie uiem uiemi amo emi es s a e i o u"
)
_ENDINGS = sorted(set(_ENDING_WORDS.split()), key=lambda ending: (-len(ending), ending))
_MIN_STEM = 3
_INFLECTED = re.compile(rf"\b([a-z]{{{_MIN_STEM},}}?)(?:{'|'.join(_ENDINGS)})\b")


def stem(folded: str) -> str:
    """Each word of a :func:`fold`-ed text without its inflectional ending ("montazhem" -> "montazh")."""
    return _INFLECTED.sub(r"\1", folded)


@lru_cache(maxsize=8)
def _inflected(min_stem: int) -> re.Pattern[str]:
    return re.compile(rf"^([a-z]{{{min_stem},}}?)(?:{'|'.join(_ENDINGS)})$")


def stem_vocabulary(words: Iterable[str], min_stem: int = _MIN_STEM, shared: bool = False) -> dict[str, str]:
    """Each distinct folded word of ``words`` -> the form the lexical channel compares.

    With ``shared``, a word loses its ending only when the stem is shared with another word of the same
    vocabulary (another inflected form, or the bare stem itself): "montazem" next to "montazu" or
    "montaz" becomes "montaz", a word whose stem nothing else has keeps its whole spelling.
    """
    pattern = _inflected(min_stem)
    distinct = set(words)
    stems = {}
    for word in distinct:
        match = pattern.match(word)
        stems[word] = match.group(1) if match else word
    if not shared:
        return stems
    forms = Counter(stems.values())
    return {word: s if s == word or forms[s] > 1 or s in distinct else word for word, s in stems.items()}
