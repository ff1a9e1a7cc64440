"""The HTML in a real browser (Debian's chromium via Playwright): nothing fetched, headings and
chart names as a screen reader gets them, keyboard focus, a screenshot and an A4 PDF."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, SAMPLE, every_state_files, sv_gettext, sv_ngettext, write_tree
from medborgarlofte.report.render import format_html

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FOCUSED = "(e => e.tagName + ' ' + (e.getAttribute('href') || ''))(document.activeElement)"

if not os.access(CHROMIUM, os.X_OK):
    pytest.skip(f"browser test skipped: {CHROMIUM} is missing", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser test skipped: the playwright package is missing"
)
pypdf = pytest.importorskip("pypdf", reason="browser test skipped: pypdf reads the PDF back")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One browser for the module, every request but the report files' own refused and noted;
    `browser.open(html)` writes a page to a private folder and opens it from a file:// URL.

    A private temporary folder, not tmp_path: pytest's shared /tmp/pytest-of-USER is pruned by
    whichever run comes first, and pruning another suite's leftovers once cost this test 2 min.
    """
    start = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="mlofte-report-") as folder,
        sync_api.sync_playwright() as p,
    ):
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="sv-SE")
        own: set[str] = set()
        blocked: list[str] = []

        def guard(route: Any) -> None:
            if route.request.url in own:
                route.continue_()
            else:
                blocked.append(route.request.url)
                route.abort()

        context.route("**/*", guard)

        def open_page(html: str) -> Any:
            path = Path(folder) / f"report-{len(own)}.html"
            path.write_text(html, encoding="utf-8")
            url = path.as_uri()
            own.add(url)
            requests: list[str] = []
            tab = context.new_page()
            tab.on("request", lambda r: requests.append(r.url))
            tab.goto(url, wait_until="load")
            tab.requests, tab.blocked, tab.url_ = requests, blocked, url
            return tab

        context.open = open_page
        yield context
        chromium.close()
    print(f"\nbrowser session took {time.monotonic() - start:.2f} s")


@pytest.fixture(scope="module")
def page(browser: Any) -> Any:
    """The kit's sample report: every state and verdict, hostile-free."""
    return browser.open(format_html(SAMPLE, sv_gettext, sv_ngettext))


def test_nothing_fetched(page: Any) -> None:
    assert page.blocked == []
    assert all(u == page.url_ or u.startswith(("data:", "about:blank")) for u in page.requests)


def test_headings(page: Any) -> None:
    assert page.locator("h1").all_inner_texts() == [SAMPLE.title]
    assert page.locator("h2").all_inner_texts() == [a.title for a in SAMPLE.agreements]
    areas = [area.name for a in SAMPLE.agreements for area in a.areas]
    assert page.locator("h3").all_inner_texts() == areas
    assert page.locator("html").get_attribute("lang") == "sv"


def test_commitments_and_verdicts_visible(page: Any) -> None:
    for a in SAMPLE.agreements:
        sync_api.expect(page.get_by_text(a.verdict, exact=True)).to_be_visible()
        for area in a.areas:
            for row in area.rows:
                heading = page.get_by_role("heading", name=row.title, exact=True, level=4)
                assert heading.count() >= 1
                for i in range(heading.count()):
                    sync_api.expect(heading.nth(i)).to_be_visible()


def test_every_chart_has_an_accessible_name(page: Any) -> None:
    rows = [r for a in SAMPLE.agreements for area in a.areas for r in area.rows]
    charts = page.locator("svg")
    assert charts.count() == len(rows)
    named = page.get_by_role("img", name="Diagram: utfört jämfört med mål")
    assert named.count() == len(rows)
    for row in rows:
        name = f"Diagram: utfört jämfört med mål, {row.title}"
        assert page.get_by_role("img", name=name, exact=True).count() >= 1


def test_keyboard_reaches_only_the_links(page: Any) -> None:
    links = page.locator("a[href]").count()
    seen = []
    page.locator("body").focus()
    for _ in range(links + 1):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
    assert all(s.startswith("A https://") for s in seen[:links]), seen


def test_reflows_on_a_phone(page: Any) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.set_viewport_size({"width": 1100, "height": 900})


def test_screenshot_and_a4_pdf(page: Any, tmp_path: Path) -> None:
    screenshot = tmp_path / "screenshot.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
    data = page.pdf(format="A4", print_background=True)
    pypdf = pytest.importorskip("pypdf", reason="pypdf checks the page size")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    for number, pdf_page in enumerate(reader.pages, start=1):
        box = pdf_page.mediabox
        assert abs(float(box.width) - 595) <= 1 and abs(float(box.height) - 842) <= 1, number
    text = reader.pages[0].extract_text()
    assert SAMPLE.title in text


def test_the_guard_would_see_a_fetch(page: Any) -> None:
    """Control: a page that does fetch something is caught, so the empty list above means it."""
    probe = page.context.new_page()
    try:
        probe.set_content('<img src="https://fetch.invalid/x.png" alt="">')
        assert any(u.startswith("https://fetch.invalid/") for u in page.blocked)
    finally:
        page.blocked.clear()
        probe.close()


# --- the reports `mlofte report` writes: the shipped data and a root with every state ---


def _reports(*runs: tuple[Path, tuple[str, ...]]) -> list[str]:
    """What `mlofte report` prints for each (root, arguments), each from a process of its own
    (as a coordinator runs it), all at once."""
    env = {**os.environ, "MLOFTE_NO_CACHE": "1"}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "medborgarlofte", "--root", str(root), "report", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for root, args in runs
    ]
    found = []
    for process in started:
        out, err = process.communicate()
        assert process.returncode == 0, err.decode("utf-8", "replace")
        found.append(out.decode("utf-8"))
    return found


@pytest.fixture(scope="module")
def written(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, str]]:
    """(page, markdown) of the shipped data's 2021 and of the every-state root's 2021."""
    shipped = tmp_path_factory.mktemp("shipped")
    shutil.copytree(REPO / "agreements", shipped / "agreements")
    shutil.copytree(REPO / "logs", shipped / "logs")
    every = write_tree(tmp_path_factory.mktemp("every") / "root", every_state_files())
    md = ("2021", "-f", "markdown")
    texts = _reports((shipped, ("2021",)), (shipped, md), (every, ("2021",)), (every, md))
    return {
        "shipped": (browser.open(texts[0]), texts[1]),
        "every": (browser.open(texts[2]), texts[3]),
    }


def _titles(markdown: str) -> list[str]:
    return [
        line.split(" | ")[0][2:]
        for line in markdown.splitlines()
        if line.startswith("| ") and not line.startswith(("| Åtagande", "|---"))
    ]


@pytest.mark.parametrize("name", ["shipped", "every"])
def test_written_report_reads_right_in_a_browser(
    written: dict[str, tuple[Any, str]], name: str
) -> None:
    page, md = written[name]
    assert page.blocked == []
    assert all(u == page.url_ or u.startswith(("data:", "about:blank")) for u in page.requests)
    lines = md.splitlines()
    assert page.locator("h1").all_inner_texts() == [lines[0].removeprefix("# ")]
    assert page.locator("h2").all_inner_texts() == [
        x.removeprefix("## ") for x in lines if x.startswith("## ")
    ]
    assert page.locator("h3").all_inner_texts() == [
        x.removeprefix("### ") for x in lines if x.startswith("### ")
    ]
    verdict = next(x for x in lines if x.startswith("**Samlad bedömning: "))
    verdict = verdict.removeprefix("**Samlad bedömning: ").removesuffix("**")
    sync_api.expect(page.get_by_text(verdict, exact=True)).to_be_visible()
    titles = [t.replace("\\", "") for t in _titles(md)]
    assert len(titles) == {"shipped": 11, "every": 7}[name]
    for title in titles:
        sync_api.expect(
            page.get_by_role("heading", name=title, exact=True, level=4)
        ).to_be_visible()
        chart = page.get_by_role(
            "img", name=f"Diagram: utfört jämfört med mål, {title}", exact=True
        )
        assert chart.count() == 1
    assert page.locator("svg").count() == len(titles)
    data = page.pdf(format="A4", print_background=True)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    for pdf_page in reader.pages:
        box = pdf_page.mediabox
        assert abs(float(box.width) - 595) <= 1 and abs(float(box.height) - 842) <= 1
