"""The controlled vocabularies of Metodbanken.

The slugs are a public contract: URLs, exports and imports use them, so they never
change. Labels are Swedish (with an English label beside them) and can be edited by
administrators in the Wagtail admin. The data migration loads these lists into every
fresh database, and tests check the database against them.
"""

from collections import namedtuple

Term = namedtuple("Term", "slug label label_en description")

SETTINGS = [
    Term(
        "sarskilt-ungdomshem",
        "Särskilt ungdomshem (SiS)",
        "Special youth home (SiS)",
        "Statens institutionsstyrelses särskilda ungdomshem för unga som vårdas enligt LVU "
        "eller dömts till sluten ungdomsvård.",
    ),
    Term(
        "lvm-hem",
        "LVM-hem (SiS)",
        "Compulsory addiction care home (SiS)",
        "SiS hem för vuxna som tvångsvårdas för missbruk enligt LVM.",
    ),
    Term(
        "anstalt",
        "Anstalt (Kriminalvården)",
        "Prison (Swedish Prison and Probation Service)",
        "Kriminalvårdens anstalter där dömda avtjänar fängelsestraff.",
    ),
    Term(
        "hakte",
        "Häkte (Kriminalvården)",
        "Remand prison",
        "Kriminalvårdens häkten för misstänkta i väntan på rättegång.",
    ),
    Term(
        "frivard",
        "Frivård (Kriminalvården)",
        "Probation service",
        "Kriminalvårdens arbete med klienter som verkställer straff i samhället.",
    ),
    Term(
        "socialtjanst",
        "Socialtjänst",
        "Social services",
        "Kommunernas socialtjänst, bland annat arbetet med barn, unga och familjer.",
    ),
    Term("skola", "Skola och elevhälsa", "School and pupil health", "Grundskola, gymnasium och elevhälsa."),
    Term(
        "kommunal-samverkan",
        "Kommunal samverkan",
        "Municipal coordination",
        "Kommunens samordning mellan förvaltningar, polis och andra aktörer.",
    ),
    Term(
        "civilsamhalle",
        "Civilsamhälle",
        "Civil society",
        "Ideella organisationer och stiftelser, till exempel EXIT vid Fryshuset.",
    ),
]

TARGET_GROUPS = [
    Term("unga-under-18", "Unga under 18 år", "Young people under 18", "Barn och ungdomar under 18 år."),
    Term("unga-vuxna-18-21", "Unga vuxna 18–21 år", "Young adults 18–21", "Unga vuxna mellan 18 och 21 år."),
    Term("vuxna", "Vuxna", "Adults", "Personer över 21 år."),
    Term(
        "avhoppare",
        "Avhoppare",
        "Defectors",
        "Personer som vill lämna eller har lämnat en våldsbejakande extremistisk miljö.",
    ),
    Term(
        "atervandare",
        "Återvändare",
        "Returnees",
        "Personer som återvänder efter att ha anslutit sig till våldsbejakande grupper i konfliktområden.",
    ),
    Term("anhoriga", "Anhöriga", "Relatives", "Föräldrar, syskon och andra närstående."),
    Term(
        "personal",
        "Personal och yrkesverksamma",
        "Staff and professionals",
        "Yrkesverksamma som möter personer i riskzon.",
    ),
    Term(
        "lagforda",
        "Lagförda",
        "Convicted persons",
        "Personer som lagförts för brott, bland annat brott med koppling till extremism eller terrorism.",
    ),
]

# Ordered strongest first; rank 1 is the strongest evidence.
EVIDENCE_LEVELS = [
    Term(
        "starkt-stod",
        "Starkt vetenskapligt stöd",
        "Strong scientific support",
        "Flera utvärderingar av god kvalitet, till exempel randomiserade studier eller systematiska översikter, "
        "visar att metoden har avsedd effekt.",
    ),
    Term(
        "visst-stod",
        "Visst vetenskapligt stöd",
        "Some scientific support",
        "Minst en utvärdering av god kvalitet visar effekt, men underlaget är begränsat eller resultaten "
        "är inte helt samstämmiga.",
    ),
    Term(
        "lovande",
        "Lovande",
        "Promising",
        "Uppföljningar eller mindre studier pekar på positiva resultat, men effekten är inte säkerställd.",
    ),
    Term(
        "erfarenhetsbaserad",
        "Erfarenhetsbaserad",
        "Experience-based",
        "Metoden bygger på beprövad erfarenhet och professionell kunskap men har inte utvärderats systematiskt.",
    ),
    Term(
        "otillrackligt-underlag",
        "Otillräckligt underlag",
        "Insufficient evidence",
        "Det finns för få eller för svaga studier för att säga något om effekten, eller så är resultaten motstridiga.",
    ),
    Term(
        "ingen-effekt",
        "Ingen effekt",
        "No effect",
        "Utvärderingar av god kvalitet visar att metoden inte ger avsedd effekt.",
    ),
    Term(
        "risk-for-skada",
        "Risk för skada – avråds",
        "Risk of harm – advised against",
        "Utvärderingar visar att metoden kan förvärra problemen, till exempel öka brottsligheten. Metoden avråds.",
    ),
    Term(
        "ej-bedomd",
        "Ej bedömd",
        "Not rated",
        "Metoden finns i kartläggningarna men underlaget har inte bedömts ännu. Det säger inget om effekten.",
    ),
]
# Retired slugs still accepted in addresses and imports: old slug -> current slug.
RETIRED_EVIDENCE_SLUGS = {"ingen-effekt-eller-skadlig": "risk-for-skada"}
# Levels that state what studies showed, and so need at least one reference.
EVIDENCE_NEEDING_REFERENCE = {"starkt-stod", "visst-stod", "lovande", "ingen-effekt", "risk-for-skada"}

# What a method can be rated on (a rating per outcome), in the order pages list them.
OUTCOMES = [
    Term(
        "lamnat-extremistisk-miljo",
        "Lämnat extremistisk miljö",
        "Left the extremist environment",
        "Personen har lämnat den våldsbejakande miljön och dess sammanhang.",
    ),
    Term(
        "aterfall-i-brott",
        "Återfall i brott",
        "Reoffending",
        "Nya brott efter insatsen, mätt i register eller självrapportering.",
    ),
    Term(
        "vald-och-hot",
        "Våld och hot",
        "Violence and threats",
        "Våld, hot och andra våldshandlingar, även på institutionen.",
    ),
    Term(
        "attityder-och-radikalisering",
        "Attityder och radikalisering",
        "Attitudes and radicalisation",
        "Stöd för våld, extremistiska åsikter och hur långt en radikaliseringsprocess har gått.",
    ),
    Term(
        "psykisk-halsa",
        "Psykisk hälsa",
        "Mental health",
        "Psykiskt mående, trauma och missbruk.",
    ),
    Term(
        "skolgang-och-sysselsattning",
        "Skolgång och sysselsättning",
        "School and employment",
        "Närvaro i skola, utbildning, arbete eller annan sysselsättning.",
    ),
    Term(
        "social-aterintegrering",
        "Social återintegrering",
        "Social reintegration",
        "Boende, familj, nätverk och ett sammanhang utanför miljön.",
    ),
    Term(
        "personalens-kompetens",
        "Personalens kompetens",
        "Staff competence",
        "Personalens kunskap och förmåga att känna igen och hantera våldsbejakande extremism.",
    ),
    Term(
        "samverkan",
        "Samverkan",
        "Cooperation",
        "Samarbete mellan myndigheter, kommuner och civilsamhälle kring enskilda eller grupper.",
    ),
]

MAPPED_BY = [
    Term(
        "sis",
        "Statens institutionsstyrelse (SiS)",
        "National Board of Institutional Care (SiS)",
        "Kartlagd i SiS regeringsuppdrag om metoder inom de särskilda ungdomshemmen.",
    ),
    Term(
        "kriminalvarden",
        "Kriminalvården",
        "Swedish Prison and Probation Service",
        "Kartlagd i Kriminalvårdens regeringsuppdrag om metoder och arbetssätt.",
    ),
    Term(
        "socialstyrelsen",
        "Socialstyrelsen",
        "National Board of Health and Welfare",
        "Beskriven av Socialstyrelsen, till exempel i vägledningen om återvändare.",
    ),
    Term(
        "mucf",
        "Myndigheten för ungdoms- och civilsamhällesfrågor (MUCF)",
        "Swedish Agency for Youth and Civil Society (MUCF)",
        "Verksamhet med statsbidrag eller stöd via MUCF.",
    ),
    Term(
        "cve",
        "Center mot våldsbejakande extremism (CVE)",
        "Swedish Centre for Preventing Violent Extremism",
        "Beskriven i CVE:s stödmaterial.",
    ),
    Term("kommun", "Kommun", "Municipality", "Beskriven av en kommun, till exempel Malmö stad."),
]

PREVENTION_LEVELS = [
    Term(
        "generell",
        "Generell prevention",
        "Universal prevention",
        "Insatser som riktar sig till alla, till exempel i skolan.",
    ),
    Term(
        "riktad",
        "Riktad prevention",
        "Selective prevention",
        "Insatser för grupper eller miljöer där risken är förhöjd.",
    ),
    Term(
        "individinriktad",
        "Individinriktad prevention",
        "Indicated prevention",
        "Insatser för enskilda personer som är på väg in i eller vill lämna en våldsbejakande miljö.",
    ),
]

ENVIRONMENTS = [
    Term("vit-makt", "Vit makt-miljön", "White power environment", "Den våldsbejakande vit makt-miljön."),
    Term("autonoma", "Den autonoma miljön", "Autonomous environment", "Den våldsbejakande autonoma miljön."),
    Term(
        "islamistiska",
        "Den våldsbejakande islamistiska miljön",
        "Violent Islamist environment",
        "Den våldsbejakande islamistiska miljön.",
    ),
    Term(
        "miljooverskridande",
        "Miljööverskridande",
        "Cross-environment",
        "Metoden används oberoende av extremistisk miljö.",
    ),
]
