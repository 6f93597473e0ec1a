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

/// Files under `paths`. Missing paths are errors; the rest is still walked.
/// A file named in `paths` is linted even if an ignore file names it,
/// unless `force_exclude` (what a pre-commit hook or an editor, which
/// name every file, want).
pub fn walk(paths: &[PathBuf], force_exclude: bool) -> Walked {
    let mut out = Walked::default();
    let mut excludes = Excludes::default();
    let found = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    let extensions = Mutex::new(None::<std::collections::HashSet<String>>);
    for root in paths {
        match std::fs::metadata(root) {
            Err(e) => {
                out.errors.push(Error::io(root, &e));
                continue;
            }
            Ok(m) if m.is_file() => {
                if !(force_exclude && excludes.ignores(root)) {
                    found.lock().expect("not poisoned").push(clean(root));
                }
                continue;
            }
            Ok(_) => {
                extensions
                    .lock()
                    .expect("not poisoned")
                    .get_or_insert_default();
            }
        }
        let walker = WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .parents(true)
            .follow_links(false)
            .add_custom_ignore_filename(IGNORE_FILE)
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

/// Whether the ignore files around a file (`.gitignore`, `.ignore`,
/// `.draftlintignore`, from its folder up to the repository's top or the
/// root) exclude it, as they would when walking a folder above it. Each
/// folder's files are read once.
#[derive(Default)]
pub struct Excludes {
    by_dir: std::collections::HashMap<PathBuf, std::sync::Arc<Vec<ignore::gitignore::Gitignore>>>,
}

impl Excludes {
    pub fn ignores(&mut self, path: &Path) -> bool {
        let Ok(abs) = std::path::absolute(path) else {
            return false;
        };
        let mut dir = abs.parent();
        while let Some(d) = dir {
            // Nearest folder first; in a folder, `.draftlintignore` over
            // `.ignore` over `.gitignore`, as the walker ranks them.
            for matcher in self.matchers(d).iter() {
                match matcher.matched_path_or_any_parents(&abs, false) {
                    ignore::Match::Ignore(_) => return true,
                    ignore::Match::Whitelist(_) => return false,
                    ignore::Match::None => {}
                }
            }
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        false
    }

    fn matchers(&mut self, dir: &Path) -> std::sync::Arc<Vec<ignore::gitignore::Gitignore>> {
        self.by_dir
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                let found = [IGNORE_FILE, ".ignore", ".gitignore"]
                    .iter()
                    .map(|name| dir.join(name))
                    .filter(|p| p.is_file())
                    .map(|p| ignore::gitignore::Gitignore::new(p).0)
                    .collect();
                std::sync::Arc::new(found)
            })
            .clone()
    }
}

/// `./a/b.md` → `a/b.md`.
fn clean(p: &Path) -> PathBuf {
    p.strip_prefix("./")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}
