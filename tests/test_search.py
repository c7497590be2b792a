"""Search: the glossary's coverage, the judged queries in the top 3 (Python
lunr, the same index the browser builds), and the real search box in
Chromium agreeing with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from conftest import ROOT
from esca.pages.glossary import load_glossary
from esca.search import index as searchindex, vocab as searchvocab
import search_replica
import search_sets
from search_replica import QUESTION_WORDS, Replica
from lunr.stop_word_filter import WORDS as STOP_WORDS

JUDGED = yaml.safe_load((ROOT / "data/search-judgements.yml").read_text())["queries"]
EVAL = search_sets.load(search_sets.FIRST)
# The sets written blind after each later pass (tests/search_sets.py), in order
LATER = [search_sets.load(search_sets.path_of(name)) for name in search_sets.LATER]
MATERIAL = Path(material.__file__).parent / "templates"  # the installed theme, whatever the Python version
REQUIRED_TERMS = ("CiC CLA LAC CIN CP CPP s17 s20 s31 s47 PLO SGO IRO PA EHCP SEND EHE UASC SMC MASA DCS ILACS JTAI "
                  "ASYE ECDP PCF KSS CPD FGDM FGC D-BIT EDS A&I FS&P YOS YJS CAMHS CAFCASS LADO MAPPA PEP VSH QAS").split()


def test_glossary_covers_the_required_terms():
    terms, findings = load_glossary(ROOT / "data/glossary.yml", ROOT)
    assert findings == []
    shorts = {short for term in terms for short, _ in term.abbreviations}
    assert [t for t in REQUIRED_TERMS if t not in shorts] == []


def test_judged_set_is_big_enough():
    assert len(JUDGED) >= 40


@pytest.fixture(scope="module")
def replica(site):
    return Replica(json.loads((site.site / "search/search_index.json").read_text()))


@pytest.mark.parametrize("item", JUDGED, ids=[q["query"] for q in JUDGED])
def test_judged_query_finds_its_page_in_the_top_3(replica, item):
    top = replica.search(item["query"])[:3]
    assert set(top) & set(item["expect"]), top


def test_the_default_index_would_miss_jargon(site):
    """The enrichment is what makes jargon work: without it, 'LAC' finds only the glossary."""
    data = json.loads((site.site / "search/search_index.json").read_text())
    config = {k: v for k, v in data["config"].items() if k != "index"}  # built from the entries
    plain = {"config": {**config, "fields": {k: v for k, v in data["config"]["fields"].items()
                                             if k in ("title", "text")}},
             "docs": [{k: v for k, v in d.items() if k not in ("glossary", "mentions")} for d in data["docs"]]}
    assert Replica(plain).search("LAC") == ["glossary/"]
    assert Replica(data).search("LAC")[0] == "roles/children-in-care/"


PARITY = ["LAC", "s47", "special guardianship", "fostering", "reflective supervision", "care leavers",
          "who works with families out of hours", "PLO"]


SHOWN = """() => [...document.querySelectorAll(
  ".md-search-result__list > .md-search-result__item > a:first-child")].map(a => new URL(a.href).pathname.slice(1))"""


def browser_results(page, query: str, expect: list[str]) -> list[str]:
    """The pages the search box shows for ``query``, once they start with
    ``expect`` (results of each keystroke come and go while typing) or after
    10 s; whatever is shown then is returned for the test to judge."""
    page.goto(page.base)
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    wanted = json.dumps(expect, separators=(",", ":"))  # as JSON.stringify writes it
    try:
        # A function, not an expression: an expression is polled with eval,
        # which the page's Content-Security-Policy refuses.
        page.wait_for_function(f"([n, wanted]) => JSON.stringify(({SHOWN})().slice(0, n)) === wanted",
                               arg=[len(expect), wanted], timeout=10_000)
    except PlaywrightTimeout:
        pass
    return page.evaluate(SHOWN)


@pytest.mark.browser
@pytest.mark.parametrize("query", PARITY)
def test_browser_search_agrees_with_python_lunr(page, replica, query):
    shown = browser_results(page, query, replica.search(query)[:3])[:3]
    assert shown == replica.search(query)[:3]
    expected = next((q["expect"] for q in JUDGED if q["query"] == query), None)
    if expected:
        assert set(shown) & set(expected)


def test_evaluation_set_is_big_enough_and_half_questions():
    assert len(EVAL) >= 150
    assert sum(q["kind"] == "question" for q in EVAL) * 2 >= len(EVAL)
    assert sum(not q["expect"] for q in EVAL) >= 10
    assert len({q["query"].lower() for q in EVAL}) == len(EVAL)


def test_the_shim_the_replica_and_the_vocabulary_check_drop_the_same_question_words():
    shim = (ROOT / "overrides/assets/javascripts/workers/esca-search.js").read_text(encoding="utf-8")
    listed = re.search(r"const QUESTION_WORDS = new Set\(`(.*?)`", shim, re.S).group(1).split()
    assert set(listed) == set(QUESTION_WORDS) == set(searchvocab.QUESTION_WORDS)
    assert {"dont", "difference", "between", "how"} <= set(listed)


@pytest.mark.parametrize("name, value", [
    ("FORM_CREDIT", search_replica.FORM_CREDIT),
    ("LONG_QUERY", search_replica.LONG_QUERY),
    ("ONE_TYPO", search_replica.ONE_TYPO),
    ("TWO_TYPOS", list(search_replica.TWO_TYPOS)),
    ("PREFIX_FIELDS", list(search_replica.PREFIX_FIELDS)),
    ("HIDDEN_FIELDS", list(search_replica.HIDDEN_FIELDS)),
    ("HIDDEN_AS", search_replica.HIDDEN_AS),
    ("TAUGHT_KINDS", list(search_replica.TAUGHT_KINDS)),
    ("TAUGHT_WEIGHT", search_replica.TAUGHT_WEIGHT),
    ("WHAT_IS", list(search_replica.WHAT_IS)),
    ("TIE_BREAK", search_replica.TIE_BREAK),
    ("PHRASE_FIELDS", list(search_replica.PHRASE_FIELDS)),
    ("PHRASE_GAP", search_replica.PHRASE_GAP),
    ("PHRASE_BONUS", search_replica.PHRASE_BONUS),
])
def test_the_shim_and_the_replica_share_their_settings(name, value):
    """The replica keeps its own copy of each of the shim's settings: a change
    to one alone would show only on the queries that happen to need it."""
    shim = (ROOT / "overrides/assets/javascripts/workers/esca-search.js").read_text(encoding="utf-8")
    written = re.search(rf"^const {name} = (.+?)(?:\s+//.*)?$", shim, re.M).group(1)
    assert json.loads(written) == value


def test_later_sets_repeat_no_earlier_query():
    """Each set written after the first repeats no query of the sets before
    it, so no held-out query is tuned on through a later set, and a set
    never tuned on (search_sets.NEVER_TUNED) holds no query any set tuned on
    holds."""
    earlier = {q["query"].strip().lower() for q in EVAL}
    for later in LATER:
        queries = [q["query"].strip().lower() for q in later]
        assert len(queries) >= 70 and len(set(queries)) == len(queries)
        assert not earlier & set(queries)
        earlier |= set(queries)


def test_every_judged_answer_is_a_page_of_the_site(site):
    missing = {(q["query"], url) for q in EVAL + sum(LATER, []) for url in q["expect"]
               if not (site.site / url / "index.html").is_file()}
    assert missing == set()


def _material_worker() -> str:
    [worker] = (MATERIAL / "assets/javascripts/workers").glob("search.*.min.js")
    return worker.read_text(encoding="utf-8")


def test_materials_worker_still_speaks_the_messages_the_shim_relies_on():
    """overrides/assets/javascripts/workers/esca-search.js loads Material's
    worker and replaces lunr.Index.prototype.search: it needs Material to
    publish lunr as self.lunr, set the tokenizer separator, call
    this.index.search with the transformed query, and keep its messages
    (0 set-up with data.config, 1 ready, 2 query, 3 result)."""
    worker = _material_worker()
    [bundle] = (MATERIAL / "assets/javascripts").glob("bundle.*.min.js")
    assert re.search(r"\{type:0,data:\{config:\w,docs:\w,options:\{suggest:", bundle.read_text(encoding="utf-8"))
    assert "self.lunr=" in worker
    assert "lunr.tokenizer.separator=new RegExp(" in worker
    assert re.search(r"this\.index\.search\(\w\)", worker)
    assert re.search(r"case 0:return yield \w+\(\w\.data\.config\),\w+=new \w+\(\w\.data\),\{type:1\};"
                     r"case 2:let \w=\w\.data;try\{return\{type:3,data:\w+\.search\(\w\)\}", worker)


def test_materials_worker_still_builds_its_index_the_way_the_prebuilt_index_replaces():
    """The shim hands config.index to lunr's Builder.build in place of the
    entries: it needs Material to index with lunr's Builder (b = 0, position
    metadata, its own tokenizer, one extractor per field, each entry added
    with its boost), the bundle to pass the index's config to the worker
    whole, and lunr 2.3.9's Index, Vector, idf and TokenSet as they are."""
    worker = _material_worker()
    assert re.search(r'this\.index=lunr\(function\(\)\{this\.metadataWhitelist=\["position"\],this\.b\(0\),', worker)
    assert re.search(r"this\.tokenizer=\w+,lunr\.tokenizer\.separator=new RegExp\(\w\.separator\)", worker)
    assert re.search(r'this\.ref\("location"\);for\(let\[\w,\w\]of Object\.entries\(\w\.fields\)\)'
                     r"this\.field\(\w,\w\(\w\(\{\},\w\),\{extractor:\w\(\w\)\}\)\);"
                     r"for\(let \w of \w\)this\.add\(\w,\{boost:\w\.boost\}\)", worker)
    assert re.search(r"\w\.Index=function\(e\)\{this\.invertedIndex=e\.invertedIndex,this\.fieldVectors=e\.fieldVectors,"
                     r"this\.tokenSet=e\.tokenSet,this\.fields=e\.fields,this\.pipeline=e\.pipeline\}", worker)
    assert re.search(r"\w\.Vector=function\(e\)\{this\._magnitude=0,this\.elements=e\|\|\[\]\}", worker)
    assert re.search(r"\w\.idf=function\(", worker) and re.search(r"\w\.TokenSet\.fromArray=function\(", worker)
    assert re.search(r'\w\.version="2\.3\.9";', worker)  # lunr.js, whose Builder.build the shim mirrors
    [bundle] = (MATERIAL / "assets/javascripts").glob("bundle.*.min.js")
    assert re.search(r"\{type:0,data:\{config:\w,docs:\w,options:", bundle.read_text(encoding="utf-8"))


def test_the_theme_still_names_its_worker_where_the_override_replaces_it(site):
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    assert '"search": "assets/javascripts/workers/search.' in base
    assert '"search": "../assets/javascripts/workers/esca-search.js?search.' in site.page("roles/")
    assert (site.site / "assets/javascripts/workers/esca-search.js").exists()


WORKER_RESULTS = """async ([queries]) => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const index = await (await fetch(new URL("search/search_index.json", new URL(config.base, location)))).json()
  const worker = new Worker(new URL(config.search, location))
  const replies = []
  const next = () => new Promise(resolve => worker.addEventListener("message", e => resolve(e.data), {once: true}))
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs,
                                      options: {suggest: config.features.includes("search.suggest")}}})
  if ((await next()).type !== 1) throw new Error("no ready message")
  for (const query of queries) {
    worker.postMessage({type: 2, data: query})
    const reply = await next()
    replies.push(reply.data.items.slice(0, 3).map(group => group[0].location.split("#")[0]))
  }
  worker.terminate()
  return replies
}"""


@pytest.mark.browser
def test_browser_worker_gives_the_replicas_top_three_on_every_judged_query(page, replica):
    """Every query of the six evaluation sets and the old judged set,
    through the real worker (Material's, inside the portal's shim) in Chromium."""
    queries = list(dict.fromkeys([q["query"] for q in EVAL + sum(LATER, []) + JUDGED]))
    page.goto(page.base)
    shown = page.evaluate(WORKER_RESULTS, [queries])
    expected = [replica.search(q)[:3] for q in queries]
    differ = [(q, got, want) for q, got, want in zip(queries, shown, expected) if got != want]
    assert len(shown) == len(queries)
    assert differ == []


def _index(site) -> dict:
    return json.loads((site.site / "search/search_index.json").read_text())


def test_prebuilt_index_holds_what_materials_tokenizer_would_index(site):
    """The postings built at build time (esca.search.index) are what Material's
    worker would have indexed from the same entries (the replica builds from
    the entries as Material's worker does), apostrophes aside, plus each
    field's hidden terms (a title's initials and glossary short forms, every
    form of a section cited), and each reader's word of
    data/search-vocabulary.yml wherever its site words are."""
    data = _index(site)
    prebuilt = Replica(data).index.inverted_index
    config = {k: v for k, v in data["config"].items() if k != "index"}
    built = Replica({"config": config, "docs": data["docs"]}).index.inverted_index
    expected: dict[tuple[str, str], set[str]] = {}
    for term, posting in built.items():
        for field, refs in posting.items():
            plain = term.replace("'", "").replace("\u2019", "")
            if field != "_index" and refs and plain and plain not in STOP_WORDS:
                expected.setdefault((plain, field), set()).update(refs)
    separator = re.compile(data["config"]["separator"])
    terms, _ = load_glossary(ROOT / "data/glossary.yml", ROOT)
    short_forms = searchindex.ShortForms({s: long for t in terms for s, long in t.abbreviations}, separator)
    for doc in data["docs"]:
        for field in data["config"]["fields"]:
            if doc.get(field):
                for term in searchindex.hidden_terms(field, doc[field], separator, short_forms):
                    expected.setdefault((term, field), set()).add(doc["location"])
    assert {("psdp", "title"), ("fgdm", "title"), ("s.47", "text")} <= set(expected)
    assert "cpd/courses/family-networks-and-fgdm/" in expected[("fgdm", "title")]
    vocabulary, _, findings = searchvocab.load(ROOT)
    assert vocabulary and not findings
    for word, site_words in vocabulary.items():
        for field in data["config"]["fields"]:
            refs = set().union(*(expected.get((w, field), set()) for w in (word, *site_words)))
            if refs:
                expected[(word, field)] = refs
    got = {(term, field): set(refs) for term, posting in prebuilt.items()
           for field, refs in posting.items() if field != "_index" and refs}
    assert got == expected
    assert "childrens" in prebuilt and "children's" not in prebuilt


def test_every_page_result_has_a_preview_and_says_what_kind_of_page_it_is(site):
    pages = {doc["location"]: doc for doc in _index(site)["docs"] if "#" not in doc["location"]}
    no_preview = [loc for loc, doc in pages.items()
                  if not doc["text"].startswith("<p>") or doc["text"].startswith("<p>Law as at")]
    assert no_preview == []
    assert pages["roles/children-in-care/"]["title"] == "Children in Care (team)"
    assert pages["legislation/children-act-1989/"]["title"] == "Children Act 1989 (law)"
    assert pages["roles/careers/social-worker/"]["title"].endswith(" (career)")
    assert pages["practice-model/"]["title"] == "The Essex practice model"  # a section index: no label


@pytest.mark.parametrize("query, answer", [
    ("Basildon", "corporate-parenting/local-data/"),  # a district name in a generated table
    ("Tendring", "corporate-parenting/local-data/"),
    ("residential childrens homes", "roles/residential-services/"),  # no apostrophe typed
])
def test_generated_tables_and_words_typed_without_apostrophes_are_found(replica, query, answer):
    assert answer in replica.search(query)[:3]


def test_apostrophes_make_no_difference(replica):
    results = [replica.search(q) for q in ("childrens homes", "children's homes", "children\u2019s homes")]
    assert results[0] and results[0] == results[1] == results[2]


@pytest.mark.browser
def test_search_box_highlights_words_and_names_the_kind_of_page(page):
    page.goto(page.base)
    page.keyboard.press("/")
    page.keyboard.type("children in care")
    first = page.locator(".md-search-result__list > .md-search-result__item").first
    # An earlier keystroke's results may already be on screen, highlighted:
    # wait for the results of the whole query (its first title), then check.
    expect(first.locator("h1").first).to_have_text("Children in Care (team)")
    expect(first.locator("article p").first).to_contain_text("The Children in Care teams are")
    marked = {m.strip().lower() for m in first.locator("mark").all_inner_texts()}
    assert "children" in marked, marked  # a word of the query is highlighted in its result


PREBUILT_ONLY = """async () => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const worker = new Worker(new URL(config.search, location))
  const next = () => new Promise(resolve => worker.addEventListener("message", e => resolve(e.data), {once: true}))
  const docs = [{location: "a/", title: "Alpha", text: "<p>alpha words</p>"},
                {location: "b/", title: "Bravo", text: "<p>bravo words</p>"}]
  const index = {fields: ["title", "text"], terms: {zulu: [[1], [1, -3]]}}  // only in the postings, in b/
  worker.postMessage({type: 0, data: {config: {lang: ["en"], separator: "[\\\\s\\\\-]+", pipeline: ["stopWordFilter"],
                                               fields: {title: {boost: 1000}, text: {boost: 1}}, index},
                                      docs, options: {suggest: false}}})
  await next()
  const found = []
  for (const query of ["zulu", "alpha"]) {
    worker.postMessage({type: 2, data: query})
    found.push((await next()).data.items.map(group => group[0].location))
  }
  worker.terminate()
  return found
}"""


@pytest.mark.browser
def test_the_worker_searches_the_prebuilt_index_not_the_entries(page):
    """The shim hands config.index to lunr instead of indexing the entries:
    a word only the postings hold is found, a word only the entries hold is not."""
    page.goto(page.base)
    assert page.evaluate(PREBUILT_ONLY) == [["b/"], []]


def test_every_site_word_of_the_search_vocabulary_is_on_some_page(site):
    """A site word no page uses (misspelt, or dropped from the pages) finds
    nothing: one finding each, at the reader word's line."""
    data = _index(site)
    vocabulary, lines, findings = searchvocab.load(ROOT)
    unused: list[tuple[str, str]] = []
    config = {k: v for k, v in data["config"].items() if k != "index"}
    searchindex.prebuild(data["docs"], config, vocabulary, unused)
    assert findings == [] and [str(f) for f in searchvocab.unused(unused, lines)] == []


def test_the_kinds_a_what_is_question_prefers_less_are_kinds_results_name():
    assert set(search_replica.TAUGHT_KINDS) <= set(searchindex.KIND_LABELS.values())


SHOWN_PER_RESULT = """() => [...document.querySelectorAll(".md-search-result__list > .md-search-result__item")]
  .slice(0, 3).map(item => item.querySelectorAll(":scope > a").length)"""


@pytest.mark.browser
def test_the_first_results_are_distinct_pages_each_with_at_most_its_best_section(page, replica):
    """Material shows, under a page's title, every section that ties with the
    page's best entry, and folds the rest into "N more on this page". The
    chart sections of the local data page each name a district once and
    tied: "Harlow" showed that page and five of its sections, and the next
    page was off the screen."""
    shown = browser_results(page, "Harlow", replica.search("Harlow")[:3])
    assert shown[:2] == ["corporate-parenting/local-data/", "roles/why-essex/"]
    assert max(page.evaluate(SHOWN_PER_RESULT)) <= 2  # the page, and at most its best section


@pytest.mark.browser
def test_no_results_say_what_to_try_and_link_contact_and_your_first_day(page):
    """In place of "No matching documents": what to try, with links that
    still lead to the right pages after instant navigation from a page
    deeper in the site (the search dialog is kept from the first page)."""
    page.goto(page.base + "roles/careers/asye/")
    page.locator("a[href$='induction/']").first.click()  # instant navigation: the dialog stays
    page.wait_for_url("**/induction/")
    page.keyboard.press("/")
    page.keyboard.type("qqxyzzy zzqqv")
    help_ = page.locator("[data-esca-search-help]")
    help_.wait_for(state="visible")
    assert help_.inner_text() == "No results: try fewer words, or see Contact or Your first day."
    assert not page.locator(".md-search-result__meta").is_visible()
    hrefs = [page.evaluate("a => new URL(a.href).pathname", link) for link in help_.locator("a").element_handles()]
    assert hrefs == ["/about/contact/", "/induction/first-day/"]
    page.keyboard.press("ArrowDown")  # Material's arrow keys go through the results, not past them to these links
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    help_.locator("a").first.click()
    page.wait_for_url("**/about/contact/")
    page.keyboard.press("/")
    page.keyboard.type("supervision")
    page.locator(".md-search-result__item").first.wait_for()
    assert not help_.is_visible() and page.locator(".md-search-result__meta").is_visible()


def test_whats_changed_is_found_by_its_name_not_by_every_topic_it_lists(site, replica):
    """What's changed names every topic it lists changes to, so every word of
    a question about a topic was on it: it came first for "domestic abuse
    training for social workers". Its list is left out of search."""
    page = site.page("whats-changed/")
    first = re.search(r'<ul class="esca-filter__items esca-changes" data-search-exclude>\s*<li[^>]*>(.*?)</li>',
                      page, re.S)
    assert first, "the list of changes is not marked data-search-exclude"
    note = re.sub(r"<[^>]+>", "", first.group(1)).split(". ", 1)[-1].strip()
    [entry] = [doc for doc in _index(site)["docs"] if doc["location"] == "whats-changed/"]
    assert note and note not in entry["text"]
    assert replica.search("what's changed")[0] == "whats-changed/"
    assert "whats-changed/" not in replica.search("domestic abuse training for social workers")[:3]
