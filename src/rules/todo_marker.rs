//! TODO and FIXME markers in the text readers see.

use std::sync::LazyLock;

use regex::Regex;

use super::util::{clause_end, is_quoted, words};
use super::{Context, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};

pub struct TodoMarker;

const META: StaticMeta = StaticMeta {
    id: "todo-marker",
    category: Category::AuthorNote,
    severity: Severity::Error,
    enabled: true,
    summary: "A TODO or FIXME marker in the page's text",
    why: "`TODO:` and `FIXME` mark work the writer meant to finish before publishing, \
          and readers see them. Do the work, then remove the marker. A TODO addressed \
          to someone (`TODO(maria):`) is flagged the same way.\n\n\
          Mentions are left alone: \"a to-do list app\", \"the TODO comments in your \
          code\", a quoted \"TODO\", and TODO inside code.",
    flags: &[
        "TODO\n",
        "- **App Builder** 🟦 TODO: add reasoning for the component\n",
        "This is what we did by hand in Listing 17-TODO: call a function.\n",
        "FIXME: the port number is wrong.\n",
        "TODO(maria): confirm the limit.\n",
    ],
    passes: &[
        "Build a to-do list app with the framework.\n",
        "The extension highlights TODO comments in your code.\n",
        "Add a TODO to your task list.\n",
        "Search for the string \"TODO\" in the project.\n",
        "Run `grep TODO` to find them.\n",
        "Review the TODOs before each release.\n",
    ],
    options: &[],
    fixable: false,
};

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r"\b(?:TODO|TO-DO|FIXME|(?i:fixme))\b|(?m)^\s*(?i:todo)\s*:")
        .expect("valid regex")
});

/// Nouns after a marker that make it a mention ("TODO list", "TODO comments").
const MENTION_NOUNS: &[&str] = &[
    "list",
    "lists",
    "app",
    "apps",
    "application",
    "applications",
    "item",
    "items",
    "comment",
    "comments",
    "tag",
    "tags",
    "keyword",
    "keywords",
    "marker",
    "markers",
    "extension",
    "tree",
    "highlight",
    "highlighting",
    "file",
    "files",
    "task",
    "tasks",
    "entry",
    "entries",
    "manager",
    "tracker",
    "count",
    "counts",
    "panel",
    "window",
    "view",
    "explorer",
    "pattern",
    "patterns",
];

/// Words before a marker that make it a mention ("add a TODO").
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "your", "our", "each", "any", "every", "this", "that", "these", "those",
    "no", "for", "of", "as", "with", "like", "such",
];

/// Markers that are uses, not mentions, in `text`.
pub fn markers(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    MARKER.find_iter(text).filter_map(move |m| {
        let r = m.range();
        // `^\s*todo:` includes leading space and the colon; report the word.
        let s = &text[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let word_len = s
            .trim_start()
            .bytes()
            .take_while(|c| c.is_ascii_alphabetic() || *c == b'-')
            .count();
        let r = r.start + lead..r.start + lead + word_len;
        if is_quoted(text, &r) {
            return None;
        }
        let after = text[r.end..].trim_start();
        if !after.starts_with([':', '(']) {
            if let Some((_, next)) = words(after).next()
                && after.starts_with(next)
                && MENTION_NOUNS.contains(&next.to_lowercase().as_str())
            {
                return None;
            }
            let before = text[..r.start].trim_end();
            if let Some((_, prev)) = words(before).last()
                && before.ends_with(prev)
                && DETERMINERS.contains(&prev.to_lowercase().as_str())
            {
                return None;
            }
        }
        Some(r)
    })
}

impl Rule for TodoMarker {
    crate::rule_meta!(META);

    fn gates(&self) -> Vec<String> {
        // MARKER without its line anchor, so a literal prefilter applies.
        vec![
            r"\b(?:TODO|TO-DO|FIXME|(?i:fixme))\b".into(),
            r"(?i:todo)\s*:".into(),
        ]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        for i in cx.doc.prose.blocks_matching(&MARKER) {
            let b = &cx.doc.blocks[i as usize];
            let text = b.text.as_str();
            for r in markers(text) {
                let end = clause_end(text, r.start);
                let marker = &text[r.clone()];
                out.push(
                    Hit::new(
                        b.text.span(r.start..end.max(r.end)),
                        format!("`{marker}` marker left in the text"),
                    )
                    .help("do the work the marker asks for, then remove it"),
                );
            }
        }
    }
}
