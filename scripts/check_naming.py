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


def code_of(line: str) -> str:
    """The line without string/char literals and // comments (they may name anything)."""
    line = STRING.sub('""', line)
    cut = line.find("//")
    return line if cut < 0 else line[:cut]


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
                line = raw
                if in_block_comment:
                    end = line.find("*/")
                    if end < 0:
                        continue
                    line, in_block_comment = line[end + 2:], False
                start = line.find("/*")
                if start >= 0 and line.find("*/", start) < 0:
                    line, in_block_comment = line[:start], True
                if opted_out:
                    continue
                code = code_of(line)
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
