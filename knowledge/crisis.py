"""Crisis safety: is someone in danger, and which line comes first?

Three tiers (issue #9, "Crisis safety: a tiered, measured design"):

- **acute**: danger now (someone unconscious or not breathing, chest pain, fire, violence or
  a weapon now, an overdose taken, someone about to jump), or suicidal intent with a plan or
  means (a rope, pills saved, farewell letters, a date). The crisis reply comes first and
  alone: 112 first when someone is in physical danger now, 113 first for suicidal intent;
  Veilig Thuis is named when the danger is violence at home.
- **distress**: possible distress without a plan and without an everyday object ("ik zie het
  niet meer zitten", "het hoeft voor mij niet meer"): the normal help stays, with a short
  line about 113 and a gentle check.
- **none**: everyday language, whatever its words ("mijn telefoon is dood", "mijn man is
  overleden aan een hartaanval", "de gemeente reageert niet", "ik zie het niet meer zitten
  met die aangifte").

Two signals decide: hand-written phrases (precise, for explicit language) and the intent
classifier's confidence in `emergency`, `crisis` and `distress` (for danger told as a
story). Phrases of physical danger are ignored when the sentence places them in the past
("vorig jaar", "geleden", "had ... gehad") or in a chronic state ("al weken"). The
thresholds were chosen on the development set (bench/dev/crisis.yml) and are reported on
the blind test set (tests/eval/crisis.yml): see bench/results/.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass

EMERGENCY_INTENT = "emergency"
SUICIDE_INTENT = "crisis"
DISTRESS_INTENT = "distress"
CRISIS_INTENTS = (EMERGENCY_INTENT, SUICIDE_INTENT, DISTRESS_INTENT)

# Classifier confidences that count (chosen on bench/dev/crisis.yml, see the module docstring).
EMERGENCY_MIN = 0.45
SUICIDE_MIN = 0.45
DISTRESS_MIN = 0.40
# An everyday theme this sure means the words are about an everyday object.
EVERYDAY_THEME_MIN = 0.30
# With a device or an account named, an everyday theme this sure is enough.
DEVICE_THEME_MIN = 0.15

ACUTE, DISTRESS = "acute", "distress"
LINE_112, LINE_113 = "112", "113"


@dataclass(frozen=True)
class CrisisAssessment:
    """What the safety check found. `level` is None for everyday language."""

    level: str | None = None
    first: str | None = None  # "112" or "113" when acute
    domestic_violence: bool = False
    reason: str = ""

    @property
    def acute(self) -> bool:
        return self.level == ACUTE

    @property
    def distress(self) -> bool:
        return self.level == DISTRESS


NONE = CrisisAssessment()


# Key words of the phrases below, to which a misspelt word is corrected before matching
# ("bewustelos", "ingenome", "afscheitsbrief"): only long words that no everyday word is
# close to (no "vermoorden": "vermoeden" is everyday; no "geslikt": "geklikt" is).
TYPO_VOCABULARY = (
    "bewusteloos",
    "bewustzijn",
    "aanspreekbaar",
    "flauwgevallen",
    "ingenomen",
    "ingeslikt",
    "overdosis",
    "tabletten",
    "medicijnen",
    "slaappillen",
    "pijnstillers",
    "paracetamol",
    "zelfmoord",
    "zelfdoding",
    "afscheidsbrief",
    "afscheidsbrieven",
    "afscheidsbericht",
    "hartaanval",
    "mishandeld",
    "vergiftigd",
    "opgespaard",
    "verzameld",
)
_TYPO_MIN_LENGTH = 6
_TYPO_CUTOFF = 0.85
_WORD = re.compile(r"[a-z]+")


def _correct(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) < _TYPO_MIN_LENGTH or word in TYPO_VOCABULARY:
        return word
    close = difflib.get_close_matches(word, TYPO_VOCABULARY, n=1, cutoff=_TYPO_CUTOFF)
    return close[0] if close and close[0][0] == word[0] else word


def normalise(text: str) -> str:
    """Lower case without accents, single spaces, misspelt crisis key words corrected."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    spaced = re.sub(r"\s+", " ", plain.replace("’", "'")).strip()
    return _WORD.sub(_correct, spaced)


def _compile(patterns: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


PERSON = (
    r"(vader|moeder|pa|ma|man|vrouw|partner|vriend|vriendin|zoon|dochter|kind|kindje|baby|"
    r"opa|oma|broer|zus|buurman|buurvrouw|collega|meneer|mevrouw|bezoeker|hij|zij|ze|iemand|"
    r"persoon|jongen|meisje|man|heer|dame|klant)"
)
# "een overdosis aan formulieren": paperwork, not pills.
PAPERWORK = (
    r"(\w*formulieren|\w*brieven|post|\w*papieren|papierwerk|informatie|info|werk|\w*mails|"
    r"regels|vragen|codes|wachtwoorden|apps|instanties|stress|rekeningen|aanmaningen|"
    r"herinneringen|berichten|documenten|enveloppen|gedoe|bureaucratie)\b"
)
# "een overdosis (aan) brieven van het CJIB": the paperwork may follow with or without a
# preposition, after at most one word ("een overdosis aan blauwe enveloppen" is paperwork
# too, but a substance never needs one).
PAPERWORK_DOSE = r"\boverdosis (aan |van )?(\w+ )?" + PAPERWORK
# Danger now: 112 first. Each phrase is explicit on its own.
PHYSICAL_DANGER = {
    "unconscious": [
        r"\bbewusteloos\b",
        r"\bbuiten bewustzijn\b",
        r"\bniet (meer )?aanspreekbaar\b",
        r"\bkrijg (hem|haar|hun|die|mijn \w+) niet (meer )?wakker\b",
        r"\b(is|wordt) niet (meer )?wakker te krijgen\b",
        r"\bflauwgevallen\b",
        r"\bin elkaar (gezakt|gezakt)\b",
        r"\bdoet (zijn|haar) ogen niet (meer )?open\b",
        r"\bgeen (contact|reactie) meer (met|van) (hem|haar)\b",
        r"\bligt (op de grond|op de vloer|op de stoep|daar)\b[^.?!]{0,40}\b(beweegt|reageert|"
        r"zegt|praat|ademt)\b",
        r"\b(gevallen|in elkaar gezakt|onderuit gegaan)\b[^.?!]{0,40}\b(reageert|beweegt|zegt|"
        r"praat)\b[^.?!]{0,12}\b(niet|nergens|niks|niets)\b",
        r"\b" + PERSON + r"\b[^.?!,]{0,25}\breageert (niet|nergens)( meer)?\b(?! op)(?!\s+meer op)",
    ],
    "not_breathing": [
        r"\bademt (nu |opeens |ineens |bijna |haast )?niet\b",
        r"\bademt (heel |erg |zo )?(raar|vreemd|slecht|moeilijk)\b",
        r"\b(stopt|stopte) (steeds )?met ademen\b",
        r"\bhaalt geen adem\b",
        r"\bgeen (adem|lucht) (meer )?(krijgt|krijg|krijgen|halen)\b",
        r"\bkrijgt geen (lucht|adem)\b",
        r"\bkan (bijna )?(niet|geen lucht) (meer )?ademen\b",
        r"\bnaar adem (te )?happen\b",
        r"\bhapt naar adem\b",
        r"\bblauw(e)? (lippen|rond de lippen|om de mond)\b",
        r"\bwordt blauw\b",
        r"\b(stikt|verstikt|verslikt)\b",
    ],
    "chest_pain": [
        r"\bpijn (op|in|aan) (de|mijn|zijn|haar|me|z'n) borst\b",
        r"\b(drukkend|beklemmend|knellend) gevoel (op|in) (de|mijn|zijn|haar|me) borst\b",
        r"\bknelt (in|op) (de|mijn|zijn|haar|me) borst\b",
        r"\buitstraalt naar (de|mijn|zijn|haar|me) (linker)?\s?(arm|kaak)\b",
        r"\bpijn (bij|aan|in) (het|zijn|haar|mijn) hart\b",
        r"\b(krijgt|heeft|krijg|heb) (nu |net |volgens mij )?een hartaanval\b(?![^.?!]{0,30}"
        r"\b(gehad|gekregen)\b)",
        r"\b(mond|gezicht) hangt (ineens )?scheef\b",
        r"\bscheve mond\b",
    ],
    "fire": [
        r"\b(staat|staan|is|zijn) (nu |helemaal )?in brand\b",
        r"\ber is brand\b",
        # not "brand in mijn hoofd" (a figure of speech for stress)
        r"\bbrand (in|bij) (de|het|mijn|ons|onze|zijn|haar)\b(?!\w)(?!\s+(hoofd|kop|hart)\b)",
        r"\b(vlammen|vuur) (uit|in|op)\b",
        r"\b(komt|komen) (veel )?rook uit\b",
        r"\bruikt (hier )?(erg |heel )?naar (brand|rook|gas)\b",
        r"\b(pan|frituur|keuken)\s?brand\b(?!je)",
        r"\bvuur in (de|het) keuken\b",
        r"\b(gas|gaskraan|gaskranen|het fornuis) (open ?gezet|opengedraaid|open gedraaid|"
        r"staat open|staan open|lekt)\b",
    ],
    "violence_now": [
        r"\b(slaat|schopt|slaan|schoppen|wurgt|stompt) (mij|me|haar|hem|ons|mijn \w+)\b(?![^.?!]"
        r"{0,40}\b(vroeger|geleden|vorig|vorige)\b)",
        r"\bwordt (nu |net )?(in elkaar )?(geslagen|geschopt|mishandeld)\b",
        r"\b(vechten|vechtpartij)\b[^.?!]{0,40}\b(nu|hier|ligt|voor|bij)\b",
        r"\bgooit met (spullen|dingen|borden|stoelen)\b",
        r"\bis (binnengedrongen|binnengekomen)\b[^.?!]{0,60}\b(geduwd|geslagen|bedreigd|"
        r"pakken|pakt)\b",
        r"\bprobeert de deur in te (trappen|slaan|breken)\b",
        r"\bik ben (zo )?bang\b[^.?!]{0,40}\b(slaat|geslagen|mes|vermoorden|dood)\b",
        r"\b(gaat|ga|wil) (mij|me|haar|hem|ons|iedereen) (vermoorden|doodmaken|neersteken|"
        r"neerschieten|iets aandoen)\b",
        r"\bdreigt (mij|me|haar|hem|ons) (dood )?te (maken|slaan|steken|vermoorden)\b",
        r"\b(opgesloten|verstopt) (in|op) de (badkamer|wc|kamer|slaapkamer)\b",
        r"\b(duwt|slaat|schopt|bedreigt|aanvalt)\b[^.?!]{0,15}\b(mensen|iedereen|klanten|bezoekers|"
        r"personeel|medewerkers)\b",
        r"\b(mensen|iedereen|klanten|bezoekers|personeel|medewerkers) (duwt|slaat|schopt|bedreigt|"
        r"aanvalt)\b",
        r"\b(heeft|hebben) (mij|me|haar|hem|ons) (net|zojuist|daarnet|nu|vandaag) (omver )?"
        r"(geslagen|geschopt|geduwd|gewurgd|gestoken|mishandeld)\b",
        r"\b(zijn|is|staan|staat|lopen|loopt|zit|zitten)\b[^.?!]{0,20}\b(jongens|mannen|man|iemand|"
        r"inbrekers?|vreemden?|vreemde mensen)\b[^.?!]{0,15}\b(in|bij) (mijn|ons|het) (huis|woning|"
        r"kamer|slaapkamer|tuin)\b(?![^.?!]{0,40}\b(geweest|gisteren|vorige|vorig|geleden)\b)",
    ],
    "weapon": [
        r"\b(mes|messen|pistool|vuurwapen|geweer|bijl|knuppel|honkbalknuppel|hamer|wapen)\b"
        r"[^.?!]{0,50}\b(dreig|bedreig|zwaai|steek|steken|neerschiet|vermoord|aanval|schreeuw|"
        r"richt|bedreigt|pakken|dood)\w*",
        r"\b(dreig|bedreig|zwaai|staat|loopt|staan)\w*\b[^.?!]{0,40}\bmet (een|zijn|haar) (mes|"
        r"pistool|vuurwapen|geweer|bijl|knuppel|honkbalknuppel|wapen)\b",
        r"\b(man|vrouw|jongen|gast|iemand|hij|zij)\b[^.?!]{0,20}\bmet (een )?(mes|pistool|"
        r"vuurwapen|geweer|bijl|wapen)\b[^.?!]{0,30}\b(in|op|voor|bij)\b",
        r"\b(mes|pistool|vuurwapen) (uit|tevoorschijn)\b",
        r"\bheeft (een|zijn|haar) (mes|pistool|vuurwapen|geweer) (gepakt|getrokken)\b",
    ],
    "overdose": [
        r"\boverdosis\b(?! (aan |van )?(\w+ )?" + PAPERWORK + r")",
        r"\b(al (mijn|zijn|haar|de)|alle|een hele?|hele|een (pot|strip|doos|doosje|fles)|"
        r"veel|te veel|\d+|twee keer|dubbel)\b[^.?!]{0,40}\b(pillen|pilen|tabletten|medicijnen|"
        r"slaappillen|pijnstillers|paracetamol|oxazepam|temazepam|oxycodon|medicatie|"
        r"bloedverdunners)\b[^.?!]{0,40}\b(ingenomen|genomen|genome|geslikt|ingeslikt|op ?gedaan|"
        r"opgegeten|leeggegeten|op|gegeten|gebruikt)\b",
        r"\b(pillen|pilen|tabletten|medicijnen|slaappillen|pijnstillers)\b[^.?!]{0,20}\b"
        r"(ingenomen|geslikt|ingeslikt|leeggegeten)\b[^.?!]{0,40}\b(suf|raar|duizelig|slapen|"
        r"misselijk|bleek|wakker)\b",
        r"\b(ontstopper|bleek|bleekmiddel|gif|vergif|terpentine|wasmiddel|rattengif)\b"
        r"[^.?!]{0,20}\b(gedronken|opgedronken|ingeslikt|binnengekregen|gegeten)\b",
        r"\bvergiftigd\b",
        r"\bte veel (gebruikt|ingenomen|geslikt|genomen)\b",
        r"\b(doos|doosje|strip|pot|potje|fles|flesje)\b[^.?!]{0,30}\b(leeggemaakt|leeg gemaakt|"
        r"opgemaakt|leeggegeten|leeg gegeten|leeggedronken)\b",
        r"\b(het|dat|al het|alle|die) (spul|gif|middel|middelen|pillen|tabletten)\b[^.?!]{0,30}"
        r"\b(genomen|ingenomen|geslikt|doorgeslikt|opgedronken|gedronken)\b",
    ],
    "self_harm_now": [
        r"\b(sta|staat|zit|zitten|staan)\b[^.?!]{0,15}\b(op|in|aan) (de|het|een) (brug|dak|spoor|"
        r"rails|rand|vensterbank|balkon|reling|perron)\b",
        r"\b(ga|gaat|wil) (nu |zo |meteen )?(springen|naar beneden springen)\b",
        r"\b(spring|springt) (nu|zo)\b",
        r"\bgesneden\b[^.?!]{0,30}\bbloed",
        r"\bbloedt (heel |erg |zo )?(erg|veel|hard)?\b[^.?!]{0,20}\b(stopt niet|houdt niet op)\b",
        r"\bmotor (aan|loopt)\b[^.?!]{0,40}\bgarage\b",
        r"\b(wil|ga) (mij|me|mezelf|mijzelf) (nu )?(pijn doen|snijden|iets aandoen)\b",
        r"\bmes in (mijn|zijn|haar) hand\b",
        r"\b(mezelf|mijzelf|me) (net |zojuist |daarnet |nu |expres |express )?(diep |erg )?"
        r"(gesneden|verwond|gestoken|verbrand|gebrand)\b",
    ],
}
# Suicidal intent with a plan, means or a farewell: 113 first.
SUICIDAL = {
    "suicidal_intent": [
        r"\bzelfmoo?r[dt]\b(?![^.?!]{0,25}\b(gepleegd|heeft gepleegd|preventie)\b)",
        r"\bsuic?[iï]d",
        r"\bzelfdoding\b",
        r"\bmezelf (van het leven beroven|ophangen|doodmaken|dood maken|doden|"
        r"om het leven brengen)",
        r"\b(mijzelf|mezelf|zichzelf) (iets )?aan( te)? ?doen\b",
        r"\b(een )?(eind|einde) (aan|maken aan) (mijn|zijn|haar|dit|het) leven\b",
        # not when the thing is said next ("... een eind aan maken. Aan mijn eenmanszaak")
        r"\ber\b[^.?!]{0,20}\been (eind|einde) aan (maken|te maken|maak)\b"
        r"(?![.!?,:]*\s*(aan|met) (mijn|m'n|mn|het|de|die|dat|dit|ons|onze) \w+)",
        r"\b(mijn|zijn|haar) leven (beeindigen|beeindig|stoppen)\b",
        r"\b(wil|ga|wilt)\b[^.?!]{0,15}\bdood\b(?![^.?!]{0,10}\b(van|moe)\b)",
        r"\bniet meer (willen )?leven\b",
        r"\b(wil|wilt|willen) er (gewoon |echt )?niet meer (zijn|wezen)\b",
        r"\bwil[^.?!]{0,15}niet meer leven\b",
        r"\b(uit het leven|eruit) (stappen|stap)\b",
        # "op 1 januari stap ik eruit", not "stap ik eruit bij de vereniging"
        r"\b(stap|stapt) (ik|hij|ze|zij) eruit\b(?![^.?!]{0,20}\b(bij|uit de|uit het|uit mijn"
        r"|van (de|het|mijn)|als)\b)",
        r"\bdood (wil|wilt|willen)\b(?![^.?!]{0,10}\b(van|moe|hebben|maken)\b)",
        r"\bga (het|ermee) (echt )?(doen|stoppen)\b[^.?!]{0,30}\b(vannacht|vanavond|vandaag|morgen|"
        r"leven)\b",
        r"\b(stop|stoppen) (ik )?(ermee|met leven)\b[^.?!]{0,30}\b(vanavond|vannacht|morgen|na)\b",
        r"\bvoor (de|een) trein (springen|te springen|spring|gaan liggen)\b",
        r"\bvan (de|een|het) (flat|brug|dak) (te )?(springen|spring)\b",
        r"\b(spring|gooi) ik (me |mij |mezelf )?(van|voor|onder) (de|het|een)\b",
        r"(?=.*\b(besloten|beslist|definitief)\b)(?=.*\b(stop|kap) ik (er ?mee|met alles)\b)",
        r"\b(stoppen|stop|kappen|kap),? met (het )?leven\b",
        r"\bweg uit (dit|het|mijn) leven\b",
        r"\bweg (van|uit) deze wereld\b",
        r"\bertussenuit\b[^.?!]{0,15}\bknijpen\b[^.?!]{0,20}\bvoorgoed\b",
        r"\b(mezelf|mijzelf|zichzelf|me|zich) (op te hangen|op hangen|van kant (te )?maken)\b",
        r"(?=.*\b(besloten|beslist|ga ik ervoor zorgen|ga ervoor zorgen|deze week|vannacht|"
        r"vanavond)\b)(?=.*\b(niet meer|nooit meer) wakker (wil|wilt|te) worden\b)",
        r"\b(ga|zal) (ik )?ervoor zorgen dat ik (niemand|nooit|niet) meer\b[^.?!]{0,20}\b(tot last|"
        r"wakker|ben|leef|besta)\b",
        r"\bniemand meer tot last\b[^.?!]{0,20}\bvoorgoed\b",
        r"\b(loop|lopen|ga|rijd|rijden)\b[^.?!]{0,25}\b(de zee|het water|de rivier|het kanaal|"
        r"de gracht) in\b[^.?!]{0,40}\b(niet meer|nooit meer|klaar)\b",
    ],
    "suicide_plan": [
        r"\b(touw|strop)\b[^.?!]{0,40}\b(gekocht|klaar|klaarliggen|klaargelegd|opgehangen|"
        r"liggen|gemaakt|geknoopt)\b",
        r"\b(pillen|tabletten|slaappillen|medicijnen)\b[^.?!]{0,30}\b(gespaard|verzameld|bewaard|"
        r"opgespaard)\b",
        r"\b(gespaard|verzameld|opgespaard)\b[^.?!]{0,30}\b(pillen|tabletten|slaappillen)\b",
        r"\bom (nooit )?(niet )?meer wakker te worden\b",
        r"\b(datum|dag) (is |staat |heb ik )?(al )?(gekozen|geprikt|uitgekozen|bepaald)\b",
        r"\bik weet (al )?(precies )?(waar|hoe|wanneer) ik het (ga|wil) doen\b",
        r"\bwaar ik het ga doen\b",
        r"\b(pillen|tabletten|slaappillen|medicijnen|touw|strop)\b[^.?!]{0,20}\b(liggen|ligt|staan|"
        r"staat|hangt) (al )?klaar\b",
    ],
    "farewell": [
        r"\bafscheids ?(brief|brieven|briefje|bericht|berichten)\b(?![^.?!]{0,40}\b(collega|"
        r"collega's|werk|pensioen|klas|school|vereniging|klanten|team|afdeling)\b)",
        r"\bbrie(f|ven) (om|voor)\b[^.?!]{0,30}\b(afscheid|dag te zeggen)\b",
        r"\bvoor als ik er niet meer ben\b",
        r"\b(morgen|vanavond|vannacht|straks) ben ik er niet meer\b",
        r"\bals ik (er )?(straks )?(niet meer|weg) ben\b[^.?!]{0,60}\b(brief|papieren|spullen|"
        r"testament|kat|hond)\b",
        r"\bspullen (al )?weggegeven\b",
        r"\bvoor ik ga\b",
        r"\b(dan|straks|morgen|vanavond|vannacht|overmorgen) ben ik er niet meer\b",
        r"\bben er (morgen|vanavond|vannacht|straks|overmorgen) niet meer\s*([.,!?]|$)",
        r"\b(morgen|vanavond|vannacht|straks|overmorgen) ik ben er niet meer\b",
        r"(?=.*\b(dit was (het|t) dan|voorgoed|voor altijd)\b)(?=.*\b(sorry voor alles|vaarwel|"
        r"doei iedereen|dag iedereen|dag allemaal|het ga jullie goed|zorg goed voor)\b)",
        r"(?=.*\balles (is )?geregeld\b)(?=.*\b(na mij|na mijn dood|weggegeven|niemand hoeft)\b)",
        r"\b(brief|envelop|briefje)\b[^.?!]{0,60}\bna mij\b",
        r"\bdit (leest|lezen|lees|ziet|zien)\b[^.?!]{0,30}\bben ik (er )?(niet meer|dood|weg)\b",
        r"\bzeg (tegen|aan) (mijn|de) \w+ dat ik (van (ze|hem|haar|jullie) hou|het spijt|sorry)\b",
        r"\bniemand (gaat|zal) (mij|me) (nog|ooit) (meer )?zien\b",
        r"\b(na|vanaf) (vanavond|vannacht|morgen|vandaag)\b[^.?!]{0,60}\b(stop ik ermee|"
        r"ik stop ermee|ben ik er niet meer|hoeft niemand)",
    ],
}
# Possible distress: hopelessness without a plan.
DISTRESS_PHRASES = [
    r"\bof (ik|hij|zij|ze) er\b[^.?!]{0,25}\bnog (wil|wilt|willen) zijn\b",
    r"\bzie het (echt |helemaal |gewoon )?(niet|nie) meer (zitten|ziten)\b",
    r"\bzie (t|het) (echt )?niet meer (zitten|ziten)\b",
    r"\b(hoeft|hoef) (het )?(voor mij |voor hem |voor haar )?(allemaal |ook )?niet meer\b",
    r"\b(ik|hij|zij) kan (het|dit)? ?(echt )?niet meer\s*[.!?]*$",
    r"\bik kan niet meer[,.!]",
    r"\bhou het niet meer vol\b",
    r"\bgeen (zin|reden) meer\b(?! in (die|de|dat|het) \w)",
    r"\bheeft (allemaal |toch )?geen zin meer\b",
    r"\bniemand (zou|zal) (me|mij) (missen|missen als)\b",
    r"\b(een|alleen maar een|maar een) last voor (iedereen|anderen|mijn)\b",
    r"\bbeter af zonder (mij|me)\b",
    r"\bniet meer (willen )?bestaan\b",
    r"\bwou dat ik er (gewoon )?niet (meer )?was\b",
    r"\b(zo |heel )?moe van het leven\b",
    r"\bleven (is )?(te zwaar|zinloos)\b",
    r"\b(het )?leven niet meer aan\b",
    r"\bgeen uitweg( meer)?\b",
    r"\bgeen toekomst (meer )?(voor mij|voor mezelf)?\b",
    r"\bweet niet waarom ik nog (doorga|leef)\b",
    r"\bniet meer wakker (te )?worden\b",
    r"\b(wil|wilt) (gewoon )?niet meer\s*[.!?]*$",
    r"\bergens een eind aan\b",
    r"\bheeft zelfmoo?r[dt] gepleegd\b",
    r"\b(mijn )?leven is (kapot|voorbij|zinloos)\b",
    r"\bwaarom (leef|besta) ik (eigenlijk |toch )?(nog|eigenlijk)\b",
    r"\bonder een (bus|trein|auto|vrachtwagen) (kom|kwam|zou komen)\b[^.?!]{0,40}\b(best|prima|"
    r"goed|niet erg|maakt (me |mij )?niet uit)\b",
    r"\b(ik ben|hij is|zij is|ze is) (toch |echt )?nergens (meer )?goed voor\b",
    r"\b(zwarte|donkere|sombere) gedachten\b",
    r"\bniet uit\w* wat er met (me|mij|hem|haar) gebeurt\b",
    r"\b(ben|is) (iedereen|alleen maar) tot last\b",
    r"\b(het )?komt nooit meer goed met (mij|me)\b",
    r"\b(ik heb|heb) in alles gefaald\b",
    r"\bweet (echt )?niet of ik (dit|het) (nog )?(wil|aankan|volhoud)\b",
]
# After the event, or a lasting illness: a fire last month and now its damage, a lung
# disease that makes breathing hard ("ademt slecht door COPD"). Neither the phrases nor the
# classifier alone raise an alarm for these.
AFTERMATH = (
    r"\b(na|sinds|bij|door|van) de brand\b"
    r"|\b(afgebrand|uitgebrand|brandschade|waterschade|rookschade|roetschade)\b"
    r"|\b(bleek|was) (het )?(gelukkig )?(niks|niets|loos alarm|vals alarm|mee te vallen)\b"
    r"|\bbrand\b[^.?!]{0,40}\bin (januari|februari|maart|april|mei|juni|juli|augustus"
    r"|september|oktober|november|december)\b"
    r"|\b(ademt|ademen|adem|ademhaling)\b[^.?!]{0,20}\b(slecht|moeilijk|zwaar|moeizaam)\b"
    r"[^.?!]{0,20}\b(door|van|vanwege) (haar |zijn |mijn |de )?(copd|astma|longziekte"
    r"|longemfyseem|longen)\b"
)
# The sentence places physical danger in the past or in a lasting state.
NOT_NOW = _compile(
    [
        r"\b(dagen|weken|maanden|jaren|jaar|week|maand|tijd) geleden\b",
        r"\b(soms|vaak|regelmatig|af en toe|elke keer|iedere keer|steeds weer)\b",
        r"\bvorige? (week|maand|jaar|zomer|winter|keer)\b",
        r"\bvorig jaar\b",
        r"\bgisteren\b",
        r"\bvroeger\b",
        r"\bdestijds\b",
        r"\bjaren\b",
        r"\b(had|heeft|hebben) [^.?!]{0,40}\b(gehad|gekregen)\b",
        r"\bal (dagen|weken|maanden|jaren)\b",
        r"\boverleden\b",
        AFTERMATH,
        r"\bbrandje\b",
        r"\bverzekering\b",
        r"\bvergunning\b",
        r"\b(dement|dementie|alzheimer)\b",
    ]
)
# The one who uses violence is away now ("hij is nu op zijn werk, ik kan even schrijven"):
# violence at home, not danger this minute; Veilig Thuis advises.
AWAY = _compile(
    [
        r"\b((hij|zij|ze) is|is (hij|zij|ze)) (nu |even |vandaag )?(op (zijn |haar )?(werk|stage)|"
        r"naar (zijn |haar )?"
        r"(werk|stage)|weg|niet thuis|er (nu )?niet|boodschappen doen|de deur uit)\b",
    ]
)
# A jump or a cut planned for later ("volgende week spring ik van de brug"): a plan, 113 first.
LATER = _compile(
    [
        r"\b(volgende|komende|over een) (week|maand|dag|dagen|weken)\b",
        r"\b(overmorgen|na (het weekend|de feestdagen|mijn verjaardag))\b",
        r"\bna (de |het |mijn |haar |zijn |onze )?(verjaardag|bruiloft|kerst|feestdagen|vakantie"
        r"|oud en nieuw|diploma-?uitreiking)\b",
        r"\b(volgend|komend) jaar\b",
        r"\bop (maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|mijn verjaardag)\b",
    ]
)
# A farewell letter of someone who cannot be reached or is gone: find them now, 112 first.
MISSING = _compile(
    [
        r"\b(neemt|nam) (zijn|haar) (telefoon|mobiel|gsm) niet (meer )?op\b",
        r"\b(is|zijn) (nergens|onvindbaar|vermist|spoorloos)\b",
        r"\b(zijn|haar) (auto|fiets|scooter) is weg\b",
        r"\bniet (te )?(bereiken|bereikbaar)\b",
        r"\bweet niet waar (hij|zij|ze) is\b",
    ]
)
# Taken: only a time long ago makes an overdose not now ("het spul dat ik al maanden
# bewaarde" is taken now).
NOT_NOW_TAKEN = _compile(
    [
        r"\b(dagen|weken|maanden|jaren|jaar|week|maand) geleden\b",
        r"\bvorige? (week|maand|jaar|zomer|winter|keer)\b",
        r"\bvorig jaar\b",
        r"\bgisteren\b",
        r"\bvroeger\b",
        r"\bdestijds\b",
    ]
)
HABITUAL = _compile(
    [
        r"\b(vaak|regelmatig|af en toe|soms|elke keer|iedere keer|steeds weer"
        r"|al (weken|maanden|jaren))\b"
    ]
)
# Standing on the edge or bleeding now: danger now, whatever is said about later.
PRESENT_DANGER = _compile([r"\b(sta|staat|zit|zitten|staan) (nu )?(op|aan|in)\b", r"\bbloed"])
# Words of now: with these, a time long ago elsewhere in the message does not make it past.
PRESENT = _compile([r"\b(nu|vannacht|vanavond|straks|vandaag|morgen|net|zojuist|daarnet|meteen)\b"])
# Not taken yet ("ze liggen in de la, nog niet genomen"): a plan, so 113 first.
NOT_YET = _compile([r"\bnog niet (genomen|ingenomen|geslikt|gedaan|gebruikt)\b"])
# Violence at home: Veilig Thuis is named beside 112.
DOMESTIC = _compile(
    [
        r"\b(mijn|me|m'n) (man|vrouw|partner|ex|vriend|vriendin|vader|moeder|stiefvader|zoon|"
        r"broer)\b",
        r"\bthuis\b",
        r"\bde kinderen\b",
        r"\b(scheiden|scheiding|gescheiden|uit elkaar)\b",
    ]
)
# An everyday object of hopeless words: "ik zie het niet meer zitten met die aangifte".
EVERYDAY_OBJECT = _compile(
    [
        r"\b(zitten|ziten|vol|meer) (met|om)\b[^.?!]{0,60}\b\w{3,}",
        r"\b(die|de|dat|mijn|het) (aangifte|brief|brieven|formulier|formulieren|schuld|schulden|"
        r"rekeningen|boete|boetes|studieschuld|toeslag|huurtoeslag|computer|app|digid|"
        r"administratie|papieren|post|huisbaas|verhuizing|examen|inburgering|belasting)\b",
    ]
)

# A device, an account or a card that stopped working or is gone ("mijn e-mail werkt niet
# meer, alles is weg"): without distress phrases, the classifier's distress alone is no
# reason for the 113 line.
TECHNICAL_OBJECT = _compile(
    [
        r"\b(mijn|de|het|die|m'n|onze) (e-?mail|mail|mailbox|telefoon|mobiel|smartphone|laptop|"
        r"tablet|ipad|computer|pc|printer|app|bank-?app|digid-?app|wachtwoord|account|inlog|"
        r"inlogcode|code|pas|pasje|bankpas|foto's|bestanden|wifi|internet)\b",
    ]
)

# Everyday idioms with alarming words: without explicit crisis language, no alarm.
IDIOMS = _compile(
    [
        r"\bhet mes (zit|staat) (me |mij |ons |hem |haar )?op de keel\b",
        r"\b(schrok|schrik|schrokken) (me|mij|ons|zich) (wezenloos|dood|rot)\b",
        r"\bdood(moe|ziek|op|bang|gewoon|stil)\b",
        r"\bik ga (er )?(bijna )?aan onderdoor\b",
        r"\bik (word|wordt) gek van\b",
        r"\b(telefoon|batterij|laptop|computer|app|lijn|printer) (is |was )?(dood|leeg)\b",
        r"\bafscheids?(borrel|feest|receptie|cadeau|kaart|etentje|musical)\b",
        r"\b(telefoon|mobiel|gsm|sleutels?|portemonnee|bril|laptop|tas)\b[^.?!]{0,15}"
        r"\b(in het water|in de wc|in de gracht|in de sloot|in het kanaal) gevallen\b",
        r"\bafscheid (nemen )?van (groep|school|de klas|de basisschool|collega|het werk|mijn werk|"
        r"zijn werk|haar werk|de vereniging)\b",
        r"\b(belt|bellen|belde)\b[^.?!]{0,30}\b(uit zichzelf|per ongeluk|vanzelf)\b",
        r"\b(noodfunctie|sos-?functie|noodknop|noodoproep)\b",
        PAPERWORK_DOSE,
        AFTERMATH,
        r"\been (eind|einde) aan (maken|te maken)\W+(aan|met) (mijn|m'n|mn|het|de|die|dat|ons"
        r"|onze) \w+",
        # a bill or a form about an alarm
        r"\brekening (van|voor) (de|het) (spoedeisende hulp|seh|ambulance|ziekenhuis|"
        r"huisartsenpost|brandweer)\b",
        # leaving the country for good is emigration ("ik ga voorgoed weg, terug naar ...")
        r"\b(terug naar|emigreren naar|verhuizen naar) (het buitenland|[a-z]+)\b[^.?!]{0,40}$"
        r"|\buit(\s?te)?\s?schrijven\b|\bschrijf ik (mij|me|mezelf) uit\b|\bemigr",
        # "mijn laatste brief aan de Belastingdienst": a letter to an office, no farewell
        r"\blaatste (brief|mail|bericht) (aan|naar) (de|het) \w+",
        r"\b(brand|vuur) in (mijn|m'n|mn|zijn|haar|je|het) (hoofd|kop)\b",
        r"\b(het )?water (staat|komt|stond) (me|mij|ons|hem|haar) (tot )?aan de lippen\b",
        r"\bik (word|wordt) (er )?gek\b",
        r"\bafscheids ?(brief|brieven|briefje|bericht|berichten|speech|woord)\b[^.?!]{0,40}\b("
        r"collega|collega's|werk|pensioen|klas|school|vereniging|klanten|team|afdeling)\b",
    ]
)
# Newcomers often write English: the same tiers, in English words.
ENGLISH_PHYSICAL = {
    "unconscious": [
        r"\b(can ?not|cannot|can't|cant|could not|couldn't) wake (him|her|them|my \w+)( up)?\b",
        r"\bunconscious\b",
        r"\b(is|he's|she's) not (responding|waking up)\b",
    ],
    "not_breathing": [
        r"\bnot breathing\b",
        r"\bstopped breathing\b",
        r"\b(can ?not|cannot|can't) breathe\b",
    ],
    "chest_pain": [
        r"\bchest pain\b(?![^.?!]{0,30}\b(last|ago|was nothing)\b)",
        r"\bpain in (my|his|her) chest\b",
        r"\b(having|has|is having) a heart attack\b",
    ],
    "fire": [r"\b(is|are) on fire\b", r"\bthere is (a )?fire\b", r"\bhouse is burning\b"],
    "violence_now": [
        r"\b(is|he's|she's) (hitting|beating|attacking|choking|strangling) (me|her|him|us)\b",
    ],
    "weapon": [
        r"\b(has|with|holding) a (knife|gun|weapon)\b[^.?!]{0,40}\b(threat|kill|hurt|now|here)",
    ],
    "overdose": [
        r"\b(took|taken|swallowed) (too many|all (of )?(his|her|my|the)) (pills|tablets|"
        r"medicines?|sleeping pills)\b",
        r"\b(took|taken|had) an overdose\b",
    ],
    "self_harm_now": [
        r"\b(i am|i'm|he is|she is) (standing )?on (the|a) (bridge|roof|railway)\b",
        r"\b(cut|cutting) (myself|himself|herself)\b[^.?!]{0,30}\bblood",
    ],
}
ENGLISH_SUICIDAL = {
    "suicidal_intent": [
        r"\b(kill|killing|end) (myself|himself|herself)\b",
        r"\b(want|wants|going|wanted) to die\b(?! (of|from|laughing)\b)",
        r"\bend (my|his|her) life\b",
        r"\b(do not|don't|dont) want to live\b",
        r"\bbetter (off )?without (me|him|her)\b",
    ],
    "farewell": [
        r"\bgoodbye (letter|letters|note|message|messages)\b",
        r"\b(says|said|saying|writes|wrote) goodbye\b",
    ],
}
ENGLISH_DISTRESS = [
    r"\bno (way out|reason to live|future for me)\b",
    r"\b(tired|sick) of (living|life)\b",
    r"\b(i am|i'm|i feel|feeling|feel) (so |very |completely |totally )?hopeless\b",
    r"\bno point (in|to) (anything|living|life|going on)\b",
    r"\bcan'?t (go on|take it) any ?more\b",
]
for _category, _patterns in ENGLISH_PHYSICAL.items():
    PHYSICAL_DANGER[_category] = PHYSICAL_DANGER[_category] + _patterns
for _category, _patterns in ENGLISH_SUICIDAL.items():
    SUICIDAL[_category] = SUICIDAL[_category] + _patterns
DISTRESS_PHRASES = DISTRESS_PHRASES + ENGLISH_DISTRESS
_PHYSICAL = {k: _compile(v) for k, v in PHYSICAL_DANGER.items()}
_SUICIDAL = {k: _compile(v) for k, v in SUICIDAL.items()}
_DISTRESS = _compile(DISTRESS_PHRASES)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _physical_now(text: str) -> str | None:
    """The category of physical danger phrased as happening now, in any sentence."""
    away = AWAY.search(text) is not None
    for sentence in _SENTENCE.split(text):
        for category, pattern in _PHYSICAL.items():
            not_now = NOT_NOW_TAKEN if category == "overdose" else NOT_NOW
            if category == "violence_now" and away:
                continue
            if pattern.search(sentence) and not not_now.search(sentence):
                return category
    return None


def _suicidal(text: str) -> str | None:
    for category, pattern in _SUICIDAL.items():
        if pattern.search(text):
            return category
    return None


def phrases_found(text: str) -> dict[str, str | None]:
    """Which kinds of crisis language the text holds (for tests and explanations)."""
    normal = normalise(text)
    return {
        "physical": _physical_now(normal),
        "suicidal": _suicidal(normal),
        "distress": "hopeless" if _DISTRESS.search(normal) else None,
    }


def assess(
    text: str,
    confidences: Mapping[str, float] | None = None,
    everyday_theme: float = 0.0,
) -> CrisisAssessment:
    """The crisis tier of a message.

    `confidences`: the classifier's confidence per intent (emergency, crisis, distress);
    `everyday_theme`: the highest confidence of an everyday theme (not a crisis intent).
    """
    normal = normalise(text)
    scores = confidences or {}
    physical = _physical_now(normal)
    suicidal = _suicidal(normal)
    not_yet = physical in (None, "overdose") and NOT_YET.search(normal) is not None
    if not_yet:  # the means are there, not taken: a plan, 113 first
        physical, suicidal = None, suicidal or "suicide_plan"
    if physical == "self_harm_now" and LATER.search(normal) and not PRESENT_DANGER.search(normal):
        physical, suicidal = None, suicidal or "suicide_plan"
    if physical is None and suicidal == "farewell" and MISSING.search(normal):
        physical = "missing_after_farewell"
    emergency_score = float(scores.get(EMERGENCY_INTENT, 0.0))
    suicide_score = float(scores.get(SUICIDE_INTENT, 0.0))
    distress_score = float(scores.get(DISTRESS_INTENT, 0.0))
    # words of danger used as a figure of speech, or an event long past: the classifier
    # alone raises no alarm then
    past = NOT_NOW_TAKEN.search(normal) is not None and not PRESENT.search(normal)
    # a device or an account with an everyday theme behind it ("mijn tablet heeft een virus,
    # er springen reclames op"): the classifier alone raises no alarm either
    technical = bool(TECHNICAL_OBJECT.search(normal))
    device_trouble = technical and everyday_theme >= DEVICE_THEME_MIN
    away = AWAY.search(normal) is not None
    # violence that happens often, told without a word of now ("wordt vaak geslagen, ik hoor
    # het door de muur"): Veilig Thuis advises; the classifier alone raises no alarm
    habitual = HABITUAL.search(normal) is not None and not PRESENT.search(normal)
    idiom = IDIOMS.search(normal) is not None or past or device_trouble or away
    emergency = physical is not None or (
        emergency_score >= EMERGENCY_MIN and not idiom and not not_yet and not habitual
    )
    suicide = suicidal is not None or (suicide_score >= SUICIDE_MIN and not idiom)
    if emergency or suicide:
        # Physical danger now goes first (an overdose taken, someone on a bridge), then 113.
        first = LINE_112 if emergency else LINE_113
        domestic = (
            first == LINE_112
            and physical in ("violence_now", "weapon", None)
            and bool(DOMESTIC.search(normal))
        )
        reason = (
            physical
            or suicidal
            or ("classifier: " + (EMERGENCY_INTENT if emergency else SUICIDE_INTENT))
        )
        return CrisisAssessment(ACUTE, first, domestic, reason)
    hopeless = bool(_DISTRESS.search(normal))
    everyday = everyday_theme >= EVERYDAY_THEME_MIN and everyday_theme > distress_score
    if (hopeless and not EVERYDAY_OBJECT.search(normal) and not everyday) or (
        distress_score >= DISTRESS_MIN and not everyday and not (technical and not hopeless)
    ):
        return CrisisAssessment(DISTRESS, None, False, "hopeless" if hopeless else "classifier")
    return NONE


def from_ranking(
    text: str, ranking: Iterable[tuple[str, float]], themes: Container[str]
) -> CrisisAssessment:
    """`assess` from the intent ranking of the whole text (not of its clauses: a clause
    out of context reads as alarming too easily): the crisis intents, and the best
    everyday theme."""
    confidences: dict[str, float] = {}
    everyday = 0.0
    for name, confidence in ranking:
        if name in CRISIS_INTENTS:
            confidences[name] = max(confidence, confidences.get(name, 0.0))
        elif name in themes:
            everyday = max(everyday, confidence)
    return assess(text, confidences, everyday)
