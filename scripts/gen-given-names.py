#!/usr/bin/env python3
"""Regenerate data/given-names.txt.

Inputs (both public): the 1990 US Census first-name frequency files
(dist.female.first, dist.male.first; public domain, shipped for example in
the MIT-licensed `names` package on PyPI) and a SCOWL-based English word
list of common words (SCOWL size 35: Debian's `wamerican-small`,
/usr/share/dict/american-english-small).

A name is kept when its lower-case form is not itself a common lower-case
English word, nor a month or a day, so that "Will", "Grant", "Page" and
"June" never read as people; the 150 most common names of each list stay
unless they also name a language, a tool or a common thing.

    python3 scripts/gen-given-names.py dist.female.first dist.male.first \
        /usr/share/dict/american-english-small > data/given-names.txt
"""
import sys

*census, wordlist = sys.argv[1:]
words = {w.strip() for w in open(wordlist, encoding="utf-8") if w.strip().islower()}
calendar = {"january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december", "monday",
            "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
words |= calendar
# The most common names stay even when they are also words ("Maria",
# "Mark", "Peter"): capitalised in the middle of a sentence they are people.
# Not these, which also name languages, tools or common things.
not_people = {"ruby", "crystal", "ray", "jack", "amber", "grace", "dawn",
              "rose", "robin", "hazel", "earl", "sherry", "don", "lee", "mike"}
names = set()
for path in census:
    for rank, row in enumerate(open(path, encoding="utf-8")):
        name = row.split()[0].lower()
        common = rank < 150 and name not in not_people
        if len(name) >= 3 and (name not in words or common) and name not in calendar:
            names.add(name)
print("\n".join(sorted(names)))
