#!/usr/bin/env python3
"""Lists source files over 400 lines and Rust/TypeScript/Svelte functions over 80 lines.

A function is measured from its `fn`/`function` line to the line where its body's closing brace
returns to the opening line's indentation. Usage: scripts/size-check.py [--max-file N] [--max-fn N]
Exit 1 when anything is over."""
import re, subprocess, sys

MAX_FILE, MAX_FN = 400, 80
args = sys.argv[1:]
if "--max-file" in args: MAX_FILE = int(args[args.index("--max-file") + 1])
if "--max-fn" in args: MAX_FN = int(args[args.index("--max-fn") + 1])

files = subprocess.run(["git", "ls-files", "*.rs", "*.ts", "*.svelte"], capture_output=True, text=True).stdout.split()
files = [f for f in files if not f.endswith("bindings.ts")]
start = re.compile(r"^(\s*)(pub(\([a-z]+\))?\s+)?(async\s+)?(fn|function)\s+\w+|^(\s*)(export\s+)?(async\s+)?function\s+\w+")
over = []
for f in files:
    lines = open(f, encoding="utf-8").read().split("\n")
    if len(lines) > MAX_FILE:
        over.append(f"{f}: {len(lines)} lines")
    for i, line in enumerate(lines):
        m = start.match(line)
        if not m or line.rstrip().endswith(";"):
            continue
        indent = len(line) - len(line.lstrip())
        for j in range(i + 1, len(lines)):
            l = lines[j]
            if l.strip() in ("}", "},", "};") and len(l) - len(l.lstrip()) == indent:
                if j - i + 1 > MAX_FN:
                    over.append(f"{f}:{i+1}: function of {j-i+1} lines: {line.strip()[:60]}")
                break
print("\n".join(over) if over else f"no file over {MAX_FILE} lines, no function over {MAX_FN}")
sys.exit(1 if over else 0)
