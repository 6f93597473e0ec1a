//! The JSON format, stable and documented in the README:
//!
//! ```json
//! {"version": 1,
//!  "findings": [{"path", "rule", "category", "severity", "message", "help",
//!                "line", "column", "end_line", "end_column",
//!                "span": {"start", "end"}, "fix", "suggestions"}],
//!  "errors": [{"path", "message"}],
//!  "summary": {"files_checked", "files_with_findings", "findings", "errors",
//!              "fixable", "unsafe_fixable", "by_severity": {…}, "by_category": {…}}}
//! ```
//!
//! Lines and columns are 1-based, columns count characters, the end is
//! exclusive; `span` is in bytes, end exclusive.

use std::io::{self, Write};

use serde::Serialize;

use super::Summary;
use crate::finding::{Fix, SpanJson};
use crate::span::ColumnUnit;
use crate::{Report, error::Error};

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    findings: Vec<FindingJson<'a>>,
    errors: Vec<ErrorJson>,
    summary: SummaryJson,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    path: String,
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    span: SpanJson,
    fix: Option<&'a Fix>,
    suggestions: &'a [String],
}

#[derive(Serialize)]
struct ErrorJson {
    path: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct SummaryJson {
    files_checked: usize,
    files_with_findings: usize,
    findings: usize,
    errors: usize,
    fixable: usize,
    unsafe_fixable: usize,
    by_severity: std::collections::BTreeMap<&'static str, usize>,
    by_category: std::collections::BTreeMap<&'static str, usize>,
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut findings = Vec::new();
    for file in &report.files {
        let path = crate::report::display_path(&file.path);
        for f in &file.findings {
            let start = file.at(f.span.start, ColumnUnit::Chars);
            let end = file.at(f.span.end, ColumnUnit::Chars);
            findings.push(FindingJson {
                path: path.clone(),
                rule: &f.rule,
                category: f.category.as_str(),
                severity: f.severity.as_str(),
                message: &f.message,
                help: f.help.as_deref(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                span: f.span.into(),
                fix: f.fix.as_ref(),
                suggestions: &f.suggestions,
            });
        }
    }
    let s = Summary::of(report);
    let doc = Out {
        version: 1,
        findings,
        errors: report.errors.iter().map(error_json).collect(),
        summary: SummaryJson {
            files_checked: s.files_checked,
            files_with_findings: s.files_with_findings,
            findings: s.findings,
            errors: s.errors,
            fixable: s.fixable,
            unsafe_fixable: s.unsafe_fixable,
            by_severity: s
                .by_severity
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect(),
            by_category: s
                .by_category
                .iter()
                .map(|(k, v)| (k.as_str(), *v))
                .collect(),
        },
    };
    // A buffer of its own: through `dyn Write` each of the many small
    // writes of the serializer was a call that could not be inlined.
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    writeln!(out)?;
    out.flush()
}

fn error_json(e: &Error) -> ErrorJson {
    match e {
        Error::Io { path, message } => ErrorJson {
            path: Some(crate::report::display_path(path)),
            message: message.clone(),
        },
        other => ErrorJson {
            path: None,
            message: other.to_string(),
        },
    }
}
