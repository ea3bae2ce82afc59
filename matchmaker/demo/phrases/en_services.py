"""English profiles of the roles that bring technology, capital, people and knowledge."""

from __future__ import annotations

from typing import Final

from matchmaker.demo.profiles import ProfileText as _T

TEXTS: Final[dict[str, _T]] = {
    "robotics_integrator": _T(
        (
            "Robotic palletising and case-packing cells for food and packaging lines, ABB and Fanuc certified",
            "Cobot welding and machine tending with a return on investment under 2 years",
            "Retrofit and PLC modernisation of production lines (Siemens S7, TIA Portal)",
        ),
        (
            "Manufacturers planning to automate end-of-line packaging",
            "Automation and PLC engineers to join our team in Poland",
            "Cobot and gripper suppliers offering integrator partnerships",
        ),
        ("Sales Engineer", "Managing Director", "Head of Automation Projects"),
        ("{place} Robotics", "{place} Automation", "{surname} Engineering"),
    ),
    "machine_vision": _T(
        (
            "AI-based visual quality inspection for packaging, labels and food products",
            "Vision systems that find defects at 600 parts a minute, integrated with the PLC",
            "A free feasibility test on samples of your products",
        ),
        (
            "System integrators and machine builders as resale partners",
            "Food, packaging and automotive plants with manual quality control",
            "Investors for our expansion to the DACH region",
        ),
        ("CEO", "Head of Partnerships", "Application Engineer"),
        ("{place} Vision", "{place} Inspect", "{place} AI Systems"),
    ),
    "automation_engineer": _T(
        (
            "PLC programming in Siemens TIA Portal and Rockwell Studio 5000, 7 years of commissioning",
            "Robot programming (KUKA, ABB) and SCADA from projects in food and automotive plants",
            "Electrical design in EPLAN and on-site start-ups abroad",
        ),
        (
            "A full-time position as an automation engineer in Warsaw or hybrid",
            "A project role with an integrator building robot cells",
            "A mentor in industrial AI and predictive maintenance",
        ),
        ("Automation Engineer", "PLC Programmer", "Controls Engineer"),
        ("{place} Machine Builders", "{place} Industrial Services", "{surname} Engineering"),
    ),
    "erp_vendor": _T(
        (
            "Cloud ERP for manufacturers with production planning, MRP and quality modules",
            "A warehouse management system (WMS) with barcode and RFID, live in 8 weeks",
            "Integrations with e-commerce platforms, KSeF e-invoicing and EDI",
        ),
        (
            "Manufacturers with 50-500 employees replacing legacy systems",
            "Implementation partners and resellers in Central Europe",
            "Logistics companies that need a WMS for new warehouses",
        ),
        ("Partner Manager", "Sales Director", "Head of Customer Success"),
        ("{place} Software", "{place} ERP", "{place} Systems"),
    ),
    "ai_forecasting": _T(
        (
            "AI demand forecasting for retail and FMCG that cuts out-of-stocks by up to 30%",
            "Dynamic pricing and markdown optimisation as SaaS",
            "A 6-week pilot on your sales data with measurable results",
        ),
        (
            "Retail chains and food producers for paid pilots",
            "Seed investors for a EUR 2 million round",
            "A mentor with experience in the retail industry",
        ),
        ("Co-founder & CEO", "Chief Data Scientist", "Head of Sales"),
        ("{place} AI", "{place} Analytics", "{place} Forecast"),
    ),
    "b2b_payments": _T(
        (
            "Cross-border B2B payments and currency exchange in 30 currencies at low margins",
            "Invoice factoring and trade finance for exporters with a decision in 24 hours",
            "A payments API for marketplaces and SaaS platforms, licensed under PSD2",
        ),
        (
            "Exporters and importers paying suppliers in USD, CNY and EUR",
            "SaaS and ERP vendors to integrate our payments API",
            "Chambers of commerce and export consultants as partners",
        ),
        ("Head of Partnerships", "Sales Director SME", "Country Manager"),
        ("{place} Pay", "{place} Payments", "{place} Finance"),
    ),
    "recruitment_agency": _T(
        (
            "Recruitment of engineers, technicians and production staff in Central Europe",
            "Temporary staffing and legal employment of foreign workers with permits",
            "Executive search for plant managers and sales directors",
        ),
        (
            "Manufacturers and logistics companies with hiring needs",
            "Engineers and technicians open to a new job",
            "Partner agencies in Asia and Latin America",
        ),
        ("Recruitment Director", "Senior Consultant", "Business Development Manager"),
        ("{place} Talent", "{place} Recruitment", "{place} Staffing"),
    ),
    "medtech_startup": _T(
        (
            "A CE-marked (MDR class IIa) wearable ECG monitor with AI arrhythmia detection",
            "A remote patient monitoring platform integrated with hospital systems (HL7, FHIR)",
            "Clinical data from 2,000 patients in a multicentre study",
        ),
        (
            "Medical device distributors in Poland, Czechia and the Baltics",
            "Series A investors in digital health for a EUR 5 million round",
            "Hospitals and cardiology clinics for clinical pilots",
        ),
        ("CEO", "Chief Medical Officer", "VP Business Development"),
        ("{place} Medical", "{place} Health", "{place} Cardio"),
    ),
    "medical_distributor": _T(
        (
            "Distribution of medical devices to 300 hospitals in Central Europe, tenders included",
            "Regulatory support for registration and local MDR compliance",
            "A service and training team of 40 clinical specialists",
        ),
        (
            "Makers of innovative CE-marked devices looking for exclusive distribution",
            "Digital health startups with reimbursed products",
            "Suppliers of disposables for surgery and intensive care",
        ),
        ("Product Manager", "Managing Director", "Tender Manager"),
        ("{place} Medical Supply", "{place} Healthcare", "{place} Meditrade"),
    ),
    "climate_vc": _T(
        (
            "Seed tickets of EUR 500,000 to 2 million for climate-tech startups",
            "Hands-on help with pilots, hiring and EU grants through our portfolio network",
            "Follow-on investment in Series A together with co-investors",
        ),
        (
            "Climate-tech startups at seed stage in energy, batteries, materials and agriculture",
            "Co-investors for Series A rounds in Central Europe",
            "Founders building decarbonisation technology for heavy industry",
        ),
        ("Partner", "Investment Manager", "Principal"),
        ("{place} Climate Ventures", "{place} Impact Capital", "{place} Ventures"),
    ),
    "angel_investor": _T(
        (
            "Angel tickets of EUR 50,000-250,000 and mentoring from a former SaaS founder",
            "Introductions to corporate clients in retail and industry",
            "Board experience and help with fundraising",
        ),
        (
            "Pre-seed and seed startups in software, AI and medtech",
            "Founders who need a mentor for their first sales",
            "Angel syndicates to co-invest with",
        ),
        ("Business Angel", "Angel Investor & Mentor", "Managing Partner"),
        ("{place} Angels", "{surname} Capital", "{place} Angel Network"),
    ),
    "export_consultant": _T(
        (
            "Market entry to Poland and Central Europe: partner search, pricing and distribution",
            "EU and national grant applications for export promotion and R&D",
            "Trade missions and B2B meetings at trade fairs",
        ),
        (
            "Manufacturers and food producers planning to export",
            "Foreign companies entering the Polish market",
            "Partner consultancies in Central Asia and the Caucasus",
        ),
        ("Managing Partner", "Senior Export Consultant", "Grants Manager"),
        ("{place} Consulting", "{place} Trade Partners", "{place} Advisory"),
    ),
    "esg_consultant": _T(
        (
            "CSRD and ESRS reporting with a double materiality assessment",
            "Carbon footprints (Scope 1-3), life-cycle assessments (LCA) and EPDs for products",
            "Preparation for EcoVadis ratings and ISO 14001 certification",
        ),
        (
            "Manufacturers and exporters facing CSRD or customer ESG requirements",
            "Carbon accounting software partners",
            "Packaging and food companies that need LCA data",
        ),
        ("ESG Director", "Sustainability Consultant", "Founder"),
        ("{place} Sustainability", "{place} ESG Partners", "{place} Carbon Advisory"),
    ),
    "university_lab": _T(
        (
            "Contract research and lab testing in materials science, electrochemistry and food technology",
            "Joint applications for Horizon Europe and national R&D grants",
            "Student internships and thesis projects with industry",
        ),
        (
            "Industrial partners for applied research projects",
            "Companies to license our patents in battery and sensor technology",
            "Investors for university spin-offs",
        ),
        ("Professor", "Technology Transfer Manager", "Head of Laboratory"),
        ("{place} University of Technology", "{place} Institute of Technology", "{place} Research Centre"),
    ),
}
