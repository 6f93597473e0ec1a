//! Output formats, at the edge: each turns a [`Report`] into text. Line and
//! column come from the file's line index in the unit the format needs.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod summary;

use std::collections::BTreeMap;

use crate::Report;
use crate::finding::{Category, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source lines with the span underlined, and a summary.
    Human,
    /// One line per finding: `path:line:column: severity [rule] message`.
    Concise,
    /// One JSON object; see the README for the schema.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning (columns in UTF-16 units).
    Sarif,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
    /// JUnit XML, for CI test reports.
    Junit,
    /// reviewdog's diagnostic JSON (`reviewdog -f=rdjson`; byte columns).
    Rdjson,
    /// Readiness per file (counts by category, a verdict) and totals.
    Summary,
}

/// Counts over a report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files_checked: usize,
    pub files_with_findings: usize,
    pub findings: usize,
    pub errors: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    pub by_category: BTreeMap<Category, usize>,
    /// Findings that have a safe fix.
    pub fixable: usize,
    /// Findings whose fix is unsafe (a likely correction).
    pub unsafe_fixable: usize,
}

impl Summary {
    pub fn of(report: &Report) -> Summary {
        let mut s = Summary {
            files_checked: report.checked,
            files_with_findings: report.files.len(),
            errors: report.errors.len(),
            ..Summary::default()
        };
        for f in report.files.iter().flat_map(|f| &f.findings) {
            s.findings += 1;
            *s.by_severity.entry(f.severity).or_default() += 1;
            *s.by_category.entry(f.category).or_default() += 1;
            match f.fix.as_ref().map(|x| x.applicability) {
                Some(crate::finding::Applicability::Safe) => s.fixable += 1,
                Some(crate::finding::Applicability::Unsafe) => s.unsafe_fixable += 1,
                None => {}
            }
        }
        s
    }

    /// Whether any finding is at or above `level`.
    pub fn fails(&self, level: Option<Severity>) -> bool {
        match level {
            None => false,
            Some(l) => self.by_severity.iter().any(|(s, n)| *s >= l && *n > 0),
        }
    }
}

/// A path as reports print it.
pub fn display_path(p: &std::path::Path) -> String {
    p.to_string_lossy().into_owned()
}

/// "1 file", "3 files".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
