"""Check the hand labels in corpus/tags/ (the tags evaluation set).

    python corpus/tags/check_labels.py                 # both splits
    python corpus/tags/check_labels.py dev             # one split
    python corpus/tags/check_labels.py --data PATH     # shared data somewhere other than ../shared/data

It checks the labels only; it does not run ficlens and does not score anything. It asserts that:

- each split folder (dev/, test/) holds only labels.yaml and our own story .txt files: no external
  text has been copied in; every .txt has an entry and every `written_by: us` entry has its .txt;
- every entry has exactly the known keys, with values from the allowed sets (rating, warnings,
  category, relationship kind, written_by); "No Archive Warnings Apply" stands alone;
- a relationship is a pair of two different names with a kind, optionally `past: true`, and (AO3
  works only) `tag`, the author's relationship tag verbatim; no pair is listed twice;
- our stories are 600-1500 words and carry no AO3-style tag header that would leak the answer;
- hand-labelled entries (ours, GOLEM, public-domain novels) are consistent: category Gen has no
  romantic pair, F/M, M/M, F/F need one, Multi needs one person with two romantic partners;
- every external `source` is a relative path that stays inside ../shared/data and exists there,
  `#doc` names a document that is in the GOLEM file, and `written_by` matches the corpus
  (ao3-samples: author, golem-en: golem, pdnc: public-domain);
- AO3 entries copy the author's declared tags faithfully: rating, warnings, category, fandoms,
  relationships (via `tag`), characters and additional tags are read from the saved file and compared;
- across splits: no story or source twice, at least 30 stories, at least 12 not written by us and
  16 by us, external works in both splits, dev about 40% (30-50%) of the whole.

If ../shared/data is absent (a fresh clone), the checks that need it are skipped with a note.
Exit status 0 when all is well, 1 with a list of problems otherwise.
"""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"

RATINGS = {"General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"}
WARNINGS = {
    "Creator Chose Not To Use Archive Warnings",
    "No Archive Warnings Apply",
    "Graphic Depictions Of Violence",
    "Major Character Death",
    "Rape/Non-Con",
    "Underage Sex",
}
CATEGORIES = {"Gen", "F/M", "M/M", "F/F", "Multi", "Other"}
KINDS = {"romantic", "platonic", "family", "hostile"}
WRITERS = {"us", "author", "golem", "public-domain"}
CORPUS_WRITER = {"ao3-samples": "author", "golem-en": "golem", "pdnc": "public-domain"}
KEYS = {"source", "written_by", "fandoms", "rating", "warnings", "category", "relationships", "content", "notes"}
OPTIONAL_KEYS = {"characters"}  # AO3 works: the author's Character tags
PAIR_KEYS = {"pair", "kind", "past", "tag"}
MIN_WORDS, MAX_WORDS = 600, 1500
# A line of one of our stories that looks like an AO3 tag header would give the answer away.
LEAK = re.compile(
    r"^\s*(Rating|Archive Warnings?|Categor(y|ies)|Relationships?|Characters|Additional Tags|Warnings?)\s*:", re.MULTILINE
)


# -- reading an AO3 file's declared tags (for the faithfulness check only) ----------------------
class _PageTags(HTMLParser):
    """Saved AO3 work pages: <dd class="rating tags"> ... <a class="tag">...</a>."""

    FIELDS = frozenset({"rating", "warning", "category", "fandom", "relationship", "character", "freeform"})

    def __init__(self) -> None:
        super().__init__()
        self.field: str | None = None
        self.in_tag = False
        self.buf = ""
        self.tags: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "dd" and self.field is None and "tags" in classes:
            hit = [c for c in classes if c in self.FIELDS]
            if hit:
                self.field = hit[0]
                self.tags.setdefault(self.field, [])
        elif tag == "a" and self.field and "tag" in classes:
            self.in_tag, self.buf = True, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.in_tag:
            self.in_tag = False
            self.tags[self.field].append(" ".join(self.buf.split()))
        elif tag == "dd" and self.field:
            self.field = None

    def handle_data(self, data: str) -> None:
        if self.in_tag:
            self.buf += data


_DOWNLOAD_FIELDS = {
    "rating": "rating", "archive warning": "warning", "archive warnings": "warning",
    "category": "category", "categories": "category", "fandom": "fandom", "fandoms": "fandom",
    "relationship": "relationship", "relationships": "relationship", "character": "character",
    "characters": "character", "additional tags": "freeform",
}


def declared_tags(path: Path) -> dict[str, list[str]]:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<dl class="tags">(.*?)</dl>', text, re.DOTALL)
    if block:  # an AO3 "Download" HTML file: <dt>Label:</dt><dd><a>tag</a>, ...</dd>
        tags: dict[str, list[str]] = {}
        for dt, dd in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block.group(1), re.DOTALL):
            field = _DOWNLOAD_FIELDS.get(re.sub(r"<[^>]+>", "", dt).strip().rstrip(":").lower())
            if field:
                tags[field] = [html.unescape(" ".join(re.sub(r"<[^>]+>", "", a).split()))
                               for a in re.findall(r"<a [^>]*>(.*?)</a>", dd, re.DOTALL)]
        return tags
    parser = _PageTags()
    parser.feed(text)
    return parser.tags


# -- checks -------------------------------------------------------------------------------------
def str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def check_entry(where: str, key: str, e: dict, folder: Path, data: Path | None) -> list[str]:
    p: list[str] = []
    if not isinstance(e, dict):
        return [f"{where}: entry is not a mapping"]
    missing, extra = KEYS - set(e), set(e) - KEYS - OPTIONAL_KEYS
    if missing:
        p.append(f"{where}: missing keys {sorted(missing)}")
    if extra:
        p.append(f"{where}: unknown keys {sorted(extra)}")
    writer = e.get("written_by")
    if writer not in WRITERS:
        p.append(f"{where}: written_by {writer!r} not in {sorted(WRITERS)}")
    if not str_list(e.get("fandoms")) or not e.get("fandoms"):
        p.append(f"{where}: fandoms must be a non-empty list of names")
    if e.get("rating") not in RATINGS:
        p.append(f"{where}: rating {e.get('rating')!r} not in {sorted(RATINGS)}")
    warnings = e.get("warnings")
    if not str_list(warnings) or not warnings:
        p.append(f"{where}: warnings must be a non-empty list")
    else:
        for w in warnings:
            if w not in WARNINGS:
                p.append(f"{where}: warning {w!r} is not an AO3 archive warning")
        if "No Archive Warnings Apply" in warnings and len(warnings) > 1:
            p.append(f"{where}: 'No Archive Warnings Apply' must stand alone")
    category = e.get("category")
    if not str_list(category) or not category:
        p.append(f"{where}: category must be a non-empty list")
    else:
        for c in category:
            if c not in CATEGORIES:
                p.append(f"{where}: category {c!r} not in {sorted(CATEGORIES)}")
    if not isinstance(e.get("content"), list) or not all(isinstance(c, str) for c in e.get("content") or []):
        p.append(f"{where}: content must be a list of tags")
    if not isinstance(e.get("notes"), str) or not e.get("notes", "").strip():
        p.append(f"{where}: notes must be a one-line string")
    if "characters" in e and (writer != "author" or not isinstance(e["characters"], list)):
        p.append(f"{where}: characters is only for AO3 works (the author's Character tags), as a list")

    rels = e.get("relationships")
    seen: set[tuple[frozenset[str], str]] = set()
    romantic: list[tuple[str, str]] = []
    if not isinstance(rels, list):
        p.append(f"{where}: relationships must be a list (possibly empty)")
        rels = []
    for r in rels:
        if not isinstance(r, dict) or set(r) - PAIR_KEYS:
            p.append(f"{where}: bad relationship {r!r} (keys: {sorted(PAIR_KEYS)})")
            continue
        pair = r.get("pair")
        if not (str_list(pair) and len(pair) == 2 and pair[0] != pair[1]):
            p.append(f"{where}: pair {pair!r} must be two different names")
            continue
        if r.get("kind") not in KINDS:
            p.append(f"{where}: {pair}: kind {r.get('kind')!r} not in {sorted(KINDS)}")
        if "past" in r and r["past"] is not True:
            p.append(f"{where}: {pair}: past must be true or absent")
        if "tag" in r and writer != "author":
            p.append(f"{where}: {pair}: tag (the AO3 author's relationship tag) is only for AO3 works")
        if writer == "author" and not isinstance(r.get("tag"), str):
            p.append(f"{where}: {pair}: AO3 relationships keep the author's tag verbatim in `tag`")
        ident = (frozenset(pair), r.get("kind"))
        if ident in seen:
            p.append(f"{where}: pair {pair} listed twice")
        seen.add(ident)
        if r.get("kind") == "romantic":
            romantic.append((pair[0], pair[1]))

    if writer in {"us", "golem", "public-domain"} and isinstance(category, list):
        cats = set(category)
        if cats == {"Gen"} and romantic:
            p.append(f"{where}: category Gen but romantic pairs {romantic}")
        if cats & {"F/M", "M/M", "F/F", "Multi"} and not romantic:
            p.append(f"{where}: category {sorted(cats)} but no romantic pair")
        if "Multi" in cats:
            names = [n for pr in romantic for n in pr]
            if not any(names.count(n) >= 2 for n in names):
                p.append(f"{where}: Multi but nobody has two romantic partners")

    source = e.get("source")
    if writer == "us":
        if source is not None:
            p.append(f"{where}: our stories have source: null")
        story = folder / key
        if not key.endswith(".txt") or not story.is_file():
            p.append(f"{where}: written_by us, but {folder.name}/{key} is not a story file here")
        else:
            text = story.read_text(encoding="utf-8")
            words = len(text.split())
            if not MIN_WORDS <= words <= MAX_WORDS:
                p.append(f"{where}: {words} words, outside {MIN_WORDS}-{MAX_WORDS}")
            leak = LEAK.search(text)
            if leak:
                p.append(f"{where}: the story has a tag header line ({leak.group(0).strip()!r}): it would leak the answer")
    else:
        p += check_source(where, key, e, source, writer, data)
    return p


def check_source(where: str, key: str, e: dict, source: object, writer: object, data: Path | None) -> list[str]:
    p: list[str] = []
    if key.endswith(".txt"):
        p.append(f"{where}: external entries use a short id as key, not a file name")
    if not isinstance(source, str) or not source:
        return p + [f"{where}: external entries need a source path under ../shared/data"]
    rel, _, doc = source.partition("#")
    parts = Path(rel).parts
    if Path(rel).is_absolute() or ".." in parts or not parts:
        return p + [f"{where}: source {source!r} must be a relative path inside ../shared/data"]
    expected = CORPUS_WRITER.get(parts[0])
    if expected is None:
        p.append(f"{where}: source corpus {parts[0]!r} is not one of {sorted(CORPUS_WRITER)}")
    elif writer != expected:
        p.append(f"{where}: written_by {writer!r}, but {parts[0]} entries are written_by {expected!r}")
    if bool(doc) != (parts[0] == "golem-en"):
        p.append(f"{where}: GOLEM sources name their document as file#doc, and only they do")
    if data is None:
        return p
    path = (data / rel).resolve()
    if not path.is_relative_to(data.resolve()):
        return p + [f"{where}: source {source!r} leaves the shared data folder"]
    if not path.is_file():
        return p + [f"{where}: source {source!r} not found under {data}"]
    if doc:
        docs = re.findall(r"^# newdoc id = (.+?)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if doc not in docs:
            p.append(f"{where}: document {doc!r} is not in {rel} (has {docs})")
    if writer == "author":
        p += check_declared(where, e, declared_tags(path))
    return p


def check_declared(where: str, e: dict, d: dict[str, list[str]]) -> list[str]:
    p: list[str] = []
    if not d.get("rating"):
        return [f"{where}: no AO3 tags found in the source file"]
    compare = {
        "rating": ([e.get("rating")], d.get("rating", [])),
        "warnings": (e.get("warnings"), d.get("warning", [])),
        "category": (e.get("category"), d.get("category", [])),
        "fandoms": (e.get("fandoms"), d.get("fandom", [])),
        "relationships": ([r.get("tag") for r in e.get("relationships") or []], d.get("relationship", [])),
        "characters": (e.get("characters", []), d.get("character", [])),
        "content": (e.get("content"), d.get("freeform", [])),
    }
    for field, (label, declared) in compare.items():
        if list(label or []) != list(declared):
            p.append(f"{where}: {field} differs from the author's declared tags: label {label!r}, file {declared!r}")
    return p


def main(argv: list[str]) -> int:
    data: Path | None = DEFAULT_DATA
    if "--data" in argv:
        i = argv.index("--data")
        data = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if not data.is_dir():
        print(f"note: {data} not found: source, GOLEM-document and AO3-tag checks skipped")
        data = None
    names = argv or ["dev", "test"]
    problems: list[str] = []
    stats: dict[str, dict[str, int]] = {}
    seen_keys: dict[str, str] = {}
    seen_sources: dict[str, str] = {}
    for name in names:
        folder = HERE / name
        labels_path = folder / "labels.yaml"
        if not labels_path.is_file():
            problems.append(f"{name}: no labels.yaml")
            continue
        labels = yaml.safe_load(labels_path.read_text(encoding="utf-8")) or {}
        for f in sorted(folder.iterdir()):
            if f.name == "labels.yaml":
                continue
            if f.suffix != ".txt":
                problems.append(f"{name}/{f.name}: only labels.yaml and our .txt stories belong here (never external data)")
            elif f.name not in labels:
                problems.append(f"{name}/{f.name}: no entry in labels.yaml")
        counts = stats.setdefault(name, {"us": 0, "external": 0})
        for key, entry in labels.items():
            where = f"{name}/{key}"
            problems += check_entry(where, key, entry, folder, data)
            if key in seen_keys:
                problems.append(f"{where}: also in {seen_keys[key]}")
            seen_keys[key] = name
            src = entry.get("source") if isinstance(entry, dict) else None
            if src:
                if src in seen_sources:
                    problems.append(f"{where}: source {src} already labelled in {seen_sources[src]}")
                seen_sources[src] = where
            counts["us" if isinstance(entry, dict) and entry.get("written_by") == "us" else "external"] += 1

    if set(names) == {"dev", "test"}:
        total = sum(c["us"] + c["external"] for c in stats.values())
        ours = sum(c["us"] for c in stats.values())
        external = total - ours
        dev_share = (stats["dev"]["us"] + stats["dev"]["external"]) / total if total else 0
        if total < 30:
            problems.append(f"only {total} stories, want at least 30")
        if external < 12:
            problems.append(f"only {external} stories not written by us, want at least 12")
        if ours < 16:
            problems.append(f"only {ours} of our own stories, want at least 16")
        if not all(c["external"] for c in stats.values()):
            problems.append("each split needs external works")
        if not 0.30 <= dev_share <= 0.50:
            problems.append(f"dev is {dev_share:.0%} of the set, want about 40% (30-50%)")

    for line in problems:
        print(line)
    summary = ", ".join(f"{n}: {c['us'] + c['external']} ({c['us']} ours, {c['external']} external)" for n, c in stats.items())
    print(f"{summary}: " + ("OK" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
