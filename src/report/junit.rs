//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins,
//! Azure Pipelines): a test suite per file with findings, a failing test
//! case per finding; a single passing case when there are none. Columns
//! count characters.

use std::io::{self, Write};

use super::Summary;
use crate::Report;
use crate::span::ColumnUnit;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let s = Summary::of(report);
    let tests = s.findings.max(1) + report.errors.len();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="draftlint" tests="{tests}" failures="{}" errors="{}">"#,
        s.findings,
        report.errors.len()
    )?;
    for file in &report.files {
        let path = super::display_path(&file.path).replace('\\', "/");
        let n = file.findings.len();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{n}" failures="{n}" errors="0">"#,
            xml(&path)
        )?;
        for f in &file.findings {
            let at = file.at(f.span.start, ColumnUnit::Chars);
            let mut text = format!("{path}:{}:{}: {}", at.line, at.column, f.message);
            if let Some(h) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(h);
            }
            writeln!(
                out,
                r#"    <testcase name="{} at {}:{}" classname="{}" file="{}" line="{}">"#,
                xml(&f.rule),
                at.line,
                at.column,
                xml(&path),
                xml(&path),
                at.line
            )?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                xml(&f.message),
                f.severity,
                xml(&text)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    if !report.errors.is_empty() {
        writeln!(
            out,
            r#"  <testsuite name="draftlint errors" tests="{0}" failures="0" errors="{0}">"#,
            report.errors.len()
        )?;
        for e in &report.errors {
            writeln!(out, r#"    <testcase name="read" classname="draftlint">"#)?;
            writeln!(out, r#"      <error message="{}"/>"#, xml(&e.to_string()))?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    if s.findings == 0 {
        writeln!(
            out,
            r#"  <testsuite name="draftlint" tests="1" failures="0" errors="0">"#
        )?;
        writeln!(
            out,
            r#"    <testcase name="{} checked, no findings" classname="draftlint"/>"#,
            super::plural(report.checked, "file", "files")
        )?;
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Text escaped for XML attributes and content; characters XML 1.0
/// cannot carry are dropped.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::xml("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
