//! reviewdog's Diagnostic Format (`rdjson`): one JSON object with a
//! `diagnostics` array, for `reviewdog -f=rdjson`. Lines are 1-based and
//! columns count UTF-8 bytes, 1-based, as the format defines; fixes are
//! `suggestions` reviewdog can propose on the pull request.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::finding::Severity;
use crate::span::ColumnUnit;
use crate::{FileReport, Report};

fn position(file: &FileReport, offset: u32) -> Value {
    let p = file.at(offset, ColumnUnit::Bytes);
    json!({"line": p.line, "column": p.column})
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for file in &report.files {
        let path = super::display_path(&file.path).replace('\\', "/");
        let range = |start: u32, end: u32| {
            json!({
                "start": position(file, start),
                "end": position(file, end),
            })
        };
        for f in &file.findings {
            let severity = match f.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Info => "INFO",
            };
            let mut message = f.message.clone();
            if let Some(h) = &f.help {
                message = format!("{message} ({h})");
            }
            let suggestions: Vec<Value> = f
                .fix
                .iter()
                .flat_map(|x| &x.edits)
                .map(|e| {
                    let s = e.span();
                    json!({"range": range(s.start, s.end), "text": e.replacement})
                })
                .collect();
            let mut d = json!({
                "message": message,
                "location": {"path": path, "range": range(f.span.start, f.span.end)},
                "severity": severity,
                "code": {"value": &*f.rule},
            });
            if !suggestions.is_empty() {
                d["suggestions"] = Value::Array(suggestions);
            }
            diagnostics.push(d);
        }
    }
    let doc = json!({
        "source": {"name": "draftlint"},
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
