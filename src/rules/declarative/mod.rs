//! Declarative rules: one YAML file per rule, bundled (`rules/*.yaml`) or
//! from a user's rule folder, parsed by the same code into the same
//! registry. Two kinds: `existence` (flag a phrase) and `substitution`
//! (flag a phrase and offer its replacement).
//!
//! Literal phrases are matched with one aho-corasick automaton on word
//! boundaries; regular expressions are joined into one. Every rule carries
//! the examples it must flag and the near misses it must pass, and those
//! run as tests.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::util::is_mention;
use super::{Context, Origin, Rule, RuleMeta};
use crate::document::{OPAQUE, Scope, Unit};
use crate::error::Located;
use crate::finding::{Applicability, Category, Edit, Fix, Hit, Severity};

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../rules/", $name)))),*]
    };
}

/// The YAML rules shipped in the binary (a test checks this list against
/// the `rules/` folder).
pub const BUNDLED: &[(&str, &str)] = bundled![
    "placeholder-text.yaml",
    "placeholder-link.yaml",
    "placeholder-in-code.yaml",
    "placeholder-xxx.yaml",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleFile {
    id: Spanned<String>,
    category: Spanned<String>,
    severity: Option<Spanned<String>>,
    #[serde(default = "yes")]
    enabled: bool,
    summary: String,
    why: String,
    kind: Spanned<String>,
    #[serde(default)]
    scope: Vec<Spanned<String>>,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    swap: BTreeMap<String, String>,
    #[serde(default = "yes")]
    ignore_case: bool,
    #[serde(default = "yes")]
    skip_mentions: bool,
    /// Emphasized or coded matches are notation (*xxxx*), not leftovers.
    #[serde(default)]
    skip_emphasized: bool,
    /// Units (a paragraph, a cell, a value) matching any of these are skipped.
    #[serde(default)]
    unless: Vec<Spanned<String>>,
    message: String,
    help: Option<String>,
    fix: Option<Spanned<String>>,
    #[serde(default)]
    examples: Examples,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Examples {
    #[serde(default)]
    flag: Vec<String>,
    #[serde(default)]
    pass: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Existence,
    Substitution,
}

/// A rule read from YAML.
pub struct Declarative {
    meta: RuleMeta,
    kind: Kind,
    scope: Scope,
    literals: Option<AhoCorasick>,
    /// For substitutions: the replacement of each literal, by pattern index.
    replacements: Vec<String>,
    /// The regular expressions, compiled on first use: most pages never
    /// open a rule's gates, and compiling them all was a visible part of
    /// starting up.
    regexes: std::sync::OnceLock<Regexes>,
    sources: Sources,
    gates: Vec<String>,
    skip_mentions: bool,
    skip_emphasized: bool,
    message: String,
    help: Option<String>,
    fix: Option<Applicability>,
    /// Where the id is written, for duplicate-id errors.
    pub id_at: (u64, u64),
}

/// A rule's regular expressions as written (flags applied).
struct Sources {
    patterns: Vec<String>,
    unless: Vec<String>,
    any: Option<String>,
}

struct Regexes {
    patterns: Vec<Regex>,
    /// All patterns in one, to find the blocks that match.
    any: Option<Regex>,
    unless: Vec<Regex>,
}

impl Sources {
    /// Every source compiled; a user's rule file was checked when loaded,
    /// a bundled one by the tests.
    fn compile(&self) -> Regexes {
        let all = |list: &[String]| -> Vec<Regex> {
            list.iter()
                .map(|p| crate::pattern::regex(p).expect("checked when loaded"))
                .collect()
        };
        Regexes {
            patterns: all(&self.patterns),
            any: self
                .any
                .as_ref()
                .map(|p| crate::pattern::regex(p).expect("each part compiled")),
            unless: all(&self.unless),
        }
    }
}

/// Parse one rule file. `path` names it in errors.
pub fn parse(path: &Path, yaml: &str, origin: Origin) -> Result<Declarative, Vec<Located>> {
    let file: RuleFile =
        serde_saphyr::from_str_with_options(yaml, serde_saphyr::options! { with_snippet: false })
            .map_err(|e| vec![Located::from_yaml(path, &e)])?;
    let mut errors = Vec::new();
    let err = |loc: &serde_saphyr::Location, msg: String| Located::at(path, loc, msg);

    let id = file.id.value.trim().to_string();
    if id.is_empty()
        || !id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        errors.push(err(
            &file.id.referenced,
            format!("rule id `{id}` must be lower-case letters, digits and hyphens"),
        ));
    }
    let category = file
        .category
        .value
        .parse::<Category>()
        .unwrap_or_else(|()| {
            errors.push(err(
                &file.category.referenced,
                format!(
                    "unknown category `{}`; expected one of: {}",
                    file.category.value,
                    Category::ALL.map(|c| c.as_str()).join(", ")
                ),
            ));
            Category::Placeholder
        });
    let severity = match &file.severity {
        None => Severity::Warning,
        Some(s) => s.value.parse().unwrap_or_else(|()| {
            errors.push(err(
                &s.referenced,
                format!(
                    "unknown severity `{}`; expected info, warning or error",
                    s.value
                ),
            ));
            Severity::Warning
        }),
    };
    let kind = match file.kind.value.as_str() {
        "existence" => Kind::Existence,
        "substitution" => Kind::Substitution,
        other => {
            errors.push(err(
                &file.kind.referenced,
                format!("unknown kind `{other}`; expected existence or substitution"),
            ));
            Kind::Existence
        }
    };
    let mut scope = Scope::default();
    for s in &file.scope {
        match Scope::parse(&s.value) {
            Some(x) => scope = scope.union(x),
            None => errors.push(err(
                &s.referenced,
                format!(
                    "unknown scope `{}`; expected one of: {}",
                    s.value,
                    Scope::NAMES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    if file.scope.is_empty() {
        scope = Scope::PROSE;
    }
    let fix = match &file.fix {
        None => None,
        Some(f) => match f.value.as_str() {
            "safe" => Some(Applicability::Safe),
            "unsafe" => Some(Applicability::Unsafe),
            other => {
                errors.push(err(
                    &f.referenced,
                    format!("unknown fix `{other}`; expected safe or unsafe"),
                ));
                None
            }
        },
    };
    if fix.is_some()
        && kind != Kind::Substitution
        && let Some(f) = &file.fix
    {
        errors.push(err(&f.referenced, "only substitution rules can fix".into()));
    }
    let flags = if file.ignore_case { "(?i)" } else { "" };
    let mut compile = |list: &[Spanned<String>], flags: &str| -> Vec<Regex> {
        list.iter()
            .filter_map(
                |p| match crate::pattern::regex(&format!("{flags}{}", p.value)) {
                    Ok(re) => Some(re),
                    Err(e) => {
                        errors.push(err(
                            &p.referenced,
                            format!("invalid regular expression: {}", one_line(&e.to_string())),
                        ));
                        None
                    }
                },
            )
            .collect()
    };
    // Bundled rules are compiled on first use (their tests check them).
    let eager = !matches!(origin, Origin::Bundled(_));
    let (patterns, unless) = if eager {
        (compile(&file.patterns, flags), compile(&file.unless, ""))
    } else {
        (Vec::new(), Vec::new())
    };
    let (literals, replacements): (Vec<String>, Vec<String>) = match kind {
        Kind::Existence => (file.words.clone(), Vec::new()),
        Kind::Substitution => file.swap.clone().into_iter().unzip(),
    };
    if kind == Kind::Existence && !file.swap.is_empty() {
        errors.push(err(
            &file.kind.referenced,
            "`swap` needs kind: substitution".into(),
        ));
    }
    if kind == Kind::Substitution && (!file.words.is_empty() || !file.patterns.is_empty()) {
        errors.push(err(
            &file.kind.referenced,
            "a substitution rule lists its phrases under `swap`".into(),
        ));
    }
    if literals.is_empty() && file.patterns.is_empty() {
        errors.push(err(
            &file.kind.referenced,
            "the rule lists no words, patterns or swaps".into(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let any = (!file.patterns.is_empty()).then(|| {
        let joined: Vec<String> = file
            .patterns
            .iter()
            .map(|p| {
                format!(
                    "(?:{flags}{})",
                    p.value.replace("(?P<m>", "(?:").replace("(?<m>", "(?:")
                )
            })
            .collect();
        // Multi-line, so that on the page's joined prose `^` and `$` still
        // see each block's edges.
        format!("(?m){}", joined.join("|"))
    });
    let sources = Sources {
        patterns: file
            .patterns
            .iter()
            .map(|p| format!("{flags}{}", p.value))
            .collect(),
        unless: file.unless.iter().map(|p| p.value.clone()).collect(),
        any,
    };
    let regexes = std::sync::OnceLock::new();
    if eager {
        let any = sources
            .any
            .as_ref()
            .map(|p| crate::pattern::regex(p).expect("each part compiled"));
        let _ = regexes.set(Regexes {
            patterns,
            any,
            unless,
        });
    }
    // Gates for the engine's one pass over the page (see `Rule::gates`):
    // every pattern, multi-line, and the literals. Comments are not in the
    // page's joined prose, so a rule that reads them has no gates.
    let in_text = scope.intersects(Scope::LINK_TEXT.union(Scope::ALT_TEXT));
    let mut gates: Vec<String> = Vec::new();
    let mut gated = true;
    for p in &file.patterns {
        // Without its edge anchors a pattern matches more, never less, and
        // can use the regex crate's literal prefilter; within a link text
        // the unit's edges are not line edges, so there they must go.
        match unanchor(&p.value) {
            Some(g) => gates.push(format!("{flags}{g}")),
            None if in_text => gated = false,
            None => gates.push(format!("(?m){flags}{}", p.value)),
        }
    }
    if !literals.is_empty() {
        // Word boundaries where the literal has a word character at its
        // edge, as the literal matcher requires.
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let escaped: Vec<String> = literals
            .iter()
            .map(|l| {
                let b = |edge| if word(edge) { r"\b" } else { "" };
                format!(
                    "{}{}{}",
                    b(l.chars().next()),
                    regex::escape(l),
                    b(l.chars().next_back())
                )
            })
            .collect();
        let ci = if file.ignore_case { "(?i)" } else { "" };
        gates.push(format!("{ci}(?:{})", escaped.join("|")));
    }
    if !gated || scope.intersects(Scope::COMMENT) {
        gates.clear();
    }
    let literals = (!literals.is_empty()).then(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(file.ignore_case)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&literals)
            .expect("literal patterns always build")
    });
    Ok(Declarative {
        meta: RuleMeta {
            id: Arc::from(id.as_str()),
            category,
            severity,
            enabled: file.enabled,
            summary: Cow::Owned(file.summary),
            why: Cow::Owned(file.why),
            flags: file.examples.flag.into_iter().map(Cow::Owned).collect(),
            passes: file.examples.pass.into_iter().map(Cow::Owned).collect(),
            options: Vec::new(),
            fixable: fix.is_some(),
            origin,
        },
        kind,
        scope,
        literals,
        replacements,
        regexes,
        sources,
        gates,
        skip_mentions: file.skip_mentions,
        skip_emphasized: file.skip_emphasized,
        message: file.message,
        help: file.help,
        fix,
        id_at: (file.id.referenced.line(), file.id.referenced.column()),
    })
}

/// `p` without a leading `^` and a trailing `$`; `None` when other anchors
/// remain (outside classes and escapes).
fn unanchor(p: &str) -> Option<String> {
    let mut s = p.strip_prefix('^').unwrap_or(p);
    if s.ends_with('$') && !s.ends_with("\\$") {
        s = &s[..s.len() - 1];
    }
    let mut in_class = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => in_class = true,
            ']' => in_class = false,
            '^' | '$' if !in_class => return None,
            _ => {}
        }
    }
    Some(s.to_string())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text[r]` stands on word boundaries (a phrase made of symbols,
/// like `???`, must not be part of a longer run of the same symbols).
fn on_boundaries(text: &str, r: &std::ops::Range<usize>) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let first = text[r.clone()].chars().next();
    let last = text[r.clone()].chars().next_back();
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    let ok = |edge: Option<char>, out: Option<char>| match (edge, out) {
        (Some(e), Some(o)) => !word(o) && o != e,
        _ => true,
    };
    ok(first, before) && ok(last, after)
}

impl Declarative {
    fn regexes(&self) -> &Regexes {
        self.regexes.get_or_init(|| self.sources.compile())
    }

    /// Matches in `unit`, sorted, overlaps dropped: (range, replacement).
    fn matches<'u>(&'u self, unit: &Unit<'_>) -> Vec<(std::ops::Range<usize>, Option<&'u str>)> {
        let text = unit.text.as_str();
        let hay = &text[unit.range.clone()];
        let base = unit.range.start;
        let mut found = Vec::new();
        if let Some(ac) = &self.literals {
            for m in ac.find_iter(hay) {
                let r = base + m.start()..base + m.end();
                if on_boundaries(text, &r) {
                    let rep = self.replacements.get(m.pattern().as_usize());
                    found.push((r, rep.map(String::as_str)));
                }
            }
        }
        for re in &self.regexes().patterns {
            {
                for c in re.captures_iter(hay) {
                    let m = c
                        .name("m")
                        .or_else(|| c.get(0))
                        .expect("group 0 always matches");
                    let r = base + m.start()..base + m.end();
                    if !m.is_empty() && !m.as_str().contains(OPAQUE) && on_boundaries(text, &r) {
                        found.push((r, None));
                    }
                }
            }
        }
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut last_end = 0;
        found.retain(|(r, _)| {
            let keep = r.start >= last_end;
            if keep {
                last_end = r.end;
            }
            keep
        });
        found
    }

    /// Blocks where a literal or a pattern matches, found in one pass over
    /// the page's joined prose; every other block is skipped.
    fn candidate_blocks(&self, doc: &crate::document::Document) -> Vec<u32> {
        let prose = &doc.prose;
        let mut out = match &self.regexes().any {
            Some(re) => prose.blocks_matching(re),
            None => Vec::new(),
        };
        if let Some(ac) = &self.literals {
            out.extend(
                ac.find_iter(prose.text())
                    .filter_map(|m| prose.block_at(m.start())),
            );
            out.sort_unstable();
            out.dedup();
        }
        out
    }

    fn is_mention(&self, cx: &Context<'_>, unit: &Unit<'_>, r: &std::ops::Range<usize>) -> bool {
        let text = unit.text.as_str();
        if unit.scope == Scope::INLINE_CODE {
            // A code span that is only the marker names it.
            return text.trim() == text[r.clone()].trim();
        }
        match unit.block {
            Some(b) if unit.scope != Scope::LINK_TEXT && unit.scope != Scope::ALT_TEXT => {
                is_mention(cx.doc, b, text, r)
            }
            _ => super::util::is_quoted(text, r),
        }
    }
}

impl Rule for Declarative {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn gates(&self) -> Vec<String> {
        self.gates.clone()
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        // Candidates only filter whole blocks; a rule that reads no whole
        // blocks (link texts, inline code) needs no pass over the page.
        let blocks = Scope::PARAGRAPH
            .union(Scope::HEADING)
            .union(Scope::LIST_ITEM)
            .union(Scope::TABLE_CELL)
            .union(Scope::BLOCKQUOTE)
            .union(Scope::HTML_ATTRIBUTE)
            .union(Scope::HTML_TEXT);
        let candidates = if self.scope.intersects(blocks) {
            self.candidate_blocks(cx.doc)
        } else {
            Vec::new()
        };
        for unit in cx.doc.units(self.scope) {
            if unit
                .whole_block
                .is_some_and(|b| candidates.binary_search(&b).is_err())
            {
                continue;
            }
            let text = unit.text.as_str();
            if self
                .regexes()
                .unless
                .iter()
                .any(|u| u.is_match(unit.as_str()))
            {
                continue;
            }
            for (r, replacement) in self.matches(&unit) {
                if self.skip_mentions && self.is_mention(cx, &unit, &r) {
                    continue;
                }
                if self.skip_emphasized && emphasized(&cx.doc.source, unit.text.span(r.clone())) {
                    continue;
                }
                let found = &text[r.clone()];
                let span = unit.text.span(r.clone());
                let mut message = self.message.replace("{match}", found);
                if let Some(rep) = replacement {
                    message = message.replace("{replacement}", &keep_case(found, rep));
                }
                let mut hit = Hit::new(span, message);
                if let Some(h) = &self.help {
                    hit = hit.help(h.replace("{match}", found));
                }
                if let (Kind::Substitution, Some(app), Some(rep)) =
                    (self.kind, self.fix, replacement)
                {
                    // Only when the source bytes are the text as matched.
                    if cx.doc.slice(span) == found {
                        hit = hit.fix(Fix {
                            applicability: app,
                            edits: vec![Edit::new(span, keep_case(found, rep))],
                        });
                    }
                }
                out.push(hit);
            }
        }
    }
}

/// Whether the source wraps `span` in emphasis or code markers.
fn emphasized(src: &str, span: crate::span::Span) -> bool {
    let marks = ['*', '_', '`'];
    let before = src[..span.start as usize].chars().next_back();
    let after = src[span.end as usize..].chars().next();
    before.is_some_and(|c| marks.contains(&c)) && after.is_some_and(|c| marks.contains(&c))
}

/// `rep` in the case shape of `found` (`E-mail` → `Email`, `E-MAIL` → `EMAIL`).
fn keep_case(found: &str, rep: &str) -> String {
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return rep.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut c = rep.chars();
        return match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        };
    }
    rep.to_string()
}

/// Load the bundled rules.
pub fn bundled() -> Vec<Declarative> {
    BUNDLED
        .iter()
        .map(|(name, yaml)| {
            parse(Path::new(name), yaml, Origin::Bundled(name))
                .unwrap_or_else(|e| panic!("bundled rule {name} is invalid: {e:?}"))
        })
        .collect()
}

/// Load every `*.yaml` / `*.yml` in a user's rule folder, sorted by name.
pub fn load_folder(dir: &Path) -> Result<Vec<Declarative>, Vec<Located>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![Located::new(
            dir,
            0,
            0,
            format!("cannot read rule folder: {}", crate::error::io_message(&e)),
        )]
    })?;
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    paths.sort();
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::read_to_string(&p) {
            Ok(yaml) => match parse(&p, &yaml, Origin::User(p.clone())) {
                Ok(r) => rules.push(r),
                Err(e) => errors.extend(e),
            },
            Err(e) => errors.push(Located::new(&p, 0, 0, crate::error::io_message(&e))),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
