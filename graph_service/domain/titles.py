"""Reads a job title as a seniority and a function, by two ordered tables of readable rules.

How a title is read:

1. It is folded: lower case, accents dropped ("Directeur Général" reads "directeur general"),
   every mark that is not a letter or digit becomes a space, and abbreviations are spelled out
   (`ABBREVIATIONS`: "Sr." reads "senior", "VP" "vice president", "Mgr" "manager").
2. Words in parentheses are set aside ("Director, Product (EMEA)" reads "director product"); they
   are read only when the rest of the title decides nothing.
3. The first rule of `SENIORITY_RULES` whose words appear decides the seniority, and the first rule
   of `FUNCTION_RULES` the function. The tables run from the most specific phrase to the most
   general, so exceptions ("assistant to the CEO", "account executive") stand before the words
   they contain, and the highest rank named wins ("Founder & CEO" is an owner, "Senior Manager" a
   manager).
4. A title no rule speaks to is an individual contributor (`ENTRY`) in no named function (`OTHER`).

Change a reading by editing a table; tests/test_titles.py pins every rule with examples and
`graph-service titles accuracy` prints the accuracy on the labelled set in tests/data/titles/.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from graph_service.domain.model import Function, Seniority

ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "jnr": "junior",
    "vp": "vice president",
    "svp": "senior vice president",
    "evp": "executive vice president",
    "avp": "assistant vice president",
    "vicepresident": "vice president",
    "vicepresidente": "vice president",
    "dir": "director",
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "engr": "engineer",
    "eng": "engineering",
    "swe": "software engineer",
    "dev": "developer",
    "ops": "operations",
    "mktg": "marketing",
    "acct": "account",
    "exec": "executive",
    "asst": "assistant",
    "assoc": "associate",
    "pres": "president",
    "cofounder": "co founder",
    "cofondateur": "co fondateur",
    "cofundador": "co fundador",
    "hrbp": "hr business partner",
}

R = TypeVar("R", bound="Rule")

C_LEVEL = "ceo|cfo|cto|coo|cio|cmo|cpo|cro|cso|cdo|cco|clo|cao|chro|ciso|cxo|pdg|dg"


@dataclass(frozen=True)
class Rule:
    """Words (a regular expression over the folded title) and what they mean, said in words."""

    words: str
    says: str


@dataclass(frozen=True)
class SeniorityRule(Rule):
    seniority: Seniority


@dataclass(frozen=True)
class FunctionRule(Rule):
    function: Function


@dataclass(frozen=True)
class TitleClass:
    seniority: Seniority
    function: Function
    rule: str


def _level(words: str, seniority: Seniority, says: str) -> SeniorityRule:
    return SeniorityRule(words=words, says=says, seniority=seniority)


def _kind(words: str, function: Function, says: str) -> FunctionRule:
    return FunctionRule(words=words, says=says, function=function)


S = Seniority
F = Function

SENIORITY_RULES: tuple[SeniorityRule, ...] = (
    # Exceptions: words that look senior and are not.
    _level(
        rf"\bassistant to( the)? ({C_LEVEL}|chief|president|founder|owner|director|managing|partner)",
        S.ENTRY,
        "an assistant to an executive works for them; they are not one",
    ),
    _level(r"\b(executive|personal) assistant\b", S.ENTRY, "an executive assistant is not an executive"),
    _level(r"\baccount executive\b", S.ENTRY, "an account executive is a salesperson, not an executive"),
    _level(
        r"\b(product|process|service|system|data) owner\b",
        S.ENTRY,
        "a product owner owns a backlog, not a firm",
    ),
    _level(r"\bchief of staff\b", S.DIRECTOR, "a chief of staff runs an executive's office"),
    _level(
        r"\b(associate|junior|salaried|salary) partner\b",
        S.DIRECTOR,
        "an associate or salaried partner is not yet an owner of the firm",
    ),
    _level(
        r"\b(assistant|associate) vice president\b",
        S.DIRECTOR,
        "an assistant or associate vice president ranks below a vice president",
    ),
    _level(
        r"\b(assistant|associate) (director|directeur|directrice|director)\b",
        S.MANAGER,
        "an assistant or associate director ranks below a director",
    ),
    # Owners.
    _level(
        r"\b(co )?(founder|fondateur|fondatrice|fundador|fundadora|grunder|gruender|grunderin|mitgrunder)\b",
        S.OWNER,
        "a founder (fondateur, fundador, Gründer) owns the firm",
    ),
    _level(
        r"\b(co )?(owner|proprietor|inhaber|inhaberin|propietario|propietaria|dueno|duena|proprietaire)\b",
        S.OWNER,
        "an owner (propriétaire, Inhaber, propietario) owns the firm",
    ),
    _level(
        r"^(?!.*\b(business|channel|alliance|strategic|implementation|technology|solution|solutions) partner\b)"
        r".*\b(partner|associe|associee|socio|socia|gesellschafter|gesellschafterin)\b"
        r"(?! (manager|management|marketing|success|sales|account|engineer|development|relations|program"
        r"|operations|ecosystem|enablement|integrations))",
        S.OWNER,
        "a partner (associé, socio, Gesellschafter) in a consultancy, bank or law firm is an owner",
    ),
    # Executives and boards.
    _level(
        r"\b(vice president|vice presidente|vice presidenta|vice presidente|vizeprasident\w*)\b",
        S.VP,
        "vice president (VP, SVP, EVP, vice-président, vicepresidente) is a VP",
    ),
    _level(
        rf"\b(chief|{C_LEVEL}|cxo)\b",
        S.EXECUTIVE,
        "a chief officer (CEO, CFO, CTO, CxO, PDG) is an executive",
    ),
    _level(
        r"\b(president|presidente|presidenta|prasident|prasidentin)\b",
        S.EXECUTIVE,
        "a president (président, presidente, Präsident) is an executive",
    ),
    _level(
        r"\b(managing director|executive director|director general|directeur general|directrice generale"
        r"|directora general|gerente general|consejero delegado|consejera delegada)\b",
        S.EXECUTIVE,
        "a managing, executive or general director (directeur général, director general) heads the firm",
    ),
    _level(
        r"\b(geschaftsfuhrer\w*|geschaeftsfuehrer\w*|vorstand\w*|vorsitzende\w*|aufsichtsrat\w*)\b",
        S.EXECUTIVE,
        "a Geschäftsführer or member of the Vorstand heads the firm",
    ),
    _level(
        r"\b(board member|member of the board|board of directors|board director|non executive director"
        r"|chairman|chairwoman|chairperson|chair of the board|executive chair|executive officer"
        r"|provost|superintendent of schools)\b",
        S.EXECUTIVE,
        "a board member, chair or executive officer is an executive",
    ),
    # Directors.
    _level(
        r"\b(head|heads|director|directora|directeur|directrice|direktor|direktorin|bereichsleiter\w*"
        r"|prokurist\w*|dean|principal of|school principal|elementary principal|practice leader|practice lead"
        r"|controller|comptroller|treasurer)\b",
        S.DIRECTOR,
        "a head of, director (directeur, Direktor, Bereichsleiter), dean, controller or treasurer is a director",
    ),
    # Managers.
    _level(
        r"\b(manager|managers|management manager|managing|supervisor|superintendent|foreman|forewoman"
        r"|team lead|lead(?! generation)|leader|teamleiter\w*|\w*leiter|\w*leiterin|leiter|responsable"
        r"|gerente|gerant|gerante|jefe|jefa|encargado|encargada|chef de|chef d|chef|postmaster"
        r"|lieutenant|captain)\b",
        S.MANAGER,
        "a manager, supervisor or lead (responsable, chef de, Leiter, gerente, jefe) is a manager",
    ),
    # Senior individual contributors.
    _level(
        r"\b(senior|principal|staff (software |data |ml |machine learning )?(engineer|scientist|developer"
        r"|designer|architect)|architect|architecte|architekt\w*|judge|magistrate|expert|experte|experto)\b",
        S.SENIOR,
        "senior (Sr.), principal, staff engineer, architect or judge is a senior individual contributor",
    ),
    # Junior individual contributors.
    _level(
        r"\b(junior|intern|interns|internship|trainee|apprentice|graduate|student|stagiaire|alternant"
        r"|alternante|apprenti|apprentie|praktikant\w*|werkstudent\w*|auszubildende\w*|azubi|becario|becaria"
        r"|practicante|pasante|associate|assistant|assistante|asistente)\b",
        S.ENTRY,
        "junior (Jr.), intern, trainee, graduate, associate or assistant is an entry-level role",
    ),
)

FUNCTION_RULES: tuple[FunctionRule, ...] = (
    _kind(
        r"\b(chro|human resources|hr|people|talent|recruiter|recruiters|recruiting|recruitment|sourcer"
        r"|personnel|compensation|benefits|training|learning and development|l and d|labor relations"
        r"|employee relations|diversity|equal employment|eeo|onboarding|ressources humaines|rh"
        r"|recrutement|recruteur|recruteuse|personal\w+|recursos humanos|rrhh|reclutador|reclutadora"
        r"|reclutamiento)\b",
        F.HR,
        "HR, people, talent, recruiting, training and benefits words (RH, Personal-, recursos humanos) mean HR",
    ),
    _kind(
        r"\b(clo|legal|lawyer|attorney|counsel|paralegal|law|judge|magistrate|mediator|arbitrator"
        r"|compliance|regulatory|anti money laundering|aml|kyc|civil rights|dispute resolution|notary|solicitor|barrister|juriste|avocat|avocate|juridique"
        r"|rechtsanwalt\w*|anwalt\w*|jurist|juristin|syndikus\w*|abogado|abogada|juridico|juridica)\b",
        F.LEGAL,
        "legal, lawyer, counsel, compliance and regulatory words (juriste, Anwalt, abogado) mean legal",
    ),
    _kind(
        r"\b(cro|sales|account executive|account manager|account representative|account director"
        r"|business development|bdr|sdr|salesperson|seller|selling|retail|cashier|merchandiser|agent"
        r"|broker|customer success|key account|telemarketer|vendor|distributor|commercial director"
        r"|commercial manager|commercial$|commerciale|comercial|ventes|vente|travel (agent|counselor|consultant)"
        r"|vertrieb\w*|verkauf\w*|verkaufer\w*|aussendienst\w*|kundenberater\w*|ventas|vendedor|vendedora"
        r"|ejecutivo de cuentas|representante de ventas)\b",
        F.SALES,
        "sales, account, business development and retail words (commercial, Vertrieb, ventas) mean sales",
    ),
    _kind(
        r"\b(cmo|marketing|brand|advertising|ad|communications|communication|public relations|pr"
        r"|public affairs|promotion|promotions|seo|sem|paid search|search engine|ppc|content|social media|community manager|growth"
        r"|event|events|conference|convention|market research|market researcher|market development"
        r"|market analysis|creative|media|copywriter|demand generation|kommunikation|werbung|mercadeo"
        r"|comunicacion|publicidad)\b",
        F.MARKETING,
        "marketing, brand, advertising, communications and events words (mercadeo, Werbung) mean marketing",
    ),
    _kind(
        r"\b(cfo|finance|financial|financier|financiere|accountant|accounting|audit|auditor|tax|treasury"
        r"|treasurer|controller|comptroller|credit|loan|lending|underwriter|actuary|actuarial|investment"
        r"|investments|investor relations|fp a|budget|payroll|billing|bookkeeper|appraiser|claims|trader"
        r"|trading|wealth|banker|risk|estimator|cost|quant|quantitative analyst|quantitative research|fraud"
        r"|collections|revenue|comptable|finances|tresorier"
        r"|controleur de gestion|auditeur|fiscal|finanz\w*|buchhalter\w*|buchhaltung|steuer\w*"
        r"|wirtschaftsprufer\w*|rechnungswesen|finanzas|financiero|financiera|contador|contadora|contable"
        r"|tesorero|tesorera|impuestos)\b",
        F.FINANCE,
        "finance, accounting, audit, tax, credit and investment words (comptable, Finanz-, finanzas) mean finance",
    ),
    _kind(
        r"\b(products?|product manager|product owner|ux|ui|user experience|designer|designers|product design"
        r"|produit|produkt\w*|producto)\b",
        F.PRODUCT,
        "product, UX and designer words (produit, Produkt-, producto) mean product",
    ),
    _kind(
        r"\b(cto|cio|ciso|engineer|engineers|engineering|developer|developers|software|application development"
        r"|web development|programmer|programming|coder|devops|sre|site reliability|architect|data|database"
        r"|it|information technology|information systems|information security|cyber|cybersecurity"
        r"|security analyst|security engineer|computer|network|systems? (engineer|analyst|administrator|specialist"
        r"|architect|developer|integrator)|technology|tech|qa|tester"
        r"|informatics|bioinformatics|gis|geographic information|cryptographer|machine learning|ml|ai"
        r"|cloud|infrastructure|telecom|telecommunication|desktop support|help desk|web|business intelligence"
        r"|bi|ingenieur\w*|developpeur|developpeuse|informatique|logiciel|donnees|architecte|\w*entwickler\w*"
        r"|informatik\w*|ingeniero|ingeniera|desarrollador|desarrolladora|programador|programadora"
        r"|informatica|sistemas|datos)\b",
        F.ENGINEERING,
        "engineering, software, data, IT and network words (ingénieur, Entwickler, desarrollador) mean engineering",
    ),
    _kind(
        r"\b(coo|operations|operational|operating|supply chain|logistics|procurement|purchasing|purchaser"
        r"|buyer|sourcing|materials|manufacturing|production|plant|factory|quality|maintenance|facilities"
        r"|facility|fleet|transportation|distribution|delivery|warehouse|inventory|project|program management"
        r"|program manager|programme|administrative|customer service|customer support|customer care"
        r"|call center|business continuity|sustainability|sustainable|construction|planner|planning"
        r"|records|document control|operations|logistique|achats|acheteur|acheteuse|qualite|exploitation"
        r"|logistik\w*|einkauf\w*|produktion\w*|qualitat\w*|operaciones|logistica|compras|produccion"
        r"|calidad)\b",
        F.OPERATIONS,
        "operations, supply chain, procurement, production, quality and project words mean operations",
    ),
)

DEFAULT_SENIORITY_SAYS = "no word of rank: an individual contributor (ENTRY)"
DEFAULT_FUNCTION_SAYS = "no word of a function: OTHER"

_COMPILED_SENIORITY = tuple((re.compile(r.words), r) for r in SENIORITY_RULES)
_COMPILED_FUNCTION = tuple((re.compile(r.words), r) for r in FUNCTION_RULES)
_PARENTHESES = re.compile(r"\([^)]*\)?|\[[^\]]*\]?")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(title: str) -> str:
    """Lower case, no accents, words separated by single spaces, abbreviations spelled out."""
    text = title
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = text.lower()
    words = _NOT_WORD.sub(" ", plain).split()
    return " ".join(ABBREVIATIONS.get(word, word) for word in words)


@lru_cache(maxsize=65_536)
def classify_title(title: str) -> TitleClass:
    """The seniority and function a title names, and the rules that said so."""
    outside = fold(_PARENTHESES.sub(" ", title))
    whole = fold(title)
    level = _first(_COMPILED_SENIORITY, outside) or _first(_COMPILED_SENIORITY, whole)
    kind = _first(_COMPILED_FUNCTION, outside) or _first(_COMPILED_FUNCTION, whole)
    seniority = level.seniority if isinstance(level, SeniorityRule) else Seniority.ENTRY
    function = kind.function if isinstance(kind, FunctionRule) else Function.OTHER
    said_level = level.says if level else DEFAULT_SENIORITY_SAYS
    said_kind = kind.says if kind else DEFAULT_FUNCTION_SAYS
    return TitleClass(
        seniority=seniority,
        function=function,
        rule=f"seniority {seniority.value}: {said_level}; function {function.value}: {said_kind}",
    )


def _first(rules: tuple[tuple[re.Pattern[str], R], ...], text: str) -> R | None:
    for pattern, rule in rules:
        if pattern.search(text):
            return rule
    return None
