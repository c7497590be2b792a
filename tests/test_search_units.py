"""The search enrichment and the Python replica of the browser's search."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest
from conftest import ROOT
from mkdocs.exceptions import PluginError

from esca import search
from search_replica import Replica
from esca.glossary import Term

SGO = Term("SGO", "special guardianship order", "A court order.", "legislation/special-guardianship.md",
           synonyms=("special guardian", "kinship care"))
CIC = Term("CiC", "children in care", "Children the council looks after.", "roles/children-in-care.md",
           aliases=(("LAC", "looked-after children"),))


@pytest.mark.parametrize("src, url", [
    ("index.md", ""), ("roles/index.md", "roles/"), ("roles/d-bit.md", "roles/d-bit/"),
    ("legislation/x.md#anchor", "legislation/x/"),
])
def test_page_url(src, url):
    assert search.page_url(src) == url


@pytest.mark.parametrize("text, expected", [
    ("Enquiries under section 47 start", ["s47", "s.47", "section 47"]),
    ("an s.17 assessment", ["s17", "s.17", "section 17"]),
    ("Section 31ZA is new", ["s31za", "s.31za", "section 31za"]),
    ("No reference here", []),
])
def test_legal_references_get_every_form(text, expected):
    assert search.keywords_for(text, []) == expected


@pytest.mark.parametrize("text, found", [
    ("<p>An <abbr>SGO</abbr> lasts to 18</p>", True),
    ("A special guardianship order lasts", True),
    ("Support for kinship care", True),
    ("SGOs are common", False),  # a different word: not matched by the abbreviation
    ("Nothing relevant", False),
])
def test_mentions_of_a_term(text, found):
    assert ("special guardianship order" in search.keywords_for(text, [SGO])) is found


def test_enrich_puts_forms_on_the_main_page_and_mentions_elsewhere():
    index = {"config": {"fields": {"mentions": {"boost": 20}}}, "docs": [
        {"location": "roles/children-in-care/", "title": "Children in Care", "text": "Our teams"},
        {"location": "roles/children-in-care/#what", "title": "What", "text": "We visit children"},
        {"location": "legislation/x/", "title": "Law", "text": "Duties to looked-after children"},
    ]}
    docs = search.enrich(index, [CIC])["docs"]
    assert docs[0]["glossary"] == "CiC children in care LAC looked-after children"
    assert "glossary" not in docs[1] and "mentions" not in docs[1]
    assert "LAC" in docs[2]["mentions"] and "glossary" not in docs[2]
    plain = search.enrich({**index, "config": {}}, [CIC])["docs"]
    assert "mentions" not in plain[2]  # only when mkdocs.yml configures the field


INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}},
    "docs": [
        {"location": "a/", "title": "Children in care", "text": "<p>Care planning for children</p>"},
        {"location": "a/#reviews", "title": "Reviews", "text": "<p>Reviews of care plans</p>"},
        {"location": "b/", "title": "Care leavers", "text": "<p>Leaving care at 18</p>"},
        {"location": "c/", "title": "Supervision", "text": "<p>Reflective supervision</p>"},
    ],
}


@pytest.mark.parametrize("query, transformed", [
    ("care", "care*"),
    ("care leavers", "care* leavers*"),
    ('"care leavers"', "+care +leavers"),
    ("care-leavers", "care-leavers* care-leavers*"),  # as Material does: each part keeps its context
    ("  ", ""),
    ("-care", "-care"),
])
def test_query_transform_matches_material(query, transformed):
    assert Replica(INDEX).transform(query) == transformed


@pytest.mark.parametrize("query, pages", [
    ("care leavers", ["b/", "a/"]),
    ("reviews", ["a/"]),
    ("supervision", ["c/"]),
    ("nothing", []),
])
def test_replica_ranks_and_groups_by_page(query, pages):
    assert Replica(INDEX).search(query) == pages


def _search_hook():
    spec = importlib.util.spec_from_file_location("esca_search_hook", ROOT / "hooks/search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Plugin:
    def __init__(self, **attributes):
        self.config = SimpleNamespace(enabled=True, fields={"glossary": {"boost": 3000}})
        self.__dict__.update(attributes)


def _config(plugin):
    from esca import glossary

    terms, _ = glossary.load_glossary(ROOT / "data/glossary.yml", ROOT)
    return SimpleNamespace(plugins={"material/search": plugin}, config_file_path=str(ROOT / "mkdocs.yml"),
                           esca_site=SimpleNamespace(terms=terms))


def test_search_hook_adds_terms_to_materials_entries_before_it_writes_them():
    entries = [{"location": "legislation/special-guardianship/", "title": "Special guardianship", "text": "x"},
               {"location": "legislation/special-guardianship/#s", "title": "Section", "text": "y"}]
    _search_hook().on_post_build(_config(_Plugin(search_index=SimpleNamespace(entries=entries))))
    assert "SGO" in entries[0]["glossary"].split() and "glossary" not in entries[1]


def test_search_hook_stops_the_build_clearly_if_material_changes():
    with pytest.raises(PluginError, match=r"^hooks/search.py:1: material/search: this version of Material no longer keeps its entries in search_index.entries — "):
        _search_hook().on_post_build(_config(_Plugin()))
