//! Every rule's documented examples are executed: each `flags` example must
//! produce a finding of that rule, each `passes` example must produce none.
//! The same holds for the YAML rules' `examples`, bundled or not.

use std::path::Path;
use std::sync::Arc;

use draftlint::config::{Config, Selection};
use draftlint::registry::{Registry, check_examples};

#[test]
fn every_rule_documents_and_passes_its_examples() {
    let registry = Arc::new(Registry::builtin());
    for rule in registry.rules() {
        let m = rule.meta();
        assert!(
            !m.summary.is_empty() && !m.why.is_empty(),
            "{}: needs docs",
            m.id
        );
    }
    let failures = check_examples(&registry);
    let text: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{}", text.join("\n---\n"));
}

#[test]
fn explain_renders_every_rule_in_one_outline() {
    let config = Config::defaults(Path::new("."), Selection::default());
    for rule in config.registry.rules() {
        let doc = draftlint::cli::docs(rule.as_ref());
        for section in [
            "## What it flags",
            "## Why",
            "## Flagged",
            "## Not flagged",
            "## Options",
        ] {
            assert!(doc.contains(section), "{} lacks {section}", rule.meta().id);
        }
    }
}
