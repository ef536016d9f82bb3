#!/usr/bin/env python3
"""Write usconf/spec/versions.py's ADDED_IN table from the API reference's "Added in V1.x" marks.

    python3 scripts/method_versions.py ultra-stream-api.txt > usconf/spec/versions_table.txt

Prints one `method version` line per method the reference marks; tests/ops/test_versions.py
checks the table in usconf/spec/versions.py against the same parse.
"""
import re
import sys

METHOD = re.compile(r"method=([a-z][a-z-]*[a-z])")
ADDED = re.compile(r"^Added in V(\d+\.\d+)\s*$")


def parse(text):
    """(every method the reference names, {method: "1.x"} for those marked "Added in V1.x")."""
    lines = text.splitlines()
    # A method is a name used in a request URL that is also a line of its own (a heading):
    # this leaves out the placeholder in "method=xxx".
    headings = {line.strip() for line in lines}
    names = {name for name in METHOD.findall(text) if name in headings}
    added = {}
    for i, line in enumerate(lines[:-1]):
        heading = line.strip()
        if heading in names:
            following = next((n for n in lines[i + 1:i + 4] if n.strip()), "")
            match = ADDED.match(following.strip())
            if match:
                added[heading] = match.group(1)
    return names, added


def main(argv):
    with open(argv[1], encoding="utf-8") as fh:
        _, added = parse(fh.read())
    for method in sorted(added):
        print(f'    "{method}": "{added[method]}",')


if __name__ == "__main__":
    main(sys.argv)
