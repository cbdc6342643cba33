#!/usr/bin/env python3
"""The release CLI's audit against a naive pager, over the same seeded simulators.

For each size N (1,000, 5,000 and 10,000 extra tokens by default) this starts the release
simulator with `--seed-tokens N`, adds its MindBridge and Cortex tenants as the CLI's two
connections (`scopekeeper connections add`, the credential on stdin, kept in a throwaway
gnome-keyring on a private D-Bus session bus), then times, as whole processes from outside:

- `scopekeeper audit --format json --timings` with the report on a file: read, judge, save
  the snapshot to the history, print; its per-stage times come from `--timings` (stderr);
- a sequential plain-HTTP pager (this script, in a new Python process, stdlib urllib): every
  MindBridge page of 100 and the Cortex key list, each reply read whole and parsed as JSON.

It prints the median of RUNS runs of each (after one warm-up run each), and the ratio CLI /
pager (goal at 10,000: <= 1.0). Usage: scripts/audit-bench.py [--runs N] [--sizes 1000,5000]
[--bin DIR] (DIR holds `scopekeeper` and `scopekeeper-sim`; default target/release)
[--no-timings] (for a CLI older than `--timings`) [--against DIR] (also time the `scopekeeper`
in DIR, a baseline build, in the same runs; it must accept `--timings` unless --no-timings).
Nothing here needs the network; every process it starts is stopped by its own handle."""
import json, os, statistics, subprocess, sys, tempfile, time, urllib.request

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/></policy></busconfig>
"""


def page_all(handshake):
    """The naive pager: every MindBridge page, then Cortex's key list, one request at a time."""
    mb, cx = handshake["mindbridge"], handshake["cortex"]
    tokens, page = 0, 0
    while True:
        url = f"{mb['base_url']}/api/v1/api-tokens/query?page={page}&size=100"
        req = urllib.request.Request(url, data=b"{}", headers={
            "Authorization": "Bearer " + mb["token"], "Content-Type": "application/json",
            "Accept": "application/json"})
        content = json.loads(urllib.request.urlopen(req).read())["content"]
        tokens += len(content)
        if len(content) < 100:
            break
        page += 1
    req = urllib.request.Request(
        cx["base_url"] + "/public_api/v1/api_keys/get_api_keys",
        data=b'{"request_data":{"filters":[]}}',
        headers={"x-xdr-auth-id": str(cx["api_key_id"]), "Authorization": cx["api_key"],
                 "Content-Type": "application/json"})
    tokens += len(json.loads(urllib.request.urlopen(req).read())["reply"]["DATA"])
    return tokens


class Keyring:
    """A private session bus with an unlocked throwaway gnome-keyring, and private app dirs."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="scopekeeper-bench-")
        d = self.dir.name
        runtime = os.path.join(d, "runtime")
        os.makedirs(runtime, mode=0o700)
        self.env = dict(os.environ, HOME=self.sub("home"), XDG_RUNTIME_DIR=runtime,
                        XDG_DATA_HOME=self.sub("xdg-data"), XDG_CONFIG_HOME=self.sub("xdg-config"),
                        SCOPEKEEPER_CATALOG_DIR=self.sub("no-imports"))
        conf = os.path.join(runtime, "bus.conf")
        with open(conf, "w") as f:
            f.write(BUS_CONFIG)
        self.children = []
        bus = subprocess.Popen(["dbus-daemon", f"--config-file={conf}", "--nofork",
                                "--print-address=1"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
        self.children.append(bus)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        keyring = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--components=secrets",
                                    "--unlock"], env=self.env, stdin=subprocess.PIPE,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.children.append(keyring)
        keyring.stdin.write(b"scopekeeper-bench")  # the throwaway keyring's password
        keyring.stdin.close()
        deadline = time.monotonic() + 20
        while not self.secret_service_is_up():
            if time.monotonic() > deadline:
                sys.exit("gnome-keyring did not take org.freedesktop.secrets on the private bus")
            time.sleep(0.05)

    def sub(self, name):
        path = os.path.join(self.dir.name, name)
        os.makedirs(path, exist_ok=True)
        return path

    def secret_service_is_up(self):
        out = subprocess.run(["dbus-send", "--session", "--print-reply",
                              "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"],
                             env=self.env, capture_output=True, text=True)
        return out.returncode == 0 and "true" in out.stdout

    def close(self):
        for child in reversed(self.children):
            child.kill()
            child.wait()
        self.dir.cleanup()


def parse_timings(stderr):
    """`timings: setup 1.2 ms, read 3.4 ms, …` (the CLI's --timings line) as {stage: ms}."""
    for line in stderr.splitlines():
        if line.startswith("timings: "):
            pairs = (p.strip().rsplit(" ", 2) for p in line[len("timings: "):].split(","))
            return {name: float(ms) for name, ms, _unit in pairs}
    return {}


def timed_audit(cmd, env, out_file):
    """One audit run, its report in `out_file`: (seconds, stderr)."""
    with open(out_file, "w") as out:
        t = time.perf_counter()
        done = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True, env=env)
        took = time.perf_counter() - t
    if done.returncode not in (0, 1) or "error" in done.stderr:
        sys.exit(f"the audit failed ({done.returncode}): {done.stderr}")
    return took, done.stderr


def bench_size(n, runs, bindir, keyring, no_timings, against):
    sim = subprocess.Popen([os.path.join(bindir, "scopekeeper-sim"), "--seed-tokens", str(n)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        handshake = json.loads(sim.stdout.readline())
        env = dict(keyring.env, SCOPEKEEPER_CONFIG_DIR=keyring.sub(f"config-{n}"),
                   SCOPEKEEPER_DATA_DIR=keyring.sub(f"data-{n}"))
        cli = os.path.join(bindir, "scopekeeper")
        mb, cx = handshake["mindbridge"], handshake["cortex"]
        for args, secret in [
            (["--vendor", "mindbridge", "--label", "MB", "--base-url", mb["base_url"]], mb["token"]),
            (["--vendor", "cortex", "--label", "CX", "--base-url", cx["base_url"], "--key-id",
              str(cx["api_key_id"])], cx["api_key"])]:
            subprocess.run([cli, "connections", "add", *args], input=secret, text=True, env=env,
                           check=True, stdout=subprocess.DEVNULL)
        out_file = os.path.join(keyring.dir.name, f"report-{n}.json")
        # The handshake (the simulators' admin credentials) goes to the pager on its standard
        # input, never in an argument any process on the machine can read.
        pager, pager_input = [sys.executable, __file__, "--pager"], json.dumps(handshake)
        audit = [cli, "audit", "--format", "json"] + ([] if no_timings else ["--timings"])
        cli_times, pager_times, base_times, stages = [], [], [], []
        tokens = 0
        for i in range(runs + 1):
            t = time.perf_counter()
            done = subprocess.run(pager, input=pager_input, capture_output=True, text=True,
                                  check=True)
            if i:
                pager_times.append(time.perf_counter() - t)
            tokens = int(done.stdout)
            took, stderr = timed_audit(audit, env, out_file)
            if i:
                cli_times.append(took)
                stages.append(parse_timings(stderr))
            if against:
                took, _ = timed_audit([os.path.join(against, "scopekeeper"), *audit[1:]], env,
                                      out_file + ".baseline")
                if i:
                    base_times.append(took)
        return tokens, cli_times, pager_times, base_times, stages
    finally:
        sim.kill()
        sim.wait()


def main():
    args = sys.argv[1:]
    if args[:1] == ["--pager"]:
        print(page_all(json.loads(sys.stdin.readline())))
        return
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
    sizes = [int(s) for s in args[args.index("--sizes") + 1].split(",")] if "--sizes" in args \
        else [1_000, 5_000, 10_000]
    bindir = args[args.index("--bin") + 1] if "--bin" in args else "target/release"
    no_timings = "--no-timings" in args
    against = args[args.index("--against") + 1] if "--against" in args else None
    keyring = Keyring()
    print(f"CLI audit (release, `audit --format json`) vs a sequential urllib pager, "
          f"medians of {runs} runs, whole processes:")
    try:
        for n in sizes:
            tokens, cli, pager, base, stages = bench_size(n, runs, bindir, keyring, no_timings,
                                                          against)
            c, p = statistics.median(cli), statistics.median(pager)
            parts = ""
            if stages and all(stages):
                parts = ", ".join(f"{k} {statistics.median(s[k] for s in stages):.0f}"
                                  for k in stages[0])
                parts = f"  [CLI stages, ms: {parts}]"
            goal = " (goal <= 1.0)" if n == 10_000 else ""
            print(f"  {tokens:>6} tokens: CLI {c * 1e3:4.0f} ms (best {min(cli) * 1e3:.0f}), "
                  f"pager {p * 1e3:4.0f} ms (best {min(pager) * 1e3:.0f}), "
                  f"ratio {c / p:.2f}{goal}{parts}")
            if base:
                b = statistics.median(base)
                print(f"          baseline CLI ({against}) {b * 1e3:4.0f} ms, ratio {b / p:.2f}; "
                      f"this CLI takes {c / b:.2f}x the baseline's time")
    finally:
        keyring.close()


if __name__ == "__main__":
    main()
