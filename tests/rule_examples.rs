//! Every rule's documented examples are executed: each `flags` example must
//! produce a finding of that rule, each `passes` example must produce none.
//! The same holds for the YAML rules' `examples`, bundled or not.

use std::path::Path;

use draftlint::config::{Config, Selection};

#[test]
fn every_rule_documents_and_passes_its_examples() {
    let config = Config::defaults(Path::new("."), Selection::default());
    let rules = config.rules_for(Path::new("example.md")).unwrap();
    let mut failures = Vec::new();
    for rule in config.registry.rules() {
        let m = rule.meta();
        if m.flags.is_empty() || m.passes.is_empty() {
            failures.push(format!(
                "{}: needs examples that are flagged and examples that pass",
                m.id
            ));
        }
        assert!(
            !m.summary.is_empty() && !m.why.is_empty(),
            "{}: needs docs",
            m.id
        );
        let count = |text: &str| {
            let (_, findings) = draftlint::lint(Path::new("example.md"), text.to_string(), &rules);
            findings.iter().filter(|f| *f.rule == *m.id).count()
        };
        for e in &m.flags {
            if count(e) == 0 {
                failures.push(format!("{}: not flagged:\n{e}", m.id));
            }
        }
        for e in &m.passes {
            if count(e) != 0 {
                failures.push(format!("{}: flagged but should pass:\n{e}", m.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
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
