//! The configuration file (`draftlint.yaml` or `.draftlint.yaml`), found by
//! walking up from each linted path, read strictly: an unknown key, a bad
//! value or a bad pattern is an error naming the file, line and column, at
//! start-up.
//!
//! ```yaml
//! rules:
//!   todo-comment: warning          # a severity, or off
//!   empty-section:
//!     severity: warning
//!     allow: ["^NOTES$"]           # the rule's options
//!   spelling: off                  # a category works too
//! overrides:
//!   - files: ["reference/**"]
//!     rules:
//!       empty-section: off
//! rule-folders: [.draftlint/rules] # more YAML rules
//! ignore: ["drafts/**"]            # on top of .gitignore
//! words: [Sensei, Magento]         # spelled right (also: draftlint-words.txt)
//! links:
//!   site-root: .                   # the folder `/…` links resolve against
//!   site-path: /help/              # the URL path the site root is served at
//!   check-external: false          # check web links (also --check-external)
//!   external:
//!     include: ['^https://docs\.example\.org/']  # checked whatever else says
//!     exclude: ['linkedin\.com']  # never checked
//!     timeout: 20s                 # per request
//!     retries: 2                   # after 429, 5xx, time-outs (backoff: 500ms)
//!     concurrency: 16              # requests at a time
//!     per-host: 4                  # requests at a time to one host
//!     redirects: 10                # followed before giving up
//!     cache-ttl: 1d                # 0 turns the cache off
//!     cache-dir: .draftlint-cache  # beside this file
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use serde_saphyr::{Location, Spanned};

use crate::engine::{Active, RuleSet};
use crate::error::{Error, Located};
use crate::finding::Severity;
use crate::registry::Registry;
use crate::rules::{OptValue, OptionKind, Rule, RuleOptions};
use crate::spelling::Words;
use crate::yaml::{self, Node};

/// File names searched for, in this order, in each folder.
pub const FILE_NAMES: [&str; 4] = [
    "draftlint.yaml",
    ".draftlint.yaml",
    "draftlint.yml",
    ".draftlint.yml",
];

/// `off`, or a severity.
type Level = Option<Severity>;

#[derive(Clone)]
struct Entry {
    /// Registry indices of the rules the key names.
    rules: Vec<usize>,
    level: Option<Level>,
    options: RuleOptions,
}

#[derive(Clone)]
struct Override {
    files: GlobSet,
    entries: Vec<Entry>,
}

/// A loaded configuration: the registry it implies, the rule settings and
/// path globs, and the rule sets resolved so far.
pub struct Config {
    /// The file it was read from; `None` for the defaults.
    pub file: Option<PathBuf>,
    /// The folder globs are relative to.
    pub root: PathBuf,
    pub registry: Arc<Registry>,
    base: Vec<Entry>,
    overrides: Vec<Override>,
    ignore: GlobSet,
    /// Words the spelling rule accepts (`words:`).
    pub words: Arc<Words>,
    /// The `links:` section, its folders anchored at the config's folder.
    pub links: Arc<crate::links::Settings>,
    /// Rule sets by which overrides match.
    resolved: Mutex<HashMap<Vec<bool>, Arc<RuleSet>>>,
    /// Rule selection from the command line.
    selection: Selection,
}

/// `--select` and `--ignore` from the command line: rule ids or categories.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Config {
    /// The defaults: every rule at its default level, nothing ignored.
    pub fn defaults(root: &Path, selection: Selection) -> Config {
        Config {
            file: None,
            root: root.to_path_buf(),
            registry: Arc::new(Registry::builtin()),
            base: Vec::new(),
            overrides: Vec::new(),
            ignore: GlobSet::empty(),
            words: Arc::default(),
            links: Arc::default(),
            resolved: Mutex::default(),
            selection,
        }
    }

    /// Read and check a config file.
    pub fn load(path: &Path, selection: Selection) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::parse(path, &root, &text, selection)
    }

    /// Check a config's text; `path` names it in errors and `root` anchors
    /// its globs and rule folders.
    pub fn parse(
        path: &Path,
        root: &Path,
        text: &str,
        selection: Selection,
    ) -> Result<Config, Error> {
        let tree =
            yaml::parse(text).map_err(|e| Error::Config(vec![Located::from_yaml(path, &e)]))?;
        let mut p = Parser {
            path,
            errors: Vec::new(),
        };
        let mut rules_node = None;
        let mut overrides_node = None;
        let mut folders = Vec::new();
        let mut ignore = Vec::new();
        let mut words = Vec::new();
        let mut links = crate::links::Settings::default();
        links.external.cache_dir = crate::links::external::default_cache_dir(root);
        match &tree.value {
            Node::Null => {}
            Node::Map(entries) => {
                for (k, v) in entries {
                    match k.value.as_str() {
                        "rules" => rules_node = Some(v),
                        "overrides" => overrides_node = Some(v),
                        "rule-folders" => folders = p.strings(v, "rule-folders"),
                        "ignore" => ignore = p.strings(v, "ignore"),
                        "words" => words = p.strings(v, "words"),
                        "links" => links = p.links(v, root),
                        other => p.unknown_key(
                            k,
                            other,
                            &[
                                "rules",
                                "overrides",
                                "rule-folders",
                                "ignore",
                                "words",
                                "links",
                            ],
                        ),
                    }
                }
            }
            other => p.error(
                &tree.referenced,
                format!("expected a mapping of settings, found {}", other.describe()),
            ),
        }
        let folders: Vec<PathBuf> = folders.iter().map(|f| root.join(&f.value)).collect();
        let registry = match Registry::with_folders(&folders) {
            Ok(r) => r,
            Err(Error::Config(e)) => {
                p.errors.extend(e);
                Registry::builtin()
            }
            Err(e) => return Err(e),
        };
        let base = rules_node
            .map(|n| p.rules(n, &registry))
            .unwrap_or_default();
        let mut overrides = Vec::new();
        if let Some(n) = overrides_node {
            match &n.value {
                Node::Seq(items) => {
                    for item in items {
                        if let Some(o) = p.override_(item, &registry) {
                            overrides.push(o);
                        }
                    }
                }
                Node::Null => {}
                other => p.error(
                    &n.referenced,
                    format!("`overrides` must be a list, found {}", other.describe()),
                ),
            }
        }
        let ignore = p.globset(&ignore);
        check_selection(&registry, &selection)?;
        if !p.errors.is_empty() {
            return Err(Error::Config(p.errors));
        }
        Ok(Config {
            file: Some(path.to_path_buf()),
            root: root.to_path_buf(),
            registry: Arc::new(registry),
            base,
            overrides,
            ignore,
            words: Arc::new(Words::new(words.iter().map(|w| &w.value))),
            links: Arc::new(links),
            resolved: Mutex::default(),
            selection,
        })
    }

    /// Whether the config's `ignore` globs exclude `path`.
    pub fn ignores(&self, path: &Path) -> bool {
        if self.ignore.is_empty() {
            return false;
        }
        let rel = relative(path, &self.root);
        self.ignore.is_match(&rel)
            || rel
                .ancestors()
                .skip(1)
                .any(|a| !a.as_os_str().is_empty() && self.ignore.is_match(a))
    }

    /// The rules that apply to `path`, with their severities.
    pub fn rules_for(&self, path: &Path) -> Result<Arc<RuleSet>, Error> {
        let key: Vec<bool> = if self.overrides.is_empty() {
            Vec::new()
        } else {
            let rel = relative(path, &self.root);
            self.overrides
                .iter()
                .map(|o| o.files.is_match(&rel))
                .collect()
        };
        // Held while resolving: worker threads that start together wait
        // for one compiled set instead of each compiling the same one.
        let mut resolved = self.resolved.lock().expect("not poisoned");
        if let Some(r) = resolved.get(&key) {
            return Ok(r.clone());
        }
        let entries = self.base.iter().chain(
            self.overrides
                .iter()
                .zip(&key)
                .filter(|(_, m)| **m)
                .flat_map(|(o, _)| o.entries.iter()),
        );
        let set = Arc::new(self.resolve(entries)?);
        resolved.insert(key, set.clone());
        Ok(set)
    }

    fn resolve<'a>(&self, entries: impl Iterator<Item = &'a Entry>) -> Result<RuleSet, Error> {
        let rules = self.registry.rules();
        let mut level: Vec<Level> = rules
            .iter()
            .map(|r| r.meta().enabled.then_some(r.meta().severity))
            .collect();
        let mut options: Vec<RuleOptions> = vec![RuleOptions::default(); rules.len()];
        // Category entries first, then rule entries, each in file order.
        let entries: Vec<&Entry> = entries.collect();
        for pass in [true, false] {
            for e in entries.iter().filter(|e| (e.rules.len() != 1) == pass) {
                for &i in &e.rules {
                    if let Some(l) = e.level {
                        level[i] = l;
                    }
                    if !e.options.is_empty() {
                        options[i].0.extend(e.options.0.clone());
                        if e.level.is_none() && level[i].is_none() {
                            level[i] = Some(rules[i].meta().severity);
                        }
                    }
                }
            }
        }
        let sel = &self.selection;
        if !sel.select.is_empty() {
            let chosen: Vec<usize> = sel
                .select
                .iter()
                .flat_map(|s| self.registry.select(s).unwrap_or_default())
                .collect();
            for (i, l) in level.iter_mut().enumerate() {
                *l = if chosen.contains(&i) {
                    l.or(Some(rules[i].meta().severity))
                } else {
                    None
                };
            }
        }
        for s in &sel.ignore {
            for i in self.registry.select(s).unwrap_or_default() {
                level[i] = None;
            }
        }
        let mut active = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let Some(severity) = level[i] else { continue };
            let rule: Arc<dyn Rule> = if options[i].is_empty() {
                rule.clone()
            } else {
                rule.configure(&options[i]).map_err(|e| {
                    Error::Config(vec![Located::new(
                        self.file.as_deref().unwrap_or(Path::new("draftlint.yaml")),
                        0,
                        0,
                        format!(
                            "rule `{}`, option `{}`: {}",
                            rule.meta().id,
                            e.option,
                            e.message
                        ),
                    )])
                })?
            };
            active.push(Active { rule, severity });
        }
        Ok(RuleSet::new(active, self.registry.clone())
            .with_words(self.words.clone())
            .with_links(self.links.clone()))
    }
}

/// Unknown names in `--select` / `--ignore` are usage errors.
fn check_selection(registry: &Registry, sel: &Selection) -> Result<(), Error> {
    for name in sel.select.iter().chain(&sel.ignore) {
        if registry.select(name).is_none() {
            let hint = registry
                .suggest(name)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "unknown rule or category `{name}`{hint}; `draftlint rules` lists them"
            )));
        }
    }
    Ok(())
}

/// `path` relative to `root` when it is inside it; otherwise as given.
fn relative(path: &Path, root: &Path) -> PathBuf {
    let path = path.strip_prefix("./").unwrap_or(path);
    if root.as_os_str().is_empty() || root == Path::new(".") {
        return path.to_path_buf();
    }
    match path.strip_prefix(root) {
        Ok(p) => p.to_path_buf(),
        Err(_) => match (std::path::absolute(path), std::path::absolute(root)) {
            (Ok(p), Ok(r)) => p.strip_prefix(&r).map(Path::to_path_buf).unwrap_or(p),
            _ => path.to_path_buf(),
        },
    }
}

/// Find the config that governs `start` (a file or folder), walking up.
pub fn discover(start: &Path) -> Option<PathBuf> {
    find_up(start, &FILE_NAMES)
}

/// The first of `names` in the folder of `start` (a file or folder) or
/// the nearest folder above it that has one.
pub fn find_up(start: &Path, names: &[&str]) -> Option<PathBuf> {
    let abs = std::path::absolute(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        for name in names {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

struct Parser<'a> {
    path: &'a Path,
    errors: Vec<Located>,
}

impl Parser<'_> {
    fn error(&mut self, at: &Location, message: String) {
        self.errors.push(Located::at(self.path, at, message));
    }

    fn unknown_key(&mut self, k: &Spanned<String>, name: &str, known: &[&str]) {
        let near = known
            .iter()
            .map(|c| (crate::registry::edit_distance(name, c), *c))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, c)| format!(" (did you mean `{c}`?)"))
            .unwrap_or_default();
        self.error(
            &k.referenced,
            format!(
                "unknown key `{name}`{near}; expected one of: {}",
                known.join(", ")
            ),
        );
    }

    fn strings(&mut self, n: &Spanned<Node>, what: &str) -> Vec<Spanned<String>> {
        match &n.value {
            Node::Seq(items) => items
                .iter()
                .filter_map(|i| match &i.value {
                    Node::Str(s) => Some(Spanned::new(s.clone(), i.referenced, i.defined)),
                    other => {
                        self.error(
                            &i.referenced,
                            format!(
                                "`{what}` entries must be strings, found {}",
                                other.describe()
                            ),
                        );
                        None
                    }
                })
                .collect(),
            Node::Str(s) => vec![Spanned::new(s.clone(), n.referenced, n.defined)],
            Node::Null => Vec::new(),
            other => {
                self.error(
                    &n.referenced,
                    format!(
                        "`{what}` must be a list of strings, found {}",
                        other.describe()
                    ),
                );
                Vec::new()
            }
        }
    }

    /// The `links:` section; folders are relative to `root`.
    fn links(&mut self, n: &Spanned<Node>, root: &Path) -> crate::links::Settings {
        let mut out = crate::links::Settings::default();
        let entries = match &n.value {
            Node::Map(e) => e,
            Node::Null => return out,
            other => {
                self.error(
                    &n.referenced,
                    format!("`links` must be a mapping, found {}", other.describe()),
                );
                return out;
            }
        };
        const KEYS: &[&str] = &["site-root", "site-path", "check-external", "external"];
        out.external.cache_dir = crate::links::external::default_cache_dir(root);
        for (k, v) in entries {
            let key = k.value.as_str();
            match (key, &v.value) {
                ("site-root", Node::Str(s)) => out.site_root = Some(root.join(s)),
                ("site-path", Node::Str(s)) => out.site_path = Some(s.clone()),
                ("check-external", Node::Bool(b)) => out.check_external = *b,
                ("check-external", other) => self.error(
                    &v.referenced,
                    format!(
                        "`links.check-external` must be true or false, found {}",
                        other.describe()
                    ),
                ),
                ("external", _) => self.external(v, root, &mut out.external),
                (k2, other) if KEYS.contains(&k2) => self.error(
                    &v.referenced,
                    format!("`links.{k2}` must be a string, found {}", other.describe()),
                ),
                (other, _) => self.unknown_key(k, other, KEYS),
            }
        }
        out
    }

    /// The `links.external:` section.
    fn external(
        &mut self,
        n: &Spanned<Node>,
        root: &Path,
        out: &mut crate::links::external::Settings,
    ) {
        use crate::links::external::{Patterns, parse_duration};
        let entries = match &n.value {
            Node::Map(e) => e,
            Node::Null => return,
            other => {
                self.error(
                    &n.referenced,
                    format!(
                        "`links.external` must be a mapping, found {}",
                        other.describe()
                    ),
                );
                return;
            }
        };
        const KEYS: &[&str] = &[
            "include",
            "exclude",
            "timeout",
            "retries",
            "backoff",
            "concurrency",
            "per-host",
            "redirects",
            "cache-ttl",
            "cache-dir",
        ];
        for (k, v) in entries {
            let key = k.value.as_str();
            let at = &v.referenced;
            match key {
                "include" | "exclude" => {
                    let list = self.strings(v, &format!("links.external.{key}"));
                    for p in &list {
                        if let Err(e) = regex::Regex::new(&p.value) {
                            self.error(&p.referenced, format!("invalid regex `{}`: {e}", p.value));
                        }
                    }
                    let list: Vec<String> = list.into_iter().map(|s| s.value).collect();
                    let patterns = Patterns::new(&list).unwrap_or_default();
                    if key == "include" {
                        out.include = patterns;
                    } else {
                        out.exclude = patterns;
                    }
                }
                "timeout" | "backoff" | "cache-ttl" => {
                    let d = match &v.value {
                        Node::Int(i) if *i >= 0 => Some(std::time::Duration::from_secs(*i as u64)),
                        Node::Str(s) => parse_duration(s),
                        _ => None,
                    };
                    match d {
                        Some(d) if key == "timeout" && d.is_zero() => self.error(
                            at,
                            "`links.external.timeout` must be more than zero".into(),
                        ),
                        Some(d) if key == "timeout" => out.timeout = d,
                        Some(d) if key == "backoff" => out.backoff = d,
                        Some(d) => out.cache_ttl = d,
                        None => self.error(
                            at,
                            format!(
                                "`links.external.{key}` must be a duration like `20s`, `500ms`, `12h` or `1d`, found {}",
                                v.value.describe()
                            ),
                        ),
                    }
                }
                "retries" | "concurrency" | "per-host" | "redirects" => {
                    let n = match &v.value {
                        Node::Int(i) if *i >= 0 => u32::try_from(*i).ok(),
                        _ => None,
                    };
                    match (key, n) {
                        ("concurrency" | "per-host", Some(0)) => {
                            self.error(at, format!("`links.external.{key}` must be at least 1"))
                        }
                        ("retries", Some(n)) => out.retries = n,
                        ("redirects", Some(n)) => out.redirects = n,
                        ("concurrency", Some(n)) => out.concurrency = n as usize,
                        ("per-host", Some(n)) => out.per_host = n as usize,
                        _ => self.error(
                            at,
                            format!(
                                "`links.external.{key}` must be a whole number, found {}",
                                v.value.describe()
                            ),
                        ),
                    }
                }
                "cache-dir" => match &v.value {
                    Node::Str(s) => out.cache_dir = root.join(s),
                    other => self.error(
                        at,
                        format!(
                            "`links.external.cache-dir` must be a string, found {}",
                            other.describe()
                        ),
                    ),
                },
                other => self.unknown_key(k, other, KEYS),
            }
        }
    }

    fn globset(&mut self, globs: &[Spanned<String>]) -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            match glob(&g.value) {
                Ok(gl) => {
                    b.add(gl);
                }
                Err(e) => self.error(
                    &g.referenced,
                    format!("invalid glob `{}`: {}", g.value, e.kind()),
                ),
            }
        }
        b.build().unwrap_or_else(|_| GlobSet::empty())
    }

    fn override_(&mut self, n: &Spanned<Node>, registry: &Registry) -> Option<Override> {
        let Node::Map(entries) = &n.value else {
            self.error(
                &n.referenced,
                format!(
                    "an override must be a mapping with `files` and `rules`, found {}",
                    n.value.describe()
                ),
            );
            return None;
        };
        let mut files = None;
        let mut rules = Vec::new();
        for (k, v) in entries {
            match k.value.as_str() {
                "files" => files = Some(self.strings(v, "files")),
                "rules" => rules = self.rules(v, registry),
                other => self.unknown_key(k, other, &["files", "rules"]),
            }
        }
        let Some(files) = files else {
            self.error(
                &n.referenced,
                "an override needs `files`, a list of globs".to_string(),
            );
            return None;
        };
        Some(Override {
            files: self.globset(&files),
            entries: rules,
        })
    }

    fn rules(&mut self, n: &Spanned<Node>, registry: &Registry) -> Vec<Entry> {
        let Node::Map(entries) = &n.value else {
            if !matches!(n.value, Node::Null) {
                self.error(
                    &n.referenced,
                    format!(
                        "`rules` must be a mapping of rule ids or categories, found {}",
                        n.value.describe()
                    ),
                );
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            let name = k.value.as_str();
            let Some(targets) = registry.select(name).filter(|_| name != "all") else {
                let hint = registry
                    .suggest(name)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                self.error(
                    &k.referenced,
                    format!("unknown rule or category `{name}`{hint}"),
                );
                continue;
            };
            let single = registry.get(name);
            if let Some(e) = self.rule_value(v, name, single.map(|r| r.as_ref())) {
                out.push(Entry {
                    rules: targets,
                    ..e
                });
            }
        }
        out
    }

    /// `off`, a severity, `true`/`false`, or a mapping with `severity` and
    /// the rule's options.
    fn rule_value(
        &mut self,
        v: &Spanned<Node>,
        name: &str,
        rule: Option<&dyn Rule>,
    ) -> Option<Entry> {
        let mut entry = Entry {
            rules: Vec::new(),
            level: None,
            options: RuleOptions::default(),
        };
        match &v.value {
            Node::Str(s) => entry.level = Some(self.level(s, &v.referenced)?),
            Node::Bool(false) => entry.level = Some(None),
            Node::Bool(true) => {}
            Node::Map(fields) => {
                for (k, fv) in fields {
                    if k.value == "severity" {
                        match &fv.value {
                            Node::Str(s) => entry.level = Some(self.level(s, &fv.referenced)?),
                            Node::Bool(false) => entry.level = Some(None),
                            other => {
                                self.error(
                                    &fv.referenced,
                                    format!(
                                        "`severity` must be off, info, warning or error, found {}",
                                        other.describe()
                                    ),
                                );
                                return None;
                            }
                        }
                        continue;
                    }
                    let Some(rule) = rule else {
                        self.error(
                            &k.referenced,
                            format!("`{name}` is a category: only `severity` can be set for it"),
                        );
                        continue;
                    };
                    let Some(spec) = rule.meta().options.iter().find(|o| o.name == k.value) else {
                        let mut known: Vec<&str> =
                            rule.meta().options.iter().map(|o| o.name).collect();
                        known.insert(0, "severity");
                        self.unknown_key(k, &k.value, &known);
                        continue;
                    };
                    if let Some(val) = self.option_value(fv, spec.kind, spec.name) {
                        entry.options.0.insert(spec.name.to_string(), val);
                    }
                }
                if let (Some(rule), false) = (rule, entry.options.is_empty())
                    && let Err(e) = rule.configure(&entry.options)
                {
                    let at = fields
                        .iter()
                        .find(|(k, _)| k.value == e.option)
                        .map_or(v.referenced, |(_, fv)| fv.referenced);
                    self.error(
                        &at,
                        format!("option `{}` of `{name}`: {}", e.option, e.message),
                    );
                    return None;
                }
            }
            other => {
                self.error(
                    &v.referenced,
                    format!(
                        "expected off, info, warning, error or a mapping of options, found {}",
                        other.describe()
                    ),
                );
                return None;
            }
        }
        Some(entry)
    }

    fn level(&mut self, s: &str, at: &Location) -> Option<Level> {
        match s {
            "off" => Some(None),
            _ => match s.parse::<Severity>() {
                Ok(sev) => Some(Some(sev)),
                Err(()) => {
                    self.error(
                        at,
                        format!("unknown severity `{s}`; expected off, info, warning or error"),
                    );
                    None
                }
            },
        }
    }

    fn option_value(
        &mut self,
        v: &Spanned<Node>,
        kind: OptionKind,
        name: &str,
    ) -> Option<OptValue> {
        let val = match (&v.value, kind) {
            (Node::Bool(b), OptionKind::Bool) => OptValue::Bool(*b),
            (Node::Int(i), OptionKind::Int) => OptValue::Int(*i),
            (Node::Str(s), OptionKind::Str) => OptValue::Str(s.clone()),
            (Node::Str(s), OptionKind::List) => OptValue::List(vec![s.clone()]),
            (Node::Seq(_), OptionKind::List) => {
                OptValue::List(self.strings(v, name).into_iter().map(|s| s.value).collect())
            }
            (other, _) => {
                self.error(
                    &v.referenced,
                    format!(
                        "option `{name}` must be {}, found {}",
                        kind.describe(),
                        other.describe()
                    ),
                );
                return None;
            }
        };
        Some(val)
    }
}

/// A config glob: relative to the config's folder; without a `/` it matches
/// at any depth; a trailing `/` means everything in that folder.
pub fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    let mut p = pattern.trim_start_matches("./").to_string();
    if p.ends_with('/') {
        p.push_str("**");
    }
    if !p.contains('/') {
        p = format!("**/{p}");
    }
    GlobBuilder::new(p.trim_start_matches('/'))
        .literal_separator(true)
        .build()
}

#[cfg(test)]
mod tests;
