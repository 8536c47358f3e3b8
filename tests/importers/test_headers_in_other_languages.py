"""A tracker kept in German, French or Spanish names its columns in that language: they are
read without --map (found by a tester: `Firma;Position;Datum;Notizen;E-Mail` gave "no header row
with a company column"). A general word ("Fecha") names a column only as the whole header."""

from afterview.importers.tracker import find_mapping

import pytest


@pytest.mark.parametrize("headers, expected", [
    (["Firma", "Position", "Beworben am", "Status", "Ansprechpartner", "E-Mail", "Notizen", "Ort"],
     {"company": 0, "role": 1, "applied_on": 2, "status": 3, "contact_name": 4, "contact_email": 5, "notes": 6,
      "location": 7}),
    (["Entreprise", "Intitulé du poste", "Date de candidature", "Statut", "Interlocuteur", "Courriel", "Remarques"],
     {"company": 0, "role": 1, "applied_on": 2, "status": 3, "contact_name": 4, "contact_email": 5, "notes": 6}),
    (["Empresa", "Puesto", "Fecha de solicitud", "Estado", "Contacto", "Correo electrónico", "Notas", "Enlace"],
     {"company": 0, "role": 1, "applied_on": 2, "status": 3, "contact_name": 4, "contact_email": 5, "notes": 6,
      "link": 7}),
])
def test_columns_named_in_german_french_or_spanish_are_read(headers, expected):
    assert find_mapping(headers, 1, {}, "tracker.csv").columns == expected


def test_a_general_word_inside_a_longer_header_names_no_column():
    mapping = find_mapping(["Empresa", "Puesto", "Fecha de entrevista"], 1, {}, "tracker.csv")
    assert "applied_on" not in mapping.columns  # the interview's day is not the day you applied


def test_a_dry_run_lists_each_row_it_would_add(tmp_path):
    from tests.helpers import afterview

    sheet = tmp_path / "bewerbungen.csv"
    sheet.write_text("Firma;Position;Beworben am;Status\nMüller Logistik GmbH;Data Engineer;12.11.2026;Absage\n"
                     "Initech;Analyst;13.11.2026;offen\n", encoding="utf-8")
    db = tmp_path / "a.db"
    shown = afterview("--db", str(db), "csv", "import", str(sheet), "--dry-run")
    assert shown.code == 0, shown.err
    assert shown.out.splitlines() == ["line 2: new: Müller Logistik GmbH, Data Engineer", "line 3: new: Initech, Analyst",
                                      "dry run, nothing written: 2 applications (2 new)"]
    done = afterview("--db", str(db), "csv", "import", str(sheet))
    assert done.out.splitlines() == ["2 applications (2 new)"]  # the import itself says the summary only
