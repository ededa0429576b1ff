"""Generate annotator/text/ucd_data.py from BidiBrackets.txt and BidiMirroring.txt.

Usage: python tests/text/gen_ucd_data.py tests/data/unicode annotator/text/ucd_data.py
"""
import sys
from pathlib import Path

def parse(path, nfields):
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        rows.append(parts[:nfields])
    return rows

def main(src, dst):
    brackets = parse(Path(src) / "BidiBrackets.txt", 3)
    mirrors = parse(Path(src) / "BidiMirroring.txt", 2)
    out = ['"""Bidi bracket pairs and mirrored glyphs, Unicode 15.0.0.',
           "",
           "GENERATED from tests/data/unicode/BidiBrackets.txt and BidiMirroring.txt",
           "(Unicode License v3, https://www.unicode.org/terms_of_use.html); do not edit.",
           "tests/text/test_ucd_data.py checks these tables against the files;",
           "regenerate with tests/text/gen_ucd_data.py.",
           '"""',
           "",
           "UNICODE_VERSION = \"15.0.0\"",
           "",
           "# code point -> (paired bracket code point, 'o' open / 'c' close)",
           "BRACKETS: dict[int, tuple[int, str]] = {"]
    for a, b, t in brackets:
        out.append(f"    0x{a}: (0x{b}, {t!r}),")
    out.append("}")
    out.append("")
    out.append("# code point -> mirrored glyph code point (rule L4)")
    out.append("MIRRORS: dict[int, int] = {")
    for a, b in mirrors:
        out.append(f"    0x{a}: 0x{b},")
    out.append("}")
    Path(dst).write_text("\n".join(out) + "\n", encoding="utf-8")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
