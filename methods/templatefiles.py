"""Import templates: the record format's columns with one example row, as CSV and as XLSX with its codebook."""

import csv
import io

from .exporting import COLUMN_LABELS, PeopleLabels, write_codebook
from .records import FORMAT_COLUMNS, neutralise

EXAMPLE = {
    "id": "exempel-metod",
    "title": "Exempel: stödsamtal för avhoppare",
    "summary": "En rad som visar hur kolumnerna fylls i. Ta bort den innan du importerar.",
    "description": "Beskrivningen skrivs som vanlig text.\n\nEn tom rad börjar ett nytt stycke.",
    "mapped_by": "kommun",
    "settings": "socialtjanst;civilsamhalle",
    "target_groups": "avhoppare",
    "evidence_level": "erfarenhetsbaserad",
    "prevention_levels": "individinriktad",
    "environments": "miljooverskridande",
    "keywords": "stödsamtal;avhopp",
    "source_title": "",
    "source_url": "",
    "source_year": "",
    "evidence_summary": "",
    "outcome_ratings": "samverkan | erfarenhetsbaserad | Bygger på verksamhetens egen uppföljning.",
    "references": "Uppföljning av stödsamtal | 2024 | https://example.org/rapport | Exempelkommunen | "
    "processutvardering | Sverige | 40 | samverkan",
    "last_reviewed": "",
    "review_interval_months": "24",
    "who_can_use": "Socialsekreterare med handledning.",
    "swedish_material": "ja",
    "training_in_sweden": "",
    "training_provider": "",
    "training": "",
    "used_in_sis": "",
    "used_in_kriminalvarden": "",
    "used_in_social_services": "ja",
    "usage_source": "Exempelkommunens verksamhetsberättelse",
    "staff_time": "En timme i veckan per deltagare.",
    "cost_band": "2",
    "costs": "",
    "licence": "Fri att använda",
    "method_owner": "",
    "contact": "Socialtjänstens mottagning (funktion, inte person).",
}


def template_csv():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FORMAT_COLUMNS)
    writer.writerow([neutralise(EXAMPLE[column]) for column in FORMAT_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx():
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    data = workbook.active
    data.title = "Data"
    bold = Font(bold=True)
    data.append(FORMAT_COLUMNS)
    data.append([EXAMPLE[column] for column in FORMAT_COLUMNS])
    for index, column in enumerate(FORMAT_COLUMNS, start=1):
        data.cell(row=1, column=index).font = bold
        data.column_dimensions[get_column_letter(index)].width = max(14, len(str(COLUMN_LABELS[column])) + 2)
        data.cell(row=2, column=index).data_type = "s"
    data.freeze_panes = "B2"
    write_codebook(workbook.create_sheet("Kodbok"), bold, PeopleLabels(), columns=FORMAT_COLUMNS)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
