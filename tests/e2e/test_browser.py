"""Real browser walks on the real stack: Debian's chromium, headless, driven by
Playwright's Python API; axe-core checks every page (zero WCAG 2.1 A/AA violations);
screenshots go to artefacts/screenshots/.

- staff: login, advice, a referral in two clicks, the print view, the list, logout
- coordinator: the dashboard and the accounts
- inhabitant: the widget on a library's site, from greeting to advice; kept across a
  reload; keyboard, 200% zoom, reduced motion; "Voorlezen"; the standalone page
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.settings import PROJECT_ROOT
from tests.support.accounts import CENTRUM, PASSWORD
from tests.support.browser import HostSite, axe_violations, check, launch

pytestmark = pytest.mark.e2e
NARROW = {"width": 420, "height": 900}  # the side panel beside the staff member's site


def wegwijzer(stack, *args, stdin=None):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "wegwijzer"), *args],
        input=stdin,
        env=stack.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def people(stack):
    wegwijzer(stack, "location", "online", CENTRUM)
    wegwijzer(
        stack, "user", "create", "sanne", "--name", "Sanne Balie", "--location", CENTRUM,
        "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    wegwijzer(
        stack, "user", "create", "karel", "--name", "Karel Coördinator", "--role", "coordinator",
        "--gemeente", "voorbeeldstad", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    listed = wegwijzer(stack, "user", "list")
    assert "sanne\tstaff" in listed and "karel\tcoordinator" in listed


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def log_in(page, stack, username):
    page.goto(stack.web_url + "/panel")
    expect(page).to_have_url(stack.web_url + "/panel/inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Waar gaat de vraag over?")).to_be_visible()


def test_staff_login_advice_referral_in_two_clicks_print_and_logout(stack, people, browser):
    context = browser.new_context(viewport=NARROW, locale="nl-NL")
    page = context.new_page()
    page.goto(stack.web_url + "/panel/inloggen")
    check(page, "01-staff-login")
    log_in(page, stack, "sanne")
    check(page, "02-staff-question")
    page.get_by_label("De situatie van de bezoeker").fill(
        "Meneer heeft schulden en er komt een deurwaarder aan de deur"
    )
    page.get_by_label("Gemeente van de bezoeker").select_option("voorbeeldstad")
    page.get_by_role("button", name="Zoek hulp").click()
    expect(page.get_by_role("heading", name="Herkende onderwerpen")).to_be_visible()
    expect(page.locator("meter").first).to_be_visible()
    check(page, "03-staff-advice")
    # Click 1: a suggestion's button opens the referral, prefilled.
    page.get_by_role("button", name="Doorverwijzen naar").first.click()
    expect(page.get_by_role("heading", name="Doorverwijzen naar")).to_be_visible()
    expect(page.get_by_label("De vraag")).to_have_value(
        "Meneer heeft schulden en er komt een deurwaarder aan de deur"
    )
    page.get_by_label("Naam").fill("Piet Jansen")
    page.get_by_label("Telefoon").fill("06-12345678")
    check(page, "04-staff-referral-form")
    # Click 2: the visitor says yes; the consent is recorded with the referral.
    page.get_by_role("button", name="Ja, toestemming: opslaan").click()
    expect(page.get_by_role("heading", name="Doorverwijzing nr.")).to_be_visible()
    expect(page.get_by_text("Piet Jansen")).to_be_visible()
    check(page, "05-staff-referral")
    page.get_by_role("link", name="Overdrachtsformulier afdrukken").click()
    expect(page.get_by_role("heading", name="Warme doorverwijzing nr.")).to_be_visible()
    page.emulate_media(media="print")
    page.screenshot(path=str(PROJECT_ROOT / "artefacts/screenshots/06-staff-print-media.png"))
    page.emulate_media(media="screen")
    check(page, "06-staff-print-view")
    page.get_by_role("link", name="Doorverwijzingen").click()
    expect(page.get_by_text("Nr. ")).to_be_visible()
    check(page, "07-staff-referrals")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="U bent uitgelogd")).to_be_visible()
    check(page, "08-staff-logged-out")
    page.goto(stack.web_url + "/panel/doorverwijzingen")
    expect(page).to_have_url(stack.web_url + "/panel/inloggen")
    context.close()


def test_a_coordinators_dashboard_and_accounts(stack, people, browser):
    context = browser.new_context(viewport={"width": 1100, "height": 1000}, locale="nl-NL")
    page = context.new_page()
    log_in(page, stack, "karel")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Vragen per maand")).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()
    check(page, "09-coordinator-dashboard")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    assert download.value.suggested_filename == "ido-registraties.csv"
    page.get_by_role("link", name="Accounts").click()
    expect(page.get_by_text("(sanne)")).to_be_visible()
    check(page, "10-coordinator-accounts")
    context.close()


@pytest.fixture(scope="module")
def host_site(stack, host_origin):
    site = HostSite(host_origin, stack.web_url + "/widget.js")
    yield site
    site.stop()


def widget(page):
    return page.locator("#wegwijzer-widget")


def test_the_widget_on_a_librarys_site_from_greeting_to_advice(stack, host_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(host_site.origin + "/")
    launcher = page.get_by_role("button", name="Chat met Wegwijzer")
    expect(launcher).to_be_visible()
    check(page, "11-host-page-closed")
    launcher.focus()
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    log = page.get_by_role("log")
    expect(log).to_contain_text("computerprogramma", timeout=60_000)
    field = page.get_by_label("Uw bericht")
    expect(field).to_be_focused()
    check(page, "12-widget-greeting")
    field.fill("mijn digid activeringscode is verlopen, wat moet ik doen")
    page.keyboard.press("Enter")
    expect(page.locator(".ww-status")).to_contain_text("Wegwijzer typt")
    expect(log.locator(".ww-bot").last).to_contain_text("DigiD", timeout=60_000)
    check(page, "13-widget-advice")
    # No Dutch voice in headless chromium: no "Voorlezen" button.
    assert page.evaluate("speechSynthesis.getVoices().some(v => v.lang.startsWith('nl'))") is False
    assert page.locator(".ww-read").count() == 0
    # Kept across a reload.
    count = log.locator(".ww-msg").count()
    page.reload()
    expect(page.get_by_role("log").locator(".ww-msg")).to_have_count(count)
    expect(page.get_by_role("button", name="Chat met Wegwijzer")).to_have_attribute(
        "aria-expanded", "true"
    )
    # Escape closes and gives the focus back to the launcher.
    page.get_by_label("Uw bericht").focus()
    page.keyboard.press("Escape")
    expect(page.locator("#ww-panel")).to_be_hidden()
    expect(page.get_by_role("button", name="Chat met Wegwijzer")).to_be_focused()
    context.close()


def test_buttons_restart_and_text_is_escaped(stack, host_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(host_site.origin + "/")
    page.get_by_role("button", name="Chat met Wegwijzer").click()
    log = page.get_by_role("log")
    expect(log).to_contain_text("computerprogramma", timeout=60_000)
    page.get_by_label("Uw bericht").fill("<img src=x onerror=alert(1)> zie https://www.digid.nl")
    page.keyboard.press("Enter")
    expect(log.locator(".ww-user").last).to_contain_text("<img src=x onerror=alert(1)>")
    assert log.locator("img").count() == 0
    link = log.locator(".ww-user a").last
    expect(link).to_have_attribute("href", "https://www.digid.nl")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    page.get_by_role("button", name="Opnieuw beginnen").click()
    choice = log.locator(".ww-choice:enabled").first
    expect(choice).to_be_visible(timeout=60_000)
    title = choice.inner_text()
    choice.click()
    expect(log.locator(".ww-user").last).to_have_text(f"U: {title}")
    expect(log.locator(".ww-bot")).not_to_have_count(0)
    check(page, "14-widget-buttons")
    # The length limit: a kind message, not a silent stop.
    page.get_by_label("Uw bericht").fill("a" * 1000)
    expect(page.locator(".ww-count")).to_contain_text("maximum van 1000 tekens")
    context.close()


def test_200_percent_zoom_and_reduced_motion(stack, host_site, browser):
    # 1280 x 800 at 200% is a viewport of 640 x 400 CSS pixels.
    context = browser.new_context(
        viewport={"width": 640, "height": 400}, locale="nl-NL", reduced_motion="reduce"
    )
    page = context.new_page()
    page.goto(host_site.origin + "/")
    page.get_by_role("button", name="Chat met Wegwijzer").click()
    expect(page.get_by_role("log")).to_contain_text("computerprogramma", timeout=60_000)
    box = page.locator("#ww-panel").bounding_box()
    assert box and box["width"] >= 600  # the open panel fills the window
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    animation = page.evaluate(
        "() => { const s = document.createElement('span'); "
        "document.querySelector('#wegwijzer-widget .ww-status').appendChild(s); "
        "s.className = 'ww-dots'; const d = document.createElement('span'); s.appendChild(d); "
        "const name = getComputedStyle(d).animationName; s.remove(); return name; }"
    )
    assert animation == "none"
    check(page, "15-widget-zoom-200")
    context.close()


# The machine has no Dutch voice; a stand-in for the browser's speechSynthesis with one
# shows that the button appears, works by keyboard and asks for Dutch.
DUTCH_VOICE = """
(() => {
  const voice = {name: 'Stand-in Nederlands', lang: 'nl-NL', default: true, localService: true};
  window.__spoken = [];
  const synth = {
    getVoices: () => [voice], speaking: false,
    speak: (u) => { window.__spoken.push({text: u.text, lang: u.lang}); },
    cancel: () => {}, addEventListener: () => {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
})();
"""


def test_voorlezen_reads_a_message_in_dutch_by_keyboard(stack, host_site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.add_init_script(DUTCH_VOICE)
    page = context.new_page()
    page.goto(host_site.origin + "/")
    page.get_by_role("button", name="Chat met Wegwijzer").click()
    read = page.get_by_role("button", name="Lees dit bericht voor").first
    expect(read).to_be_visible(timeout=60_000)
    read.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0]["lang"] == "nl-NL" and "computerprogramma" in spoken[0]["text"]
    check(page, "16-widget-voorlezen")
    context.close()


def test_the_standalone_chat_page(stack, browser):
    context = browser.new_context(viewport={"width": 800, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(stack.web_url + "/")
    expect(page.get_by_role("log")).to_contain_text("computerprogramma", timeout=60_000)
    check(page, "17-chat-page")
    assert axe_violations(page) == []
    context.close()
