"""The kinds of attendee the demo fair is made of, independent of the language a profile is written in.

An ``Archetype`` is a business role at the fair (a coffee roaster, a green-coffee importer ...). Roles are
chosen in complementary pairs so the matching engine has real answers to find: what one role offers is
what another seeks. Each role appears several times, so competitors exist as they do at a real fair.
The words of a profile live in the phrase banks (``matchmaker.demo.phrases``), one ``ProfileText`` per
role and language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from matchmaker.core import intents as i


@dataclass(frozen=True)
class InterestTag:
    """An entry of the event's interest list: a stable English slug and its labels."""

    tag: str
    en: str
    pl: str
    ru: str


@dataclass(frozen=True)
class Archetype:
    """A business role; ``weight`` is how common it is relative to the others."""

    key: str
    sector: str
    weight: int
    interests: tuple[str, ...]
    extra_interests: tuple[str, ...]
    intents: tuple[str, ...]
    extra_intents: tuple[str, ...] = ()
    # Universities and funds are named as they are, without "Ltd" or "Sp. z o.o." appended.
    legal_form: bool = True


@dataclass(frozen=True)
class ProfileText:
    """A role's words in one language. Company templates use ``{place}`` and ``{surname}``."""

    offers: tuple[str, ...]
    seeks: tuple[str, ...]
    job_titles: tuple[str, ...]
    companies: tuple[str, ...]


INTEREST_TAGS: Final[tuple[InterestTag, ...]] = (
    InterestTag("packaging", "Packaging", "Opakowania", "Упаковка"),
    InterestTag("sustainability", "Sustainability", "Zrównoważony rozwój", "Устойчивое развитие"),
    InterestTag(
        "circular-economy", "Circular economy", "Gospodarka obiegu zamkniętego", "Экономика замкнутого цикла"
    ),
    InterestTag("food-beverage", "Food & beverage", "Żywność i napoje", "Продукты питания и напитки"),
    InterestTag("coffee-tea", "Coffee & tea", "Kawa i herbata", "Кофе и чай"),
    InterestTag("horeca", "HoReCa", "HoReCa", "HoReCa"),
    InterestTag("retail", "Retail", "Handel detaliczny", "Розничная торговля"),
    InterestTag("e-commerce", "E-commerce", "E-commerce", "Электронная коммерция"),
    InterestTag("logistics", "Logistics", "Logistyka", "Логистика"),
    InterestTag("cold-chain", "Cold chain", "Łańcuch chłodniczy", "Холодовая цепь"),
    InterestTag(
        "renewable-energy", "Renewable energy", "Odnawialne źródła energii", "Возобновляемая энергетика"
    ),
    InterestTag("energy-storage", "Energy storage", "Magazynowanie energii", "Накопление энергии"),
    InterestTag(
        "battery-materials", "Battery materials", "Materiały do baterii", "Материалы для аккумуляторов"
    ),
    InterestTag("manufacturing", "Manufacturing", "Produkcja", "Производство"),
    InterestTag(
        "industrial-automation",
        "Industrial automation",
        "Automatyka przemysłowa",
        "Промышленная автоматизация",
    ),
    InterestTag("robotics", "Robotics", "Robotyka", "Робототехника"),
    InterestTag("ai-data", "AI & data", "AI i dane", "ИИ и данные"),
    InterestTag("software-saas", "Software & SaaS", "Oprogramowanie i SaaS", "ПО и SaaS"),
    InterestTag("fintech", "Fintech", "Fintech", "Финтех"),
    InterestTag("export", "Export & new markets", "Eksport i nowe rynki", "Экспорт и новые рынки"),
    InterestTag("hr-talent", "HR & talent", "HR i talenty", "HR и таланты"),
    InterestTag("furniture-wood", "Furniture & wood", "Meble i drewno", "Мебель и древесина"),
    InterestTag("textiles-fashion", "Textiles & fashion", "Tekstylia i moda", "Текстиль и мода"),
    InterestTag("cosmetics", "Cosmetics", "Kosmetyki", "Косметика"),
    InterestTag("agritech", "Agritech", "Agritech", "Агротех"),
    InterestTag("medtech", "Medtech & health", "Medtech i zdrowie", "Медтех и здоровье"),
    InterestTag("construction", "Construction", "Budownictwo", "Строительство"),
    InterestTag("investment", "Investment", "Inwestycje", "Инвестиции"),
    InterestTag("startups", "Startups", "Startupy", "Стартапы"),
    InterestTag(
        "research-innovation", "Research & innovation", "Badania i innowacje", "Исследования и инновации"
    ),
    InterestTag("eu-funding", "EU funding", "Fundusze UE", "Финансирование ЕС"),
)

_A = Archetype
ARCHETYPES: Final[tuple[Archetype, ...]] = (
    # Packaging
    _A(
        "compostable_packaging",
        "packaging",
        3,
        ("packaging", "sustainability"),
        ("circular-economy", "coffee-tea", "horeca", "food-beverage"),
        (i.FIND_CLIENTS,),
        (i.FIND_PARTNERS, i.KNOWLEDGE_EXCHANGE),
    ),
    _A(
        "corrugated_packaging",
        "packaging",
        2,
        ("packaging", "e-commerce"),
        ("sustainability", "manufacturing", "logistics"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
        (i.FIND_PARTNERS,),
    ),
    # Coffee & tea
    _A(
        "coffee_roaster",
        "coffee-tea",
        3,
        ("coffee-tea", "horeca"),
        ("sustainability", "retail", "packaging"),
        (i.FIND_SUPPLIERS, i.FIND_CLIENTS),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "green_coffee_importer",
        "coffee-tea",
        2,
        ("coffee-tea", "export"),
        ("sustainability", "logistics"),
        (i.FIND_CLIENTS,),
        (i.FIND_PARTNERS, i.KNOWLEDGE_EXCHANGE),
    ),
    _A(
        "cafe_chain",
        "coffee-tea",
        2,
        ("coffee-tea", "horeca", "retail"),
        ("packaging", "sustainability"),
        (i.FIND_SUPPLIERS,),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "tea_company",
        "coffee-tea",
        1,
        ("coffee-tea", "food-beverage"),
        ("export", "retail", "packaging"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
        (i.FIND_PARTNERS,),
    ),
    # Food & beverage
    _A(
        "food_producer",
        "food-beverage",
        3,
        ("food-beverage", "retail"),
        ("export", "packaging", "cold-chain"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
        (i.FIND_INVESTORS, i.FIND_PARTNERS),
    ),
    _A(
        "food_distributor",
        "food-beverage",
        2,
        ("food-beverage", "retail"),
        ("horeca", "logistics", "export"),
        (i.FIND_SUPPLIERS,),
        (i.FIND_PARTNERS,),
    ),
    # Logistics and cold chain
    _A(
        "freight_forwarder",
        "logistics",
        3,
        ("logistics", "export"),
        ("e-commerce", "manufacturing"),
        (i.FIND_CLIENTS,),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "fulfilment_3pl",
        "logistics",
        2,
        ("logistics", "e-commerce"),
        ("retail", "software-saas"),
        (i.FIND_CLIENTS,),
        (i.FIND_SUPPLIERS, i.FIND_PARTNERS),
    ),
    _A(
        "cold_chain_carrier",
        "cold-chain",
        2,
        ("cold-chain", "logistics"),
        ("food-beverage", "medtech"),
        (i.FIND_CLIENTS,),
        (i.FIND_SUPPLIERS, i.FIND_PARTNERS),
    ),
    _A(
        "refrigeration_maker",
        "cold-chain",
        2,
        ("cold-chain", "manufacturing"),
        ("sustainability", "food-beverage", "renewable-energy"),
        (i.FIND_CLIENTS,),
        (i.FIND_PARTNERS,),
    ),
    # Energy and batteries
    _A(
        "solar_epc",
        "renewable-energy",
        3,
        ("renewable-energy", "sustainability"),
        ("energy-storage", "manufacturing", "eu-funding"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
        (i.FIND_INVESTORS, i.FIND_PARTNERS),
    ),
    _A(
        "storage_integrator",
        "renewable-energy",
        2,
        ("energy-storage", "renewable-energy"),
        ("battery-materials", "manufacturing"),
        (i.FIND_SUPPLIERS, i.FIND_CLIENTS),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "battery_startup",
        "battery-materials",
        2,
        ("battery-materials", "startups", "investment"),
        ("research-innovation", "circular-economy", "energy-storage"),
        (i.FIND_INVESTORS, i.FIND_CLIENTS),
        (i.FIND_PARTNERS, i.KNOWLEDGE_EXCHANGE),
    ),
    _A(
        "cathode_maker",
        "battery-materials",
        1,
        ("battery-materials", "manufacturing"),
        ("research-innovation", "startups"),
        (i.FIND_SUPPLIERS,),
        (i.FIND_STARTUPS, i.KNOWLEDGE_EXCHANGE),
    ),
    _A(
        "battery_recycler",
        "battery-materials",
        2,
        ("battery-materials", "circular-economy"),
        ("energy-storage", "sustainability", "investment"),
        (i.FIND_SUPPLIERS, i.FIND_CLIENTS),
        (i.FIND_INVESTORS,),
    ),
    # Industrial automation
    _A(
        "robotics_integrator",
        "industrial-automation",
        3,
        ("industrial-automation", "robotics"),
        ("manufacturing", "ai-data", "hr-talent"),
        (i.FIND_CLIENTS, i.FIND_TALENT),
        (i.FIND_SUPPLIERS, i.FIND_PARTNERS),
    ),
    _A(
        "machine_vision",
        "industrial-automation",
        2,
        ("industrial-automation", "ai-data"),
        ("manufacturing", "startups", "food-beverage"),
        (i.FIND_PARTNERS, i.FIND_CLIENTS),
        (i.FIND_INVESTORS,),
    ),
    _A(
        "automation_engineer",
        "industrial-automation",
        1,
        ("industrial-automation", "hr-talent"),
        ("robotics", "manufacturing"),
        (i.FIND_JOB,),
        (i.KNOWLEDGE_EXCHANGE, i.FIND_MENTOR),
    ),
    # Software and finance
    _A(
        "erp_vendor",
        "software-saas",
        2,
        ("software-saas", "manufacturing"),
        ("e-commerce", "logistics", "ai-data"),
        (i.FIND_CLIENTS, i.FIND_PARTNERS),
    ),
    _A(
        "ai_forecasting",
        "software-saas",
        2,
        ("ai-data", "software-saas", "startups"),
        ("retail", "food-beverage"),
        (i.FIND_CLIENTS, i.FIND_INVESTORS),
        (i.FIND_MENTOR, i.FIND_PARTNERS),
    ),
    _A(
        "b2b_payments",
        "fintech",
        2,
        ("fintech", "export"),
        ("e-commerce", "software-saas", "startups"),
        (i.FIND_CLIENTS, i.FIND_PARTNERS),
    ),
    # People
    _A(
        "recruitment_agency",
        "hr-recruitment",
        2,
        ("hr-talent", "manufacturing"),
        ("logistics", "export"),
        (i.FIND_CLIENTS, i.FIND_TALENT),
    ),
    # Furniture, textiles, cosmetics
    _A(
        "furniture_maker",
        "furniture",
        2,
        ("furniture-wood", "manufacturing"),
        ("export", "sustainability"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "furniture_buyer",
        "furniture",
        1,
        ("furniture-wood", "retail"),
        ("sustainability", "e-commerce"),
        (i.FIND_SUPPLIERS,),
    ),
    _A(
        "textile_maker",
        "textiles",
        2,
        ("textiles-fashion", "manufacturing"),
        ("sustainability", "circular-economy"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
    ),
    _A(
        "fashion_brand",
        "textiles",
        1,
        ("textiles-fashion", "retail"),
        ("sustainability", "e-commerce"),
        (i.FIND_SUPPLIERS,),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "cosmetics_manufacturer",
        "cosmetics",
        2,
        ("cosmetics", "manufacturing"),
        ("retail", "export", "packaging"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
    ),
    _A(
        "natural_ingredients",
        "cosmetics",
        1,
        ("cosmetics", "sustainability"),
        ("agritech", "food-beverage"),
        (i.FIND_CLIENTS,),
        (i.FIND_PARTNERS,),
    ),
    # Agriculture
    _A(
        "agritech_startup",
        "agritech",
        2,
        ("agritech", "startups"),
        ("ai-data", "investment", "sustainability"),
        (i.FIND_CLIENTS, i.FIND_INVESTORS),
        (i.FIND_PARTNERS, i.FIND_MENTOR),
    ),
    _A(
        "grain_cooperative",
        "agritech",
        2,
        ("agritech", "food-beverage"),
        ("export", "logistics"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
        (i.KNOWLEDGE_EXCHANGE,),
    ),
    # Health
    _A(
        "medtech_startup",
        "medtech",
        2,
        ("medtech", "startups"),
        ("investment", "research-innovation", "eu-funding"),
        (i.FIND_PARTNERS, i.FIND_INVESTORS),
        (i.FIND_CLIENTS, i.FIND_MENTOR),
    ),
    _A(
        "medical_distributor",
        "medtech",
        1,
        ("medtech", "export"),
        ("startups", "logistics"),
        (i.FIND_SUPPLIERS,),
        (i.FIND_PARTNERS,),
    ),
    # Construction
    _A(
        "timber_construction",
        "construction-materials",
        2,
        ("construction", "sustainability"),
        ("furniture-wood", "circular-economy", "manufacturing"),
        (i.FIND_CLIENTS, i.FIND_SUPPLIERS),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "building_contractor",
        "construction-materials",
        2,
        ("construction", "manufacturing"),
        ("sustainability", "renewable-energy"),
        (i.FIND_SUPPLIERS,),
        (i.FIND_PARTNERS,),
    ),
    # Capital, advice and research
    _A(
        "climate_vc",
        "investors",
        2,
        ("investment", "startups", "sustainability"),
        ("renewable-energy", "battery-materials", "agritech"),
        (i.FIND_STARTUPS,),
        (i.FIND_MENTEES, i.KNOWLEDGE_EXCHANGE),
        legal_form=False,
    ),
    _A(
        "angel_investor",
        "investors",
        1,
        ("investment", "startups"),
        ("medtech", "software-saas", "ai-data"),
        (i.FIND_STARTUPS, i.FIND_MENTEES),
        legal_form=False,
    ),
    _A(
        "export_consultant",
        "consulting",
        2,
        ("export", "eu-funding"),
        ("manufacturing", "food-beverage"),
        (i.FIND_CLIENTS,),
        (i.FIND_PARTNERS,),
    ),
    _A(
        "esg_consultant",
        "consulting",
        2,
        ("sustainability", "circular-economy"),
        ("manufacturing", "eu-funding"),
        (i.FIND_CLIENTS,),
        (i.KNOWLEDGE_EXCHANGE,),
    ),
    _A(
        "university_lab",
        "research-universities",
        2,
        ("research-innovation", "eu-funding"),
        ("battery-materials", "ai-data", "medtech", "hr-talent"),
        (i.FIND_PARTNERS, i.KNOWLEDGE_EXCHANGE),
        (i.FIND_INVESTORS,),
        legal_form=False,
    ),
)
