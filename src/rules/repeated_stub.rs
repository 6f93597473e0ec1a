//! The same short body under sibling headings ("Features to use" under
//! each of four headings): an outline whose sections were never written.

use super::util::{has_prose, words};
use super::{Context, Rule, StaticMeta};
use crate::document::{BlockKind, Document, Section};
use crate::finding::{Category, Hit, Severity};

pub struct RepeatedStub;

const META: StaticMeta = StaticMeta {
    id: "repeated-stub",
    category: Category::Placeholder,
    severity: Severity::Error,
    enabled: true,
    summary: "The same short body repeated under sibling headings (\"Features to use\" in every section)",
    why: "Outlines are drafted by writing the headings and a reminder under each. When \
          consecutive sibling sections carry the identical short line and nothing \
          else, the sections were never written. Write each section. Short values \
          that legitimately repeat (\"None\", \"Not supported\", \"Yes\") are not \
          flagged, nor are full sentences.",
    flags: &[
        "# Guide\n\n## Search\n\nFeatures to use\n\n## Content\n\nFeatures to use\n\n## Offers\n\nFeatures to use\n",
    ],
    passes: &[
        "# Ref\n\n## Inputs\n\nNone\n\n## Outputs\n\nNone\n",
        "# Ref\n\n## Linux\n\nNot supported\n\n## macOS\n\nNot supported\n",
        "# Ref\n\n## A\n\nRun the tool.\n\n## B\n\nRun the tool.\n",
        "# Guide\n\n## Search\n\nFeatures to use\n\n## Content\n\nThe page builder and blocks.\n",
    ],
    options: &[],
    fixable: false,
};

/// Short bodies that are values, not reminders.
const VALUES: &[&str] = &[
    "none",
    "n/a",
    "na",
    "not applicable",
    "not supported",
    "supported",
    "unsupported",
    "yes",
    "no",
    "true",
    "false",
    "optional",
    "required",
    "deprecated",
    "default",
    "unknown",
    "empty",
    "same as above",
    "see above",
    "see below",
    "not available",
    "available",
    "coming soon",
    "tbd",
    "tba",
    "todo",
];

/// The text of a section body that is exactly one short paragraph of plain
/// words (no link, code or markup), without closing punctuation.
fn stub_body<'d>(doc: &'d Document, s: &Section) -> Option<(&'d str, crate::span::Span)> {
    if s.has_subsections {
        return None;
    }
    let mut content = doc.blocks[s.blocks.start as usize..s.blocks.end as usize]
        .iter()
        .enumerate()
        .filter(|(_, b)| b.is_content());
    let (i, b) = content.next()?;
    if content.next().is_some() || b.kind != BlockKind::Paragraph || b.item.is_some() {
        return None;
    }
    let text = b.text.as_str().trim();
    // Cheap first: eight words fit in a hundred bytes.
    if text.len() > 100 || text.ends_with(['.', '!', '?', ':']) {
        return None;
    }
    let n = words(text).count();
    let block = s.blocks.start as usize + i;
    if !(2..=8).contains(&n)
        || !has_prose(text)
        || text.contains(crate::document::OPAQUE)
        || text.ends_with(['.', '!', '?', ':'])
        || VALUES.contains(&text.to_lowercase().as_str())
        || !doc.links_in(block).is_empty()
    {
        return None;
    }
    Some((text, b.span))
}

impl Rule for RepeatedStub {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        let level = |s: &Section| doc.headings[s.heading as usize].level;
        let bodies: Vec<_> = doc.sections.iter().map(|s| stub_body(doc, s)).collect();
        // Runs of consecutive sibling sections (same level, no shallower
        // heading between them) with the same body.
        let mut i = 0;
        while i < doc.sections.len() {
            let Some((text, _)) = bodies[i] else {
                i += 1;
                continue;
            };
            let lv = level(&doc.sections[i]);
            let mut run = vec![i];
            let mut j = i + 1;
            while j < doc.sections.len() {
                let l = level(&doc.sections[j]);
                if l < lv {
                    break;
                }
                if l == lv {
                    match bodies[j] {
                        Some((t, _)) if t.eq_ignore_ascii_case(text) => run.push(j),
                        _ => break,
                    }
                }
                j += 1;
            }
            if run.len() >= 2 {
                for &k in &run {
                    let (t, span) = bodies[k].expect("in run");
                    out.push(
                        Hit::new(
                            span,
                            format!(
                                "`{t}` repeats under {} sibling headings: a reminder, not content",
                                run.len()
                            ),
                        )
                        .help("write the section's content"),
                    );
                }
            }
            i = run.last().map_or(i + 1, |l| l + 1);
        }
    }
}
