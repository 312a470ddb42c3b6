"""The review report in a real browser: Debian's headless Chromium driven by Selenium.

The seed article after an edit and a partial review (test_review.py builds it) is opened from
disk: it loads with no console error and no network request, each filter shows exactly the
expected rows, the sort puts the least certain MT suggestion first, a `<script>` in a
translation stays text, and the edited words are marked. Screenshots are written to
build/test-artifacts/ (review-seed-en.png, and -needs-a-human.png with that filter on) for
people to look at.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO, invoke_in, tiny_models_installed
from test_review import SCRIPTED, seed_after_an_edit_and_partial_review

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
SCREENSHOT = REPO / "build" / "test-artifacts" / "review-seed-en.png"

if not (CHROMIUM and DRIVER):
    if os.environ.get("I18N_TOOL_REQUIRE_BROWSER"):  # CI installs them: missing is a failure
        pytest.fail("chromium and chromium-driver are not installed", pytrace=False)
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory, model_files: dict[str, Path]) -> Path:
    """The seed report in English (the tiny models installed in a home of its own)."""
    root = tmp_path_factory.mktemp("review")
    with tiny_models_installed(root / "packages", model_files, ["de-en"]):
        project = seed_after_an_edit_and_partial_review(root)
    code, output = invoke_in(project, "review", "-l", "en")
    assert code == 0, output
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    return project / "build" / "review" / "en" / "kim-truppen-russland.html"


@pytest.fixture
def opened(browser: webdriver.Chrome, report_page: Path) -> webdriver.Chrome:
    browser.get_log("browser")
    browser.get_log("performance")  # start both logs afresh
    browser.get(report_page.as_uri())
    return browser


def visible_rows(browser: webdriver.Chrome) -> list[str]:
    rows = browser.find_elements(By.CSS_SELECTOR, "#units tbody tr")
    return [row.get_attribute("id") for row in rows if row.is_displayed()]


def test_the_report_loads_without_errors_or_requests(opened: webdriver.Chrome) -> None:
    page = opened.current_url
    assert [entry for entry in opened.get_log("browser") if entry["level"] == "SEVERE"] == []
    requested = []
    for entry in opened.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert [url for url in requested if url != page] == []
    assert opened.title == "kim-truppen-russland (en): review"
    opened.save_screenshot(str(SCREENSHOT))


@pytest.mark.parametrize(
    ("label", "rows"),
    [("all", 28), ("needs a human", 4), ("MT", 2), ("QA errors", 2), ("changed", 1)],
)
def test_each_filter_shows_exactly_its_rows(
    opened: webdriver.Chrome, label: str, rows: int
) -> None:
    buttons = {button.text: button for button in opened.find_elements(By.TAG_NAME, "button")}
    buttons[label].click()
    shown = visible_rows(opened)
    assert len(shown) == rows
    assert opened.find_element(By.ID, "shown").text == f"{rows} of 28 units shown"
    assert buttons[label].get_attribute("aria-pressed") == "true"
    states = {
        row.get_attribute("data-state")
        for row in opened.find_elements(By.CSS_SELECTOR, "#units tbody tr")
        if row.get_attribute("id") in shown
    }
    expected = {
        "MT": {"machine"},
        "needs a human": {"machine", "needs-review", "untranslated"},
        "changed": {"needs-review"},
    }
    assert states == expected.get(label, states)
    if label == "needs a human":
        opened.save_screenshot(str(SCREENSHOT.with_name("review-seed-en-needs-a-human.png")))


def test_sorting_by_confidence_puts_the_least_certain_first(opened: webdriver.Chrome) -> None:
    def confidences() -> list[str | None]:
        rows = opened.find_elements(By.CSS_SELECTOR, "#units tbody tr")
        return [row.get_attribute("data-confidence") for row in rows]

    assert [c for c in confidences() if c] == ["1.00", "0.99"]  # source order
    opened.find_element(By.ID, "sort").click()
    assert confidences()[:3] == ["0.99", "1.00", None]
    opened.find_element(By.ID, "sort").click()
    rows = opened.find_elements(By.CSS_SELECTOR, "#units tbody tr")
    assert [row.get_attribute("data-order") for row in rows] == [str(n) for n in range(28)]


def test_a_script_in_a_translation_is_shown_as_text(opened: webdriver.Chrome) -> None:
    assert opened.title == "kim-truppen-russland (en): review"  # the script did not run
    cells = opened.find_elements(By.CSS_SELECTOR, "#units td[lang='en']")
    assert SCRIPTED in [cell.text for cell in cells]


def test_the_diff_marks_the_edited_words(opened: webdriver.Chrome) -> None:
    row = opened.find_element(By.CSS_SELECTOR, "#units tr[data-changed='1']")
    assert [d.text for d in row.find_elements(By.TAG_NAME, "del")] == ["nicht nur"]
    assert [i.text for i in row.find_elements(By.TAG_NAME, "ins")] == ["weit mehr als"]
    assert (
        row.find_element(By.CSS_SELECTOR, "td[lang='de'] del").value_of_css_property(
            "text-decoration-line"
        )
        == "line-through"
    )
