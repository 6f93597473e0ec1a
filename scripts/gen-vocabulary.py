#!/usr/bin/env python3
"""Regenerate data/vocabulary/cspell.txt: technical and product words that
are not in the English dictionary but are spelled right (onboarding,
failover, stdin, Cloudflare, Kubernetes), from cspell's MIT-licensed
dictionaries (https://github.com/streetsidesoftware/cspell-dicts):

    cd /tmp && npm pack @cspell/dict-software-terms @cspell/dict-companies \
        @cspell/dict-fullstack && for f in *.tgz; do tar xzf $f --one-top-level; done
    python3 scripts/gen-vocabulary.py /tmp/cspell-dict-* > data/vocabulary/cspell.txt

Entries are split into words; forbidden entries (`!word`) and affix
markers are dropped; hex-speak and words without a letter are skipped.
"""
import glob, gzip, os, re, sys

words = set()
for pkg in sys.argv[1:]:
    for path in sorted(glob.glob(os.path.join(pkg, "**", "dict", "*.txt*"), recursive=True)):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                line = line.split("#", 1)[0].strip()
                if not line or line.startswith(("!", "~")):
                    continue
                for w in re.split(r"[\s/]+", line):
                    w = w.strip("*+:").strip()
                    if not re.search(r"[A-Za-z]", w) or re.fullmatch(r"[0-9a-fA-F]{6,}", w):
                        continue
                    if re.search(r"[0-9a-f]{4}", w) and re.search(r"\d", w):
                        continue  # hex-speak: 0ff1ce, 8badf00d
                    words.add(w)
print("\n".join(sorted(words)))
