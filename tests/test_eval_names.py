"""How the scorers match a predicted character to a gold one by name."""

from __future__ import annotations

from ficlens.eval import identify, name_key
from ficlens.model import Character


def test_a_leading_the_and_a_fandom_disambiguator_are_no_part_of_a_name():
    assert name_key("The Cowardly Lion") == name_key("Cowardly Lion") == "cowardly lion"
    assert name_key("The Scarecrow (Oz)") == name_key("the Scarecrow") == "scarecrow"
    assert name_key("Mr. Dunmore") == name_key("Mr Dunmore")
    assert name_key("The") == "the"  # a name that is only the article stays itself


def test_a_canon_name_with_the_finds_its_gold_character():
    lion = Character(id="lion", name="The Cowardly Lion", aliases=["Lion"], canonical="The Cowardly Lion")
    gold = {"Cowardly Lion": {name_key(n) for n in ("Cowardly Lion", "the Lion")},
            "Scarecrow": {name_key(n) for n in ("Scarecrow", "the straw man")}}
    assert identify([lion], gold) == {"lion": "Cowardly Lion"}


def test_a_gold_name_list_with_a_misspelling_still_finds_its_character():
    may = Character(id="may", name="May Welland", aliases=["May", "May Archer"])
    mrs = Character(id="mrs", name="Mrs. Welland", aliases=[])
    gold = {"Miss Welland": {name_key(n) for n in ("Miss Welland", "May Wellend")},
            "Mr. Welland": {name_key(n) for n in ("Mr. Welland", "Papa")}}
    assert identify([may, mrs], gold) == {"may": "Miss Welland", "mrs": None}
