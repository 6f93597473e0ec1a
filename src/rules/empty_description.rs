//! `- **Segments** - ` : a list item that names a term and stops where its
//! description should start.

use std::sync::LazyLock;

use regex::Regex;

use super::{Context, Rule, StaticMeta};
use crate::document::BlockKind;
use crate::finding::{Category, Hit, Severity};

pub struct EmptyDescription;

const META: StaticMeta = StaticMeta {
    id: "empty-description",
    category: Category::Empty,
    severity: Severity::Warning,
    enabled: true,
    summary: "A list item that is a term and a dash or colon with nothing after it",
    why: "Definition-style lists (`- **Term** - what it is`) are drafted by writing the \
          terms first. An item that still ends at the dash was never described. Write \
          the description, or remove the item. With a colon (`- **Term**:`) the item \
          is flagged only when its siblings do carry descriptions, since a colon also \
          introduces a nested list or a following block.",
    flags: &[
        "- **Dynamic blocks** - \n- **Segments** - \n",
        "- **Event counts** - Tracks shopper interactions.\n- **Date range** -\n",
        "- **Ethos-Kubernetes**—\n\n- **Admin Console**—Control access.\n",
        "- **Timeout**: seconds to wait.\n- **Retries**:\n",
        "- **Columns** - \n\n      Category\n      Count\n",
    ],
    passes: &[
        "- **Segments** - Groups of customers.\n",
        "- **Prerequisites**:\n  - An account\n  - A key\n",
        "1. Run the following command:\n\n```sh\nmake\n```\n",
        "- **Example**:\n\n  ```json\n  {}\n  ```\n",
        "- Windows 10 - 64-bit\n",
        "- **Note:** read this first.\n",
        "1. Product price:\n\n    - **Name**: `price`\n    - **Open Editor**:\n\n    ```js\n    return 1;\n    ```\n",
        "* The message is displayed.\n* An error is logged-\n",
        "- [operator +, -](#operator_add)\n- [operator ==](#operator_eq)\n",
        "- Throw an exception.\n\n     - or -\n\n- Return an error.\n",
    ],
    options: &[],
    fixable: false,
};

/// A term, then a dash or colon, then nothing.
static DASHED: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r"^\s*(?P<term>\S(?:[^\n]{0,80}?\S)?)\s*(?P<sep>[-–—:])\s*$")
        .expect("valid regex")
});

/// `**Term**:` or `**Term:**` written in bold.
static BOLD_COLON: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r"^\s*(?:\*\*|__)[^*_\n]{1,60}?(?::(?:\*\*|__)|(?:\*\*|__)\s*:)\s*$")
        .expect("valid regex")
});

/// A sibling of the same shape that has a description.
static DESCRIBED: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r"^\s*(?:\*\*|__)[^*_\n]{1,60}?(?::(?:\*\*|__)|(?:\*\*|__)\s*:)\s*\S")
        .expect("valid regex")
});

/// The last item of a list that ends where a code block, table or HTML
/// block begins: its separator introduces that block.
fn introduces_next_block(doc: &crate::document::Document, index: usize) -> bool {
    let item = &doc.items[index];
    let last = !doc.items[index + 1..].iter().any(|s| s.list == item.list);
    last && doc.blocks.get(item.blocks.end as usize).is_some_and(|n| {
        matches!(
            n.kind,
            BlockKind::CodeBlock | BlockKind::TableCell { .. } | BlockKind::Html
        )
    })
}

impl Rule for EmptyDescription {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        for (i, item) in doc.items.iter().enumerate() {
            if item.blocks.is_empty() {
                continue;
            }
            let b = &doc.blocks[item.blocks.start as usize];
            // Nested prose or lists describe the term; a nested code block
            // after a dash does not.
            let nested = &doc.blocks[item.blocks.start as usize + 1..item.blocks.end as usize];
            let only_code = nested.iter().all(|n| n.kind == BlockKind::CodeBlock);
            if b.kind != BlockKind::Paragraph || !only_code {
                continue;
            }
            // Cheap first: the text must end with a separator.
            if !b.text.as_str().trim_end().ends_with(['-', '–', '—', ':']) {
                continue;
            }
            let Some(c) = DASHED.captures(b.text.as_str()) else {
                continue;
            };
            let term = &c["term"];
            // Longer terms only when set off in bold, italics or code.
            let src = doc.slice(b.span);
            let marked = src.starts_with(['*', '_', '`']);
            let limit = if marked { 12 } else { 4 };
            // A plain word glued to a hyphen is a typo, not a separator
            // ("An error is logged-").
            let glued = !marked
                && c["sep"].starts_with('-')
                && !c
                    .get(0)
                    .is_some_and(|m| m.as_str().trim_end().trim_end_matches('-').ends_with(' '));
            // The separator is part of a link's text (`[operator +, -](#op)`).
            let sep_at = b.text.span(c.name("sep").expect("sep").range());
            let in_link = doc.links.iter().any(|l| l.text.contains(sep_at));
            let conjunction =
                matches!(term.to_lowercase().as_str(), "or" | "and" | "then" | "else");
            if term.split_whitespace().count() > limit
                || glued
                || in_link
                || conjunction
                || term.ends_with([':', '-', '–', '—'])
                || !term.chars().any(char::is_alphanumeric)
                || introduces_next_block(doc, i)
            {
                continue;
            }
            if &c["sep"] == ":" {
                if !nested.is_empty() || !BOLD_COLON.is_match(src) {
                    continue;
                }
                let described = doc.siblings(i as u32).any(|(j, s)| {
                    j != i as u32
                        && !s.blocks.is_empty()
                        && DESCRIBED.is_match(doc.slice(doc.blocks[s.blocks.start as usize].span))
                });
                if !described {
                    continue;
                }
            }
            out.push(
                Hit::new(
                    b.span,
                    format!("`{}` has no description", term.trim_matches(['*', '_'])),
                )
                .help("write what the term means after the separator, or remove the item"),
            );
        }
    }
}
