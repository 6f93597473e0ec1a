//! The readiness summary (`--format summary`): for each file with
//! findings, its counts by category and a verdict, then totals and the
//! verdict for the whole set. A page is ready when none of its findings is
//! at or above the `--fail-on` level (default: warning); files without
//! findings are ready and counted, not listed.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{Summary, plural};
use crate::Report;
use crate::finding::{Category, Severity};

pub fn write(report: &Report, fail_on: Option<Severity>, out: &mut dyn Write) -> io::Result<()> {
    let blocks = |s: Severity| fail_on.is_some_and(|l| s >= l);
    // The categories that occur, in their usual order, as columns.
    let used: Vec<Category> = Category::ALL
        .into_iter()
        .filter(|c| {
            report
                .files
                .iter()
                .flat_map(|f| &f.findings)
                .any(|f| f.category == *c)
        })
        .collect();
    let rows: Vec<(String, bool, BTreeMap<Category, usize>)> = report
        .files
        .iter()
        .map(|f| {
            let mut counts = BTreeMap::new();
            for x in &f.findings {
                *counts.entry(x.category).or_default() += 1;
            }
            let ready = !f.findings.iter().any(|x| blocks(x.severity));
            (super::display_path(&f.path), ready, counts)
        })
        .collect();
    let threshold = match fail_on {
        Some(l) => format!("no finding at {l} level or above"),
        None => "always (--fail-on never)".into(),
    };
    writeln!(out, "Readiness: a page is ready with {threshold}.")?;
    if !rows.is_empty() {
        let width = rows
            .iter()
            .map(|r| r.0.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let mut head = format!("\n{:<9}  {:<width$}", "verdict", "file");
        for c in &used {
            head.push_str(&format!("  {:>w$}", c.as_str(), w = c.as_str().len()));
        }
        writeln!(out, "{}", head.trim_end())?;
        for (path, ready, counts) in &rows {
            let verdict = if *ready { "ready" } else { "NOT READY" };
            let mut line = format!("{verdict:<9}  {path:<width$}");
            for c in &used {
                let n = counts.get(c).copied().unwrap_or(0);
                let cell = if n == 0 {
                    "-".to_string()
                } else {
                    n.to_string()
                };
                line.push_str(&format!("  {cell:>w$}", w = c.as_str().len()));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    let s = Summary::of(report);
    let not_ready = rows.iter().filter(|r| !r.1).count();
    let ready = s.files_checked.saturating_sub(not_ready);
    writeln!(out)?;
    let mut totals = format!(
        "Totals: {} checked, {ready} ready, {not_ready} not ready",
        plural(s.files_checked, "file", "files"),
    );
    if s.findings > 0 {
        let by: Vec<String> = s
            .by_category
            .iter()
            .map(|(c, n)| format!("{} {n}", c.as_str()))
            .collect();
        totals.push_str(&format!(
            "; {} ({})",
            plural(s.findings, "finding", "findings"),
            by.join(", ")
        ));
    }
    if !report.errors.is_empty() {
        totals.push_str(&format!(
            "; {} could not be checked",
            plural(report.errors.len(), "file", "files")
        ));
    }
    writeln!(out, "{totals}.")?;
    let verdict = if not_ready == 0 && report.errors.is_empty() {
        "ready to publish"
    } else {
        "NOT READY to publish"
    };
    writeln!(out, "Verdict: {verdict}.")
}
