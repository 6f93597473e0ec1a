#!/usr/bin/env bash
# Whole-run timings on a real corpus, side by side in one hyperfine run:
# the bare pulldown-cmark parse of the same files (the floor), and
# draftlint with every default rule. Then peak memory of each.
#
#   scripts/bench.sh [corpus]      corpus: cpp-docs (default), adobe-operations, ...
#
# Needs hyperfine (apt-get install hyperfine) and ../shared/corpora.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-cpp-docs}
archive=../shared/corpora/$corpus.tar.gz
dir=target/corpora/$corpus
if [ ! -d "$dir" ]; then
  mkdir -p target/corpora
  tar -xzf "$archive" -C target/corpora
fi
cargo build --release --quiet
cargo build --release --quiet --example parse_floor
floor="target/release/examples/parse_floor $dir"
lint="target/release/draftlint check $dir --format json --fail-on never"
hyperfine --warmup 2 --runs 15 -N --export-json "target/bench-$corpus.json" \
  -n floor "$floor" -n draftlint "$lint"
python3 - "target/bench-$corpus.json" <<'PY'
import json, sys
r = {x["command"]: x["mean"] for x in json.load(open(sys.argv[1]))["results"]}
print(f"draftlint / floor = {r['draftlint'] / r['floor']:.2f}")
PY
for cmd in "$floor" "$lint"; do
  /usr/bin/time -f "peak memory %M KiB: ${cmd%% *}" $cmd > /dev/null
done
