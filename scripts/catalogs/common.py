"""What the catalog generators share: where the catalogs and their reference tables live, how a
reference table is read, and writing a catalog (or checking that the file is what it makes)."""
import json
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src-tauri/crates/scopekeeper-core/catalogs"
REF = CORE / "reference"


def rows(name):
    """The data rows of a reference table: comments (#) and blank lines left out, then the header."""
    out = []
    for line in (REF / name).read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        out.append(line.split("\t"))
    return out[1:]


def write_or_check(catalog, vendor):
    """Writes catalogs/{vendor}.json; with --check, exits 1 if the file is not what it makes."""
    out = CORE / f"{vendor}.json"
    text = json.dumps(catalog, indent=2, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        if out.read_text() != text:
            print(f"{out} is not what scripts/catalogs/{vendor}.py makes; run it", file=sys.stderr)
            sys.exit(1)
        return
    out.write_text(text)
    print(f"wrote {out}")
