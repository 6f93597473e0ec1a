//! "REACH OUT TO JEFF ABOUT THE DIAGRAM." Sentences in capitals are notes
//! writers shout at each other; published prose does not shout, except
//! legal boilerplate and warnings to the reader.

use super::util::{is_identifier, is_upper_word, sentences, tokens};
use super::{Context, Rule, StaticMeta};
use crate::document::{BlockKind, Document};
use crate::finding::{Category, Hit, Severity};

pub struct AllCapsSentence;

const META: StaticMeta = StaticMeta {
    id: "all-caps-sentence",
    category: Category::AuthorNote,
    severity: Severity::Error,
    enabled: true,
    summary: "A sentence written in capitals: a note to colleagues (\"REACH OUT TO JEFF ABOUT …\")",
    why: "Writers mark notes to themselves and to each other by writing them in \
          capitals so they stand out in the draft: \"CONSIDER SURFACING ON THIS PAGE.\", \
          \"!!!ADD IMAGE SHOWING HOW TO ADD A FACET!!!\". Published prose does not \
          shout. Act on the note, then remove it.\n\n\
          Not flagged: headings, acronyms and constants (`GET`, `POST`, `FILE_SHARE_READ`), \
          legal boilerplate (\"PROVIDED AS IS, WITHOUT WARRANTY\"), and warnings \
          addressed to the reader (\"DO NOT UNPLUG YOUR DEVICE\").",
    flags: &[
        "REACH OUT TO JEFF MATTHEWS ABOUT BLUE PRINT FOR PERSONALIZATION DATA FLOW DIAGRAM. CONSIDER SURFACING ON THIS PAGE.\n",
        "HOW TO EXPAND BEYOND COMMERCE AND ACTIVATE DATA IN OTHER ADOBE Experience Cloud SOLUTIONS...\n",
        "!!!ADD IMAGE SHOWING HOW TO ADD A FACET!!!\n",
        "*NO RELEASE NOTES ARE REQUIRED*\nCustomer-facing scenarios are not affected.\n",
    ],
    passes: &[
        "Use GET, POST, PUT or DELETE.\n",
        "| Method |\n| --- |\n| GET POST PUT DELETE |\n",
        "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND.\n",
        "WARNING: DO NOT UNPLUG YOUR DEVICE DURING THE UPDATE.\n",
        "## FREQUENTLY ASKED QUESTIONS ABOUT THE TOOL\n",
        "Set FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE to share the file.\n",
        "The NTFS, FAT32 and EXFAT file systems are supported.\n",
        "> ERROR: ACCESS IS DENIED FOR THIS USER\n",
        "**PUBLIC**, **STACK**, **COMMON**, **MEMORY**, **AT** *address*, **PRIVATE**\n",
        "THE SOFTWARE IS PROVIDED AS IS. IN NO EVENT SHALL THE\nAUTHORS BE HELD FOR ANY CLAIM OF DAMAGES.\n",
    ],
    options: &[],
    fixable: false,
};

/// Short words that make a run of capitals a sentence rather than a list
/// of acronyms.
const FUNCTION_WORDS: &[&str] = &[
    "THE", "TO", "OF", "AND", "A", "IN", "FOR", "ON", "WITH", "IS", "THIS", "ABOUT", "IT", "BE",
    "ARE", "WILL", "OR", "FROM", "AT", "BY", "AS", "WE", "I", "THAT", "HOW", "WHAT", "WHY", "HERE",
    "NEEDS", "NEED", "SHOULD", "MUST", "CAN", "OUR", "MY", "IF", "BUT", "WHEN", "HAVE", "HAS",
];

/// Function words of two letters or more, in capitals.
static GATE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| crate::pattern::regex(&gate()).expect("valid regex"));

/// The source of `GATE` (the engine compiles it with the other gates; the
/// rule's own copy is compiled only when a page opens the gate).
fn gate() -> String {
    let words: Vec<&str> = FUNCTION_WORDS
        .iter()
        .copied()
        .filter(|w| w.len() > 1)
        .collect();
    format!(r"\b(?:{})\b", words.join("|"))
}

/// Legal boilerplate is written in capitals by convention.
const LEGAL: &[&str] = &[
    "WARRANTY",
    "WARRANTIES",
    "LIABILITY",
    "LIABLE",
    "MERCHANTABILITY",
    "DAMAGES",
    "INDEMNIFY",
    "DISCLAIMER",
    "DISCLAIMS",
    "LICENSORS",
];

/// Labels of program output.
const OUTPUT_LABELS: &[&str] = &[
    "ERROR",
    "FATAL",
    "EXCEPTION",
    "FAILED",
    "FAILURE",
    "DEBUG",
    "VERBOSE",
    "INFO",
    "TRACE",
    "STATUS",
];

/// Words that address the reader, not a colleague.
const READER: &[&str] = &["YOU", "YOUR", "YOU'RE", "YOURSELF"];
const READER_LEADS: &[&str] = &[
    "DO NOT",
    "DON'T",
    "NEVER",
    "ALWAYS",
    "MAKE SURE",
    "BE SURE",
    "ENSURE",
    "PLEASE",
];

fn shouted(sentence: &str) -> bool {
    let mut words = 0;
    let mut caps = 0;
    let mut function = false;
    for (_, t) in tokens(sentence) {
        if is_identifier(t) || !t.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        let upper = is_upper_word(t) || t == "A" || t == "I";
        if upper {
            caps += 1;
            let w = t.trim_end_matches("'S");
            if FUNCTION_WORDS.contains(&w) {
                function = true;
            }
            if LEGAL.contains(&w) || READER.contains(&w) {
                return false;
            }
        }
    }
    // A comma between most words makes a list of keywords, not a sentence.
    let commas = sentence.matches(',').count();
    if caps < 5 || (caps as f32) < 0.75 * words as f32 || !function || commas * 2 >= caps {
        return false;
    }
    let lead = sentence.trim_start_matches(|c: char| !c.is_alphabetic());
    // Program output quoted in the page: "ERROR: ACCESS IS DENIED".
    if OUTPUT_LABELS.iter().any(|l| {
        lead.strip_prefix(l)
            .is_some_and(|r| r.starts_with([':', ' ']))
    }) {
        return false;
    }
    !READER_LEADS.iter().any(|r| lead.starts_with(r))
        && !lead.split_once(':').is_some_and(|(label, rest)| {
            is_warning(label)
                && READER_LEADS
                    .iter()
                    .any(|r| rest.trim_start().starts_with(r))
        })
}

fn is_warning(label: &str) -> bool {
    matches!(
        label.trim(),
        "WARNING" | "CAUTION" | "IMPORTANT" | "NOTE" | "ATTENTION" | "DANGER" | "NOTICE"
    )
}

impl Rule for AllCapsSentence {
    crate::rule_meta!(META);

    fn gates(&self) -> Vec<String> {
        vec![gate()]
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        // A shouted sentence has a function word in capitals; only blocks
        // with one are read further.
        for i in doc.prose.blocks_matching(&GATE) {
            let i = i as usize;
            let b = &doc.blocks[i];
            if !matches!(b.kind, BlockKind::Paragraph | BlockKind::TableCell { .. })
                || is_label(doc, i)
            {
                continue;
            }
            let text = b.text.as_str();
            // Legal boilerplate is shouted by convention, a paragraph at a time.
            if tokens(text).any(|(_, t)| LEGAL.contains(&t)) {
                continue;
            }
            let upper = text.bytes().filter(u8::is_ascii_uppercase).count();
            if upper < 10 {
                continue;
            }
            // Adjacent shouted sentences make one finding.
            let mut run: Option<std::ops::Range<usize>> = None;
            for s in lines_and_sentences(doc, b) {
                if shouted(&text[s.clone()]) {
                    run = Some(match run {
                        Some(r) if text[r.end..s.start].trim().is_empty() => r.start..s.end,
                        Some(r) => {
                            report(b, r, out);
                            s
                        }
                        None => s,
                    });
                } else if let Some(r) = run.take() {
                    report(b, r, out);
                }
            }
            if let Some(r) = run {
                report(b, r, out);
            }
        }
    }
}

/// Sentences, split also at the source's line breaks: notes are written a
/// line at a time, often without a full stop.
fn lines_and_sentences(doc: &Document, b: &crate::document::Block) -> Vec<std::ops::Range<usize>> {
    let text = b.text.as_str();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(' ') {
        if doc.slice(b.text.span(i..i + 1)).contains('\n') {
            out.extend(sentences(&text[start..i]).map(|r| r.start + start..r.end + start));
            start = i + 1;
        }
    }
    out.extend(sentences(&text[start..]).map(|r| r.start + start..r.end + start));
    out
}

/// A paragraph that is only a link, or only bold text without a full stop,
/// is a label (a table of contents entry, a pseudo-heading), not a note.
fn is_label(doc: &Document, block: usize) -> bool {
    let b = &doc.blocks[block];
    let text = b.text.as_str().trim();
    let whole_link = doc.links.iter().any(|l| {
        l.block as usize == block && b.text.as_str()[b.text.range_of(l.text)].trim() == text
    });
    let src = doc.slice(b.span).trim();
    let bold = ["**", "__"]
        .iter()
        .any(|m| src.starts_with(m) && src.ends_with(m));
    whole_link || (bold && !text.ends_with('.'))
}

fn report(b: &crate::document::Block, r: std::ops::Range<usize>, out: &mut Vec<Hit>) {
    out.push(
        Hit::new(
            b.text.span(r),
            "sentence in capitals reads as a note to colleagues",
        )
        .help("act on the note, then remove it; write reader-facing text in sentence case"),
    );
}
