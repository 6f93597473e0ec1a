//! What a rule reports: plain data with byte spans. Severity is not here on
//! purpose: rules detect, the engine decides how much a finding matters.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::Serialize;

use crate::span::Span;

/// The fixed set of finding categories. Users select and configure by
/// category as well as by rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Placeholder,
    Empty,
    AuthorNote,
    Spelling,
    Link,
    FrontMatter,
    Structure,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Placeholder,
        Category::Empty,
        Category::AuthorNote,
        Category::Spelling,
        Category::Link,
        Category::FrontMatter,
        Category::Structure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Placeholder => "placeholder",
            Category::Empty => "empty",
            Category::AuthorNote => "author-note",
            Category::Spelling => "spelling",
            Category::Link => "link",
            Category::FrontMatter => "front-matter",
            Category::Structure => "structure",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

/// How much a finding matters; ordered so that `Error > Warning > Info`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(()),
        }
    }
}

/// Whether a fix can be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

/// Replace the bytes of `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    #[serde(flatten)]
    pub span: SpanJson,
    pub replacement: String,
}

/// A span as the JSON output writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SpanJson {
    pub start: u32,
    pub end: u32,
}

impl From<Span> for SpanJson {
    fn from(s: Span) -> Self {
        SpanJson {
            start: s.start,
            end: s.end,
        }
    }
}

impl Edit {
    pub fn new(span: Span, replacement: impl Into<String>) -> Self {
        Edit {
            span: span.into(),
            replacement: replacement.into(),
        }
    }

    pub fn span(&self) -> Span {
        Span {
            start: self.span.start,
            end: self.span.end,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// What a rule reports: where, what, and optionally how to fix it. The
/// engine turns it into a [`Finding`] by stamping the rule's id, category
/// and configured severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// What the text could be instead, best first (a spelling's
    /// corrections); a fix applies at most the first.
    pub suggestions: Vec<String>,
}

impl Hit {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Hit {
            span,
            message: message.into(),
            help: None,
            fix: None,
            suggestions: Vec::new(),
        }
    }

    pub fn suggestions(mut self, suggestions: Vec<String>) -> Self {
        self.suggestions = suggestions;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// A finding as reporters see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Arc<str>,
    pub category: Category,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    pub suggestions: Vec<String>,
}
