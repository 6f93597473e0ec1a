//! Runs the active rules over a Document, stamps each hit with the rule's
//! id, category and configured severity, drops what inline comments
//! suppress, and sorts by position.

use std::path::Path;
use std::sync::Arc;

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

/// The rules that apply to one file, and what the engine needs to know
/// about the registry to check suppression comments.
#[derive(Clone)]
pub struct RuleSet {
    pub active: Vec<Active>,
    pub registry: Arc<Registry>,
}

/// Lint one parsed document.
pub fn check(path: &Path, doc: &Document, rules: &RuleSet) -> Vec<Finding> {
    let cx = Context {
        doc,
        path,
        registry: &rules.registry,
    };
    let suppressions = Suppressions::parse(doc);
    let mut findings = Vec::new();
    let mut hits = Vec::new();
    for a in &rules.active {
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
