"""Names across scripts: whether a greeting in one script ("Hi Dmitry,") names someone whose name
is written in another ("Дмитрий Иванов"), through a transliteration (anyascii: every script to
Latin letters, by tables, offline).

A transliteration is one spelling among several: Дмитрий is Dmitriy to the table, Dmitry, Dmitri
or Dmitrij to the people who write it. Names are compared by a loose key that writes the usual
variants alike (y, i and j; kh, ch and h; x and ks; a vowel less or more inside a name); names of
a script without vowels (Arabic, Hebrew: محمد is "mhmd") by their consonants. What still does
not match is not a sure mistake: the person may go by another name in Latin letters, which only
they can say (their greet-as name), so the review warns rather than blocks.

anyascii is imported only when a name of another script than the greeting's is compared.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Scripts written without (most) vowels: names of theirs are compared by their consonants.
_ABJADS = frozenset({"ARABIC", "HEBREW", "SYRIAC", "THAANA", "SAMARITAN", "MANDAIC"})
_VOWELS = "aeiouy"
_LONGEST = 12  # characters of a name without spaces read part by part (the parts of a longer one are not tried)

# Family names of Chinese and Korean as their bearers write them in Latin letters, where these
# differ from the transliteration's (Mandarin pinyin for Chinese characters, a letter-by-letter
# reading for Hangul: 李 is Li, also Lee; 김 is Gim, written Kim; 陳 Chen, also Chan or Tan).
_FAMILY_SPELLINGS = {
    char: tuple(spellings.split(","))
    for entry in """
        李:li,lee,lei,ly 王:wang,wong,ong 张,張:zhang,chang,cheung,teo,chong 刘,劉:liu,lau,lew,lao
        陈,陳:chen,chan,tan,chin 杨,楊:yang,yeung,young,yeo 黄,黃:huang,wong,ng,hwang,oei 赵,趙:zhao,chao,chiu,chew
        吴,吳:wu,ng,goh,woo 周:zhou,chow,chau,chou,chew 林:lin,lam,lim 何:he,ho,hoh 郭:guo,kwok,kuo,quek
        梁:liang,leung,leong 谢,謝:xie,tse,hsieh,chia 许,許:xu,hui,hsu,koh 郑,鄭:zheng,cheng,chang,tay
        蔡:cai,tsai,choi,chua 徐:xu,hsu,tsui,chee 孙,孫:sun,suen 胡:hu,wu,woo,oh 朱:zhu,chu,chee,choo
        马,馬:ma,mah 高:gao,kao,ko,koh 罗,羅:luo,law,lo,loh 宋:song,sung 邓,鄧:deng,tang,teng
        叶,葉:ye,yip,yeh,yap 曾:zeng,tsang,tseng,chang 萧,蕭:xiao,siu,hsiao,siew 钟,鍾,鐘:zhong,chung,chong
        江:jiang,kong,chiang 蒋,蔣:jiang,chiang 唐:tang,tong 韩,韓:han,hon 曹:cao,tso,tsao,chow
        袁:yuan,yuen 潘:pan,poon,phua 杜:du,to,tu 彭:peng,pang,phang 吕,呂:lu,lui,lyu 丁:ding,ting
        김:kim 이:lee,yi,rhee,rhie,ri 박:park,pak,bak 최:choi,choe,choy 정:jung,jeong,chung,chong
        강:kang,gang 조:cho,jo,joe 윤:yoon,yun 장:jang,chang 임:lim,im,rim 한:han 오:oh,o
        서:seo,suh,suk 신:shin,sin 권:kwon,gwon 황:hwang 안:ahn,an 송:song 류:ryu,yoo,yu,ryoo 유:yoo,yu
        전:jeon,jun,chun 홍:hong 고:ko,go 문:moon,mun 양:yang 손:son,sohn 배:bae,pae 백:baek,paik,baik
        허:heo,huh,hur 노:noh,roh,no 남:nam 심:shim,sim 하:ha 곽:kwak,gwak 성:sung,seong 차:cha
        주:joo,ju,chu 우:woo,u 구:koo,gu,ku 민:min 진:jin,chin 지:ji,chi 엄:um,eom 변:byun,byeon
    """.split()
    for chars, spellings in [entry.split(":")]
    for char in chars.split(",")
}


def scripts(text: str) -> set[str]:
    """The scripts of a text's letters ("LATIN", "CYRILLIC", ...; Chinese, Japanese and Korean
    letters as one, "CJK")."""
    found = set()
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "?").split(" ")[0]
            found.add("CJK" if script in ("HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC") else script)
    return found


@lru_cache(maxsize=1024)
def romanised(text: str) -> str:
    """A text in Latin letters, as anyascii writes it ('Дмитрий' -> 'Dmitriy', '李明' -> 'LiMing');
    a text in Latin letters already as it is, accents and all (nothing is imported for it)."""
    if all(ord(c) < 0x250 or not c.isalpha() for c in text):
        return text
    from anyascii import anyascii

    return anyascii(text)


def shown(text: str) -> str:
    """A name in Latin letters to show: its parts apart ('LiMing' -> 'Li Ming'); "" for a name of a
    script without vowels, whose letters alone say little ('محمد' is "mhmd")."""
    if scripts(text) & _ABJADS:
        return ""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", romanised(text)).strip()


def _letters(text: str) -> str:
    """The plain letters of a name, lowercase ('Zoë' -> 'zoe', 'Ol\'ga' -> 'olga'); a name with
    letters no accent makes ('Łukasz') or of another script through anyascii ('Ольга' -> 'olga')."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if not plain.isascii():
        from anyascii import anyascii

        plain = anyascii(text)
    return "".join(c for c in plain.lower() if "a" <= c <= "z")


# The variants of one sound, written alike: applied in this order, to both names compared.
_KEY_STEPS = (
    (r"x", "ks"), (r"shch|sch", "sh"), (r"sh", "s"), (r"tch", "ch"), (r"[kc]h|h(?=h)", "h"), (r"ph", "f"),
    (r"th", "t"), (r"ck|c(?![h])|q", "k"), (r"t[sz]", "c"), (r"w", "v"), (r"zh", "z"), (r"j", "y"),
    (r"oy|ou", "u"), (r"y", "i"), (r"(?<=[^aeiou])io", "e"), (r"(.)\1+", r"\1"), (r"^i(?=[aeou])", ""),
)
# Greek as anyascii writes it: ου as "oy", αυ and ευ as "ay" and "ey", γγ as "gg"
_GREEK_STEPS = ((r"oy", "ou"), (r"ay", "av"), (r"ey", "ev"), (r"g(?=[gk])", "n"))
# Korean, whose consonants each have two spellings (ㄱ g or k, ㅂ b or p, ㄷ d or t, ㄹ r or l,
# ㅈ j or ch) and whose vowels several (ㅓ eo or u, ㅡ eu or u, ㅜ u or oo)
_HANGUL_STEPS = ((r"ch", "j"), (r"g", "k"), (r"b", "p"), (r"d", "t"), (r"r", "l"), (r"eo|oo|eu", "u"),
                 (r"ae", "e"), (r"sh", "s"))


@lru_cache(maxsize=2048)
def key(text: str, script: str = "") -> str:
    """The loose key of a name: its spelling variants written alike ('Dmitry', 'Dmitriy',
    'Dmitrij' -> 'dmitri'); `script` is the script the name was written in, when its
    transliteration has habits of its own (GREEK, HANGUL)."""
    word = _letters(text)
    steps = {"GREEK": _GREEK_STEPS, "HANGUL": _HANGUL_STEPS}.get(script, ())
    for pattern, replacement in (*steps, *_KEY_STEPS):
        word = re.sub(pattern, replacement, word)
    return word


def _one_vowel_apart(a: str, b: str) -> bool:
    """Whether one key is the other with a vowel more inside it, not at its end ('aleksandr',
    'aleksander'; never 'ivanov', 'ivanova', a name of another person)."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) != len(a) + 1 or len(a) < 3:
        return False
    for i, char in enumerate(b[:-1]):
        if char in _VOWELS and b[:i] + b[i + 1:] == a:
            return True
    return False


def _consonants(text: str) -> str:
    """A name's consonants, as a script without vowels writes it ('Mohammed', 'محمد' -> 'mhmd';
    y and w only at the start, as they stand for vowels elsewhere; an h after a consonant, and
    at the end, left out)."""
    word = re.sub(r"(.)\1+", r"\1", _letters(text).replace("q", "k").replace("c", "k"))
    head = "" if word[:1] in ("a", "e", "i", "o", "u") else word[:1]  # Ahmed: 'hmd', as أحمد
    word = re.sub(r"(?<=[sktdgpzb])h", "", head + re.sub(r"[aeiouyw]", "", word[1:]))
    return re.sub(r"(.)\1+", r"\1", word).rstrip("h") or word


def same_name(greeted: str, written: str) -> bool:
    """Whether a name greeted (in any script) is a name written in another script, by their
    transliteration ('Dmitry' and 'Дмитрий', 'Mohammed' and 'محمد', 'Eleni' and 'Ελένη')."""
    theirs = scripts(written) | scripts(greeted)
    if theirs & _ABJADS:
        a, b = _consonants(greeted), _consonants(written)
        return bool(a) and a == b
    script = next(iter(scripts(written) - {"LATIN"}), "") or next(iter(scripts(greeted) - {"LATIN"}), "")
    a, b = key(greeted, script), key(written, script)
    return bool(a) and (a == b or _one_vowel_apart(a, b))


def spelled_otherwise(greeted: str, written: str) -> bool:
    """Whether two names of one script are spellings of one name, as a name transliterated from
    another script is written several ways ('Mohammed' and 'Muhammad', 'Hussein' and 'Husain',
    'Yusuf' and 'Yousef'): the same consonants (three or more) and last letter, vowels of the same
    kinds in the same places (a or e; o or u; i or y; e stands for any). 'Martin' and 'Morton',
    'Carla' and 'Carlo', 'Tom' and 'Tim' are other names."""
    a, b = _letters(greeted), _letters(written)
    if not a or not b or a == b or a[-1] != b[-1] or len(_consonants(a)) < 3 or _consonants(a) != _consonants(b):
        return False
    kinds_a, kinds_b = _vowel_kinds(a), _vowel_kinds(b)
    return len(kinds_a) == len(kinds_b) and all(x == y or "e" in (x, y) for x, y in zip(kinds_a, kinds_b))


def _vowel_kinds(word: str) -> list[str]:
    """The kind of each run of vowels of a word, by its first vowel: 'a' (a), 'e' (e: any), 'o'
    (o, u), 'i' (i, y); a y that begins the word is a consonant."""
    kinds = {"a": "a", "e": "e", "o": "o", "u": "o", "i": "i", "y": "i"}
    return [kinds[run[0]] for run in re.findall(r"[aeiouy]+", word[1:] if word[:1] == "y" else word)]


def spaceless_greets(greeted: list[str], whole: str, titled: bool) -> bool:
    """Whether a greeting in another script ('Ming', 'Li Ming', 'Mr. Li') names someone whose name
    is written without spaces ('李明', '김민준'), through its transliteration: with a title, its
    family name (its first one or two characters, as its bearers write it too: Kim for 김, Lee
    for 李); without one, the whole name, a given name (the characters after the family name) or
    a part of two characters or more, as in its own script."""
    if not greeted:
        return False
    chars = [c for c in whole if c.isalpha()][:_LONGEST]
    script = "HANGUL" if any(unicodedata.name(c, "").startswith("HANGUL") for c in chars) else ""
    wanted = {key("".join(greeted), script)}
    if len(greeted) > 1:  # given name first, as a name is written in Latin letters: "Ming Li"
        wanted.add(key("".join(greeted[1:] + greeted[:1]), script))
    count = len(chars)
    if titled:
        parts = [(0, end) for end in range(1, min(count, 2) + 1)]
    else:
        parts = [(0, count)] + [(start, count) for start in (1, 2) if start < count]
        parts += [(start, end) for start in range(count) for end in range(start + 2, count + 1)]
    for start, end in parts:
        for spelling in _spellings("".join(chars[start:end]), family=start == 0):
            found = key(spelling, script)
            if any(w == found or _one_vowel_apart(w, found) for w in wanted):
                return True
    return False


def _spellings(part: str, family: bool) -> list[str]:
    """A part of a name without spaces in Latin letters: its transliteration and, for a part that
    begins the name, those with its family name as its bearers write it."""
    first = romanised(part)
    if not family or part[0] not in _FAMILY_SPELLINGS:
        return [first]
    rest = romanised(part[1:])
    return [first, *(spelling + rest for spelling in _FAMILY_SPELLINGS[part[0]])]


# The syllables of Japanese in Latin letters (Hepburn and its common variants), for a name that
# may be read in Japanese: its Chinese characters (田中) have readings no table gives.
_MORA = r"(?:(?:([kstpc])(?=\1))?(?:ky|gy|sh|ch|ny|hy|by|py|my|ry|ts|[kgsztdnhbpmyrwfj])?[aeiou]h?|n(?![aeiouy]))"
_JAPANESE = re.compile(rf"(?:{_MORA})+")


def may_be_japanese(greeted: str, whole: str) -> bool:
    """Whether a name without spaces may be a Japanese name read as the greeting writes it: written
    in Chinese characters (kanji, whose Japanese readings no transliteration gives: 田中 is Tanaka,
    anyascii writes TianZhong), and a greeting that is Japanese syllables."""
    han = any(unicodedata.name(c, "").startswith(("CJK", "IDEOGRAPHIC")) for c in whole)
    word = _letters(greeted)
    return han and bool(word) and _JAPANESE.fullmatch(word) is not None

