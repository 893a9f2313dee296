"""The library page's filters as plain GET parameters, so every view of the library is a URL.

`Filters.parse` is forgiving (a bad number is ignored, not an error page) because these URLs are
typed, edited and shared by hand. `Filters.url` rebuilds a URL with one change, which is how the
sidebar's remove links and the pager are made without any JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from ficlens.store.query import Query

#: Tag types in sidebar order, with the names readers know them by on AO3.
TAG_TYPES: list[tuple[str, str]] = [
    ("fandoms", "Fandoms"),
    ("relationships", "Relationships"),
    ("characters", "Characters"),
    ("freeform", "Additional tags"),
    ("warnings", "Warnings"),
    ("category", "Category"),
    ("rating", "Rating"),
]
POVS = ("first", "second", "third")
SOURCES = ("both", "declared", "inferred")
SORTS = {"relevance": "Relevance", "added": "Date added", "words": "Words", "title": "Title"}
PAGE_SIZE = 50
MAX_VALUE = 200  # longer tag strings are never real tags; cap what reaches the query
MAX_VALUES = 20  # per list, so a crafted URL cannot build a huge query


@dataclass(slots=True)
class Filters:
    text: str = ""
    include: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    pov: str = ""
    words_min: int | None = None
    words_max: int | None = None
    complete: str = ""  # "yes", "no" or "" for either
    source: str = "both"
    sort: str = ""  # "" is automatic: relevance when searching text, else newest first
    order: str = ""  # "asc", "desc" or "" for the sort's natural order
    page: int = 1

    @classmethod
    def parse(cls, params: QueryParams) -> Filters:
        f = cls(text=params.get("q", "").strip()[:500])
        for key, _ in TAG_TYPES:
            f.include[key] = _values(params.getlist(f"inc_{key}"))
            f.exclude[key] = _values(params.getlist(f"exc_{key}"))
        f.pov = params.get("pov", "") if params.get("pov") in POVS else ""
        f.words_min = _int(params.get("words_min"))
        f.words_max = _int(params.get("words_max"))
        f.complete = params.get("complete", "") if params.get("complete") in ("yes", "no") else ""
        f.source = params.get("source", "both") if params.get("source") in SOURCES else "both"
        f.sort = params.get("sort", "") if params.get("sort") in SORTS else ""
        f.order = params.get("order", "") if params.get("order") in ("asc", "desc") else ""
        f.page = min(max(_int(params.get("page")) or 1, 1), 100_000)
        return f

    @property
    def effective_sort(self) -> str:
        return self.sort or ("relevance" if self.text else "added")

    @property
    def descending(self) -> bool:
        return self.order == "desc" if self.order else self.effective_sort != "title"

    def query(self) -> Query:
        return Query(
            text=self.text or None,
            include={k: v for k, v in self.include.items() if v},
            exclude={k: v for k, v in self.exclude.items() if v},
            pov=self.pov or None,
            words_min=self.words_min,
            words_max=self.words_max,
            complete={"yes": True, "no": False}.get(self.complete),
            tag_source=self.source,
            sort=self.effective_sort,
            descending=self.descending,
            limit=PAGE_SIZE,
            offset=(self.page - 1) * PAGE_SIZE,
        )

    def pairs(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = [("q", self.text)] if self.text else []
        for key, _ in TAG_TYPES:
            out += [(f"inc_{key}", v) for v in self.include.get(key, [])]
            out += [(f"exc_{key}", v) for v in self.exclude.get(key, [])]
        for name, value, default in (
            ("pov", self.pov, ""), ("words_min", self.words_min, None), ("words_max", self.words_max, None),
            ("complete", self.complete, ""), ("source", self.source, "both"), ("sort", self.sort, ""),
            ("order", self.order, ""), ("page", self.page, 1),
        ):
            if value != default:
                out.append((name, str(value)))
        return out

    def url(self, **changes: object) -> str:
        """This view's URL with some fields changed; any change but `page` goes back to page 1."""
        if "page" not in changes:
            changes["page"] = 1
        query = urlencode(replace(self, **changes).pairs())  # type: ignore[arg-type]
        return f"/?{query}" if query else "/"

    def without(self, side: str, key: str, value: str) -> str:
        """The URL with one include or exclude value removed (the x on an active-filter chip)."""
        chosen = {k: list(v) for k, v in getattr(self, side).items()}
        chosen[key] = [v for v in chosen.get(key, []) if v != value]
        return self.url(**{side: chosen})

    def active(self) -> list[tuple[str, str, str, str]]:
        """(side, type, label, value) for each chosen tag, for the chips above the sidebar."""
        labels = dict(TAG_TYPES)
        return [
            (side, key, labels[key], value)
            for side in ("include", "exclude")
            for key, values in getattr(self, side).items()
            for value in values
        ]

    def is_filtered(self) -> bool:
        return any(name != "page" for name, _ in self.pairs())


def _values(raw: list[str]) -> list[str]:
    out: list[str] = []
    for value in raw:
        value = " ".join(value.split())[:MAX_VALUE]
        if value and value.casefold() not in {v.casefold() for v in out}:
            out.append(value)
    return out[:MAX_VALUES]


def _int(raw: str | None) -> int | None:
    try:
        value = int((raw or "").strip().replace(",", "").replace("_", ""))
    except ValueError:
        return None
    return value if 0 <= value < 10**12 else None


def facet_rows(f: Filters, key: str, counts: list[tuple[str, int]]) -> list[tuple[str, int | None, str]]:
    """(value, count, "include" | "exclude" | "") for the sidebar: chosen values first, and always
    listed, since an excluded value has no count among the works left."""
    chosen = {v.casefold(): "include" for v in f.include.get(key, [])}
    chosen.update({v.casefold(): "exclude" for v in f.exclude.get(key, [])})
    rows: dict[str, tuple[str, int | None, str]] = {}
    for value in f.include.get(key, []) + f.exclude.get(key, []):
        rows.setdefault(value.casefold(), (value, None, chosen[value.casefold()]))
    for value, count in counts:
        folded = value.casefold()
        rows[folded] = (rows[folded][0] if folded in rows else value, count, chosen.get(folded, ""))
    return list(rows.values())
