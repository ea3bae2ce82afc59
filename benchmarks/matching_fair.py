"""A synthetic trade fair of any size for the matching benchmark: English, Polish and Russian profiles,
each offering and seeking one to three items, deterministic per seed."""

from __future__ import annotations

import random

from matchmaker.core.intents import INTENTS
from matchmaker.core.matching import Profile

# (English, Polish, Russian) product or service names; a profile offers some and seeks others.
GOODS = [
    ("compostable cups and lids", "kompostowalne kubki i pokrywki", "компостируемые стаканы и крышки"),
    ("cardboard shipping boxes", "kartonowe pudełka wysyłkowe", "картонные коробки для отправки"),
    ("roasted specialty coffee", "palona kawa specialty", "обжаренный кофе спешелти"),
    ("green coffee beans", "zielona kawa", "зелёный кофе"),
    ("solar panels and inverters", "panele fotowoltaiczne i falowniki", "солнечные панели и инверторы"),
    ("battery energy storage", "magazyny energii", "системы хранения энергии"),
    ("road freight transport", "transport drogowy", "автомобильные грузоперевозки"),
    ("cold chain logistics", "logistyka chłodnicza", "логистика холодовой цепи"),
    ("fleet telematics software", "oprogramowanie do telematyki flot", "телематика для автопарка"),
    ("organic wheat flour", "ekologiczna mąka pszenna", "органическая пшеничная мука"),
    ("hotel bed linen and towels", "pościel i ręczniki hotelowe", "гостиничное постельное бельё"),
    (
        "CNC machining of metal parts",
        "obróbka CNC części metalowych",
        "обработка металлических деталей на ЧПУ",
    ),
    ("robotic welding cells", "zrobotyzowane stanowiska spawalnicze", "роботизированные сварочные ячейки"),
    ("penetration testing", "testy penetracyjne", "тестирование на проникновение"),
    ("GDPR-compliant cloud hosting", "hosting w chmurze zgodny z RODO", "облачный хостинг в ЕС"),
    ("ultrasound scanners", "aparaty USG", "ультразвуковые аппараты"),
    ("fresh vegetables", "świeże warzywa", "свежие овощи"),
    ("craft beer", "piwo rzemieślnicze", "крафтовое пиво"),
    ("aroma hops", "chmiel aromatyczny", "ароматический хмель"),
    ("sawn pine timber", "tarcica sosnowa", "сосновый пиломатериал"),
    ("wooden EUR pallets", "palety drewniane EUR", "деревянные европоддоны"),
    ("recycled PET flakes", "płatki PET z recyklingu", "вторичные ПЭТ-хлопья"),
    ("organic cotton garments", "odzież z bawełny organicznej", "одежда из органического хлопка"),
    (
        "medical device certification under MDR",
        "certyfikacja wyrobów medycznych MDR",
        "сертификация медицинских изделий по MDR",
    ),
    (
        "translation into German and French",
        "tłumaczenia na niemiecki i francuski",
        "переводы на немецкий и французский",
    ),
    ("industrial 3D printing", "przemysłowy druk 3D", "промышленная 3D-печать"),
    ("agricultural drones", "drony rolnicze", "сельскохозяйственные дроны"),
    ("natural honey", "naturalny miód", "натуральный мёд"),
    ("conference venue for 500 guests", "sala konferencyjna na 500 osób", "конференц-зал на 500 человек"),
    ("legal services for startups", "usługi prawne dla startupów", "юридические услуги для стартапов"),
]
_OFFER = ("We supply {}", "Dostarczamy {}", "Поставляем {}")
_SEEK = ("Looking for {}", "Szukamy: {}", "Ищем {}")
_PLACE = (" in {}", " — {}", " — {}")
CITIES = [
    "Warsaw",
    "Gdańsk",
    "Berlin",
    "Riga",
    "Vilnius",
    "Kraków",
    "Poznań",
    "Tallinn",
    "Prague",
    "Wrocław",
    "Hamburg",
    "Łódź",
    "Minsk",
    "Almaty",
    "Helsinki",
    "Oslo",
    "Kaunas",
    "Lublin",
    "Szczecin",
    "Vienna",
]
SECTORS = [
    "food & beverage",
    "packaging",
    "energy",
    "logistics",
    "software",
    "manufacturing",
    "healthcare",
    "agriculture",
    "textiles",
    "services",
]


def synthetic_profiles(n: int, seed: int = 0) -> list[Profile]:
    """``n`` profiles; a third write Polish, a sixth Russian, the rest English."""
    rng = random.Random(seed)
    profiles = []
    for i in range(n):
        lang = rng.choices((0, 1, 2), weights=(3, 2, 1))[0]
        offered = rng.sample(range(len(GOODS)), rng.randint(1, 3))
        sought = rng.sample([g for g in range(len(GOODS)) if g not in offered], rng.randint(1, 3))
        city = rng.choice(CITIES)

        company = f"Company {rng.randint(0, n // 3)}"

        def text(template: str, goods: list[int], lang: int = lang, place: str = f"{company}, {city}") -> str:
            items = "; ".join(template.format(GOODS[g][lang]) for g in goods)
            return items + _PLACE[lang].format(place)

        profiles.append(
            Profile(
                key=f"p{i:05d}",
                offers=text(_OFFER[lang], offered),
                seeks=text(_SEEK[lang], sought),
                company=company,
                sector=rng.choice(SECTORS),
                interests=tuple(rng.sample(SECTORS, 2)),
                intents=tuple(rng.sample(INTENTS, rng.randint(1, 2))),
                languages=(("en",), ("pl", "en"), ("ru", "en"))[lang],
            )
        )
    return profiles
