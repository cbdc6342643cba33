#!/usr/bin/env python3
"""Runs the workspace's Rust tests from one debug build, as many at once as the machine has cores.

Usage: scripts/run-tests.py unit|e2e|all [--jobs N]

- One build: `cargo test --workspace --no-run`. Building every member together unifies the
  dependencies' features, so the unit tests, the end-to-end harness and its examples share one
  set of compiled crates. For `e2e` and `all`, `cargo build -p scopekeeper-desktop` then makes
  the app they drive (target/debug/scopekeeper-desktop) with the engine optimised, as `make
  build` does (test builds leave it unoptimised: Cargo.toml); it reuses those dependencies and
  compiles only the core and the app again (about 2 minutes on 2 cores).
- Then every test binary that build produced runs as `cargo test` would run it (from its
  package's folder, with CARGO_MANIFEST_DIR set), up to `--jobs` binaries at once (default: the
  number of cores), longest first by the times the last run recorded in target/test-times.json.
  The end-to-end binaries (package scopekeeper-e2e) run their tests one at a time
  (`--test-threads=1`); each starts its own Xvfb, D-Bus session, keyring and app, so two binaries
  can run side by side.
- `unit` and `all` also run the documentation tests (`cargo test --workspace --doc`).

A binary's output is printed when it ends (in full when it fails, its summary when it passes), so
parallel runs never interleave. A binary that runs past TIMEOUT seconds is killed and fails.
Exit status: 0 when every binary passed, 1 otherwise (the failures are listed at the end).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

E2E_PACKAGE = "scopekeeper-e2e"
TIMEOUT = 20 * 60
ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
TIMES = TARGET / "test-times.json"
CARGO = os.environ.get("CARGO", "cargo")


def build():
    """Builds every test target once; returns the test binaries as dicts."""
    cmd = [CARGO, "test", "--workspace", "--locked", "--no-run",
           "--message-format=json-render-diagnostics"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    binaries = []
    for line in proc.stdout:
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            continue
        if msg.get("reason") != "compiler-artifact":
            continue
        if not (msg.get("executable") and msg["profile"]["test"]):
            continue
        target = msg["target"]
        package_dir = Path(msg["manifest_path"]).parent
        package = package_id_name(msg["package_id"], package_dir)
        binaries.append({
            "label": f"{package} {target['kind'][0]} {target['name']}",
            "package": package,
            "dir": str(package_dir),
            "exe": msg["executable"],
        })
    if proc.wait() != 0:
        sys.exit(f"error: `{' '.join(cmd)}` failed")
    return binaries


def package_id_name(package_id, package_dir):
    """The package name from cargo's package id: `path+file:///…/tests#scopekeeper-e2e@0.1.0`, or
    `path+file:///…/scopekeeper-core#0.1.0` when the folder has the package's name."""
    tail = package_id.rsplit("#", 1)[-1]
    return tail.split("@", 1)[0] if "@" in tail else package_dir.name


def run(binary, e2e_threads):
    args = [binary["exe"]]
    if binary["package"] == E2E_PACKAGE:
        args.append(f"--test-threads={e2e_threads}")
    env = dict(os.environ, CARGO_MANIFEST_DIR=binary["dir"], CARGO_PKG_NAME=binary["package"])
    start = time.monotonic()
    proc = subprocess.Popen(args, cwd=binary["dir"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace",
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=TIMEOUT)
        status = "ok" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            # A child that left the group (a display or bus it started) still holds the pipe.
            out = "(its output could not be read: a child still holds it)"
        status = f"FAILED (killed after {TIMEOUT} s)"
    return status, out, time.monotonic() - start


def summary(out):
    return [l for l in out.splitlines() if l.startswith("test result:")] or ["(no test summary)"]


def build_app():
    """The app the end-to-end tests drive, as `make build` makes it: test builds leave
    scopekeeper-core unoptimised (Cargo.toml), the app keeps its engine at full speed. Only the
    core and the app compile again; their dependencies are the test build's."""
    cmd = [CARGO, "build", "--locked", "-p", "scopekeeper-desktop", "--bins"]
    if subprocess.run(cmd, cwd=ROOT).returncode != 0:
        sys.exit(f"error: `{' '.join(cmd)}` failed")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("which", choices=["unit", "e2e", "all"])
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("TEST_JOBS", os.cpu_count() or 2)))
    ap.add_argument("--e2e-threads", type=int, default=1)
    opts = ap.parse_args()

    started = time.monotonic()
    binaries = build()
    if opts.which != "unit":
        build_app()
    built = time.monotonic() - started
    chosen = [b for b in binaries
              if opts.which == "all" or (b["package"] == E2E_PACKAGE) == (opts.which == "e2e")]
    try:
        times = json.loads(TIMES.read_text())
    except (OSError, ValueError):
        times = {}
    if not chosen:
        sys.exit("error: the build produced no test binaries to run: is cargo's JSON output read right?")
    # Longest first (end-to-end first when nothing was recorded): the pool ends together.
    chosen.sort(key=lambda b: (-times.get(b["label"], 60.0 if b["package"] == E2E_PACKAGE else 1.0),
                               b["label"]))
    print(f"==> built in {built:.0f} s; running {len(chosen)} test binaries, {opts.jobs} at a time",
          flush=True)

    lock = threading.Lock()
    failed = []

    def one(binary):
        status, out, secs = run(binary, opts.e2e_threads)
        with lock:
            times[binary["label"]] = round(secs, 1)
            print(f"==> {binary['label']}: {status} in {secs:.1f} s", flush=True)
            if status == "ok":
                print("\n".join("    " + l for l in summary(out)), flush=True)
            else:
                failed.append(binary["label"])
                print(out, flush=True)

    with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
        list(pool.map(one, chosen))

    if opts.which != "e2e":
        print("==> documentation tests", flush=True)
        if subprocess.run([CARGO, "test", "--workspace", "--locked", "--doc"], cwd=ROOT).returncode:
            failed.append("documentation tests")

    try:
        TIMES.parent.mkdir(parents=True, exist_ok=True)
        TIMES.write_text(json.dumps(times, indent=1, sort_keys=True))
    except OSError:
        pass
    total = time.monotonic() - started
    if failed:
        print(f"==> {len(failed)} failed after {total:.0f} s:", *failed, sep="\n    ")
        sys.exit(1)
    print(f"==> all {len(chosen)} test binaries passed in {total:.0f} s")


if __name__ == "__main__":
    main()
