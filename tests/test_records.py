"""Reading import files (methods.records.read_rows): which sheet, which cells, and what a broken file is told."""

import io

import openpyxl
import pytest

from methods.records import IMPORT_COLUMNS, FileFormatError, read_rows


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
