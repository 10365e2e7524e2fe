"""Load the controlled vocabularies and the mapping organisations into every database."""

from django.db import migrations

from methods import vocabularies

VOCABULARIES = {
    "Setting": vocabularies.SETTINGS,
    "TargetGroup": vocabularies.TARGET_GROUPS,
    "MappedBy": vocabularies.MAPPED_BY,
    "PreventionLevel": vocabularies.PREVENTION_LEVELS,
    "Environment": vocabularies.ENVIRONMENTS,
}

ORGANISATIONS = [
    ("sis", "Statens institutionsstyrelse (SiS)", "https://www.stat-inst.se"),
    ("kriminalvarden", "Kriminalvården", "https://www.kriminalvarden.se"),
    ("socialstyrelsen", "Socialstyrelsen", "https://www.socialstyrelsen.se"),
    ("mucf", "Myndigheten för ungdoms- och civilsamhällesfrågor (MUCF)", "https://www.mucf.se"),
    ("cve", "Center mot våldsbejakande extremism (CVE)", "https://www.cve.se"),
    ("malmo-stad", "Malmö stad", "https://malmo.se"),
    ("regeringskansliet", "Regeringskansliet", "https://www.regeringen.se"),
    ("fryshuset", "Fryshuset (EXIT)", "https://fryshuset.se"),
]


def load(apps, schema_editor):
    for model_name, terms in VOCABULARIES.items():
        model = apps.get_model("methods", model_name)
        for term in terms:
            model.objects.update_or_create(
                slug=term.slug,
                defaults={"name": term.label, "name_en": term.label_en, "description": term.description},
            )
    evidence = apps.get_model("methods", "EvidenceLevel")
    for rank, term in enumerate(vocabularies.EVIDENCE_LEVELS, start=1):
        evidence.objects.update_or_create(
            slug=term.slug,
            defaults={"name": term.label, "name_en": term.label_en, "description": term.description, "rank": rank},
        )
    organisation = apps.get_model("methods", "Organisation")
    for slug, name, url in ORGANISATIONS:
        organisation.objects.update_or_create(slug=slug, defaults={"name": name, "url": url})


class Migration(migrations.Migration):
    dependencies = [("methods", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
