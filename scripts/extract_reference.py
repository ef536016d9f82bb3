#!/usr/bin/env python3
"""Extract facts from the device's HTTP API reference (text from a PDF, with broken lines).

Two things come out of it:
- every method's example request(s): which parameters they show, written to
  usconf/spec/requests.py (the strict emulator and the planner both read it);
- every method's sample answer as a tree of keys, written to
  tests/fixtures/reference/<method>.json (the emulator's answers must carry exactly these keys).

    python scripts/extract_reference.py PATH/TO/ultra-stream-api.txt        # rewrite both
    python scripts/extract_reference.py PATH/TO/ultra-stream-api.txt --check  # exit 1 if they differ

The parser is tolerant on purpose: the text has comments, trailing commas, a missing
colon, an unterminated string and lines broken in the middle of words.
"""
import json
import pathlib
import pprint
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
REQUESTS_PY = ROOT / "usconf" / "spec" / "requests.py"
FIXTURES = ROOT / "tests" / "fixtures" / "reference"

HEADING = re.compile(r"^ ([a-z][a-z0-9-]*)\s*$")
REQUEST = re.compile(r"^(GET|POST) http://ip/usapi\?(?:/usapi\?)?(\S*)")
# A parameter name (possibly broken over two lines by the PDF) at the start of a request line.
PARAM = re.compile(r"([a-z][a-z0-9-]*)=")


def sections(text):
    """(method, [lines]) for each method heading of the reference, in order."""
    out, name, lines = [], None, []
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            if name:
                out.append((name, lines))
            name, lines = match.group(1), []
        elif name:
            lines.append(line)
    if name:
        out.append((name, lines))
    return out


def example_requests(lines):
    """Each example request URL of a section, with a line the PDF broke joined back."""
    out = []
    for i, line in enumerate(lines):
        match = REQUEST.match(line.strip())
        if not match:
            continue
        url = match.group(2)
        # The PDF breaks long URLs at a fixed width: the rest is the next non-empty line,
        # when it continues a parameter (no spaces, not a heading).
        if len(line) >= 110:
            rest = next((x.strip() for x in lines[i + 1:i + 4] if x.strip()), "")
            if rest and " " not in rest and "=" in rest:
                url += rest
        out.append(url)
    return out


def request_params(url):
    """Parameter names an example URL shows (without `method`), in order; `...` marks an elided rest."""
    names = []
    for part in url.split("&"):
        match = PARAM.match(part)
        if match and match.group(1) != "method" and match.group(1) not in names:
            names.append(match.group(1))
    return names, url.rstrip().endswith("...")


# --- tolerant JSON --------------------------------------------------------------------------

TOKEN = re.compile(r'"[^"\n]*"|[{}\[\]:,]|-?\d+(?:\.\d+)?|true|false|null|"')


def _strip_comment(line):
    """The line without a // comment (outside strings)."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "/" and not quoted and line[i:i + 2] == "//":
            return line[:i]
    return line


def tokens(text):
    out = []
    for line in text.splitlines():
        for tok in TOKEN.findall(_strip_comment(line)):
            if tok != '"':          # a lone quote: an unterminated string such as `",`
                out.append(tok)
    return out


def parse(toks, i=0):
    """A value at toks[i] -> (value, next index). Objects/arrays tolerate missing colons and commas."""
    tok = toks[i]
    if tok == "{":
        obj, i = {}, i + 1
        while i < len(toks) and toks[i] != "}":
            if toks[i] == ",":
                i += 1
                continue
            if not toks[i].startswith('"'):
                i += 1                 # stray token: skip it
                continue
            key, i = toks[i][1:-1], i + 1
            if i < len(toks) and toks[i] == ":":
                i += 1
            if i < len(toks) and toks[i] in (",", "}"):
                obj[key] = None        # `"key": ,` (a value the PDF lost)
                continue
            obj[key], i = parse(toks, i)
        return obj, i + 1
    if tok == "[":
        arr, i = [], i + 1
        while i < len(toks) and toks[i] != "]":
            if toks[i] in (",", ":"):
                i += 1
                continue
            value, i = parse(toks, i)
            arr.append(value)
        return arr, i + 1
    if tok.startswith('"'):
        return tok[1:-1], i + 1
    if tok in ("true", "false", "null"):
        return {"true": True, "false": False, "null": None}[tok], i + 1
    return (float(tok) if "." in tok else int(tok)), i + 1


MARKERS = ("Response Body", "Request Body", "JSON structure is as follows")


def marked_blocks(lines):
    """The {...} blocks that open right after a "Response Body" (or "Request Body", "JSON
    structure") line, parsed tolerantly. Fragments elsewhere in a section (one field's
    sub-object explained on its own) are not answers."""
    out = []
    for n, line in enumerate(lines):
        if not line.strip().startswith(MARKERS):
            continue
        rest = [x for x in lines[n + 1:n + 6] if x.strip()]
        if not rest or not rest[0].strip().startswith("{"):
            continue
        start = lines.index(rest[0], n + 1)
        toks = tokens("\n".join(lines[start:]))
        value, _ = parse(toks, toks.index("{"))
        out.append(value)
    return out


def keys(value):
    """The shape of a sample: dicts keep their keys (recursively), lists their first item's shape."""
    if isinstance(value, dict):
        return {k: keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [keys(value[0])] if value and isinstance(value[0], (dict, list)) else []
    return None


def sample_answer(lines):
    """The method's sample answer: the last marked block with `result` (a sample follows its
    commented structure where both are given)."""
    found = [b for b in marked_blocks(lines) if "result" in b]
    if not found:
        return None
    sample = found[-1]
    if any(v == {} for v in sample.values()):
        # A structure whose sub-objects are shown as {} explains each one below it
        # as a fragment (`"rec-status": {...}`): those fill it in.
        for key, value in fragments(lines).items():
            if sample.get(key, {}) == {}:
                sample[key] = value
    return sample


FRAGMENT = re.compile(r'^"([a-z][a-z0-9-]*)"\s*:\s*\{\s*$')


def fragments(lines):
    """`"name": {...}` blocks written at the start of a line: one field explained on its own."""
    out = {}
    for n, line in enumerate(lines):
        match = FRAGMENT.match(line.strip()) if not line.startswith(" ") else None
        if match:
            toks = tokens("\n".join(lines[n:]))
            value, _ = parse(toks, toks.index("{"))
            if value:
                out[match.group(1)] = value
    return out


# --- output ---------------------------------------------------------------------------------

def extract(text):
    requests, samples = {}, {}
    for method, lines in sections(text):
        urls = example_requests(lines)
        if urls:
            examples = []
            for url in urls:
                names, elided = request_params(url)
                examples.append({"params": tuple(names), "elided": elided})
            requests[method] = examples
        sample = sample_answer(lines)
        if sample and len(sample) > 1:
            samples[method] = keys(sample)
    return requests, samples


def requests_module(requests):
    body = pprint.pformat(requests, width=110, sort_dicts=True)
    return (
        '"""Each method\'s example request(s) in the API reference: the parameters they show.\n\n'
        "Generated by scripts/extract_reference.py from the reference; do not edit by hand.\n"
        "`elided` is true where the example ends in `...` (the parameter list says the rest).\n"
        '"""\n\n'
        f"EXAMPLES = {body}\n")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    text = pathlib.Path(argv[1]).read_text(encoding="utf-8", errors="replace")
    requests, samples = extract(text)
    wanted = {REQUESTS_PY: requests_module(requests)}
    for method, shape in samples.items():
        wanted[FIXTURES / f"{method}.json"] = json.dumps(shape, indent=2, sort_keys=True) + "\n"
    if "--check" in argv:
        stale = [str(p.relative_to(ROOT)) for p, t in wanted.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != t]
        extra = sorted(str(p.relative_to(ROOT)) for p in FIXTURES.glob("*.json") if p not in wanted)
        for path in stale + extra:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale or extra else 0
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for path, content in wanted.items():
        path.write_text(content, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
