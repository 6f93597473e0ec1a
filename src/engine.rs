//! Runs the active rules over a Document, stamps each hit with the rule's
//! id, category and configured severity, drops what inline comments
//! suppress, and sorts by position.
//!
//! Before the rules run, one pass of a `RegexSet` over the page's joined
//! prose tests the gates of every rule at once; a rule whose gates all stay
//! shut is not run. Most pages open no gate at all. (Measured on cpp-docs:
//! one set pass costs less than testing each gate as its own regex, even
//! with literal prefilters, because gates share common words.)

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use regex::{Regex, RegexSet};

use crate::document::Document;
use crate::finding::{Finding, Severity};
use crate::registry::Registry;
use crate::rules::{Context, Rule};
use crate::suppress::Suppressions;

/// A rule as configured for one file.
#[derive(Clone)]
pub struct Active {
    pub rule: Arc<dyn Rule>,
    pub severity: Severity,
}

/// The rules that apply to one file, with their gates compiled together.
#[derive(Clone)]
pub struct RuleSet {
    pub active: Vec<Active>,
    pub registry: Arc<Registry>,
    gates: RegexSet,
    /// Which gates belong to each active rule (empty: always run).
    gate_ranges: Vec<Range<usize>>,
}

impl RuleSet {
    pub fn new(active: Vec<Active>, registry: Arc<Registry>) -> RuleSet {
        let mut patterns: Vec<String> = Vec::new();
        let mut gate_ranges = Vec::with_capacity(active.len());
        for a in &active {
            let start = patterns.len();
            let gates: Vec<String> = a
                .rule
                .gates()
                .iter()
                .map(|g| crate::pattern::ascii_boundaries(g))
                .collect();
            // A gate that does not compile is a bug in its rule: run the
            // rule on every page rather than on none.
            if gates.iter().all(|g| Regex::new(g).is_ok()) {
                patterns.extend(gates);
            } else {
                debug_assert!(false, "gates of {} must compile", a.rule.meta().id);
            }
            gate_ranges.push(start..patterns.len());
        }
        let gates = RegexSet::new(&patterns).expect("each gate compiled on its own");
        RuleSet {
            active,
            registry,
            gates,
            gate_ranges,
        }
    }

    /// The same rules, all run on every page: for tests that check that
    /// gates only ever skip rules that would find nothing.
    #[doc(hidden)]
    pub fn ungated(mut self) -> RuleSet {
        self.gate_ranges.iter_mut().for_each(|r| *r = 0..0);
        self
    }
}

/// Lint one parsed document.
pub fn check(path: &Path, doc: &Document, rules: &RuleSet) -> Vec<Finding> {
    let cx = Context {
        doc,
        path,
        registry: &rules.registry,
    };
    let suppressions = Suppressions::parse(doc);
    let text = doc.prose.text();
    let open = (!rules.gates.is_empty()).then(|| rules.gates.matches(text));
    let mut findings = Vec::new();
    let mut hits = Vec::new();
    for (a, gates) in rules.active.iter().zip(&rules.gate_ranges) {
        if !gates.is_empty()
            && !open
                .as_ref()
                .is_some_and(|o| gates.clone().any(|g| o.matched(g)))
        {
            continue;
        }
        let meta = a.rule.meta();
        hits.clear();
        a.rule.check(&cx, &mut hits);
        for h in hits.drain(..) {
            if suppressions.covers(doc, &meta.id, meta.category.as_str(), h.span) {
                continue;
            }
            findings.push(Finding {
                rule: meta.id.clone(),
                category: meta.category,
                severity: a.severity,
                span: h.span,
                message: h.message,
                help: h.help,
                fix: h.fix,
            });
        }
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    findings
}

#[cfg(test)]
mod timing {
    #[test]
    #[ignore]
    fn parse_loop() {
        let root = std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/corpora/cpp-docs"
        ));
        let walked = crate::walk::walk(&[root]);
        let srcs: Vec<String> = walked
            .files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        for _ in 0..5 {
            for s in &srcs {
                let _ = crate::document::Document::parse(s.clone());
            }
        }
    }

    #[test]
    #[ignore]
    fn gate_pass_time() {
        let root = std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/corpora/cpp-docs"
        ));
        let config = crate::config::Config::defaults(std::path::Path::new("."), Default::default());
        let rules = config.rules_for(std::path::Path::new("a.md")).unwrap();
        let walked = crate::walk::walk(&[root]);
        let docs: Vec<_> = walked
            .files
            .iter()
            .map(|p| crate::document::Document::parse(std::fs::read_to_string(p).unwrap()))
            .collect();
        let bytes: usize = docs.iter().map(|d| d.prose.text().len()).sum();
        let t = std::time::Instant::now();
        let mut n = 0;
        for d in &docs {
            n += rules.gates.matches(d.prose.text()).iter().count();
        }
        eprintln!("all gates: {:?} for {bytes} bytes, {n} opened", t.elapsed());
        for skip in [
            "author-note",
            "all-caps-sentence",
            "placeholder-text",
            "placeholder-link",
            "placeholder-xxx",
            "todo-marker",
            "placeholder-in-code",
        ] {
            let pats: Vec<String> = rules
                .active
                .iter()
                .filter(|a| &*a.rule.meta().id != skip)
                .flat_map(|a| a.rule.gates())
                .map(|g| crate::pattern::ascii_boundaries(&g))
                .collect();
            let set = regex::RegexSet::new(&pats).unwrap();
            let t = std::time::Instant::now();
            for d in &docs {
                let _ = set.matches(d.prose.text());
            }
            eprintln!("without {skip}: {:?}", t.elapsed());
        }
        let all: Vec<String> = rules
            .active
            .iter()
            .flat_map(|a| a.rule.gates())
            .map(|g| crate::pattern::ascii_boundaries(&g))
            .collect();
        let strip = |p: &str| {
            p.replace("(?P<m>", "(?:")
                .replace("(?P<who>", "(?:")
                .replace("(?P<poss>", "(?:")
        };
        let union = regex::RegexBuilder::new(
            &all.iter()
                .map(|p| format!("(?:{})", strip(p)))
                .collect::<Vec<_>>()
                .join("|"),
        )
        .dfa_size_limit(64 << 20)
        .build()
        .unwrap();
        let t = std::time::Instant::now();
        let m = docs
            .iter()
            .filter(|d| union.is_match(d.prose.text()))
            .count();
        eprintln!("union is_match: {:?}, {m} docs", t.elapsed());
        let (ascii, uni): (Vec<&String>, Vec<&String>) = all
            .iter()
            .partition(|p| regex::RegexBuilder::new(p).unicode(false).build().is_ok());
        let sa = regex::RegexSetBuilder::new(&ascii)
            .unicode(false)
            .build()
            .unwrap();
        let su = regex::RegexSet::new(&uni).unwrap();
        let t = std::time::Instant::now();
        let mut n = 0;
        for d in &docs {
            n += sa.matches(d.prose.text()).iter().count()
                + su.matches(d.prose.text()).iter().count();
        }
        eprintln!(
            "split gates ascii {} + unicode {}: {:?}, {n} opened",
            ascii.len(),
            uni.len(),
            t.elapsed()
        );
        for (a, r) in rules.active.iter().zip(&rules.gate_ranges) {
            if r.is_empty() {
                continue;
            }
            let pats: Vec<String> = a
                .rule
                .gates()
                .iter()
                .map(|g| crate::pattern::ascii_boundaries(g))
                .collect();
            let set = regex::RegexSet::new(&pats).unwrap();
            let t = std::time::Instant::now();
            let mut n = 0;
            for d in &docs {
                if set.is_match(d.prose.text()) {
                    n += 1;
                }
            }
            eprintln!("{:24} {:?} ({n} docs)", a.rule.meta().id, t.elapsed());
            for p in &pats {
                let re = regex::Regex::new(p).unwrap();
                let m = docs.iter().filter(|d| re.is_match(d.prose.text())).count();
                eprintln!("      {m:5} {}", &p[..p.len().min(100)]);
            }
        }
        let t = std::time::Instant::now();
        for d in &docs {
            for a in &rules.active {
                let mut v = Vec::new();
                a.rule.check(
                    &crate::rules::Context {
                        doc: d,
                        path: std::path::Path::new("a.md"),
                        registry: &rules.registry,
                    },
                    &mut v,
                );
            }
        }
        eprintln!("all rules ungated: {:?}", t.elapsed());
        for a in &rules.active {
            let t = std::time::Instant::now();
            for d in &docs {
                let mut v = Vec::new();
                a.rule.check(
                    &crate::rules::Context {
                        doc: d,
                        path: std::path::Path::new("a.md"),
                        registry: &rules.registry,
                    },
                    &mut v,
                );
            }
            eprintln!("  check {:24} {:?}", a.rule.meta().id, t.elapsed());
        }
        let srcs: Vec<String> = walked
            .files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let t = std::time::Instant::now();
        for s in &srcs {
            let _ = crate::document::Document::parse(s.clone());
        }
        eprintln!("parse Document: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for s in &srcs {
            let _ = pulldown_cmark::Parser::new_ext(s, crate::document::parser_options())
                .into_offset_iter()
                .count();
        }
        eprintln!("pulldown only: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for p in walked.files.iter() {
            let _ = crate::document::Document::parse(std::fs::read_to_string(p).unwrap());
        }
        eprintln!("read+parse Document: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        for p in walked.files.iter() {
            let s = std::fs::read_to_string(p).unwrap();
            let _ = pulldown_cmark::Parser::new_ext(&s, crate::document::parser_options())
                .into_offset_iter()
                .count();
        }
        eprintln!("read+pulldown: {:?}", t.elapsed());
    }
}
