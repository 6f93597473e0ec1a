//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run
//! whose driver lists every rule of the registry (summary, explanation as
//! help), results with regions in UTF-16 code units (`columnKind`
//! stated), `partialFingerprints` from the finding's identity (stable when
//! lines above it change), and fixes as SARIF `fixes`.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::Report;
use crate::finding::Severity;
use crate::registry::Registry;
use crate::span::ColumnUnit;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: `/` between names, anything but
/// unreserved characters percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn write(report: &Report, registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    let mut ids: Vec<String> = registry
        .rules()
        .iter()
        .map(|r| r.meta().id.to_string())
        .collect();
    let mut rules: Vec<Value> = registry
        .rules()
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": &*m.id,
                "name": &*m.id,
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.why},
                "help": {
                    "text": format!("{}\n\n{}", m.summary, m.why),
                    "markdown": format!("**{}**\n\n{}", m.summary, m.why),
                },
                "defaultConfiguration": {"level": level(m.severity), "enabled": m.enabled},
                "properties": {"tags": [m.category.as_str()]},
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        let path = super::display_path(&file.path);
        let fingerprints = crate::identity::of_file(file);
        let region = |start: u32, end: u32| {
            let a = file.at(start, ColumnUnit::Utf16);
            let b = file.at(end, ColumnUnit::Utf16);
            json!({
                "startLine": a.line, "startColumn": a.column,
                "endLine": b.line, "endColumn": b.column,
            })
        };
        let location = json!({"uri": uri(&path), "uriBaseId": "%SRCROOT%"});
        for (f, fp) in file.findings.iter().zip(fingerprints) {
            // Rules from user folders are not in the built-in registry.
            let index = match ids.iter().position(|i| *i == *f.rule) {
                Some(i) => i,
                None => {
                    ids.push(f.rule.to_string());
                    rules.push(json!({
                        "id": &*f.rule,
                        "name": &*f.rule,
                        "shortDescription": {"text": &*f.rule},
                        "properties": {"tags": [f.category.as_str()]},
                    }));
                    ids.len() - 1
                }
            };
            let mut text = f.message.clone();
            if let Some(h) = &f.help {
                text = format!("{text}. Help: {h}");
            }
            let mut r = json!({
                "ruleId": &*f.rule,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": region(f.span.start, f.span.end),
                    }
                }],
                "partialFingerprints": {"draftlintIdentity/v1": fp},
            });
            if let Some(fix) = &f.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let s = e.span();
                        json!({
                            "deletedRegion": region(s.start, s.end),
                            "insertedContent": {"text": e.replacement},
                        })
                    })
                    .collect();
                r["fixes"] = json!([{
                    "description": {"text": format!("{:?} fix", fix.applicability).to_lowercase()},
                    "artifactChanges": [{"artifactLocation": location, "replacements": replacements}],
                }]);
            }
            results.push(r);
        }
    }
    let notifications: Vec<Value> = report
        .errors
        .iter()
        .map(|e| json!({"level": "error", "message": {"text": e.to_string()}}))
        .collect();
    let run = json!({
        "tool": {"driver": {
            "name": "draftlint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules,
        }},
        "columnKind": "utf16CodeUnits",
        "results": results,
        "invocations": [{
            "executionSuccessful": report.errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }],
    });
    let doc = json!({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]});
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris() {
        assert_eq!(super::uri("docs/a b/é.md"), "docs/a%20b/%C3%A9.md");
        assert_eq!(super::uri("docs\\x.md"), "docs/x.md");
    }
}
