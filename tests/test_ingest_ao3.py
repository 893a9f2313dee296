"""HTML readers: AO3 downloads and saved AO3 pages (real files), FanFicFare and generic HTML.

The expected values below were read by hand from each sample file; the files themselves stay
in ../shared/data and are never copied into this repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ficlens.errors import InputError
from ficlens.ingest import read_bytes, read_path
from ficlens.model import Work

SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ao3-samples"  # ../shared beside the repo
TAG_KEYS = {"rating", "warnings", "category", "fandoms", "relationships", "characters", "freeform"}
#: Text that belongs in WorkInfo (or nowhere), never in Work.text.
NOT_TEXT = ["Posted originally on the", "See the end of the", "Chapter End Notes", "Archive Warning",
            "Additional Tags", "drop by the Archive", "Chapter Text", "Work Text", "$j(", "Kudos"]

EXPECTED: dict[str, dict] = {
    "downloads/218676-incompleteWork.html": dict(
        format="ao3-html", title="Fire and Feather", authors=["nianeyna"], rating=["General Audiences"],
        warnings=["No Archive Warnings Apply"], category=["Gen"], fandoms=["Valdemar Series - Mercedes Lackey"],
        relationships=[], characters=["Original Characters"], freeform=[], chapters_shown=3, posted="3/?",
        complete=False, stats={"published": "2006-07-09", "updated": "2007-06-25", "words": "7,526"},
        headings=["Chapter 1: Festival", "Chapter 2: Riversong K'Vala", "Chapter 3: Conversations"],
        summary="In a small village on the western border of Jkatha",
        notes={"work-notes": ["This is my first fanfic ever."], "chapter-notes": ["THANK YOU RAPTOR JESUS."],
               "chapter-end-notes": ["oh bb!Nia, why so many italics?", "Seriously, so many italics."],
               "end-notes": ["I think this is my longest published work to date."]},
    ),
    "downloads/23009290-htmlTest.html": dict(
        format="ao3-html", title="My Aim Is Steady And True", authors=["nianeyna"], rating=["Teen And Up Audiences"],
        warnings=["Graphic Depictions Of Violence"], category=["M/M"], fandoms=["Final Fantasy XIV"],
        relationships=["Honoroit Banlardois/Emmanellain de Fortemps"],
        characters=["Honoroit Banlardois", "Emmanellain de Fortemps"],
        freeform_some=["Hurt/Comfort", "Angst with a Happy Ending", "Id Fic"], chapters_shown=1, posted="1/1",
        complete=True, stats={"published": "2020-03-04", "words": "4,559"}, headings=[],
        summary="100 percent all-natural fandom-grade h/c.",
        notes={"work-notes": ["Beta'd by the inimitable Cascaper."],
               "end-notes": ["Dedicated to everyone over at #the-emmhono-corner"]},
        body="Their contact was late.",
    ),
    "downloads/334557-workInSeries.html": dict(
        format="ao3-html", title="The World on His Wrist", authors=["bendingsignpost"], rating=["Teen And Up Audiences"],
        warnings=["Creator Chose Not To Use Archive Warnings"], category=["F/M", "M/M"], fandoms=["Sherlock (TV)"],
        relationships=["Sarah Sawyer/John Watson", "Sherlock Holmes/John Watson"],
        freeform_some=["Alternate Reality", "reality play"], series=["Part 1 of Watches 'Verse"],
        chapters_shown=8, posted="8/8", complete=True, stats={"published": "2012-02-07", "words": "31,623"},
        headings=["Chapter 1: Prologue", "Chapter 2", "Chapter 3: Part 2", "Chapter 4: Part 3", "Chapter 5: Part 4",
                  "Chapter 6: Part 5", "Chapter 7: Part 6", "Chapter 8: Epilogue"],
        summary="First, he is shot in Afghanistan.", notes={}, absent=["Works inspired by this one", "Translation into"],
        body="John Watson owns two watches.",
    ),
    "pages/ao3-api-node-work-35961484.html": dict(
        format="ao3-page", title="Thank God You Introduced Me to Your Sister", authors=["AmberZ10"],
        rating=["Teen And Up Audiences"], warnings=["No Archive Warnings Apply"], category=["F/F"],
        fandoms=["Arcane: League of Legends (Cartoon 2021)"],
        relationships=["Caitlyn/Vi (League of Legends)", "Ekko/Jinx (League of Legends)"],
        freeform_some=["baby gays", "can't stop writing stammering baby cait"],
        chapters_shown=1, posted="2/2", complete=True,  # the saved page shows chapter 1 of 2
        stats={"published": "2021-12-26", "completed": "2021-12-27", "words": "6,095", "kudos": "4,916"},
        headings=["Chapter 1"], summary="“I don’t think you’re gonna like Vi.”", notes={},
        body="Powder grinned, pulling her eyes from the scope of her rifle",
    ),
    "pages/ao3-api-node-work-57038482.html": dict(
        format="ao3-page", title="Lleno de zafiros", authors=["Anonymous"], rating=["General Audiences"],
        warnings=["No Archive Warnings Apply"], fandoms=["Arcane: League of Legends (Cartoon 2021)"],
        relationships=["Caitlyn/Vi (League of Legends)"],
        freeform_some=["Alternate Universe - Modern Setting", "Wrongful Imprisonment"],
        chapters_shown=1, posted="1/1", complete=True, headings=[],
        summary="“It’s quite refreshing, actually.",
        notes={"work-notes": ["if you feel like you've read this before, you probably have."],
               "end-notes": ["if you made it this far, i sincerely hope you had a nice time reading it."]},
        body="Eventually, Vi was going to get this right.",
    ),
    "pages/ao3-api-node-work-66534724.html": dict(
        format="ao3-page", title="The right tool for everything", authors=["scrhn"], rating=["Explicit"],
        warnings=["Creator Chose Not To Use Archive Warnings"],
        fandoms=["Arcane: League of Legends (Cartoon 2021)", "League of Legends"],
        relationships=["Caitlyn/Vi (League of Legends)"], freeform_some=["Dubious Consent"],
        chapters_shown=1, posted="1/1", complete=True, headings=[],
        summary="After returning from vacation, Caitlyn has to hire gardeners",
        # the work's notes box holds only a link to the end notes: no work-notes markup
        notes={"end-notes": ["Potentially, there may be a second chapter to this."]}, no_notes=["work-notes"],
        body="Caitlyn hasted down the stairs",
    ),
    "pages/ao3downloader-explicitWorkLoggedIn.html": dict(
        format="ao3-page", title="Monster Fucker October", authors=["SmileDarlin"], rating=["Explicit"],
        warnings=["No Archive Warnings Apply"], category=["F/M", "M/M", "Other", "F/F"], fandoms=["Original Work"],
        relationships_some=["Reader/Other(s)", "werewolf/reader", "Reader/Tentacles"],
        freeform_some=["Smut", "Fluff and Smut"], chapters_shown=10, posted="10/?", complete=False,
        stats={"published": "2019-10-05", "updated": "2020-05-27", "words": "13,800"},
        headings=["Chapter 1: Female Reader/Male Werewolf", "Chapter 2: Gender Neutral reader/Tentacles",
                  "Chapter 3: Male Reader/Male Vampire", "Chapter 4: Gender neutral reader/Sharkman",
                  "Chapter 5: Female Reader/Female Demon", "Chapter 6: Female Reader/Female Spellcaster",
                  "Chapter 7: Male Reader/Male Orc", "Chapter 8: Trans Male Reader/Mothman",
                  "Chapter 9: Male Reader/The Minotaur", "Chapter 10: Gender Neutral Reader/Spider Monster Thing"],
        summary="It's October, the time of monsters and sexy costumes",
        chapter_summaries=11, notes={}, body="You tugged against the rope tied around your wrists",
    ),
    "pages/ao3downloader-lockedWorkLoggedIn.html": dict(
        format="ao3-page", title="Big Brother Is Watching You", authors=["Flawedamythyst"],
        rating=["Teen And Up Audiences"], warnings=["No Archive Warnings Apply"], category=["M/M"],
        fandoms=["Sherlock (TV)", "Sherlock Holmes & Related Fandoms"], relationships=["Sherlock Holmes/John Watson"],
        characters=[], freeform=["Crack"], chapters_shown=1, posted="1/1", complete=True, headings=[],
        summary="Sherlock and John enter the Big Brother house.", notes={}, absent=["Translation into", "(Restricted)"],
        body="It takes John nearly ten minutes of being led through the studio",
    ),
    "pages/ao3downloader-markedForLater.html": dict(
        format="ao3-page", title="Being An Account of An Abduction, and Its Aftermath", authors=["lilithqueen"],
        rating=["General Audiences"], fandoms=["Final Fantasy XIV"],
        relationships=["Honoroit Banlardois/Emmanellain de Fortemps"], freeform_some=["Kidnapping", "First Kiss"],
        chapters_shown=1, posted="1/1", complete=True, headings=[],
        summary="This isn't the first time Honoroit's been mistaken for the lord",
        notes={"end-notes": ["A reminder that I have a tumblr!"]}, body="“There ‘e is!”",
    ),
    "pages/ao3downloader-unlockedWork.html": dict(
        format="ao3-page", title="so I open the window to hear sounds of people", authors=["oriflamme"],
        rating=["Teen And Up Audiences"], warnings=["No Archive Warnings Apply"], category=["Gen"],
        fandoms=["The Locked Tomb Series | Gideon the Ninth Series - Tamsyn Muir"], relationships=[],
        freeform_some=["One Man's Sad Quest to Recreate Ice Cream"], series=["Part 3 of it's about the bones 👌"],
        chapters_shown=1, posted="1/1", complete=True, headings=[], summary="\"You know I had to do it to them,\"",
        notes={"end-notes": ["I'm not sourcing all the memes, goddammit."]},
        body="1. If you find yourself in a hole, stop digging.", absent=["Previous Work", "Series this work belongs to"],
    ),
    "pages/ao3js-work-168768.html": dict(
        format="ao3-page", title="Fill", authors=["Anonymous"], rating=["Teen And Up Audiences"],
        warnings=["Creator Chose Not To Use Archive Warnings"], fandoms=["Homestuck"],
        relationships=["Nepeta Lejion♦Equius Zahhak", "Equius Zahhak♥Aradia Megido"], freeform=["Prompt Fill"],
        chapters_shown=1, posted="1/1", complete=True, headings=[], summary="Captchalogue Prompt:", notes={},
        body="This is going to be sad BUT HE WILL BE LEGIT",
    ),
    "pages/ao3js-work-323217.html": dict(
        format="ao3-page", title="Field Test no.7: Phone Calls & Boundaries", authors=["x_art"], rating=["Not Rated"],
        warnings=["Creator Chose Not To Use Archive Warnings"], category=["M/M"], fandoms=["The Mentalist"],
        relationships=["Patrick Jane/Kimball Cho"], freeform=[], series=["Part 1 of The Mentalist Field Tests"],
        chapters_shown=1, posted="1/1", complete=True, headings=[], summary="Jane has had enough.",
        notes={"work-notes": ["This is part of the Field Test Series"]}, body="He answered on the third ring",
    ),
    "pages/ao3js-work-923647.html": dict(
        format="ao3-page", title="the heart and the small change", authors=["Alias (anafabula)"],
        rating=["Teen And Up Audiences"], warnings=["No Archive Warnings Apply"], category=["Gen"],
        fandoms=["Twin Peaks", "Welcome to Night Vale"], relationships=["past Harry Truman/Josie Packard"],
        freeform_some=["fire. definitely a lot of fire.", "some thermodynamics?"],
        series=["Part 1 of observe and report"], chapters_shown=1, posted="1/1", complete=True, headings=[],
        summary="Josie knows she's dead, she should be dead",
        notes={"work-notes": ["For this prompt: Josie Packard"], "end-notes": ["And though the shadows in waiting"]},
        body="When the Great Northern Hotel burns down after the turn of the century",
    ),
}


@pytest.fixture(scope="module")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/data/ao3-samples is not beside this checkout (evaluation data is not shipped)")
    return SAMPLES


def read_sample(samples: Path, rel: str) -> Work:
    return read_path(samples / rel)


def marks(work: Work, kind: str, label: str | None = None) -> list[str]:
    return [work.span_text(m) for m in work.markup if m.kind == kind and (label is None or m.label == label)]


def test_every_sample_is_known_and_reads(samples: Path):
    files = sorted(str(p.relative_to(samples)) for d in ("downloads", "pages") for p in (samples / d).glob("*.html"))
    assert files, "no HTML samples found"
    assert set(files) == set(EXPECTED), "a sample was added or removed: record its facts in EXPECTED"
    for rel in files:
        work = read_sample(samples, rel)
        assert work.info.source.format in ("ao3-html", "ao3-page"), rel
        assert len(work.text) > 500, rel


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_sample_metadata(samples: Path, rel: str):
    exp, work = EXPECTED[rel], read_sample(samples, rel)
    info = work.info
    assert info.source.format == exp["format"]
    assert info.title == exp["title"]
    assert info.authors == exp["authors"]
    assert info.language == "English"
    assert set(info.declared_tags) == TAG_KEYS
    for key in TAG_KEYS:
        if key in exp:
            assert info.declared_tags[key] == exp[key], key
        for tag in exp.get(f"{key}_some", []):
            assert tag in info.declared_tags[key], (key, tag)
    assert info.series == exp.get("series", [])
    assert info.declared_stats["chapters"] == exp["posted"]
    for key, value in exp.get("stats", {}).items():
        assert info.declared_stats[key] == value, key
    assert info.complete is exp["complete"]
    assert info.summary is not None and info.summary.startswith(exp["summary"])


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_sample_chapters(samples: Path, rel: str):
    exp, work = EXPECTED[rel], read_sample(samples, rel)
    chapters = [m for m in work.markup if m.kind == "chapter"]
    assert len(chapters) == exp["chapters_shown"]
    if rel.startswith("downloads/"):  # a download always holds the whole posted work
        assert len(chapters) == int(exp["posted"].split("/")[0])
    assert marks(work, "chapter_heading") == exp["headings"]
    assert [c.label for c in chapters] == (exp["headings"] or [None])
    for c, h in zip(chapters, [m for m in work.markup if m.kind == "chapter_heading"]):
        assert c.start == h.start and h.end <= c.end
    # chapters are in order, do not overlap, and each holds some story text
    assert all(a.end < b.start for a, b in zip(chapters, chapters[1:]))
    assert all(len(work.span_text(c)) > 100 for c in chapters)
    if "body" in exp:
        assert exp["body"] in work.span_text(chapters[0])


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_sample_boxes_and_text(samples: Path, rel: str):
    exp, work = EXPECTED[rel], read_sample(samples, rel)
    summaries = marks(work, "summary")
    assert summaries and summaries[0] == work.info.summary and work.text.startswith(summaries[0])
    assert len(summaries) == exp.get("chapter_summaries", 1)
    for label, fragments in exp["notes"].items():
        boxes = marks(work, "author_note", label)
        assert len(boxes) == len(fragments), label
        for box, fragment in zip(boxes, fragments):
            assert fragment in box, label
    labels = {m.label for m in work.markup if m.kind == "author_note"}
    assert labels == set(exp["notes"])
    for label in exp.get("no_notes", []):
        assert label not in labels
    for words in NOT_TEXT + exp.get("absent", []) + [t for t in [work.info.title] if len(t) > 12]:
        assert words not in work.text, words
    assert not re.search(r"(?m)^(Summary|Notes|End Notes|Chapter Notes|Chapter Summary):?$", work.text)
    assert "<" not in "".join(sum(work.info.declared_tags.values(), []))
    n = len(work.text)
    assert all(0 <= m.start <= m.end <= n for m in work.markup)


def test_text_order_of_a_download(samples: Path):
    """Summary, notes, then per chapter heading, notes, body, end notes; then the work's end notes."""
    work = read_sample(samples, "downloads/218676-incompleteWork.html")
    order = [(m.kind, m.label) for m in work.markup if m.kind in ("summary", "author_note", "chapter_heading")]
    assert order == [
        ("summary", None), ("author_note", "work-notes"),
        ("chapter_heading", "Chapter 1: Festival"),
        ("chapter_heading", "Chapter 2: Riversong K'Vala"), ("author_note", "chapter-notes"),
        ("author_note", "chapter-end-notes"),
        ("chapter_heading", "Chapter 3: Conversations"), ("author_note", "chapter-end-notes"),
        ("author_note", "end-notes"),
    ]
    chapter2 = [m for m in work.markup if m.kind == "chapter"][1]
    assert work.span_text(chapter2).startswith("Chapter 2: Riversong K'Vala\n\nOnly one more chapter")
    assert work.span_text(chapter2).endswith("oh bb!Nia, why so many italics?")
    assert work.text.endswith("I think this is my longest published work to date. That's depressing.")
    assert "Aaaaaaaaand, Chapter Two is up!" in work.span_text(chapter2)


# -- synthetic pages: the paths the samples do not exercise ------------------------------------

AO3_PAGE = """<html><head><script>alert('x')</script></head><body>
<dl class="work meta group"><dd class="rating tags"><ul><li><a class="tag">Mature</a></li></ul></dd>
<dd class="fandom tags"><ul><li><a class="tag" onclick="evil()">Stargate</a></li></ul></dd>
<dd class="stats"><dl class="stats"><dt>Chapters:</dt><dd>2/3</dd></dl></dd></dl>
<div id="workskin"><div class="preface group"><h2 class="title heading">Gate</h2>
<h3 class="byline heading"><a rel="author">Ann</a>, <a rel="author">Bea</a></h3></div>
<div id="chapters">
 <div class="chapter" id="chapter-1"><div class="chapter preface group"><h3 class="title"><a>Chapter 1</a>: Start</h3>
  <div class="notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>Chapter one note.</p></blockquote></div></div>
  <div class="userstuff module"><h3 class="landmark heading">Chapter Text</h3><p>Jack <em>walked</em> in.</p><script>steal()</script></div>
  <div class="chapter preface group"><div class="end notes module"><h3 class="heading">Notes:</h3>
  <blockquote class="userstuff"><p>End of one.</p></blockquote></div></div></div>
 <div class="chapter" id="chapter-2"><div class="chapter preface group"><h3 class="title"><a>Chapter 2</a></h3>
  <div class="summary module"><blockquote class="userstuff"><p>Two summary.</p></blockquote></div></div>
  <div class="userstuff module"><p>Sam answered.</p></div></div>
</div></div></body></html>"""


def test_synthetic_ao3_page_with_chapter_notes():
    work = read_bytes(AO3_PAGE.encode(), "page.html", fmt="html")
    assert work.info.source.format == "ao3-page"
    assert work.info.authors == ["Ann", "Bea"] and work.info.complete is False
    assert work.info.declared_tags["fandoms"] == ["Stargate"]
    assert work.text == ("Chapter 1: Start\n\nChapter one note.\n\nJack walked in.\n\nEnd of one.\n\n"
                         "Chapter 2\n\nTwo summary.\n\nSam answered.")
    assert marks(work, "author_note", "chapter-notes") == ["Chapter one note."]
    assert marks(work, "author_note", "chapter-end-notes") == ["End of one."]
    assert marks(work, "summary") == ["Two summary."] and work.info.summary is None
    assert marks(work, "chapter") == ["Chapter 1: Start\n\nChapter one note.\n\nJack walked in.\n\nEnd of one.",
                                      "Chapter 2\n\nTwo summary.\n\nSam answered."]
    assert marks(work, "emphasis") == ["walked"]
    assert "steal" not in work.to_json() and "evil" not in work.to_json() and "alert" not in work.to_json()


FANFICFARE = """<!DOCTYPE html><html><head><meta charset="UTF-8"><title>The Long Road by Quill</title></head><body>
<h1><a href="https://www.fanfiction.net/s/1/1/">The Long Road</a> by <a href="https://www.fanfiction.net/u/9/">Quill</a></h1>
<table class="full">
<tr><td><b>Category:</b></td><td>Harry Potter</td></tr>
<tr><td><b>Genre:</b></td><td>Adventure, Friendship</td></tr>
<tr><td><b>Language:</b></td><td>English</td></tr>
<tr><td><b>Characters:</b></td><td>Harry P., Hermione G.</td></tr>
<tr><td><b>Status:</b></td><td>Completed</td></tr>
<tr><td><b>Published:</b></td><td>2015-01-02</td></tr>
<tr><td><b>Rating:</b></td><td>T</td></tr>
<tr><td><b>Words:</b></td><td>1,234</td></tr>
<tr><td><b>Summary:</b></td><td><p>Harry walks.</p><p>Hermione <i>follows</i>.</p></td></tr>
</table>
<a name="TOCTOP"><h2>Table of Contents</h2></a>
<p><a href="#section0001">Chapter 1: Departure</a><br /><a href="#section0002">Chapter 2: Arrival</a><br /></p>
<a name="section0001"><h2>Chapter 1: Departure</h2></a>
<div class="storytext"><p>Harry left at dawn.</p><p>It was cold.</p></div>
<a name="section0002"><h2>Chapter 2: Arrival</h2></a>
<p>They arrived at dusk.</p>
</body></html>"""


def test_fanficfare_html():
    work = read_bytes(FANFICFARE.encode(), "story.html", fmt="html")
    info = work.info
    assert info.source.format == "fanficfare-html"
    assert (info.title, info.authors, info.language, info.complete) == ("The Long Road", ["Quill"], "English", True)
    assert info.declared_tags["fandoms"] == ["Harry Potter"]
    assert info.declared_tags["freeform"] == ["Adventure", "Friendship"]
    assert info.declared_tags["characters"] == ["Harry P.", "Hermione G."]
    assert info.declared_tags["rating"] == ["T"]
    assert info.declared_stats == {"status": "Completed", "published": "2015-01-02", "words": "1,234"}
    assert work.text == ("Harry walks.\n\nHermione follows.\n\nChapter 1: Departure\n\nHarry left at dawn.\n\n"
                         "It was cold.\n\nChapter 2: Arrival\n\nThey arrived at dusk.")
    assert marks(work, "summary") == ["Harry walks.\n\nHermione follows."] == [info.summary]
    assert [m.label for m in work.markup if m.kind == "chapter"] == ["Chapter 1: Departure", "Chapter 2: Arrival"]
    assert marks(work, "chapter_heading") == ["Chapter 1: Departure", "Chapter 2: Arrival"]


def test_page_with_a_bold_label_is_not_fanficfare():
    page = "<html><head><title>My Story</title></head><body><h1>My Story</h1><p><b>Note:</b> hi.</p><p>Text.</p></body></html>"
    work = read_bytes(page.encode(), "story.html", fmt="html")
    assert work.info.source.format == "html"
    assert work.info.title == "My Story"
    assert work.text == "My Story\n\nNote: hi.\n\nText."
    assert not marks(work, "chapter") and not work.info.declared_tags


def test_generic_html_keeps_text_and_drops_code():
    page = ("<html><head><title> A  Tale </title><style>p{}</style></head><body onload='x()'><h1>Ignored</h1>"
            "<p>One <i>two</i>.</p><hr><p>Three<br>four</p><script>alert(1)</script><iframe>frame</iframe></body></html>")
    work = read_bytes(page.encode(), "story.html", fmt="html")
    assert work.info.source.format == "html" and work.info.title == "A Tale"
    assert work.text == "Ignored\n\nOne two.\n\n* * *\n\nThree\nfour"
    assert marks(work, "hr") == ["* * *"] and marks(work, "emphasis") == ["two"]
    assert "alert" not in work.to_json() and "x()" not in work.to_json()


@pytest.mark.parametrize("page", [
    '<div id="preface"><dl class="tags"><dt></dt></dl></div><div id="chapters"></div>',
    '<div id="preface"><dl class="tags"></dl></div><div id="chapters"><div class="userstuff"> </div></div>',
    '<dl class="work meta"><dd class="rating tags"></dd></dl><div id="workskin"><h2 class="title heading"></h2></div>',
    '<a name="section1"><h2></h2></a>',
])
def test_broken_flavours_fail_cleanly(page: str):
    """Half an AO3 page with no story text: one InputError line, nothing else."""
    with pytest.raises(InputError) as err:
        read_bytes(f"<html><body>{page}</body></html>".encode(), "bad.html", fmt="html")
    assert "\n" not in str(err.value) and "bad.html" in str(err.value)


@pytest.mark.parametrize("chapters", ["", '<div id="chapters"><div class="userstuff"> </div></div>'])
def test_broken_ao3_download_falls_back_to_its_text(chapters: str):
    page = f'<html><body><div id="preface"><dl class="tags"><dt>Rating:</dt><dd>X</dd></dl></div>{chapters}<p>Just text.</p>'
    work = read_bytes(page.encode(), "odd.html", fmt="html")
    assert work.info.source.format == "html" and work.text.endswith("Just text.")
