//! Instructions addressed to the writer, left in the page: `[add
//! screenshot]`, `{{Manually Enter Description Here}}`, or a section whose
//! whole body is "Wrap it up."

use super::util::{has_prose, words};
use super::{Context, Rule, StaticMeta};
use crate::document::{BlockKind, Document, Scope, markup::is_template_expression};
use crate::finding::{Category, Hit, Severity};

pub struct WriterInstruction;

const META: StaticMeta = StaticMeta {
    id: "writer-instruction",
    category: Category::Placeholder,
    severity: Severity::Error,
    enabled: true,
    summary: "An instruction to the writer left in the page (\"[add screenshot]\", \"{{Enter description here}}\", a section that says only \"Wrap it up.\")",
    why: "Templates and outlines tell the writer what to put where: \"[Insert graphic]\", \
          \"{{Manually Enter Description Here}}\", a section body that says \"Describe the \
          feature.\" When the instruction is still there, the content it asks for is \
          not. Do what it says, then remove it.\n\n\
          Reader instructions are not flagged: square brackets around a UI label, an \
          option (`[optional]`) or a key, and sections that tell the reader what to do.",
    flags: &[
        "Configure the store.\n\n[add screenshot]\n",
        "[Insert graphic -- check with Emily about getting the original image]\n",
        "## Description\n{{Manually Enter Description Here}}\n",
        "---\nDownload Help Link: {{Please enter FwLink manually}}\n---\n# Module\n\nText.\n",
        "# Guide\n\nText.\n\n## In conclusion\n\nWrap it up.\n",
        "# Guide\n\nText.\n\n## Overview\n\nDescribe the feature here.\n",
    ],
    passes: &[
        "Press [Ctrl]+[C] to copy.\n",
        "The syntax is `copy [options] source`, where [options] is optional.\n",
        "{{site.data.var.ee}} supports it.\n",
        "# Guide\n\nText.\n\n## Next steps\n\nAdd a user to the project.\n",
        "See the footnote [1].\n",
        "# Guide\n\nText.\n\n## Summary\n\nThe tool checks drafts before they ship.\n",
        "# Access mode\n\n## -description\n\nWrite access.\n\n## -remarks\n\nText.\n",
        "# Filter\n\n## -description\n\nInclude only images.\n\n## -remarks\n\nText.\n",
        "# Add\n\n## -description\n\nAdd HTTP content to the instance.\n\n## -remarks\n\nText.\n",
        "# Unit\n\n## Outline\n\nOutline text.\n",
    ],
    options: &[],
    fixable: false,
};

/// Verbs of writing: what a writer is told to do, not a reader.
const WRITE_VERBS: &[&str] = &[
    "add",
    "insert",
    "include",
    "enter",
    "describe",
    "explain",
    "write",
    "rewrite",
    "summarize",
    "summarise",
    "elaborate",
    "expand",
    "fill",
    "replace",
    "provide",
    "paste",
    "put",
    "wrap",
    "finish",
    "complete",
    "flesh",
    "discuss",
    "introduce",
    "outline",
    "mention",
    "update",
    "link",
    "list",
    "conclude",
    "document",
];

/// Things a writer is told to insert.
const MATERIAL: &[&str] = &[
    "screenshot",
    "screenshots",
    "image",
    "images",
    "graphic",
    "graphics",
    "diagram",
    "diagrams",
    "figure",
    "video",
    "gif",
    "illustration",
    "picture",
    "chart",
    "table",
    "example",
    "examples",
    "link",
    "links",
    "description",
    "content",
    "text",
    "intro",
    "introduction",
    "summary",
    "overview",
    "details",
    "info",
    "information",
    "copy",
    "reference",
    "references",
    "citation",
    "caption",
    "conclusion",
    "paragraph",
    "section",
    "steps",
    "more",
    "here",
];

/// Verbs that only address a writer when the object is writing material
/// ("add a screenshot", not "add a user").
const AMBIGUOUS: &[&str] = &[
    "add", "insert", "include", "enter", "provide", "put", "update", "link", "list", "complete",
    "finish", "document", "replace", "paste", "expand", "fill",
];

fn lower_words(s: &str) -> Vec<String> {
    words(s).map(|(_, w)| w.to_lowercase()).collect()
}

/// Whether `s` (the inside of brackets, or a whole short body) reads as an
/// instruction to the writer.
fn is_instruction(s: &str) -> bool {
    // Cheap first: the first word must be a writing verb or material
    // (brackets around a parameter name, `[in]`, are common in reference
    // pages and should not cost an allocation).
    let Some((_, head)) = words(s).next() else {
        return false;
    };
    let known = |list: &[&str]| list.iter().any(|v| v.eq_ignore_ascii_case(head));
    if !known(WRITE_VERBS) && !known(MATERIAL) {
        return false;
    }
    let w = lower_words(s);
    let Some(first) = w.first() else {
        return false;
    };
    if w.len() <= 3
        && w.iter()
            .all(|x| MATERIAL.contains(&x.as_str()) || x == "of" || x == "a" || x == "the")
    {
        // "[screenshot]", "[diagram here]"
        return w
            .iter()
            .any(|x| MATERIAL.contains(&x.as_str()) && x != "more" && x != "here");
    }
    if !WRITE_VERBS.contains(&first.as_str()) {
        return false;
    }
    if first == "wrap" {
        return w.iter().any(|x| x == "up");
    }
    if AMBIGUOUS.contains(&first.as_str()) {
        return w[1..]
            .iter()
            .take(5)
            .any(|x| MATERIAL.contains(&x.as_str()));
    }
    w.len() >= 2
}

/// Verbs that only ever ask for writing.
const WRITING_ONLY: &[&str] = &[
    "describe",
    "explain",
    "summarize",
    "summarise",
    "elaborate",
    "discuss",
    "introduce",
    "conclude",
    "recap",
    "mention",
];

/// Verbs that ask for writing with a word that points at the page
/// ("Add intro here", "Write more", "Flesh out this section").
const WRITING_WITH_POINTER: &[&str] = &[
    "add", "insert", "include", "write", "fill", "expand", "provide", "finish", "complete",
    "cover", "flesh", "talk", "put", "paste",
];

const POINTERS: &[&str] = &[
    "here",
    "more",
    "section",
    "topic",
    "page",
    "article",
    "intro",
    "introduction",
    "conclusion",
    "summary",
    "overview",
    "details",
    "description",
    "screenshot",
    "screenshots",
    "diagram",
    "diagrams",
    "examples",
    "out",
];

/// Whether a whole section body ("Wrap it up.", "Describe the feature.")
/// is an instruction to the writer. Stricter than brackets: reference
/// pages describe members in the imperative ("Write access.", "Include
/// only images.").
fn is_body_instruction(s: &str) -> bool {
    let Some((_, head)) = words(s).next() else {
        return false;
    };
    let known = |list: &[&str]| list.iter().any(|v| v.eq_ignore_ascii_case(head));
    if !known(WRITING_ONLY) && !known(WRITING_WITH_POINTER) && !head.eq_ignore_ascii_case("wrap") {
        return false;
    }
    let w = lower_words(s);
    let Some(first) = w.first() else {
        return false;
    };
    if first == "wrap" {
        return w.iter().any(|x| x == "up");
    }
    if WRITING_ONLY.contains(&first.as_str()) {
        return w.len() >= 2;
    }
    WRITING_WITH_POINTER.contains(&first.as_str())
        && w[1..].iter().any(|x| POINTERS.contains(&x.as_str()))
}

impl Rule for WriterInstruction {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        // Only texts with a bracket or a brace, found in one scan of the
        // page's joined prose.
        let (mut with, elsewhere) = doc.prose.blocks_with_bytes(b'[', b'{');
        with.sort_unstable();
        with.dedup();
        let blocks = with
            .iter()
            .map(|&i| &doc.blocks[i as usize])
            .filter(|b| b.is_prose())
            .map(|b| &b.text);
        let values = doc
            .units(Scope::FRONT_MATTER)
            .filter(|_| elsewhere)
            .map(|u| u.text);
        for text in blocks.chain(values) {
            bracketed(text.as_str(), |r, inner, natural_template| {
                if natural_template || is_instruction(inner) {
                    out.push(
                        Hit::new(
                            text.span(r),
                            format!(
                                "instruction to the writer left in the page: `{}`",
                                inner.trim()
                            ),
                        )
                        .help("do what it asks, then remove it"),
                    );
                }
            });
        }
        instruction_bodies(doc, out);
    }
}

/// Call `f` for each `[…]` that is not a link (links have no brackets in
/// the text) and each natural-language `{{…}}`.
fn bracketed(text: &str, mut f: impl FnMut(std::ops::Range<usize>, &str, bool)) {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'[', b'{', &b[i..]) {
        i += off;
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => {
                if let Some(len) = text[i + 2..].find("}}") {
                    let inner = &text[i + 2..i + 2 + len];
                    if !is_template_expression(inner) {
                        f(i..i + 2 + len + 2, inner, true);
                    }
                    i += 2 + len + 2;
                    continue;
                }
            }
            b'[' => {
                if let Some(len) = text[i + 1..].find([']', '[', '\n']) {
                    let close = i + 1 + len;
                    if b[close] == b']' {
                        let inner = &text[i + 1..close];
                        if has_prose(inner) {
                            f(i..close + 1, inner, false);
                        }
                        i = close + 1;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Sections whose whole body is one short instruction ("Wrap it up.").
fn instruction_bodies(doc: &Document, out: &mut Vec<Hit>) {
    for s in &doc.sections {
        if s.has_subsections {
            continue;
        }
        let mut content = (s.blocks.start as usize..s.blocks.end as usize)
            .filter(|&i| doc.blocks[i].is_content());
        let Some(i) = content.next() else {
            continue;
        };
        let b = &doc.blocks[i];
        if content.next().is_some() || b.kind != BlockKind::Paragraph || b.item.is_some() {
            continue;
        }
        let text = b.text.as_str().trim();
        // The first word rules out nearly every body, so it goes first;
        // counting words stops past the limit.
        if !is_body_instruction(text)
            || words(text).take(9).count() > 8
            || !has_prose(text)
            || text.contains(crate::document::OPAQUE)
            || !doc.links_in(i).is_empty()
        {
            continue;
        }
        out.push(
            Hit::new(
                b.span,
                format!("section body is an instruction to the writer: `{text}`"),
            )
            .help("write the section it asks for"),
        );
    }
}
