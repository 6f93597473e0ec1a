//! draftlint: is this page ready to publish?
//!
//! The library is the product; the CLI, the tests, the language server and
//! the benchmarks are thin adapters around [`lint`] and [`run`].

pub mod baseline;
pub mod changed;
pub mod cli;
pub mod config;
pub mod document;
pub mod engine;
pub mod error;
pub mod finding;
pub mod fix;
pub mod identity;
pub mod links;
pub mod lsp;
pub mod pattern;
pub mod registry;
pub mod report;
pub mod rules;
pub mod span;
pub mod spelling;
pub mod suppress;
pub mod walk;
pub mod yaml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use config::{Config, Selection};
use document::Document;
use engine::RuleSet;
use error::Error;
use finding::Finding;
use span::LineIndex;
use spelling::Words;

/// Parse `source` once and run `rules` over it.
pub fn lint(path: &Path, source: String, rules: &RuleSet) -> (Document, Vec<Finding>) {
    let doc = Document::parse(source);
    let findings = engine::check(path, &doc, rules);
    (doc, findings)
}

/// The findings of one file, with what reporters need to show them.
#[derive(Debug)]
pub struct FileReport {
    /// As given on the command line, or relative to the working directory.
    pub path: PathBuf,
    pub source: String,
    pub lines: LineIndex,
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// Line and column (1-based) of byte `offset`, columns in `unit`.
    pub fn at(&self, offset: u32, unit: span::ColumnUnit) -> span::LineCol {
        self.lines.line_col(&self.source, offset, unit)
    }
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by path.
    pub files: Vec<FileReport>,
    /// Files and paths that could not be linted, and why.
    pub errors: Vec<Error>,
    /// How many files were linted.
    pub checked: usize,
}

/// What to lint and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Use this config for every file instead of discovering one.
    pub config: Option<PathBuf>,
    pub selection: Selection,
    /// Lint this text (from standard input) as a file of this name.
    pub stdin: Option<(PathBuf, String)>,
    /// Check web links over the network (`--check-external`), whatever
    /// the configs say.
    pub check_external: bool,
    /// Never check web links over the network, whatever the configs say
    /// (the language server, which checks as the writer types).
    pub offline: bool,
    /// Leave out files named in `paths` that ignore files exclude.
    pub force_exclude: bool,
}

/// Read a file as UTF-8 Markdown; binary and invalid text are errors that
/// say where.
pub fn read_source(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, &e))?;
    decode(path, bytes)
}

/// Check that `bytes` is UTF-8 text.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    if memchr::memchr(0, &bytes[..bytes.len().min(8000)]).is_some() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            message: "binary file (it contains NUL bytes); not linted".into(),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let good = String::from_utf8_lossy(&e.as_bytes()[..at]);
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Error::Io {
            path: path.to_path_buf(),
            message: format!(
                "not valid UTF-8: invalid byte at line {line}, column {column}; not linted"
            ),
        }
    })
}

/// Config lookups, one per folder, shared by the worker threads.
struct Configs {
    fixed: Option<Arc<Config>>,
    selection: Selection,
    /// Config file → loaded config.
    by_file: Mutex<HashMap<PathBuf, Arc<Config>>>,
    /// Folder → the config file governing it, if any.
    by_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    defaults: Arc<Config>,
    /// Folder → the word list governing it, if any.
    word_file_by_dir: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// (config, word list) → their words together.
    words: Mutex<HashMap<WordSources, Arc<Words>>>,
}

/// Where a folder's words come from: its config file, if any, and its
/// word list.
type WordSources = (Option<PathBuf>, PathBuf);

/// The file `discover` finds for `path`, looked up once per folder.
fn nearest(
    by_dir: &Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    path: &Path,
    discover: fn(&Path) -> Option<PathBuf>,
) -> Option<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    if let Some(f) = by_dir.lock().expect("not poisoned").get(&dir) {
        return f.clone();
    }
    let f = discover(path);
    by_dir.lock().expect("not poisoned").insert(dir, f.clone());
    f
}

impl Configs {
    fn new(opts: &Options) -> Result<Configs, Error> {
        let fixed = match &opts.config {
            Some(p) => Some(Arc::new(Config::load(p, opts.selection.clone())?)),
            None => None,
        };
        Ok(Configs {
            fixed,
            selection: opts.selection.clone(),
            by_file: Mutex::default(),
            by_dir: Mutex::default(),
            word_file_by_dir: Mutex::default(),
            words: Mutex::default(),
            defaults: Arc::new(Config::defaults(Path::new("."), opts.selection.clone())),
        })
    }

    /// The config governing `path`.
    fn for_path(&self, path: &Path) -> Result<Arc<Config>, Error> {
        if let Some(c) = &self.fixed {
            return Ok(c.clone());
        }
        let Some(file) = nearest(&self.by_dir, path, config::discover) else {
            return Ok(self.defaults.clone());
        };
        if let Some(c) = self.by_file.lock().expect("not poisoned").get(&file) {
            return Ok(c.clone());
        }
        let c = Arc::new(Config::load(&file, self.selection.clone())?);
        self.by_file
            .lock()
            .expect("not poisoned")
            .insert(file, c.clone());
        Ok(c)
    }

    /// The project words for `path`: its config's `words:` and the nearest
    /// word list file.
    fn words_for(&self, path: &Path, config: &Config) -> Result<Arc<Words>, Error> {
        let Some(file) = nearest(&self.word_file_by_dir, path, spelling::discover) else {
            return Ok(config.words.clone());
        };
        let key = (config.file.clone(), file);
        if let Some(w) = self.words.lock().expect("not poisoned").get(&key) {
            return Ok(w.clone());
        }
        let text = std::fs::read_to_string(&key.1).map_err(|e| Error::io(&key.1, &e))?;
        let words = Arc::new(config.words.union(&Words::parse(&text)));
        self.words
            .lock()
            .expect("not poisoned")
            .insert(key, words.clone());
        Ok(words)
    }
}

/// Lint `text` (an editor's buffer, standard input) as the file `path`:
/// its config and words are the ones `path` would have, its links are
/// resolved on disk, web links are never asked. `None` when the config
/// ignores the file.
pub fn lint_buffer(path: &Path, text: String) -> Result<Option<FileReport>, Error> {
    let opts = Options {
        offline: true,
        ..Options::default()
    };
    let configs = Configs::new(&opts)?;
    if configs.for_path(path)?.ignores(path) || walk::excluded(path) {
        return Ok(None);
    }
    buffer(&configs, &opts, path, text).map(Some)
}

/// One text checked as the file `name`, findings or not.
fn buffer(
    configs: &Configs,
    opts: &Options,
    name: &Path,
    text: String,
) -> Result<FileReport, Error> {
    let config = configs.for_path(name)?;
    let rules = config.rules_for(name)?;
    let words = configs.words_for(name, &config)?;
    let rules = (*rules).clone().with_words(words);
    let run = rules::Run {
        external: external_checker(opts, &config),
        ..Default::default()
    };
    let doc = Document::parse(text);
    let findings = engine::check_in(name, &doc, &rules, &run);
    Ok(file_report(name.to_path_buf(), doc, findings))
}

/// Lint every file `opts` names, in parallel; the report is sorted and the
/// same on every run.
pub fn run(opts: &Options) -> Result<Report, Error> {
    let configs = Configs::new(opts)?;
    // A config error is the user's to fix first: stop, naming it.
    let mut report = Report::default();
    if let Some((name, text)) = &opts.stdin {
        let file = buffer(&configs, opts, name, text.clone())?;
        report.checked = 1;
        if !file.findings.is_empty() {
            report.files.push(file);
        }
        return Ok(report);
    }
    let sel = &opts.selection;
    let named = |list: &[String]| list.iter().any(|s| s == "spelling");
    if !named(&sel.ignore) && (sel.select.is_empty() || named(&sel.select)) {
        spelling::lexicon::Lexicon::warm();
    }
    let walked = walk::walk(&opts.paths, opts.force_exclude);
    report.errors.extend(walked.errors);
    let run = rules::Run {
        extensions: walked.extensions,
        disk: Default::default(),
        external: external_checker(opts, &*configs.for_path(Path::new("."))?),
    };
    /// What became of one file.
    enum Outcome {
        Ignored,
        Checked(Page),
        /// A file that could not be read: reported, the rest still linted.
        Unreadable(Error),
        /// A bad config: the run stops.
        Config(Error),
    }
    /// A page read and checked; its source kept when it has findings
    /// (pages that only wait for the end of the run are read again if it
    /// finds something: most pages have links, few broken ones).
    struct Page {
        path: PathBuf,
        findings: Vec<Finding>,
        pending: Option<engine::Pending>,
        source: Option<(String, Option<LineIndex>)>,
        /// The length of the source, to tell a file changed since.
        len: usize,
    }
    let results: Vec<Outcome> = walked
        .files
        .into_par_iter()
        .map(|path| {
            let (rules, words) = match configs.for_path(&path) {
                Ok(c) if c.ignores(&path) => return Outcome::Ignored,
                Ok(c) => match (c.rules_for(&path), configs.words_for(&path, &c)) {
                    (Ok(r), Ok(w)) => (r, w),
                    (Err(e), _) | (_, Err(e)) => return Outcome::Config(e),
                },
                Err(e) => return Outcome::Config(e),
            };
            let source = match read_source(&path) {
                Ok(s) => s,
                Err(e) => return Outcome::Unreadable(e),
            };
            let doc = Document::parse(source);
            let checked = engine::check_page(&path, &doc, &rules, &words, &run);
            let keep = !checked.findings.is_empty();
            Outcome::Checked(Page {
                path,
                findings: checked.findings,
                pending: checked.pending,
                len: doc.source().len(),
                source: keep.then(|| doc.into_source()),
            })
        })
        .collect();
    let mut pages = Vec::new();
    for r in results {
        match r {
            Outcome::Ignored => continue,
            // The first bad config in path order stops the run.
            Outcome::Config(e) => return Err(e),
            Outcome::Checked(p) => pages.push(p),
            Outcome::Unreadable(e) => report.errors.push(e),
        }
        report.checked += 1;
    }
    // Rules that judge against the whole run decide now.
    let pending: Vec<_> = pages.iter_mut().map(|p| p.pending.take()).collect();
    if pending.iter().any(Option::is_some) {
        for (i, f) in engine::finish(&pending, &run) {
            pages[i].findings.push(f);
        }
    }
    drop(pending);
    let reports: Vec<Result<FileReport, Error>> = pages
        .into_par_iter()
        .filter(|p| !p.findings.is_empty())
        .map(|mut p| {
            engine::sort(&mut p.findings);
            let (source, lines) = match p.source.take() {
                Some(s) => s,
                None => {
                    let source = read_source(&p.path)?;
                    if source.len() != p.len {
                        return Err(Error::Io {
                            path: p.path,
                            message: "changed while it was being linted; run again".into(),
                        });
                    }
                    (source, None)
                }
            };
            let lines = lines.unwrap_or_else(|| LineIndex::new(&source));
            Ok(FileReport {
                path: p.path,
                source,
                lines,
                findings: p.findings,
            })
        })
        .collect();
    for r in reports {
        match r {
            Ok(f) => report.files.push(f),
            Err(e) => report.errors.push(e),
        }
    }
    Ok(report)
}

/// The run's external link checker: its network settings come from the
/// config of the folder the run starts in (set them in the project's root
/// config); whether a page's links are checked, from `--check-external` or
/// the page's own config.
fn external_checker(opts: &Options, config: &config::Config) -> links::external::Checker {
    if opts.offline {
        return links::external::Checker::offline();
    }
    links::external::Checker::new(opts.check_external, config.links.external.clone())
}

fn file_report(path: PathBuf, doc: Document, findings: Vec<Finding>) -> FileReport {
    let (source, lines) = doc.into_source_and_lines();
    FileReport {
        path,
        source,
        lines,
        findings,
    }
}
