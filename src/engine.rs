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
    let open = (!rules.gates.is_empty()).then(|| rules.gates.matches(&doc.prose.text));
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
