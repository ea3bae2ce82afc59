"""A profile's offers, seeks and avoids as items: the units the matcher compares and reasons quote.

People list what they offer as "Label printing; shrink sleeves; mobile canning", one per line, with
bullets, or as sentences. Each becomes an item, so the fourth counts as much as the first. A clause that
says what they do *not* do ("We do NOT install", "Nie zajmujemy się montażem", "Монтажом не
занимаемся", "Not interested in Amazon resellers") is no offer or need: it joins the avoids, next to
what the attendee declared in the avoids field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from matchmaker.core.matching.folding import fold, stem

# Whether a refusal that names only an activity takes the object of the offer next to it (round 6).
CARRY_OBJECT = True
# Items past this many are folded into the last one: nobody lists more, and the exact stage pads every
# profile's items to the longest list in a block.
MAX_ITEMS = 10
MAX_ITEM_CHARS = 300

# A dash inside a line is a clause or a route ("partner - migrate from NAV", "Китай - Казахстан - Польша"),
# not a list: only a dash that opens a line is a bullet (dropped by _LEADING_MARKS).
_BREAKS = re.compile(r"[\n;•·▪●■◦]+")
# A sentence ends at . ! ? followed by a capital (any of our alphabets) or a digit: "Sp. z o.o." and
# "e.g. cups" stay whole.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"«(]?[A-ZĄĆĘŁŃÓŚŹŻА-ЯЁ0-9])")
_LEADING_MARKS = re.compile(r"^\s*(?:[-–—*+>]+|\d{1,2}[.)])\s*")
# "..., but we don't install": the part after a contrast word is split off when it is negated. So is a
# part after a comma, a dash inside the line ("Gas boilers - installation not included"), a colon or
# inside parentheses ("Kitchen ventilation design (no installation)"), and a privative phrase ("Projekt
# wentylacji bez montażu"): the separator is kept when nothing is split there.
_CONTRAST = re.compile(
    r"(,?\s+(?:but|however|although|ale|lecz|jednak|natomiast|но|однако|а)\s+|,\s+|\s+[-–—]\s+|:\s+"
    r"|\s*\(\s*|\s*\)\s*|\s+(?=(?:without|bez|без)\s))",
    re.IGNORECASE,
)
# After a refusal, a comma and one of these words start what is done instead ("Nie prowadzimy montażu,
# tylko sprzedaż"): an offer again.
_ONLY = re.compile(r"^\s*(?:only|just|tylko|jedynie|wyłącznie|только|лишь|исключительно)\b", re.IGNORECASE)

# Negation markers, matched on case-folded text; "Repairs and service: no" ends in one.
_NEGATION = re.compile(
    r"\b(?:not|never|cannot|can't|won't|don't|doesn't|didn't|isn't|aren't|nie|ani|żadnych|не|ни|нет|ne)\b"
    r"|n't\b|[:—–-]\s*no\W*$"
)
# "No cold calls" refuses something in what one seeks; "No minimum order" among offers is a feature.
_NO_OPENING = re.compile(r"^\s*(?:no|bez|без|without)\b")
# What a clause that qualifies an offer refuses: "..., no installation", "(bez montażu)", "без монтажа".
# An offer item that opens with "without" / "bez" / "без" refuses too; one that opens with "no" lists a
# feature ("No minimum order").
_PRIVATIVE_OPENING = re.compile(r"^\s*(?:without|bez|без)\b")
# "Not only", and a purpose ("чтобы сыр не портился", "żeby towar nie czekał", "so that nothing spoils"):
# a need or an offer that mentions what should not happen, not a refusal.
_NOT_A_REFUSAL = re.compile(
    r"\b(?:not only|not just|no matter|nie tylko|не только|не менее"
    r"|so that|in order not|żeby|aby|чтобы|дабы)\b"
)
# Words that only carry the refusal: dropped from the text the matcher compares, so that "We do NOT
# install or service" is compared as "install or service".
_REFUSAL_WORDS = re.compile(
    r"\b(?:we|i|do|does|did|not|never|cannot|can't|won't|don't|doesn't|didn't|no|any|interested|in|"
    r"nie|ani|żadnych|interesuje|interesują|nas|zainteresowani|jesteśmy|"
    r"не|ни|нет|нас|интересует|интересуют|интересны|ne)\b|n't\b",
    re.IGNORECASE,
)


_PRIVATIVE_WORD = re.compile(r"(?:^|\s)(?:without|bez|без)(?=\s)", re.IGNORECASE)
# Verbs that only say "we (don't) do it": a refusal made of them refuses the clause before it.
_LIGHT = (
    "do does offer offered provide provided handle included делаем выполняем занимаемся оказываем "
    "предлагаем предоставляем осуществляем robimy wykonujemy prowadzimy świadczymy oferujemy "
    "zajmujemy się zapewniamy"
)
_LIGHT_VERBS = frozenset(_LIGHT.split())
_LIGHT_FOLDED = frozenset(stem(fold(word)) for word in _LIGHT.split())
_WORDS = re.compile(r"\w+")
_TRAILING_NO = re.compile(r"[:—–-]\s*no\W*$", re.IGNORECASE)


# Activities done *to* goods: a refusal that names only these ("Ремонтом и сервисом не занимаемся",
# "Serwisem nie zajmujemy się", "WE DO NOT INSTALL") refuses them on the object of the field's offer
# before it ("Продажа новых погрузчиков" -> the repair and service of forklifts). Folded and stemmed
# (see :func:`matchmaker.core.matching.folding.stem`), so every inflected form is one entry.
_ACTIVITY_WORDS = (
    "repair repairs repairing service services servicing maintenance maintain install installs "
    "installation installing fitting fit assembly assemble delivery deliver delivering transport "
    "calibration calibrate cleaning clean commissioning support "
    "naprawa naprawy naprawę naprawami naprawiamy serwis serwisu serwisem serwisujemy montaż montażu "
    "montażem montujemy instalacja instalacji instalujemy konserwacja konserwacji dostawa dostawy "
    "transport transportu kalibracja kalibracji wdrożenie wdrożeń "
    "ремонт ремонта ремонтом ремонтируем сервис сервиса сервисом обслуживание обслуживанием "
    "обслуживаем монтаж монтажа монтажом монтируем установка установкой установку доставка "
    "доставкой доставку калибровка калибровкой наладка наладкой внедрение услуги"
)
_ACTIVITIES = frozenset(stem(fold(word)) for word in _ACTIVITY_WORDS.split())
# Words that say how goods are traded or what is done with them, not what they are: left out of the
# object a refusal takes.
_TRADE_WORDS = (
    "sale sales sell selling sold supply supplies wholesale retail trade trading distribution import "
    "export production manufacturing design designing consulting new for of and the "
    "sprzedaż sprzedaży sprzedajemy dostawy dystrybucja hurt hurtowa hurtowo handel import eksport "
    "produkcja produkujemy projektowanie projektujemy doradztwo nowe nowych dla oraz "
    "продажа продажи продаём продаем поставки поставка дистрибуция опт оптом оптовая торговля импорт "
    "экспорт производство производим проектирование проектируем консалтинг новые новых для "
    "only just tylko jedynie wyłącznie только лишь исключительно"
)
_TRADE = frozenset(stem(fold(word)) for word in _TRADE_WORDS.split())
# Words that join others: no activity and no object.
_FUNCTION_WORDS = "and or the of for with our we oraz lub albo dla nasze и или для наши"
_FUNCTION = frozenset(stem(fold(word)) for word in _FUNCTION_WORDS.split())


def _names_only_activities(refused: str) -> bool:
    """Whether a refused clause (its refusal words removed) names activities and nothing they act on."""
    words = [stem(w) for w in fold(refused).split() if len(w) >= 3]
    content = [w for w in words if w not in _LIGHT_FOLDED and w not in _FUNCTION]
    return bool(content) and all(w in _ACTIVITIES for w in content)


def _object_of(item: str) -> str:
    """What an offer is about, without how it is traded: "Продажа новых погрузчиков" -> "погрузчиков"."""
    kept = [w for w in item.split() if stem(fold(w)) not in _TRADE and fold(w)]
    return " ".join(kept)


# "Products without clinical trials", "Produkty bez badań klinicznych": what is avoided is the lack of
# something, and the nearest texts by meaning are those that have it (a maker of clinically tested
# supplements); such an avoid cannot be compared by similarity and is kept out of the comparison.
_PRIVATIVE = re.compile(r"\S\s+(?:without|lacking|bez|без)\s", re.IGNORECASE)


@dataclass(frozen=True)
class ProfileItems:
    """The items of one profile, as written (trimmed). ``avoid_texts`` is what the matcher compares of
    the avoids: a declared avoid as written, a negated clause without its refusal words; an avoid of a
    lack ("products without clinical trials") is not among them (see ``_PRIVATIVE``)."""

    offers: tuple[str, ...]
    seeks: tuple[str, ...]
    avoids: tuple[str, ...]
    avoid_texts: tuple[str, ...]
    # Per avoid text: "" when declared, "offers" or "seeks" for a refused clause of that field, which
    # the matcher reads in the light of the field's whole text ("Ремонтом и сервисом не занимаемся"
    # after "Продажа новых погрузчиков" refuses the repair of forklifts).
    avoid_origins: tuple[str, ...] = ()

    @property
    def offers_text(self) -> str:
        """The offers without their negated clauses, as one text (the whole-profile context)."""
        return "; ".join(self.offers)

    @property
    def seeks_text(self) -> str:
        return "; ".join(self.seeks)


def _clean(item: str) -> str:
    item = _LEADING_MARKS.sub("", item).strip(" \t.,;:!?")
    if len(item) > MAX_ITEM_CHARS:
        item = item[:MAX_ITEM_CHARS].rsplit(" ", 1)[0]
    return item


def is_negated(clause: str, *, seeking: bool = False, qualifier: bool = False) -> bool:
    """Whether the clause says what someone does not do or (``seeking``) does not want. A ``qualifier``
    is a clause after a comma, a dash or in parentheses: there "no installation" refuses in offers too."""
    folded = clause.casefold()
    if _NOT_A_REFUSAL.search(folded):
        return False
    if _NEGATION.search(folded) or _PRIVATIVE_OPENING.search(folded):
        return True
    return bool((seeking or qualifier) and _NO_OPENING.search(folded))


def refusal_removed(clause: str) -> str:
    """The clause without its refusal words ("We do NOT install or service" -> "install or service")."""
    text = " ".join(_REFUSAL_WORDS.sub(" ", clause).split())
    text = _PRIVATIVE_WORD.sub(" ", text)
    text = " ".join(_TRAILING_NO.sub("", text).split())
    return text.strip(" ,.;:-–—()") or clause


def _only_light_words(piece: str) -> bool:
    """Whether a refusal names nothing but the refusal itself ("не делаем", "nie robimy", ": no")."""
    left = _REFUSAL_WORDS.sub(" ", piece).casefold()
    return all(word in _LIGHT_VERBS for word in _WORDS.findall(left))


def _split(text: str, *, seeking: bool, refusals: bool = True) -> list[tuple[str, bool, bool]]:
    """The items of a free-text field with whether each is a refusal and whether it is a sentence (or
    line, or list item) of its own rather than a clause split off one (see :func:`split_items`).
    Without ``refusals`` (a declared avoids field) a privative phrase is not split off."""
    items: list[tuple[str, bool, bool]] = []
    for part in _BREAKS.split(text):
        for sentence in _SENTENCE.split(part):
            # [text, separator, text, separator, text ...]: a contrast stays inside its item unless
            # what follows it is a refusal.
            pieces = _CONTRAST.split(sentence)
            merged = [pieces[0]]
            refused = [is_negated(pieces[0], seeking=seeking)]
            for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
                if not piece.strip():
                    merged[-1] = f"{merged[-1]}{separator}"
                    continue
                word = separator.strip(" ,:()-–—")
                privative = not separator.strip()
                if privative and (not refusals or _NOT_A_REFUSAL.search(merged[-1].casefold())):
                    merged[-1] = f"{merged[-1]}{separator}{piece}"
                    continue
                negated = is_negated(piece, seeking=seeking, qualifier=not word)
                before = refused[-1]
                if negated and not word and not privative and _only_light_words(piece):
                    # "Монтаж — не делаем", "Repairs and service: no": the refusal is of what precedes.
                    merged[-1] = f"{merged[-1]}{separator}{piece}"
                    refused[-1] = True
                    continue
                if privative:  # "... bez montażu": a refusal unless the clause states a purpose
                    split = negated and not before
                elif word:  # but / ale / но: split before a refusal
                    split = negated
                else:  # a comma, a dash, brackets: split where a refusal starts or ends
                    split = (negated and not before) or (before and bool(_ONLY.match(piece)))
                if split:
                    merged.append(piece)
                    refused.append(negated)
                else:
                    merged[-1] = f"{merged[-1]}{separator}{piece}"
            for position, (piece, flag) in enumerate(zip(merged, refused, strict=True)):
                if cleaned := _clean(piece):
                    items.append((cleaned, flag, position == 0))
    if len(items) > MAX_ITEMS:
        rest = items[MAX_ITEMS - 1 :]
        items = [
            *items[: MAX_ITEMS - 1],
            ("; ".join(t for t, _, _ in rest), any(f for _, f, _ in rest), rest[0][2]),
        ]
    return items


def split_items(text: str, *, seeking: bool = False) -> list[str]:
    """The items of a free-text field, in order: split at new lines, ``;``, bullets and sentences, before
    a negated part after "but" / "ale" / "но", a comma, a dash, a colon, a bracket or "without" / "bez" /
    "без", and after a negated part where a comma and "only" / "tylko" / "только" say what is done
    instead. At most :data:`MAX_ITEMS`."""
    return [item for item, _, _ in _split(text, seeking=seeking)]


def profile_items(offers: str, seeks: str, avoids: str) -> ProfileItems:
    """Split the three fields; negated clauses of offers and seeks move to the avoids."""
    positive: dict[str, list[str]] = {"offers": [], "seeks": []}
    # A declared avoid is compared as written: "no cold calls" there means cold calls.
    avoid_items = [item for item, _, _ in _split(avoids, seeking=False, refusals=False)]
    avoid_texts = [
        refusal_removed(item) if is_negated(item, seeking=True) else item
        for item in avoid_items
        if not _PRIVATIVE.search(item)
    ]
    origins = [""] * len(avoid_texts)
    for side, text in (("offers", offers), ("seeks", seeks)):
        seeking = side == "seeks"
        split = _split(text, seeking=seeking)
        for position, (item, refused, sentence) in enumerate(split):
            if refused:
                avoid_items.append(item)
                compared = refusal_removed(item)
                if CARRY_OBJECT and sentence and _names_only_activities(compared):
                    # A sentence of its own that refuses only an activity ("Ремонтом и сервисом не
                    # занимаемся."): the nearest offer before (else after) says what it is refused on.
                    nearby = [t for t, r, _ in split[:position][::-1] if not r] or [
                        t for t, r, _ in split[position + 1 :] if not r
                    ]
                    if nearby and (thing := _object_of(nearby[0])):
                        compared = f"{compared} {thing}"
                avoid_texts.append(compared)
                origins.append(side)
            else:
                positive[side].append(item)
    return ProfileItems(
        tuple(positive["offers"]),
        tuple(positive["seeks"]),
        tuple(avoid_items),
        tuple(avoid_texts),
        tuple(origins),
    )
