//! Human output: each finding with its source line and the span
//! underlined (miette), then a summary line.
//!
//! miette's own `SourceCode` for a string scans from the start of the file
//! for every finding (quadratic on a large file with many findings);
//! `Source` answers from the file's line index instead.

use std::fmt;
use std::io::{self, Write};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{Summary, plural};
use crate::finding::{Finding, Severity};
use crate::span::LineIndex;
use crate::{FileReport, Report};

/// A file's text for miette, answering span lookups by binary search.
pub struct Source<'a> {
    pub name: String,
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let start = span.offset().min(self.text.len());
        let end = (start + span.len()).min(self.text.len());
        if start > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = self.lines.line_of(start as u32);
        let last_line = self.lines.line_of(end.saturating_sub(1).max(start) as u32);
        let first = first_line.saturating_sub(before);
        let last = (last_line + after).min(self.lines.line_count() - 1);
        let data_start = self.lines.line_start(first) as usize;
        let data_end = self.lines.line_span(self.text, last).end as usize;
        let data_end = data_end.max(end).min(self.text.len());
        // The column is the span's own (miette prints it in the header), in
        // characters.
        let line_start = self.lines.line_start(first_line) as usize;
        let column = self
            .text
            .get(line_start..start)
            .map_or(0, |s| s.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            SourceSpan::new(data_start.into(), data_end - data_start),
            first,
            column,
            last - first + 1,
        )))
    }
}

struct Diag<'a> {
    f: &'a Finding,
    source: &'a Source<'a>,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.f.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.f.message)
    }
}

impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.f.category, self.f.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.f
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.f.span;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                None,
                SourceSpan::new((s.start as usize).into(), s.len()),
            ),
        )))
    }
}

/// Render options for people.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

pub fn write(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    for file in &report.files {
        write_file(file, &handler, out)?;
    }
    let s = Summary::of(report);
    writeln!(out, "{}", summary_line(&s))
}

fn write_file(
    file: &FileReport,
    handler: &GraphicalReportHandler,
    out: &mut dyn Write,
) -> io::Result<()> {
    let source = Source {
        name: super::display_path(&file.path),
        text: &file.source,
        lines: &file.lines,
    };
    let mut buf = String::new();
    for f in &file.findings {
        buf.clear();
        let d = Diag { f, source: &source };
        if handler.render_report(&mut buf, &d).is_err() {
            buf = format!("{}: {}\n", source.name, f.message);
        }
        out.write_all(buf.as_bytes())?;
    }
    Ok(())
}

/// "3 findings (1 error, 2 warnings) in 2 of 10 files", or the all-clear.
pub fn summary_line(s: &Summary) -> String {
    let files = plural(s.files_checked, "file", "files");
    let mut line = if s.findings == 0 {
        format!("No findings in {files}.")
    } else {
        let parts: Vec<String> = [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Info, "info", "info"),
        ]
        .iter()
        .filter_map(|(sev, one, many)| {
            s.by_severity
                .get(sev)
                .filter(|n| **n > 0)
                .map(|n| plural(*n, one, many))
        })
        .collect();
        format!(
            "{} ({}) in {} of {files}.",
            plural(s.findings, "finding", "findings"),
            parts.join(", "),
            s.files_with_findings
        )
    };
    if s.fixable > 0 {
        line.push_str(&format!(" {} fixable with --fix.", s.fixable));
    }
    if s.unsafe_fixable > 0 {
        line.push_str(&format!(
            " {} more with --fix --unsafe-fixes.",
            s.unsafe_fixable
        ));
    }
    if s.errors > 0 {
        line.push_str(&format!(
            " {} could not be linted.",
            plural(s.errors, "path", "paths")
        ));
    }
    line
}
