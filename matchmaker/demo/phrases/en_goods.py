"""English profiles of the roles that make, move and sell physical goods."""

from __future__ import annotations

from typing import Final

from matchmaker.demo.profiles import ProfileText as _T

TEXTS: Final[dict[str, _T]] = {
    "compostable_packaging": _T(
        (
            "Compostable paper cups 4-16 oz, plastic-free aqueous coating, EN 13432, MOQ 50,000 pcs",
            "Bagasse and CPLA lids for hot drinks, custom print in up to 6 colours, EU delivery in 3 weeks",
            "FSC-certified paper bags and sandwich wraps for food-to-go, private label for café chains",
        ),
        (
            "Coffee chains and specialty roasters switching to compostable cups and lids",
            "Distributors of HoReCa disposables in Germany, Czechia and the Baltics",
            "Food-to-go brands preparing for the EU single-use plastics directive",
        ),
        ("Key Account Manager", "Export Sales Director", "Co-founder & CEO"),
        ("{place} Green Pack", "{place} Ecopack", "{place} Cups"),
    ),
    "corrugated_packaging": _T(
        (
            "Corrugated boxes and die-cut mailers, FEFCO 0201 and 0427, from 5,000 pcs, FSC and ISO 9001",
            "E-commerce packaging with paper void fill and tear strips, flexo or digital print",
            "Retail-ready shelf packaging and displays designed in-house, samples in 5 working days",
        ),
        (
            "E-commerce brands and fulfilment centres shipping over 10,000 parcels a month",
            "Suppliers of recycled kraftliner and testliner with stable prices for 2027-2028",
            "A supplier of folder-gluers and die-cutters for a new line in our plant",
        ),
        ("Sales Director", "Packaging Design Manager", "Purchasing Manager"),
        ("{place} Corrugated", "{place} Box Company", "{surname} Cartons"),
    ),
    "coffee_roaster": _T(
        (
            "Specialty roasted coffee, single origins and espresso blends scored 84+ SCA, 250 g to 20 kg bags",
            "Private-label coffee for cafés, hotels and delis, MOQ 60 kg, roasted to order within 48 hours",
            "Barista training and espresso machine service for HoReCa clients",
        ),
        (
            "Green coffee importers with traceable lots from Ethiopia, Colombia and Brazil",
            "Suppliers of compostable cups and lids and recyclable coffee bags with degassing valves",
            "Hotels, café chains and office-coffee distributors as wholesale clients",
        ),
        ("Head Roaster", "Founder & Managing Director", "Wholesale Manager"),
        ("{place} Roasters", "{place} Coffee Co.", "{surname} Coffee Roasters"),
    ),
    "green_coffee_importer": _T(
        (
            "Green coffee from Ethiopia, Kenya and Colombia, traceable to the washing station, EUDR-ready",
            "Spot and forward contracts on washed and natural lots from one 60 kg bag, warehoused in Hamburg",
            "Fairtrade and organic green beans with pre-shipment samples and cupping notes",
        ),
        (
            "Specialty roasters in Poland and Central Europe buying 1-20 tonnes of green coffee a year",
            "A bonded warehouse and logistics partner in Gdańsk or Gdynia",
            "Roasters interested in direct trade and farm-level projects",
        ),
        ("Green Coffee Trader", "Sourcing Manager", "Managing Partner"),
        ("{place} Green Coffee", "{place} Coffee Importers", "{place} Origins"),
    ),
    "cafe_chain": _T(
        (
            "42 cafés in airports and shopping centres, adding local suppliers to the menu",
            "Franchise partnership for our café concept in Poland and the Baltics",
            "Listing of new bakery and snack products across our stores after a 4-week pilot",
        ),
        (
            "A specialty roaster to supply 30 tonnes of espresso blend a year under our brand",
            "Compostable cups, lids and straws at scale, EN 13432 certified",
            "Plant-based milk, syrup and bakery suppliers with HACCP and national distribution",
        ),
        ("Head of Purchasing", "Category Manager", "Franchise Development Director"),
        ("{place} Coffee House", "Café {place}", "{place} Espresso Bar"),
    ),
    "tea_company": _T(
        (
            "Loose-leaf and pyramid-bag tea blends, organic certified, private label from 500 kg",
            "Matcha and functional herbal infusions for cafés and retail, sourced from Japan and Sri Lanka",
            "Cold-brew tea concentrates for HoReCa with a 12-month shelf life",
        ),
        (
            "Distributors and retail chains in Poland and the Baltics",
            "Suppliers of compostable tea bags and pyramid mesh",
            "Café chains and hotels looking for a premium tea programme",
        ),
        ("Export Manager", "Tea Blender & Founder", "Commercial Director"),
        ("{place} Tea Company", "{place} Leaf", "{surname} Tea Blenders"),
    ),
    "food_producer": _T(
        (
            "Plant-based snacks and protein bars, private label, BRC and IFS certified, MOQ one pallet",
            "Frozen ready meals for retail chains, HACCP, 18 months shelf life at -18°C",
            "Gluten-free bakery products under our own brand, listed in 3 EU retail chains",
        ),
        (
            "Retail chains and distributors in Central and Eastern Europe",
            "Recyclable mono-material packaging and compostable trays",
            "A refrigerated transport partner for weekly deliveries to Poland",
        ),
        ("Export Sales Manager", "CEO", "Head of Business Development"),
        ("{place} Foods", "{place} Kitchen", "{surname} Family Foods"),
    ),
    "food_distributor": _T(
        (
            "Distribution to 2,500 grocery stores and 400 HoReCa outlets in the Baltics",
            "Import, customs clearance and local-language labelling for food brands entering the region",
            "Listing support with regional retail chains and category management",
        ),
        (
            "New food and beverage brands with export experience, especially healthy snacks",
            "Producers offering private label for our own brand",
            "Craft beverage and specialty coffee brands without representation in the region",
        ),
        ("Purchasing Director", "Brand Manager", "Category Buyer"),
        ("{place} Food Distribution", "{place} Trading", "{place} Gourmet Import"),
    ),
    "freight_forwarder": _T(
        (
            "Road freight FTL and LTL between Poland, Germany and Scandinavia with our own fleet of 120 trucks",
            "Rail and sea freight from China to Poland with customs clearance in Małaszewicze",
            "Project cargo and oversized transport with permits and escort",
        ),
        (
            "Manufacturers and distributors with regular shipments across Europe",
            "Warehouse partners near Warsaw, Poznań and Łódź",
            "Carriers with refrigerated trailers for subcontracting",
        ),
        ("Head of Sales", "Branch Manager", "Logistics Account Manager"),
        ("{place} Logistics", "{place} Freight", "{surname} Transport"),
    ),
    "fulfilment_3pl": _T(
        (
            "E-commerce fulfilment from a 30,000 m² warehouse near Warsaw, same-day shipping until 3 pm",
            "Returns handling, kitting and co-packing for D2C brands",
            "Contract logistics with WMS integration to Shopify, Magento and Allegro",
        ),
        (
            "Online shops and D2C brands expanding to Poland and Central Europe",
            "Suppliers of autonomous mobile robots for picking",
            "Parcel carriers with good rates to Germany and Czechia",
        ),
        ("Business Development Manager", "Operations Director", "Solutions Architect"),
        ("{place} Fulfilment", "{place} Logistics Hub", "{place} 3PL"),
    ),
    "cold_chain_carrier": _T(
        (
            "Temperature-controlled transport from -25°C to +25°C, GDP-certified for pharmaceuticals",
            "Refrigerated groupage to Germany, Scandinavia and the Baltics twice a week",
            "Cold storage with 8,000 pallet places and blast freezing",
        ),
        (
            "Food producers and pharma wholesalers needing a reliable cold chain",
            "IoT temperature loggers and telematics for 200 reefer trailers",
            "Cross-docking partners in the Nordics",
        ),
        ("Sales Director", "Key Account Manager Pharma", "Fleet Manager"),
        ("{place} Cold Chain", "{place} Frigo", "{place} Reefer Logistics"),
    ),
    "refrigeration_maker": _T(
        (
            "CO2 transcritical refrigeration systems for supermarkets and cold stores",
            "Industrial heat pumps and ammonia chillers for food processing, up to 2 MW",
            "Remote monitoring and 24/7 service contracts for refrigeration plants",
        ),
        (
            "Cold-store operators and food processors planning new capacity",
            "Installer partners in Poland, Czechia and Slovakia",
            "Distributors for our commercial display cabinets",
        ),
        ("Area Sales Manager", "Application Engineer", "Managing Director"),
        ("{place} Refrigeration", "{place} Cooling Systems", "{surname} Cooling"),
    ),
    "solar_epc": _T(
        (
            "Rooftop and ground-mounted PV for factories and warehouses, 200 kWp to 20 MWp, turnkey EPC",
            "Corporate PPAs with fixed prices for 10-15 years and no upfront investment",
            "Operation and maintenance of PV plants with monitoring and performance guarantees",
        ),
        (
            "Manufacturers and logistics centres with large roofs and high daytime consumption",
            "Suppliers of tier-1 PV modules and inverters with stock in Europe",
            "Project finance partners and funds investing in commercial and industrial solar",
        ),
        ("Head of C&I Sales", "Project Development Manager", "CEO"),
        ("{place} Solar", "{place} Renewables", "{place} Energy"),
    ),
    "storage_integrator": _T(
        (
            "Battery energy storage systems for industry, 250 kWh to 10 MWh, for peak shaving and backup",
            "Containerised BESS with EMS software, integrated with PV and grid services",
            "Feasibility studies and financing models for behind-the-meter storage",
        ),
        (
            "LFP battery cell and module suppliers with European production",
            "Factories with high peak demand charges and PV on site",
            "Solar EPC companies that want to offer storage together with PV",
        ),
        ("CTO", "Sales Manager Energy Storage", "Business Development Director"),
        ("{place} Energy Storage", "{place} Power Systems", "{place} Grid"),
    ),
    "battery_startup": _T(
        (
            "Sodium-ion cathode material without cobalt or nickel, pilot production of 5 tonnes a year",
            "Patented low-energy process for LFP cathode powder, samples available",
            "Joint development of cathode formulations with cell makers",
        ),
        (
            "Seed and Series A investors in climate tech for a EUR 3 million round",
            "A cathode-materials buyer or cell manufacturer for an offtake agreement",
            "A pilot plant partner with powder-processing equipment in Poland",
        ),
        ("Co-founder & CEO", "Chief Technology Officer", "Head of Partnerships"),
        ("{place} Battery Materials", "{place} Cathodes", "{place} Ionics"),
    ),
    "cathode_maker": _T(
        (
            "Offtake agreements for NMC and LFP cathode active materials, over 10,000 tonnes a year",
            "A technical qualification programme for new materials suppliers",
            "Co-investment and scale-up support for battery materials startups",
        ),
        (
            "Suppliers of lithium hydroxide, nickel sulphate and manganese sulphate with a low CO2 footprint",
            "Battery materials startups with new cathode chemistries ready for pilot scale",
            "Recycled black mass and recovered metals for a closed-loop supply",
        ),
        ("Procurement Director Raw Materials", "Head of Innovation", "Strategic Sourcing Manager"),
        ("{place} Cathode Materials", "{place} Advanced Materials", "{place} Chemicals"),
    ),
    "battery_recycler": _T(
        (
            "Collection and recycling of lithium-ion batteries from EVs, e-bikes and production scrap",
            "Black mass with guaranteed cobalt, nickel and lithium content, 300 tonnes a year",
            "Safe ADR transport of damaged batteries in certified containers",
        ),
        (
            "Battery and e-bike manufacturers needing an EPR-compliant recycling partner",
            "Hydrometallurgical refiners buying black mass",
            "Investors for a second shredding line, EUR 8 million",
        ),
        ("Commercial Director", "Head of Business Development", "Founder"),
        ("{place} Recycling", "{place} Battery Recovery", "{place} Circular Metals"),
    ),
    "furniture_maker": _T(
        (
            "Solid oak and beech furniture, FSC-certified, contract manufacturing for European brands",
            "Upholstered sofas and chairs, 40,000 pieces a year, flat-pack options",
            "Design and prototyping of furniture collections in 6 weeks",
        ),
        (
            "Furniture retailers and e-commerce brands in Germany, Scandinavia and the UK",
            "Suppliers of FSC oak boards and certified plywood",
            "CNC and finishing-line automation to increase capacity",
        ),
        ("Export Sales Manager", "Production Director", "Owner"),
        ("{place} Furniture", "{place} Woodworks", "{surname} Furniture Factory"),
    ),
    "furniture_buyer": _T(
        (
            "A retail chain with 80 stores and an online shop in Germany and Austria",
            "Long-term purchase contracts with 12-month forecasts",
            "Co-design of exclusive collections for our private label",
        ),
        (
            "Furniture manufacturers in Poland and the Baltics for solid-wood tables and beds",
            "Upholstery producers able to deliver 2,000 sofas a month",
            "Suppliers with FSC chain of custody and EUDR due diligence",
        ),
        ("Senior Buyer Furniture", "Sourcing Director", "Category Manager Living"),
        ("{place} Home", "{place} Interiors", "{place} Living"),
    ),
    "textile_maker": _T(
        (
            "Workwear and corporate uniforms, EN ISO 20471 high-visibility, from 500 pieces",
            "Organic cotton knitwear, GOTS and OEKO-TEX certified, cut-make-trim in Europe",
            "Nearshore production with lead times of 4-6 weeks",
        ),
        (
            "Fashion and workwear brands moving production from Asia to Europe",
            "Suppliers of recycled polyester and recycled cotton yarn",
            "Textile recycling partners for production offcuts",
        ),
        ("Sales Director", "Head of Production", "Co-owner"),
        ("{place} Textiles", "{place} Knitwear", "{place} Apparel"),
    ),
    "fashion_brand": _T(
        (
            "A sustainable fashion brand with 120,000 online customers and 14 stores",
            "Orders of 3,000-10,000 pieces per style twice a year",
            "Long-term partnerships with transparent audits",
        ),
        (
            "Nearshore garment manufacturers with GOTS or GRS certification",
            "Suppliers of deadstock and recycled fabrics",
            "Fulfilment partners for returns in Central Europe",
        ),
        ("Head of Sourcing", "Production Manager", "Founder"),
        ("{place} Studio", "{place} Wear", "{place} Collective"),
    ),
    "cosmetics_manufacturer": _T(
        (
            "Private-label skincare and haircare, ISO 22716 GMP, from 3,000 units per SKU",
            "Formulation of vegan and COSMOS-certified natural cosmetics in our own lab",
            "Filling into tubes, airless bottles and jars with CPNP notification and safety reports",
        ),
        (
            "Cosmetics brands and retail chains looking for a contract manufacturer",
            "Suppliers of natural oils, extracts and recyclable packaging",
            "Distributors in the Middle East and Central Asia",
        ),
        ("Business Development Manager", "Head of R&D", "CEO"),
        ("{place} Cosmetics Lab", "{place} Beauty Manufacturing", "{place} Cosmetics"),
    ),
    "natural_ingredients": _T(
        (
            "Cold-pressed raspberry, blackcurrant and camelina seed oils, COSMOS approved",
            "Plant extracts and hydrolates for cosmetics, batch-traceable, in 25 kg drums",
            "Upcycled ingredients from fruit pomace with LCA data",
        ),
        (
            "Cosmetics contract manufacturers and natural beauty brands",
            "Food supplement producers as buyers",
            "A distributor for the DACH region",
        ),
        ("Sales Manager Ingredients", "Founder", "Technical Sales Manager"),
        ("{place} Botanicals", "{place} Naturals", "{place} Oils"),
    ),
    "agritech_startup": _T(
        (
            "Soil sensors and satellite variable-rate fertilisation maps that cut nitrogen use by 20%",
            "A farm management app used on 150,000 hectares in 4 countries",
            "Free first-season pilots for grain farms and cooperatives",
        ),
        (
            "Grain farms and cooperatives in Poland and Ukraine for pilots",
            "Seed investors in agritech for a EUR 1.5 million round",
            "Distribution partners among agricultural machinery dealers",
        ),
        ("Co-founder & CEO", "Head of Sales", "Agronomist & Product Lead"),
        ("{place} Agritech", "{place} Farm Analytics", "{place} AgriSense"),
    ),
    "grain_cooperative": _T(
        (
            "Milling wheat, malting barley and rapeseed, 60,000 tonnes a year, GMP+ certified",
            "Organic spelt and buckwheat for food producers",
            "Storage and drying capacity for 40,000 tonnes",
        ),
        (
            "Mills, maltsters and feed producers as long-term buyers",
            "Precision farming solutions for our 120 member farms",
            "Rail and port logistics for export via Gdańsk",
        ),
        ("Chairman of the Board", "Trading Manager", "Agronomy Director"),
        ("{place} Grain Cooperative", "{place} Farmers Group", "{place} Agri"),
    ),
    "timber_construction": _T(
        (
            "Cross-laminated timber (CLT) panels and glulam beams, PEFC certified, engineering included",
            "Prefabricated timber-frame housing modules up to 3 storeys, built in 12 weeks",
            "Low-carbon wood-fibre insulation boards",
        ),
        (
            "Residential developers and general contractors for timber projects",
            "Suppliers of certified spruce lamellas",
            "Architects and engineers experienced in mass timber",
        ),
        ("Sales Director", "Chief Engineer", "Head of Projects"),
        ("{place} Timber", "{place} Modular Homes", "{place} Mass Timber"),
    ),
    "building_contractor": _T(
        (
            "General contracting for warehouses, factories and housing, 35 projects a year",
            "Design and build with BREEAM and LEED certification experience",
            "Framework agreements for materials with volume forecasts",
        ),
        (
            "Suppliers of low-carbon concrete, CLT and prefabricated modules",
            "Solar and heat-pump installers as subcontractors",
            "Suppliers of insulation and facade systems with EPD documents",
        ),
        ("Procurement Director", "Project Director", "Head of Sustainability"),
        ("{place} Construction", "{place} Builders", "{surname} Contracting"),
    ),
}
