"""Library search semantics: include/exclude like AO3, word ranges, full text, sort, tag source.

Works are built by hand (text plus declared or inferred tags) and stored with `add_work`, so each
expectation below is computed from the works themselves, not from what the library returns.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ficlens.model import Tags, Work, WorkInfo
from ficlens.store import Library, Query
from ficlens.store.query import MARK_CLOSE, MARK_OPEN

WORKS = [
    # title, words, pov, complete, declared tags, text
    ("Alpha", 500, "first", True,
     {"fandoms": ["Harry Potter"], "warnings": ["No Archive Warnings Apply"], "rating": ["General Audiences"],
      "relationships": ["Harry Potter/Draco Malfoy"], "characters": ["Harry Potter", "Draco Malfoy"],
      "freeform": ["Fluff"], "category": ["M/M"]},
     "The dragon slept under the castle while Harry read by candlelight."),
    ("beta", 1500, "third", False,
     {"fandoms": ["Harry Potter"], "warnings": ["Graphic Depictions Of Violence"], "rating": ["Mature"],
      "characters": ["Hermione Granger"], "freeform": ["Angst", "Fluff"], "category": ["Gen"]},
     "Hermione found the letter in the library and did not open it."),
    ("Gamma", 3000, "third", True,
     {"fandoms": ["Sherlock (TV)"], "warnings": ["Major Character Death", "Graphic Depictions Of Violence"],
      "rating": ["Explicit"], "relationships": ["Sherlock Holmes/John Watson"],
      "characters": ["Sherlock Holmes", "John Watson"], "freeform": ["Angst"], "category": ["M/M"]},
     "Sherlock watched the river fog and thought about the dragon tattoo case."),
    ("delta", 12000, "second", True,
     {"fandoms": ["Sherlock (TV)", "Harry Potter"], "warnings": ["No Archive Warnings Apply"],
      "rating": ["Teen And Up Audiences"], "characters": ["John Watson", "Harry Potter"],
      "freeform": ["Crossover"], "category": ["Gen"]},
     "You walk into the café. Nothing about this morning seems unusual."),
    ("Epsilon", 25000, None, None,
     {"fandoms": ["Good Omens"], "warnings": ["Creator Chose Not To Use Archive Warnings"],
      "rating": ["Not Rated"], "relationships": ["Aziraphale/Crowley"], "freeform": ["Slow Burn"],
      "category": ["M/M", "Other"]},
     "The bookshop smelled of old paper and the angel hummed a tune."),
]

ZETA = {"fandoms": ["Good Omens"], "warnings": ["No Archive Warnings Apply"]}


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(tmp_path_factory.mktemp("q") / "library.db")
    for title, words, pov, complete, tags, text in WORKS:
        work = Work(text=text, info=WorkInfo(title=title, complete=complete, declared_tags=tags,
                                              summary=f"A story called {title}."))
        work.stats.words = words
        work.narration.person = pov
        library.add_work(work, f"{title}.txt", f"hash-{title}")
    # one work whose only fandom tag is inferred, not declared
    inferred = Work(text="Crowley drove the Bentley too fast.", info=WorkInfo(title="Zeta", declared_tags=ZETA))
    inferred.tags = Tags(fandoms=["Good Omens"], relationships=["Aziraphale/Crowley"], rating="Teen And Up Audiences",
                         warnings=["Major Character Death"])
    inferred.stats.words = 700
    library.add_work(inferred, "Zeta.txt", "hash-Zeta")
    yield library
    library.close()


def titles(lib: Library, **kwargs) -> set[str]:
    result = lib.search(Query(limit=1000, **kwargs))
    assert result.total == len(result.rows)
    return {row.title for row in result.rows}


def declared(tag_type: str, value: str) -> set[str]:
    """The works whose declared tags of this type include the value, computed from the inputs."""
    tags = {w[0]: w[4] for w in WORKS} | {"Zeta": ZETA}
    return {title for title, t in tags.items() if value.casefold() in (v.casefold() for v in t.get(tag_type, []))}


ALL = {w[0] for w in WORKS} | {"Zeta"}


def test_include_one_value_is_exactly_the_works_that_have_it(lib):
    assert titles(lib, include={"fandoms": ["Harry Potter"]}, tag_source="declared") == declared("fandoms", "Harry Potter")
    assert titles(lib, include={"fandoms": ["Harry Potter"]}) == {"Alpha", "beta", "delta"}


def test_include_several_values_means_all_of_them(lib):
    got = titles(lib, include={"fandoms": ["Harry Potter", "Sherlock (TV)"]})
    assert got == {"delta"}
    got = titles(lib, include={"freeform": ["Angst", "Fluff"]})
    assert got == {"beta"}


def test_exclude_a_warning_removes_exactly_the_works_that_have_it(lib):
    for warning in ("Graphic Depictions Of Violence", "No Archive Warnings Apply"):
        got = titles(lib, exclude={"warnings": [warning]}, tag_source="declared")
        assert got == ALL - declared("warnings", warning)


def test_exclude_several_values_means_none_of_them(lib):
    got = titles(lib, exclude={"warnings": ["Major Character Death", "Graphic Depictions Of Violence"]},
                 tag_source="declared")
    assert got == ALL - {"beta", "Gamma"}


def test_include_and_exclude_combine(lib):
    got = titles(lib, include={"fandoms": ["Harry Potter"]}, exclude={"freeform": ["Fluff"]})
    assert got == {"delta"}
    got = titles(lib, include={"category": ["M/M"]}, exclude={"rating": ["Explicit"], "fandoms": ["Good Omens"]})
    assert got == {"Alpha"}


def test_matching_is_case_insensitive_but_exact(lib):
    assert titles(lib, include={"fandoms": ["HARRY potter"]}) == {"Alpha", "beta", "delta"}
    assert titles(lib, include={"fandoms": ["  harry   potter "]}) == {"Alpha", "beta", "delta"}
    assert titles(lib, include={"fandoms": ["Harry"]}) == set()  # no substring matches
    assert titles(lib, include={"fandoms": ["Harry Potter%"]}) == set()  # no LIKE wildcards
    assert titles(lib, exclude={"rating": ["explicit"]}) == ALL - {"Gamma"}


def test_tag_source_chooses_declared_inferred_or_both(lib):
    rel = {"relationships": ["Aziraphale/Crowley"]}
    assert titles(lib, include=rel, tag_source="declared") == {"Epsilon"}
    assert titles(lib, include=rel, tag_source="inferred") == {"Zeta"}
    assert titles(lib, include=rel, tag_source="both") == {"Epsilon", "Zeta"}
    mcd = {"warnings": ["Major Character Death"]}
    assert titles(lib, exclude=mcd, tag_source="declared") == ALL - {"Gamma"}
    assert titles(lib, exclude=mcd, tag_source="inferred") == ALL - {"Zeta"}
    assert titles(lib, exclude=mcd) == ALL - {"Gamma", "Zeta"}
    assert titles(lib, include={"rating": ["teen and up audiences"]}, tag_source="inferred") == {"Zeta"}


def test_rows_show_the_tags_of_the_chosen_source(lib):
    row = lib.search(Query(include={"fandoms": ["Good Omens"]}, tag_source="inferred")).rows[0]
    assert row.title == "Zeta" and row.relationships == ["Aziraphale/Crowley"] and row.rating == "Teen And Up Audiences"
    row = lib.search(Query(text="Bentley", tag_source="declared")).rows[0]
    assert row.relationships == [] and row.warnings == ["No Archive Warnings Apply"] and row.rating is None
    row = lib.search(Query(text="Bentley")).rows[0]
    assert row.warnings == ["No Archive Warnings Apply", "Major Character Death"]


def test_word_range_is_inclusive(lib):
    assert titles(lib, words_min=1500, words_max=12000) == {"beta", "Gamma", "delta"}
    assert titles(lib, words_min=12001) == {"Epsilon"}
    assert titles(lib, words_max=700) == {"Alpha", "Zeta"}
    assert titles(lib, words_min=5000, words_max=4000) == set()


def test_pov_and_complete(lib):
    assert titles(lib, pov="third") == {"beta", "Gamma"}
    assert titles(lib, pov="second") == {"delta"}
    assert titles(lib, complete=True) == {"Alpha", "Gamma", "delta"}
    assert titles(lib, complete=False) == {"beta"}


def test_full_text_finds_words_in_body_title_and_summary(lib):
    assert titles(lib, text="dragon") == {"Alpha", "Gamma"}
    assert titles(lib, text="DRAGON castle") == {"Alpha"}  # every word must match
    assert titles(lib, text='"dragon tattoo"') == {"Gamma"}
    assert titles(lib, text="epsilon") == {"Epsilon"}  # title
    assert titles(lib, text="called beta") == {"beta"}  # summary
    assert titles(lib, text="cafe") == {"delta"}  # diacritics folded
    assert titles(lib, text="unicorn") == set()


def test_full_text_combines_with_filters_and_gives_snippets(lib):
    result = lib.search(Query(text="dragon", exclude={"rating": ["Explicit"]}))
    assert [r.title for r in result.rows] == ["Alpha"]
    snippet = result.rows[0].snippet
    assert f"{MARK_OPEN}dragon{MARK_CLOSE}" in snippet.replace("Dragon", "dragon")
    parts = result.rows[0].snippet_parts()
    assert ("dragon", True) in [(t.lower(), h) for t, h in parts]
    assert "".join(t for t, _ in parts) == snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")
    assert lib.search(Query(include={"fandoms": ["Good Omens"]})).rows[0].snippet is None


@pytest.mark.parametrize("text", ['"', "AND", "OR NOT", "drag*", "NEAR(a b)", "title:x", "((", "'; --", "^", "-"])
def test_full_text_syntax_typed_by_users_never_fails(lib, text):
    lib.search(Query(text=text))


def test_sort_by_words_title_and_added(lib):
    rows = lib.search(Query(sort="words")).rows
    assert [r.words for r in rows] == sorted(r.words for r in rows)
    rows = lib.search(Query(sort="words", descending=True)).rows
    assert [r.title for r in rows][:2] == ["Epsilon", "delta"]
    rows = lib.search(Query(sort="title")).rows
    assert [r.title for r in rows] == sorted((r.title for r in rows), key=str.casefold)
    rows = lib.search(Query(sort="added")).rows
    assert [r.title for r in rows] == [w[0] for w in WORKS] + ["Zeta"]
    assert [r.title for r in lib.search(Query(sort="added", descending=True)).rows][0] == "Zeta"


def test_limit_offset_and_total(lib):
    page = lib.search(Query(sort="title", limit=2, offset=2))
    assert page.total == 6 and [r.title for r in page.rows] == ["delta", "Epsilon"]


def test_facets_count_tags_among_matching_works(lib):
    facets = dict(lib.facets(Query(include={"fandoms": ["Harry Potter"]}, tag_source="declared")))
    assert dict(facets["freeform"]) == {"Fluff": 2, "Angst": 1, "Crossover": 1}
    assert dict(facets["fandoms"]) == {"Harry Potter": 3, "Sherlock (TV)": 1}
    everything = lib.facets(Query())
    assert dict(everything["fandoms"])["Good Omens"] == 2  # Epsilon, and Zeta (declared and inferred: once)


INJECTIONS = ["x' OR '1'='1", "'; DROP TABLE works; --", '" OR 1=1 --', "%", "_", "\\", "Harry Potter') OR ('a'='a"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_looking_values_are_only_strings(lib, value):
    assert titles(lib, include={"fandoms": [value]}) == set()
    assert titles(lib, exclude={"fandoms": [value]}) == ALL
    assert titles(lib, text=value) <= ALL
    assert titles(lib, pov=value) == set()
    assert lib.search(Query()).total == 6
    conn = sqlite3.connect(lib.path)
    assert conn.execute("SELECT count(*) FROM works").fetchone()[0] == 6
    conn.close()


def test_unknown_tag_type_or_sort_is_refused(lib):
    with pytest.raises(ValueError):
        lib.search(Query(include={"fandoms); DROP TABLE works; --": ["x"]}))
    with pytest.raises(ValueError):
        lib.search(Query(sort="id; DROP TABLE works"))
    with pytest.raises(ValueError):
        lib.search(Query(tag_source="all"))


def test_filter_queries_use_the_tag_index(lib, tmp_path: Path):
    from ficlens.store.query import where_clause

    source, params, _ = where_clause(Query(include={"fandoms": ["Harry Potter"]}, exclude={"warnings": ["x"]}))
    plan = " ".join(r[3] for r in lib._reader().execute(f"EXPLAIN QUERY PLAN SELECT w.id FROM {source}", params))
    assert "work_tags_lookup" in plan
