//! Inline suppressions in HTML comments, so they never render:
//!
//! ```text
//! <!-- draftlint-disable RULE [RULE…] [-- reason] -->   until enabled again
//! <!-- draftlint-enable [RULE…] -->
//! <!-- draftlint-disable-next-line [RULE…] [-- reason] -->
//! <!-- draftlint-disable-line [RULE…] [-- reason] -->
//! <!-- draftlint-disable-file [RULE…] [-- reason] -->
//! ```
//!
//! RULE is a rule id or a category; none means every rule.

use crate::document::Document;
use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    Names(Vec<String>),
}

impl Selector {
    fn covers(&self, rule: &str, category: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Names(n) => n.iter().any(|x| x == rule || x == category),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    File,
    /// Byte range: from a disable to the matching enable (or the end),
    /// or the whole lines a line directive names. Kept in bytes so that a
    /// finding decided at the end of the run needs no line index.
    Range(u32, u32),
}

/// A directive name or rule name as written, for checking against the
/// registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Default)]
pub struct Suppressions {
    entries: Vec<(Selector, Scope)>,
    /// Directives that could not be read, with a message.
    pub problems: Vec<(Span, String)>,
    /// Every rule or category named, to check that it exists.
    pub names: Vec<Named>,
}

const PREFIX: &str = "draftlint-";

impl Suppressions {
    pub fn parse(doc: &Document) -> Suppressions {
        let mut s = Suppressions::default();
        // Open disables: (selector names or all, start offset).
        let mut open: Vec<(Selector, u32)> = Vec::new();
        for c in &doc.comments {
            let text = c.text.as_str();
            let trimmed = text.trim_start();
            if !trimmed.starts_with(PREFIX) {
                continue;
            }
            let lead = text.len() - trimmed.len();
            let body = trimmed.split("--").next().unwrap_or("").trim_end();
            let mut parts = body
                .split(|ch: char| ch.is_whitespace() || ch == ',')
                .filter(|p| !p.is_empty());
            let directive = parts.next().unwrap_or("");
            let mut names = Vec::new();
            let mut at = lead;
            for p in parts {
                let off = text[at..].find(p).map_or(at, |i| at + i);
                at = off + p.len();
                s.names.push(Named {
                    name: p.to_string(),
                    span: c.text.span(off..off + p.len()),
                });
                names.push(p.to_string());
            }
            let sel = if names.is_empty() {
                Selector::All
            } else {
                Selector::Names(names)
            };
            let lines = |first: usize, last: usize| {
                let l = doc.lines();
                // The last line runs to the end, empty spans at the end included.
                let end = if last + 1 < l.line_count() {
                    l.line_start(last + 1)
                } else {
                    u32::MAX
                };
                Scope::Range(l.line_start(first), end)
            };
            let start_line = || doc.lines().line_of(c.span.start);
            let end_line = || {
                doc.lines()
                    .line_of(c.span.end.saturating_sub(1).max(c.span.start))
            };
            match &directive[PREFIX.len()..] {
                "disable" => open.push((sel, c.span.start)),
                "enable" => {
                    let end = c.span.start;
                    let mut still = Vec::new();
                    for (o, start) in open.drain(..) {
                        let closes = match (&sel, &o) {
                            (Selector::All, _) => true,
                            (Selector::Names(a), Selector::Names(b)) => {
                                a.iter().any(|x| b.contains(x))
                            }
                            (Selector::Names(_), Selector::All) => false,
                        };
                        if closes {
                            s.entries.push((o, Scope::Range(start, end)));
                        } else {
                            still.push((o, start));
                        }
                    }
                    open = still;
                }
                "disable-next-line" => {
                    let next = end_line() + 1;
                    s.entries.push((sel, lines(next, next)))
                }
                "disable-line" => s.entries.push((sel, lines(start_line(), end_line()))),
                "disable-file" => s.entries.push((sel, Scope::File)),
                other => {
                    let span = c.text.span(lead..lead + directive.len());
                    s.problems.push((
                        span,
                        format!(
                            "unknown directive `draftlint-{other}`; expected disable, enable, disable-next-line, disable-line or disable-file"
                        ),
                    ));
                }
            }
        }
        let end = doc.source.len() as u32;
        for (o, start) in open {
            s.entries.push((o, Scope::Range(start, end)));
        }
        s
    }

    /// Whether a finding of `rule` (in `category`) at `span` is suppressed.
    pub fn covers(&self, rule: &str, category: &str, span: Span) -> bool {
        self.entries.iter().any(|(sel, scope)| {
            sel.covers(rule, category)
                && match *scope {
                    Scope::File => true,
                    Scope::Range(a, b) => span.start >= a && span.start < b,
                }
        })
    }
}
