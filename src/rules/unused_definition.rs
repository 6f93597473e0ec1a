//! A reference definition that no link uses.

use std::collections::HashSet;

use super::{Context, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};

pub struct UnusedDefinition;

const META: StaticMeta = StaticMeta {
    id: "unused-definition",
    category: Category::Link,
    severity: Severity::Info,
    enabled: true,
    summary: "A reference definition (`[label]: url`) that no link on the page uses",
    why: "An unused definition is usually what is left of a link that was removed or \
          whose label was misspelled; the sentence that needed it may be missing its \
          link. Definitions used as comments (`[//]: # (note)`, `[comment]: <>`) are \
          not reported.",
    flags: &[
        "See [the guide][guide].\n\n[guide]: https://example.com\n[old]: https://example.org\n",
    ],
    passes: &[
        "See [the guide][Guide] and [faq].\n\n[guide]: https://example.com\n[FAQ]: faq.md\n",
        "![logo][img]\n\n[img]: logo.png\n",
        "Text.\n\n[//]: # (A comment for writers)\n[comment]: <> (Another)\n",
        "- [!UICONTROL Minimum Amount]: *2*\n",
    ],
    options: &[],
    fixable: false,
};

/// Labels compared as Markdown does: case and runs of white space aside.
fn normal(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Rule for UnusedDefinition {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        if doc.definitions.is_empty() {
            return;
        }
        let used: HashSet<String> = doc
            .links
            .iter()
            .filter_map(|l| l.label.as_deref())
            .map(normal)
            .collect();
        for d in &doc.definitions {
            let dest = d.dest.trim();
            // `* [!UICONTROL Amount]: *2*` parses as a definition; it is
            // Experience League markup.
            if dest.is_empty()
                || dest == "#"
                || d.label.starts_with('!')
                || used.contains(&normal(&d.label))
            {
                continue;
            }
            out.push(
                Hit::new(
                    d.span,
                    format!("definition `[{}]` is not used", d.label.trim()),
                )
                .help("link to it with `[text][label]`, or delete the line"),
            );
        }
    }
}
