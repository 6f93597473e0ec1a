//! "Concept 1, Concept 2, Concept 3": generic enumerated items that a
//! template or an outline put in and nobody replaced.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Context, Rule, StaticMeta};
use crate::document::{BlockKind, Document};
use crate::finding::{Category, Hit, Severity};
use crate::span::Span;

pub struct EnumeratedStub;

const META: StaticMeta = StaticMeta {
    id: "enumerated-stub",
    category: Category::Placeholder,
    severity: Severity::Error,
    enabled: true,
    summary: "Generic enumerated items left from a template (\"Concept 1\", \"Feature A\", \"Item 2\")",
    why: "Outlines and templates number their slots: \"Concept 1\", \"Concept 2\", \
          \"Feature A\". When two or more list items, table cells or comma-separated \
          entries are a generic word and a number or letter, the slots were never \
          filled. Replace each with the real item. Specific names with numbers \
          (\"Windows 10\", \"Step 1\" with its instructions) are not generic and are \
          left alone.",
    flags: &[
        "- Concept 1\n\n- Concept 2\n\n- Concept 3\n",
        "- Feature A\n- Feature B\n",
        "| Name | Value |\n| --- | --- |\n| Item 1 | 10 |\n| Item 2 | 20 |\n",
        "This page covers Topic 1, Topic 2 and Topic 3.\n",
    ],
    passes: &[
        "- Windows 10\n- Windows 11\n",
        "- Step 1\n  Run the installer.\n- Step 2\n  Restart.\n",
        "- Concept 1: events\n- Concept 2: queues\n",
        "- Item 1\n",
        "Use HTTP/1 or HTTP/2 for the connection.\n",
    ],
    options: &[],
    fixable: false,
};

/// Nouns that outlines and templates number, not names of things.
const GENERIC: &[&str] = &[
    "concept",
    "feature",
    "item",
    "topic",
    "section",
    "point",
    "example",
    "heading",
    "title",
    "subtitle",
    "subheading",
    "placeholder",
    "bullet",
    "entry",
    "element",
    "thing",
    "subtopic",
    "sub-topic",
    "idea",
    "text",
    "paragraph",
    "term",
    "benefit",
    "reason",
    "tip",
    "question",
    "answer",
    "step",
    "option",
    "task",
    "goal",
    "image",
    "screenshot",
    "figure",
    "link",
    "column",
    "row",
    "cell",
    "header",
    "label",
    "field",
    "name",
    "value",
    "description",
    "category",
    "detail",
    "scenario",
    "product",
    "service",
    "action",
    "requirement",
    "note",
    "takeaway",
    "objective",
    "outcome",
    "use case",
    "key point",
    "persona",
    "pillar",
    "theme",
    "lorem",
];

static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<noun>[A-Za-z][A-Za-z-]*(?: [A-Za-z][a-z-]*)?) (?P<n>\d{1,2}|[A-Za-z])\s*[.:]?\s*$")
        .expect("valid regex")
});

static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<noun>[A-Za-z][a-z-]*) (?:1|A), (?:\w+ )?(?:2|B)\b").expect("valid regex")
});

fn generic(noun: &str) -> bool {
    let n = noun.to_ascii_lowercase();
    let n = n
        .strip_suffix('s')
        .filter(|s| GENERIC.contains(s))
        .unwrap_or(&n);
    GENERIC.contains(&n)
}

/// A block whose whole text is "Noun N".
struct Slot {
    noun: String,
    n: String,
    text: String,
    span: Span,
}

fn slot(doc: &Document, block: usize) -> Option<Slot> {
    let b = &doc.blocks[block];
    let c = ENUMERATED.captures(b.text.as_str())?;
    generic(&c["noun"]).then(|| Slot {
        noun: c["noun"].to_ascii_lowercase(),
        n: c["n"].to_ascii_lowercase(),
        text: b.text.as_str().trim().to_string(),
        span: b.span,
    })
}

impl Rule for EnumeratedStub {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        // Groups of sibling slots: list items by list, cells by table column.
        let mut groups: HashMap<(u8, u32, u32, String), Vec<Slot>> = HashMap::new();
        for item in &doc.items {
            if item.blocks.len() != 1 {
                continue;
            }
            if let Some(s) = slot(doc, item.blocks.start as usize) {
                groups
                    .entry((0, item.list, 0, s.noun.clone()))
                    .or_default()
                    .push(s);
            }
        }
        for (i, b) in doc.blocks.iter().enumerate() {
            if let BlockKind::TableCell { table, col, .. } = b.kind {
                if let Some(s) = slot(doc, i) {
                    groups
                        .entry((1, table, col, s.noun.clone()))
                        .or_default()
                        .push(s);
                }
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        for slots in groups.into_values() {
            let mut ns: Vec<&str> = slots.iter().map(|s| s.n.as_str()).collect();
            ns.sort_unstable();
            ns.dedup();
            if ns.len() < 2 {
                continue;
            }
            for s in &slots {
                hits.push(
                    Hit::new(
                        s.span,
                        format!("generic item `{}` left from a template", s.text),
                    )
                    .help("replace it with the real item"),
                );
            }
        }
        for b in &doc.blocks {
            if !matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading { .. }) {
                continue;
            }
            for c in INLINE.captures_iter(b.text.as_str()) {
                let m = c.get(0).expect("group 0");
                if generic(&c["noun"]) {
                    hits.push(
                        Hit::new(
                            b.text.span(m.range()),
                            format!("generic items `{}` left from a template", m.as_str()),
                        )
                        .help("replace them with the real items"),
                    );
                }
            }
        }
        hits.sort_by_key(|h| h.span);
        out.extend(hits);
    }
}
