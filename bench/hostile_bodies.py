#!/usr/bin/env python3
"""Peak memory of `incidex build` on reports with 5 MB hostile bodies (BENCHMARKS.md,
"Memory with hostile bodies").

    python3 bench/hostile_bodies.py target/release/incidex /tmp/hostile [--threads 8]

Writes one site per body under the folder (the template's example report with its Cause
replaced by 5,240,000 bytes of one unit repeated; `8x-…` sites hold eight such reports), builds
each into a clean output folder under `/usr/bin/time`, and prints the largest resident set.
"""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "content", "2025-01-15-instance-crash.md")
CAUSE = ("Instance Vast.ai crashée suite à erreur CUDA OOM (Out of Memory) lors d'une requête "
         "d'évaluation avec dialogue très long.")
SIZE = 5_240_000
UNITS = {
    "links": "[a](b) ",
    "strike": "~~x~~ ",
    "emphasis": "*a* _b_ ",
    "code": "`a` ",
    "autolinks": "<http://a.b> ",
    "footnotes": "x[^1] ",
    "link-lines": "[a](b)\n",
    "list": "- [a](b)\n",
    "quote": "> ~~x~~ [a](b)\n",
    "paragraphs": "x\n\n",
    "lines": "word\n",
}


def body(kind):
    if kind == "small":
        return "small"
    if kind == "table":
        row = "| a | [b](c) |\n"
        return "| h | i |\n|---|---|\n" + row * (SIZE // len(row))
    unit = UNITS[kind]
    text = unit * (SIZE // len(unit))
    return text + "\n\n[^1]: note\n" if kind == "footnotes" else text


def site(root, name, kind, reports):
    path = os.path.join(root, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.join(path, "content"))
    with open(os.path.join(path, "incidex.yaml"), "w") as f:
        f.write("title: Hostile\n")
    report = open(EXAMPLE, encoding="utf-8").read().replace(CAUSE, body(kind))
    for i in range(reports):
        with open(os.path.join(path, "content", f"r{i}.md"), "w", encoding="utf-8") as f:
            f.write(report)
    return path


def peak(binary, path, threads):
    env = dict(os.environ)
    if threads:
        env["RAYON_NUM_THREADS"] = str(threads)
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%M %e", binary, "--root", path, "build"],
        env=env, capture_output=True, text=True)
    kb, secs = out.stderr.strip().splitlines()[-1].split()
    return out.returncode, int(kb) // 1024, secs


def main():
    binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 0
    sites = [("small", "small", 1)] + [(k, k, 1) for k in list(UNITS) + ["table"]]
    sites += [("8x-links", "links", 8), ("8x-strike", "strike", 8)]
    for name, kind, reports in sites:
        code, mib, secs = peak(binary, site(root, name, kind, reports), threads)
        print(f"{name:12} exit {code}  peak {mib:5} MiB  {secs} s", flush=True)


if __name__ == "__main__":
    main()
