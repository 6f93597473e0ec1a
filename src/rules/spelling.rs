//! Misspelled words in prose: known misspellings (typos-dict) and words
//! one or two edits from a known word, judged against the whole run so
//! that the repository's own vocabulary is not reported.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use foldhash::fast::FixedState;

use super::{Context, Lesson, Rule, StaticMeta};
use crate::document::{BlockKind, Document, Scope, Text};
use crate::finding::{Applicability, Category, Edit, Fix, Hit, Severity};
use crate::span::Span;
use crate::spelling::lexicon::{Lexicon, Near, PREFIXES};
use crate::spelling::tokens::{self, Shape, Word};

pub struct Spelling;

const META: StaticMeta = StaticMeta {
    id: "spelling",
    category: Category::Spelling,
    severity: Severity::Warning,
    enabled: true,
    summary: "A misspelled word in prose: a known misspelling, or a word a typo away from a known one",
    why: "Typos survive review longest. This rule reads prose only (headings, \
          paragraphs, lists, tables, link and alt text, and the title and \
          description in front matter), never code, URLs, HTML or markup names. A \
          word is reported when it is a known misspelling (`refered`), or when it is \
          one or two edits from a dictionary word and the evidence says typo: the \
          correct word is used on the same page (`Pesonalization` beside \
          `Personalization`), or the word is lower-case and rare in the repository. \
          Words the repository uses in several files are its vocabulary; capitalized \
          words near nothing are names. Identifiers (`camelCase`, `snake_case`, \
          `v1.2`), acronyms (`CDP`), compounds of two words (`storefront`) and common \
          technical terms are not checked.\n\n\
          Add your own words to `words:` in the config or to a `draftlint-words.txt` \
          (one a line) beside it. A known misspelling with a single correction is a \
          safe fix (`draftlint check --fix`); other corrections are unsafe fixes.",
    flags: &[
        "# Pesonalization at scale\n\nPersonalization helps every team.\n",
        "As refered to above, the setting is optional.\n",
        "The results show a clear adavantage for the new model.\n",
        "| Option | Use |\n|---|---|\n| Cache | Stores recieved data |\n",
        "See [the configuraton guide](setup.md) for details.\n",
    ],
    passes: &[
        "Adobe Sensei and Magento power the storefront; OOTB, AJO, CJA and CDP are acronyms.\n",
        "Set `maxRetries` or `max_retries` in config.yaml; see https://exmaple.com/pg.\n",
        "The merchandiser can re-rank results at every touchpoint of the ecommerce site.\n",
        "Run kubectl with the --dry-run flag; failover and onboarding are covered.\n",
    ],
    options: &[],
    fixable: true,
};

impl Rule for Spelling {
    crate::rule_meta!(META);

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Hit>) {}

    fn learn(&self, cx: &Context<'_>) -> Option<Lesson> {
        let lex = Lexicon::get()?;
        let doc = cx.doc;
        let mut found: Vec<Candidate> = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut lower_buf = String::with_capacity(48);
        let mut known = KNOWN.take();
        known.resize(KNOWN_SLOTS, 0);
        // Latin filler is a placeholder (placeholder-text reports it), not
        // a run of typos.
        let filler = memchr::memmem::find(doc.prose.text().as_bytes(), b"orem ipsum").is_some();
        for text in prose(doc) {
            let s = text.as_str();
            if filler && memchr::memmem::find(s.as_bytes(), b"orem ipsum").is_some() {
                continue;
            }
            // Nearly every text is all known words: find that out without
            // keeping them.
            let mut unsettled = false;
            tokens::words(s, |w| {
                unsettled = unsettled
                    || !settled(
                        lex,
                        &mut known,
                        &mut lower_buf,
                        cx.words,
                        &s[w.range],
                        w.prefix,
                    );
            });
            if !unsettled {
                continue;
            }
            words.clear();
            tokens::words(s, |w| words.push(w));
            // Runs of text between code and tags, each judged for being
            // another language (`Riconoscimento grafia italiana`): half
            // its words unknown and near no known word.
            let mut run = Run {
                start: found.len(),
                ..Run::default()
            };
            for (k, w) in words.iter().enumerate() {
                let between = k
                    .checked_sub(1)
                    .map_or("", |j| &s[words[j].range.end..w.range.start]);
                if between.len() >= 3 && between.contains('\u{FFFC}') {
                    run.close(&mut found);
                }
                run.words += 1;
                let written = &s[w.range.clone()];
                if settled(lex, &mut known, &mut lower_buf, cx.words, written, w.prefix) {
                    continue;
                }
                let lower = lower_buf.as_str();
                let verdict = verdict(lex, lower, written, w.shape);
                if matches!(verdict, Verdict::Known) {
                    // Spelled right: the dictionary's verdict, whatever
                    // the page.
                    let hash = lex.hash(lower);
                    known[hash as usize % KNOWN_SLOTS] = hash;
                }
                if matches!(verdict, Verdict::Far) {
                    run.far += 1;
                }
                if matches!(verdict, Verdict::Known | Verdict::Far) {
                    continue;
                }
                let span = text.span(w.range.clone());
                let context: Context2 = match &verdict {
                    Verdict::Near { .. } => {
                        let adjacent = |j: Option<usize>| {
                            j.and_then(|j| words.get(j))
                                .filter(|o| gap(s, w, o) == " ")
                                .map(|o| s[o.range.clone()].into())
                        };
                        (adjacent(k.checked_sub(1)), adjacent(Some(k + 1)))
                    }
                    _ => (None, None),
                };
                let is_name = |j: Option<usize>| {
                    j.and_then(|j| words.get(j))
                        .is_some_and(|o| name_beside(lex, s, w, o))
                };
                found.push(Candidate {
                    span,
                    written: written.into(),
                    lower: lower.into(),
                    shape: w.shape,
                    verdict,
                    beside: None,
                    reportable: false,
                    context,
                    signs: Signs {
                        quoted: w.quoted,
                        whole: s.trim() == &s[w.chunk.clone()],
                        emphasized: doc.emphasized(span),
                        name: w.shape == Shape::Capitalized
                            && (is_name(k.checked_sub(1)) || is_name(Some(k + 1))),
                        in_code: false,
                        hyphenated: s[w.chunk.clone()].contains('-'),
                        odd_company: odd_company(lex, cx, &s[w.chunk.clone()], written),
                    },
                });
            }
            run.close(&mut found);
        }
        KNOWN.set(known);
        if found.is_empty() {
            return None;
        }
        mark_beside(doc, &mut found, lex);
        // Searching the page's code is the costly part: only for words that
        // would be reported were they not in it, however rare in the run.
        for c in &mut found {
            c.reportable = judge(lex, c, Usage::default()).is_some();
        }
        mark_in_code(cx, &mut found);
        Some(Box::new(Page { found }))
    }

    fn finish(&self, lessons: &[(usize, &Lesson)], _run: &super::Run, out: &mut Vec<(usize, Hit)>) {
        let Some(lex) = Lexicon::get() else { return };
        let pages: Vec<(usize, &Page)> = lessons
            .iter()
            .filter_map(|(i, l)| l.downcast_ref::<Page>().map(|p| (*i, p)))
            .collect();
        // How many pages use each word, and how often.
        let mut usage: HashMap<&str, Usage, FixedState> = HashMap::default();
        for (_, p) in &pages {
            let mut seen: Vec<&str> = Vec::new();
            for c in &p.found {
                let u = usage.entry(&c.lower).or_default();
                u.uses += 1;
                if !seen.contains(&&*c.lower) {
                    seen.push(&c.lower);
                    u.pages += 1;
                }
            }
        }
        for (i, p) in pages {
            for c in &p.found {
                if let Some(h) = judge(lex, c, usage[&*c.lower]) {
                    out.push((i, h));
                }
            }
        }
    }
}

/// The prose a reader reads: blocks (with their link and alt texts) and
/// the front matter values that are prose (titles, descriptions).
fn prose(doc: &Document) -> impl Iterator<Item = &Text> {
    let blocks = doc
        .units(
            Scope::PARAGRAPH
                .union(Scope::HEADING)
                .union(Scope::LIST_ITEM)
                .union(Scope::TABLE_CELL)
                .union(Scope::BLOCKQUOTE)
                .union(Scope::HTML_ATTRIBUTE)
                .union(Scope::HTML_TEXT),
        )
        .map(|u| u.text);
    let values = doc
        .front_matter
        .iter()
        .flat_map(|f| &f.values)
        .filter(|v| prose_key(&v.key))
        .map(|v| &v.text);
    blocks.chain(values)
}

/// Front matter keys whose values are sentences for readers.
fn prose_key(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    let last = last.split('[').next().unwrap_or(last).to_ascii_lowercase();
    [
        "title",
        "description",
        "summary",
        "subtitle",
        "excerpt",
        "abstract",
        "caption",
        "teaser",
    ]
    .iter()
    .any(|k| last.contains(k))
}

/// Whether a hyphenated chunk has a part, other than `word`, that is no
/// known word.
fn odd_company(lex: &Lexicon, cx: &Context<'_>, chunk: &str, word: &str) -> bool {
    chunk.contains('-')
        && chunk.split('-').any(|part| {
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if part.is_empty() || part == word {
                return false;
            }
            let lower = normalize(part);
            !(lex.contains(&lower)
                || cx.words.contains(&lower)
                || PREFIXES.contains(&lower.as_str()))
        })
}

/// Whether a word is settled without judging it: spelled right by the
/// lexicon (through the cache of known hashes) or the project's words, or
/// too long to be a word. Leaves the word, normalized, in `buf`.
fn settled(
    lex: &Lexicon,
    known: &mut [u64],
    buf: &mut String,
    words: &crate::spelling::Words,
    written: &str,
    prefix: bool,
) -> bool {
    if written.len() > 40 {
        return true;
    }
    let lower = normalize_into(buf, written);
    let hash = lex.hash(lower);
    let slot = hash as usize % KNOWN_SLOTS;
    if known[slot] == hash {
        return true;
    }
    if lex.contains_hash(hash) {
        known[slot] = hash;
        return true;
    }
    words.contains(lower) || (prefix && PREFIXES.contains(&lower))
}

/// [`normalize`] into a buffer kept between words: no allocation for
/// the millions of words that are in the dictionary.
fn normalize_into<'b>(buf: &'b mut String, written: &str) -> &'b str {
    buf.clear();
    if written.is_ascii() {
        buf.push_str(written);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&normalize(written));
    }
    buf
}

/// The lexicon's spelling of a word: lower case, straight apostrophes.
fn normalize(written: &str) -> String {
    let mut lower = written.to_ascii_lowercase();
    if lower.contains('’') {
        lower = lower.replace('’', "'");
    }
    lower
}

/// The text between two words of `s`.
fn gap<'s>(s: &'s str, w: &Word, other: &Word) -> &'s str {
    if other.range.start >= w.range.end {
        &s[w.range.end..other.range.start]
    } else {
        &s[other.range.end..w.range.start.max(other.range.end)]
    }
}

/// Whether `other`, right before or after `w` with one space between,
/// is a capitalized word that is not a common word: the two are parts of
/// a name (`Vitaliy Prokopov`, `Hazel Joie Caquicla`).
fn name_beside(lex: &Lexicon, s: &str, w: &Word, other: &Word) -> bool {
    other.shape == Shape::Capitalized
        && gap(s, w, other) == " "
        && lex
            .lookup(&normalize(&s[other.range.clone()]))
            .is_none_or(|e| e.proper)
}

/// What the lexicon says of a word it does not list.
#[derive(Debug, Clone)]
enum Verdict {
    /// Spelled right after all (Hunspell, a compound).
    Known,
    /// A known misspelling, with its corrections.
    Misspelled(&'static [&'static str]),
    /// Unknown, with known words a typo away, nearest first. `derived`:
    /// it reads as a known word with a prefix, an ending or another word
    /// (`scaffolded`), so only the right word beside it on the page makes it
    /// a typo (`Commercer` beside `Commerce`).
    Near { near: Arc<[Near]>, derived: bool },
    /// Unknown and near nothing: a name, most likely.
    Far,
}

/// Slots of the cache of known words: a direct-mapped table of hashes,
/// small enough to stay in the processor's cache. Word use is so skewed
/// (`the`, `and`, `function`) that most lookups end here.
const KNOWN_SLOTS: usize = 32768;

thread_local! {
    /// Hashes of words the lexicon knows, by slot, for the life of the
    /// worker thread.
    static KNOWN: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
    /// Verdicts by lower-case word, for the life of the worker thread.
    static VERDICTS: RefCell<HashMap<Box<str>, Verdict, FixedState>> = RefCell::default();
}

/// Verdicts by lower-case word, shared by the worker threads: a word is
/// judged once per run.
static SHARED: std::sync::LazyLock<std::sync::Mutex<HashMap<Box<str>, Verdict, FixedState>>> =
    std::sync::LazyLock::new(Default::default);

fn verdict(lex: &Lexicon, lower: &str, written: &str, shape: Shape) -> Verdict {
    let cached = VERDICTS.with(|v| v.borrow().get(lower).cloned());
    if let Some(v) = cached {
        return v;
    }
    let shared = SHARED.lock().ok().and_then(|m| m.get(lower).cloned());
    let v = shared.unwrap_or_else(|| {
        let v = judge_word(lex, lower, written, shape);
        if let Ok(mut m) = SHARED.lock() {
            m.insert(lower.into(), v.clone());
        }
        v
    });
    VERDICTS.with(|m| m.borrow_mut().insert(lower.into(), v.clone()));
    v
}

fn judge_word(lex: &Lexicon, lower: &str, written: &str, shape: Shape) -> Verdict {
    if let Some(fixes) = lex.misspelling(lower) {
        // `requeried` is `re` + `queried`, not a slip for `required`.
        if !lex.prefixed_word(lower) {
            return Verdict::Misspelled(fixes);
        }
    }
    if lower.len() < 4 || lex.hunspell(written) || (shape != Shape::Lower && lex.hunspell(lower)) {
        return Verdict::Known;
    }
    let derived = lex.derived(lower);
    // English words have vowels; `hbmp` and `pptr` are identifiers.
    if !derived && !lower.bytes().any(|b| b"aeiouy".contains(&b)) {
        return Verdict::Far;
    }
    // One edit from a short word is weak evidence; long words may be two
    // edits off, or one letter longer or shorter at an end.
    let long = lower.len() >= 8;
    // A word that adds letters at the start (`ecommerce`, `commerce`),
    // or a short one that adds or drops letters at the end (`Sensei`,
    // `sense`), is a different word more often than a typo.
    let neighbours = |max: u8| -> Vec<Near> {
        lex.near(lower, max)
            .into_iter()
            .filter(|n| {
                let t = lex.entry(n.entry).text;
                !prefixed(lower, t) && (long || !extends(lower, t))
            })
            .collect()
    };
    // The search at two edits is the slow one: only when nothing is one
    // edit away.
    // Two edits count only in words of nine letters or more (see
    // `judge`).
    let mut near = neighbours(1);
    if near.is_empty() && lower.len() >= 9 && !derived {
        near = neighbours(2);
    }
    match (near.is_empty(), derived) {
        (true, true) => Verdict::Known,
        (true, false) => Verdict::Far,
        (false, derived) => Verdict::Near {
            near: near.into(),
            derived,
        },
    }
}

/// Whether one word is the other with letters added at its start or end.
fn extends(a: &str, b: &str) -> bool {
    let b = b.to_ascii_lowercase();
    let (short, long) = if a.len() < b.len() {
        (a, b.as_str())
    } else {
        (b.as_str(), a)
    };
    long.starts_with(short) || long.ends_with(short)
}

/// Whether one word is the other with letters added at its start.
fn prefixed(a: &str, b: &str) -> bool {
    let b = b.to_ascii_lowercase();
    let (short, long) = if a.len() < b.len() {
        (a, b.as_str())
    } else {
        (b.as_str(), a)
    };
    long.len() > short.len() && long.ends_with(short)
}

/// Mark the words the page also uses in code, link targets or its own
/// path: identifiers (`atoi`, a user name), whatever their shape.
fn mark_in_code(cx: &Context<'_>, found: &mut [Candidate]) {
    let mut needles: Vec<String> = found
        .iter()
        .filter(|c| c.reportable)
        .map(|c| c.lower.to_string())
        .collect();
    if needles.is_empty() {
        return;
    }
    needles.sort_unstable();
    needles.dedup();
    // Leftmost-longest, not overlapping: a needle inside a longer word
    // (`recs` in `maxRecs`) does not hide a later whole one, and the
    // search can skip ahead with a prefilter.
    let Ok(ac) = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&needles)
    else {
        return;
    };
    let doc = cx.doc;
    let mut used = vec![false; needles.len()];
    // Part of an identifier written in prose: `VK_HANGUEL`, `_ftime32`.
    let prose = doc.prose.text();
    let bytes = prose.as_bytes();
    for m in ac.find_iter(prose) {
        let at = |i: Option<usize>| i.and_then(|i| bytes.get(i)).copied();
        let (before, after) = (at(m.start().checked_sub(1)), at(Some(m.end())));
        let joins = |b: Option<u8>| b.is_some_and(|b| b == b'_' || b.is_ascii_digit());
        let letter = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphabetic());
        // Written in capitals elsewhere on the page: an acronym or a
        // constant (`SCODE`, *scode*).
        let capitals = prose[m.range()].bytes().all(|b| b.is_ascii_uppercase());
        if (joins(before) || joins(after) || capitals) && !letter(before) && !letter(after) {
            used[m.pattern().as_usize()] = true;
        }
    }
    let mut scan = |hay: &str| {
        let bytes = hay.as_bytes();
        for m in ac.find_iter(hay) {
            let word = |i: Option<usize>| {
                i.and_then(|i| bytes.get(i))
                    .is_some_and(u8::is_ascii_alphabetic)
            };
            if !word(m.start().checked_sub(1)) && !word(Some(m.end())) {
                used[m.pattern().as_usize()] = true;
            }
        }
    };
    for c in &doc.code {
        scan(c.text.as_str());
    }
    for b in &doc.blocks {
        match b.kind {
            BlockKind::CodeBlock => scan(doc.slice(b.span)),
            // The tags only: the text between them is prose.
            BlockKind::Html => {
                for tag in doc.slice(b.span).split('<').skip(1) {
                    scan(tag.split('>').next().unwrap_or(tag));
                }
            }
            _ => {}
        }
    }
    for l in &doc.links {
        scan(&l.dest);
    }
    for d in &doc.definitions {
        scan(&d.dest);
    }
    scan(&cx.path.to_string_lossy());
    for c in found.iter_mut().filter(|c| c.reportable) {
        let i = needles
            .binary_search_by(|n| n.as_str().cmp(&c.lower))
            .expect("every reportable word is a needle");
        c.signs.in_code = used[i];
    }
}

/// Record, for each near word, whether the page itself uses one of its
/// known neighbours: `Pesonalization` beside `Personalization`.
fn mark_beside(doc: &Document, found: &mut [Candidate], lex: &Lexicon) {
    let mut needles: Vec<&str> = Vec::new();
    let mut ids: Vec<u32> = Vec::new();
    // Only what can count below: words of five letters or more, and
    // neighbours one plausible typo away.
    for c in found.iter().filter(|c| could_be_beside(c)) {
        if let Verdict::Near { near, .. } = &c.verdict {
            for n in near.iter() {
                let text = lex.entry(n.entry).text;
                if n.distance == 1 && plausible(&c.lower, text) && !ids.contains(&n.entry) {
                    ids.push(n.entry);
                    needles.push(text);
                }
            }
        }
    }
    if needles.is_empty() {
        return;
    }
    let Ok(ac): Result<AhoCorasick, _> = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&needles)
    else {
        return;
    };
    let text = doc.prose.text().as_bytes();
    let mut used = vec![false; needles.len()];
    for m in ac.find_iter(doc.prose.text()) {
        let before = m.start().checked_sub(1).map(|i| text[i]);
        let after = text.get(m.end()).copied();
        let word_char = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        if !word_char(before) && !word_char(after) {
            used[m.pattern().as_usize()] = true;
        }
    }
    let prose = doc.prose.text();
    for c in found.iter_mut() {
        if let Verdict::Near { near, .. } = &c.verdict {
            let used_here = |e: u32| ids.iter().position(|i| *i == e).is_some_and(|p| used[p]);
            if !could_be_beside(c) {
                continue;
            }
            let mut used_near: Vec<u32> = near
                .iter()
                .filter(|n| n.distance == 1 && plausible(&c.lower, lex.entry(n.entry).text))
                .map(|n| n.entry)
                .filter(|&e| used_here(e))
                .collect();
            // English before technical vocabulary: `ordering` for
            // `orderind`, not `orderId`.
            used_near.sort_by_key(|&e| !lex.entry(e).english);
            let derived = matches!(c.verdict, Verdict::Near { derived: true, .. });
            c.beside = used_near.into_iter().find(|&e| {
                // Words that differ only at the end are mostly relatives
                // (`renderers`, `renderer`; `exponentiate`,
                // `exponential`): only the same words around them make
                // one a typo of the other (`Adobe Commercer`, `Adobe
                // Commerce`).
                let n = lex.entry(e).text;
                // A word built from known ones (`updateable`) is
                // a spelling of its own, unless the same words stand
                // around it.
                !inflection(&c.lower, n)
                    && ((!derived && !end_related(&c.lower, n))
                        || same_context(prose, &c.context, n))
            });
        }
    }
}

/// Whether the right word beside a candidate could make it a finding:
/// short words are too often other words one letter off, and names,
/// mentions, whole cells and handles are never reported.
fn could_be_beside(c: &Candidate) -> bool {
    let g = c.signs;
    c.lower.len() >= 5 && !(g.whole || g.odd_company || g.quoted || g.name)
}

/// Whether `b` is a plausible intended word for the typo `a`: typos keep
/// the first letter, or swap, drop or add it; a different first letter
/// (`getters`, `setters`) is a different word.
fn plausible(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let lower = |x: Option<&u8>| x.map(u8::to_ascii_lowercase);
    lower(a.first()) == lower(b.first())
        || lower(a.first()) == lower(b.get(1))
        || lower(a.get(1)) == lower(b.first())
}

/// Whether two words are forms of one word, differing only in regular
/// endings (`renderers`, `renderer`; `subclassed`, `subclasses`): not a
/// typo of each other.
fn inflection(a: &str, b: &str) -> bool {
    let p = common_prefix(a, b);
    let (x, y) = (&a[p..], b[p..].to_ascii_lowercase());
    let regular = |t: &str| ["", "s", "es", "d", "ed", "ing", "ly", "ally"].contains(&t);
    x != y && regular(x) && regular(&y)
}

/// Whether two words differ only in their endings (`renderer`,
/// `renderers`; `exponentiate`, `exponential`): relatives, not typos.
/// Not when a letter is left out or added before the end (`Commece`,
/// `automatd`) or two letters are swapped (`updatnig`, `querise`), nor when
/// an ending is no English ending (`orderind`).
fn end_related(a: &str, b: &str) -> bool {
    let p = common_prefix(a, b);
    let x = a[p..].to_ascii_lowercase();
    let y = b[p..].to_ascii_lowercase();
    if x.len() > 3 || y.len() > 3 {
        return false;
    }
    if !x.is_empty() && !y.is_empty() && (x.ends_with(&y) || y.ends_with(&x)) {
        return false;
    }
    if x.len() == y.len() && letter_difference(&x, &y) == 0 {
        return false;
    }
    let ending = |t: &str| t.is_empty() || ENDINGS.iter().any(|e| e.ends_with(t));
    ending(&x) && ending(&y)
}

/// English endings, for telling relatives from typos.
const ENDINGS: &[&str] = &[
    "s", "es", "ed", "er", "ers", "ing", "ly", "al", "ally", "ate", "ates", "ated", "ation", "ic",
    "ical", "ity", "ive", "or", "ors", "ment", "ness", "able", "ible", "ize", "ise", "ies", "ied",
    "ier", "en", "est", "ism", "ist", "ant", "ent", "ance", "ence", "ure", "ous",
];

/// How many letters two words do not share, as multisets: 2 for one
/// letter put for another, whatever the order.
fn letter_difference(a: &str, b: &str) -> u32 {
    let mut counts = [0i32; 27];
    let slot = |c: u8| match c.to_ascii_lowercase() {
        c @ b'a'..=b'z' => (c - b'a') as usize,
        _ => 26,
    };
    a.bytes().for_each(|c| counts[slot(c)] += 1);
    b.bytes().for_each(|c| counts[slot(c)] -= 1);
    counts.iter().map(|c| c.unsigned_abs()).sum()
}

/// Whether `prose` has `word` between the same neighbours as a
/// candidate: `Adobe Commerce` for `Adobe Commercer`.
fn same_context(prose: &str, context: &Context2, word: &str) -> bool {
    // Short words (`the profiler`, `the profile`) say nothing.
    let telling = |w: &&str| w.len() >= 4;
    let mut pats = Vec::new();
    if let Some(p) = context.0.as_deref().filter(telling) {
        pats.push(format!("{p} {word}"));
    }
    if let Some(n) = context.1.as_deref().filter(telling) {
        pats.push(format!("{word} {n}"));
    }
    if pats.is_empty() {
        return false;
    }
    let Ok(ac) = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(&pats)
    else {
        return false;
    };
    let bytes = prose.as_bytes();
    ac.find_iter(prose).any(|m| {
        let word = |i: Option<usize>| {
            i.and_then(|i| bytes.get(i))
                .is_some_and(u8::is_ascii_alphanumeric)
        };
        !word(m.start().checked_sub(1)) && !word(Some(m.end()))
    })
}

/// How many leading letters two words share, ignoring case.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = a
        .bytes()
        .zip(b.bytes())
        .take_while(|(x, y)| x.eq_ignore_ascii_case(y))
        .count();
    while !(a.is_char_boundary(n) && b.is_char_boundary(n)) {
        n -= 1;
    }
    n
}

/// An unknown word on a page.
struct Candidate {
    span: Span,
    written: Box<str>,
    lower: Box<str>,
    shape: Shape,
    verdict: Verdict,
    /// The first near word the page also uses.
    beside: Option<u32>,
    /// Reported unless the page uses it in code or the run uses it often.
    reportable: bool,
    signs: Signs,
    /// The words right before and after it, for words built from known
    /// ones.
    context: Context2,
}

/// The words right before and after a word, when it has them.
type Context2 = (Option<Box<str>>, Option<Box<str>>);

/// What the page says about an unknown word besides its spelling.
#[derive(Debug, Clone, Copy, Default)]
struct Signs {
    /// In quotes: mentioned, not used (`"teh" instead of "the"`).
    quoted: bool,
    /// The whole text of its table cell or block (a user name in a list).
    whole: bool,
    /// In emphasis: terms, parameters, foreign words.
    emphasized: bool,
    /// Next to another capitalized word that is no common word: a name.
    name: bool,
    /// Also in code, a link target or the page's path: an identifier.
    in_code: bool,
    /// Part of a hyphenated word (`doc-a-thons`, `-ffunction-sections`).
    hyphenated: bool,
    /// Hyphenated with another unknown word: a handle or a name
    /// (`vishal-webkul`).
    odd_company: bool,
}

/// A run of words between code spans or tags, and the candidates found
/// in it.
#[derive(Default)]
struct Run {
    /// Index of its first candidate.
    start: usize,
    words: usize,
    /// Unknown words near no known word.
    far: usize,
}

impl Run {
    /// End the run; drop its candidates when it reads as another language.
    fn close(&mut self, found: &mut Vec<Candidate>) {
        if self.far >= 2 && self.far * 2 >= self.words {
            found.truncate(self.start);
        }
        *self = Run {
            start: found.len(),
            ..Run::default()
        };
    }
}

/// What the rule learns from a page: its unknown words.
struct Page {
    found: Vec<Candidate>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    /// Pages that use the word.
    pages: u32,
    /// Times it is used in all.
    uses: u32,
}

/// A word used on more pages than this, or more times than
/// [`VOCABULARY_USES`], is the repository's vocabulary.
const VOCABULARY_PAGES: u32 = 2;
const VOCABULARY_USES: u32 = 3;

/// Decide one unknown word, knowing the whole run.
fn judge(lex: &Lexicon, c: &Candidate, usage: Usage) -> Option<Hit> {
    let g = c.signs;
    if g.in_code || g.name || g.quoted {
        return None;
    }
    match &c.verdict {
        Verdict::Misspelled(fixes) => {
            // Three letters or fewer: too often an abbreviation.
            if c.lower.len() <= 3 && (g.emphasized || g.whole) {
                return None;
            }
            let fixes: Vec<String> = fixes.iter().map(|f| with_case(f, &c.written)).collect();
            let applicability = if fixes.len() == 1 {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            let message = match fixes.as_slice() {
                [one] => format!("`{}` is a misspelling of `{one}`", c.written),
                _ => format!("`{}` is a common misspelling", c.written),
            };
            Some(hit(c, message, fixes, applicability))
        }
        Verdict::Near { near, derived } => {
            if g.whole
                || g.odd_company
                || usage.pages > VOCABULARY_PAGES
                || usage.uses > VOCABULARY_USES
            {
                return None;
            }
            let reason = if c.beside.is_some() {
                "used correctly on this page"
            } else {
                // Without the right word beside it, only a lower-case word
                // in running text, one typo from a common word, is taken
                // for a typo: capitalized ones are names, emphasized ones
                // terms, short ones abbreviations.
                let typo = !derived
                    && c.shape == Shape::Lower
                    && !g.emphasized
                    && !g.hyphenated
                    && c.lower.len() >= 6
                    && near.iter().any(|n| {
                        let e = lex.entry(n.entry);
                        e.common
                            && !e.proper
                            && plausible(&c.lower, e.text)
                            && !end_related(&c.lower, e.text)
                            // Two edits only in long words, and only when
                            // they keep the letters (a letter swapped, moved
                            // or put for another).
                            && (n.distance == 1
                                || (c.lower.len() >= 9 && letter_difference(&c.lower, e.text) <= 2))
                    });
                if !typo {
                    return None;
                }
                "not in the dictionary"
            };
            let mut order: Vec<u32> = Vec::new();
            order.extend(c.beside);
            let rest = near
                .iter()
                .map(|n| n.entry)
                .filter(|e| Some(*e) != c.beside);
            let (likely, unlikely): (Vec<u32>, Vec<u32>) =
                rest.partition(|&e| plausible(&c.lower, lex.entry(e).text));
            order.extend(likely);
            order.extend(unlikely);
            let fixes: Vec<String> = order
                .iter()
                .take(3)
                .map(|&e| with_case(lex.entry(e).text, &c.written))
                .collect();
            let message = format!(
                "`{}` looks misspelled: did you mean `{}` ({reason})?",
                c.written, fixes[0]
            );
            Some(hit(c, message, fixes, Applicability::Unsafe))
        }
        Verdict::Known | Verdict::Far => None,
    }
}

fn hit(c: &Candidate, message: String, fixes: Vec<String>, a: Applicability) -> Hit {
    let mut h = Hit::new(c.span, message).help(
        "fix the spelling, or add the word to `words:` in draftlint.yaml or to draftlint-words.txt",
    );
    if let Some(first) = fixes.first() {
        h = h.fix(Fix {
            applicability: a,
            edits: vec![Edit::new(c.span, first.clone())],
        });
    }
    h.suggestions(fixes)
}

/// `fix` written with the case of `like`: `Referred` for `Refered`.
fn with_case(fix: &str, like: &str) -> String {
    let upper_first = like.chars().next().is_some_and(char::is_uppercase);
    if upper_first && fix.chars().next().is_some_and(char::is_lowercase) {
        let mut c = fix.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        fix.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_take_the_case_of_the_typo() {
        assert_eq!(with_case("referred", "Refered"), "Referred");
        assert_eq!(with_case("referred", "refered"), "referred");
        assert_eq!(with_case("GitHub", "githib"), "GitHub");
    }

    #[test]
    fn prose_keys_are_titles_and_descriptions() {
        for k in [
            "title",
            "description",
            "seo-title",
            "meta.description",
            "short_summary",
        ] {
            assert!(prose_key(k), "{k}");
        }
        for k in ["author", "ms.topic", "feature", "keywords[0]", "role"] {
            assert!(!prose_key(k), "{k}");
        }
    }

    #[test]
    fn words_that_extend_others_are_not_neighbours() {
        assert!(extends("sensei", "sense"));
        assert!(extends("forms", "form"));
        assert!(!extends("pesonalization", "personalization"));
    }
}
