//! TODO, FIXME and notes to the writer inside HTML comments. Readers do not
//! see comments, so this is informational by default; the page still has
//! unfinished work.

use std::sync::LazyLock;

use regex::Regex;

use super::todo_marker::markers;
use super::util::line_end;
use super::{Context, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};

pub struct TodoComment;

const META: StaticMeta = StaticMeta {
    id: "todo-comment",
    category: Category::AuthorNote,
    severity: Severity::Info,
    enabled: true,
    summary: "A TODO, FIXME or note to the writer inside an HTML comment",
    why: "Comments are where writers leave themselves work: `<!-- TODO: add the \
          output -->`, `<!-- WRITER: is this rendering properly? -->`. Readers do not \
          see them, so they are reported as information, but each one is a piece of \
          the page that is not finished. Raise the severity to make them block a \
          release.\n\n\
          Tool directives (`<!-- markdownlint-disable -->`, `<!-- prettier-ignore -->`) \
          and page-template markers are not flagged.",
    flags: &[
        "Text.\n\n<!-- TODO: add command examples after the syntax is final. -->\n",
        "<!--\nTODO: update this when the API ships.\n-->\n",
        "<!--WRITER: Is this rendering properly?-->\n",
        "Text <!-- FIXME: verify before press time --> here.\n",
        "<!-- Note to editor: the screenshot is outdated. -->\n",
    ],
    passes: &[
        "<!-- markdownlint-disable MD033 -->\n",
        "<!-- BEGIN generated table -->\n",
        "<!-- DATA-7183 -->\n",
        "<!-- The TODO list example starts here. -->\n",
    ],
    options: &[],
    fixable: false,
};

/// Notes addressed to a role on the team.
static ADDRESSED: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r"(?m)(?:^|[\s(])(?P<m>(?-i:WRITER|EDITOR|REVIEWER|AUTHOR|SME|TW)\s*:|(?i:note|question|comment|feedback)\s+(?i:to|for)\s+(?i:self|editor|editors|writer|writers|reviewer|reviewers|author|authors|team|dev|devs|engineering|sme|pm)\b)")
        .expect("valid regex")
});

impl Rule for TodoComment {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        for c in &cx.doc.comments {
            let text = c.text.as_str();
            if text.trim_start().starts_with("draftlint-") {
                continue;
            }
            let mut found: Vec<std::ops::Range<usize>> = markers(text).collect();
            found.extend(
                ADDRESSED
                    .captures_iter(text)
                    .filter_map(|m| m.name("m"))
                    .map(|m| m.range()),
            );
            found.sort_by_key(|r| r.start);
            let mut last_line_end = 0;
            for r in found {
                if r.start < last_line_end {
                    continue;
                }
                let end = line_end(text, r.start);
                last_line_end = end;
                let note = text[r.start..end].trim().trim_end_matches("--").trim();
                out.push(
                    Hit::new(
                        c.text.span(r.start..end.max(r.end)),
                        format!("unfinished work noted in a comment: `{note}`"),
                    )
                    .help("do the work, then remove the comment"),
                );
            }
        }
    }
}
