#!/usr/bin/env python3
"""Regenerate data/hunspell/en_US.words.

The file holds every word form the Hunspell en_US dictionary
(data/hunspell/en_US.dic + .aff, SCOWL size 60) accepts without
compounding, plus the British, Canadian and Australian spellings of
SCOWL's large British list (`behaviour`, `cancellable`: variants, not
typos), lower-cased, without possessives ("'s" is stripped before a word
is looked up), one a line. Words Hunspell knows only capitalized (names:
`Joe`, `Microsoft`) keep their capitals; the rest are lower case. It
comes in three parts, each after the last behind a line holding only
"~": the words SCOWL lists at size 35 or below in American English
(common words), those of sizes 40 to 50, then the rest. draftlint checks words against this list first (a
hash lookup), asks the Hunspell dictionary about the few words not in it,
and searches it for the dictionary words near an unknown word; "common"
ranks suggestions.

Inputs: `unmunch` from Debian's hunspell-tools, and Debian's word lists
`wamerican-small` (SCOWL size 35), `wamerican` (size 50) and
`wbritish-large` (size 70):

    apt-get download hunspell-tools wamerican-small wamerican wbritish-large
    for d in *.deb; do dpkg-deb -x $d /tmp/w; done
    UNMUNCH=/tmp/w/usr/bin/unmunch python3 scripts/gen-wordlist.py \
      /tmp/w/usr/share/dict/american-english-small \
      /tmp/w/usr/share/dict/american-english \
      /tmp/w/usr/share/dict/british-english-large
"""
import os
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
hun = os.path.join(root, "data", "hunspell")
out = subprocess.run(
    [os.environ.get("UNMUNCH", "unmunch"), f"{hun}/en_US.dic", f"{hun}/en_US.aff"],
    capture_output=True, check=True, text=True, encoding="utf-8",
).stdout


def keep(w):
    return w and not w.endswith("'s") and not any(c.isdigit() for c in w)


forms = {w.strip() for w in out.splitlines()}
forms |= {w.strip() for w in open(sys.argv[3], encoding="utf-8")}
forms = {w for w in forms if keep(w)}
lower = {w for w in forms if w.islower() or not any(c.isalpha() for c in w)}
# A name keeps one written form: the first in sorted order ("McDonald").
names = {}
for w in sorted(forms - lower):
    if w.lower() not in lower:
        names.setdefault(w.lower(), w)
words = lower | set(names.values())
def listed(path):
    return {w.strip().lower() for w in open(path, encoding="utf-8")}


small, medium = listed(sys.argv[1]), listed(sys.argv[2])
tiers = [
    {w for w in words if w.lower() in small},
    {w for w in words if w.lower() in medium and w.lower() not in small},
]
tiers.append(words - tiers[0] - tiers[1])
with open(f"{hun}/en_US.words", "w", encoding="utf-8") as f:
    f.write("\n~\n".join("\n".join(sorted(t)) for t in tiers))
    f.write("\n")
print(" + ".join(str(len(t)) for t in tiers), "words", file=sys.stderr)
