"""Russian typed in Latin letters ("nuzhny gruzy iz Polshi"), written back in Cyrillic for the embedder.

People at a fair who have no Cyrillic keyboard at hand write Russian the way it sounds in Latin letters.
Sentence embedders were trained on Russian in Cyrillic: "ishchem obzharshchika kofe" is noise to them,
"ищем обжарщика кофе" is a clear need for a coffee roaster. A text is taken for transliterated Russian
only when it is in Latin letters with no Polish letters, and enough of its words carry marks that
English and Polish words do not (Russian function words such as "dlya", "iz", "v"; spellings such as
"zh", "kh", "shch", "-ykh", "-iya"), against none or few of English's and Polish's own. The spelling is
then mapped back letter group by letter group; a slightly wrong Cyrillic spelling ("Полши" for
"Польши") is still read right by the embedder.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are frequent in short Russian business texts and are not English or Polish words.
_RUSSIAN_WORDS = _words(
    "v vo iz dlya ot ili no ne net est nuzhen nuzhna nuzhny nuzhno ishchem ishem ishchu ishu ischem "
    "prodaem prodayom kupim kupit pokupateli pokupatelei postavki postavka postavshchik postavshik "
    "postavshchiki optom uslugi usluga proizvodstvo proizvoditel proizvoditelya proizvoditeli zakaz "
    "zakazy zakazchiki klienty partnery partnera rabota rabotaem rabotayem vozim dostavka dostavim "
    "gruzy gruz tovary tovar sklad sklady magazin magazinov kompaniya kompanii firma firmy rossii "
    "rossiya rossiyu moskva moskve kazakhstan kazakhstane belarus belarusi reguliarno regulyarno "
    "srochno nedorogo deshevo kachestvennyi kachestvo po tonn fura fury gruzovik gruzoviki gruzovikov "
    "mebel oborudovanie oborudovaniya bolnitsy bolnitsa restorany kafe kofe zerno tsena tseny bu "
    "prodazha prodazhi remont"
)
# Spellings typical of Russian in Latin letters and rare in English and Polish.
_RUSSIAN_SPELLING = re.compile(
    r"zh|kh|shch|sch(?=[aeiou])|(?<=[^aeiou])ov$|iya$|iyu$|yy$|iy$|ykh$|ogo$|ego$|aya$|"
    r"(?<=[bdgklmnprstvz])ya|(?<=[bdgklmnprstvz])yu|yo"
)
_ENGLISH_WORDS = _words(
    "the and of for to with we our in on from by a an is are at as or you your that this it new "
    "looking seeking need needs want offer offers supply supplier suppliers buyers partner partners"
)
# Polish and English spellings that transliterated Russian does not use (it writes sh, ch, zh, v, y).
_POLISH_SPELLING = re.compile(r"sz|cz|rz|w|j|ie$|dz|ck|ing$|tion|th|ph|ee|oo|ou|ea")
_POLISH_WORDS = _words("dla jest są się oraz lub szukamy szukam oferujemy firma firmy nasz nasze")
_NOT_LATIN = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[A-Za-z']+")

# Letter groups, longest first; applied to lower-case text, the case of the first letter kept.
_GROUPS = [
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("iya", "ия"),
    ("iyu", "ию"),
    ("iye", "ие"),
    ("yo", "ё"),
    ("yu", "ю"),
    ("ya", "я"),
    ("iy", "ий"),
    ("yy", "ый"),
    ("ye", "е"),
    ("'", "ь"),
]
_LETTERS = dict(zip("abvgdezijklmnoprstufhcwqx", "абвгдезийклмнопрстуфхцвкс", strict=True))
_VOWELS = frozenset("aeiouy")


def looks_transliterated_russian(text: str) -> bool:
    """Whether ``text`` reads as Russian typed in Latin letters (see the module's docstring)."""
    if _NOT_LATIN.search(text):
        return False
    words = [word.casefold() for word in _WORD.findall(text)]
    words = [word for word in words if len(word) > 1 or word == "v"]
    if len(words) < 2:
        return False
    russian = sum(word in _RUSSIAN_WORDS or bool(_RUSSIAN_SPELLING.search(word)) for word in words)
    foreign = sum(
        word in _ENGLISH_WORDS or word in _POLISH_WORDS or bool(_POLISH_SPELLING.search(word))
        for word in words
    )
    return russian >= 2 and russian >= 0.4 * len(words) and foreign <= russian // 3


def _word_to_cyrillic(word: str) -> str:
    lower = word.casefold()
    out: list[str] = []
    i = 0
    while i < len(lower):
        for latin, cyrillic in _GROUPS:
            if lower.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            char = lower[i]
            if char == "y":
                # й after a vowel ("kofeynya"), ы after a consonant ("Varshavy").
                out.append("й" if i > 0 and lower[i - 1] in _VOWELS else "ы")
            else:
                out.append(_LETTERS.get(char, char))
            i += 1
    result = "".join(out)
    if word.isupper() and len(word) > 1:
        return result.upper()
    if word[:1].isupper():
        return result[:1].upper() + result[1:]
    return result


def to_cyrillic(text: str) -> str:
    """``text`` with every Latin word written in Cyrillic by the usual transliteration read backwards."""
    return _WORD.sub(lambda match: _word_to_cyrillic(match.group(0)), text)


def cyrillic_if_transliterated(text: str) -> str:
    """``text`` in Cyrillic when it is transliterated Russian, else ``text`` unchanged."""
    return to_cyrillic(text) if looks_transliterated_russian(text) else text
