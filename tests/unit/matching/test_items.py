from __future__ import annotations

import pytest

from matchmaker.core.matching.folding import fold, stem, stem_vocabulary
from matchmaker.core.matching.items import profile_items, split_items


def test_items_split_at_semicolons_lines_bullets_and_sentences() -> None:
    text = "Label printing; shrink sleeves\n• carton multipacks\n- Mobile canning. Design of cans"

    assert split_items(text) == [
        "Label printing",
        "shrink sleeves",
        "carton multipacks",
        "Mobile canning",
        "Design of cans",
    ]


def test_company_abbreviations_and_commas_do_not_split_an_item() -> None:
    assert split_items("Acme Sp. z o.o. makes cups, lids and straws") == [
        "Acme Sp. z o.o. makes cups, lids and straws"
    ]


@pytest.mark.parametrize(
    ("offers", "offer", "avoid"),
    [
        (
            "Kitchen ventilation design. We do NOT install or service.",
            "Kitchen ventilation design",
            "install or service Kitchen ventilation",
        ),
        (
            "Projektujemy wentylację kuchni. Nie zajmujemy się montażem.",
            "Projektujemy wentylację kuchni",
            "zajmujemy się montażem wentylację kuchni",
        ),
        (
            "Проектирование вентиляции для кухонь. Монтажом не занимаемся.",
            "Проектирование вентиляции для кухонь",
            "Монтажом занимаемся вентиляции кухонь",
        ),
        (
            "Freight forwarding, but we don't handle customs clearance",
            "Freight forwarding",
            "handle customs clearance",
        ),
    ],
)
def test_negated_clause_is_no_offer_but_an_avoid_in_three_languages(
    offers: str, offer: str, avoid: str
) -> None:
    # A refusal naming only an activity ("We do NOT install") takes the object of the offer before it.
    items = profile_items(offers, "", "")

    assert items.offers == (offer,)
    assert items.avoid_texts == (avoid,)


def test_refusals_in_seeks_and_declared_avoids_join_the_avoids() -> None:
    items = profile_items(
        "",
        "EU distributor for pharmacies. Not interested in Amazon resellers.",
        "Lead-generation agencies; no cold calls",
    )

    assert items.seeks == ("EU distributor for pharmacies",)
    assert items.avoid_texts == ("Lead-generation agencies", "cold calls", "Amazon resellers")


def test_no_minimum_order_among_offers_and_not_only_stay_offers() -> None:
    items = profile_items("No minimum order; cups, but not only for cafés", "", "")

    assert items.offers == ("No minimum order", "cups, but not only for cafés")
    assert items.avoids == ()


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("nuzhny gruzy iz Polshi", "нужны грузы из Польши"),
        ("ishchem obzharshchika kofe", "ищем обжарщика кофе"),
        ("UZI apparatov", "УЗИ-аппаратов"),
        ("woda", "вода"),
    ],
)
def test_folding_meets_russian_typed_in_latin_letters_and_polish_spelling(typed: str, written: str) -> None:
    assert fold(typed) == fold(written)


def test_folding_ignores_case_and_diacritics() -> None:
    assert fold("MOZZARELLA Łódź") == fold("mozzarella lodz")


def test_a_dash_inside_a_line_is_a_clause_or_a_route_not_a_list() -> None:
    assert split_items("Business Central partner - migrate from NAV") == [
        "Business Central partner - migrate from NAV"
    ]
    assert split_items("Перевозки Китай - Казахстан - Польша;\n- FTL из Европы") == [
        "Перевозки Китай - Казахстан - Польша",
        "FTL из Европы",
    ]


@pytest.mark.parametrize(
    ("offers", "offer", "avoid"),
    [
        ("Nie prowadzimy montażu, tylko sprzedaż", "tylko sprzedaż", "prowadzimy montażu"),
        (
            "Dostawa tylko do hurtowni, nie do klientów detalicznych",
            "Dostawa tylko do hurtowni",
            "klientów detalicznych",
        ),
        (
            "Монтажом не занимаемся, только поставка оборудования",
            "только поставка оборудования",
            "Монтажом занимаемся оборудования",
        ),
        ("Kitchen ventilation design, we do NOT install", "Kitchen ventilation design", "install"),
    ],
)
def test_a_comma_parts_what_is_done_from_what_is_refused(offers: str, offer: str, avoid: str) -> None:
    items = profile_items(offers, "", "")

    assert items.offers == (offer,)
    assert items.avoid_texts == (avoid,)


def test_a_refusal_listing_several_things_stays_one_avoid() -> None:
    items = profile_items("We do not install, service or repair", "", "")

    assert items.offers == () and items.avoid_texts == ("install, service or repair",)


@pytest.mark.parametrize(
    "need",
    [
        "Ищем решение, чтобы сыр не портился при перевозке",
        "Чтобы клиенты не уходили после первого месяца абонемента",
        "Coś, żeby towar nie czekał na magazynie",
        "Packaging so that nothing leaks in transit, not plastic",
    ],
)
def test_a_need_that_names_what_should_not_happen_is_still_a_need(need: str) -> None:
    items = profile_items("", need, "")

    assert items.seeks and items.seeks[0].startswith(need.split(",")[0])


@pytest.mark.parametrize(
    ("offers", "offer", "avoid"),
    [
        ("Kitchen ventilation design (no installation)", "Kitchen ventilation design", "installation"),
        ("Kitchen ventilation design without installation", "Kitchen ventilation design", "installation"),
        ("Gas boilers - installation not included", "Gas boilers", "installation included"),
        ("Projektowanie wentylacji kuchennej, bez montażu", "Projektowanie wentylacji kuchennej", "montażu"),
        ("Projekty wentylacji (bez montażu i serwisu)", "Projekty wentylacji", "montażu serwisu"),
        ("Проектирование кухонной вентиляции, без монтажа", "Проектирование кухонной вентиляции", "монтажа"),
        (
            "Проектирование вентиляции (монтаж и сервис не выполняем)",
            "Проектирование вентиляции",
            "монтаж и сервис выполняем",
        ),
    ],
)
def test_a_refusal_in_brackets_after_a_dash_or_a_privative_phrase_is_split_off(
    offers: str, offer: str, avoid: str
) -> None:
    items = profile_items(offers, "", "")

    assert items.offers == (offer,)
    assert items.avoid_texts == (avoid,)
    assert items.avoid_origins == ("offers",)


@pytest.mark.parametrize(
    ("offers", "avoid"),
    [
        ("Sale of forklifts. Repairs and service: no.", "Repairs and service forklifts"),
        ("Проектирование вентиляции. Монтаж — не делаем.", "Монтаж — делаем вентиляции"),
        ("Projektowanie wentylacji. Montaż - nie robimy.", "Montaż - robimy wentylacji"),
    ],
)
def test_a_refusal_naming_nothing_refuses_the_clause_before_it(offers: str, avoid: str) -> None:
    items = profile_items(offers, "", "")

    assert len(items.offers) == 1
    assert items.avoid_texts == (avoid,)


def test_a_privative_phrase_in_a_need_with_a_purpose_stays_a_need() -> None:
    items = profile_items("", "Chłodnie, żeby towar nie stał bez chłodzenia", "")

    assert items.seeks == ("Chłodnie, żeby towar nie stał bez chłodzenia",)
    assert items.avoids == ()


def test_a_declared_avoid_of_a_lack_is_not_split_at_its_privative_word() -> None:
    items = profile_items("", "Suplementy", "produkty bez badań klinicznych")

    assert items.avoids == ("produkty bez badań klinicznych",)
    assert items.avoid_origins == ()


@pytest.mark.parametrize(
    "forms",
    [
        ("montaż", "montażem", "montażu", "montażowi"),
        ("монтаж", "монтажом", "монтажа", "montazhom", "montazhu"),
        ("usługi", "usługa", "usługami", "услуги", "услугами", "uslugi"),
        ("cena", "ceny", "cenami"),
        ("Stolarze", "stolarz", "stolarzy"),
    ],
)
def test_inflected_polish_and_russian_forms_meet_after_folding_and_stemming(forms: tuple[str, ...]) -> None:
    assert len({stem(fold(form)) for form in forms}) == 1


def test_stemming_can_be_held_to_stems_the_vocabulary_shares() -> None:
    words = ["montazem", "montazu", "uslugami", "kawa"]

    plain = stem_vocabulary(words)
    shared = stem_vocabulary(words, shared=True)

    assert plain == {word: stem(word) for word in words}
    assert shared["montazem"] == shared["montazu"] == "montaz"
    assert shared["uslugami"] == "uslugami" and plain["uslugami"] == "uslug"  # no other form of "uslug"
    assert stem_vocabulary(["kawa", "kawi"], min_stem=4) == {"kawa": "kawa", "kawi": "kawi"}
