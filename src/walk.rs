//! Finding the files to lint: `ignore`'s parallel walker (it honours
//! `.gitignore` even outside a git repository here, skips hidden files and
//! reads `.draftlintignore`), Markdown extensions only, output sorted so
//! runs are deterministic.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use crate::error::Error;

/// Extensions linted when walking a folder. A file named on the command
/// line is linted whatever its extension.
pub const EXTENSIONS: &[&str] = &["md", "markdown"];

pub const IGNORE_FILE: &str = ".draftlintignore";

#[derive(Debug, Default)]
pub struct Walked {
    /// Sorted, without duplicates; as given or relative to the working
    /// directory.
    pub files: Vec<PathBuf>,
    pub errors: Vec<Error>,
    /// The extensions (lower case) of all files seen under the folders
    /// walked, Markdown or not; None when no folder was walked.
    pub extensions: Option<std::collections::HashSet<String>>,
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The walker as every walk configures it: hidden files skipped;
/// `.gitignore`, `.ignore` and `.draftlintignore` read in `root` and the
/// folders above it. Outside a git repository `.gitignore` still counts
/// (docs folders are often copied out of one); inside one, only the
/// repository's own (a `.gitignore` in the home folder above it is not
/// the project's).
fn builder(root: &Path) -> WalkBuilder {
    let mut b = WalkBuilder::new(root);
    b.hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(repository_top(root).is_some())
        .parents(true)
        .follow_links(false)
        .add_custom_ignore_filename(IGNORE_FILE);
    b
}

/// The folder holding `.git` at or above `path`, if any.
fn repository_top(path: &Path) -> Option<PathBuf> {
    absolute(path)
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Files under `paths`. Missing paths are errors; the rest is still walked.
/// A file named in `paths` is linted even if an ignore file names it,
/// unless `force_exclude` (what a pre-commit hook or an editor, which
/// name every file, want).
pub fn walk(paths: &[PathBuf], force_exclude: bool) -> Walked {
    let mut out = Walked::default();
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let extensions = Mutex::new(None::<std::collections::HashSet<String>>);
    let mut named = Vec::new();
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => {
                out.errors.push(Error::io(root, &e));
                continue;
            }
            Ok(m) if m.is_file() => {
                named.push(root.clone());
                continue;
            }
            Ok(_) => {
                extensions
                    .lock()
                    .expect("not poisoned")
                    .get_or_insert_default();
            }
        }
        let walker = builder(root)
            .threads(
                std::thread::available_parallelism()
                    .map_or(2, |n| n.get())
                    .min(8),
            )
            .build_parallel();
        walker.run(|| {
            // Extensions seen by this thread, merged when it is done.
            let mut seen = Seen {
                set: Default::default(),
                into: &extensions,
            };
            let (found, errors) = (&found, &errors);
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file()) {
                            if is_markdown(e.path()) {
                                found.lock().expect("not poisoned").push(clean(e.path()));
                            } else if let Some(x) = e.path().extension().and_then(|x| x.to_str())
                                && !seen.set.contains(x)
                            {
                                seen.set.insert(x.to_ascii_lowercase());
                            }
                        }
                    }
                    Err(err) => {
                        if let Some(io) = err.io_error() {
                            let path = match &err {
                                ignore::Error::WithPath { path, .. } => path.clone(),
                                _ => root.clone(),
                            };
                            errors
                                .lock()
                                .expect("not poisoned")
                                .push(Error::io(&path, io));
                        }
                    }
                }
                WalkState::Continue
            })
        });
    }
    if force_exclude {
        named = kept(&named);
    }
    found
        .lock()
        .expect("not poisoned")
        .extend(named.iter().map(|p| clean(p)));
    out.extensions = extensions.into_inner().expect("not poisoned");
    if let Some(x) = &mut out.extensions {
        x.extend(EXTENSIONS.iter().map(|e| e.to_string()));
    }
    let mut files = found.into_inner().expect("not poisoned");
    files.sort();
    files.dedup();
    out.files = files;
    out.errors
        .extend(errors.into_inner().expect("not poisoned"));
    out
}

/// A walker thread's extensions, added to the run's when it drops.
struct Seen<'a> {
    set: std::collections::HashSet<String>,
    into: &'a Mutex<Option<std::collections::HashSet<String>>>,
}

impl Drop for Seen<'_> {
    fn drop(&mut self) {
        if let Some(all) = self.into.lock().expect("not poisoned").as_mut() {
            all.extend(self.set.drain());
        }
    }
}

/// Whether a named file is one a walk would leave out (see [`kept`]).
pub fn excluded(path: &Path) -> bool {
    kept(std::slice::from_ref(&path.to_path_buf())).is_empty()
}

/// The named files a walk would not leave out: the walker itself is asked,
/// from each file's repository top (or the working folder, or the file's
/// own folder, outside a repository), descending only into the folders on
/// the way to the files, each listed once. Ignore files, their precedence,
/// negations, ignored folders and hidden names decide as in a walk. A
/// file not on disk (a buffer not saved yet) is kept.
pub fn kept(paths: &[PathBuf]) -> Vec<PathBuf> {
    use std::collections::{HashMap, HashSet};
    let cwd = std::env::current_dir().ok();
    // Top folder → the files under it (absolute) and their folders.
    let mut tops: HashMap<PathBuf, (HashSet<PathBuf>, HashSet<PathBuf>)> = HashMap::new();
    // Each path's absolute form; `None` when it is not on disk.
    let mut on_disk = Vec::with_capacity(paths.len());
    for path in paths {
        let target = absolute(path);
        let Some(parent) = target.parent().filter(|_| target.exists()) else {
            on_disk.push(None);
            continue;
        };
        let top = repository_top(parent)
            .or_else(|| cwd.clone().filter(|c| target.starts_with(c)))
            .unwrap_or_else(|| parent.to_path_buf());
        let (files, dirs) = tops.entry(top.clone()).or_default();
        dirs.extend(
            parent
                .ancestors()
                .take_while(|d| d.starts_with(&top))
                .map(Path::to_path_buf),
        );
        files.insert(target.clone());
        on_disk.push(Some(target));
    }
    let mut found: HashSet<PathBuf> = HashSet::new();
    for (top, (files, dirs)) in tops {
        let mut walker = builder(&top);
        walker.filter_entry(move |e| {
            dirs.contains(e.path()) || e.file_type().is_some_and(|t| !t.is_dir())
        });
        found.extend(
            walker
                .build()
                .filter_map(Result::ok)
                .map(ignore::DirEntry::into_path)
                .filter(|p| files.contains(p)),
        );
    }
    paths
        .iter()
        .zip(on_disk)
        .filter(|(_, abs)| abs.as_ref().is_none_or(|a| found.contains(a)))
        .map(|(path, _)| path.clone())
        .collect()
}

/// `path` joined to the working folder, `.` and `..` resolved by name
/// (not through links, as the walker does not follow them).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// `./a/b.md` → `a/b.md`.
fn clean(p: &Path) -> PathBuf {
    p.strip_prefix("./")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}
