"""Recognise explicit crisis language: suicidal thoughts and danger now.

A safety net under the classifier: when these words appear, the crisis answer (113 and
112) comes first and alone, whatever else the message says. Patterns are deliberately
about explicit phrases; a missed indirect phrasing is still caught by the classifier,
which is trained on the `crisis` intent.
"""

from __future__ import annotations

import re
import unicodedata

SUICIDE_PATTERNS = [
    r"\bzelfmoord",
    r"\bsuic?[iï]d",
    r"\bzelfdoding",
    r"\bsuicidaal",
    r"\bwil\b[^.?!]{0,20}\bdood\b",
    r"\bliever dood\b",
    r"\bdood willen\b",
    r"\bniet meer (willen )?leven\b",
    r"\bwil[^.?!]{0,15}niet meer leven\b",
    r"\b(wil|willen)[^.?!]{0,10}er niet meer (zijn|wezen)\b",
    r"\been (eind|einde) (aan|maken aan) (mijn|zijn|haar|ons) leven\b",
    r"\ber een (eind|einde) aan (maken|te maken)\b",
    r"\b(mijn|zijn|haar) leven (beeindigen|beëindigen)\b",
    r"\b(mezelf|mijzelf|zichzelf|haarzelf|hemzelf)\b[^.?!]{0,25}\b(iets )?"
    r"(aan( te)? ?doen|van het leven beroven|ophangen|doodmaken)\b",
    r"\bniet meer wakker (te )?worden\b",
    r"\bzie het[^.?!]{0,12}niet meer zitten\b",
]
EMERGENCY_PATTERNS = [
    # someone not responding: a person (not a landlord, shop or office) and not "op ..."
    r"\b(vader|moeder|man|vrouw|partner|zoon|dochter|kind|baby|opa|oma|buurman|buurvrouw|"
    r"vriend|vriendin|broer|zus|hij|zij|iemand|mevrouw|meneer)\b[^.?!,]{0,20}\breageert "
    r"(niet|nergens)( meer)?\b(?!\s+(op|terug))",
    r"\b(ligt|lag|gevallen)\b[^.?!]{0,40}\breageert niet",
    r"\bademt niet\b",
    r"\bbewusteloos\b",
    r"\b(staat|is|er is)[^.?!]{0,12}\bin brand\b",
    r"\ber is brand\b",
    r"\bbrand in\b",
    r"\blevensgevaar",
    r"\b(nu|direct|acuut) in gevaar\b",
    r"\bin (direct|acuut) gevaar\b",
    r"\bbedreigd met een (mes|wapen|pistool)\b",
    r"\bbel(t)? 112\b",
    r"\bhartaanval\b",
]
_SUICIDE = re.compile("|".join(f"(?:{p})" for p in SUICIDE_PATTERNS), re.IGNORECASE)
_EMERGENCY = re.compile("|".join(f"(?:{p})" for p in EMERGENCY_PATTERNS), re.IGNORECASE)


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def mentions_emergency(text: str) -> bool:
    """Danger now: someone not responding, fire, a weapon: 112 comes first."""
    return bool(text) and bool(_EMERGENCY.search(_normalise(text)))


def mentions_crisis(text: str) -> bool:
    """Suicidal thoughts or danger now."""
    if not text:
        return False
    normal = _normalise(text)
    return bool(_SUICIDE.search(normal) or _EMERGENCY.search(normal))
