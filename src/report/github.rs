//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice`
//! line per finding, which GitHub shows as an annotation on the pull
//! request's diff. Columns count characters, 1-based; the end is
//! exclusive as in the other formats.

use std::io::{self, Write};

use super::Summary;
use crate::Report;
use crate::finding::Severity;
use crate::span::ColumnUnit;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let path = super::display_path(&file.path).replace('\\', "/");
        for f in &file.findings {
            let start = file.at(f.span.start, ColumnUnit::Chars);
            let end = file.at(f.span.end, ColumnUnit::Chars);
            let level = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut message = f.message.clone();
            if let Some(h) = &f.help {
                message.push('\n');
                message.push_str(h);
            }
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&path),
                start.line,
                start.column,
                end.line,
                end.column,
                property(&format!("draftlint ({})", f.rule)),
                data(&message)
            )?;
        }
    }
    for e in &report.errors {
        writeln!(out, "::error title=draftlint::{}", data(&e.to_string()))?;
    }
    writeln!(out, "{}", super::human::summary_line(&Summary::of(report)))
}

/// A message, escaped as workflow commands need.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
