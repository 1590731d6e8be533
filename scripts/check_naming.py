#!/usr/bin/env python3
"""The constant part of procsnap's naming convention, checked cheaply (no compiler).

ARCHITECTURE.md ("Conventions") and .clang-tidy hold the whole convention (`bash scripts/lint.sh` runs clang-tidy
with it); this script checks, over the product sources (common/, procfs/, collector/, analyzer/), that
  - a constexpr variable is named k_snake_case, and
  - no name is spelled kCamelCase.
A declaration may opt out as clang-tidy's own comments do, with NOLINT(readability-identifier-naming) on its line or
NOLINTNEXTLINE(readability-identifier-naming) on the line before, and the reason (a getter lambda named like the
function it stands for, a table declaration named after its table).

    python3 scripts/check_naming.py [ROOT]     # exit 0 and "naming convention: ok", or 1 and one line per finding
"""
import pathlib
import re
import sys

FOLDERS = ("common", "procfs", "collector", "analyzer")
CONSTEXPR_VAR = re.compile(r"\bconstexpr\b[^=({;]*?[\s*&]([A-Za-z_]\w*)\s*(=|\{|\[)")
K_CAMEL = re.compile(r"(?<![\w])(k[A-Z]\w*)")
K_SNAKE = re.compile(r"^k_[a-z0-9_]+$")
OPT_OUT = "NOLINT(readability-identifier-naming)"
OPT_OUT_NEXT = "NOLINTNEXTLINE(readability-identifier-naming)"
STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')


def code_of(line: str, in_block_comment: bool):
    """The line's code without string/char literals and comments (they may name anything), and whether a /* comment
    is still open at its end."""
    line = STRING.sub('""', line)
    code = ""
    while line:
        if in_block_comment:
            end = line.find("*/")
            if end < 0:
                return code, True
            line, in_block_comment = line[end + 2:], False
            continue
        line_comment, block = line.find("//"), line.find("/*")
        if block < 0 or (0 <= line_comment < block):
            return code + (line if line_comment < 0 else line[:line_comment]), False
        code += line[:block] + " "
        line, in_block_comment = line[block + 2:], True
    return code, in_block_comment


def findings(root: pathlib.Path):
    for folder in FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".h") or not path.is_file():
                continue
            rel = path.relative_to(root)
            in_block_comment = False
            previous = ""
            for n, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                opted_out = OPT_OUT in raw or OPT_OUT_NEXT in previous
                previous = raw
                code, in_block_comment = code_of(raw, in_block_comment)
                if opted_out:
                    continue
                m = CONSTEXPR_VAR.search(code)
                if m and not K_SNAKE.match(m.group(1)):
                    yield f"{rel}:{n}: {m.group(1)} (a constexpr variable is named k_snake_case)"
                for k in K_CAMEL.findall(code):
                    yield f"{rel}:{n}: {k} (kCamelCase: the convention is k_snake_case)"


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    found = list(findings(root))
    if found:
        print(f"naming convention broken ({len(found)}):")
        for f in found:
            print("  " + f)
        print('See ARCHITECTURE.md, "Conventions".')
        return 1
    print("naming convention: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
