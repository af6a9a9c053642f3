"""Loading: encodings, line ends, HTML, and every refusal (one actionable line, nothing touched)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare.errors import InputError
from compare.load import decode, html_to_text, load

from conftest import SEED_A


def test_seed_is_read_as_utf8_unchanged():
    loaded = load(SEED_A)
    assert loaded.encoding == "utf-8"
    assert loaded.text == SEED_A.read_bytes().decode("utf-8")
    assert loaded.format == "text"


def test_utf8_bom_is_dropped_and_reported():
    loaded = decode("\ufeffOn 23 February.".encode("utf-8"))
    assert loaded.text == "On 23 February."
    assert loaded.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    loaded = decode(bom + "Women’s strike, 23 February 1917.".encode(codec))
    assert loaded.text == "Women’s strike, 23 February 1917."
    assert loaded.encoding == "utf-16"


def test_legacy_encoding_is_detected_with_a_warning():
    raw = ("Les ouvrières du textile se mirent en grève le 23 février, "
           "sans qu'aucun parti ne l'ait décidé. Élan, grève, fièvre, été.\n" * 5).encode("cp1252")
    loaded = decode(raw, shown="f.txt")
    assert "ouvrières" in loaded.text and "février" in loaded.text
    assert loaded.warnings and "not UTF-8" in loaded.warnings[0] and "f.txt" in loaded.warnings[0]


def test_crlf_and_cr_line_ends_are_kept_as_read():
    loaded = decode(b"One line.\r\nTwo line.\rThree.\n")
    assert loaded.text == "One line.\r\nTwo line.\rThree.\n"


def test_html_keeps_paragraphs_and_drops_scripts_and_navigation():
    html = ("<!doctype html><html><head><title>T</title><style>p{}</style></head><body>"
            "<nav>Home | About</nav><h1>The February days</h1><p>On 23 February &amp; after, "
            "the&nbsp;women struck.</p><script>var x = 1;</script><p>Second<br>line.</p>"
            "<footer>© 2017</footer></body></html>")
    text, title = html_to_text(html)
    assert title == "The February days"
    assert "Home" not in text and "var x" not in text and "©" not in text
    assert "On 23 February & after, the women struck." in text
    assert text.split("\n\n") == ["The February days", "On 23 February & after, the women struck.",
                                  "Second\nline.\n"]


def test_html_is_sniffed_without_suffix():
    assert decode(b"<html><body><p>Hello there.</p></body></html>").format == "html"


def test_stdin(monkeypatch):
    loaded = load("-", stdin=io.BytesIO("From standard input.".encode()))
    assert loaded.path == "-" and loaded.text == "From standard input."


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"   \n\t\n  ", "empty"),
    (b"abc\x00def", "binary"),
    (b"<html><script>x</script></html>", "no visible text"),
])
def test_refusals_of_content(tmp_path, content, words):
    f = tmp_path / "doc.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as err:
        load(f)
    assert words in str(err.value) and "\n" not in str(err.value)
    assert f.read_bytes() == content  # never touched


def test_refusals_of_paths(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        load(tmp_path)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputError, match="--max-bytes"):
        load(big, max_bytes=50)
    with pytest.raises(InputError, match="--max-bytes"):
        load("-", max_bytes=10, stdin=io.BytesIO(b"x" * 11))


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    f = tmp_path / "secret.txt"
    f.write_text("text")
    f.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        load(f)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_load_or_refuse_cleanly(raw):
    try:
        loaded = decode(raw, shown="x")
    except InputError as err:
        assert "\n" not in str(err)
    else:
        assert loaded.text.strip()
