"""End to end: the report of a whole run of the spec (tests/full_run.py), opened in
headless Chromium (Debian's ``chromium`` package, driven by Playwright), as a learner
meets it: every section opens with its bottom line and key records, every glossary link
lands on its entry, every image and formula is drawn, in both languages."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from full_run import FullRun

from dlspec import claims

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.full_run]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# a closed network: no background connections, no first-run work, no sandbox as root
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS, SHOT_HEIGHT = ("first-screen", "I5", "R3"), 1500
# two Chinese characters and two of the Private Use Area, which no font draws: a missing
# glyph is drawn as the same box whatever the character
CHINESE, UNDRAWN = ("检", "验"), ("\ue000", "\ue001")
GLYPHS = """
([characters, font]) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const context = canvas.getContext("2d");
  return characters.map(character => {
    context.clearRect(0, 0, 64, 64);
    context.font = "48px " + font;
    context.fillText(character, 4, 52);
    return Array.from(context.getImageData(0, 0, 64, 64).data).join(",");
  });
}
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_opens_offline_with_every_claim_and_every_image_loaded(
    full_run: FullRun, lang: str, tmp_path: Path
) -> None:
    if CHROMIUM is None:
        pytest.skip("no Chromium on PATH (Debian package chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    errors: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(full_run.pages[lang].as_uri(), wait_until="load")
        sections = page.eval_on_selector_all("section.claim", "all => all.map(s => s.id)")
        images = page.eval_on_selector_all(
            "img", "all => all.map(i => [i.complete, i.naturalWidth, i.naturalHeight, i.alt])"
        )
        maths = page.eval_on_selector_all(
            "math",
            "all => all.map(m => [m.getBoundingClientRect().width, "
            "m.getBoundingClientRect().height])",
        )
        contents = page.eval_on_selector_all(
            "#matrix a", "all => all.map(a => a.getAttribute('href'))"
        )
        back = page.eval_on_selector_all("section.claim a.top", "all => all.length")
        # what a reader sees first in each section, and where each glossary link lands
        openings = page.eval_on_selector_all(
            "section.claim",
            "all => all.map(s => { const shown = [...s.children]"
            ".filter(c => c.offsetHeight > 0).map(c => c.tagName + '.' + c.className);"
            " const title = shown.findIndex(c => c.startsWith('H3'));"
            " return shown.slice(title + 1, title + 3); })",
        )
        key_rows = page.eval_on_selector_all(
            "section.claim", "all => all.map(s => s.querySelectorAll('tr.learner').length)"
        )
        unresolved = page.eval_on_selector_all(
            "a.term",
            "all => all.filter(a => !document.getElementById(a.hash.slice(1))).map(a => a.hash)",
        )
        terms = page.eval_on_selector_all("a.term", "all => all.length")
        hidden = page.eval_on_selector_all(
            "details.all-evidence", "all => all.filter(d => d.open).length"
        )
        # the README's pictures: DLSPEC_SCREENSHOTS=docs makes them anew
        shots = Path(os.environ.get("DLSPEC_SCREENSHOTS", tmp_path))
        prefix = "" if lang == "en" else f"{lang}-"
        page.screenshot(path=str(shots / f"report-{prefix}first-screen.png"))
        for claim_id in ("I5", "R3"):
            box = page.locator(f"#claim-{claim_id}").bounding_box()
            assert box is not None, f"#claim-{claim_id} is not drawn"
            clip = {**box, "height": min(box["height"], SHOT_HEIGHT)}
            page.screenshot(
                path=str(shots / f"report-{prefix}{claim_id}.png"), clip=clip, full_page=True
            )
        browser.close()
    assert errors == []
    assert all(shown == ["DIV.bottom-line", "DIV.key-evidence"] for shown in openings), openings
    assert all(3 <= n <= 5 for n in key_rows), key_rows
    assert terms > 0 and unresolved == [], unresolved
    assert hidden == 0
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert sections == [f"claim-{claim.id}" for claim in claims.CLAIMS]
    assert len(images) >= 20
    assert all(complete and width > 0 and height > 0 for complete, width, height, _ in images)
    assert all(len(alt) > 40 for *_, alt in images), [alt for *_, alt in images]
    # the registry's formulas and the symbolic evidence are typeset, and take up room
    assert len(maths) >= 100, len(maths)
    assert all(width > 0 and height > 0 for width, height in maths), maths
    assert contents == [f"#claim-{c.id}" for c in claims.CLAIMS for _ in range(2)]
    assert back == len(claims.CLAIMS)
    assert all((shots / f"report-{prefix}{n}.png").stat().st_size > 0 for n in SHOTS)


def test_the_chinese_report_draws_chinese_characters_in_a_real_font(
    full_run: FullRun, tmp_path: Path
) -> None:
    """A missing glyph is drawn as a box, the same for every character: two Chinese
    characters drawn in the page's font must differ from each other and from that box.
    The two characters of the Private Use Area show what the box looks like (both the same),
    so the check can tell boxes apart from glyphs."""
    if CHROMIUM is None:
        pytest.skip("no Chromium on PATH (Debian package chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.goto(full_run.pages["zh"].as_uri(), wait_until="load")
        font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
        drawn = page.evaluate(GLYPHS, [[*CHINESE, *UNDRAWN], font])
        first, second, box, other_box = (hashlib.sha1(d.encode()).hexdigest()[:12] for d in drawn)
        title = page.locator("h1").inner_text()
        page.screenshot(path=str(tmp_path / "zh.png"))
        browser.close()
    assert box == other_box, "the check cannot tell a missing glyph: undrawn characters differ"
    assert first != box and second != box, f"Chinese is drawn as boxes in {font}"
    assert first != second, f"two Chinese characters look the same in {font}"
    assert "知识库" in title
    assert (tmp_path / "zh.png").stat().st_size > 0
