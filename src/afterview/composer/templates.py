"""The message templates: the built-in set, the user's overrides, and safe rendering.

Templates are Jinja2 text files named `<tone>/<name>.txt.j2`. A user file with the same
relative name in the config folder's `templates/` replaces the built-in one; folders added by
template-set plugins (`register_template_dirs`) are searched after the user's folder and before
the built-in one. Rendering runs in a sandbox with strict undefined variables and no
autoescaping: what users recorded (debrief notes, names) is passed as data and printed
literally, never parsed as template source.
A broken user template is a `ConfigError` naming the file and line; nothing falls back.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path

from afterview.composer.draft import TEMPLATE_NAMES, TONES
from afterview.errors import ConfigError, NotFound

BUILTIN_DIR = Path(__file__).parent / "templates"
SUFFIX = ".txt.j2"

# Every variable the composer passes to a template (documented in docs/templates.md).
VARIABLES = frozenset(
    {
        "me", "recipient", "company", "role", "interview", "topic", "topic2", "topics", "topic_with",
        "rapport", "concern", "concern_answer", "promise", "promise_action", "strength", "news", "next_steps", "decision_date",
        "met", "variant", "sequence", "ask_feedback", "late", "linkedin_limit", "kind", "tone",
        "previous_subject", "offered", "conducted", "decision_from_them", "by_call", "talked",
        "other_open_role", "topic_at", "joining", "rapport_kind", "concern_about", "arranged",
        "exercise", "after_offer", "took_part", "accepted_here", "said_day",
    }
)


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """One template as `templates list` shows it."""

    name: str
    tone: str
    path: Path
    overridden: bool


@dataclass(frozen=True, slots=True)
class Rendered:
    subject: str
    body: str


def relative_name(name: str, tone: str) -> str:
    return f"{tone}/{name}{SUFFIX}"


class TemplateSet:
    """The templates in use: built-in ones, each replaceable by a plugin's or a user file."""

    def __init__(
        self,
        user_dir: Path | None = None,
        builtin_dir: Path = BUILTIN_DIR,
        plugin_dirs: list[Path] | None = None,
    ):
        self.user_dir = Path(user_dir) if user_dir else None
        self.builtin_dir = builtin_dir
        self._plugin_dirs = None if plugin_dirs is None else [Path(d) for d in plugin_dirs]
        self._env = None
        self._cache: dict[str, object] = {}

    @property
    def plugin_dirs(self) -> list[Path]:
        """Plugins' template folders (asked of afterview.plugins on first use unless given)."""
        if self._plugin_dirs is None:
            from afterview.plugins import template_dirs

            self._plugin_dirs = [d for d in template_dirs() if d != BUILTIN_DIR]
        return self._plugin_dirs

    # -- finding ---------------------------------------------------------------------------

    def path(self, name: str, tone: str) -> Path:
        """The file used for this template: the user's, else a plugin's, else the built-in."""
        check_name(name, tone)
        rel = relative_name(name, tone)
        if self.user_dir is not None and (self.user_dir / rel).is_file():
            return self.user_dir / rel
        for folder in self.plugin_dirs:
            if (folder / rel).is_file():
                return folder / rel
        return self.builtin_dir / rel

    def origin(self, name: str, tone: str) -> str:
        """Where the template in use comes from: "overridden" (the user), "plugin" or "built-in"."""
        if self.is_overridden(name, tone):
            return "overridden"
        return "built-in" if self.path(name, tone).parent.parent == self.builtin_dir else "plugin"

    def is_overridden(self, name: str, tone: str) -> bool:
        return self.user_dir is not None and (self.user_dir / relative_name(name, tone)).is_file()

    def list(self) -> list[TemplateInfo]:
        return [
            TemplateInfo(name, tone, self.path(name, tone), self.is_overridden(name, tone))
            for name in TEMPLATE_NAMES
            for tone in TONES
        ]

    def unknown_user_files(self) -> list[Path]:
        """Files in the user's folder that no message uses (a typo in a name, say)."""
        if self.user_dir is None or not self.user_dir.is_dir():
            return []
        known = {relative_name(n, t) for n in TEMPLATE_NAMES for t in TONES}
        return sorted(
            p for p in self.user_dir.rglob("*") if p.is_file()
            and p.relative_to(self.user_dir).as_posix() not in known
        )

    def source(self, name: str, tone: str) -> str:
        path = self.path(name, tone)
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not UTF-8 text") from None
        except OSError as err:
            raise ConfigError(f"{path}: cannot read: {err.strerror}") from None

    # -- compiling and rendering -----------------------------------------------------------

    def environment(self):
        if self._env is None:
            self._env = make_environment()
        return self._env

    def compile(self, name: str, tone: str):
        """The compiled template, checked for syntax and unknown variables (ConfigError)."""
        path = self.path(name, tone)
        key = str(path)
        if key not in self._cache:
            self._cache[key] = compile_source(self.environment(), self.source(name, tone), path)
        return self._cache[key]

    def check(self) -> list[str]:
        """Compile every template in use; return the problems as one-line messages."""
        problems = []
        for info in self.list():
            try:
                self.compile(info.name, info.tone)
            except ConfigError as err:
                problems.append(str(err))
        return problems

    def render(self, name: str, tone: str, variables: dict) -> Rendered:
        template = self.compile(name, tone)
        path = self.path(name, tone)
        try:
            text = template.render(**variables)
        except ConfigError:
            raise
        except Exception as err:  # any failure inside a template is the template's fault
            try:
                field = _unknown_field(err, self.environment(), self.source(name, tone), path, variables)
            except Exception:  # the file changed meanwhile: said as Jinja2 says it
                field = None
            if field:
                raise ConfigError(f"{path}:{field[0]}: {field[1]}") from None
            raise ConfigError(f"{path}:{_template_line(err, path)}: {_describe(err)}") from None
        return split_subject(tidy(text))


def check_name(name: str, tone: str) -> None:
    if tone not in TONES:
        raise NotFound(f"unknown tone: {tone!r} (use one of: {', '.join(TONES)})")
    if name not in TEMPLATE_NAMES:
        raise NotFound(f"unknown template: {name!r} (use one of: {', '.join(TEMPLATE_NAMES)})")


def make_environment():
    """A sandboxed Jinja2 environment: strict variables, no autoescape, a few filters."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(_our_filters())
    return env


def _our_filters() -> dict:
    """Afterview's filters, besides Jinja2's own (documented in docs/templates.md)."""
    return {"nth": _nth, "sentence": _sentence, "and_list": _and_list, "short": _short, "fit": _fit,
            "inline": _inline, "detail": _detail, "the": the}


# The code of templates compiled in this process, by (file, text): every environment is
# make_environment()'s, so the same text compiles to the same code (a long-lived desk, or many
# commands run in one process, parse and check each text once). Bounded: a user editing a
# template makes a new text each time.
_COMPILED: dict[tuple[str, str], object] = {}
_COMPILED_MOST = 256


def compile_source(env, source: str, path: Path):
    """Parse a template; a syntax error, an unknown variable, filter or test, or a tag that needs
    another file (`extends`, `include`, `import`) is a ConfigError with its line."""
    key = (str(path), source)
    code = _COMPILED.get(key)
    if code is None:
        code = _checked_code(env, source, path)
        if len(_COMPILED) >= _COMPILED_MOST:
            _COMPILED.clear()
        _COMPILED[key] = code
    return env.template_class.from_code(env, code, env.make_globals(None))


def _checked_code(env, source: str, path: Path):
    """The template's compiled code, once its text is checked (see compile_source)."""
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = env.parse(source, name=path.name, filename=str(path))
    except TemplateSyntaxError as err:
        raise ConfigError(f"{path}:{err.lineno}: template syntax error: {err.message}") from None
    names = list(tree.find_all(nodes.Name))  # (one walk of the tree for both)
    assigned = {n.name for n in names if n.ctx in ("store", "param")}
    for node in names:
        if node.ctx == "load" and node.name not in VARIABLES | assigned | _GLOBALS:
            raise ConfigError(
                f"{path}:{node.lineno}: unknown variable {node.name!r} "
                f"(known: {', '.join(sorted(VARIABLES))})"
            )
    _check_names(env, tree, path)
    # Compiled under the file's own name, so that render errors can point at its lines; from the
    # tree just checked, which Jinja2 takes in place of the text (parsed once, not twice).
    try:
        return env.compile(tree, name=path.name, filename=str(path))
    except TemplateSyntaxError as err:  # what Jinja2 checks only when compiling
        raise ConfigError(f"{path}:{err.lineno}: template error: {err.message}") from None


# Tags that bring in another template: a template is one file, and no folder is searched for others.
_OTHER_FILES = {"Extends": "extends", "Include": "include", "Import": "import", "FromImport": "from ... import"}


def _check_names(env, tree, path: Path) -> None:
    """Every filter and test a template names exists, and no tag needs another file: checked
    when the template is loaded, even inside a branch that is not taken (Jinja2 itself finds an
    unknown test only when its branch runs)."""
    from jinja2 import nodes

    ours = sorted(_our_filters())
    for node in tree.find_all((nodes.Filter, nodes.Test, nodes.Extends, nodes.Include, nodes.Import,
                               nodes.FromImport)):
        kind = type(node).__name__
        if kind in _OTHER_FILES:
            raise ConfigError(f"{path}:{node.lineno}: {{% {_OTHER_FILES[kind]} %}} is not supported: a template "
                              f"is one file; copy what you need into it")
        if isinstance(node, nodes.Filter) and node.name not in env.filters:
            raise ConfigError(f"{path}:{node.lineno}: unknown filter {node.name!r} "
                              f"(Afterview's: {', '.join(ours)}; and Jinja2's own)")
        if isinstance(node, nodes.Test) and node.name not in env.tests:
            raise ConfigError(f"{path}:{node.lineno}: unknown test {node.name!r} (Jinja2's tests: "
                              f"{', '.join(sorted(t for t in env.tests if t.isalpha()))})")


_GLOBALS = frozenset({"range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "true", "false", "none", "True", "False", "None"})


def _template_line(err: BaseException, path: Path) -> int | str:
    """The template line an error happened on, from the traceback Jinja rewrites."""
    frames = traceback.extract_tb(err.__traceback__)
    for frame in reversed(frames):
        if frame.filename in (str(path), path.name, "<template>"):
            return frame.lineno or "?"
    return "?"


_NO_ATTRIBUTE = re.compile(r"'[^']*' has no attribute '([^']+)'")


def _unknown_field(err: BaseException, env, source: str, path: Path, variables: dict) -> tuple[int, str] | None:
    """A field a template asks of a variable that has no such field (`{{ recipient.first_nam }}`),
    as (its line, "unknown field 'first_nam' of 'recipient' (known: ...)"); None for any other
    error. Jinja2 says only "'dict object' has no attribute 'first_nam'"."""
    from jinja2 import UndefinedError, nodes

    found = _NO_ATTRIBUTE.fullmatch(str(getattr(err, "message", "") or "")) if isinstance(err, UndefinedError) else None
    if not found:
        return None
    field = found.group(1)
    for node in env.parse(source, name=path.name, filename=str(path)).find_all((nodes.Getattr, nodes.Getitem)):
        asked = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if asked != field:
            continue
        names, base = [], node.node
        while isinstance(base, nodes.Getattr):
            names.insert(0, base.attr)
            base = base.node
        if not isinstance(base, nodes.Name) or base.name not in variables:
            continue
        value = variables[base.name]
        for name in names:
            value = value.get(name) if isinstance(value, dict) else None
        if isinstance(value, dict) and field not in value:
            owner = ".".join([base.name, *names])
            return node.lineno, f"unknown field {field!r} of {owner!r} (known: {', '.join(sorted(map(str, value)))})"
    return None


def _describe(err: BaseException) -> str:
    from jinja2 import UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(err, UndefinedError):
        return f"unknown variable: {err.message}"
    if isinstance(err, SecurityError):
        return f"not allowed in a template: {err}"
    return f"{type(err).__name__}: {err}"


# -- turning rendered text into a subject and a body -----------------------------------------

_SPACES = re.compile(r"[ \t]+")
_BLANKS = re.compile(r"\n{3,}")
# A space a template left before punctuation ("{{ topic }} ."), but not the space before an
# emoticon ("client :)"): joined to the word, it would hide it ("client:)").
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:?])(?!(?<=[:;])[-o^']?[()DPpO3\[\]|*](?!\w))")
# An emoticon or emoji at the end of a phrase: no full stop goes after it.
_EMOTICON_END = re.compile(
    r"(?:(?<![:/\d])[:;=][-o^']?[()DPpO3\[\]|*]|<3|\^_\^|\bxD|\bXD"
    "|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\uFE0F\u200D])$"
)


# A full stop a template puts after a value that already ends with one: a company ("Fabrikam
# Inc."), a role ("Sr."), a news title ("... Acme Inc.") at the end of a sentence. Two full
# stops (not an ellipsis "...", not "Inc.,") become one; so does a full stop after a closing
# quote that ends with one ("“Joined Acme Inc.”." reads "“Joined Acme Inc.”").
_DOUBLE_STOP = re.compile(r"(?<![.\s])\.\.(?![.\w/])")
# ... and a full stop after a value that ends with "!" or "?" ("a detail of yours: Wow!."):
# the mark ends the sentence.
_STOP_AFTER_MARK = re.compile(r"(?<=\w[!?])\.(?![.\w/])")
_STOP_AFTER_QUOTE = re.compile(r"(?<=[^.\s]\.)([\"\u201d\u2019]+)\.(?![.\w])")


SIGNATURE_SEPARATOR = "-- "


def tidy(text: str) -> str:
    """Single spaces, no trailing blanks, at most one empty line between paragraphs.

    This is where the rendered sentences are put together, so it is also where a value that
    ends with a full stop meets the template's own full stop: one is kept (`_DOUBLE_STOP`).
    """
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    # ... but for the signature's separator, "-- " (RFC 3676): without its space, mail programs
    # no longer know the signature (to grey it, or to leave it out of a quote)
    text = "\n".join(SIGNATURE_SEPARATOR if line == "--" else line for line in lines)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _DOUBLE_STOP.sub(".", text)
    text = _STOP_AFTER_MARK.sub("", text)
    text = _STOP_AFTER_QUOTE.sub(r"\1", text)
    return _BLANKS.sub("\n\n", text).strip()


def split_subject(text: str) -> Rendered:
    """A first line `Subject: ...` is the subject; the rest is the body."""
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return Rendered(first.split(":", 1)[1].strip(), rest.strip())
    return Rendered("", text)


# -- filters ---------------------------------------------------------------------------------


def _nth(options, index: int, slot: int = 0):
    """`["a", "b"] | nth(variant, 3)`: one of several wordings, picked per panel member.

    Each place in a template gives its own `slot`: beyond the first len(options) members the
    slots shift by different amounts, so that large panels still get different combinations.
    """
    options = list(options)
    if not options:
        return ""
    index, slot, n = int(index), int(slot), len(options)
    return options[(index + slot + (slot + 1) * (index // n)) % n]


_ENDED = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")


def _sentence(text: str) -> str:
    """A recorded phrase used alone as a sentence: a capital first letter and a final full stop.

    The first letter is capitalised only when the first word is all lower case ("since then"),
    never in a name written as its owner writes it ("eBay-scale", "iOS", "gRPC"). No full stop
    goes after a sentence that already ends one (also inside quotes) or after an emoticon or
    emoji, which stays as written for the reviewer to report.
    """
    text = str(text).strip()
    if not text:
        return text
    first = text.split()[0]
    if first == first.lower():
        text = text[0].upper() + text[1:]
    return text if _ENDED.search(text) or _EMOTICON_END.search(text) else text + "."


# How a result of yours is usually written: a verb in the past tense with no subject ("Earned
# the CKA certification", "Led the move to streaming"), a noun phrase ("A talk accepted at
# PyCon", "Kafka certification", "New role at Acme") or a sentence ("I passed the exam", "My
# talk was accepted"). After a colon in a note, each must read as part of a sentence.
# Words a noun phrase (or a sentence with its own subject) starts with, lowered after the colon:
_DETERMINERS = frozenset("a an the my our one two three four five we".split())
# Verbs in the past tense a result starts with: "Earned ..." reads "I earned ...".
_DONE = frozenset("""
    passed completed finished earned received won got gained obtained achieved joined started
    began launched shipped released published wrote presented spoke gave taught led ran
    organised organized hosted built rebuilt designed created developed delivered migrated
    moved cut reduced improved increased grew saved mentored coached founded co-founded became
    graduated contributed authored co-authored landed secured completed closed signed
    volunteered trained automated introduced open-sourced
""".split())
# ... or in the passive, before a small word: "Promoted to Staff Engineer" reads "I was
# promoted to Staff Engineer", "Accepted to speak at PyCon" "I was accepted to speak ...";
# with an article after it, "Accepted an offer" / "Hired a team" are active: "I accepted ...".
_DONE_TO = frozenset("""
    promoted selected invited named awarded elected nominated shortlisted hired certified
    accepted featured chosen recognised recognized admitted
""".split())
_ACTIVE_WITH_ARTICLE = frozenset("accepted hired".split())
_ARTICLES = frozenset("a an the my our".split())
# Adverbs before that verb: "Recently earned ..." reads "I recently earned ...".
_ADVERBS = frozenset("finally recently just also".split())
_FIRST_PERSON = frozenset("i i'm i've i'd i\u2019m i\u2019ve i\u2019d".split())
_QUOTED = "\"'\u201c\u2018\u201e["  # a title that starts with one of these stays as written


def _plain_word(word: str) -> bool:
    """Written in small letters, or with a capital only because it starts the title."""
    return word == word.lower() or (word[:1].isupper() and word[1:] == word[1:].lower())


def _inline(text: str) -> str:
    """A recorded title of yours used inside a sentence, after a colon: `some news of mine: {{ news.title | inline }}`.

    It reads as a sentence of yours, with no letter of a name changed:

    - a verb in the past tense with no subject gets "I", and its capital is lowered:
      "Earned the CKA certification" reads "I earned the CKA certification" ("Recently
      earned ..." "I recently earned ..."); a passive one "I was": "Promoted to Staff
      Engineer" reads "I was promoted to Staff Engineer";
    - a title in the first person stays as written: "I passed the CKA exam";
    - one that starts with an article or a possessive ("A talk accepted at PyCon", "My talk
      was accepted", "The AWS certification") only has that first letter lowered;
    - anything else (a noun phrase, a name, a product, an acronym: "Kafka certification",
      "New role at Acme", "AWS certification", "PASSED the exam") is quoted as written:
      “Kafka certification”.

    A gap in brackets, or a title already in quotes, stays as it is.
    """
    text = str(text)
    stripped = text.strip()
    if not stripped or stripped[0] in _QUOTED:
        return text
    words = stripped.split()
    first = words[0].rstrip(",:;")
    lower = first.lower()
    rest = stripped[len(words[0]):]
    if lower in _FIRST_PERSON and first[0] == "I":
        return stripped
    verb_at = 1 if lower in _ADVERBS and len(words) > 1 else 0
    verb = words[verb_at].rstrip(",:;")
    following = words[verb_at + 1] if len(words) > verb_at + 1 else ""
    if _plain_word(first) and (verb_at == 0 or verb == verb.lower()):
        lowered = stripped[0].lower() + stripped[1:]
        if verb.lower() in _DONE:
            return "I " + lowered
        if verb.lower() in _DONE_TO and following[:1].islower():
            if verb.lower() in _ACTIVE_WITH_ARTICLE and following in _ARTICLES:
                return "I " + lowered
            return "I was " + lowered
        if verb.lower() in _DONE_TO and verb.lower() not in ("certified", "accepted") and following:
            return "I was " + lowered  # "Awarded Best Paper at ...", "Named Kafka Champion"
    if lower in _DETERMINERS and _plain_word(first):
        return stripped[0].lower() + stripped[1:]
    return f"\u201c{stripped}\u201d"


# A detail reads as a sentence of its own when it has a subject: a pronoun ("It took three
# months", "I ran it for a client"), or an article or possessive and then a verb ("My talk was
# recorded"). Anything else is taken as a fragment ("Certified Developer for Apache Kafka,
# after running Kafka in production for a client"), which cannot stand alone.
_SUBJECTS = frozenset("""
    i i'm i've i'd i'll we we're we've we'd it it's this that they they're there he she you
    i’m i’ve i’d i’ll we’re we’ve we’d it’s they’re
""".split())
_VERBS = frozenset("""
    is was were are am has have had will would can could did does do took made got went came
    became gave showed helped let kept needed meant says said
""".split())


# Words that only continue a sentence, never a name: a fragment of a detail that starts with one
# continues the headline after the dash in small letters ("... exam — scored 91%", "— with a
# score of 91%"). Any other first word keeps its capital: it may be a name or a title
# ("— Certified Developer for Apache Kafka", "— Beijing office"); a place won is no name
# ("— first place out of 240 teams"), nor is a count ("— two years of evening classes").
_CONTINUES = frozenset("""
    with without after before since during while for from in on at by over under across via
    within through using including plus and but as mostly now then thanks
    scored used rated ranked reached covered covering tested reviewed adopted cited
    first second third fourth fifth sixth seventh eighth ninth tenth top runner-up placed finished
    one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
    hundred hundreds thousand thousands several many some nearly almost about around roughly over
""".split())


def _reads_as_sentence(text: str) -> bool:
    words = [w.strip(",;:()\"'“”").lower() for w in text.split()]
    if not words:
        return False
    if words[0] in _SUBJECTS:
        return len(words) > 1
    if words[0] in _DETERMINERS | _ARTICLES:
        return any(w in _VERBS for w in words[1:])
    return False


def _detail(text: str) -> str:
    """The detail of a result or a news item, to follow its headline in a sentence:
    `... {{ news.title | inline }}{{ news.detail | detail }}.` (the template writes the stop).

    A detail written as a sentence ("It took me three months") follows as a sentence of its
    own: ". It took me three months"; one written like a title, with a verb in the past tense
    and no subject ("Ran Kafka in production for a client"), gets "I" as a title does
    (`inline`); anything else is a fragment ("Certified Developer for Apache Kafka, after
    running Kafka in production for a client") and is joined to the headline with a dash:
    " — Certified Developer for Apache Kafka, after running ...". A fragment that starts with
    an article or a word that only continues a sentence (`_CONTINUES`: "Scored 91%", "With a
    score of 91%") has that capital lowered: " — scored 91%". Nothing is added when there is
    no detail, and no letter of a name changes.
    """
    text = " ".join(str(text).split()).rstrip(" .;,")
    if not text:
        return ""
    if _reads_as_sentence(text):
        return ". " + _sentence(text).rstrip(".")
    said = _inline(text)
    if said.startswith("I ") and not text.startswith("I "):  # "Ran ..." reads "I ran ..."
        return ". " + said
    first = text.split()[0]
    if (first.lower() in _ARTICLES or first.lower() in _CONTINUES) and _plain_word(first):
        text = text[0].lower() + text[1:]  # "— the exam covered ...", "— scored 91%"
    return " — " + text


# An organisation named for what it is takes "the" in a sentence: "the University of Edinburgh",
# "the Massachusetts Department of Revenue", "the Home Office", "the Alan Turing Institute"; a name
# does not: "Google", "Stanford University", "Bank of America", "Khan Academy".
# ... a kind of body before "of" ("University of X", "X Department of Y", "London School of ...")
_BODY_OF = frozenset("""
    university college institute institution school academy department ministry office bureau agency
    board commission committee council authority administration service society museum library
    foundation trust government commonwealth state city county province district
""".split())
# ... or at the end ("Home Office", "Environment Agency", "Wellcome Trust"); not "University",
# "College", "School" or "Academy" there, which end names ("Stanford University", "Khan Academy")
_BODY_LAST = frozenset("""
    office agency department ministry bureau commission committee council authority administration
    service society museum library foundation trust institute institution parliament treasury
""".split())
# ... or one of a few bodies known by their letters
_BODY_LETTERS = frozenset("NHS BBC UN EU FBI CIA NSA IRS FDA CDC IMF OECD ECB FCA ONS SEC FTC".split())


def the(name) -> str:
    """An organisation's name as it reads inside a sentence, with "the" when it is named for what
    it is: `at {{ company | the }}` reads "at the University of Edinburgh", "at the Massachusetts
    Department of Revenue", "at the Home Office", and "at Google" (never "the Google"). A name
    that starts with "the" already, and a gap in brackets, stay as they are."""
    text = " ".join(str(name).split())
    words = text.split()
    if not words or text.startswith("[") or words[0].casefold() == "the":
        return text
    lowered = [w.strip(",.").casefold() for w in words]
    head = lowered[:lowered.index("of")] if "of" in lowered[1:] else []
    if (head and head[-1] in _BODY_OF) or (len(words) > 1 and lowered[-1] in _BODY_LAST) \
            or text in _BODY_LETTERS:
        return "the " + text
    return text


def _and_list(items) -> str:
    items = [str(i) for i in items if str(i).strip()]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _fit(candidates, limit: int | None = None) -> str:
    """A subject that passes the review's `subject` rule: `["Thank you - " ~ role ~ " interview",
    "Thank you - " ~ company ~ " interview", "Thank you for our conversation"] | fit` gives the first
    of at most `limit` characters (the rule's 60 by default), else the last one cut at a word
    (`short`). A single text is cut the same way."""
    from afterview.reviewer.config import SUBJECT_MAX

    limit = SUBJECT_MAX if limit is None else int(limit)
    options = [candidates] if isinstance(candidates, str) else list(candidates)
    options = [" ".join(str(o).split()) for o in options if str(o).strip()]
    if not options:
        return ""
    return next((o for o in options if len(o) <= limit), None) or _short(options[-1], limit)


def _short(text: str, limit: int = 50) -> str:
    """Cut at a word boundary to at most `limit` characters (for subjects), no ellipsis."""
    text = " ".join(str(text).split()).rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
