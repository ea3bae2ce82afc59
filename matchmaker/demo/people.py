"""Names, countries and company legal forms for the demo attendees, by the language a profile is written in.

English profiles come from exhibitors and visitors abroad, Polish ones from Poland, Russian ones from the
Russian-speaking business communities of Central Asia, the Caucasus, the Baltics and Poland itself.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class NamePool:
    """First names by gender and surnames as (male form, female form) pairs."""

    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Country:
    """Where an attendee comes from and what that implies for their name, company and languages."""

    code: str
    weight: int
    pool: str
    legal_forms: tuple[str, ...]  # templates around the company's ``{brand}``
    spoken: tuple[tuple[str, ...], ...]  # possible sets of ISO 639-1 codes, first one the most usual
    # A company registered in a Latin-script registry has a Latin name, even in a Russian profile.
    latin_brands: bool = False


def _same(*surnames: str) -> tuple[tuple[str, str], ...]:
    return tuple((surname, surname) for surname in surnames)


def _slavic(*stems: str) -> tuple[tuple[str, str], ...]:
    # Russian-style surnames gain an "а" in the female form: Иванов / Иванова.
    return tuple((stem, stem + "а") for stem in stems)


def _polish(*male_forms: str) -> tuple[tuple[str, str], ...]:
    # Adjectival surnames change the ending (Kowalski / Kowalska); the others stay as they are.
    pairs = []
    for male in male_forms:
        if male.endswith(("ski", "cki", "dzki")):
            pairs.append((male, male[:-1] + "a"))
        else:
            pairs.append((male, male))
    return tuple(pairs)


NAME_POOLS: Final[dict[str, NamePool]] = {
    "anglo": NamePool(
        ("James", "Oliver", "Daniel", "Thomas", "Michael", "Ryan", "Andrew", "Liam", "Ethan", "Patrick"),
        ("Emma", "Sarah", "Charlotte", "Hannah", "Laura", "Rachel", "Megan", "Olivia", "Claire", "Jessica"),
        _same(
            "Smith",
            "Walker",
            "Harrison",
            "Bennett",
            "Hughes",
            "Murphy",
            "Collins",
            "Turner",
            "Fletcher",
            "Reynolds",
            "Carter",
            "Brooks",
            "O'Connor",
            "Mitchell",
        ),
    ),
    "de": NamePool(
        ("Lukas", "Jonas", "Felix", "Matthias", "Stefan", "Tobias", "Jan"),
        ("Anna", "Katharina", "Julia", "Lena", "Sabine", "Miriam", "Franziska"),
        _same("Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Krüger", "Vogel"),
    ),
    "nl": NamePool(
        ("Daan", "Sander", "Joost", "Bram", "Pieter"),
        ("Sanne", "Femke", "Lotte", "Anouk", "Eva"),
        _same("de Vries", "Jansen", "Bakker", "Visser", "van Dijk", "Smit", "de Boer"),
    ),
    "nordic": NamePool(
        ("Erik", "Magnus", "Anders", "Mikkel", "Johan", "Lars"),
        ("Ingrid", "Sofie", "Maja", "Astrid", "Frida", "Karin"),
        _same("Lindqvist", "Johansson", "Nielsen", "Andersen", "Berg", "Holm", "Larsen", "Sundberg"),
    ),
    "fi": NamePool(
        ("Mikko", "Juha", "Antti", "Ville"),
        ("Aino", "Laura", "Sanna", "Elina"),
        _same("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Laine"),
    ),
    "cs": NamePool(
        ("Jakub", "Tomáš", "Petr", "Martin", "Ondřej"),
        ("Tereza", "Lucie", "Petra", "Kateřina", "Eva"),
        (
            ("Novák", "Nováková"),
            ("Dvořák", "Dvořáková"),
            ("Svoboda", "Svobodová"),
            ("Černý", "Černá"),
            ("Procházka", "Procházková"),
            ("Kučera", "Kučerová"),
        ),
    ),
    "lt": NamePool(
        ("Tomas", "Mantas", "Darius", "Lukas"),
        ("Rūta", "Ieva", "Greta", "Austėja"),
        (
            ("Kazlauskas", "Kazlauskienė"),
            ("Petrauskas", "Petrauskienė"),
            ("Jankauskas", "Jankauskaitė"),
            ("Žukauskas", "Žukauskaitė"),
        ),
    ),
    "it": NamePool(
        ("Marco", "Luca", "Alessandro", "Matteo", "Davide"),
        ("Giulia", "Chiara", "Francesca", "Valentina", "Elena"),
        _same("Rossi", "Bianchi", "Ferrari", "Romano", "Colombo", "Ricci", "Marino"),
    ),
    "fr": NamePool(
        ("Pierre", "Antoine", "Julien", "Nicolas"),
        ("Camille", "Léa", "Claire", "Manon"),
        _same("Moreau", "Lefèvre", "Girard", "Fournier", "Dubois"),
    ),
    "es": NamePool(
        ("Javier", "Pablo", "Alejandro", "Sergio"),
        ("Lucía", "Marta", "Carmen", "Elena"),
        _same("García", "Fernández", "López", "Martín", "Navarro"),
    ),
    "uk": NamePool(
        ("Andriy", "Oleksandr", "Dmytro", "Taras", "Yuriy"),
        ("Oksana", "Iryna", "Olena", "Kateryna", "Nataliya"),
        _same("Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko", "Kravchuk"),
    ),
    "pl": NamePool(
        (
            "Piotr",
            "Tomasz",
            "Krzysztof",
            "Paweł",
            "Michał",
            "Marcin",
            "Łukasz",
            "Jakub",
            "Grzegorz",
            "Wojciech",
            "Bartosz",
            "Rafał",
            "Adam",
            "Mateusz",
        ),
        (
            "Anna",
            "Katarzyna",
            "Magdalena",
            "Agnieszka",
            "Joanna",
            "Małgorzata",
            "Monika",
            "Aleksandra",
            "Ewa",
            "Karolina",
            "Justyna",
            "Natalia",
            "Marta",
            "Zofia",
        ),
        _polish(
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Wójcik",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Woźniak",
            "Dąbrowski",
            "Kozłowski",
            "Jankowski",
            "Mazur",
            "Krawczyk",
            "Piotrowski",
            "Grabowski",
            "Pawlak",
            "Michalski",
            "Zając",
            "Król",
            "Wieczorek",
            "Jabłoński",
            "Majewski",
            "Olszewski",
            "Stępień",
            "Dudek",
            "Górecki",
            "Sikora",
        ),
    ),
    "ru": NamePool(
        ("Алексей", "Дмитрий", "Сергей", "Андрей", "Максим", "Игорь", "Павел", "Евгений", "Николай"),
        ("Ольга", "Екатерина", "Наталья", "Анна", "Ирина", "Марина", "Елена", "Татьяна", "Юлия"),
        _slavic(
            "Иванов",
            "Смирнов",
            "Кузнецов",
            "Попов",
            "Соколов",
            "Лебедев",
            "Волков",
            "Морозов",
            "Орлов",
            "Васильев",
            "Фёдоров",
            "Захаров",
        ),
    ),
    "kk": NamePool(
        ("Ерлан", "Нурлан", "Асхат", "Данияр", "Арман", "Тимур"),
        ("Айгерим", "Динара", "Асель", "Гульнара", "Жанна", "Сауле"),
        _slavic("Садыков", "Ахметов", "Жумабаев", "Касымов", "Нургалиев", "Искаков"),
    ),
    "uz": NamePool(
        ("Рустам", "Бахтиёр", "Шерзод", "Азиз", "Фаррух"),
        ("Дилноза", "Нилуфар", "Гульнора", "Мадина", "Шахноза"),
        _slavic("Юсупов", "Рахимов", "Каримов", "Алимов", "Турсунов"),
    ),
    "hy": NamePool(
        ("Арам", "Давид", "Левон", "Армен", "Тигран"),
        ("Ани", "Лусине", "Гаяне", "Нарине", "Мариам"),
        _same("Петросян", "Саркисян", "Акопян", "Григорян", "Оганесян"),
    ),
    "ka": NamePool(
        ("Георгий", "Леван", "Давид", "Ираклий", "Гиви"),
        ("Нино", "Тамара", "Кетеван", "Мака", "Эка"),
        _same("Беридзе", "Капанадзе", "Гелашвили", "Майсурадзе", "Церетели"),
    ),
}

COUNTRIES_BY_LANGUAGE: Final[dict[str, tuple[Country, ...]]] = {
    "en": (
        Country("GB", 5, "anglo", ("{brand} Ltd",), (("en",), ("en", "de"), ("en", "fr"))),
        Country("IE", 1, "anglo", ("{brand} Ltd",), (("en",),)),
        Country("US", 1, "anglo", ("{brand} Inc.", "{brand} LLC"), (("en",), ("en", "es"))),
        Country("DE", 5, "de", ("{brand} GmbH",), (("de", "en"), ("de", "en", "pl"))),
        Country("NL", 2, "nl", ("{brand} B.V.",), (("nl", "en"), ("nl", "en", "de"))),
        Country("SE", 2, "nordic", ("{brand} AB",), (("sv", "en"),)),
        Country("DK", 1, "nordic", ("{brand} ApS",), (("da", "en"),)),
        Country("FI", 1, "fi", ("{brand} Oy",), (("fi", "en"), ("fi", "en", "sv"))),
        Country("CZ", 2, "cs", ("{brand} s.r.o.",), (("cs", "en"), ("cs", "en", "pl"))),
        Country("LT", 1, "lt", ("UAB {brand}",), (("lt", "en"), ("lt", "en", "ru", "pl"))),
        Country("IT", 2, "it", ("{brand} S.r.l.",), (("it", "en"),)),
        Country("FR", 1, "fr", ("{brand} SAS",), (("fr", "en"),)),
        Country("ES", 1, "es", ("{brand} S.L.",), (("es", "en"),)),
        Country("UA", 2, "uk", ("{brand} LLC",), (("uk", "en"), ("uk", "en", "pl"), ("uk", "en", "ru"))),
    ),
    "pl": (
        # Repeated entries make the usual choices more likely: most firms are limited companies.
        Country(
            "PL",
            1,
            "pl",
            ("{brand} Sp. z o.o.", "{brand} Sp. z o.o.", "{brand} Sp. z o.o.", "{brand} S.A."),
            (("pl", "en"), ("pl", "en"), ("pl", "en", "de"), ("pl", "en", "ru"), ("pl",)),
        ),
    ),
    "ru": (
        Country("KZ", 4, "kk", ("ТОО «{brand}»",), (("ru", "kk", "en"), ("ru", "kk"), ("ru", "en"))),
        Country("UZ", 2, "uz", ("ООО «{brand}»",), (("ru", "uz", "en"), ("ru", "uz"))),
        Country("AM", 1, "hy", ("ООО «{brand}»",), (("ru", "hy", "en"),)),
        Country("GE", 1, "ka", ("ООО «{brand}»",), (("ru", "ka", "en"),)),
        Country("LV", 1, "ru", ("SIA «{brand}»",), (("ru", "lv", "en"),)),
        Country("EE", 1, "ru", ("OÜ «{brand}»",), (("ru", "et", "en"),)),
        Country("MD", 1, "ru", ("SRL «{brand}»",), (("ru", "ro", "en"),)),
        Country(
            "PL", 2, "ru", ("{brand} Sp. z o.o.",), (("ru", "pl", "en"), ("ru", "pl")), latin_brands=True
        ),
    ),
}

# Words that make plausible brand names in each language, used for ``{place}`` in company templates.
BRAND_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "Northfield",
        "Harbour",
        "Greenway",
        "Bluestone",
        "Oakridge",
        "Silverline",
        "Brightwater",
        "Redwood",
        "Fairhaven",
        "Kingsway",
        "Meridian",
        "Westbrook",
        "Highland",
        "Evergreen",
        "Cobalt",
        "Summit",
        "Riverside",
        "Atlas",
    ),
    "pl": (
        "Wisła",
        "Mazowsze",
        "Bałtyk",
        "Tatry",
        "Jantar",
        "Warta",
        "Odra",
        "Kujawy",
        "Podlasie",
        "Sudety",
        "Mazury",
        "Orlik",
        "Zorza",
        "Wawel",
        "Bory",
        "Narew",
        "Kaszuby",
        "Roztocze",
    ),
    "ru": (
        "Алатау",
        "Каспий",
        "Арарат",
        "Самарканд",
        "Тянь-Шань",
        "Байтерек",
        "Сапсан",
        "Восток",
        "Иртыш",
        "Алтын",
        "Нур",
        "Дала",
        "Кавказ",
        "Шёлковый путь",
        "Арал",
        "Бирлик",
        "Сункар",
        "Балтика",
    ),
}

_CYRILLIC_TO_LATIN: Final[dict[str, str]] = {
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
    "й": "y",
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
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}
# Letters that Unicode decomposition does not reduce to a plain Latin letter.
_LATIN_SPECIALS: Final[dict[str, str]] = {"ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "œ": "oe"}


def to_ascii(text: str) -> str:
    """``text`` in lower case and ASCII only: "Łukasz" → "lukasz", "Асель" → "asel"."""
    lowered = text.lower()
    spelled = "".join(_CYRILLIC_TO_LATIN.get(ch, _LATIN_SPECIALS.get(ch, ch)) for ch in lowered)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(ch for ch in decomposed if ch.isascii())


def slugify(text: str, separator: str = "-") -> str:
    """An ASCII slug of ``text``: words of letters and digits joined by ``separator``, never empty words."""
    words = "".join(ch if ch.isalnum() else " " for ch in to_ascii(text)).split()
    return separator.join(words)


def latin_spelling(text: str) -> str:
    """``text`` with its Cyrillic words transliterated and capitalised, other words left as they are."""
    words = []
    for word in text.split(" "):
        if any("\u0400" <= ch <= "\u04ff" for ch in word):
            word = to_ascii(word).capitalize()
        words.append(word)
    return " ".join(words)
