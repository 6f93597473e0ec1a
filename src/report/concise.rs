//! One line per finding, `path:line:column: severity [rule] message`, the
//! shape editors, grep and CI logs expect; then the summary line.

use std::io::{self, Write};

use super::Summary;
use crate::Report;
use crate::span::ColumnUnit;

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for file in &report.files {
        let path = super::display_path(&file.path);
        for f in &file.findings {
            let at = file.at(f.span.start, ColumnUnit::Chars);
            writeln!(
                out,
                "{path}:{}:{}: {} [{}] {}",
                at.line, at.column, f.severity, f.rule, f.message
            )?;
        }
    }
    writeln!(out, "{}", super::human::summary_line(&Summary::of(report)))
}
