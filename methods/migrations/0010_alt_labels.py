from django.db import migrations, models

MODELS = {
    "setting": "Setting",
    "target_group": "TargetGroup",
    "evidence": "EvidenceLevel",
    "mapped_by": "MappedBy",
    "prevention_level": "PreventionLevel",
    "environment": "Environment",
}
HELP = (
    "En per rad: ord, förkortningar och engelska ord som personalen använder för termen (till exempel LVU och "
    "ungdomshem för Särskilt ungdomshem). En sökning med något av dem hittar metoderna med termen."
)


def load_thesaurus(apps, schema_editor):
    """Fill the alternative labels of terms that have none from the starting thesaurus."""
    from methods.thesaurus import ALT_LABELS

    for key, model_name in MODELS.items():
        model = apps.get_model("methods", model_name)
        for slug, labels in ALT_LABELS[key].items():
            model.objects.filter(slug=slug, alt_labels="").update(alt_labels="\n".join(labels))


class Migration(migrations.Migration):
    dependencies = [("methods", "0009_import_jobs")]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name.lower(),
                name="alt_labels",
                field=models.TextField(blank=True, help_text=HELP, verbose_name="alternativa etiketter"),
            )
            for model_name in MODELS.values()
        ),
        migrations.RunPython(load_thesaurus, migrations.RunPython.noop),
    ]
