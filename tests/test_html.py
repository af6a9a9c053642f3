"""The HTML page (``--format html``): escaping and structure without a browser, then the page in Chromium.

The browser tests drive Debian's ``chromium`` with Playwright (one browser for the module). A missing browser
or Playwright fails them: it never skips them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from compare.cli import app
from compare.render.html import LEVELS, build_page
from conftest import ROOT, SEED_A, SEED_B

HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
           '</textarea>', "' onmouseover='alert(1)", '</style><script>alert(2)</script>']
HOSTILE_TEXT = (
    "On 23 February 1917, 7,000 women textile workers went on strike in Petrograd <script>alert(1)</script>. "
    "The Bolsheviks led the strike <img src=x onerror=alert(1)> and \"><svg onload=alert(1)> followed.\n\n"
    "Trotsky wrote: \u201cThe history of a revolution is for us first of all a history of the forcible "
    "entrance of the masses </textarea> into the realm of rulership over their own destiny.\u201d\n"
)
HOSTILE_TEXT_B = (
    "On 23 February 1917, 90,000 women textile workers went on strike in Petrograd <script>alert(1)</script>. "
    "The Bolsheviks did not lead the strike <img src=x onerror=alert(1)> and \"><svg onload=alert(1)> followed.\n\n"
    "As he put it, \u201cthe history of a revolution is \u2026 a history of the forcible entrance of the masses "
    "</textarea> into the realm of rulership over their destiny.\u201d\n"
)


# --- helpers ---------------------------------------------------------------------------------------------------
class Page(HTMLParser):
    """What a test needs to know about a page: ids, local links, scripts, styles, attributes, text."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source", "col", "area", "base", "embed"}
    SVG_EMPTY = {"rect", "line", "path", "circle"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.stack: list[str] = []
        self.unbalanced: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.csp = ""
        self.text: list[str] = []
        self._raw: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            self.attrs.append((tag, k, v))
            if k == "id" and v is not None:
                self.ids.append(v)
            if k == "href" and v is not None:
                self.hrefs.append(v)
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.csp = dict(attrs).get("content") or ""
        if tag in ("script", "style"):
            self._raw = tag
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if self._raw == tag:
            self._raw = None
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.unbalanced.append(tag)

    def handle_data(self, data: str) -> None:
        if self._raw == "script":
            self.scripts.append(data)
        elif self._raw == "style":
            self.styles.append(data)
        else:
            self.text.append(data)


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def assert_well_formed(html: str) -> Page:
    """Balanced tags, unique ids, every local link has its target, one hashed script and style, no handlers."""
    p = parse(html)
    assert not p.unbalanced and not p.stack, (p.unbalanced[:5], p.stack[:5])
    dupes = {i for i in p.ids if p.ids.count(i) > 1} if len(p.ids) < 5000 else set()
    assert len(p.ids) == len(set(p.ids)), f"duplicate ids {sorted(dupes)[:5]}"
    ids = set(p.ids)
    missing = [h for h in p.hrefs if h.startswith("#") and h[1:] not in ids]
    assert not missing, missing[:5]
    assert all(h.startswith("#") for h in p.hrefs), [h for h in p.hrefs if not h.startswith("#")][:5]
    assert p.tags.count("script") == 1 and p.tags.count("style") == 1
    assert not any(k.startswith("on") or k in ("src", "style", "srcdoc", "formaction") for _, k, _ in p.attrs)
    assert {"iframe", "object", "embed", "img", "form", "textarea", "link", "base"}.isdisjoint(p.tags)
    assert p.csp.startswith("default-src 'none'")
    assert sha(p.scripts[0]) in p.csp and sha(p.styles[0]) in p.csp
    assert "unsafe-inline" not in p.csp and "http" not in p.csp
    return p


def run_cli(*args: str) -> Any:
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res


def hostile_docs(tmp: Path) -> tuple[Path, Path]:
    a, b = tmp / "a.txt", tmp / "b.txt"
    a.write_text(HOSTILE_TEXT, encoding="utf-8")
    b.write_text(HOSTILE_TEXT_B, encoding="utf-8")
    return a, b


# --- without a browser -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "seeds.html"
    run_cli("report", str(SEED_A), str(SEED_B), "--format", "html", "-o", str(out))
    return out


@pytest.fixture(scope="module")
def seeds_json() -> dict[str, Any]:
    return dict(json.loads(run_cli("report", str(SEED_A), str(SEED_B), "--json").stdout))


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    a, b = hostile_docs(tmp)
    out = tmp / "hostile.html"
    run_cli("report", str(a), str(b), "--labels", '"><svg onload=alert(1)>;x,<script>alert(3)</script>',
            "--format", "html", "-o", str(out))
    return out


def test_seeds_page_is_well_formed_and_complete(seeds_page: Path, seeds_json: dict[str, Any]) -> None:
    html = seeds_page.read_text(encoding="utf-8")
    p = assert_well_formed(html)
    size = len(html.encode("utf-8"))
    assert size < 1_000_000
    data = seeds_json
    for key in ("divergences", "agreements", "elaborations", "unique"):
        assert f'id="sec-{key}"' in html
    n_findings = sum(len(data[k]) for k in ("divergences", "agreements", "elaborations", "unique"))
    assert html.count('<article class="card') == n_findings + len(data["quotes"]["shared"])
    for doc in data["documents"]:
        assert doc["sha256"] in html
    assert "Left out to keep this page small" not in html       # the seeds fit whole
    text = "".join(p.text)
    seed_a_text = SEED_A.read_text(encoding="utf-8")
    assert seed_a_text.strip()[:200].replace("\r", "") in text.replace("\r", "")
    assert "<svg" in html and "The plot as a table" in html
    assert "strong" in text or "moderate" in text or "weak" in text


def test_hostile_text_is_escaped_everywhere(hostile_page: Path) -> None:
    html = hostile_page.read_text(encoding="utf-8")
    p = assert_well_formed(html)
    for bad in ("<script>alert", "<img", "<svg onload", "</textarea>"):
        assert bad not in html.replace("<script>(function", ""), bad
    text = "".join(p.text)
    for s in HOSTILE[:4]:
        assert s in text                               # shown to the reader as text, exactly
    assert '"><svg onload=alert(1)>;x' in text         # the label too
    assert p.tags.count("svg") == 1                    # only the plot's


def test_pure_renderer_escapes_every_field_and_survives_odd_json() -> None:
    evil = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>'
    text_a = "intro " + evil + " end\n"
    text_b = "other " + evil + " tail\n"
    span_a = {"start": 6, "end": 6 + len(evil), "line": 1, "text": evil}
    span_b = {"start": 6, "end": 6 + len(evil), "line": 1, "text": evil}
    data = {
        "schema_version": 1, "command": "report", "tool": {"name": evil, "version": evil},
        "documents": [{"label": evil, "path": evil, "sha256": evil}, {"label": evil}],
        "options": {evil: evil},
        "summary": {"pairs": [{"a_doc": 0, "b_doc": 1, "coverage": {"a": 0.5, "b": 0.5}, "unique": {"0": 1}}],
                    "divergences": 1, evil: evil, "divergence_types": {evil: 1}},
        "divergences": [{"a_doc": 0, "b_doc": 1, "a": span_a, "b": span_b, "label": "divergence", "type": evil,
                         "score": evil, "reason": evil, "details": {"basis": evil, "actor": {"a": evil}},
                         "evidence": [{"side": "a", "slot": evil, "text": evil, "start": 6, "end": 10,
                                       "line": 1, "value": evil},
                                      {"side": "b", "start": 999, "end": 1000},   # outside the text
                                      "not a dict"]}],
        "agreements": "not a list",
        "elaborations": [{"a": None, "b": 3}],
        "unique": [{"doc": 0, "other": 1, "span": span_a, "carries": [evil], "weight": evil}],
        "quotes": {"shared": [{"quotes": ["x", "y"], "docs": [0, 1], "spans": [span_a, span_b], "match": evil,
                               "speakers": [evil, None]}], "quotes": [{"id": "x", "text": evil}]},
        "timeline": [{"date": evil, "mentions": [{"doc": 0, "start": 6, "expression": evil, "line": 1},
                                                  {"doc": 7}]}, 5],
        "warnings": [evil], "extra": {"anything": [1, 2]},
    }
    html = build_page(data, [text_a, text_b])
    p = assert_well_formed(html)
    assert "<script>alert" not in html and "<img" not in html
    assert evil in "".join(p.text)
    # tolerant of missing everything
    for minimal in ({}, {"command": "align"}, {"command": "report", "documents": [{}]}):
        assert_well_formed(build_page(minimal, []))


def test_a_page_over_budget_says_what_it_leaves_out(seeds_page: Path, seeds_json: dict[str, Any]) -> None:
    data = seeds_json
    texts = [SEED_A.read_text(encoding="utf-8"), SEED_B.read_text(encoding="utf-8")]
    small = build_page(data, texts, budget=60_000)
    assert_well_formed(small)
    assert "Left out to keep this page small" in small
    assert len(small.encode("utf-8")) < len(seeds_page.read_bytes())
    tiny = build_page(data, texts, budget=1)               # the last level is used whatever its size
    assert "texts are left out" in tiny and 'class="pane"' not in tiny
    assert LEVELS[-1].panes == "none"


def test_align_page_and_quote_diff(tmp_path: Path) -> None:
    a, b = hostile_docs(tmp_path)
    out = tmp_path / "align.html"
    run_cli("align", str(a), str(b), "--format", "html", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert_well_formed(html)
    assert "Aligned passages" in html and 'class="hl c-' in html
    rep = tmp_path / "rep.html"
    run_cli("report", str(a), str(b), "--format", "html", "-o", str(rep))
    html = rep.read_text(encoding="utf-8")
    assert "Character by character" in html
    assert "<del>for us first of all </del>" in html or "<del>" in html and "<ins>" in html


def test_example_script_writes_the_page(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    if not shutil.which("compare", path=env["PATH"]) or not shutil.which("bash"):
        pytest.skip("the compare console script and bash are needed for the shell example")
    a, b = hostile_docs(tmp_path)
    out = tmp_path / "page.html"
    res = subprocess.run(["bash", str(ROOT / "examples" / "html_report.sh"), str(out), str(a), str(b)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "" and "wrote" in res.stderr
    assert_well_formed(out.read_text(encoding="utf-8"))


def test_html_format_goes_to_stdout_too() -> None:
    res = run_cli("align", str(SEED_A), str(SEED_B), "--format", "html", "--method", "lexical")
    assert res.stdout.startswith("<!DOCTYPE html>") and res.stdout.rstrip().endswith("</html>")


_piece = st.sampled_from(HOSTILE + ["\r\n", "\n", " ", "word", "\u2014", "\x00", "&amp;", "\U0001F600"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(_piece, min_size=0, max_size=30), cuts=st.lists(st.tuples(st.integers(-5, 200),
                                                                               st.integers(-5, 200)), max_size=8))
def test_any_text_and_any_spans_give_a_well_formed_page(parts: list[str], cuts: list[tuple[int, int]]) -> None:
    text = "".join(parts)
    spans = [{"start": s, "end": e, "line": 1, "text": text[max(0, s):max(0, e)]} for s, e in cuts]
    findings = [{"a_doc": 0, "b_doc": 1, "a": sp, "b": spans[-1 - k], "score": 0.6, "reason": text,
                 "evidence": [{"side": "a", **sp}]} for k, sp in enumerate(spans)]
    data = {"command": "report", "documents": [{"label": text}, {"label": text}], "agreements": findings,
            "divergences": findings[:2], "unique": [{"doc": 1, "other": 0, "span": sp} for sp in spans]}
    assert_well_formed(build_page(data, [text, text[::-1]]))


# --- in Chromium -----------------------------------------------------------------------------------------------
def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is needed for the browser tests (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is needed for the browser tests (pip install '.[test]')")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield b
        b.close()


class Watched:
    """A page with everything that must not happen recorded: requests other than the file, dialogs, CSP
    violations and script errors."""

    def __init__(self, browser: Any, url: str, **context: Any) -> None:
        self.url = url
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, **context)
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.split("#")[0] != url:
                self.requests.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)

    def clean(self) -> None:
        assert not self.requests, self.requests
        assert not self.dialogs, self.dialogs
        assert not self.errors, self.errors
        bad = [c for c in self.console if "Content Security Policy" in c or "Refused" in c or c.startswith("error")]
        assert not bad, bad

    def close(self) -> None:
        self.context.close()


def _in_view(page: Any, selector: str, container: str) -> bool:
    return bool(page.evaluate("""([sel, box]) => {
        const el = document.querySelector(sel), c = document.querySelector(box);
        if (!el || !c) return false;
        const r = el.getBoundingClientRect(), b = c.getBoundingClientRect();
        return r.top >= b.top && r.top < b.bottom && r.top >= 0 && r.top < window.innerHeight;
    }""", [selector, container]))


def _first_finding(page: Any) -> str:
    """The number of the first divergence (or of the first finding) shown in pane A."""
    for sel in ("#pane0 a.hl.first.c-divergence", "#pane0 a.hl.first"):
        el = page.query_selector(sel)
        if el is not None:
            return str(el.get_attribute("data-f"))
    raise AssertionError("no highlighted passage in pane A")


def test_clicking_a_divergence_scrolls_its_twin_into_view(browser: Any, seeds_page: Path) -> None:
    w = Watched(browser, seeds_page.as_uri())
    page = w.page
    num = _first_finding(page)
    twin = f"#f{num}-d1"
    page.evaluate("document.getElementById('pane1').scrollTop = document.getElementById('pane1').scrollHeight")
    assert not _in_view(page, twin, "#pane1")
    page.click(f'#pane0 a.hl.first[data-f="{num}"]')
    page.wait_for_timeout(150)
    assert _in_view(page, twin, "#pane1")
    assert page.eval_on_selector(f'#pane1 a.hl[data-f="{num}"]', "e => e.classList.contains('flash')")
    assert page.eval_on_selector(f"#f{num}", "e => e.classList.contains('current')")
    w.clean()
    w.close()


def test_twin_links_work_without_javascript(browser: Any, seeds_page: Path) -> None:
    w = Watched(browser, seeds_page.as_uri(), java_script_enabled=False)
    page = w.page
    num = _first_finding(page)
    page.evaluate("document.getElementById('pane1').scrollTop = document.getElementById('pane1').scrollHeight")
    assert not _in_view(page, f"#f{num}-d1", "#pane1")
    page.click(f'#pane0 a.hl.first[data-f="{num}"]')
    page.wait_for_timeout(150)
    assert _in_view(page, f"#f{num}-d1", "#pane1")
    w.clean()
    w.close()


def test_n_and_p_move_through_the_findings(browser: Any, seeds_page: Path) -> None:
    w = Watched(browser, seeds_page.as_uri())
    page = w.page
    cards = page.eval_on_selector_all("article.card", "els => els.map(e => e.id)")
    assert len(cards) >= 3

    def current() -> list[str]:
        return page.eval_on_selector_all("article.card.current", "els => els.map(e => e.id)")

    page.keyboard.press("n")
    assert current() == [cards[0]]
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert current() == [cards[2]]
    assert "finding 3 of" in page.inner_text("#status")
    num = page.get_attribute(f"#{cards[2]}", "data-f")
    page.wait_for_timeout(100)
    for doc in (0, 1):
        if page.query_selector(f"#f{num}-d{doc}"):
            assert _in_view(page, f"#f{num}-d{doc}", f"#pane{doc}")
    page.keyboard.press("p")
    assert current() == [cards[1]]
    w.clean()
    w.close()


def test_every_link_has_its_target_in_the_browser(browser: Any, seeds_page: Path) -> None:
    w = Watched(browser, seeds_page.as_uri())
    missing = w.page.evaluate("""() => Array.from(document.querySelectorAll('a[href]'))
        .map(a => a.getAttribute('href'))
        .filter(h => !h.startsWith('#') || !document.getElementById(h.slice(1)))""")
    assert missing == []
    w.clean()
    w.close()


def test_light_dark_and_print(browser: Any, seeds_page: Path, tmp_path: Path) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        w = Watched(browser, seeds_page.as_uri(), color_scheme=scheme)
        w.page.screenshot(path=str(tmp_path / f"seeds-{scheme}.png"))
        w.page.keyboard.press("n")
        w.page.wait_for_timeout(200)
        w.page.screenshot(path=str(tmp_path / f"seeds-{scheme}-finding.png"))
        colours[scheme] = w.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        if scheme == "light":
            w.page.emulate_media(media="print")
            assert w.page.evaluate("getComputedStyle(document.getElementById('pane1')).breakBefore") == "page"
            pdf = w.page.pdf(path=str(tmp_path / "seeds.pdf"), print_background=True)
            assert len(re.findall(rb"/Type\s*/Page\b", pdf)) > 1
        w.clean()
        w.close()
    assert colours["light"] != colours["dark"]
    assert (tmp_path / "seeds-dark.png").stat().st_size > 10_000
    print(f"screenshots in {tmp_path}")


def test_hostile_documents_break_nothing_and_run_nothing(browser: Any, hostile_page: Path) -> None:
    w = Watched(browser, hostile_page.as_uri())
    page = w.page
    page.mouse.move(300, 300)
    for el in page.query_selector_all("a.hl")[:10]:
        el.hover()
        el.click()
    page.keyboard.press("n")
    page.wait_for_timeout(200)
    text = page.inner_text("#pane0")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "</textarea>" in text
    assert page.evaluate("document.querySelectorAll('script').length") == 1
    assert page.evaluate("document.querySelectorAll('img, iframe, textarea').length") == 0
    assert page.evaluate("document.querySelectorAll('svg').length") == 1
    w.clean()
    # the policy is enforced and its violations do reach the console (so clean() above could fail)
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(100)
    assert page.evaluate("window.pwned") is None
    assert any("Content Security Policy" in c for c in w.console), w.console
    w.close()


def test_new_testament_page_fits_and_opens(browser: Any, eval_dir: Path, tmp_path: Path) -> None:
    """The whole New Testament, KJV against WEB: the page stays near 1 MB, says what it leaves out, opens."""
    from compare.document import build_document
    from compare.render.json import envelope
    from compare.report import build_report

    order = ["MAT", "MRK", "LUK", "JHN", "ACT", "ROM", "1CO", "2CO", "GAL", "EPH", "PHP", "COL", "1TH", "2TH",
             "1TI", "2TI", "TIT", "PHM", "HEB", "JAS", "1PE", "2PE", "1JN", "2JN", "3JN", "JUD", "REV"]
    docs = []
    for tr in ("kjv", "web"):
        lines = [ln.split("\t", 1)[1] for b in order
                 for ln in (eval_dir / "bible" / tr / f"{b}.tsv").read_text(encoding="utf-8").splitlines()
                 if "\t" in ln]
        docs.append(build_document("\n".join(lines) + "\n", tr.upper()))
    report = build_report(docs)
    data = envelope("report", docs, report.to_dict())
    html = build_page(data, [d.text for d in docs])
    size = len(html.encode("utf-8"))
    assert size < 1_100_000, size
    assert "Left out to keep this page small" in html
    assert_well_formed(html)
    out = tmp_path / "nt.html"
    out.write_text(html, encoding="utf-8")
    w = Watched(browser, out.as_uri())
    w.page.keyboard.press("n")
    assert w.page.eval_on_selector_all("article.card.current", "els => els.length") == 1
    w.page.screenshot(path=str(tmp_path / "nt.png"))
    w.clean()
    w.close()
