"""Every shipped fandom file follows the format; a malformed one is refused by name."""

from __future__ import annotations

import pytest

from ficlens.knowledge import KnowledgeError, fandom_files, load_fandoms, parse_fandom


def test_knowledge_every_file_loads():
    fandoms = load_fandoms()
    assert len(fandoms) == len(fandom_files())
    for fandom in fandoms:
        assert fandom.name and len(fandom.characters) >= 10, fandom.slug


def test_knowledge_names_are_unique_within_a_fandom():
    for fandom in load_fandoms():
        names = [c.name for c in fandom.characters]
        assert len(names) == len(set(names)), fandom.slug


def test_knowledge_rejects_an_alias_shared_by_two_characters():
    data = {"fandom": "X", "characters": [{"name": "Ann Lee", "aliases": ["Lee"]}, {"name": "Bob Lee", "aliases": ["Lee"]}]}
    with pytest.raises(KnowledgeError, match="alias 'Lee'"):
        parse_fandom("x", data)


def test_knowledge_rejects_family_with_unknown_character():
    data = {"fandom": "X", "characters": [{"name": "Ann", "family": [{"relation": "sibling", "with": "Nobody"}]}]}
    with pytest.raises(KnowledgeError, match="family"):
        parse_fandom("x", data)


def test_knowledge_user_folder_is_read(tmp_path, monkeypatch):
    (tmp_path / "my-fandom.yaml").write_text('fandom: "My Fandom"\ncharacters:\n  - {name: "Ann", gender: female}\n')
    monkeypatch.setenv("FICLENS_FANDOM_DIRS", str(tmp_path))
    assert tmp_path / "my-fandom.yaml" in fandom_files()


def test_knowledge_rejects_a_name_that_is_both_someone_and_no_one():
    data = {"fandom": "X", "characters": [{"name": "Kyoshi", "aliases": []}], "not_people": ["Kyoshi", "Omashu"]}
    with pytest.raises(KnowledgeError, match="'Kyoshi' is in not_people"):
        parse_fandom("x", data)
    assert parse_fandom("x", {**data, "not_people": ["Omashu"]}).not_people == ("Omashu",)


def test_knowledge_rejects_an_unknown_setting():
    data = {"fandom": "X", "setting": "future", "characters": [{"name": "Ann"}]}
    with pytest.raises(KnowledgeError, match="setting"):
        parse_fandom("x", data)


def test_related_fandoms_that_share_a_cast_name_one_each():
    for fandom in load_fandoms():
        for other in fandom.related:
            assert other in {f.slug for f in load_fandoms()}, (fandom.slug, other)


def test_every_word_in_the_lexicons_reads_as_a_word():
    # YAML reads a bare `on` or `no` as a truth value; in a word list it must stay the word.
    from pathlib import Path

    import yaml

    import ficlens

    root = Path(ficlens.__file__).parent
    for path in [*root.glob("stages/**/*.yaml"), *root.glob("knowledge/*.yaml")]:
        data = yaml.safe_load(path.read_text("utf-8"))
        lists = [v for v in data.values() if isinstance(v, list)] if isinstance(data, dict) else []
        assert not [w for words in lists for w in words if isinstance(w, bool)], path.name
