"""The overdrachtsformulier: printable HTML and plain text from the same data."""

from __future__ import annotations

import base64
import hashlib
import re

from referrals.handover import css_hash, handover_note, render_html, render_text
from tests.support.referrals import CONSENT_TEXT, NO, NOW, new

EXPECTED = [
    "Het Juridisch Loket",
    "Gratis juridisch advies",
    "Telefonisch spreekuur: 0900-8020",
    "Anna de Vries",
    "06 12345678",
    "'s ochtends",
    "Juridisch advies",
    "Loon niet betaald",
    "Mijn werkgever betaalt mijn loon niet.",
    "Zelf gebeld met de werkgever",
    "loonstrook",
    "Dringend",
    "1 december 2026",
    "Bibliotheek Voorbeeldstad",
    "Kees",
    "30 november 2026",
    "23 november 2026 om 10:30",
    CONSENT_TEXT,
]


def test_html_and_text_say_the_same_things(session):
    referral = new(session)
    referral.hand_over("balie", NOW)
    note = handover_note(referral)
    html, text = render_html(note), render_text(note)
    for value in EXPECTED:
        assert value in text, value
        assert value.replace("'", "&#39;") in html, value


def test_the_labels_are_plain_dutch(session):
    text = render_text(handover_note(new(session)))
    for label in (
        "Voor",
        "Wie heeft hulp nodig",
        "De vraag",
        "In eigen woorden",
        "Haast",
        "Uiterste datum",
        "Doorverwezen door",
        "Wij bellen na op",
        "Toestemming",
    ):
        assert label in text
    assert text.startswith("WARME DOORVERWIJZING NR. ")


def test_the_page_is_accessible_and_printable(session):
    html = render_html(handover_note(new(session)))
    assert '<html lang="nl">' in html
    assert html.count("<h1>") == 1 and "<h2" in html and "<dl>" in html and "<dt>" in html
    assert "@media print" in html
    assert re.search(r'<section aria-labelledby="deel-1">\s*<h2 id="deel-1">', html)


def test_text_typed_by_people_is_escaped_in_the_page(session):
    referral = new(session, question='<script>alert("x")</script> & meer')
    html = render_html(handover_note(referral))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_inline_style_is_allowed_by_its_hash(session):
    html = render_html(handover_note(new(session)))
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert css_hash() == f"sha256-{digest}"


def test_without_consent_the_note_says_so_and_holds_no_person(session):
    referral = new(session, consent=NO, person=None)
    text = render_text(handover_note(referral))
    assert "Deel geen persoonsgegevens" in text and "geen contactgegevens" in text


def test_the_email_subject_has_no_personal_data(session):
    note = handover_note(new(session))
    assert "Anna" not in note.subject and "Warme doorverwijzing nr." in note.subject
