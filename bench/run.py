#!/usr/bin/env python3
"""Build benchmark: incidex against Hugo on the same generated incidents, side by side.

Generates corpora with ../shared/bench/gen_corpus.py (or --gen), builds them with incidex
(release build) and, when installed, Hugo, alternating runs, and prints the median wall time,
CPU time and peak memory of each, and the ratio. Sources and outputs go on a RAM disk
(/dev/shm) unless --dir says otherwise (use a folder on disk to measure with the disk).

  bench/run.py                         # 1,000 and 10,000 reports, 5 runs each, /dev/shm
  bench/run.py --counts 100000 --runs 3 --dir /var/tmp/incidex-bench
  bench/run.py --check                 # also time `incidex check` and a no-change rebuild
  bench/run.py --counts 10000 --serve  # also time `incidex serve` after a one-report save
  bench/run.py --before /tmp/incidex-old  # also time another incidex binary, run for run

Besides the table, it prints the size of each home page (the page a reader opens first).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def measured(cmd, cwd=None):
    """Runs cmd in a fresh Python child so that its peak memory is this command's own;
    returns (wall seconds, CPU seconds, peak RSS MiB)."""
    code = (
        "import resource,subprocess,sys,time,json;"
        "s=time.perf_counter();p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
        "w=time.perf_counter()-s;r=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(json.dumps([p.returncode,w,r.ru_utime+r.ru_stime,r.ru_maxrss/1024,p.stderr.decode(errors='replace')[-2000:]]))"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], cwd=cwd, capture_output=True, text=True)
    rc, wall, cpu, rss, err = json.loads(out.stdout)
    if rc != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, cpu, rss


def serve_rebuild(incidex, seed_root, runs):
    """Starts `incidex serve` on a copy of the corpus, saves one report (write to a temporary
    file, then rename, as editors do) `runs` times, and returns the rebuild times the server
    printed (ms) and the save-to-updated-page times measured from here (ms)."""
    import re
    import socket
    import tempfile
    work = tempfile.mkdtemp(prefix="incidex-serve-", dir=os.path.dirname(seed_root))
    root = os.path.join(work, "site")
    shutil.copytree(seed_root, root)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([incidex, "-r", root, "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = f"http://127.0.0.1:{port}"
    def get(path):
        with urllib.request.urlopen(base + path, timeout=30) as r:
            return r.read().decode()
    rebuilds, saves = [], []
    try:
        deadline = time.time() + 120
        while True:
            try:
                generation = json.loads(get("/__incidex/state.json"))["generation"]
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit("serve did not start")
                time.sleep(0.1)
        content = os.path.join(root, "content")
        report = sorted(os.listdir(content))[len(os.listdir(content)) // 2]
        path = os.path.join(content, report)
        slug = report[:-3]
        original = open(path, encoding="utf-8").read()
        for n in range(runs):
            marker = f"Benchmark edit {n}."
            text = original.replace("### Cause\n", f"### Cause\n{marker}\n\n", 1)
            if marker not in text:
                text = original + f"\n{marker}\n"
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            start = time.perf_counter()
            os.replace(tmp, path)
            while marker not in get(f"/incidents/{slug}/"):
                if time.perf_counter() - start > 60:
                    sys.exit("the page was not updated within 60 s")
                time.sleep(0.005)
            saves.append((time.perf_counter() - start) * 1000)
            time.sleep(0.5)
        proc.terminate()
        out = proc.communicate(timeout=10)[0]
        rebuilds = [int(m) for m in re.findall(r"ready in (\d+) ms", out)][1:]
    finally:
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    return rebuilds, saves


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--counts", default="1000,10000", help="comma-separated report counts")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default="/dev/shm/incidex-bench", help="where corpora and outputs go")
    ap.add_argument("--gen", default=DEFAULT_GEN, help="path to gen_corpus.py")
    ap.add_argument("--check", action="store_true", help="also time check and a no-change rebuild")
    ap.add_argument("--serve", action="store_true",
                    help="also time serve's rebuild and save-to-updated-page after a one-report save")
    ap.add_argument("--before", metavar="BINARY",
                    help="another incidex binary (an earlier commit's release build) built alternately "
                         "with this one on the same corpus, for a before/after comparison in one run")
    a = ap.parse_args()

    if not os.path.exists(a.gen):
        sys.exit(f"{a.gen}: gen_corpus.py not found (pass --gen)")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    incidex = os.path.join(REPO, "target", "release", "incidex")
    hugo = shutil.which("hugo")
    if not hugo:
        print("hugo not installed (apt-get install hugo): incidex only", file=sys.stderr)

    print(f"machine: {os.cpu_count()} cores; runs: {a.runs}; folder: {a.dir}")
    print(f"{'reports':>8} {'tool':<16} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'vs hugo':>8}")
    for count in [int(c) for c in a.counts.split(",")]:
        base = os.path.join(a.dir, str(count))
        seed_root, hugo_root = os.path.join(base, "seed"), os.path.join(base, "hugo")
        if not os.path.exists(os.path.join(seed_root, "content")):
            shutil.rmtree(base, ignore_errors=True)
            subprocess.run([sys.executable, a.gen, "--count", str(count), "--format", "seed",
                            "--out", os.path.join(seed_root, "content")], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([sys.executable, a.gen, "--count", str(count), "--format", "hugo",
                            "--out", hugo_root], check=True, stdout=subprocess.DEVNULL)
        results = {"incidex build": [], "hugo": []}
        if a.before:
            results["incidex before"] = []
        extra = {"incidex rebuild": [], "incidex check": []}
        for _ in range(a.runs):
            out = os.path.join(base, "out-incidex")
            shutil.rmtree(out, ignore_errors=True)
            results["incidex build"].append(measured([incidex, "-r", seed_root, "build", "--output", out]))
            if a.before:
                out_before = os.path.join(base, "out-before")
                shutil.rmtree(out_before, ignore_errors=True)
                results["incidex before"].append(
                    measured([a.before, "-r", seed_root, "build", "--output", out_before]))
            if a.check:
                extra["incidex rebuild"].append(measured([incidex, "-r", seed_root, "build", "--output", out]))
                extra["incidex check"].append(measured([incidex, "-r", seed_root, "check"]))
            if hugo:
                out = os.path.join(base, "out-hugo")
                shutil.rmtree(out, ignore_errors=True)
                results["hugo"].append(measured([hugo, "--quiet", "-s", hugo_root, "-d", out]))
        hugo_wall = statistics.median(r[0] for r in results["hugo"]) if results["hugo"] else None
        for tool, rows in list(results.items()) + list(extra.items()):
            if not rows:
                continue
            wall = statistics.median(r[0] for r in rows)
            cpu = statistics.median(r[1] for r in rows)
            rss = max(r[2] for r in rows)
            ratio = f"{hugo_wall / wall:7.1f}x" if hugo_wall and tool != "hugo" else ""
            print(f"{count:>8} {tool:<16} {wall:8.2f} {cpu:8.2f} {rss:9.0f} {ratio:>8}")
        for tool, out in [("incidex", "out-incidex"), ("hugo", "out-hugo")]:
            home = os.path.join(base, out, "index.html")
            if os.path.exists(home):
                print(f"{count:>8} {tool:<16} home page {os.path.getsize(home) / 1024:,.0f} KiB")
        if a.serve:
            rebuilds, saves = serve_rebuild(incidex, seed_root, a.runs)
            if rebuilds:
                print(f"{count:>8} incidex serve    one-report rebuild {statistics.median(rebuilds):.0f} ms (median of {len(rebuilds)})")
            print(f"{count:>8} incidex serve    save to updated page {statistics.median(saves):.0f} ms (median of {len(saves)})")


if __name__ == "__main__":
    main()
