//! Applying fixes: the edits of a report's findings, written back to their
//! files atomically. Edits that overlap an edit already taken wait for the
//! next pass; the caller lints again until nothing changes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Report;
use crate::error::Error;
use crate::finding::{Applicability, Edit, Finding};

/// What a pass of fixing did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings fixed.
    pub fixes: usize,
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Files that could not be written, and why; nothing else is lost.
    pub errors: Vec<Error>,
    /// Files with fixes left alone, and why (see [`fixed`]).
    pub skipped: Vec<String>,
}

/// Apply the fixes of every finding in `report` that `unsafe_fixes`
/// allows, writing each changed file once.
pub fn apply(report: &Report, unsafe_fixes: bool) -> Applied {
    let mut applied = Applied::default();
    for file in &report.files {
        let (text, n) = match fixed(file, unsafe_fixes) {
            Ok(done) => done,
            Err(why) => {
                applied.skipped.push(why);
                continue;
            }
        };
        if n == 0 || text == file.source {
            continue;
        }
        match write(&file.path, &file.source, &text) {
            Ok(()) => {
                applied.fixes += n;
                applied.files.push(file.path.clone());
            }
            Err(e) => applied.errors.push(e),
        }
    }
    applied
}

/// A file's text with one pass of its fixes applied, in memory, and how
/// many findings that fixed. A file with fixes whose front matter does not
/// parse is left alone (a fix could not be sure of what it edits): the
/// error says why.
pub fn fixed(file: &crate::FileReport, unsafe_fixes: bool) -> Result<(String, usize), String> {
    let chosen = fixes(&file.findings, unsafe_fixes);
    if chosen.is_empty() {
        return Ok((file.source.clone(), 0));
    }
    if let Some((span, message)) = crate::document::front_matter::error(&file.source) {
        let at = file.at(span.start, crate::span::ColumnUnit::Chars);
        return Err(format!(
            "{}:{}:{}: not fixed: its front matter does not parse ({message})",
            file.path.display(),
            at.line,
            at.column
        ));
    }
    Ok(edit(&file.source, &chosen))
}

/// The edits of the findings a run may apply, one group per finding.
fn fixes(findings: &[Finding], unsafe_fixes: bool) -> Vec<&[Edit]> {
    findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
        .filter(|f| !f.edits.is_empty())
        .map(|f| f.edits.as_slice())
        .collect()
}

/// `source` with the groups of edits applied, in order of position; a
/// group that overlaps one already taken (or is out of bounds) is left
/// for the next pass. Returns the text and how many groups were applied.
pub fn edit(source: &str, groups: &[&[Edit]]) -> (String, usize) {
    let mut order: Vec<&[Edit]> = groups.to_vec();
    order.sort_by_key(|g| g.iter().map(|e| e.span.start).min());
    let mut taken: Vec<(usize, usize, &str)> = Vec::new();
    let mut applied = 0;
    for group in order {
        let mut edits: Vec<(usize, usize, &str)> = group
            .iter()
            .map(|e| {
                (
                    e.span.start as usize,
                    e.span.end as usize,
                    e.replacement.as_str(),
                )
            })
            .collect();
        edits.sort_by_key(|e| (e.0, e.1));
        let valid = edits.iter().all(|&(s, e, _)| {
            s <= e && e <= source.len() && source.is_char_boundary(s) && source.is_char_boundary(e)
        });
        let inside = edits.windows(2).all(|w| w[0].1 <= w[1].0);
        let clear = edits
            .iter()
            .all(|&(s, e, _)| taken.iter().all(|&(ts, te, _)| !conflict((s, e), (ts, te))));
        if valid && inside && clear {
            taken.extend(edits);
            applied += 1;
        }
    }
    taken.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (s, e, r) in taken {
        out.push_str(&source[at..s]);
        out.push_str(r);
        at = e;
    }
    out.push_str(&source[at..]);
    (out, applied)
}

/// Whether two edits touch the same text: they overlap, or one inserts
/// at a place inside or at an end of the other (the order would be a guess).
fn conflict((s, e): (usize, usize), (ts, te): (usize, usize)) -> bool {
    let inserts_into = |p: usize, (a, b): (usize, usize)| a <= p && p <= b;
    (s < te && ts < e)
        || (s == e && inserts_into(s, (ts, te)))
        || (ts == te && inserts_into(ts, (s, e)))
}

/// Replace `path`'s content, which must still be `was`, with `text`: a
/// temporary file beside it is written, synced and renamed over it, so a
/// reader sees the old file or the new one, never half of one. The file
/// keeps its permissions; a symbolic link keeps pointing at it.
fn write(path: &Path, was: &str, text: &str) -> Result<(), Error> {
    let target = std::fs::canonicalize(path).map_err(|e| Error::io(path, &e))?;
    let now = std::fs::read(&target).map_err(|e| Error::io(path, &e))?;
    if now != was.as_bytes() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            message: "changed on disk while it was being linted; not fixed".into(),
        });
    }
    write_atomically(&target, text.as_bytes()).map_err(|e| Error::io(path, &e))
}

/// Write `bytes` to `path` through a temporary file beside it, synced and
/// renamed over it: a reader sees the old file or the new one, never half
/// of one. A symbolic link keeps pointing at the file it names; an
/// existing file keeps its permissions, a new one gets the usual ones (as
/// the umask allows).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    let existing = std::fs::metadata(&target).ok().map(|m| m.permissions());
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".draftlint-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(p) = existing {
        std::fs::set_permissions(tmp.path(), p)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::SpanJson;

    fn e(start: u32, end: u32, r: &str) -> Edit {
        Edit {
            span: SpanJson { start, end },
            replacement: r.into(),
        }
    }

    #[test]
    fn edits_apply_in_order_of_position() {
        let a = [e(6, 11, "earth")];
        let b = [e(0, 5, "Hello")];
        assert_eq!(edit("hallo wrold", &[&a, &b]), ("Hello earth".into(), 2));
    }

    #[test]
    fn an_overlapping_edit_waits_for_the_next_pass() {
        let a = [e(0, 5, "one")];
        let b = [e(3, 8, "two")];
        let (text, n) = edit("abcdefgh", &[&a, &b]);
        assert_eq!((text.as_str(), n), ("onefgh", 1));
    }

    #[test]
    fn a_group_is_applied_whole_or_not_at_all() {
        let a = [e(0, 1, "X")];
        let b = [e(2, 3, "Y"), e(0, 1, "Z")];
        assert_eq!(edit("abc", &[&a, &b]), ("Xbc".into(), 1));
    }

    #[test]
    fn edits_out_of_bounds_or_inside_a_character_are_skipped() {
        let a = [e(1, 2, "x")];
        let b = [e(5, 9, "y")];
        assert_eq!(edit("é!", &[&a, &b]), ("é!".into(), 0));
    }

    #[test]
    fn insertions_at_the_same_place_as_a_replacement_are_kept_apart() {
        let a = [e(2, 2, "+")];
        let b = [e(2, 4, "CD")];
        let (text, n) = edit("abcd", &[&a, &b]);
        assert_eq!(n, 1, "{text}");
    }
}
