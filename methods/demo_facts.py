"""Evidence and implementation facts for the demo methods, each taken from the method's own record text.

Every entry quotes the sentence of the bundled record (``fixtures/methods.csv``, written
from the source documents) that it rests on; nothing here goes beyond that sentence.
Whatever the text does not say stays empty and is shown as "Uppgift saknas".
"""

# method id -> [(outcome slug, level slug, justification: the record's own sentence)]
RATINGS = {
    "avskrackande-fangelsebesok": [
        (
            "aterfall-i-brott",
            "risk-for-skada",
            "Utvärderingar har visat att sådana besök inte minskar brottslighet och kan öka den.",
        )
    ],
    "sammanhallen-insats-vald": [
        ("vald-och-hot", "visst-stod", "Utvärderingar av liknande modeller har visat minskat våld.")
    ],
    "demokratiundervisning": [
        ("attityder-och-radikalisering", "otillrackligt-underlag", "Effekten på radikalisering är inte utvärderad.")
    ],
    "meningsfull-fritid": [
        (
            "attityder-och-radikalisering",
            "otillrackligt-underlag",
            "Sambandet med minskad radikalisering är inte belagt.",
        )
    ],
}

SIS, KRIMINALVARDEN, SOCIAL_SERVICES = "used_in_sis", "used_in_kriminalvarden", "used_in_social_services"

# method id -> (institutions where the record says the method is used, the record's sentence)
USED_IN = {
    "art": ((SIS, KRIMINALVARDEN), "Programmet har använts på särskilda ungdomshem och i Kriminalvården."),
    "motiverande-samtal": (
        (SIS, KRIMINALVARDEN),
        "Personal på ungdomshem, LVM-hem, anstalter och inom frivården använder metoden.",
    ),
    "vera-2r": ((KRIMINALVARDEN,), "Instrumentet används i anstalt, häkte och frivård."),
    "erg22": ((KRIMINALVARDEN,), "ERG 22+ används som underlag för planering av verkställigheten."),
    "hii": ((KRIMINALVARDEN,), "Programmet genomförs i anstalt."),
    "dynamisk-sakerhet": ((SIS, KRIMINALVARDEN), "Arbetssättet används på anstalter, häkten och särskilda ungdomshem."),
    "undervisningsstod-ungdomshem": ((SIS,), "För ungdomar som är placerade på SiS särskilda ungdomshem."),
    "miljoterapi": ((SIS,), "Arbetssättet är vanligt på ungdomshem och LVM-hem."),
    "dialogsamtal-ungdomshem": ((SIS,), "Metoden beskrevs i SiS kartläggning av arbetssätt på ungdomshemmen."),
    "screening-inskrivning": ((SIS,), "Frågor vid inskrivning på särskilt ungdomshem."),
    "exitsamtal-anstalt": ((KRIMINALVARDEN,), "Metoden har använts för intagna."),
    "mentorskap-avhoppare": (
        (KRIMINALVARDEN,),
        "Mentorskapet kan starta under verkställighet i anstalt och fortsätta i frivården.",
    ),
    "fft": ((SOCIAL_SERVICES,), "Familjeterapin ges av socialtjänstens öppenvård."),
    "tf-kbt": ((SOCIAL_SERVICES,), "Behandlingen ges i socialtjänstens eller vårdens regi."),
    "orosbedomning-radikalisering": ((SOCIAL_SERVICES,), "Stöd för socialtjänsten att bedöma en orosanmälan."),
    "vagledning-atervandare": (
        (SOCIAL_SERVICES,),
        "Vägledning för hur socialtjänsten utreder och ger stöd till vuxna och barn som återvänder.",
    ),
    "anhorigstod": ((SOCIAL_SERVICES,), "Samtalen kan ges av socialtjänsten eller en civilsamhällesorganisation."),
    "frigivningsforberedelser": (
        (KRIMINALVARDEN, SOCIAL_SERVICES),
        "Frivården och socialtjänsten har gemensamma möten med klienten.",
    ),
}

# method id -> organisation slug of the method's owner, where the record names it.
OWNERS = {"exit-fryshuset": "fryshuset"}
