"""People's names as a note uses them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from afterview.domain.companies import core_words

# Titles a name may start with, as keys (`title_key`: case and stops aside, "Dott.ssa" is
# "dottssa"): English; German ("Herr", "Frau", "Hr.", "Fr."); Spanish and Portuguese ("Sr.",
# "Sra.", "Srta.", "Dña.", "Dra."); French ("Mme", "Mlle", "Me"); Italian ("Sig.", "Sig.ra",
# "Dott.", "Dott.ssa", "Avv."); Dutch ("Dhr.", "Mevr."); Indian ("Shri", "Smt."). Hyphenated
# academic titles ("Dr.-Ing.", "Dipl.-Ing.", "Univ.-Prof.") are titles too (`is_title`), and so
# is a Dr's field after it ("Dr. med.", "Dr. rer. nat.").
# Left out on purpose: "Don" (a first name in English: Don Norman), "Kumari" and "Sri" (given
# names too: Kumari Selja, Sri Mulyani), and "M." and "D." (initials as often: "M. Jean
# Dupont" is greeted "Jean" either way, as an initial is skipped: `given_name`).
HONORIFICS = frozenset({
    # English
    "dr", "doctor", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "sir", "dame", "rev", "revd",
    "reverend",
    # German (and Austrian)
    "herr", "frau", "prof-dr", "dr-ing", "dipl-ing",
    # Spanish, Portuguese
    "sr", "sra", "srta", "srª", "señor", "señora", "señorita", "senhor", "senhora", "doña", "dña", "dra",
    "exmo", "exma",
    # French
    "mme", "mlle", "me", "monsieur", "madame", "mademoiselle", "maître",
    # Italian
    "sig", "sigra", "signa", "signor", "signora", "signorina", "dott", "dottssa", "dottor",
    "dottoressa", "avv", "profssa",
    # Dutch
    "dhr", "mevr", "drs",
    # Indian
    "shri", "shrimati", "smt", "sushri",
})
# Titles only when written with their stop: the bare word is a word or a name too ("HR" is a
# department, "Ing" and "Mag" are names): "Hr.", "Fr.", "Ing.", "Mag.", "Lic.", "Km.", "Kum.".
_DOTTED_TITLES = frozenset({"hr", "fr", "ing", "mag", "maga", "lic", "licda", "arch", "km", "kum", "engr", "atty", "hon"})
# A Dr's field, written after it with its stop ("Dr. med.", "Dr. rer. nat.", "Dr. phil.": not
# "Dr. Phil Collins"), or with it in one word ("Dr.med.", "Dr.rer.nat.").
_FIELDS = frozenset({
    "med", "dent", "vet", "rer", "nat", "pol", "oec", "soc", "phil", "jur", "iur", "theol", "sc",
    "techn", "hc", "habil", "ing", "agr", "pharm", "paed", "mont", "sportwiss", "rernat", "rerpol",
    "reroec", "rersoc", "meddent", "medvet", "medsci",
})
# "Dr.-Ing.", "Dipl.-Ing.", "Dipl.-Kfm.", "Univ.-Prof.", "Priv.-Doz.", "Prof.-Dr.": an academic
# title and its field, joined
_HYPHENATED = re.compile(r"(?:dr|dipl|univ|priv|prof|mag|ao|em)\.-(?:[^\W\d_]+\.?-?)+", re.IGNORECASE)
_DR_FIELD = re.compile(r"dr\.?((?:[^\W\d_]+\.)+)", re.IGNORECASE)  # "Dr.med.", "Dr.rer.nat."
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "cpa", "pe", "esq"})
# Words that make a recorded "person" a team, a mailbox or a company ("Fenwick & Hale Talent",
# "Contoso Careers", "Acme HR", "Globex Inc."): nobody is greeted by a first name taken from it.
ORGANISATION_WORDS = frozenset({
    "talent", "recruiting", "recruitment", "careers", "jobs", "hr", "team", "hiring", "people",
    "acquisition", "inc", "ltd", "llc", "gmbh",
})
_WORD = re.compile(r"[^\W_]+")


def first_name(name: str, companies: Iterable[str] = ()) -> str:
    """The name to greet someone by: "Tom Becker" -> "Tom"; "" for a name that is not a person's.

    Also "Becker, Tom" (as address books and Outlook give names) -> "Tom", "Dr. Maria van der
    Berg" -> "Maria", and "Tom Becker, PhD" -> "Tom". A team, a mailbox or a company recorded as
    a person ("Fenwick & Hale Talent", "Contoso Careers", "Globex Inc.", or one of `companies`,
    the recorded companies' names) has no first name: see `is_organisation`.
    """
    if is_organisation(name, companies):
        return ""
    text = " ".join(name.split())
    if "," in text:
        before, after = (part.strip() for part in text.split(",", 1))
        after = after.split(",")[0].strip()  # "Becker, Tom, PhD"
        after_words = after.split()
        if before and after_words and after_words[0].rstrip(".").lower() not in _SUFFIXES:
            text = f"{after} {before}"  # "Last, First"
        elif before:
            text = before  # "First Last, PhD"
    parts = text.split()
    parts = parts[leading_titles(parts):]
    return parts[0] if parts else name


def title_key(word: str) -> str:
    """A word as `HONORIFICS` lists it: case and stops aside ("Sig.ra": "sigra")."""
    return word.casefold().replace(".", "")


def leading_titles(words: list[str]) -> int:
    """How many of the first words of a name are titles ("Prof. Dr.-Ing. Anna Schmidt": 2;
    "Dr. med. Anna Schmidt": 2; "Sra. María José García": 1), always leaving one word: "Dr.
    Cher" has one title, "Herr" none. See `HONORIFICS` for what is a title."""
    count = 0
    while count < len(words) - 1 and _is_title(words[count], count and words[count - 1]):
        count += 1
    return count


def without_titles(name: str) -> str:
    """A name without the titles it starts with: "Dr.-Ing. Klaus Müller" -> "Klaus Müller"."""
    words = name.split()
    return " ".join(words[leading_titles(words):])


def _is_title(word: str, before: str = "") -> bool:
    key = title_key(word)
    if key in HONORIFICS or (word.endswith(".") and key in _DOTTED_TITLES) or _HYPHENATED.fullmatch(word):
        return True
    field = _DR_FIELD.fullmatch(word)
    if field and all(part in _FIELDS for part in field.group(1).casefold().split(".") if part):
        return True  # "Dr.med.", "Dr.rer.nat."
    if not before:
        return False
    after_dr = title_key(before).startswith(("dr", "prof-dr")) or title_key(before) in _FIELDS
    if after_dr and word.endswith(".") and key in _FIELDS:
        return True  # "Dr. med.", "Dr. rer. nat.", "Dr. h.c."
    return word.startswith("(") and word.endswith(")")  # "Dipl.-Ing. (FH)"


def is_organisation(name: str, companies: Iterable[str] = ()) -> bool:
    """Whether a recorded name is clearly not a person's: a team, a mailbox or a company.

    It is when it contains "&", or a word of `ORGANISATION_WORDS` (Talent, Recruiting,
    Recruitment, Careers, Jobs, HR, Team, Hiring, People, Talent Acquisition, Inc, Ltd, LLC,
    GmbH, in any case), or when it is the name of one of `companies` (with or without a legal
    suffix such as "Inc."). A person whose surname is one of these words ("Jobs") is then
    greeted neutrally: a neutral greeting is never wrong, a first name made from a company is.
    """
    text = " ".join(str(name).split())
    if not text:
        return False
    if "&" in text:
        return True
    if any(word in ORGANISATION_WORDS for word in _words(without_titles(text))):  # "Hr. Klaus Müller" is a person
        return True
    mine = _company_key(text)
    return any(mine == _company_key(company) for company in companies if company and company.strip())


def call_name(name: str, companies: Iterable[str] = ()) -> str:
    """How a prompt or a gap refers to someone: the name a note greets them by (`given_name`:
    never an initial), else the whole name as recorded.

    "Tom Becker" -> "Tom"; "J. Robert Oppenheimer" -> "Robert"; "B. Nakamura" -> "B. Nakamura";
    "Fenwick & Hale Talent" -> "Fenwick & Hale Talent".
    """
    return given_name(name, companies) or " ".join(str(name).split())


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _company_key(text: str) -> str:
    """A recorded name as a company's is compared with it: without its legal form ("Globex, Inc."
    and "Globex Corporation" are Globex: `domain.companies.core_words`), and, this check's own
    rule, without accents, as a company typed in as a person's name often lacks them ("Muller
    Logistik" is Müller Logistik GmbH)."""
    decomposed = unicodedata.normalize("NFKD", " ".join(core_words(str(text))))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The scripts whose names are written without spaces between given and family name (the
# beginnings of their characters' Unicode names; "IDEOGRAPHIC" for the iteration mark of 佐々木).
_SPACELESS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC")


def spaceless_script(text: str) -> bool:
    """Whether every letter of `text` is of a script that writes a name without spaces between
    its parts (Chinese, Japanese, Korean: "李小龍", "김민준"; also decomposed, as jamo)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith(_SPACELESS) for c in letters)


def given_name(name: str, companies: Iterable[str] = ()) -> str:
    """The name a note greets someone by, from their name alone (`Person.greeting_name` puts
    their greet-as name first): their first name (`first_name`), but not an initial ("J. Robert
    Oppenheimer": Robert; "J. Oppenheimer", with no given name but an initial, the whole name),
    initials written together being a name ("A.J. Patel": A.J.), and the whole name in a script
    without spaces between its parts ("李小龍")."""
    first = first_name(name, companies)
    whole = " ".join(name.split())
    if not first:
        return ""
    if spaceless_script(whole):
        return whole
    if joined_initials(first):
        return first  # "A.J. Patel", "J.R. Smith": initials written together are the name they go by
    rest = whole
    while is_initial(first):
        words = rest.split()
        if first not in words:
            break
        words.remove(first)  # the initial was read as the first name: read the name without it
        rest = " ".join(words)
        after = first_name(rest, companies) if len(words) > 1 else ""
        if not after or (after == words[-1] and "," not in rest):  # only initials before the family name
            return _given_first(whole)
        first = after
    return first


_INITIAL = re.compile(r"[^\W\d_]\.?|(?:[^\W\d_]\.-?)+")  # "J", "J.", "J.R.", "J.-P."


def is_initial(word: str) -> bool:
    """Whether a word of a name is an initial, or initials: "J", "J.", "J.R." (not "JR")."""
    return bool(_INITIAL.fullmatch(word))


_JOINED = re.compile(r"(?:[^\W\d_]\.){2,}")  # "A.J.", "J.R.R."; not "J.", "J.-P." nor "J. R."


def joined_initials(word: str) -> bool:
    """Whether a word of a name is two initials or more written together, each with its stop
    ("A.J.", "J.R."), as people who go by their initials write them; not one initial ("J.")."""
    return bool(_JOINED.fullmatch(word))


def initials_of(name: str) -> str:
    """The capitals of a given name's parts, as a greeting by its initials writes them: "A.J." ->
    "AJ", "Jean-Pierre" -> "JP"; "" for a name of one part ("Priya") or of several words ("B.
    Nakamura", greeted whole for want of a given name)."""
    if len(name.split()) != 1:
        return ""
    parts = [p for p in re.split(r"[.\-\u2010\u2011]+", name) if p]
    return "".join(p[0].upper() for p in parts) if len(parts) > 1 else ""


def _given_first(name: str) -> str:
    """"Oppenheimer, J." as it is said: "J. Oppenheimer" (a name without a comma as it is)."""
    before, comma, after = name.partition(",")
    after = after.split(",")[0].strip()
    return f"{after} {before.strip()}" if comma and after and before.strip() else name


def name_from_email(email: str) -> str:
    """A best-guess name for someone an import meets by their address alone: "jane.doe@acme.com"
    -> "Jane Doe". A letter alone is an initial, written with its stop ("b.nakamura@" -> "B.
    Nakamura"), so that no note greets them by it (`given_name`); one word is the address's
    local part ("jsmith@" -> "Jsmith"); an address with nothing to make a name of ("1234@") is
    its own name. Whether a note may greet someone by such a guess: `unsure_name`."""
    local = email.split("@", 1)[0].split("+", 1)[0]
    words = [w for w in re.split(r"[._-]+", local) if w and not w.isdigit()]
    return " ".join(f"{w.upper()}." if len(w) == 1 and w.isalpha() else w.capitalize() for w in words) or email


def unsure_name(name: str, emails: Iterable[str]) -> str:
    """The address a recorded name is only a guess from (`name_from_email`), when that guess gives
    no first name to greet them by; "" when it gives one, or the name is not such a guess.

    A guess gives none when it is one word, the address's local part, that reads as no given
    name ("Jsmith" from jsmith@globex.com: `_run_together`; "Priya" from priya@ is taken as
    typed, as "Jane" from jane@ greets as Jane either way), when only initials come
    before its last word ("B. Nakamura" from b.nakamura@, "J. R. Smith"), or when its last word
    is an initial ("Smith J." from smith.j@, whose first word may be the family name). A given
    name and a family name ("Jane Doe" from jane.doe@) give one, as the same name typed does. A
    guess recorded before initials had their stop ("B Nakamura") is one too, in any case. A note
    greets such a person without a name until their name, or a name to greet them by (greet-as),
    is recorded.
    """
    key = _guess_key(name)
    if not key:
        return ""
    for email in emails:
        guess = name_from_email(email) if email else ""
        if not guess or _guess_key(guess) != key:
            continue
        words = guess.split()
        if len(words) == 1 and not _run_together(words[0]):
            continue  # "Priya" from priya@: a given name as typed (`_run_together`)
        if len(words) == 1 or is_initial(words[-1]) or all(is_initial(word) for word in words[:-1]):
            return email
    return ""


# The two letters an English or romanised given name may begin with when both are consonants
# ("Priya", "Christine", "Shreya", "Zhang", "Tsubasa"); "jsmith", "tbecker", "bnakamura" begin
# otherwise: an initial run into a family name.
_ONSETS = frozenset("""
    bh bl br ch cl cr dh dr dw dz fl fr gh gl gn gr gw jh kh kl kn kr kw ll ph pl pr ps rh sc sch sh sk sl
    sm sn sp sq st sv sw sz th tr ts tw tz vl vr wh wr zh zw
""".split())
_VOWELS = frozenset("aeiouy")


def _run_together(word: str) -> bool:
    """Whether one word guessed from an address reads as no given name: letters and digits ("jsmith2"),
    or two consonants no name begins with ("jsmith", "bnakamura": an initial and a family name).

    A person has no record of how their name came to be (`person add`, or an import that met
    them by their address alone), so a name of one word equal to the address's part before the
    @ ("Priya" at priya@sony.example) is taken as typed: it is far more often typed than
    guessed, and a guess of one word that reads as a given name greets as one."""
    low = word.casefold()
    if not low.isalpha():
        return True
    head = low[:2]
    if len(low) < 3 or head[0] in _VOWELS or head[1] in _VOWELS:
        return False
    return low[:3] not in _ONSETS and head not in _ONSETS


def _guess_key(name: str) -> str:
    """A name as compared with a guess: stops aside ("B Nakamura" is "B. Nakamura"), in any case."""
    return " ".join(str(name).replace(".", " ").casefold().split())
