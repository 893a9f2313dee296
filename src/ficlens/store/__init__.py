"""The ficlens library: analysed works in one SQLite file, searchable like AO3."""

from ficlens.store.library import Library, default_path
from ficlens.store.query import AddReport, Query, SearchResult, WorkRow

__all__ = ["AddReport", "Library", "Query", "SearchResult", "WorkRow", "default_path"]
