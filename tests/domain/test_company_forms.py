"""A company's legal form, as each of the four readers of a company's name takes it off.

One list of legal forms and one rule (`domain.companies`); each row: the name as recorded; the
key mail is matched by (`delivery.matching.company_core`); the name a note says
(`composer.context.common_name`); the name the wrong-company check looks for
(`reviewer.rules.identity.core_name`); the key a person's recorded name is compared with a
company's by (`domain.names._company_key`, for `is_organisation`).

Where the four differ it is by a rule of the reader's own: matching keeps the whole name when
the rest is under 3 characters ("HP Inc."); a note keeps the forms a name is said with
("Ford Motor Company", "Fenwick & Co."), the others leave them out; the wrong-company check
also leaves out "Group" and "Holdings"; the key leaves out accents.
"""

from __future__ import annotations

import pytest

from afterview.composer.context import common_name
from afterview.delivery.matching import company_core
from afterview.domain.names import _company_key
from afterview.reviewer.rules.identity import core_name

TABLE = [
    # name, matched by, said as, looked for as, keyed as
    ("Brisk Analytics GmbH", "brisk analytics", "Brisk Analytics", "Brisk Analytics", "brisk analytics"),
    ("Siemens AG", "siemens", "Siemens", "Siemens", "siemens"),
    ("Müller & Söhne GmbH", "müller and söhne", "Müller & Söhne", "Müller & Söhne", "muller and sohne"),
    ("Müller Logistik GmbH & Co. KG", "müller logistik", "Müller Logistik", "Müller Logistik", "muller logistik"),
    ("Henkel AG & Co. KGaA", "henkel", "Henkel", "Henkel", "henkel"),
    ("Gründerzeit UG (haftungsbeschränkt)", "gründerzeit", "Gründerzeit", "Gründerzeit", "grunderzeit"),
    ("Tafel Berlin e.V.", "tafel berlin", "Tafel Berlin", "Tafel Berlin", "tafel berlin"),
    ("Fischer OHG", "fischer", "Fischer", "Fischer", "fischer"),
    ("Strabag SE", "strabag", "Strabag", "Strabag", "strabag"),
    ("Lindt & Sprüngli AG", "lindt and sprüngli", "Lindt & Sprüngli", "Lindt & Sprüngli", "lindt and sprungli"),
    ("Nestlé S.A.", "nestlé", "Nestlé", "Nestlé", "nestle"),
    ("Dassault Systèmes SE", "dassault systèmes", "Dassault Systèmes", "Dassault Systèmes", "dassault systemes"),
    ("Société Générale S.A.", "société générale", "Société Générale", "Société Générale", "societe generale"),
    ("Doctolib SAS", "doctolib", "Doctolib", "Doctolib", "doctolib"),
    ("Le Petit Atelier SARL", "le petit atelier", "Le Petit Atelier", "Le Petit Atelier", "le petit atelier"),
    ("Booking B.V.", "booking", "Booking", "Booking", "booking"),
    ("Koninklijke Philips N.V.", "koninklijke philips", "Koninklijke Philips", "Koninklijke Philips", "koninklijke philips"),
    ("Mollie BV", "mollie", "Mollie", "Mollie", "mollie"),
    ("Van den Berg VOF", "van den berg", "Van den Berg", "Van den Berg", "van den berg"),
    ("Telefónica, S.A.", "telefónica", "Telefónica", "Telefónica", "telefonica"),
    ("Glovo S.L.", "glovo", "Glovo", "Glovo", "glovo"),
    ("Cabify España S.L.U.", "cabify españa", "Cabify España", "Cabify España", "cabify espana"),
    ("Grupo Bimbo S.A.B. de C.V.", "grupo bimbo", "Grupo Bimbo", "Grupo Bimbo", "grupo bimbo"),
    ("Ferrero S.p.A.", "ferrero", "Ferrero", "Ferrero", "ferrero"),
    ("Luxottica SpA", "luxottica", "Luxottica", "Luxottica", "luxottica"),
    ("Bottega Veneta Srl", "bottega veneta", "Bottega Veneta", "Bottega Veneta", "bottega veneta"),
    ("Nubank Ltda.", "nubank", "Nubank", "Nubank", "nubank"),
    ("Farfetch Portugal, Lda", "farfetch portugal", "Farfetch Portugal", "Farfetch Portugal", "farfetch portugal"),
    ("Spotify AB", "spotify", "Spotify", "Spotify", "spotify"),
    ("Nokia Oyj", "nokia", "Nokia", "Nokia", "nokia"),
    ("Supercell Oy", "supercell", "Supercell", "Supercell", "supercell"),
    ("Equinor ASA", "equinor", "Equinor", "Equinor", "equinor"),
    ("Novo Nordisk A/S", "novo nordisk", "Novo Nordisk", "Novo Nordisk", "novo nordisk"),
    ("Kahoot! AS", "kahoot", "Kahoot!", "Kahoot!", "kahoot"),
    ("Barclays plc", "barclays", "Barclays", "Barclays", "barclays"),
    ("Tailspin Ltd", "tailspin", "Tailspin", "Tailspin", "tailspin"),
    ("Deliveroo Holdings PLC", "deliveroo holdings", "Deliveroo Holdings", "Deliveroo", "deliveroo holdings"),
    ("Monzo Bank Limited", "monzo bank", "Monzo Bank", "Monzo Bank", "monzo bank"),
    ("Octopus Energy Ltd.", "octopus energy", "Octopus Energy", "Octopus Energy", "octopus energy"),
    ("Fenwick & Co.", "fenwick", "Fenwick & Co.", "Fenwick & Co.", "fenwick"),
    ("Freshfields LLP", "freshfields", "Freshfields", "Freshfields", "freshfields"),
    ("Acme Robotics, Inc.", "acme robotics", "Acme Robotics", "Acme Robotics", "acme robotics"),
    ("Globex Corporation", "globex", "Globex", "Globex", "globex"),
    ("Initech Corp.", "initech", "Initech", "Initech", "initech"),
    ("Globex LLC", "globex", "Globex", "Globex", "globex"),
    ("Acme, L.L.C.", "acme", "Acme", "Acme", "acme"),
    ("Fenwick & Hale, Inc.", "fenwick and hale", "Fenwick & Hale", "Fenwick & Hale", "fenwick and hale"),
    ("The Boeing Company", "boeing", "The Boeing Company", "The Boeing Company", "boeing"),
    ("The Kroger Co.", "kroger", "Kroger", "Kroger", "kroger"),
    ("Ford Motor Company", "ford motor", "Ford Motor Company", "Ford Motor Company", "ford motor"),
    ("HP Inc.", "hp inc", "HP", "HP", "hp"),
    ("Bain & Company", "bain", "Bain & Company", "Bain & Company", "bain"),
    ("Procter & Gamble Co.", "procter and gamble", "Procter & Gamble", "Procter & Gamble", "procter and gamble"),
    ("The Browser Company", "browser", "The Browser Company", "The Browser Company", "browser"),
    ("Sony Group Co., Ltd.", "sony group", "Sony Group", "Sony", "sony group"),
    ("Rakuten K.K.", "rakuten", "Rakuten", "Rakuten", "rakuten"),
    ("Kabushiki Kaisha Toshiba", "toshiba", "Toshiba", "Toshiba", "toshiba"),
    ("ソニー株式会社", "ソニー", "ソニー", "ソニー", "ソニー"),
    ("Infosys Pvt Ltd", "infosys", "Infosys", "Infosys", "infosys"),
    ("Zoho Corporation Pvt. Ltd.", "zoho", "Zoho", "Zoho", "zoho"),
    ("Flipkart Internet Private Limited", "flipkart internet", "Flipkart Internet", "Flipkart Internet", "flipkart internet"),
    ("Atlassian Pty Ltd", "atlassian", "Atlassian", "Atlassian", "atlassian"),
    ("Grab Holdings Pte. Ltd.", "grab holdings", "Grab Holdings", "Grab", "grab holdings"),
    ("Allegro Sp. z o.o.", "allegro", "Allegro", "Allegro", "allegro"),
    ("Avast s.r.o.", "avast", "Avast", "Avast", "avast"),
    ("Incubator Labs", "incubator labs", "Incubator Labs", "Incubator Labs", "incubator labs"),
    ("Corpus Christi Health", "corpus christi health", "Corpus Christi Health", "Corpus Christi Health", "corpus christi health"),
    ("AGILE Systems", "agile systems", "AGILE Systems", "AGILE Systems", "agile systems"),
    ("Co-op Bank", "co op bank", "Co-op Bank", "Co-op Bank", "co op bank"),
    ("Plc Solutions", "plc solutions", "Plc Solutions", "Plc Solutions", "plc solutions"),
    ("Serenity Day Spa", "serenity day spa", "Serenity Day Spa", "Serenity Day Spa", "serenity day spa"),
    ("Limitless", "limitless", "Limitless", "Limitless", "limitless"),
    ("AB Volvo", "ab volvo", "AB Volvo", "AB Volvo", "ab volvo"),
    ("Johnson & Johnson", "johnson and johnson", "Johnson & Johnson", "Johnson & Johnson", "johnson and johnson"),
    ("Halvorsen Freight", "halvorsen freight", "Halvorsen Freight", "Halvorsen Freight", "halvorsen freight"),
    ("Inc.", "inc", "Inc.", "Inc.", "inc"),
    ("The Company", "the company", "The Company", "The Company", "the company"),
    ("GmbH", "gmbh", "GmbH", "GmbH", "gmbh"),
    ("The AG Company", "the ag", "The AG Company", "The AG Company", "the ag"),
]


@pytest.mark.parametrize("name, matched, said, linted, keyed", TABLE, ids=[row[0] for row in TABLE])
def test_each_reader_of_a_company_name(name, matched, said, linted, keyed):
    assert (company_core(name), common_name(name), core_name(name), _company_key(name)) == (matched, said, linted, keyed)
