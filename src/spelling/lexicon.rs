//! The words draftlint knows: the Hunspell en_US dictionary (SCOWL) as an
//! expanded word list, technical vocabulary, and the known misspellings of
//! typos-dict; with a search for the known words near an unknown one.
//!
//! Built once per process, on first use, and only when the spelling rule
//! runs.

use std::collections::HashMap;
use std::sync::OnceLock;

use foldhash::fast::FixedState;

/// A word the lexicon knows.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// As it should be written ("GitHub", "referred").
    pub text: &'static str,
    /// A common English word (SCOWL size 35 or below).
    pub common: bool,
    /// Common enough to build other words from (SCOWL size 50 or below).
    pub stock: bool,
    /// From the English dictionary, not the technical vocabulary.
    pub english: bool,
    /// Known only capitalized: a name (`Joe`, `Microsoft`).
    pub proper: bool,
}

/// A known word near an unknown one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Near {
    /// Index of the entry, for [`Lexicon::entry`].
    pub entry: u32,
    /// Edits between the two (Damerau–Levenshtein, adjacent transposition
    /// counting one).
    pub distance: u8,
}

pub struct Lexicon {
    entries: Vec<Entry>,
    /// Lower-case spelling → entry.
    index: Index,
    /// For the search at two edits, built on first use.
    buckets: OnceLock<Buckets>,
    #[cfg(feature = "dictionaries")]
    hunspell: OnceLock<spellbook::Dictionary>,
}

/// Entries grouped by first letter and length, each with its letter mask.
struct Buckets {
    /// (first byte, length) → range of `order`.
    ranges: HashMap<(u8, u8), (u32, u32), FixedState>,
    order: Vec<(u32, u32)>,
}

#[cfg(feature = "dictionaries")]
mod data {
    pub const WORDS: &str = include_str!("../../data/hunspell/en_US.words");
    pub const AFF: &str = include_str!("../../data/hunspell/en_US.aff");
    pub const DIC: &str = include_str!("../../data/hunspell/en_US.dic");
    pub const VOCABULARY: &[&str] = &[
        include_str!("../../data/vocabulary/cspell.txt"),
        include_str!("../../data/vocabulary/docs.txt"),
    ];
}

impl Lexicon {
    /// The lexicon, or `None` in a build without the `dictionaries`
    /// feature.
    pub fn get() -> Option<&'static Lexicon> {
        #[cfg(feature = "dictionaries")]
        {
            static LEXICON: OnceLock<Lexicon> = OnceLock::new();
            Some(LEXICON.get_or_init(|| Lexicon::build(data::WORDS, data::VOCABULARY)))
        }
        #[cfg(not(feature = "dictionaries"))]
        {
            None
        }
    }

    /// Build the lexicon and its lazy parts on a thread of their own, so
    /// that they are ready by the time the first pages are parsed.
    pub fn warm() {
        std::thread::spawn(|| {
            if let Some(lex) = Lexicon::get() {
                lex.hunspell("warm");
                lex.buckets.get_or_init(|| Buckets::new(&lex.entries));
            }
        });
    }

    /// A lexicon from a word list (three tiers, commonest first, each
    /// after the first behind a line `~`; see scripts/gen-wordlist.py)
    /// and vocabulary lists (one word a line, as
    /// written; `#` starts a comment).
    pub fn build(words: &'static str, vocabulary: &[&'static str]) -> Lexicon {
        let mut entries = Vec::with_capacity(140_000);
        let mut index = Index::with_capacity(140_000);
        let mut tier = 0;
        for w in words.lines() {
            if w == "~" {
                tier += 1;
                continue;
            }
            if w.is_empty() {
                continue;
            }
            let proper = w.bytes().any(|b| b.is_ascii_uppercase());
            index.insert(lower_key(w), entries.len() as u32);
            entries.push(Entry {
                text: w,
                common: tier == 0,
                stock: tier <= 1,
                english: true,
                proper,
            });
        }
        for list in vocabulary {
            for line in list.lines() {
                let w = line.split('#').next().unwrap_or("").trim();
                if w.is_empty() || w.contains(char::is_whitespace) {
                    continue;
                }
                let key = lower_key(w);
                if index.get(key).is_some() {
                    continue;
                }
                index.insert(key, entries.len() as u32);
                entries.push(Entry {
                    text: w,
                    common: false,
                    stock: true,
                    english: false,
                    proper: false,
                });
            }
        }
        Lexicon {
            entries,
            index,
            buckets: OnceLock::new(),
            #[cfg(feature = "dictionaries")]
            hunspell: OnceLock::new(),
        }
    }

    /// The entry for a lower-case word.
    pub fn lookup(&self, lower: &str) -> Option<&Entry> {
        self.index.get(lower).map(|i| &self.entries[i as usize])
    }

    pub fn contains(&self, lower: &str) -> bool {
        self.index.get(lower).is_some()
    }

    /// The hash [`Lexicon::contains_hash`] takes: callers that look up
    /// millions of words keep their own cache of known hashes.
    pub fn hash(&self, lower: &str) -> u64 {
        self.index.key(lower)
    }

    pub fn contains_hash(&self, hash: u64) -> bool {
        self.index.map.contains_key(&hash)
    }

    pub fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    /// The corrections of a known misspelling (case-insensitive).
    pub fn misspelling(&self, word: &str) -> Option<&'static [&'static str]> {
        #[cfg(feature = "dictionaries")]
        {
            typos_dict::WORD.find(&unicase::UniCase::new(word)).copied()
        }
        #[cfg(not(feature = "dictionaries"))]
        {
            let _ = word;
            None
        }
    }

    /// Whether Hunspell accepts the word as written: it knows compounds and
    /// forms the expanded list leaves out. Slow (a microsecond): only for
    /// words the list does not know.
    pub fn hunspell(&self, word: &str) -> bool {
        #[cfg(feature = "dictionaries")]
        {
            self.hunspell
                .get_or_init(|| {
                    spellbook::Dictionary::new(data::AFF, data::DIC)
                        .expect("the bundled dictionary parses")
                })
                .check(word)
        }
        #[cfg(not(feature = "dictionaries"))]
        {
            let _ = word;
            false
        }
    }

    /// Whether an unlisted word is made of known ones: two words run
    /// together (`storefront`, `wakeup`), a known word behind a prefix
    /// (`multicloud`, `miscoded`), or a known word with a productive
    /// ending (`scaffolded`, `getters`, `triaging`, `implementor`).
    /// Known misspellings must be ruled out first: `occured` is `occur` +
    /// `ed` too.
    pub fn derived(&self, w: &str) -> bool {
        self.compound(w) || self.inflected(w, true)
    }

    /// A known word of five letters or more behind a prefix (`requeried`,
    /// `unparseable`): a word coined by the rules, even where a list of
    /// misspellings has it. (`untill` and `comany` are no such words.)
    pub fn prefixed_word(&self, w: &str) -> bool {
        PREFIXES.iter().any(|p| {
            w.strip_prefix(p)
                .is_some_and(|rest| rest.len() >= 5 && self.solid(rest))
        })
    }

    /// Two words, or a prefix and a word, run together. Words of three
    /// letters join only longer ones (`dataset`, not `per` + `som`).
    fn compound(&self, w: &str) -> bool {
        (2..w.len().saturating_sub(1)).any(|i| {
            if !w.is_char_boundary(i) {
                return false;
            }
            let (a, b) = w.split_at(i);
            let left =
                PREFIXES.contains(&a) || (a.len() >= 3 && a.len() + b.len() >= 7 && self.solid(a));
            left && (ENDINGS.contains(&b)
                || (b.len() >= 3
                    && (b.len() >= 4 || a.len() >= 4)
                    && (self.solid(b) || self.inflected(b, false))))
        })
    }

    /// A word to build others from: a common English word or technical
    /// vocabulary, not a rare dictionary word (`roup`, `lar`) that would
    /// explain typos away.
    fn solid(&self, lower: &str) -> bool {
        self.lookup(lower).is_some_and(|e| !e.proper && e.stock)
    }

    /// A known word (of three letters or more) with one of [`SUFFIXES`],
    /// allowing for a dropped `e`, a doubled final consonant (`getters`,
    /// not `informmation`) and `y` → `i`; `compound` also tries the stem
    /// as a compound.
    fn inflected(&self, w: &str, compound: bool) -> bool {
        SUFFIXES.iter().any(|s| {
            let Some(stem) = w.strip_suffix(s) else {
                return false;
            };
            // `d` ends words in `e` only (`automated`, not `automatd`).
            if stem.len() < 3
                || (stem.len() < 4 && !matches!(*s, "s" | "es"))
                || (*s == "d" && !stem.ends_with('e'))
            {
                return false;
            }
            let b = stem.as_bytes();
            let last = b[b.len() - 1];
            let vowel_suffix = s.starts_with(['a', 'e', 'i', 'o']);
            let doubled = vowel_suffix
                && last.is_ascii()
                && b.len() >= 4
                && last == b[b.len() - 2]
                && cvc(&b[..b.len() - 1])
                && self.solid(&stem[..stem.len() - 1]);
            self.solid(stem)
                || (vowel_suffix && self.solid(&format!("{stem}e")))
                || (s.starts_with('i') && self.solid(&format!("{stem}y")))
                || doubled
                || (last == b'i' && self.solid(&format!("{}y", &stem[..stem.len() - 1])))
                || (compound && self.compound(stem))
        })
    }

    /// Known words within `max` edits of `lower` (an unknown lower-case
    /// ASCII word), nearest first. One edit is searched exhaustively; two
    /// only among words of the same first letter.
    pub fn near(&self, lower: &str, max: u8) -> Vec<Near> {
        let mut out: Vec<Near> = Vec::new();
        let w = lower.as_bytes();
        let found = |out: &mut Vec<Near>, i: u32, distance: u8| {
            if !out.iter().any(|n| n.entry == i) {
                out.push(Near { entry: i, distance });
            }
        };
        let mut buf = Vec::with_capacity(w.len() + 1);
        let probe = |buf: &[u8], out: &mut Vec<Near>| {
            if let Some(i) = std::str::from_utf8(buf)
                .ok()
                .and_then(|s| self.index.get(s))
            {
                found(out, i, 1);
            }
        };
        // Deletions and transpositions.
        for i in 0..w.len() {
            buf.clear();
            buf.extend_from_slice(&w[..i]);
            buf.extend_from_slice(&w[i + 1..]);
            probe(&buf, &mut out);
            if i + 1 < w.len() && w[i] != w[i + 1] {
                buf.clear();
                buf.extend_from_slice(w);
                buf.swap(i, i + 1);
                probe(&buf, &mut out);
            }
        }
        // Substitutions and insertions.
        for i in 0..=w.len() {
            for c in b'a'..=b'z' {
                if i < w.len() && w[i] != c {
                    buf.clear();
                    buf.extend_from_slice(w);
                    buf[i] = c;
                    probe(&buf, &mut out);
                }
                buf.clear();
                buf.extend_from_slice(&w[..i]);
                buf.push(c);
                buf.extend_from_slice(&w[i..]);
                probe(&buf, &mut out);
            }
        }
        if max >= 2 && !w.is_empty() {
            let b = self.buckets.get_or_init(|| Buckets::new(&self.entries));
            let mask = letters(w);
            let len = w.len();
            for l in len.saturating_sub(2)..=len + 2 {
                let Some(&(s, e)) = b.ranges.get(&(w[0], l.min(255) as u8)) else {
                    continue;
                };
                for &(i, m) in &b.order[s as usize..e as usize] {
                    // Each edit changes at most two letters' presence.
                    if (m ^ mask).count_ones() > 4 {
                        continue;
                    }
                    let t = self.entries[i as usize].text.as_bytes();
                    if let Some(d) = distance(w, t, 2).filter(|&d| d == 2) {
                        found(&mut out, i, d);
                    }
                }
            }
        }
        out.sort_by_key(|n| (n.distance, !self.entries[n.entry as usize].common, n.entry));
        out
    }
}

impl Buckets {
    fn new(entries: &[Entry]) -> Buckets {
        let mut order: Vec<(u32, u32)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.text.is_ascii() && !e.text.is_empty() && e.text.len() < 256)
            .map(|(i, e)| (i as u32, letters(e.text.to_ascii_lowercase().as_bytes())))
            .collect();
        let key = |i: u32| {
            let t = entries[i as usize].text.as_bytes();
            (t[0].to_ascii_lowercase(), t.len() as u8)
        };
        order.sort_by_key(|&(i, _)| key(i));
        let mut ranges = HashMap::with_hasher(FixedState::with_seed(0x5eed));
        let mut start = 0;
        for j in 1..=order.len() {
            if j == order.len() || key(order[j].0) != key(order[start].0) {
                ranges.insert(key(order[start].0), (start as u32, j as u32));
                start = j;
            }
        }
        Buckets { ranges, order }
    }
}

/// Whether a word ends consonant, vowel, consonant (`get`, `commit`): the
/// words that double their last letter before `-ed`, `-er`, `-ing`.
fn cvc(w: &[u8]) -> bool {
    let vowel = |c: u8| b"aeiou".contains(&c);
    match w {
        [.., a, b, c] => !vowel(*a) && vowel(*b) && !vowel(*c) && !b"wxy".contains(c),
        _ => false,
    }
}

/// Prefixes that join a word without being words themselves.
pub const PREFIXES: &[&str] = &[
    "re", "un", "co", "de", "bi", "on", "up", "pre", "non", "sub", "mis", "post", "multi", "inter",
    "intra", "micro", "macro", "auto", "anti", "semi", "hyper", "meta", "cyber", "geo", "bio",
    "eco", "mega", "ultra", "pseudo", "super", "over", "under", "cross", "out", "self",
];

/// Short words that end compounds: `signup`, `checkin`, `logon`,
/// `kickoff`, and the technical tails of names run together (`requirejs`,
/// `cartid`, `graphql`).
const ENDINGS: &[&str] = &[
    "up", "in", "on", "off", "out", "js", "db", "id", "ids", "io", "ui", "ql", "api", "sdk", "cli",
    "css", "php", "sql", "xml", "json", "yaml", "url", "uri", "dns", "ssl", "ssh", "http", "html",
];

/// Endings that make words from words.
const SUFFIXES: &[&str] = &[
    "s", "es", "ed", "d", "ing", "er", "ers", "or", "ors", "ly", "ity", "ities", "able", "ability",
    "ation", "ations", "ization", "izations", "ize", "izes", "ized", "izing", "ness", "less",
    "ment", "ments", "al", "ally", "ful", "ism", "ist", "ists",
];

/// The lower-case key of a word; a copy only when it has capitals, kept
/// for the life of the process like the lexicon.
fn lower_key(w: &'static str) -> &'static str {
    if w.bytes().any(|b| b.is_ascii_uppercase()) {
        Box::leak(w.to_ascii_lowercase().into_boxed_str())
    } else {
        w
    }
}

/// Lower-case spelling → entry, keyed by the spelling's 64-bit hash
/// alone: a lookup touches one table slot and never the text, which is
/// most of the cost of checking millions of words. A word outside the
/// lexicon that shares a hash with one in it has a chance of about 2⁻⁴⁷.
struct Index {
    map: HashMap<u64, u32, BuildHashed>,
    hasher: FixedState,
}

impl Index {
    fn with_capacity(n: usize) -> Index {
        Index {
            map: HashMap::with_capacity_and_hasher(n, BuildHashed),
            hasher: FixedState::with_seed(0x5eed),
        }
    }

    fn key(&self, word: &str) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one(word)
    }

    /// Keeps the first entry of a spelling.
    fn insert(&mut self, word: &str, entry: u32) {
        let key = self.key(word);
        self.map.entry(key).or_insert(entry);
    }

    fn get(&self, word: &str) -> Option<u32> {
        self.map.get(&self.key(word)).copied()
    }
}

/// A hasher for keys that are hashes already.
#[derive(Clone, Copy, Default)]
struct BuildHashed;

impl std::hash::BuildHasher for BuildHashed {
    type Hasher = Hashed;
    fn build_hasher(&self) -> Hashed {
        Hashed(0)
    }
}

/// Passes a `u64` key through.
struct Hashed(u64);

impl std::hash::Hasher for Hashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Which of a–z (and anything else, as one bit) a word holds.
fn letters(w: &[u8]) -> u32 {
    w.iter().fold(0, |m, &c| {
        m | match c.to_ascii_lowercase() {
            c @ b'a'..=b'z' => 1 << (c - b'a'),
            _ => 1 << 26,
        }
    })
}

/// Optimal-string-alignment distance between `a` and `b` (ASCII,
/// case-insensitive), or `None` when it exceeds `max`.
pub fn distance(a: &[u8], b: &[u8], max: usize) -> Option<u8> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let n = b.len();
    let mut prev2 = vec![0usize; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0usize; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        let ca = a[i - 1].to_ascii_lowercase();
        for j in 1..=n {
            let cb = b[j - 1].to_ascii_lowercase();
            let cost = usize::from(ca != cb);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1
                && j > 1
                && ca == b[j - 2].to_ascii_lowercase()
                && a[i - 2].to_ascii_lowercase() == cb
            {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= max).then_some(d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Lexicon {
        Lexicon::build(
            "personalization\nreferred\nsense\n~\nstorefront\n~\nmerchandiser\n",
            &["GitHub\nKubernetes\n# a comment\n"],
        )
    }

    #[test]
    fn words_and_vocabulary_are_found_lower_case() {
        let l = tiny();
        assert!(l.contains("referred"));
        assert!(
            l.lookup("github")
                .is_some_and(|e| e.text == "GitHub" && !e.english)
        );
        assert!(l.lookup("sense").is_some_and(|e| e.common));
        assert!(l.lookup("storefront").is_some_and(|e| !e.common && e.stock));
        assert!(
            l.lookup("merchandiser")
                .is_some_and(|e| !e.common && !e.stock)
        );
        assert!(!l.contains("# a comment"));
    }

    #[test]
    fn words_with_other_characters_never_panic() {
        let l = tiny();
        for w in ["doesn’t", "naïveté", "sense’s", "’’’’", "é", "referredé"] {
            l.derived(w);
            l.near(w, 2);
        }
    }

    #[test]
    fn near_finds_one_and_two_edits() {
        let l = tiny();
        let text = |n: &[Near]| {
            n.iter()
                .map(|n| (l.entry(n.entry).text, n.distance))
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&l.near("pesonalization", 2)), [("personalization", 1)]);
        assert_eq!(text(&l.near("refered", 1)), [("referred", 1)]);
        assert_eq!(text(&l.near("kubernets", 1)), [("Kubernetes", 1)]);
        assert_eq!(text(&l.near("prsonalizaton", 2)), [("personalization", 2)]);
        assert!(l.near("prsonalizaton", 1).is_empty());
        assert!(l.near("magento", 2).is_empty());
    }

    #[test]
    fn distance_counts_a_transposition_as_one() {
        assert_eq!(distance(b"teh", b"the", 2), Some(1));
        assert_eq!(distance(b"adavantage", b"advantage", 2), Some(1));
        assert_eq!(distance(b"abc", b"xyz", 2), None);
        assert_eq!(distance(b"Queriers", b"queries", 1), Some(1));
    }
}
