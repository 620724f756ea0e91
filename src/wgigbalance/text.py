"""Text from other people's files: normalised on the way in, shown safely on the way out.

Values are compared as text, so two spellings of one value must become one string (Unicode
NFC, whitespace collapsed), characters that hide or reorder text (zero-width, bidirectional
controls, terminal escapes) must be found and refused, and values that only look alike
(Cyrillic "е" for Latin "e") must be told apart from real differences.
"""

from __future__ import annotations

import re
import unicodedata

# Control and format characters that hide, reorder or execute (C0/C1 controls other than
# whitespace, which is collapsed; the soft hyphen; zero-width characters and joiners;
# bidirectional marks, embeddings, overrides and isolates; word joiners and invisible
# operators; interlinear annotation; a byte-order mark inside a value; tag characters).
_HIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff"
    "\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff]"
)

# Letters of other scripts drawn like Latin letters (a small, common subset of Unicode's
# confusables: Cyrillic and Greek look-alikes), for telling look-alike values apart.
_LOOKALIKE = str.maketrans(
    "аеорсухіјѕһԁԛԝӏАВЕКМНОРСТХІЈЅԚԜαβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijshdqwlabekmhopctxijsqwabeiknoptuxabezhikmnoptyx",
)


def clean(value: str) -> str:
    """One spelling for one value: Unicode NFC, any run of whitespace (tabs, newlines,
    non-breaking and other odd spaces) one plain space, none around it."""
    if not value.isascii():
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def hidden_character(value: str) -> str | None:
    """The first invisible, bidirectional or control character in `value`, described
    ("U+202E RIGHT-TO-LEFT OVERRIDE"), or None."""
    found = _HIDDEN.search(value)
    return None if found is None else describe(found.group())


def strip_hidden(value: str) -> tuple[str, int]:
    """`value` without its invisible, bidirectional and control characters, and how many."""
    return _HIDDEN.subn("", value)


def describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def skeleton(value: str) -> str:
    """What `value` looks like: case, accents and look-alike letters of other scripts
    folded away. Two different values with one skeleton are easily mistaken."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(_LOOKALIKE)


def foreign_letters(value: str) -> str:
    """The look-alike letters of other scripts in `value`, described, for messages."""
    found = [describe(c) for c in dict.fromkeys(value) if c.translate(_LOOKALIKE) != c]
    return ", ".join(found)


def how_alike(first: str, second: str) -> tuple[str, str]:
    """For two values of one skeleton: a code and the words for how they differ."""
    if first.casefold() == second.casefold():
        return "case_variants", "differ only in upper/lower case"
    odd = foreign_letters(first + second)
    return "lookalike_values", f"look alike ({odd})" if odd else "differ only in accents"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]|" + _HIDDEN.pattern)


def visible(text: str) -> str:
    """Text safe to print: every control, escape, invisible or bidirectional character is
    shown as its code (`\\x1b`, `<U+202E>`), never sent to the terminal; newlines and tabs
    become spaces."""
    if text.isascii() and text.isprintable():
        return text
    return _CONTROL.sub(_shown, text)


_JSON_RAW = re.compile(_HIDDEN.pattern + "|\x85")


def json_escaped(text: str) -> str:
    """JSON text with every control, invisible or bidirectional character written as a
    `\\uXXXX` escape: the same data for a program, nothing raw for a terminal. (json.dumps
    escapes C0 controls itself; line breaks between items are left alone.)"""
    return _JSON_RAW.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a surrogate pair, as JSON writes characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\t\n\r":
        return " "
    if ord(char) < 0x100:
        return f"\\x{ord(char):02x}"
    return f"<U+{ord(char):04X}>"
