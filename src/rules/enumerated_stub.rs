//! "Concept 1, Concept 2, Concept 3": generic enumerated items that a
//! template or an outline put in and nobody replaced.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::{Context, Rule, StaticMeta};
use crate::document::Document;
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
          \"Feature A\". When sibling list items (or the cells of a skeleton table row) \
          are nothing but an outline word and a number or letter, counting from 1 or \
          A, the slots were never filled. Replace each with the real item.\n\n\
          Names of real things are not generic: \"Windows 10\", \"Product A\" in the \
          test data of reproduction steps, \"Step 1\" followed by its instructions, \
          and table rows that carry data in their other cells are left alone.",
    flags: &[
        "- Concept 1\n\n- Concept 2\n\n- Concept 3\n",
        "- Feature A\n- Feature B\n",
        "| Name | Value |\n| --- | --- |\n| Item 1 | |\n| Item 2 | |\n",
    ],
    passes: &[
        "- Windows 10\n- Windows 11\n",
        "- Step 1\n  Run the installer.\n- Step 2\n  Restart.\n",
        "- Concept 1: events\n- Concept 2: queues\n",
        "- Item 1\n",
        "- Product A\n- Product B\n",
        "| SKU | Name | Price |\n| --- | --- | --- |\n| MJ1 | Topic 1 | $10 |\n| MJ2 | Topic 2 | $15 |\n",
        "- Topic A\n- Topic D\n- Topic M\n",
        "Create two products: Product A and Product B.\n",
    ],
    options: &[],
    fixable: false,
};

/// Words outlines and templates number: slots for content, not names of
/// things (products, options, customers are test data).
const GENERIC: &[&str] = &[
    "concept",
    "feature",
    "item",
    "topic",
    "subtopic",
    "sub-topic",
    "section",
    "subsection",
    "point",
    "key point",
    "example",
    "heading",
    "subheading",
    "title",
    "subtitle",
    "placeholder",
    "bullet",
    "idea",
    "text",
    "paragraph",
    "benefit",
    "reason",
    "tip",
    "takeaway",
    "goal",
    "objective",
    "outcome",
    "use case",
    "persona",
    "pillar",
    "theme",
    "step",
    "thing",
    "lorem",
    "description",
    "detail",
];

/// A whole text that is a word (or two) and a number or letter.
static ENUMERATED: LazyLock<Regex> = LazyLock::new(|| {
    crate::pattern::regex(r"^\s*(?P<noun>[A-Za-z][A-Za-z-]*(?: [A-Za-z][a-z-]*)?) (?P<n>\d{1,2}|[A-Za-z])\s*[.:]?\s*$")
        .expect("valid regex")
});

fn generic(noun: &str) -> bool {
    let n = noun.to_ascii_lowercase();
    let singular = n.strip_suffix('s').unwrap_or(&n);
    GENERIC.contains(&n.as_str()) || GENERIC.contains(&singular)
}

/// Whether enumerators count from the start: 1, 2, 3 or A, B, C.
fn from_start(ns: &[&str]) -> bool {
    let mut v: Vec<u32> = Vec::with_capacity(ns.len());
    for n in ns {
        let k = match n.parse::<u32>() {
            Ok(k) => k,
            Err(_) => match n.chars().next() {
                Some(c) if c.is_ascii_alphabetic() => {
                    c.to_ascii_lowercase() as u32 - 'a' as u32 + 1
                }
                _ => return false,
            },
        };
        v.push(k);
    }
    v.sort_unstable();
    v.dedup();
    v.len() >= 2 && v.iter().enumerate().all(|(i, k)| *k == i as u32 + 1)
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
    // Cheap first: short, and ending in a number or a lone letter.
    let t = b.text.as_str().trim_end().trim_end_matches(['.', ':']);
    if t.len() > 40 {
        return None;
    }
    let last = t.rsplit(' ').next().unwrap_or("");
    if last.is_empty() || last.len() > 2 {
        return None;
    }
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
        // Table cells count only in skeleton rows, where every other cell
        // is empty or a slot too: a row of real data may name "Topic 1".
        for t in 0..doc.tables.len() as u32 {
            let first = doc.tables[t as usize].first_cell as usize;
            let cells: Vec<(u32, u32, usize)> = doc
                .cells(t)
                .enumerate()
                .map(|(i, (row, col, _))| (row, col, first + i))
                .collect();
            for &(row, col, i) in &cells {
                let Some(s) = slot(doc, i) else { continue };
                let skeleton =
                    cells
                        .iter()
                        .filter(|(r, c, _)| *r == row && *c != col)
                        .all(|(_, _, j)| {
                            doc.blocks[*j].text.as_str().trim().is_empty()
                                || slot(doc, *j).is_some()
                        });
                if skeleton {
                    groups
                        .entry((1, t, col, s.noun.clone()))
                        .or_default()
                        .push(s);
                }
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        for slots in groups.into_values() {
            let ns: Vec<&str> = slots.iter().map(|s| s.n.as_str()).collect();
            if !from_start(&ns) {
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
        hits.sort_by_key(|h| h.span);
        out.extend(hits);
    }
}
