"""How advice reads in the chat: jargon explained once, contact lines, the checklist."""

from conversation.render import explain_once


def test_jargon_is_explained_once_in_brackets():
    explained: set[str] = set()
    first = explain_once("U heeft een indicatie voor de Wlz nodig.", explained)
    assert "Wlz (Wet langdurige zorg" in first and "indicatie (een besluit" in first
    again = explain_once("De Wlz geldt voor verpleeghuizen.", explained)
    assert again == "De Wlz geldt voor verpleeghuizen."


def test_a_term_already_in_brackets_is_left_alone():
    assert explain_once("Een uitkering voor nabestaanden (Anw).", set()) == (
        "Een uitkering voor nabestaanden (Anw)."
    )
