"""Polish profiles of the roles that make, move and sell physical goods."""

from __future__ import annotations

from typing import Final

from matchmaker.demo.profiles import ProfileText as _T

TEXTS: Final[dict[str, _T]] = {
    "compostable_packaging": _T(
        (
            "Kompostowalne kubki papierowe 4-16 oz z powłoką dyspersyjną bez plastiku, certyfikat EN 13432",
            "Wieczka z bagassy i CPLA do napojów gorących, nadruk do 6 kolorów, MOQ 50 000 szt.",
            "Torby papierowe i opakowania na kanapki z certyfikatem FSC, marka własna dla sieci kawiarni",
        ),
        (
            "Sieci kawiarni i palarnie kawy przechodzące na kompostowalne kubki i wieczka",
            "Dystrybutorów jednorazówek dla HoReCa w Niemczech, Czechach i krajach bałtyckich",
            "Marki food-to-go przygotowujące się do dyrektywy SUP o plastiku jednorazowym",
        ),
        (
            "Key Account Manager",
            "Dyrektor Eksportu",
            "Współzałożyciel i Prezes Zarządu|Współzałożycielka i Prezeska Zarządu",
        ),
        ("EkoPak {place}", "{place} Opakowania", "Kubki {place}"),
    ),
    "corrugated_packaging": _T(
        (
            "Kartony klapowe i fasonowe z tektury falistej, FEFCO 0201 i 0427, od 5000 szt., FSC i ISO 9001",
            "Opakowania dla e-commerce z papierowym wypełniaczem i taśmą zrywającą, druk flekso lub cyfrowy",
            "Opakowania SRP i ekspozytory projektowane u nas, próbki w 5 dni roboczych",
        ),
        (
            "Sklepy internetowe i centra fulfilment wysyłające ponad 10 000 paczek miesięcznie",
            "Dostawców makulaturowego testlinera i kraftlinera ze stabilną ceną na lata 2027-2028",
            "Dostawcę sklejarki i wykrojnika rotacyjnego do nowej linii w zakładzie",
        ),
        ("Dyrektor Sprzedaży", "Kierownik Działu Konstrukcji Opakowań", "Kierownik Zakupów"),
        ("Tektura {place}", "{place} Karton", "{surname} Opakowania"),
    ),
    "coffee_roaster": _T(
        (
            "Kawa speciality palona na miejscu, single origin i blendy do espresso z oceną SCA 84+",
            "Kawa pod marką własną dla kawiarni, hoteli i delikatesów, MOQ 60 kg, palenie na zamówienie w 48 h",
            "Szkolenia baristyczne i serwis ekspresów dla klientów HoReCa",
        ),
        (
            "Importerów kawy zielonej z identyfikowalnymi partiami z Etiopii, Kolumbii i Brazylii",
            "Dostawców kompostowalnych kubków i wieczek oraz torebek na kawę z zaworkiem",
            "Hotele, sieci kawiarni i dystrybutorów kawy do biur jako klientów hurtowych",
        ),
        (
            "Kierownik Palarni|Kierowniczka Palarni",
            "Właściciel i Prezes|Właścicielka i Prezeska",
            "Kierownik Sprzedaży Hurtowej",
        ),
        ("Palarnia Kawy {place}", "{place} Coffee", "Palarnia {surname}"),
    ),
    "green_coffee_importer": _T(
        (
            "Kawa zielona z Etiopii, Kenii i Kolumbii, identyfikowalna do stacji obróbki, dokumentacja EUDR",
            "Kontrakty spot i forward na partie myte i naturalne od jednego worka 60 kg, magazyn w Gdyni",
            "Ziarno z certyfikatem Fairtrade i ekologicznym, próbki przed wysyłką i noty cuppingowe",
        ),
        (
            "Palarnie w Polsce i Europie Środkowej kupujące 1-20 ton kawy zielonej rocznie",
            "Magazyn celny i partnera logistycznego w Gdańsku",
            "Palarnie zainteresowane handlem bezpośrednim i projektami z farmami",
        ),
        ("Trader Kawy Zielonej", "Kierownik ds. Zakupów", "Wspólnik Zarządzający|Wspólniczka Zarządzająca"),
        ("{place} Green Coffee", "Import Kawy {place}", "{place} Origins"),
    ),
    "cafe_chain": _T(
        (
            "Sieć 42 kawiarni na lotniskach i w centrach handlowych, poszerzamy menu o lokalnych dostawców",
            "Współpraca franczyzowa dla naszej sieci kawiarni w Polsce i krajach bałtyckich",
            "Wprowadzenie nowych wypieków i przekąsek do wszystkich lokali po 4-tygodniowym pilotażu",
        ),
        (
            "Palarnię speciality do dostaw 30 ton blendu espresso rocznie pod naszą marką",
            "Kompostowalne kubki, wieczka i słomki w dużych ilościach z certyfikatem EN 13432",
            "Dostawców napojów roślinnych, syropów i wypieków z HACCP i dystrybucją w całej Polsce",
        ),
        ("Dyrektor Zakupów", "Category Manager", "Dyrektor Rozwoju Franczyzy"),
        ("Kawiarnie {place}", "{place} Café", "Caffè {place}"),
    ),
    "tea_company": _T(
        (
            "Herbaty liściaste i w piramidkach, certyfikat ekologiczny, marka własna od 500 kg",
            "Matcha i funkcjonalne napary ziołowe dla kawiarni i handlu, z Japonii i Sri Lanki",
            "Koncentraty herbaty cold brew dla HoReCa z 12-miesięczną trwałością",
        ),
        (
            "Dystrybutorów i sieci handlowe w Polsce i krajach bałtyckich",
            "Dostawców kompostowalnych torebek i siateczki do piramidek",
            "Sieci kawiarni i hotele szukające oferty herbat premium",
        ),
        (
            "Kierownik Eksportu",
            "Założyciel i Mistrz Herbaty|Założycielka i Mistrzyni Herbaty",
            "Dyrektor Handlowy",
        ),
        ("Herbaciarnia {place}", "{place} Tea", "Herbaty {surname}"),
    ),
    "food_producer": _T(
        (
            "Przekąski roślinne i batony proteinowe pod marką własną, certyfikaty BRC i IFS, MOQ jedna paleta",
            "Mrożone dania gotowe dla sieci handlowych, HACCP, trwałość 18 miesięcy w -18°C",
            "Pieczywo bezglutenowe pod własną marką, obecne w 3 sieciach handlowych w UE",
        ),
        (
            "Sieci handlowe i dystrybutorów w Europie Środkowo-Wschodniej",
            "Opakowania monomateriałowe do recyklingu i kompostowalne tacki",
            "Przewoźnika chłodniczego do cotygodniowych dostaw do Niemiec",
        ),
        ("Kierownik Sprzedaży Eksportowej", "Prezes Zarządu", "Dyrektor ds. Rozwoju Biznesu"),
        ("Zakłady Spożywcze {place}", "{place} Food", "{surname} Smaki Rodzinne"),
    ),
    "food_distributor": _T(
        (
            "Dystrybucja do 2500 sklepów spożywczych i 400 lokali HoReCa w całej Polsce",
            "Import, odprawa celna i etykiety w języku polskim dla marek wchodzących na rynek",
            "Wsparcie we wprowadzeniu produktów do sieci handlowych i category management",
        ),
        (
            "Nowe marki żywności i napojów z doświadczeniem eksportowym, zwłaszcza zdrowe przekąski",
            "Producentów oferujących produkcję pod naszą markę własną",
            "Marki napojów rzemieślniczych i kawy speciality bez przedstawiciela w Polsce",
        ),
        ("Dyrektor Zakupów", "Brand Manager", "Kupiec Kategorii"),
        ("Hurtownia {place}", "{place} Dystrybucja", "{place} Delikatesy Import"),
    ),
    "freight_forwarder": _T(
        (
            "Transport drogowy FTL i LTL Polska-Niemcy-Skandynawia, własna flota 120 ciągników",
            "Fracht kolejowy i morski z Chin do Polski z odprawą celną w Małaszewiczach",
            "Transport ponadgabarytowy i projektowy z zezwoleniami i pilotażem",
        ),
        (
            "Producentów i dystrybutorów z regularnymi wysyłkami po Europie",
            "Partnerów magazynowych w okolicach Warszawy, Poznania i Łodzi",
            "Przewoźników z naczepami chłodniczymi do podwykonawstwa",
        ),
        ("Dyrektor Sprzedaży", "Kierownik Oddziału", "Spedytor Międzynarodowy|Spedytorka Międzynarodowa"),
        ("{place} Logistyka", "Trans-{place}", "{surname} Transport"),
    ),
    "fulfilment_3pl": _T(
        (
            "Fulfilment dla e-commerce z magazynu 30 000 m² pod Warszawą, wysyłka tego samego dnia do 15:00",
            "Obsługa zwrotów, kompletacja zestawów i co-packing dla marek D2C",
            "Logistyka kontraktowa z integracją WMS z Shopify, Magento i Allegro",
        ),
        (
            "Sklepy internetowe i marki D2C wchodzące na rynek polski i środkowoeuropejski",
            "Dostawców autonomicznych robotów mobilnych do kompletacji",
            "Firmy kurierskie z dobrymi stawkami do Niemiec i Czech",
        ),
        ("Business Development Manager", "Dyrektor Operacyjny", "Kierownik Wdrożeń"),
        ("{place} Fulfillment", "Centrum Logistyczne {place}", "{place} 3PL"),
    ),
    "cold_chain_carrier": _T(
        (
            "Transport w kontrolowanej temperaturze od -25°C do +25°C, certyfikat GDP dla farmacji",
            "Drobnica chłodnicza do Niemiec, Skandynawii i krajów bałtyckich dwa razy w tygodniu",
            "Chłodnia składowa na 8000 miejsc paletowych z tunelem szybkiego mrożenia",
        ),
        (
            "Producentów żywności i hurtownie farmaceutyczne potrzebujące pewnego łańcucha chłodniczego",
            "Rejestratory temperatury IoT i telematykę dla 200 naczep chłodniczych",
            "Partnerów do cross-dockingu w krajach nordyckich",
        ),
        ("Dyrektor Handlowy", "Key Account Manager Farmacja", "Kierownik Floty"),
        ("{place} Chłodnie", "Frigo-{place}", "{place} Cold Logistics"),
    ),
    "refrigeration_maker": _T(
        (
            "Transkrytyczne instalacje chłodnicze CO2 dla supermarketów i chłodni",
            "Przemysłowe pompy ciepła i agregaty amoniakalne dla przetwórstwa spożywczego do 2 MW",
            "Zdalny monitoring i serwis 24/7 instalacji chłodniczych",
        ),
        (
            "Operatorów chłodni i zakłady przetwórcze planujące rozbudowę",
            "Firmy instalacyjne jako partnerów w Polsce, Czechach i na Słowacji",
            "Dystrybutorów naszych regałów i lad chłodniczych",
        ),
        ("Regionalny Kierownik Sprzedaży", "Inżynier Aplikacji", "Dyrektor Zarządzający"),
        ("{place} Chłodnictwo", "Technika Chłodnicza {place}", "{surname} Klimat"),
    ),
    "solar_epc": _T(
        (
            "Farmy PV i instalacje dachowe dla zakładów i magazynów od 200 kWp do 20 MWp w formule EPC",
            "Umowy cPPA ze stałą ceną na 10-15 lat bez nakładów własnych",
            "Serwis i utrzymanie farm fotowoltaicznych z monitoringiem i gwarancją uzysku",
        ),
        (
            "Zakłady produkcyjne i centra logistyczne z dużymi dachami i wysokim zużyciem w dzień",
            "Dostawców modułów PV tier-1 i falowników z magazynem w Europie",
            "Fundusze i banki finansujące projekty fotowoltaiczne dla przemysłu",
        ),
        ("Dyrektor Sprzedaży B2B", "Kierownik Rozwoju Projektów", "Prezes Zarządu"),
        ("{place} Solar", "{place} Energia", "Fotowoltaika {place}"),
    ),
    "storage_integrator": _T(
        (
            "Magazyny energii dla przemysłu od 250 kWh do 10 MWh: redukcja szczytów mocy i zasilanie awaryjne",
            "Kontenerowe magazyny BESS z systemem EMS, integracja z PV i usługami sieciowymi",
            "Analizy opłacalności i modele finansowania magazynów energii za licznikiem",
        ),
        (
            "Dostawców ogniw i modułów LFP produkowanych w Europie",
            "Zakłady z wysokimi opłatami mocowymi i własną fotowoltaiką",
            "Firmy EPC fotowoltaiki, które chcą oferować magazyny razem z PV",
        ),
        ("Dyrektor Techniczny", "Kierownik Sprzedaży Magazynów Energii", "Dyrektor ds. Rozwoju"),
        ("{place} Magazyny Energii", "{place} Power", "EnergoSystem {place}"),
    ),
    "battery_startup": _T(
        (
            "Materiał katodowy do ogniw sodowo-jonowych bez kobaltu i niklu, pilotażowo 5 ton rocznie",
            "Opatentowany niskoenergetyczny proces produkcji proszku katodowego LFP, próbki dostępne",
            "Wspólne opracowanie receptur katod z producentami ogniw",
        ),
        (
            "Inwestorów seed i seria A w climate tech do rundy 3 mln EUR",
            "Odbiorcę materiałów katodowych lub producenta ogniw do umowy offtake",
            "Partnera z instalacją pilotażową do obróbki proszków w Polsce",
        ),
        (
            "Współzałożyciel i CEO|Współzałożycielka i CEO",
            "Dyrektor Technologiczny",
            "Kierownik ds. Partnerstw|Kierowniczka ds. Partnerstw",
        ),
        ("{place} Materiały Bateryjne", "{place} Katody", "{place} Ionics"),
    ),
    "cathode_maker": _T(
        (
            "Kontrakty offtake na materiały katodowe NMC i LFP, ponad 10 000 ton rocznie",
            "Program kwalifikacji technicznej dla nowych dostawców surowców",
            "Współinwestycje i wsparcie skalowania dla startupów bateryjnych",
        ),
        (
            "Dostawców wodorotlenku litu, siarczanu niklu i manganu o niskim śladzie węglowym",
            "Startupy z nowymi chemiami katod gotowymi do skali pilotażowej",
            "Czarną masę z recyklingu i odzyskane metale do zamkniętego obiegu",
        ),
        ("Dyrektor Zakupów Surowców", "Kierownik ds. Innowacji", "Menedżer Zakupów Strategicznych"),
        ("{place} Materiały Katodowe", "{place} Chemia", "{place} Advanced Materials"),
    ),
    "battery_recycler": _T(
        (
            "Zbiórka i recykling baterii litowo-jonowych z aut elektrycznych, rowerów i odpadów produkcyjnych",
            "Czarna masa z gwarantowaną zawartością kobaltu, niklu i litu, 300 ton rocznie",
            "Bezpieczny transport uszkodzonych baterii zgodnie z ADR w certyfikowanych pojemnikach",
        ),
        (
            "Producentów baterii i rowerów elektrycznych potrzebujących partnera w ramach ROP",
            "Rafinerie hydrometalurgiczne kupujące czarną masę",
            "Inwestorów do drugiej linii rozdrabniania, 8 mln EUR",
        ),
        ("Dyrektor Handlowy", "Kierownik ds. Rozwoju Biznesu", "Założyciel|Założycielka"),
        ("{place} Recykling", "Odzysk Baterii {place}", "{place} Metale Obiegowe"),
    ),
    "furniture_maker": _T(
        (
            "Meble z litego dębu i buku z certyfikatem FSC, produkcja kontraktowa dla marek z Europy",
            "Sofy i krzesła tapicerowane, 40 000 sztuk rocznie, także w wersji do samodzielnego montażu",
            "Projektowanie i prototypowanie kolekcji mebli w 6 tygodni",
        ),
        (
            "Sieci meblowe i sklepy internetowe w Niemczech, Skandynawii i Wielkiej Brytanii",
            "Dostawców tarcicy dębowej i sklejki z certyfikatem FSC",
            "Automatyzację obróbki CNC i linii lakierniczej, by zwiększyć moce",
        ),
        ("Kierownik Sprzedaży Eksportowej", "Dyrektor Produkcji", "Właściciel|Właścicielka"),
        ("Fabryka Mebli {place}", "{place} Meble", "Meble {surname}"),
    ),
    "furniture_buyer": _T(
        (
            "Sieć 60 salonów meblowych i sklep internetowy w całej Polsce",
            "Długoterminowe kontrakty zakupowe z prognozą na 12 miesięcy",
            "Wspólne projektowanie kolekcji na wyłączność pod naszą marką",
        ),
        (
            "Producentów stołów i łóżek z litego drewna w Polsce i na Litwie",
            "Zakłady tapicerskie zdolne dostarczać 2000 sof miesięcznie",
            "Dostawców z łańcuchem dostaw FSC i procedurą należytej staranności EUDR",
        ),
        ("Starszy Kupiec Meble", "Dyrektor Zakupów", "Category Manager Salon"),
        ("Salony Meblowe {place}", "{place} Dom", "{place} Wnętrza"),
    ),
    "textile_maker": _T(
        (
            "Odzież robocza i firmowa, ostrzegawcza EN ISO 20471, od 500 sztuk",
            "Dzianiny z bawełny organicznej z certyfikatami GOTS i OEKO-TEX, szycie w Polsce",
            "Krótkie terminy realizacji 4-6 tygodni w ramach nearshoringu",
        ),
        (
            "Marki modowe i odzieży roboczej przenoszące produkcję z Azji do Europy",
            "Dostawców przędzy z poliestru i bawełny z recyklingu",
            "Partnerów do recyklingu odpadów poprodukcyjnych",
        ),
        (
            "Dyrektor Sprzedaży",
            "Kierownik Produkcji|Kierowniczka Produkcji",
            "Współwłaściciel|Współwłaścicielka",
        ),
        ("Zakłady Odzieżowe {place}", "{place} Tekstylia", "Dzianiny {place}"),
    ),
    "fashion_brand": _T(
        (
            "Marka zrównoważonej mody z 120 000 klientów online i 14 salonami",
            "Zamówienia 3000-10 000 sztuk na model dwa razy w roku",
            "Długofalowa współpraca z transparentnymi audytami",
        ),
        (
            "Szwalnie w Europie z certyfikatem GOTS lub GRS",
            "Dostawców tkanin z nadwyżek magazynowych i recyklingu",
            "Partnerów do obsługi zwrotów w Europie Środkowej",
        ),
        (
            "Kierownik ds. Zaopatrzenia|Kierowniczka ds. Zaopatrzenia",
            "Kierownik Produkcji",
            "Założyciel|Założycielka",
        ),
        ("{place} Studio", "{place} Wear", "Pracownia {place}"),
    ),
    "cosmetics_manufacturer": _T(
        (
            "Kosmetyki do pielęgnacji skóry i włosów pod marką własną, ISO 22716 GMP, od 3000 szt. na SKU",
            "Receptury kosmetyków wegańskich i naturalnych z certyfikatem COSMOS z własnego laboratorium",
            "Konfekcjonowanie do tub, butelek airless i słoików, notyfikacja CPNP i raporty bezpieczeństwa",
        ),
        (
            "Marki kosmetyczne i sieci drogerii szukające producenta kontraktowego",
            "Dostawców olejów naturalnych, ekstraktów i opakowań do recyklingu",
            "Dystrybutorów na Bliskim Wschodzie i w Azji Centralnej",
        ),
        ("Business Development Manager", "Kierownik Działu R&D|Kierowniczka Działu R&D", "Prezes Zarządu"),
        ("Laboratorium Kosmetyczne {place}", "{place} Cosmetics", "{place} Kosmetyki"),
    ),
    "natural_ingredients": _T(
        (
            "Oleje tłoczone na zimno z pestek malin, czarnej porzeczki i lnianki, zatwierdzone przez COSMOS",
            "Ekstrakty roślinne i hydrolaty do kosmetyków z pełną identyfikowalnością partii, beczki 25 kg",
            "Składniki z upcyklingu wytłoków owocowych z danymi LCA",
        ),
        (
            "Producentów kontraktowych kosmetyków i marki kosmetyków naturalnych",
            "Producentów suplementów diety jako odbiorców",
            "Dystrybutora na rynek DACH",
        ),
        ("Kierownik Sprzedaży Surowców", "Założyciel|Założycielka", "Technical Sales Manager"),
        ("Tłocznia {place}", "{place} Naturalnie", "{place} Botanika"),
    ),
    "agritech_startup": _T(
        (
            "Czujniki glebowe i satelitarne mapy nawożenia zmiennego, które obniżają zużycie azotu o 20%",
            "Aplikacja do zarządzania gospodarstwem używana na 150 000 ha w 4 krajach",
            "Bezpłatne pilotaże w pierwszym sezonie dla gospodarstw zbożowych i grup producenckich",
        ),
        (
            "Gospodarstwa zbożowe i spółdzielnie w Polsce do pilotaży",
            "Inwestorów seed w agritech do rundy 1,5 mln EUR",
            "Partnerów dystrybucyjnych wśród dealerów maszyn rolniczych",
        ),
        (
            "Współzałożyciel i CEO|Współzałożycielka i CEO",
            "Dyrektor Sprzedaży",
            "Agronom i Product Lead|Agronomka i Product Lead",
        ),
        ("{place} Agritech", "AgroSensor {place}", "{place} Precyzyjne Rolnictwo"),
    ),
    "grain_cooperative": _T(
        (
            "Pszenica konsumpcyjna, jęczmień browarny i rzepak, 60 000 ton rocznie, certyfikat GMP+",
            "Orkisz i gryka ekologiczna dla producentów żywności",
            "Suszarnie i magazyny zbożowe na 40 000 ton",
        ),
        (
            "Młyny, słodownie i wytwórnie pasz jako stałych odbiorców",
            "Rozwiązania rolnictwa precyzyjnego dla 120 gospodarstw członkowskich",
            "Logistykę kolejową i portową do eksportu przez Gdańsk",
        ),
        ("Prezes Spółdzielni", "Kierownik Handlu Zbożem", "Dyrektor ds. Agronomii"),
        ("Spółdzielnia Rolnicza {place}", "Grupa Producentów Zbóż {place}", "{place} Agro"),
    ),
    "timber_construction": _T(
        (
            "Płyty CLT i belki z drewna klejonego z certyfikatem PEFC wraz z projektem konstrukcji",
            "Prefabrykowane moduły szkieletowe do budynków mieszkalnych do 3 kondygnacji w 12 tygodni",
            "Niskoemisyjne płyty izolacyjne z włókna drzewnego",
        ),
        (
            "Deweloperów mieszkaniowych i generalnych wykonawców do projektów drewnianych",
            "Dostawców certyfikowanych lameli świerkowych",
            "Architektów i konstruktorów z doświadczeniem w budownictwie drewnianym",
        ),
        ("Dyrektor Sprzedaży", "Główny Konstruktor|Główna Konstruktorka", "Kierownik Projektów"),
        ("{place} Drewno Konstrukcyjne", "{place} Domy Modułowe", "{place} CLT"),
    ),
    "building_contractor": _T(
        (
            "Generalne wykonawstwo hal magazynowych, zakładów i budynków mieszkalnych, 35 inwestycji rocznie",
            "Zaprojektuj i wybuduj z doświadczeniem w certyfikacji BREEAM i LEED",
            "Umowy ramowe na materiały z prognozą wolumenów",
        ),
        (
            "Dostawców niskoemisyjnego betonu, CLT i modułów prefabrykowanych",
            "Instalatorów fotowoltaiki i pomp ciepła jako podwykonawców",
            "Dostawców izolacji i systemów elewacyjnych z deklaracjami EPD",
        ),
        ("Dyrektor Zakupów", "Dyrektor Kontraktu", "Kierownik ds. Zrównoważonego Budownictwa"),
        ("{place} Budownictwo", "Przedsiębiorstwo Budowlane {place}", "{surname} Budowa"),
    ),
}
