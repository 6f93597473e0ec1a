#!/usr/bin/env python3
"""Run draftlint on a corpus and print counts per rule and a random sample
of findings with their source lines, for reading.

    python3 scripts/sample-findings.py target/corpora/adobe-operations \
        [--rules a,b] [--sample 50] [--seed 1] [--context 1]
"""
import argparse, collections, json, os, random, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("root")
ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "draftlint"))
ap.add_argument("--rules", default="")
ap.add_argument("--sample", type=int, default=50)
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--context", type=int, default=1)
ap.add_argument("--extra", default="", help="more arguments for draftlint check")
a = ap.parse_args()

cmd = [a.bin, "check", "--format", "json", a.root] + a.extra.split()
out = subprocess.run(cmd, capture_output=True, text=True).stdout
d = json.loads(out)
fs = d["findings"]
if a.rules:
    keep = set(a.rules.split(","))
    fs = [f for f in fs if f["rule"] in keep or f["category"] in keep]
size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fn in os.walk(a.root) for f in fn if f.endswith(".md"))
print(f"files={d['summary']['files_checked']} MB={size/1e6:.1f} findings={len(fs)}")
for k, v in collections.Counter(f["category"] for f in fs).most_common():
    print(f"  category {k}: {v}")
for k, v in collections.Counter(f["rule"] for f in fs).most_common():
    print(f"  rule {k}: {v}")
random.seed(a.seed)
for i, f in enumerate(random.sample(fs, min(a.sample, len(fs))), 1):
    lines = open(f["path"], encoding="utf-8").read().split("\n")
    print(f"\n[{i}] {f['rule']} {f['path']}:{f['line']}:{f['column']}  {f['message'][:110]}")
    for n in range(max(1, f["line"] - a.context), min(len(lines), f["end_line"] + a.context) + 1):
        mark = ">" if f["line"] <= n <= f["end_line"] else " "
        print(f"   {mark}{n:5} {lines[n-1][:200]}")
