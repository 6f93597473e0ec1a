//! A finding's identity across edits: its rule, its file, the text it
//! flags and the line(s) around it, whitespace collapsed, and which
//! occurrence of that same text it is in the file. Not the line number:
//! editing above a finding does not make it a new one. SARIF's
//! `partialFingerprints` and the baseline use it.

use crate::FileReport;
use crate::finding::Finding;

/// The identities of a file's findings, in their order, its path as
/// reported.
pub fn of_file(file: &FileReport) -> Vec<String> {
    of(file, &file.path.to_string_lossy().replace('\\', "/"))
}

/// The identities of a file's findings, in their order, the file known as
/// `path`.
pub fn of(file: &FileReport, path: &str) -> Vec<String> {
    let mut seen: std::collections::HashMap<u64, u32> = Default::default();
    file.findings
        .iter()
        .map(|f| {
            let key = key(path, file, f);
            let n = seen.entry(key).or_default();
            *n += 1;
            format!("{key:016x}-{}", *n)
        })
        .collect()
}

fn key(path: &str, file: &FileReport, f: &Finding) -> u64 {
    let src = &file.source;
    let (start, end) = (f.span.start as usize, (f.span.end as usize).min(src.len()));
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[end..].find('\n').map_or(src.len(), |i| end + i);
    let mut h = Fnv::default();
    h.write(f.rule.as_bytes());
    h.write(path.as_bytes());
    // A byte-order mark added or dropped is not an edit of the line.
    h.words(src[start..end].trim_start_matches('\u{feff}'));
    h.words(src[line_start..line_end].trim_start_matches('\u{feff}'));
    h.0
}

/// FNV-1a, 64 bits: small and stable across versions and platforms.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }

    /// `text` with runs of white space read as one space.
    fn words(&mut self, text: &str) {
        for (i, w) in text.split_whitespace().enumerate() {
            if i > 0 {
                self.write(b" ");
            }
            self.write(w.as_bytes());
        }
        self.write(b"");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let path = std::path::Path::new("/nowhere/page.md");
        let file = crate::lint_buffer(path, text.into()).unwrap().unwrap();
        of(&file, "page.md")
    }

    #[test]
    fn identities_survive_edits_elsewhere_and_change_with_the_line() {
        let base = ids("TBD in the intro.\n\nAlso TBD here.\n");
        assert_eq!(base.len(), 2);
        // Lines above, white space, a byte-order mark: the same findings.
        assert_eq!(ids("\u{feff}TBD in the intro.\n\nAlso TBD here.\n"), base);
        assert_eq!(ids("TBD  in the\tintro.\n\n\n\nAlso TBD here.\n"), base);
        let moved = ids("# Title\n\nNew text.\n\nTBD in the intro.\n\nAlso TBD here.\n");
        assert!(base.iter().all(|id| moved.contains(id)), "{moved:?}");
        // The line it stands on changed: a new finding.
        let edited = ids("TBD in the intro.\n\nAlso TBD there.\n");
        assert_eq!(edited[0], base[0]);
        assert_ne!(edited[1], base[1]);
        // The same text twice on one line: two identities.
        let twice = ids("TBD or TBD.\n");
        assert_ne!(twice[0], twice[1]);
    }
}
