//! The files links lead to, looked up on disk once per folder.
//!
//! Existence is read from folder listings, not from the paths as written:
//! one `read_dir` per folder serves every link into it, and a name that
//! differs only in case is missing on a web server even where the local
//! file system would forgive it. Files the walk skips (ignored, not
//! Markdown, outside the linted subset) exist all the same.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, RwLock};

use foldhash::fast::FixedState;
use regex::Regex;

/// A folder's entries by name.
type Listing = HashMap<String, Kind, FixedState>;

use super::anchors::Anchors;

/// What a name in a folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
}

/// The pages a folder link opens, in the order sites prefer them.
pub const INDEX_PAGES: &[&str] = &["index.md", "README.md", "readme.md", "_index.md"];

/// A nearby name for a missing target: the last component, and the one
/// before it when that was wrong too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub parent: Option<String>,
    pub name: String,
}

/// One run's view of the disk, shared by every thread and rule of the
/// run: each folder is listed once.
#[derive(Debug, Default)]
pub struct Disk {
    /// Folder → its entries (None: not a readable folder).
    listings: RwLock<HashMap<PathBuf, Option<Arc<Listing>>, FixedState>>,
}

/// `[!INCLUDE [title](path)]`: Microsoft Learn's include, whose headings
/// become the page's own.
static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[!INCLUDE\s*\[[^\]]*\]\(\s*<?([^)\s>]+)>?\s*\)\s*\]").expect("valid")
});

impl Disk {
    /// The entries of folder `dir` (`""` is the working directory).
    fn listing(&self, dir: &Path) -> Option<Arc<Listing>> {
        // A poisoned lock only means another thread panicked mid-insert;
        // the map itself is whole.
        if let Some(l) = self
            .listings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(dir)
        {
            return l.clone();
        }
        let shown = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let entries = std::fs::read_dir(shown).ok().map(|rd| {
            let mut m = Listing::default();
            for e in rd.flatten() {
                let Ok(name) = e.file_name().into_string() else {
                    continue;
                };
                let kind = match e.file_type() {
                    Ok(t) if t.is_dir() => Kind::Dir,
                    // A link is what it points at; a broken one is missing.
                    Ok(t) if t.is_symlink() => match std::fs::metadata(e.path()) {
                        Ok(m) if m.is_dir() => Kind::Dir,
                        Ok(_) => Kind::File,
                        Err(_) => continue,
                    },
                    _ => Kind::File,
                };
                m.insert(name, kind);
            }
            Arc::new(m)
        });
        // Two threads may list a folder at once; the first listing stays.
        self.listings
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(dir.to_path_buf())
            .or_insert(entries)
            .clone()
    }

    /// What `path` (normalized) is on disk, with names matched exactly.
    pub fn kind(&self, path: &Path) -> Option<Kind> {
        let name = match path.file_name() {
            Some(n) => n.to_str()?,
            // "", "..", "/": folders if they can be listed.
            None => return self.listing(path).map(|_| Kind::Dir),
        };
        let dir = path.parent().unwrap_or(Path::new(""));
        self.listing(dir)?.get(name).copied()
    }

    /// The existing file or folder a link target stands for: the path
    /// itself, or the Markdown source of a built page (`page.html` →
    /// `page.md`); with `extensionless` (site links are URLs) also
    /// `page` → `page.md`.
    pub fn find(&self, path: &Path, extensionless: bool) -> Option<(PathBuf, Kind)> {
        if let Some(k) = self.kind(path) {
            return Some((path.to_path_buf(), k));
        }
        let ext = path.extension().and_then(|e| e.to_str());
        let built = matches!(ext, Some(e) if e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if built || (extensionless && ext.is_none()) {
            let md = path.with_extension("md");
            if self.kind(&md) == Some(Kind::File) {
                return Some((md, Kind::File));
            }
        }
        None
    }

    /// The existing path that `path` names when case is ignored, with its
    /// real case, when [`Disk::find`] finds nothing.
    pub fn find_any_case(&self, path: &Path, extensionless: bool) -> Option<PathBuf> {
        let mut real = PathBuf::new();
        let mut parts = path.components().peekable();
        while let Some(c) = parts.next() {
            let std::path::Component::Normal(name) = c else {
                real.push(c);
                continue;
            };
            let name = name.to_str()?;
            let listing = self.listing(&real)?;
            let last = parts.peek().is_none();
            let hit = if listing.contains_key(name) {
                Some(name.to_string())
            } else {
                let lower = name.to_lowercase();
                let with_md = format!("{lower}.md");
                listing
                    .keys()
                    .filter(|k| {
                        let k = k.to_lowercase();
                        k == lower || (last && extensionless && k == with_md)
                    })
                    .min()
                    .cloned()
            };
            real.push(hit?);
        }
        Some(real)
    }

    /// The Markdown page a found target opens: the file itself, or a
    /// folder's index page.
    pub fn page(&self, found: &Path, kind: Kind) -> Option<PathBuf> {
        match kind {
            Kind::File => crate::walk::is_markdown(found).then(|| found.to_path_buf()),
            Kind::Dir => {
                let l = self.listing(found)?;
                INDEX_PAGES
                    .iter()
                    .find(|n| l.get(**n) == Some(&Kind::File))
                    .map(|n| found.join(n))
            }
        }
    }

    /// Names near a missing `path`: the same name in another case, the
    /// name with `.md` added, or one edit away (two for long names); when
    /// the folder itself is missing, a near folder holding the name.
    pub fn nearest(&self, path: &Path) -> Vec<Near> {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return Vec::new();
        };
        let dir = path.parent().unwrap_or(Path::new(""));
        if let Some(l) = self.listing(dir) {
            return near_names(name, &l)
                .into_iter()
                .map(|name| Near { parent: None, name })
                .collect();
        }
        // The folder is missing: a near folder where the name exists.
        let (Some(parent), Some(grand)) = (dir.file_name().and_then(|n| n.to_str()), dir.parent())
        else {
            return Vec::new();
        };
        let Some(gl) = self.listing(grand) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for p in near_names(parent, &gl) {
            if gl.get(&p) != Some(&Kind::Dir) {
                continue;
            }
            if let Some(l) = self.listing(&grand.join(&p)) {
                let names = if l.contains_key(name) {
                    vec![name.to_string()]
                } else {
                    near_names(name, &l)
                };
                out.extend(names.into_iter().map(|n| Near {
                    parent: Some(p.clone()),
                    name: n,
                }));
            }
        }
        out.truncate(3);
        out
    }

    /// The anchors of a page read from disk, with those of the pages it
    /// includes; None when it cannot be read.
    pub fn anchors(path: &Path) -> Option<Anchors> {
        let source = std::fs::read_to_string(path).ok()?;
        let mut a = Anchors::of_source(&source);
        a.merge(Disk::included(path, &source));
        Some(a)
    }

    /// The anchors of the pages `source` includes.
    pub fn included(path: &Path, source: &str) -> Anchors {
        let mut a = Anchors::default();
        let mut todo = includes(path, source, 1);
        while let Some((p, depth)) = todo.pop() {
            let Ok(source) = std::fs::read_to_string(&p) else {
                continue;
            };
            if depth < 3 {
                todo.extend(includes(&p, &source, depth + 1));
            }
            a.merge(Anchors::of_source(&source));
        }
        a
    }
}

/// The pages `source` (at `path`) includes, at `depth`.
pub fn includes(path: &Path, source: &str, depth: u32) -> Vec<(PathBuf, u32)> {
    let mut marks = memchr::memmem::find_iter(source.as_bytes(), b"[!");
    let included = marks.any(|at| {
        source.as_bytes()[at + 2..]
            .get(..7)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"include"))
    });
    if !included {
        return Vec::new();
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    INCLUDE
        .captures_iter(source)
        .map(|c| (super::normalize(&dir.join(&*super::decode(&c[1]))), depth))
        .collect()
}

fn near_names(name: &str, entries: &Listing) -> Vec<String> {
    let lower = name.to_lowercase();
    let with_md = format!("{name}.md");
    let max = if name.chars().count() >= 10 { 2 } else { 1 };
    let mut found: Vec<(usize, &String)> = entries
        .keys()
        .filter_map(|e| {
            if e.to_lowercase() == lower || *e == with_md {
                return Some((0, e));
            }
            if e.len().abs_diff(name.len()) > max {
                return None;
            }
            let d = crate::registry::edit_distance(name, e);
            (d <= max).then_some((d, e))
        })
        .collect();
    found.sort();
    let min = found.first().map(|f| f.0);
    found
        .into_iter()
        .filter(|f| Some(f.0) == min)
        .take(3)
        .map(|f| f.1.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_listing() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::create_dir_all(root.join("guide")).unwrap();
        std::fs::write(root.join("guide/index.md"), "# Guide\n").unwrap();
        std::fs::write(root.join("Setup.md"), "# Setup\n").unwrap();
        std::fs::write(root.join("install.md"), "# Install\n").unwrap();
        let d = Disk::default();
        assert_eq!(d.kind(&root.join("guide")), Some(Kind::Dir));
        assert_eq!(d.kind(&root.join("setup.md")), None, "case matters");
        assert_eq!(
            d.find(&root.join("install.html"), false),
            Some((root.join("install.md"), Kind::File))
        );
        assert_eq!(d.find(&root.join("install"), false), None);
        assert!(d.find(&root.join("install"), true).is_some());
        assert_eq!(
            d.page(&root.join("guide"), Kind::Dir),
            Some(root.join("guide/index.md"))
        );
        let names = |p: &str| -> Vec<Near> { Disk::default().nearest(&root.join(p)) };
        assert_eq!(names("setup.md")[0].name, "Setup.md");
        assert_eq!(names("instal.md")[0].name, "install.md");
        assert_eq!(names("install")[0].name, "install.md");
        assert_eq!(
            names("guid/index.md"),
            [Near {
                parent: Some("guide".into()),
                name: "index.md".into()
            }]
        );
        assert!(names("nothing-like-it.md").is_empty());
    }
}
