//! The baseline: today's findings recorded in a file, so that a CI gate on
//! legacy docs fails only on new ones. A finding is known by its
//! [identity](crate::identity): rule, path, the flagged text and its
//! line(s), not the line number, so an edit above it does not make it new.
//! Paths are taken relative to the baseline's own folder, so the gate gives
//! the same answer whatever folder it runs from.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Located};
use crate::{FileReport, Report};

/// The version written in the file; another one is refused.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "draftlint-baseline")]
    version: u32,
    findings: Vec<Entry>,
}

/// One recorded finding. Only `id` is matched; the rest is there for the
/// reader of the file (and of its diff in review).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    path: String,
    rule: String,
    text: String,
    id: String,
}

/// The identities recorded in a baseline file.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    ids: HashSet<String>,
}

impl Baseline {
    /// Read a baseline written by [`write`].
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let text = crate::read_source(path)?;
        let file: File = serde_json::from_str(&text).map_err(|e| {
            Error::Config(vec![Located::new(
                path,
                e.line() as u64,
                e.column() as u64,
                format!("not a draftlint baseline: {}", json_message(&e)),
            )])
        })?;
        if file.version != VERSION {
            return Err(Error::Config(vec![Located::new(
                path,
                0,
                0,
                format!(
                    "baseline version {} is not known to this draftlint (it writes {VERSION})",
                    file.version
                ),
            )]));
        }
        Ok(Baseline {
            dir: folder_of(path),
            ids: file.findings.into_iter().map(|e| e.id).collect(),
        })
    }

    /// Drop the findings of `report` that the baseline records, and the
    /// files left with none; returns how many were dropped.
    pub fn filter(&self, report: &mut Report) -> usize {
        let mut hidden = 0;
        for file in &mut report.files {
            let ids = ids(&self.dir, file);
            let mut ids = ids.iter();
            let before = file.findings.len();
            file.findings
                .retain(|_| ids.next().is_none_or(|id| !self.ids.contains(id)));
            hidden += before - file.findings.len();
        }
        report.files.retain(|f| !f.findings.is_empty());
        hidden
    }
}

/// Record every finding of `report` in a baseline at `path` (written
/// atomically); returns how many.
pub fn write(path: &Path, report: &Report) -> Result<usize, Error> {
    let dir = folder_of(path);
    let mut findings = Vec::new();
    for file in &report.files {
        let key = key_path(&dir, &file.path);
        for (f, id) in file.findings.iter().zip(crate::identity::of(file, &key)) {
            let text = &file.source[f.span.start as usize..f.span.end as usize];
            findings.push(Entry {
                path: key.clone(),
                rule: f.rule.to_string(),
                text: excerpt(text),
                id,
            });
        }
    }
    findings.sort_by(|a, b| (&a.path, &a.id).cmp(&(&b.path, &b.id)));
    let n = findings.len();
    let mut json = serde_json::to_string_pretty(&File {
        version: VERSION,
        findings,
    })
    .expect("a baseline serializes");
    json.push('\n');
    crate::fix::write_atomically(path, json.as_bytes()).map_err(|e| Error::io(path, &e))?;
    Ok(n)
}

/// The identities of a file's findings, its path taken from `dir`.
fn ids(dir: &Path, file: &FileReport) -> Vec<String> {
    crate::identity::of(file, &key_path(dir, &file.path))
}

/// `path` relative to `dir` when it is inside it, with `/` separators;
/// both made absolute from the working folder first.
fn key_path(dir: &Path, path: &Path) -> String {
    let abs = crate::walk::absolute(path);
    let rel = abs.strip_prefix(dir).unwrap_or(&abs);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

fn folder_of(baseline: &Path) -> PathBuf {
    crate::walk::absolute(baseline)
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

/// The flagged text on one line, cut at 80 characters.
fn excerpt(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &one[..i]),
        None => one,
    }
}

/// serde_json's message without the ` at line N column M` it repeats.
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_are_relative_to_the_baseline_folder() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(key_path(&cwd, Path::new("docs//a.md")), "docs/a.md");
        assert_eq!(key_path(&cwd, Path::new("./docs/x/../a.md")), "docs/a.md");
        assert_eq!(key_path(&cwd.join("docs"), Path::new("docs/a.md")), "a.md");
    }

    #[test]
    fn excerpts_are_one_line_and_short() {
        assert_eq!(excerpt("TODO:\n  fix"), "TODO: fix");
        assert_eq!(excerpt(&"x".repeat(100)).chars().count(), 81);
    }
}
