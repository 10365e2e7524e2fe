"""Reading import files (methods.records.read_rows): which sheet, which cells, and what a broken file is told."""

import csv
import io

import openpyxl
import pytest

from methods import records
from methods.records import IMPORT_COLUMNS, SUMMARY_MAX_LENGTH, FileFormatError, read_rows, validate


def xlsx(*sheets):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


ROW = ["ny-metod", "Ny metod", "Kort.", "Text.", "kommun", "skola", "vuxna", "lovande", "riktad", "", "", "", "", ""]


def test_the_sheet_that_names_the_import_columns_is_read_even_when_it_is_not_the_first():
    people = ("Metoder", [["Titel", "Sammanfattning"], ["Ny metod", "Kort."]])
    data = ("Data", [[f" {c.upper()} " for c in IMPORT_COLUMNS], ROW])
    header, rows = read_rows(xlsx(people, data), "export.xlsx")
    assert header == IMPORT_COLUMNS  # trimmed and lower-cased
    assert rows == [ROW[:9]]  # empty cells at the end of a row are dropped


def test_without_an_import_header_the_first_sheet_is_read_and_blank_rows_are_skipped():
    data = xlsx(("Blad1", [["id", "title"], [None, None], ["x", "y", None, None]]), ("Blad2", [["annat"]]))
    assert read_rows(data, "fil.xlsx") == (["id", "title"], [["x", "y"]])


def test_a_sheet_must_name_every_import_column_to_be_chosen():
    partial = ("Delvis", [IMPORT_COLUMNS[:-1]])
    full = ("Hel", [IMPORT_COLUMNS, ROW])
    assert read_rows(xlsx(partial, full), "fil.xlsx")[0] == IMPORT_COLUMNS
    # A header with an extra column is still an import header.
    extra = ("Extra", [[*IMPORT_COLUMNS, "egen"], ROW])
    assert read_rows(xlsx(partial, extra), "fil.xlsx")[0] == [*IMPORT_COLUMNS, "egen"]


def test_an_empty_workbook_and_a_broken_file_are_told_in_swedish():
    with pytest.raises(FileFormatError, match=r"^Arbetsboken är tom\.$"):
        read_rows(xlsx(("Blad1", [])), "tom.xlsx")
    with pytest.raises(FileFormatError, match=r"^Filen kunde inte läsas som XLSX: "):
        read_rows(b"PK\x03\x04 trasig", "trasig.xlsx")


def test_a_csv_with_semicolons_and_a_bom_is_read_like_a_comma_file():
    comma = ",".join(IMPORT_COLUMNS) + "\n" + ",".join(ROW) + "\n"
    semicolon = "\ufeff" + comma.replace(",", ";")
    assert read_rows(semicolon.encode("utf-8"), "x.csv") == read_rows(comma.encode("utf-8"), "x.csv")
    assert read_rows(comma.encode("utf-8"), "x.csv")[1] == [ROW]


def _csv(*rows, columns=IMPORT_COLUMNS):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_an_xlsx_file_is_known_by_its_content_whatever_its_name():
    data = xlsx(("Blad1", [IMPORT_COLUMNS, ROW]))
    assert read_rows(data, "uppladdad-fil")[1] == [ROW[:9]]


def test_a_csv_with_old_mac_line_ends_is_read():
    text = ",".join(IMPORT_COLUMNS) + "\r" + ",".join(ROW) + "\r"
    assert read_rows(text.encode("utf-8"), "mac.csv") == (IMPORT_COLUMNS, [ROW])


def test_a_comma_file_whose_header_has_a_semicolon_stays_a_comma_file():
    header, rows = read_rows(_csv(ROW, columns=[*IMPORT_COLUMNS, "egen;kolumn"]), "x.csv")
    assert header[-1] == "egen;kolumn" and rows == [ROW]


def test_a_cell_over_the_field_limit_names_the_line_where_reading_stopped(monkeypatch):
    monkeypatch.setattr(records, "MAX_FIELD_LENGTH", 50)
    with pytest.raises(FileFormatError) as error:
        read_rows(_csv(["ny-metod", "x" * 80, *ROW[2:]]), "x.csv")
    assert str(error.value) == "Filen kunde inte läsas som CSV vid rad 2: field larger than field limit (50)."


def test_a_file_with_too_many_methods_says_the_limit(monkeypatch):
    monkeypatch.setattr(records, "MAX_ROWS", 2)
    with pytest.raises(FileFormatError) as error:
        read_rows(_csv(ROW, ROW, ROW), "x.csv")
    assert str(error.value) == "Filen har fler än 2 metoder. Dela upp den i flera filer."


def _errors(*rows, columns=IMPORT_COLUMNS):
    header, cells = read_rows(_csv(*rows, columns=columns), "x.csv")
    records_, errors = validate(header, cells)
    return records_, [(e.row, e.column, e.message) for e in errors]


@pytest.mark.django_db
def test_row_errors_say_what_is_wrong_in_each_column():
    no_id = ["", *ROW[1:]]
    bad_id = ["Ny Metod", *ROW[1:]]
    no_evidence = ["metod-3", *ROW[1:7], "", *ROW[8:]]
    bad_year = ["metod-4", *ROW[1:13], "2101"]
    long_summary = ["metod-5", "Ny metod", "o" * (SUMMARY_MAX_LENGTH + 1), *ROW[3:]]
    _records, errors = _errors(no_id, bad_id, no_evidence, bad_year, long_summary)
    assert errors == [
        (1, "id", "saknas"),
        (2, "id", "”Ny Metod” är inte ett giltigt id: använd små bokstäver a–z, siffror och bindestreck"),
        (3, "evidence_level", "saknas (exakt en evidensnivå krävs)"),
        (4, "source_year", "”2101” är inte ett årtal"),
        (5, "summary", f"är {SUMMARY_MAX_LENGTH + 1} tecken, högst {SUMMARY_MAX_LENGTH} tillåts"),
    ]


@pytest.mark.django_db
def test_the_last_year_accepted_is_2100():
    records_, errors = _errors([*ROW[:11], "Källa", "", "2100"])
    assert errors == [] and records_[0].source_year == 2100


@pytest.mark.django_db
def test_rows_with_the_same_unusable_id_are_not_called_duplicates():
    _records, errors = _errors(["Ny Metod", *ROW[1:]], ["Ny Metod", *ROW[1:]], ["", *ROW[1:]], ["", *ROW[1:]])
    assert [(row, column) for row, column, _message in errors] == [(1, "id"), (2, "id"), (3, "id"), (4, "id")]
    assert not any(message.startswith("samma id") for _row, _column, message in errors)


@pytest.mark.django_db
def test_line_breaks_are_kept_only_in_text_columns():
    columns = [*IMPORT_COLUMNS, "licence", "contact"]
    row = ["ny-metod", "Ny\nmetod", "Kort\nsammanfattning.", "Rad ett.\nRad två.", *ROW[4:], "Fri\natt använda", "a\nb"]
    records_, errors = _errors(row, columns=columns)
    assert errors == []
    (record,) = records_
    assert record.title == "Ny metod"  # a single line: the break becomes a space
    assert record.summary == "Kort\nsammanfattning." and "\n" in record.description
    assert record.extra["licence"] == "Fri att använda"  # an optional single-line column
    assert record.extra["contact"] == "a\nb"  # an optional text column


def test_a_formula_cell_is_read_as_the_value_excel_shows_not_as_its_formula():
    import re
    import zipfile

    data = xlsx(("Blad1", [IMPORT_COLUMNS, [ROW[0], '=CONCAT("Ny ","metod")', *ROW[2:]]]))
    # Excel stores the value it last computed beside the formula; openpyxl does not compute, so put it there.
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb"(<c r=\"B2\"[^>]*>)<f>(.*?)</f><v\s*/?>(</v>)?", rb"\1<f>\2</f><v>Ny metod</v>", content
                )
                content = content.replace(b'<c r="B2">', b'<c r="B2" t="str">', 1)  # a text result
            target.writestr(item, content)
    assert read_rows(out.getvalue(), "formel.xlsx")[1][0][1] == "Ny metod"
