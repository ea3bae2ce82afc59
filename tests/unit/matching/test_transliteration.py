from __future__ import annotations

import pytest

from matchmaker.core.matching.items import profile_items
from matchmaker.core.matching.transliteration import cyrillic_if_transliterated, looks_transliterated_russian
from matchmaker.ml.embedder import normalise_text


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ishchem obzharshchika kofe, zerno optom", "ищем обжарщика кофе, зерно оптом"),
        ("kofeynya v centre Varshavy", "кофейня в центре Варшавы"),
        ("postavki medoborudovaniya v Kazakhstan", "поставки медоборудования в Казахстан"),
        (
            "ishchem proizvoditelya UZI apparatov dlya distribucii",
            "ищем производителя УЗИ аппаратов для дистрибуции",
        ),
    ],
)
def test_russian_in_latin_letters_is_written_back_in_cyrillic(typed: str, written: str) -> None:
    assert cyrillic_if_transliterated(typed) == written


@pytest.mark.parametrize(
    "text",
    [
        "Founders building decarbonisation technology for heavy industry",
        "Commercial insurance: fleet, property, liability",
        "Poszukujemy dystrybutora na rynek brytyjski",
        "Przygotowanie do oceny EcoVadis i certyfikacji ISO 14001",
        "Makaron jajeczny z tradycyjnej receptury",
        "Kupimy palety EUR",
        "Drony inspekcyjne dla energetyki",
        "Свежая малина",
        "Business Central partner",
    ],
)
def test_english_polish_and_cyrillic_texts_stay_as_written(text: str) -> None:
    assert not looks_transliterated_russian(text)
    assert cyrillic_if_transliterated(text) == text


def test_embedders_read_transliterated_russian_in_cyrillic_and_capitals_in_small_letters() -> None:
    assert normalise_text("  nuzhny   gruzy iz Polshi ") == "нужны грузы из Полши"
    assert normalise_text("ISHCHEM POSTAVSHCHIKA KOFE") == "ищем поставщика кофе"


def test_an_avoided_lack_is_shown_but_not_compared_by_meaning() -> None:
    avoids = "produkty bez badań klinicznych; marketing sieciowy MLM"
    items = profile_items("", "Nowe suplementy diety", avoids)

    assert items.avoids == ("produkty bez badań klinicznych", "marketing sieciowy MLM")
    assert items.avoid_texts == ("marketing sieciowy MLM",)
