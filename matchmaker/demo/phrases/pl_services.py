"""Polish profiles of the roles that bring technology, capital, people and knowledge."""

from __future__ import annotations

from typing import Final

from matchmaker.demo.profiles import ProfileText as _T

TEXTS: Final[dict[str, _T]] = {
    "robotics_integrator": _T(
        (
            "Zrobotyzowana paletyzacja i pakowanie w kartony dla linii spożywczych, partner ABB i Fanuc",
            "Spawanie i obsługa maszyn przez coboty ze zwrotem z inwestycji poniżej 2 lat",
            "Modernizacja linii produkcyjnych i sterowania PLC (Siemens S7, TIA Portal)",
        ),
        (
            "Zakłady produkcyjne planujące automatyzację końca linii pakowania",
            "Inżynierów automatyków i programistów PLC do naszego zespołu",
            "Dostawców cobotów i chwytaków oferujących program partnerski dla integratorów",
        ),
        ("Inżynier Sprzedaży", "Dyrektor Zarządzający", "Kierownik Projektów Automatyki"),
        ("{place} Robotyka", "{place} Automatyka", "{surname} Inżynieria"),
    ),
    "machine_vision": _T(
        (
            "Kontrola jakości oparta na AI i wizji maszynowej dla opakowań, etykiet i żywności",
            "Systemy wizyjne wykrywające wady przy 600 sztukach na minutę, zintegrowane z PLC",
            "Bezpłatny test wykonalności na próbkach Twoich produktów",
        ),
        (
            "Integratorów i producentów maszyn jako partnerów handlowych",
            "Zakłady spożywcze, opakowaniowe i motoryzacyjne z ręczną kontrolą jakości",
            "Inwestorów do ekspansji na rynek DACH",
        ),
        ("CEO", "Kierownik ds. Partnerstw", "Inżynier Aplikacji"),
        ("{place} Vision", "WizjaTech {place}", "{place} Inspekcja"),
    ),
    "automation_engineer": _T(
        (
            "Programowanie PLC w Siemens TIA Portal i Rockwell Studio 5000, 7 lat przy uruchomieniach linii",
            "Programowanie robotów KUKA i ABB oraz SCADA w zakładach spożywczych i motoryzacyjnych",
            "Projektowanie elektryczne w EPLAN i uruchomienia na obiektach za granicą",
        ),
        (
            "Pracę na etacie jako inżynier automatyk w Warszawie lub hybrydowo",
            "Rolę projektową u integratora budującego zrobotyzowane stanowiska",
            "Mentora w obszarze AI w przemyśle i predykcyjnego utrzymania ruchu",
        ),
        ("Inżynier Automatyk", "Programista PLC|Programistka PLC", "Specjalista ds. Utrzymania Ruchu"),
        ("Zakłady Mechaniczne {place}", "{place} Serwis Przemysłowy", "{surname} Automatyka"),
    ),
    "erp_vendor": _T(
        (
            "System ERP w chmurze dla producentów z planowaniem produkcji, MRP i modułem jakości",
            "System WMS z obsługą kodów kreskowych i RFID, wdrożenie w 8 tygodni",
            "Integracje z platformami e-commerce, KSeF i EDI",
        ),
        (
            "Firmy produkcyjne zatrudniające 50-500 osób, które wymieniają stary system",
            "Partnerów wdrożeniowych i resellerów w Europie Środkowej",
            "Firmy logistyczne potrzebujące WMS do nowych magazynów",
        ),
        ("Partner Manager", "Dyrektor Sprzedaży", "Kierownik Obsługi Klienta"),
        ("{place} Software", "{place} Systemy", "{place} ERP"),
    ),
    "ai_forecasting": _T(
        (
            "Prognozowanie popytu z użyciem AI dla handlu i FMCG, do 30% mniej braków na półkach",
            "Dynamiczne ceny i optymalizacja przecen w modelu SaaS",
            "6-tygodniowy pilotaż na Waszych danych sprzedażowych z mierzalnym wynikiem",
        ),
        (
            "Sieci handlowe i producentów żywności do płatnych pilotaży",
            "Inwestorów seed do rundy 2 mln EUR",
            "Mentora z doświadczeniem w handlu detalicznym",
        ),
        (
            "Współzałożyciel i CEO|Współzałożycielka i CEO",
            "Główny Data Scientist|Główna Data Scientistka",
            "Dyrektor Sprzedaży",
        ),
        ("{place} AI", "{place} Analityka", "Prognoza {place}"),
    ),
    "b2b_payments": _T(
        (
            "Płatności międzynarodowe B2B i wymiana walut w 30 walutach z niską marżą",
            "Faktoring i finansowanie handlu dla eksporterów z decyzją w 24 godziny",
            "API płatności dla marketplace'ów i platform SaaS z licencją KNF",
        ),
        (
            "Eksporterów i importerów płacących dostawcom w USD, CNY i EUR",
            "Dostawców SaaS i ERP do integracji naszego API płatności",
            "Izby gospodarcze i doradców eksportowych jako partnerów",
        ),
        ("Kierownik ds. Partnerstw", "Dyrektor Sprzedaży MŚP", "Dyrektor Regionalny"),
        ("{place} Pay", "{place} Płatności", "{place} Finanse"),
    ),
    "recruitment_agency": _T(
        (
            "Rekrutacja inżynierów, techników i pracowników produkcji w Polsce i Europie Środkowej",
            "Praca tymczasowa i legalne zatrudnianie cudzoziemców z zezwoleniami",
            "Executive search na stanowiska dyrektorów zakładów i dyrektorów sprzedaży",
        ),
        (
            "Zakłady produkcyjne i firmy logistyczne z potrzebami rekrutacyjnymi",
            "Inżynierów i techników otwartych na nową pracę",
            "Agencje partnerskie w Azji i Ameryce Łacińskiej",
        ),
        (
            "Dyrektor ds. Rekrutacji",
            "Starszy Konsultant|Starsza Konsultantka",
            "Business Development Manager",
        ),
        ("{place} Kadry", "{place} Rekrutacja", "{place} Praca Tymczasowa"),
    ),
    "medtech_startup": _T(
        (
            "Noszony monitor EKG z oznaczeniem CE (MDR klasa IIa) i wykrywaniem arytmii przez AI",
            "Platforma zdalnego monitorowania pacjentów zintegrowana z systemami szpitalnymi (HL7, FHIR)",
            "Dane kliniczne od 2000 pacjentów z badania wieloośrodkowego",
        ),
        (
            "Dystrybutorów wyrobów medycznych w Polsce, Czechach i krajach bałtyckich",
            "Inwestorów serii A w e-zdrowie do rundy 5 mln EUR",
            "Szpitale i poradnie kardiologiczne do pilotaży klinicznych",
        ),
        ("Prezes Zarządu", "Dyrektor Medyczny", "Wiceprezes ds. Rozwoju Biznesu"),
        ("{place} Medical", "{place} Zdrowie", "{place} Kardio"),
    ),
    "medical_distributor": _T(
        (
            "Dystrybucja wyrobów medycznych do 300 szpitali w Polsce, łącznie z obsługą przetargów",
            "Wsparcie regulacyjne przy rejestracji i zgodności z MDR",
            "Zespół serwisowy i szkoleniowy 40 specjalistów klinicznych",
        ),
        (
            "Producentów innowacyjnych wyrobów z oznaczeniem CE szukających wyłącznego dystrybutora",
            "Startupy e-zdrowia z produktami refundowanymi",
            "Dostawców materiałów jednorazowych dla chirurgii i intensywnej terapii",
        ),
        ("Product Manager", "Dyrektor Zarządzający", "Kierownik Działu Przetargów"),
        ("{place} Medica", "{place} Sprzęt Medyczny", "Meditrade {place}"),
    ),
    "climate_vc": _T(
        (
            "Inwestycje seed od 500 tys. do 2 mln EUR w startupy klimatyczne",
            "Praktyczne wsparcie przy pilotażach, rekrutacji i grantach UE dzięki sieci naszego portfela",
            "Inwestycje w kolejnych rundach serii A razem z koinwestorami",
        ),
        (
            "Startupy climate tech na etapie seed z energetyki, baterii, materiałów i rolnictwa",
            "Koinwestorów do rund serii A w Europie Środkowej",
            "Założycieli budujących technologie dekarbonizacji przemysłu ciężkiego",
        ),
        ("Partner", "Menedżer Inwestycyjny|Menedżerka Inwestycyjna", "Principal"),
        ("{place} Climate Ventures", "Fundusz {place} Impact", "{place} Ventures"),
    ),
    "angel_investor": _T(
        (
            "Inwestycje anielskie 50-250 tys. EUR i mentoring od byłego założyciela firmy SaaS",
            "Kontakty do klientów korporacyjnych w handlu i przemyśle",
            "Doświadczenie w radach nadzorczych i pomoc w pozyskiwaniu kapitału",
        ),
        (
            "Startupy pre-seed i seed z obszaru oprogramowania, AI i medtech",
            "Założycieli, którzy potrzebują mentora przy pierwszej sprzedaży",
            "Syndykaty aniołów biznesu do koinwestycji",
        ),
        (
            "Anioł Biznesu",
            "Inwestor i Mentor|Inwestorka i Mentorka",
            "Partner Zarządzający|Partnerka Zarządzająca",
        ),
        ("{place} Anioły Biznesu", "{surname} Capital", "Sieć Aniołów {place}"),
    ),
    "export_consultant": _T(
        (
            "Wejście na rynki zagraniczne: wyszukiwanie partnerów, polityka cenowa i dystrybucja",
            "Wnioski o dotacje unijne i krajowe na promocję eksportu i B+R",
            "Organizacja misji gospodarczych i spotkań B2B na targach",
        ),
        (
            "Producentów i firmy spożywcze planujące eksport",
            "Zagraniczne firmy wchodzące na rynek polski",
            "Firmy doradcze w Azji Centralnej i na Kaukazie jako partnerów",
        ),
        (
            "Partner Zarządzający|Partnerka Zarządzająca",
            "Starszy Konsultant ds. Eksportu|Starsza Konsultantka ds. Eksportu",
            "Specjalista ds. Dotacji|Specjalistka ds. Dotacji",
        ),
        ("{place} Doradztwo", "{place} Consulting", "Centrum Eksportu {place}"),
    ),
    "esg_consultant": _T(
        (
            "Raportowanie CSRD i ESRS z analizą podwójnej istotności",
            "Ślad węglowy (zakres 1-3), ocena cyklu życia (LCA) i deklaracje EPD dla produktów",
            "Przygotowanie do oceny EcoVadis i certyfikacji ISO 14001",
        ),
        (
            "Producentów i eksporterów, których dotyczy CSRD lub wymagania ESG klientów",
            "Partnerów z oprogramowaniem do rozliczania emisji",
            "Firmy opakowaniowe i spożywcze potrzebujące danych LCA",
        ),
        (
            "Dyrektor ds. ESG",
            "Konsultant ds. Zrównoważonego Rozwoju|Konsultantka ds. Zrównoważonego Rozwoju",
            "Założyciel|Założycielka",
        ),
        ("{place} ESG", "{place} Zrównoważony Rozwój", "{place} Doradztwo Klimatyczne"),
    ),
    "university_lab": _T(
        (
            "Badania zlecone i testy laboratoryjne: inżynieria materiałowa, elektrochemia, technologia żywności",
            "Wspólne wnioski do programu Horyzont Europa i do NCBR",
            "Praktyki studenckie i prace dyplomowe we współpracy z przemysłem",
        ),
        (
            "Partnerów przemysłowych do projektów badań stosowanych",
            "Firmy do licencjonowania naszych patentów z zakresu baterii i czujników",
            "Inwestorów dla uczelnianych spółek spin-off",
        ),
        (
            "Profesor",
            "Kierownik Centrum Transferu Technologii|Kierowniczka Centrum Transferu Technologii",
            "Kierownik Laboratorium",
        ),
        (
            "Politechnika Nadwiślańska",
            "Politechnika Bałtycka",
            "Uniwersytet Przyrodniczo-Techniczny w Pile",
            "Centrum Badań Materiałowych w Toruniu",
            "Instytut Technologii Żywności w Siedlcach",
        ),
    ),
}
