//! Rules: metadata declared once beside the logic, and a check that reads a
//! Document and returns hits. Rules are infallible and stateless; the
//! engine decides severity, applies suppressions and sorts.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::document::Document;
use crate::finding::{Category, Hit, Severity};

pub mod declarative;
pub mod util;

mod all_caps_sentence;
mod author_note;
mod broken_anchor;
mod broken_link;
mod broken_url;
mod empty_description;
mod empty_link;
mod empty_section;
mod empty_table_cell;
mod enumerated_stub;
mod front_matter_syntax;
mod invalid_suppression;
mod repeated_stub;
mod spelling;
mod todo_comment;
mod todo_marker;
mod undefined_reference;
mod unused_definition;
mod unverified_url;
mod writer_instruction;

/// Every built-in Rust rule, in the order `draftlint rules` lists them.
pub fn builtin() -> Vec<Arc<dyn Rule>> {
    vec![
        Arc::new(enumerated_stub::EnumeratedStub),
        Arc::new(repeated_stub::RepeatedStub),
        Arc::new(writer_instruction::WriterInstruction),
        Arc::new(empty_section::EmptySection::default()),
        Arc::new(empty_description::EmptyDescription),
        Arc::new(empty_table_cell::EmptyTableCell),
        Arc::new(empty_link::EmptyLink),
        Arc::new(author_note::AuthorNote),
        Arc::new(todo_marker::TodoMarker),
        Arc::new(todo_comment::TodoComment),
        Arc::new(all_caps_sentence::AllCapsSentence),
        Arc::new(spelling::Spelling),
        Arc::new(broken_link::BrokenLink),
        Arc::new(broken_anchor::BrokenAnchor),
        Arc::new(undefined_reference::UndefinedReference),
        Arc::new(unused_definition::UnusedDefinition),
        Arc::new(broken_url::BrokenUrl),
        Arc::new(unverified_url::UnverifiedUrl),
        Arc::new(front_matter_syntax::FrontMatterSyntax),
        Arc::new(invalid_suppression::InvalidSuppression),
    ]
}

/// What a rule checks a document with.
pub struct Context<'a> {
    pub doc: &'a Document,
    /// The path as given (for messages and per-path logic); may be `-`.
    pub path: &'a Path,
    /// Every known rule, for rules that check rule names.
    pub registry: &'a crate::registry::Registry,
    /// Which of the rule's gates ([`Rule::gates`]) matched the page, in
    /// their order; empty when the rule runs without gates.
    pub open_gates: &'a [bool],
    /// The project's own words (config `words:` and word list file).
    pub words: &'a crate::spelling::Words,
    /// The config's `links:` settings.
    pub links: &'a crate::links::Settings,
    /// The run this page is part of (its disk, what its walk saw).
    pub run: &'a Run,
}

impl Context<'_> {
    /// Whether gate `i` of the rule matched the page (a pattern whose gate
    /// did not match cannot match anywhere on it). True without gates.
    pub fn gate_open(&self, i: usize) -> bool {
        self.open_gates.get(i).copied().unwrap_or(true)
    }
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>);

    /// Regular expressions over the page's joined prose (blocks, front
    /// matter values, inline code; see `ProseIndex`), one of which must
    /// match for `check` to find anything. The engine tests the gates of
    /// all rules in one pass per page and skips the rules whose gates stay
    /// shut. None means the rule always runs.
    fn gates(&self) -> Vec<String> {
        Vec::new()
    }

    /// A copy of the rule with `options` applied. Options have already been
    /// checked against [`RuleMeta::options`]; an error names what is wrong
    /// with a value (a bad regular expression, say).
    fn configure(&self, options: &RuleOptions) -> Result<Arc<dyn Rule>, OptionError> {
        match options.0.keys().next() {
            Some(k) => Err(OptionError::new(k, "this rule takes no options")),
            None => Err(OptionError::new("", "this rule takes no options")),
        }
    }

    /// For rules that judge a page against the whole run (a word the
    /// repository uses often is vocabulary, not a typo): what this page
    /// tells, kept until every page has been read. Called after `check`,
    /// on the same gates.
    fn learn(&self, _cx: &Context<'_>) -> Option<Lesson> {
        None
    }

    /// Whether the examples it flags are found only over the network
    /// (`--check-external`): they are documented, not run offline.
    fn needs_network(&self) -> bool {
        false
    }

    /// Once per run, with the lessons of every page that gave one (by page
    /// number): the hits, by page number. Called on the rule as the first
    /// of those pages configured it; what differs per page (options,
    /// project words) belongs in the lessons.
    fn finish(&self, _lessons: &[(usize, &Lesson)], _run: &Run, _out: &mut Vec<(usize, Hit)>) {}
}

/// What is known about the whole run before its pages are checked, for
/// [`Rule::learn`] (through [`Context::run`]) and [`Rule::finish`].
#[derive(Debug, Default)]
pub struct Run {
    /// The extensions (lower case, without the dot) of every file the walk
    /// saw under the folders it was given, Markdown or not; None when it
    /// was given no folder (single files, standard input, an editor).
    pub extensions: Option<std::collections::HashSet<String>>,
    /// The files on disk, listed once per folder for the whole run.
    pub disk: crate::links::disk::Disk,
    /// Web links checked over the network, when asked for.
    pub external: crate::links::external::Checker,
}

/// What a rule learned from one page, for [`Rule::finish`].
pub type Lesson = Box<dyn std::any::Any + Send + Sync>;

/// Where a rule came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    /// A YAML rule shipped inside the binary.
    Bundled(&'static str),
    /// A YAML rule from a user's rule folder.
    User(std::path::PathBuf),
}

/// A rule's metadata: everything `draftlint rules`, `explain`, config keys
/// and SARIF rule lists are derived from.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: Arc<str>,
    pub category: Category,
    pub severity: Severity,
    pub enabled: bool,
    /// One line: what the rule finds.
    pub summary: Cow<'static, str>,
    /// Why it matters and what to do, in a paragraph or two.
    pub why: Cow<'static, str>,
    /// Examples that must be flagged.
    pub flags: Vec<Cow<'static, str>>,
    /// Near misses that must stay silent.
    pub passes: Vec<Cow<'static, str>>,
    pub options: Vec<OptionSpec>,
    pub fixable: bool,
    pub origin: Origin,
}

impl RuleMeta {
    /// What the rule does out of the box: its severity, or `off`.
    pub fn default_state(&self) -> &'static str {
        if self.enabled {
            self.severity.as_str()
        } else {
            "off"
        }
    }
}

/// A rule's metadata as a constant, for built-in rules.
pub struct StaticMeta {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub enabled: bool,
    pub summary: &'static str,
    pub why: &'static str,
    pub flags: &'static [&'static str],
    pub passes: &'static [&'static str],
    pub options: &'static [OptionSpec],
    pub fixable: bool,
}

impl StaticMeta {
    pub fn build(&self) -> RuleMeta {
        RuleMeta {
            id: Arc::from(self.id),
            category: self.category,
            severity: self.severity,
            enabled: self.enabled,
            summary: Cow::Borrowed(self.summary),
            why: Cow::Borrowed(self.why),
            flags: self.flags.iter().map(|s| Cow::Borrowed(*s)).collect(),
            passes: self.passes.iter().map(|s| Cow::Borrowed(*s)).collect(),
            options: self.options.to_vec(),
            fixable: self.fixable,
            origin: Origin::Builtin,
        }
    }
}

/// Declares `fn meta()` for a built-in rule from its `StaticMeta`, built
/// once.
#[macro_export]
macro_rules! rule_meta {
    ($meta:expr) => {
        fn meta(&self) -> &$crate::rules::RuleMeta {
            static BUILT: std::sync::LazyLock<$crate::rules::RuleMeta> =
                std::sync::LazyLock::new(|| $meta.build());
            &BUILT
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    Bool,
    Int,
    Str,
    List,
}

impl OptionKind {
    pub fn describe(self) -> &'static str {
        match self {
            OptionKind::Bool => "true or false",
            OptionKind::Int => "a whole number",
            OptionKind::Str => "a string",
            OptionKind::List => "a list of strings",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    /// The default, as YAML would write it.
    pub default: &'static str,
    pub doc: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptValue {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<String>),
}

/// Options given to a rule in configuration, already checked for names and
/// types.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOptions(pub BTreeMap<String, OptValue>);

impl RuleOptions {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn list(&self, name: &str) -> Option<&[String]> {
        match self.0.get(name) {
            Some(OptValue::List(v)) => Some(v),
            _ => None,
        }
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        match self.0.get(name) {
            Some(OptValue::Int(v)) => Some(*v),
            _ => None,
        }
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.0.get(name) {
            Some(OptValue::Bool(v)) => Some(*v),
            _ => None,
        }
    }
}

/// A bad option value, found when a rule is configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionError {
    /// The option's name.
    pub option: String,
    pub message: String,
}

impl OptionError {
    pub fn new(option: &str, message: impl Into<String>) -> Self {
        OptionError {
            option: option.to_string(),
            message: message.into(),
        }
    }
}

/// Compile each pattern of a list option into one regex set, case-insensitive.
pub fn compile_patterns(option: &str, patterns: &[String]) -> Result<regex::RegexSet, OptionError> {
    regex::RegexSetBuilder::new(patterns.iter().map(|p| crate::pattern::ascii_boundaries(p)))
        .case_insensitive(true)
        .build()
        .map_err(|e| OptionError::new(option, format!("invalid regular expression: {e}")))
}
