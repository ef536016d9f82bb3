"""Device strings made safe to show. The device is untrusted: a name, a server name or a file name it
reports may hold terminal escape sequences (clearing the screen, rewriting what the plan says), bidi
overrides that reorder what is read, or Markdown/HTML that changes a pull request comment.

`text()` is for a terminal: every control character (C0, DEL, C1), and the Unicode format
characters that reorder or hide text, become a visible `\\xNN` / `\\uNNNN`. `markdown()` is that,
then Markdown and HTML syntax made literal. The renderers apply them to each line or cell they
build from device data; the colour codes usconf adds itself are added after.
"""
import re

# A pattern, not compiled here: compiling it is half a millisecond of every start, and only text that is not
# printable needs it (re compiles it on first use and keeps it).
_UNSAFE = ("[\x00-\x1f\x7f-\x9f"                 # C0, DEL, C1 (\x9b is a one-byte CSI)
           "\u061c\u200b-\u200f\u2028-\u202e"     # Arabic letter mark, zero-width and direction marks, separators, embeddings
           "\u2060-\u2064\u2066-\u2069\ufeff]")   # word joiner, invisible operators, isolates, BOM


def _visible(match):
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def text(value):
    """`value` as one line with nothing a terminal would act on."""
    value = "" if value is None else str(value)
    if value.isprintable():
        # no control (Cc), format (Cf) or line or paragraph separator: nothing below would change it
        return value
    import unicodedata

    value = re.sub(_UNSAFE, _visible, value)
    # any other invisible format character (category Cf) as well
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cf" else c for c in value)


def lines(block):
    """A block of lines with each line escaped (the line breaks kept)."""
    return "\n".join(text(line) for line in str(block).split("\n"))


# Inline syntax only: usconf starts every line itself, so line-start syntax (#, -, +, >) cannot occur.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def markdown(value):
    """`value` for Markdown prose or a table cell: escaped as text(), then Markdown and HTML made literal."""
    out = text(value)
    out = "".join(_HTML.get(c, c) for c in out)
    return _MARKDOWN.sub(r"\\\1", out)


def markdown_code(value):
    """`value` as an inline code span in a table: backticks cannot close it, `|` cannot end the cell."""
    out = text(value).replace("|", "\\|")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", out)), default=0) + 1)
    pad = " " if out.startswith("`") or out.endswith("`") or fence != "`" else ""
    return f"{fence}{pad}{out}{pad}{fence}"


# A pattern, not compiled here: compiling it is a third of a millisecond, and only `usconf device` output
# needs it (re compiles it on first use and keeps it).
_JSON_UNSAFE = "[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"


def json_text(dumped):
    """JSON text with what json.dumps(ensure_ascii=False) leaves raw (DEL, C1 controls, format characters)
    escaped; it escapes C0 controls itself, and only strings can hold any of them, so the JSON stays valid."""
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group(0)):04x}", dumped)
