"""Identity rules: wrong-name, guessed-name and greeting-form (the greeting), wrong-company (another employer
named) and old-company-name (this employer by a name it went by before)."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from afterview.domain.companies import common_name
from afterview.domain.names import is_initial, unsure_name
from afterview.reviewer.engine import Input, register
from afterview.reviewer.text import ended, fold

_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "madam", "dear",
           "herr", "herrn", "frau", "mme", "mlle", "madame", "monsieur"}
# Honorifics written after a name, romanised: Japanese (Tanaka-san, -sama, -sensei, -kun, -chan),
# Hindi and other Indian languages (Arjun-ji, "Arjun ji", -sahab, -garu), Korean (Minjun-ssi,
# -nim). After a hyphen, or after a space those that are not also names ("Jackie Chan" is a
# name, "Arjun ji" a name and an honorific); never alone: "Dear Chan," greets Chan.
_SPACED_HONORIFICS = "san|sama|sensei|dono|ji|jee|sahab|saheb|sahib|garu|ssi|nim"
_HONORIFIC_AFTER = re.compile(
    r"(?<=\w)(?:[-\u2010\u2011](?:kun|chan|" + _SPACED_HONORIFICS + r")|[ \t]+(?:" + _SPACED_HONORIFICS
    + r"))(?![\w-])", re.IGNORECASE)
# Greetings to a group or a function, not to a person: never a wrong name.
_GROUP = {
    "all", "everyone", "everybody", "team", "folks", "there", "hiring", "manager", "managers",
    "committee", "panel", "recruiter", "recruiting", "recruitment", "talent", "sir", "madam",
    "hr", "colleagues", "friends", "again", "both", "you", "and", "to", "whom", "it", "may",
    "concern", "search", "selection", "people", "members", "of", "the", "or",  # Sir or Madam
}
_NICKNAMES = {
    "robert": {"bob", "rob", "robbie", "bobby", "bert"}, "william": {"bill", "will", "liam", "billy"},
    "elizabeth": {"liz", "beth", "lisa", "betty", "eliza", "libby"}, "james": {"jim", "jamie", "jimmy"},
    "michael": {"mike", "mick", "mikey"}, "margaret": {"peggy", "maggie", "meg", "greta"},
    "katherine": {"kate", "kathy", "katie", "kat", "kay"}, "catherine": {"kate", "cathy", "cat", "katie"},
    "thomas": {"tom", "tommy"}, "david": {"dave", "davy"}, "daniel": {"dan", "danny"},
    "matthew": {"matt"}, "nicholas": {"nick", "nico"}, "anthony": {"tony"}, "benjamin": {"ben"},
    "joseph": {"joe", "joey"}, "susan": {"sue", "suzy"}, "jennifer": {"jen", "jenny"},
    "andrew": {"andy", "drew"}, "stephen": {"steve"}, "steven": {"steve"}, "charles": {"charlie", "chuck"},
    "john": {"jack", "johnny"}, "edward": {"ed", "ted", "eddie", "ned"}, "richard": {"rick", "dick", "rich"},
    "alexander": {"alex", "sasha", "xander"}, "alexandra": {"alex", "sasha", "lexi"},
    "christopher": {"chris", "kit"}, "christine": {"chris", "tina"}, "patricia": {"pat", "patty", "trish"},
    "patrick": {"pat", "paddy"}, "samuel": {"sam"}, "samantha": {"sam"}, "victoria": {"vicky", "tori"},
    "rebecca": {"becky", "becca"}, "deborah": {"deb", "debbie"}, "gregory": {"greg"},
    "jonathan": {"jon", "jonny"}, "timothy": {"tim"}, "zachary": {"zach", "zack"},
    "abigail": {"abby"}, "theodore": {"theo", "ted"}, "frederick": {"fred", "freddie"},
    "raymond": {"ray"}, "ronald": {"ron"}, "donald": {"don"}, "kenneth": {"ken"},
    "lawrence": {"larry"}, "gerald": {"gerry"}, "peter": {"pete"}, "philip": {"phil"},
    "phillip": {"phil"}, "joshua": {"josh"}, "jacob": {"jake"}, "nathaniel": {"nate", "nat"},
    "nathan": {"nate"}, "jessica": {"jess"}, "stephanie": {"steph"}, "kimberly": {"kim"},
    "natalie": {"nat"}, "eleanor": {"ellie", "nora"}, "isabel": {"izzy", "bel"},
    "isabella": {"bella", "izzy"}, "gabriel": {"gabe"}, "gabriela": {"gabi", "gaby"},
    "francisco": {"paco", "cisco"}, "josé": {"pepe"}, "alejandro": {"alex"}, "manuel": {"manu"},
    "giuseppe": {"beppe"}, "wolfgang": {"wolf"}, "johannes": {"hannes", "jo"},
}
# The wrong-company check's own words after a company's name, left out as a note names the
# company without them as often as with them ("Deliveroo" for Deliveroo Holdings, "Virgin" for
# Virgin Group); a note's own prose keeps them (`common_name`), as they are part of the name.
_GROUP_WORDS = re.compile(r"[,\s]+(?:group|holdings)\.?$", re.IGNORECASE)


def name_tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s.'\u2019-]+", fold(untitled(name))) if t and t not in _TITLES]


def _raw_tokens(name: str) -> list[str]:
    """name_tokens, lowercased but with their letters as written ('jürgen', 'weiß')."""
    return [t for t in re.split(r"[\s.'\u2019-]+", untitled(name).lower()) if t and fold(t) not in _TITLES]


def untitled(name: str) -> str:
    """A name without the titles written before it ("Dr.-Ing. Klaus Müller": "Klaus Müller",
    "Sra. García": "García"; "Herr" alone stays: a title is followed by a name). What a title
    is, in English and other languages, is domain.names's one list (HONORIFICS)."""
    from afterview.domain.names import leading_titles

    words = name.split()
    count = leading_titles(words)
    return " ".join(words[count:]) if count else name


def _without_suffixes(greeted: str) -> tuple[str, bool]:
    """A greeting's name without the honorifics written after it ("Tanaka-san": "Tanaka"), and
    whether it had one."""
    name = _HONORIFIC_AFTER.sub("", greeted)
    return name, name != greeted


def _joined_forms(name: str) -> list[str]:
    """The hyphenated words of a name also written without the hyphen ("Min-jun": "minjun"), as
    a given name of two syllables often is; written with a space instead, each part is a word."""
    return [re.sub(r"[-\u2010\u2011]", "", word) for word in untitled(name).lower().split()
            if re.search(r"\w[-\u2010\u2011]\w", word)]


# How German and Nordic letters are written without them: 'Jürgen' is 'Juergen' or 'Jurgen',
# 'Weiß' is 'Weiss', 'Ødegård' is 'Odegard' or 'Oedegaard'.
_TRANSLITERATIONS = {
    "ü": ("u", "ue"), "ö": ("o", "oe"), "ä": ("a", "ae"), "ß": ("ss",), "ø": ("o", "oe"),
    "å": ("a", "aa"), "æ": ("ae",), "œ": ("oe",), "đ": ("d",), "ð": ("d",), "þ": ("th",), "ł": ("l",),
}


@lru_cache(maxsize=512)
def _spellings(token: str) -> frozenset[str]:
    """The ways a lowercase name is written in plain letters ('jürgen': jurgen, juergen)."""
    forms = [""]
    for char in token:
        options = _TRANSLITERATIONS.get(char, (fold(char),))
        if len(forms) * len(options) > 64:  # a long name full of umlauts: the first spelling
            options = options[:1]
        forms = [form + option for form in forms for option in options]
    return frozenset(forms)


def _same(token: str, part: str) -> bool:
    return any(_same_spelling(t, p) for t in _spellings(token) for p in _spellings(part))


def _same_spelling(token: str, part: str) -> bool:
    return token == part or token in _NICKNAMES.get(part, ()) or (len(token) >= 3 and part.startswith(token))


# How well a greeting fits a name, worst first: another name (an error); a name in another script
# than theirs that no transliteration of theirs gives (perhaps the name they go by: a warning); a
# spelling of their name as one transliterated is spelled several ways (Mohammed for Muhammad: a
# warning); their name.
NO, ANOTHER_SCRIPT, SPELLED_OTHERWISE, YES = "no", "another script", "spelled otherwise", "yes"
_FITS = (NO, ANOTHER_SCRIPT, SPELLED_OTHERWISE, YES)


def greets(greeted: str, recipient: str) -> bool:
    """Whether a greeting is to the recipient (first name, surname, nickname, initial-free): see
    `greeting_fit`."""
    return greeting_fit(greeted, recipient) == YES


def greeting_fit(greeted: str, recipient: str) -> str:
    """How a greeting fits the recipient's name: YES, SPELLED_OTHERWISE, ANOTHER_SCRIPT or NO.

    'Hi Priya and Tom' is to both, so one matching name is enough; 'Hi Priya Okafor' names one
    person, so every name must match. A name written without spaces (Chinese, Japanese, Korean:
    李小龍) is greeted by its whole, a part of it as written ("健" of "佐藤 健"), its given name
    after the family name ("芳" of 王芳), a part of two characters or more (小龍), or by its
    family name, which comes first, with a title (李先生, "Mr. 李"): `_spaceless_fits`. A name in another script than the
    recipient's is compared with theirs through a transliteration (`reviewer.romanised`: "Dmitry"
    is Дмитрий, "Mohammed" محمد, "Mr. Li" 李小龍, "Ming" 李明); one that matches none of it is
    ANOTHER_SCRIPT, not NO: it may be the name they go by in Latin letters (their greet-as name).
    In one script, a spelling of the same name (Mohammed for Muhammad) is SPELLED_OTHERWISE.
    """
    from afterview.domain.names import spaceless_script

    wanted = _raw_tokens(recipient) + _joined_forms(recipient)
    greeted, suffixed = _without_suffixes(greeted)
    tokens = [t for t in _raw_tokens(greeted) if fold(t) not in _GROUP]
    if not wanted or not tokens:
        return YES
    titled = suffixed or untitled(greeted) != greeted or any(
        fold(word) in _TITLE_WORDS for word in re.split(r"[\s.,]+", greeted))
    whole = "".join(recipient.split())
    if spaceless_script(whole):
        name, honorific = _without_honorific("".join(tokens))
        if spaceless_script(name):
            return YES if _spaceless_fits(name, recipient, titled or honorific) else NO
        from afterview.reviewer.romanised import may_be_japanese, scripts, spaceless_greets

        if scripts(name) & scripts(whole):
            return NO
        parts = [_without_honorific(token)[0] for token in tokens]
        if spaceless_greets(parts, whole, titled or honorific):
            return YES
        if suffixed and may_be_japanese("".join(parts), whole):
            return YES  # Tanaka-san to 田中花子: kanji have Japanese readings no table gives
        return ANOTHER_SCRIPT
    fits = [_token_fit(token, wanted, recipient, titled) for token in tokens]
    several = bool(re.search(r"\band\b|&|,", greeted, re.IGNORECASE))
    return max(fits, key=_FITS.index) if several else min(fits, key=_FITS.index)


def _spaceless_fits(name: str, recipient: str, titled: bool) -> bool:
    """Whether a greeting in a script without letter case or spaces (Han, kana, Hangul) greets
    the recipient's name in it, whatever its length: the whole name or one of its written parts
    ("健" of "佐藤 健", "민" greeting 민), the given name after a family name of one or two
    characters ("芳" of 王芳, "明" of 李明, as "Ming" greets 李明), a part of two characters or
    more (小龍 of 李小龍), or with a title its family name (李先生). The family name alone
    without a title ("Hi 李,") and a single character inside the name are no greeting of it."""
    whole = "".join(recipient.split())
    if not name:
        return False
    if name == whole or name in untitled(recipient).split():
        return True
    if titled and whole.startswith(name):
        return True
    given = [whole[start:] for start in (1, 2) if start < len(whole)]
    return name in given or (len(name) >= 2 and name in whole)


def _token_fit(token: str, wanted: list[str], recipient: str, titled: bool) -> str:
    """How one word of a greeting fits the recipient's name (`greeting_fit`)."""
    if any(_same(token, part) for part in wanted):
        return YES
    from afterview.reviewer.romanised import scripts, spelled_otherwise

    name, honorific = _without_honorific(token)
    mine = scripts(name)
    if _across(name, recipient, mine, titled or honorific):
        return YES
    if not mine & scripts(recipient):
        return ANOTHER_SCRIPT
    if any(spelled_otherwise(token, part) for part in wanted):
        return SPELLED_OTHERWISE
    return NO


def _across(name: str, recipient: str, mine: set[str], titled: bool) -> bool:
    """Whether a word of a greeting is, through a transliteration, a word of the recipient's name
    written in another script (or two of them written as one: "Abdullah" for عبد الله)."""
    from afterview.domain.names import spaceless_script
    from afterview.reviewer.romanised import same_name, scripts, spaceless_greets

    words = [w for w in re.split(r"[\s,]+", untitled(recipient)) if w and not scripts(w) & mine and scripts(w)]
    if not words:
        return False
    pairs = ["".join(words[i:i + 2]) for i in range(len(words) - 1)]
    for word in words + pairs:
        if spaceless_script(word):
            if spaceless_greets([name], word, titled):
                return True
        elif same_name(name, word):
            return True
    return False


_TITLE_WORDS = _TITLES - {"dear"}
# Titles written after a name in Chinese, Japanese and Korean (李先生, 田中さん, 김민준 씨).
_HONORIFICS = ("先生", "女士", "小姐", "さん", "さま", "様", "氏", "선생님", "님", "씨")


def _without_honorific(name: str) -> tuple[str, bool]:
    """A name without the title written after it ("李先生": "李"), and whether it had one."""
    for honorific in _HONORIFICS:
        if name.endswith(honorific) and len(name) > len(honorific):
            return name[:-len(honorific)], True
    return name, False


def check_name(data: Input):
    from afterview.domain.model import Person

    span = data.doc.greeting_name
    recipient = data.context.recipient_name.strip()
    if span is None or not recipient:
        return
    if any(c in span.text for c in "[]{}<>"):
        return  # a template field: the placeholder rule reports it
    tokens = name_tokens(span.text)
    if not tokens or all(t in _GROUP for t in tokens):
        return
    companies = [data.context.company, data.context.recipient_company, *data.context.other_companies]
    greet_as = _greet_as(data, span.text, recipient, companies)
    first = Person(name=untitled(recipient), greet_as=greet_as).greeting_name(companies)
    if not first:  # a team, a mailbox or a company: "Hello," or "Dear Hiring Team,"
        if not greets_organisation(span.text, recipient):
            yield data.find("wrong-name", f"the greeting names {span.text!r}, but this note is to "
                            f"{recipient}, a team or company address rather than a person",
                            span.start, span.end, NEUTRAL_HINT)
        return
    guessed = "" if greet_as else unsure_name(recipient, data.context.recipient_emails)
    if guessed:  # "Jsmith" from jsmith@, "B. Nakamura" from b.nakamura@: no name of theirs to greet them by
        if not _titled_family_name(span.text, recipient):  # "Dear Mr. Nakamura," is the user's own
            yield data.find("guessed-name", f"the greeting names {span.text!r}, but {recipient} is only a name "
                            f"guessed from their address {guessed}, with no first name in it",
                            span.start, span.end, GUESSED_HINT)
        return
    if _by_initials(span.text, first):
        return  # "Hi AJ," or "Hi A.J.," to A.J. Patel, "Hi JP," to Jean-Pierre Martin
    if _only_initials(span.text) and greets(span.text, recipient):
        given = not is_initial(first.split()[0])  # "Robert" of J. Robert Oppenheimer; not "B. Nakamura"
        yield data.find("guessed-name", f"the greeting names only an initial, {span.text!r}, which is no name "
                        f"to greet {recipient} by", span.start, span.end,
                        f"Greet {first} instead." if given else INITIAL_HINT)
        return
    fit = greeting_fit(span.text, recipient)
    if greet_as and fit != YES:
        fit = max(fit, greeting_fit(span.text, greet_as), key=_FITS.index)
    if fit == YES:
        if not greet_as:
            yield from _half_of_compound(data, span, recipient)
        return
    if fit == NO:
        hint = f"Greet {first} instead." if greet_as or not family_name_first(recipient) else FAMILY_FIRST_HINT
        yield data.find("wrong-name", f"the greeting names {span.text!r}, but this note is to "
                        f"{recipient}", span.start, span.end, hint)
    elif fit == SPELLED_OTHERWISE:
        yield data.find("wrong-name", f"the greeting names {span.text!r}, spelled otherwise than the name of "
                        f"{recipient} as recorded", span.start, span.end,
                        f"Greet them as they spell their name ({first}); if they spell it as you did, record "
                        f"it: {GREET_AS_COMMAND}.", severity="warning")
    else:
        yield data.find("wrong-name", _another_script(span.text, recipient), span.start, span.end,
                        f"Greet {first} instead." if greet_as else _another_script_hint(span.text, first),
                        severity="warning")


def check_greeting_form(data: Input):
    """A greeting's name in capitals ("Hi MARY,") or in lower case ("Hi mary,"), or a recorded
    title's family name alone ("Hi Smith," to Dr. Smith): see the catalogue's greeting-form."""
    from afterview.domain.names import leading_titles

    span = data.doc.greeting_name
    if span is None or any(c in span.text for c in "[]{}<>"):
        return
    name, honoured = _without_suffixes(span.text)
    name = name.strip()
    tokens = name_tokens(name)
    if not tokens or all(t in _GROUP for t in tokens):
        return
    recipient = " ".join(data.context.recipient_name.split())
    greet_as = data.context.recipient_greet_as
    greet_as = " ".join(greet_as.split()) if isinstance(greet_as, str) else ""
    if greet_as and fold(greet_as) == fold(name) and greet_as == name:
        return  # the name they go by, written as recorded
    if callable(data.context.recipient_greet_as) and (name.islower() or name.isupper()):
        # `lint --to NAME`: the stored person's greet-as name, looked up only for a greeting it may
        # excuse ("Hi danah," to danah boyd, who goes by "danah")
        from afterview.reviewer.text import composed

        greet_as = " ".join(composed(data.context.recipient_greet_as() or "").split())
        if greet_as and greet_as == name:
            return
    untitled_name = untitled(name)
    letters = [c for c in untitled_name if c.isalpha()]
    cased = [c for c in letters if c.isupper() or c.islower()]
    if cased and len(cased) == len(letters):
        words = [w for w in re.findall(r"[^\W\d_]+", untitled_name) if fold(w) not in _GROUP]
        if words and all(w.isupper() for w in words) and any(len(w) > 2 for w in words):
            written = "all in capitals"
        elif words and all(w.islower() for w in words):
            written = "all in lower case"
        else:
            written = ""
        if written:
            fixed = " ".join(w[:1].upper() + w[1:].lower() for w in untitled_name.split())
            yield data.find("greeting-form", f"the greeting names {span.text!r}, {written}", span.start, span.end,
                            f"Write the name as they write it ({fixed!r}, if so), and record it so that notes "
                            f'greet them by it: afterview person edit ID --greet-as "{fixed}".')
            return
    words = recipient.split()
    titles = leading_titles(words)
    if not titles or honoured or untitled_name != name or len(words) < 2:
        return  # no title recorded, or one in the greeting ("Dear Dr. Smith,", "Tanaka-san")
    if fold(name) == fold(words[-1]) and (not greet_as or fold(greet_as) != fold(name)):
        titled = " ".join([*words[:titles], words[-1]])
        yield data.find("greeting-form", f"the greeting names {span.text!r}, the family name of {recipient} "
                        f"without the title", span.start, span.end,
                        f'Greet them with their title ("Dear {titled},"), or by the name they go by; record it '
                        f'so that notes greet them by it: afterview person edit ID --greet-as "{titled}".')


# Given names that often begin a compound given name, said whole ("María José", "José Luis",
# "Jean Pierre", "Mary Ann"), and those that often end one: a name that begins with two of them
# (and has a family name after) may be greeted by its first word only by someone who knows them.
_COMPOUND_FIRST = frozenset("""
    maria jose ana juan jean marie luis miguel francisco pedro anne anna mary joao gian pier
""".split())
_COMPOUND_SECOND = frozenset("""
    jose maria luis luisa antonio antonia manuel manuela carlos pablo miguel angel angeles ignacio
    javier francisco ramon jesus teresa carmen isabel elena pilar dolores eugenia fernanda victoria
    cristina laura paz luz belen lucia sofia paula eduarda clara rosa mercedes alejandro andres
    david emilio enrique felipe fernando guillermo jorge julian pedro alberto eduardo
    pierre paul luc claude francois marc michel baptiste philippe louis yves jacques christophe
    marie anne claire christine france helene laure madeleine noelle sophie therese
    ann beth kate jo lou carlo luca luigi paolo
""".split())


def compound_given_name(name: str) -> str:
    """The compound given name a recorded name may begin with ("María José" of "María José
    García-Núñez", "José Luis" of "José Luis Rodríguez"): two given names that are often one
    name, with at least one word after them; "" when it begins with none ("María García",
    "Juan García López")."""
    words = untitled(" ".join(name.split())).split()
    if len(words) < 3 or "," in name:
        return ""
    first, second = fold(words[0]), fold(words[1])
    return " ".join(words[:2]) if first in _COMPOUND_FIRST and second in _COMPOUND_SECOND else ""


def _half_of_compound(data: Input, span, recipient: str):
    """A greeting by the first half of a compound given name ("Hi María," to María José
    García-Núñez), with no greet-as name recorded: a warning that names the fix."""
    compound = compound_given_name(recipient)
    if not compound:
        return
    greeted = [t for t in _raw_tokens(_without_suffixes(span.text)[0]) if fold(t) not in _GROUP]
    if len(greeted) != 1 or fold(greeted[0]) != fold(compound.split()[0]):
        return
    value = data.context.recipient_greet_as
    if callable(value) and (value() or "").strip():
        return  # the stored person's greet-as name, which the greeting fits
    yield data.find("guessed-name", f"the greeting names {span.text!r}, the first half of what may be one "
                    f"compound given name, {compound!r} (of {recipient}), often said whole",
                    span.start, span.end,
                    f"Greet them by the name they go by ({compound}, if so), and record it so that notes greet "
                    f'them by it: afterview person edit ID --greet-as "{compound}".', severity="warning")


def _greet_as(data: Input, greeted: str, recipient: str, companies: list[str]) -> str:
    """The recipient's greet-as name. One still to be looked up (a function: `afterview lint FILE
    --to NAME` reads the stored person's) is looked up only when the greeting does not plainly
    greet the recorded name, the one case it may change what the review says."""
    from afterview.domain.model import Person
    from afterview.reviewer.text import composed

    value = data.context.recipient_greet_as
    if callable(value):
        if (greets(greeted, recipient) and not _only_initials(greeted)
                and not unsure_name(recipient, data.context.recipient_emails)
                and Person(name=untitled(recipient)).greeting_name(companies)):
            return ""
        value = composed(value() or "")
    return value.strip()


def _another_script(greeted: str, recipient: str) -> str:
    """What is said of a greeting in another script than the recipient's name that no
    transliteration of it gives: "the greeting names 'Boris', which no spelling of Дмитрий Иванов
    in Latin letters (Dmitriy Ivanov) gives: it may greet someone else"."""
    from afterview.reviewer.romanised import scripts, shown

    latin = "LATIN" in scripts(greeted) and "LATIN" not in scripts(recipient)
    roman = shown(recipient) if latin else ""
    spelling = f"no spelling of {recipient} in " + ("Latin letters" if latin else "its letters")
    return (f"the greeting names {greeted!r}, which {spelling}" + (f" ({roman})" if roman else "")
            + " gives: it may greet someone else")


def _another_script_hint(greeted: str, first: str) -> str:
    """The advice for a greeting in another script than the recipient's name: greet them by
    their name, or by the name they go by in those letters, recorded as their greet-as name."""
    from afterview.reviewer.romanised import scripts, shown

    roman = shown(first) if "LATIN" in scripts(greeted) and "LATIN" not in scripts(first) else ""
    named = f"{first} ({roman})" if roman and roman != first else first
    return (f"Greet {named}, or by the name they go by in the letters you write; record that name so that "
            f"notes greet them by it: {GREET_AS_COMMAND}.")


GREET_AS_COMMAND = "afterview person edit ID --greet-as NAME"
NEUTRAL_HINT = 'Greet them without a name: "Hello," or "Dear Hiring Team,".'
GUESSED_HINT = ('Greet them without a name ("Hello,") until you record theirs: afterview person edit ID --name NAME '
                '(or the name to greet them by: --greet-as NAME).')
INITIAL_HINT = ('Greet them without a name ("Hello,"), or by their family name with a title, until you record their '
                'first name: afterview person edit ID --name NAME.')
FAMILY_FIRST_HINT = ("Greet them by the name they go by: their first word may be their family name "
                     "(record the name: afterview person edit ID --greet-as NAME).")


def _only_initials(greeted: str) -> bool:
    """Whether a greeting names nothing but initials ("Dear B.", "Hi J,"), after any title; a
    character of a script without letter case is a name, never an initial ("Hi 芳,")."""
    from afterview.domain.names import spaceless_script

    words = untitled(greeted).split()
    return bool(words) and all(is_initial(word.rstrip(",")) and not spaceless_script(word) for word in words)


def _by_initials(greeted: str, first: str) -> bool:
    """Whether a greeting names the given name by its initials: as written ("A.J." of A.J. Patel),
    or in capitals run together ("AJ"; "JP" of Jean-Pierre: `names.initials_of`)."""
    from afterview.domain.names import initials_of

    name = untitled(_without_suffixes(greeted)[0]).strip().rstrip(",")
    initials = initials_of(first)
    if not initials or not name:
        return False
    return name == first or re.sub(r"[.\-\u2010\u2011]", "", name) == initials


def _titled_family_name(greeted: str, recipient: str) -> bool:
    """Whether a greeting is a title and the recipient's family name ("Dear Mr. Nakamura," to B.
    Nakamura): the last of two words or more, and no initial."""
    name, words = untitled(greeted), recipient.split()
    return (name != greeted and len(words) > 1 and not is_initial(words[-1])
            and fold(name) == fold(words[-1]))


# Common family names of the cultures that write the family name first (Vietnamese, Korean,
# Chinese and Japanese, romanised, without accents): a recorded name that begins with one may be
# family name first ("Nguyễn Thị Minh Khai", "Kim Min-jun", "Tanaka Hanako"), so its first word is
# not offered as the name to greet. Those that are also common English given names or words
# ("Jo", "He", "Song", "Abe") are left out.
_FAMILY_FIRST = frozenset("""
    nguyen tran pham hoang huynh phan vu vo dang bui ngo duong truong dinh trinh doan luong
    kim lee yi park pak choi choe jung jeong kang cho yoon yun jang lim shin kwon hwang ahn seo
    wang li zhang liu chen yang huang zhao wu zhou xu sun zhu guo lin gao luo zheng liang xie
    tang deng feng cao zeng peng xiao cai pan tian dong yuan jiang
    sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato yoshida yamada
    sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki ikeda hashimoto ishikawa
    ogawa okada goto hasegawa murakami kondo saito sakamoto fujita
""".split())


def family_name_first(name: str) -> bool:
    """Whether a recorded name may be written family name first: its first word (after any
    title; not "Becker, Tom") is a common family name of a culture that writes it first."""
    words = untitled(" ".join(name.split())).split()
    return len(words) > 1 and "," not in name and fold(words[0]) in _FAMILY_FIRST


def _org_tokens(name: str) -> list[str]:
    return [t for t in name_tokens(name) if t not in _GROUP and any(c.isalnum() for c in t)]


def greets_organisation(greeted: str, recipient: str) -> bool:
    """Whether a greeting names a team or company address by its whole name ("Dear Fenwick &
    Hale Talent," or "Dear Fenwick & Hale,"), not by a part of it taken for a first name."""
    wanted, tokens = _org_tokens(recipient), _org_tokens(greeted)
    return bool(wanted) and all(any(t == w for t in tokens) for w in wanted)


def core_name(company: str) -> str:
    """The name a note would call a company by, as the wrong-company check looks for it: without
    its legal form (`domain.companies.common_name`: 'Acme Robotics, Inc.' -> 'Acme Robotics',
    'Fenwick & Co.' as it is), nor a 'Group' or 'Holdings' after it ('Sony Group Co., Ltd.' ->
    'Sony'); never nothing ('Holdings', 'The Group' stay)."""
    name = common_name(company)
    short = _GROUP_WORDS.sub("", name).strip()
    return short if short.casefold() not in ("", "the") else name


def check_company(data: Input):
    mine = data.context.company.strip()
    mine_fold = fold(core_name(mine)) if mine else ""
    own_spans = _Spans(_company_spans(data.body, core_name(mine)) if mine else [])
    # where the recipient works now (they may have moved on since): theirs to name, never another
    theirs = core_name(data.context.recipient_company)
    theirs_fold = fold(theirs) if theirs else ""
    hint = f"Did you mean {mine}?" if mine else "Check which company this note is for."
    for other in data.context.other_companies:
        name = core_name(other)
        if not name or fold(name) in (mine_fold, theirs_fold):
            continue
        told = _told_news(data, name)
        for start, end in _company_spans(data.body, name):
            if own_spans.holds(start, end):
                continue  # 'Acme' inside 'Acme Robotics' when this company is Acme Robotics
            if (start, end) in told:
                continue  # your own news, told as you recorded it: 'Joined Globex as ...'
            if _about_its_offer(data.body, start, end):
                # not a slip of a copied note but its offer told to this employer: nothing to
                # correct the name to (pushy reports the leverage)
                yield data.find("wrong-company", f"names {data.body[start:end]!r}, another company in "
                                f"your pipeline, in a sentence about its offer"
                                + (f" (this note is for {mine})" if mine else ""), start, end,
                                ended(f"Leave the other company out of a note to {mine}") if mine
                                else "Leave the other company out of this note.")
                continue
            yield data.find("wrong-company", f"names {data.body[start:end]!r}, another company in "
                            f"your pipeline" + (f" (this note is for {mine})" if mine else ""),
                            start, end, hint)
        if data.subject:
            for start, end in _company_spans(data.subject, name):
                yield data.find("wrong-company", f"the subject names {data.subject[start:end]!r}, another "
                                f"company in your pipeline", start, end, hint, field="subject")


# A sentence about another employer's offer or deadline: "Brisk Analytics has offered me a role
# and needs my answer by Monday", "I am in the final round at Brisk Analytics".
_OFFER_TALK = re.compile(
    r"\b(?:offer(?:s|ed|ing)?|deadline|final (?:rounds?|stages?)|(?:answer|decision|reply|response) "
    r"(?:by|before|soon)|confirm by)\b", re.IGNORECASE)


def _about_its_offer(text: str, start: int, end: int) -> bool:
    """Whether the sentence naming a company at `start`-`end` speaks of an offer or a deadline."""
    before = max(text.rfind(c, 0, start) for c in ".?!\n") + 1
    after = min((i for i in (text.find(c, end) for c in ".?!\n") if i >= 0), default=len(text))
    return bool(_OFFER_TALK.search(text[before:after]))


def check_former_name(data: Input):
    """A name the note's company went by before (renamed, or a company merged into it), named
    where it is not part of the name it has now, nor only its legal form ("Contoso GmbH", now
    Contoso), nor the name of another company now (wrong-company says those)."""
    mine = data.context.company.strip()
    if not mine or not data.context.former_company_names:
        return
    now = core_name(mine)
    others = {fold(core_name(o)) for o in (*data.context.other_companies, data.context.recipient_company) if o}
    names = {fold(name): name for name in map(core_name, data.context.former_company_names) if name}
    wanted = [name for key, name in names.items() if key != fold(now) and key not in others]
    for field, text in (("body", data.body), ("subject", data.subject or "")):
        own = _company_spans(text, now)
        for name in sorted(wanted, key=len, reverse=True):  # 'Fabrikam Labs' said once, not 'Fabrikam' in it again
            held = _Spans(own)
            for start, end in _occurrences(text, name):
                if held.holds(start, end):
                    continue  # 'Contoso' inside 'Contoso Bank', the name now (or a longer former name)
                own.append((start, end))
                where = "the subject names" if field == "subject" else "names"
                yield data.find("old-company-name", f"{where} {text[start:end]!r}, a former name of {mine}",
                                start, end, f"Write {mine}, its name now.", field=field)


def _told_news(data: Input, name: str) -> set[tuple[int, int]]:
    """Where the body names `name` while telling a piece of the user's own news that names it.

    The news as recorded ('Joined Globex as Staff Data Engineer'), found word for word, gives
    its own mentions of the name; otherwise a sentence that tells it (two thirds of its other
    keywords, at least one) may name the company as often as the news does. Any other mention
    of the company in the note is still a wrong company.
    """
    from afterview.reviewer.rules.content import keywords

    told: set[tuple[int, int]] = set()
    for news in data.context.news:
        times = len(_company_spans(news, name))
        if not times:
            continue
        quoted = [m.span() for m in _quoted(news).finditer(data.body)]
        for start, end in quoted:
            told.update((start + s, start + e) for s, e in _company_spans(data.body[start:end], name))
        wanted = keywords(news) - keywords(name)
        if quoted or not wanted:
            continue
        for sentence in data.doc.sentences:
            if 3 * len(wanted & keywords(sentence.text)) >= 2 * len(wanted):
                spans = _company_spans(sentence.text, name)[:times]
                told.update((sentence.start + s, sentence.start + e) for s, e in spans)
    return told


@lru_cache(maxsize=256)
def _quoted(news: str) -> re.Pattern:
    """The news word for word, in any case, across line breaks."""
    words = news.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=512)
def short_name(name: str) -> str | None:
    """'Contoso Bank' is also called 'Contoso'; 'General Electric' is not called 'General'.

    The first word stands for the company when it is not an ordinary English word.
    """
    from afterview.reviewer.rules.spelling import is_word

    words = name.split()
    if len(words) < 2 or len(words[0]) < 4 or not words[0][0].isupper():
        return None
    first = words[0].strip(",.&")
    return None if is_word(fold(first)) else first


def _company_spans(text: str, name: str) -> list[tuple[int, int]]:
    spans = _occurrences(text, name)
    short = short_name(name)
    if short:
        whole = _Spans(spans)
        spans += [s for s in _occurrences(text, short) if not whole.holds(s[0], s[0] + 1)]
    return sorted(spans)


class _Spans:
    """Spans that do not overlap, asked whether one of them holds a stretch of text (by bisection:
    a note naming a company a thousand times is not read a million times)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [start for start, _ in self.spans]

    def holds(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.spans[index][1]


@lru_cache(maxsize=512)
def _patterns(name: str) -> tuple[re.Pattern, re.Pattern]:
    pattern = r"(?<![\w])" + re.escape(name) + r"(?![\w])"
    exact = re.compile(pattern, re.IGNORECASE if name.islower() or name.isupper() else 0)
    return exact, re.compile(pattern, re.IGNORECASE)


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Where `name` appears as whole words; case-sensitive unless it is all lowercase or caps."""
    if not name or name.lower() not in text.lower():
        return []
    exact, any_case = _patterns(name)
    spans = [(m.start(), m.end()) for m in exact.finditer(text)]
    if not exact.flags & re.IGNORECASE:  # 'ACME' in shouty text counts; 'acme' in an address not
        spans += [(m.start(), m.end()) for m in any_case.finditer(text)
                  if m.group().isupper() and len(m.group()) > 2]
    return sorted(set(spans))


# A line that may be the name a note is signed with: one to four words of letters, each opening
# with a capital (or in a script without case: 张伟), nothing else but what separates a name from
# a title after it ("Alex Morgan | Data Engineer", "Alex Morgan, PhD", "Alex Morgan (she/her)").
_SIGNED = re.compile(r"[^\W\d_][\w'\u2019.-]*(?:[ \t]+[^\W\d_][\w'\u2019.-]*){0,3}")
_AFTER_NAME = re.compile(r"[ \t]*(?:[|,(\u2013\u2014]|[ \t]-[ \t]).*$")


def signed_name(doc) -> tuple[int, int, str] | None:
    """Where a note's body is signed with a name, and that name: the name after its closing on
    the same line ("Best, Alex") or on the first line under a closing alone ("Best regards," /
    "Alex Morgan"); None when it is signed with none (or the last lines hold no closing)."""
    from afterview.reviewer.text import SIGN_OFF, closing_line

    tail = [line for line in doc.lines if line.start >= doc.core_start][-8:]
    for index, line in enumerate(tail):
        match = closing_line(line.text)
        if match is not None and match.group("name"):
            start = line.start + match.start("name")
            return _name_at(line.text[match.start("name"):], start)
        if SIGN_OFF.match(line.text):
            following = next((later for later in tail[index + 1:] if later.text.strip()), None)
            if following is None:
                return None
            if closing_line(following.text) is not None:
                continue  # a closing doubled ("Best," / "Best,"): the name is under the last one
            lead = len(following.text) - len(following.text.lstrip())
            return _name_at(following.text.strip(), following.start + lead)
    return None


def _name_at(text: str, start: int) -> tuple[int, int, str] | None:
    """The name a signature line opens with, placed at `start` (None when it is no name)."""
    text = _AFTER_NAME.sub("", text).rstrip(" \t\r.")
    match = _SIGNED.fullmatch(text)
    if match is None or any(c in text for c in "[]{}<>@"):
        return None
    words = text.split()
    if not all(word[0].isupper() or word[0].lower() == word[0].upper() for word in words):
        return None
    return start, start + len(text), text


def _edits(a: str, b: str) -> int:
    """Levenshtein's distance between two short words."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _own_word(token: str, own: list[str]) -> bool:
    """Whether a word of the name a note is signed with is one of yours: a word of your name
    (as written, without its accents, or a nickname or a short form of it: Alex, Sasha, Bob) or
    its initial ("Alex M.")."""
    return any(_same(token, part) or _same(part, token) or (len(token) == 1 and part.startswith(token))
               for part in own)


def check_signed_name(data: Input):
    """A note signed with a name that is not yours as your profile has it: one written before
    `profile set --name` ("Alex Morgon", now "Alex Morgan"), your name misspelled (an error), or
    another name (a warning: it may be one you go by, which your signature can carry)."""
    mine = data.context.sender_name.strip()
    if not mine:
        return
    found = signed_name(data.doc)
    if found is None:
        return
    start, end, signed = found
    own = _raw_tokens(mine) + [token for line in data.context.sender_signature.splitlines()
                               for token in _raw_tokens(line)]
    whole = "".join(mine.split())
    strange = [token for token in _raw_tokens(signed) if not _own_word(token, own) and token not in whole.lower()]
    if not strange:
        return
    misspelled = all(min((_edits(fold(token), fold(part)) for part in own), default=9) <= (2 if len(token) > 4 else 1)
                     for token in strange)
    fix = (f"Sign it with your name as your profile has it ({mine}): afterview edit ID, or draft it again "
           f"with --force")
    if misspelled:
        yield data.find("wrong-name", f"the note is signed {signed!r}, but your name is {mine}, as your profile "
                        f"has it (a name written before you changed it, or misspelled)", start, end, ended(fix))
    else:
        yield data.find("wrong-name", f"the note is signed {signed!r}, not with your name as your profile has it "
                        f"({mine})", start, end,
                        f"{fix}; if you go by {signed}, put it in your signature: afterview profile set "
                        f"--signature TEXT.", severity="warning")


# Notes about the process itself, which a reader who has left its company can no longer act on
_ABOUT_THE_PROCESS = frozenset({"thank_you", "card", "status_check", "closing_the_loop", "feedback_request",
                                "rejection_reply", "withdrawal"})


def check_moved(data: Input):
    """A note about the process to a panel member who works at another company now."""
    ctx = data.context
    if not ctx.recipient_moved_to or data.kind not in _ABOUT_THE_PROCESS or ctx.sent_already:
        return
    who = ctx.recipient_name or "The recipient"
    there = ctx.company or "the company of this process"
    yield data.find("recipient-moved", f"{who} works at {ctx.recipient_moved_to} now, not at {there}: this "
                    f"note about the {there} process is written to someone who has left it",
                    *data.doc.core_span,
                    f"Write to someone still at {there}, or skip this note; if {who} has not moved, correct "
                    f"their company (afterview person edit NAME --company COMPANY)")


_ACCEPTED_ELSEWHERE = re.compile(r"\b(?:another|a different|an other|other)\s+(?:offer|position|role|job)\b|"
                                 r"\belsewhere\b", re.I)


def check_accepted_with_them(data: Input):
    """A withdrawal from a process whose company's own offer you accepted, in the words of one
    that leaves for another employer ("I have accepted another offer")."""
    role = data.context.accepted_with_them
    if data.kind != "withdrawal" or not role:
        return
    body = data.body
    found = _ACCEPTED_ELSEWHERE.search(body)
    if found is None and fold(role) in fold(body):
        return
    start, end = found.span() if found else data.doc.core_span
    company = data.context.company or "this company"
    yield data.find("accepted-with-them", f"the offer you accepted is {company}'s own ({role}), yet the note "
                    + (f"says {body[start:end]!r}" if found else f"does not say so"), start, end,
                    f"Say it: 'now that I have accepted the {role} role with you, I am withdrawing from the "
                    f"{data.context.role or 'other'} process' (afterview draft ACTION --force writes it)")


register(("recipient-moved",), check_moved)
register(("accepted-with-them",), check_accepted_with_them)
register(("wrong-name", "guessed-name"), check_name)
register(("greeting-form",), check_greeting_form)
register(("wrong-name",), check_signed_name)
register(("wrong-company",), check_company)
register(("old-company-name",), check_former_name)
