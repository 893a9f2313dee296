"""Every bad input gives one line on stderr and exit code 2, and no output file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


def ficlens(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "ficlens", *args], input=stdin, capture_output=True, timeout=120)


def assert_clean_failure(result: subprocess.CompletedProcess[bytes], *words: str) -> None:
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err.lower()


def test_cli_missing_path(tmp_path: Path):
    assert_clean_failure(ficlens("analyze", str(tmp_path / "nope.txt")), "no such file")


def test_cli_empty_file(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert_clean_failure(ficlens("analyze", str(p)), "empty")


def test_cli_whitespace_only_file(tmp_path: Path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b"\n\n   \r\n\t\n")
    assert_clean_failure(ficlens("analyze", str(p)), "empty")


def test_cli_binary_file(tmp_path: Path):
    p = tmp_path / "image.txt"
    p.write_bytes(bytes(range(256)) * 64)
    assert_clean_failure(ficlens("analyze", str(p)), "binary")


def test_cli_huge_file_is_refused_before_reading(tmp_path: Path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: costs no disk
    assert_clean_failure(ficlens("analyze", str(p), "-o", str(tmp_path / "out")), "too large")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_cli_unknown_extension(tmp_path: Path):
    p = tmp_path / "story.pdf"
    p.write_bytes(b"%PDF-1.4 not a story")
    assert_clean_failure(ficlens("analyze", str(p)), "unsupported")


def test_cli_truncated_epub(tmp_path: Path):
    good = tmp_path / "good.epub"
    with zipfile.ZipFile(good, "w") as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("OEBPS/ch1.xhtml", "<html><body><p>" + "word " * 5000 + "</p></body></html>")
    bad = tmp_path / "bad.epub"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert_clean_failure(ficlens("analyze", str(bad), "-o", str(tmp_path / "out")))
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_cli_zip_bomb_epub(tmp_path: Path):
    bomb = tmp_path / "bomb.epub"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/epub+zip")
        z.writestr("OEBPS/ch1.xhtml", b"\0" * (300 * 1024 * 1024))
    assert_clean_failure(ficlens("analyze", str(bomb)))


def test_cli_malformed_html_still_reads(tmp_path: Path):
    p = tmp_path / "broken.html"
    p.write_text("<html><body><p>Holmes looked up.<p>\"Watson,\" he said.<div><b>unclosed", encoding="utf-8")
    result = ficlens("analyze", str(p), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert b"Holmes looked up." in result.stdout


def test_cli_scripts_never_reach_outputs(tmp_path: Path):
    p = tmp_path / "evil.html"
    p.write_text(
        "<html><head><script>alert('head')</script></head><body>"
        "<p onclick=\"alert('x')\">Holmes looked up.</p><script>alert('body')</script>"
        "<img src=x onerror=\"alert('img')\"><p>&lt;script&gt;alert('text')&lt;/script&gt;</p></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = ficlens("analyze", str(p), "-o", str(out))
    assert result.returncode == 0, result.stderr.decode()
    page = (out / "evil.html").read_text("utf-8")
    data = (out / "evil.json").read_text("utf-8")
    assert "alert('head')" not in data and "alert('body')" not in data and "onerror" not in data
    assert "<script" not in page.lower() and "onerror" not in page and "onclick" not in page
    assert "&lt;script&gt;" in page  # the story's own text about a script is shown, escaped


def test_cli_stdin(tmp_path: Path):
    result = ficlens("analyze", "-", "--format", "json", stdin="A/N: hi!\n\nHolmes looked up.\n".encode())
    assert result.returncode == 0
    assert b'"author_note"' in result.stdout


def test_cli_empty_stdin():
    assert_clean_failure(ficlens("analyze", "-", stdin=b""), "empty")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_cli_encodings(tmp_path: Path, encoding: str):
    text = "Chapter 1\r\n\r\nRenée’s café was closed. «Non», she said — and that was that.\r\n" * 3
    if encoding in ("latin-1",):
        text = text.replace("’", "'").replace("—", "-")
    p = tmp_path / "story.txt"
    p.write_bytes(text.encode(encoding))
    result = ficlens("analyze", str(p), "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    assert "Renée" in result.stdout.decode("utf-8")
    assert "\r" not in result.stdout.decode("utf-8").replace("\\r", "\r").split('"text"')[1].split('"work"')[0]


def test_cli_folder_writes_one_json_per_story_and_skips_bad_ones(tmp_path: Path):
    stories = tmp_path / "fics"
    stories.mkdir()
    (stories / "bees.txt").write_text("Holmes looked up.\n", encoding="utf-8")
    (stories / "bees.html").write_text("<html><body><p>Watson looked up.</p></body></html>", encoding="utf-8")
    (stories / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = ficlens("analyze", str(stories), "-o", str(out))
    assert result.returncode == 1  # one story failed, the others were written
    assert sorted(p.name for p in out.glob("*.json")) == ["bees_html.json", "bees_txt.json"]
    err = result.stderr.decode()
    assert "empty.txt" in err and "Traceback" not in err
