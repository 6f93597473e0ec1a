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
use crate::finding::{Finding, Hit, Severity};
use crate::registry::Registry;
use crate::rules::{Context, Lesson, Rule};
use crate::spelling::Words;
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
    /// The config's `words:`.
    pub words: Arc<Words>,
    /// The config's `links:`.
    pub links: Arc<crate::links::Settings>,
    gates: RegexSet,
    /// Which gates belong to each active rule (empty: always run).
    gate_ranges: Vec<Range<usize>>,
}

impl RuleSet {
    pub fn new(active: Vec<Active>, registry: Arc<Registry>) -> RuleSet {
        let gates: Vec<Vec<String>> = active
            .iter()
            .map(|a| {
                a.rule
                    .gates()
                    .iter()
                    .map(|g| crate::pattern::ascii_boundaries(g))
                    .collect()
            })
            .collect();
        // Compiling the set checks every gate at once; only when it fails
        // is each gate tried on its own, to find the rule at fault.
        let (gates, gate_ranges) = match gate_set(gates.iter().flatten()) {
            Ok(set) => {
                let mut at = 0;
                let ranges = gates
                    .iter()
                    .map(|g| {
                        at += g.len();
                        at - g.len()..at
                    })
                    .collect();
                (set, ranges)
            }
            Err(_) => {
                let mut patterns: Vec<&String> = Vec::new();
                let mut ranges = Vec::with_capacity(active.len());
                for (a, g) in active.iter().zip(&gates) {
                    let start = patterns.len();
                    // A gate that does not compile is a bug in its rule: run
                    // the rule on every page rather than on none.
                    if g.iter().all(|g| Regex::new(g).is_ok()) {
                        patterns.extend(g);
                    } else {
                        debug_assert!(false, "gates of {} must compile", a.rule.meta().id);
                    }
                    ranges.push(start..patterns.len());
                }
                let set = gate_set(patterns).expect("each gate compiled on its own");
                (set, ranges)
            }
        };
        RuleSet {
            active,
            registry,
            words: Arc::default(),
            links: Arc::default(),
            gates,
            gate_ranges,
        }
    }

    /// The same rules with the config's `words:`.
    pub fn with_words(mut self, words: Arc<Words>) -> RuleSet {
        self.words = words;
        self
    }

    /// The same rules with the config's `links:`.
    pub fn with_links(mut self, links: Arc<crate::links::Settings>) -> RuleSet {
        self.links = links;
        self
    }

    /// The same rules, all run on every page: for tests that check that
    /// gates only ever skip rules that would find nothing.
    #[doc(hidden)]
    pub fn ungated(mut self) -> RuleSet {
        self.gate_ranges.iter_mut().for_each(|r| *r = 0..0);
        self
    }
}

/// The gates as one set. Its lazy DFA gets more room than the default: with
/// every rule's gates together, the default cache filled and was rebuilt
/// over and over on cpp-docs (a sixth of the gate pass).
fn gate_set<I, S>(patterns: I) -> Result<RegexSet, regex::Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    regex::RegexSetBuilder::new(patterns)
        .dfa_size_limit(16 << 20)
        .build()
}

/// Lint one parsed document: [`check_page`], then [`finish`] with this
/// page as the whole run.
pub fn check(path: &Path, doc: &Document, rules: &RuleSet) -> Vec<Finding> {
    check_in(path, doc, rules, &crate::rules::Run::default())
}

/// [`check`] as part of `run` (its disk listing, its external checker).
pub fn check_in(
    path: &Path,
    doc: &Document,
    rules: &RuleSet,
    run: &crate::rules::Run,
) -> Vec<Finding> {
    let mut page = check_page(path, doc, rules, &rules.words, run);
    if page.pending.is_some() {
        let pending = [page.pending.take()];
        page.findings
            .extend(finish(&pending, run).into_iter().map(|(_, f)| f));
        sort(&mut page.findings);
    }
    page.findings
}

/// One page, checked: its findings, and what it leaves for the end of
/// the run.
pub struct PageCheck {
    /// Sorted by position.
    pub findings: Vec<Finding>,
    /// None when no rule learned anything from the page.
    pub pending: Option<Pending>,
}

/// What a page leaves for [`finish`]: its lessons and its suppressions.
pub struct Pending {
    lessons: Vec<(Active, Lesson)>,
    suppressions: Suppressions,
}

/// Run every rule over one page; rules that judge against the whole run
/// only learn here. `words` are the project's words for this page.
pub fn check_page(
    path: &Path,
    doc: &Document,
    rules: &RuleSet,
    words: &Words,
    run: &crate::rules::Run,
) -> PageCheck {
    let suppressions = Suppressions::parse(doc);
    let text = doc.prose.text();
    let open = (!rules.gates.is_empty()).then(|| rules.gates.matches(text));
    let mut findings = Vec::new();
    let mut lessons = Vec::new();
    let mut hits = Vec::new();
    let mut open_gates = Vec::new();
    for (a, gates) in rules.active.iter().zip(&rules.gate_ranges) {
        open_gates.clear();
        if let Some(o) = open.as_ref().filter(|_| !gates.is_empty()) {
            open_gates.extend(gates.clone().map(|g| o.matched(g)));
        }
        if !gates.is_empty() && !open_gates.contains(&true) {
            continue;
        }
        let cx = Context {
            doc,
            path,
            registry: &rules.registry,
            open_gates: &open_gates,
            words,
            links: &rules.links,
            run,
        };
        hits.clear();
        a.rule.check(&cx, &mut hits);
        findings.extend(hits.drain(..).filter_map(|h| finding(a, &suppressions, h)));
        if let Some(l) = a.rule.learn(&cx) {
            lessons.push((a.clone(), l));
        }
    }
    sort(&mut findings);
    PageCheck {
        findings,
        pending: (!lessons.is_empty()).then_some(Pending {
            lessons,
            suppressions,
        }),
    }
}

/// The end of the run: every rule that learned from pages decides, once,
/// with all of them. `pages` are indexed as the run numbers them (None:
/// nothing pending); returns findings by page, unsorted.
pub fn finish(pages: &[Option<Pending>], run: &crate::rules::Run) -> Vec<(usize, Finding)> {
    let mut by_rule: std::collections::BTreeMap<&str, Vec<(usize, &Active, &Lesson)>> =
        Default::default();
    for (i, p) in pages.iter().enumerate() {
        for (a, l) in p.iter().flat_map(|p| &p.lessons) {
            by_rule
                .entry(&a.rule.meta().id)
                .or_default()
                .push((i, a, l));
        }
    }
    let mut out = Vec::new();
    let mut hits = Vec::new();
    for lessons in by_rule.into_values() {
        let first = lessons[0].1;
        let given: Vec<(usize, &Lesson)> = lessons.iter().map(|&(i, _, l)| (i, l)).collect();
        hits.clear();
        first.rule.finish(&given, run, &mut hits);
        for (page, h) in hits.drain(..) {
            let Some(Some(p)) = pages.get(page) else {
                debug_assert!(false, "a hit for a page that gave no lesson");
                continue;
            };
            // The page's own configuration of the rule sets the severity.
            // Lessons are in page order, one per page.
            let a = lessons
                .binary_search_by_key(&page, |l| l.0)
                .map_or(first, |i| lessons[i].1);
            if let Some(f) = finding(a, &p.suppressions, h) {
                out.push((page, f));
            }
        }
    }
    out
}

fn finding(a: &Active, suppressions: &Suppressions, h: Hit) -> Option<Finding> {
    let meta = a.rule.meta();
    if suppressions.covers(&meta.id, meta.category.as_str(), h.span) {
        return None;
    }
    Some(Finding {
        rule: meta.id.clone(),
        category: meta.category,
        severity: a.severity,
        span: h.span,
        message: h.message,
        help: h.help,
        fix: h.fix,
        suggestions: h.suggestions,
    })
}

/// Findings in position order, then by rule.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
}
