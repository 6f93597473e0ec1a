//! Changed lines only (`--diff-base REF`): which lines of which files
//! differ from a git revision, so that a gate on a pull request against a
//! large legacy site reports only what the pull request wrote. Lines added
//! or modified since `REF` count (from `git diff --unified=0 REF`, the
//! working tree against `REF`), and every line of a file git does not
//! track yet; a file git shows no change in has none.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Report;
use crate::error::Error;

/// The changed lines of a repository's files against a revision.
#[derive(Debug, Default)]
pub struct Changed {
    /// The repository's top folder, links resolved (as reported paths
    /// are compared with it).
    root: PathBuf,
    /// Path from `root`, with `/` → its lines that changed.
    files: HashMap<String, Lines>,
    /// No commit to compare with yet: every line is new.
    everything: bool,
}

#[derive(Debug, PartialEq, Eq)]
enum Lines {
    /// Not in `REF`'s tree and not tracked: all of it is new.
    All,
    /// 1-based, inclusive ranges of added or modified lines.
    Ranges(Vec<(u32, u32)>),
}

impl Changed {
    /// Ask git, in the working folder, what changed since `base`.
    pub fn since(base: &str) -> Result<Changed, Error> {
        if base.starts_with('-') {
            return Err(usage(format!("`{base}` is not a git revision")));
        }
        let root = git(&["rev-parse", "--show-toplevel"])
            .map_err(|e| usage(format!("not inside a git repository ({e})")))?;
        let root = PathBuf::from(root.trim_end_matches(['\n', '\r']));
        let at_root = |args: &[&str]| {
            let mut all = vec!["-C", root.to_str().unwrap_or(".")];
            all.extend_from_slice(args);
            git(&all)
        };
        let resolved = at_root(&[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{base}^{{commit}}"),
        ]);
        let mut changed = Changed {
            root: std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone()),
            files: HashMap::new(),
            everything: false,
        };
        if resolved.is_err() {
            // A repository without a commit yet (the first commit's
            // pre-commit hook): everything is new.
            if at_root(&["rev-parse", "--verify", "--quiet", "HEAD"]).is_err() {
                changed.everything = true;
                return Ok(changed);
            }
            return Err(usage(format!(
                "`{base}` is not a commit in this repository"
            )));
        }
        let diff = at_root(&[
            "-c",
            "core.quotepath=off",
            // Whatever the user's `diff.relative` says (and older gits
            // than `--no-relative` take this).
            "-c",
            "diff.relative=false",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--inter-hunk-context=0",
            "--find-renames",
            // Whatever `diff.noprefix` or `diff.mnemonicPrefix` say.
            "--src-prefix=a/",
            "--dst-prefix=b/",
            base,
            "--",
        ])
        .map_err(|e| usage(format!("git diff {base} failed: {e}")))?;
        changed.files = parse(&diff);
        let untracked = at_root(&["ls-files", "--others", "--exclude-standard", "-z"])
            .map_err(|e| usage(format!("git ls-files failed: {e}")))?;
        for path in untracked.split('\0').filter(|p| !p.is_empty()) {
            changed.files.insert(path.to_string(), Lines::All);
        }
        Ok(changed)
    }

    /// Drop the findings of `report` that touch no changed line, and the
    /// files left with none; returns how many were dropped.
    pub fn filter(&self, report: &mut Report) -> usize {
        if self.everything {
            return 0;
        }
        let mut hidden = 0;
        for file in &mut report.files {
            let lines = self.key(&file.path).and_then(|k| self.files.get(&k));
            let before = file.findings.len();
            match lines {
                Some(Lines::All) => {}
                None => file.findings.clear(),
                Some(Lines::Ranges(ranges)) => {
                    // Lines as git counts them: only `\n` ends one.
                    let ends: Vec<usize> =
                        memchr::memchr_iter(b'\n', file.source.as_bytes()).collect();
                    let line = |at: u32| ends.partition_point(|&e| e < at as usize) as u32 + 1;
                    let spans: Vec<(u32, u32)> = file
                        .findings
                        .iter()
                        .map(|f| {
                            let last = f.span.end.max(f.span.start + 1) - 1;
                            (line(f.span.start), line(last))
                        })
                        .collect();
                    let mut spans = spans.into_iter();
                    file.findings.retain(|_| {
                        let (a, b) = spans.next().unwrap_or((0, 0));
                        ranges.iter().any(|&(s, e)| s <= b && a <= e)
                    });
                }
            }
            hidden += before - file.findings.len();
        }
        report.files.retain(|f| !f.findings.is_empty());
        hidden
    }

    /// A reported path as git names it: from the repository's top folder.
    fn key(&self, path: &Path) -> Option<String> {
        let abs = std::fs::canonicalize(path).ok()?;
        let rel = abs.strip_prefix(&self.root).ok()?;
        Some(
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }
}

fn usage(message: String) -> Error {
    Error::Usage(format!("--diff-base: {message}"))
}

/// Run git with `args` in the working folder; its output, or its error
/// message.
fn git(args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .env("GIT_PAGER", "cat")
        .output()
        .map_err(|e| format!("git could not be run: {}", crate::error::io_message(&e)))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim();
        return Err(err.strip_prefix("fatal: ").unwrap_or(err).to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The added or modified line ranges per new path of a
/// `git diff --unified=0` output.
fn parse(diff: &str) -> HashMap<String, Lines> {
    let mut files = HashMap::new();
    let mut current: Option<String> = None;
    // In a file's header, before its first hunk: an added line reading
    // `++ x` is `+++ x` in a hunk, and is not a file name.
    let mut header = false;
    for line in diff.lines() {
        if line.starts_with("diff --git ") {
            current = None;
            header = true;
        } else if let Some(path) = line.strip_prefix("+++ ").filter(|_| header) {
            current = new_path(path);
            if let Some(p) = &current {
                files.insert(p.clone(), Lines::Ranges(Vec::new()));
            }
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            header = false;
            let (Some(path), Some((start, count))) = (&current, added(hunk)) else {
                continue;
            };
            if count == 0 {
                continue;
            }
            if let Some(Lines::Ranges(r)) = files.get_mut(path) {
                r.push((start, start + count - 1));
            }
        }
    }
    files
}

/// `b/path` (maybe C-quoted) of a `+++` line; `None` for `/dev/null`.
fn new_path(text: &str) -> Option<String> {
    let text = text.trim_end_matches('\t');
    let path = if text.starts_with('"') {
        unquote(text)?
    } else {
        text.to_string()
    };
    path.strip_prefix("b/").map(str::to_string)
}

/// Git's C-style quoting of unusual file names: `"a\tb\303\251"`.
fn unquote(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut bytes = Vec::new();
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next()? {
            b'n' => bytes.push(b'\n'),
            b't' => bytes.push(b'\t'),
            b'r' => bytes.push(b'\r'),
            b'a' => bytes.push(7),
            b'b' => bytes.push(8),
            b'f' => bytes.push(12),
            b'v' => bytes.push(11),
            d @ b'0'..=b'7' => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    let d = it.next_if(|c| (b'0'..=b'7').contains(c))?;
                    v = v * 8 + u32::from(d - b'0');
                }
                bytes.push(u8::try_from(v).ok()?);
            }
            c => bytes.push(c),
        }
    }
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The new side `+start[,count]` of a hunk header `-a,b +c,d @@ …`.
fn added(hunk: &str) -> Option<(u32, u32)> {
    let new = hunk.split(' ').find_map(|w| w.strip_prefix('+'))?;
    let (start, count) = match new.split_once(',') {
        Some((s, c)) => (s.parse().ok()?, c.parse().ok()?),
        None => (new.parse().ok()?, 1),
    };
    Some((start, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_added_and_modified_lines() {
        let diff = "diff --git a/docs/a.md b/docs/a.md\n\
            index 1..2 100644\n\
            --- a/docs/a.md\n\
            +++ b/docs/a.md\n\
            @@ -3 +3 @@ intro\n\
            -old\n\
            +new\n\
            @@ -10,2 +9,0 @@\n\
            -gone\n\
            -gone\n\
            @@ -20,0 +19,3 @@\n\
            +a\n+++ b/not-a-file\n+c\n\
            diff --git a/old.md b/gone.md\n\
            deleted file mode 100644\n\
            --- a/gone.md\n\
            +++ /dev/null\n\
            @@ -1 +0,0 @@\n\
            -x\n";
        let files = parse(diff);
        assert_eq!(files["docs/a.md"], Lines::Ranges(vec![(3, 3), (19, 21)]));
        assert_eq!(files.len(), 1);
    }

    #[test]
    fn quoted_names_are_unquoted() {
        assert_eq!(
            new_path("\"b/tab\\there \\303\\251.md\"").as_deref(),
            Some("tab\there é.md")
        );
        assert_eq!(
            new_path("b/plain name.md").as_deref(),
            Some("plain name.md")
        );
        assert_eq!(new_path("/dev/null"), None);
    }

    #[test]
    fn hunk_headers_without_a_count_mean_one_line() {
        assert_eq!(added("-1,2 +5 @@"), Some((5, 1)));
        assert_eq!(added("-1 +5,0 @@"), Some((5, 0)));
        assert_eq!(added("garbage"), None);
    }
}
