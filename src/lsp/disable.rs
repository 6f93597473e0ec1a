//! Where a comment that silences a finding goes, so that it changes
//! nothing else: not the front matter, not the blocks around it.
//!
//! - A finding on the first line of a top-level block: a
//!   `draftlint-disable-next-line RULE` comment on a line of its own above
//!   the block. An HTML comment line ends the block before it anyway, so
//!   nothing is split.
//! - A finding further inside a block (a paragraph's third line, a list
//!   item, a table row, a quote): a `draftlint-disable RULE` line above the
//!   top-level block and a `draftlint-enable RULE` line after it; a comment
//!   between two lines of a list or a table would end it there.
//! - A finding in the front matter: `draftlint-disable-file RULE` after it
//!   (a comment cannot stand inside YAML), or at the end of the page when
//!   the front matter is not closed.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::document::Document;
use crate::span::LineIndex;

/// Insertions (byte offset, text) that silence `rule` at byte `at` of
/// `doc`, and a title for them.
pub fn edits(doc: &Document, at: u32, rule: &str) -> (String, Vec<(usize, String)>) {
    let src = doc.source();
    let lines = doc.lines();
    let eol = if src.contains("\r\n") { "\r\n" } else { "\n" };
    let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let line = lines.line_of(at);
    // The start of a line, after the byte-order mark on the first.
    let start_of = |line: usize| (lines.line_start(line) as usize).max(bom);
    let unclosed = doc
        .front_matter
        .as_ref()
        .is_some_and(|f| f.error.is_some() && f.body.is_empty());
    let in_front_matter = doc.front_matter.as_ref().is_some_and(|fm| {
        if unclosed {
            // Not closed: it runs to the first blank line, as far as
            // anyone can tell.
            !(0..=line).any(|l| src[lines.line_span(src, l).range()].trim().is_empty())
        } else {
            fm.span.start <= at && at < fm.span.end
        }
    });
    if in_front_matter {
        let comment = format!("<!-- draftlint-disable-file {rule} -->");
        let title = format!("Disable `{rule}` for this file");
        let after = match &doc.front_matter {
            // Not closed: the end of the page, the only place sure to be
            // outside it.
            _ if unclosed => src.len(),
            Some(fm) => fm.span.end as usize,
            None => src.len(),
        };
        let lead = if after == 0 || src[..after].ends_with('\n') {
            ""
        } else {
            eol
        };
        return (title, vec![(after, format!("{lead}{comment}{eol}"))]);
    }
    let body = match &doc.front_matter {
        Some(f) if !unclosed => f.span.end as usize,
        _ => bom,
    };
    let block = top_level_blocks(src, body)
        .into_iter()
        .find(|b| b.start <= at as usize && (at as usize) < b.end.max(b.start + 1));
    match block {
        Some(b) if lines.line_of(b.start as u32) != line || starts_mid_line(src, b.start) => {
            let first = lines.line_of(b.start as u32);
            let last = lines.line_of(b.end.saturating_sub(1).max(b.start) as u32);
            let end = lines.line_span(src, last).end as usize;
            // Above the writer's own next-line comments, if any, so they
            // keep the line they name.
            let above = first - next_line_comments_above(src, lines, first).len();
            (
                format!("Disable `{rule}` for this block"),
                vec![
                    (
                        start_of(above),
                        format!("<!-- draftlint-disable {rule} -->{eol}"),
                    ),
                    (end, format!("{eol}<!-- draftlint-enable {rule} -->")),
                ],
            )
        }
        // The block's first line, or a line no block covers (a link
        // reference definition).
        _ => {
            let title = format!("Disable `{rule}` for this line");
            // A next-line comment already above names one more rule.
            if let Some(&(_, insert)) = next_line_comments_above(src, lines, line).first() {
                return (title, vec![(insert, format!(" {rule}"))]);
            }
            (
                title,
                vec![(
                    start_of(line),
                    format!("<!-- draftlint-disable-next-line {rule} -->{eol}"),
                )],
            )
        }
    }
}

/// The `draftlint-disable-next-line` comment lines directly above `line`,
/// nearest first: (line, where another rule name goes in it).
fn next_line_comments_above(src: &str, lines: &LineIndex, line: usize) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut l = line;
    while l > 0 {
        l -= 1;
        let span = lines.line_span(src, l);
        let text = &src[span.range()];
        let trimmed = text.trim();
        let Some(inner) = trimmed
            .strip_prefix("<!--")
            .and_then(|t| t.strip_suffix("-->"))
        else {
            break;
        };
        let inner_trim = inner.trim_start();
        if !inner_trim.starts_with("draftlint-disable-next-line") {
            break;
        }
        // Before a ` -- reason`, else before the closing `-->`.
        let inner_at = span.start as usize + text.find("<!--").unwrap_or(0) + 4;
        let names_end = match inner.find(" --") {
            Some(i) => i,
            None => inner.trim_end().len(),
        };
        found.push((l, inner_at + names_end));
    }
    found
}

/// Whether a block starts after other text on its line (it cannot, at the
/// top level, but a parser's range may begin after indentation).
fn starts_mid_line(src: &str, at: usize) -> bool {
    let before = src[..at].rsplit('\n').next().unwrap_or("");
    !before
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
}

/// The byte ranges of the top-level blocks of `src[from..]`.
fn top_level_blocks(src: &str, from: usize) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let parser = Parser::new_ext(&src[from..], crate::document::parser_options());
    for (event, range) in parser.into_offset_iter() {
        let range = range.start + from..range.end + from;
        match event {
            Event::Start(tag) => {
                if depth == 0 && !matches!(tag, Tag::MetadataBlock(_)) {
                    blocks.push(range);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => blocks.push(range),
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::TagEnd;

    /// The page's block structure: every start and end tag but HTML.
    fn shape(src: &str) -> Vec<String> {
        let body = Document::parse(src.to_string())
            .front_matter
            .filter(|f| !(f.body.is_empty() && f.error.is_some()))
            .map_or(0, |f| f.span.end as usize)
            .max(if src.starts_with('\u{feff}') { 3 } else { 0 });
        Parser::new_ext(&src[body..], crate::document::parser_options())
            .filter_map(|e| match e {
                Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
                Event::Start(t) => Some(format!("{t:?}")),
                Event::End(t) => Some(format!("/{t:?}")),
                _ => None,
            })
            .collect()
    }

    fn rules_at(src: &str) -> Vec<(String, u32)> {
        let file = crate::lint_buffer(std::path::Path::new("/nowhere/page.md"), src.into())
            .unwrap()
            .unwrap();
        file.findings
            .iter()
            .map(|f| (f.rule.to_string(), f.span.start))
            .collect()
    }

    /// Silence the first finding of `rule` in `src`; the page keeps its
    /// shape and the finding is gone. Returns the new page and the title.
    fn silence(src: &str, rule: &str) -> (String, String) {
        let found = rules_at(src);
        let at = found
            .iter()
            .find(|(r, _)| r == rule)
            .unwrap_or_else(|| panic!("no {rule} in {found:?}"))
            .1;
        let doc = Document::parse(src.to_string());
        let (title, mut edits) = edits(&doc, at, rule);
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        let mut out = src.to_string();
        for (at, text) in edits {
            out.insert_str(at, &text);
        }
        assert_eq!(shape(&out), shape(src), "the shape changed:\n{out}");
        let left = rules_at(&out);
        assert!(
            left.iter().all(|(r, _)| r != rule),
            "{rule} is still reported in:\n{out}\n{left:?}"
        );
        (out, title)
    }

    #[test]
    fn first_line_of_a_block_gets_a_next_line_comment() {
        let (out, title) = silence("# Guide\n\nThe date is TBD.\n", "placeholder-text");
        assert_eq!(
            out,
            "# Guide\n\n<!-- draftlint-disable-next-line placeholder-text -->\nThe date is TBD.\n"
        );
        assert_eq!(title, "Disable `placeholder-text` for this line");
        // Directly under a heading, with no blank line, in CRLF.
        let (out, _) = silence("# Guide\r\nThe date is TBD.\r\n", "placeholder-text");
        assert_eq!(
            out,
            "# Guide\r\n<!-- draftlint-disable-next-line placeholder-text -->\r\nThe date is TBD.\r\n"
        );
    }

    #[test]
    fn inside_a_block_the_whole_block_is_wrapped() {
        let (out, title) = silence(
            "# Guide\n\nFirst line of the paragraph\nand the date is TBD.\n\nNext.\n",
            "placeholder-text",
        );
        assert_eq!(
            out,
            "# Guide\n\n<!-- draftlint-disable placeholder-text -->\nFirst line of the paragraph\nand the date is TBD.\n<!-- draftlint-enable placeholder-text -->\n\nNext.\n"
        );
        assert_eq!(title, "Disable `placeholder-text` for this block");
        // An ordered list keeps its numbers; a table its rows; a quote
        // its lines.
        silence(
            "# Guide\n\n1. Install.\n2. Set the port to TBD.\n3. Run.\n",
            "placeholder-text",
        );
        silence(
            "# Guide\n\n| Name | Value |\n| --- | --- |\n| port | TBD |\n| host | a |\n",
            "placeholder-text",
        );
        silence(
            "# Guide\n\n> Note\n> the date is TBD.\n",
            "placeholder-text",
        );
    }

    #[test]
    fn front_matter_gets_a_file_comment_after_it() {
        let (out, title) = silence(
            "---\ntitle: TBD\n---\n# Guide\n\nText.\n",
            "placeholder-text",
        );
        assert!(
            out.starts_with(
                "---\ntitle: TBD\n---\n<!-- draftlint-disable-file placeholder-text -->\n# Guide"
            ),
            "{out}"
        );
        assert_eq!(title, "Disable `placeholder-text` for this file");
        let (out, _) = silence("---\ntitle: x\n\n# Guide\n\nText.", "front-matter-syntax");
        assert!(
            out.ends_with("Text.\n<!-- draftlint-disable-file front-matter-syntax -->\n"),
            "{out}"
        );
    }

    #[test]
    fn comments_already_there_keep_their_lines() {
        let (out, _) = silence(
            "# Guide\n\n<!-- draftlint-disable-next-line spelling -- a name -->\nIt was refered to TBD.\n",
            "placeholder-text",
        );
        assert!(
            out.contains(
                "<!-- draftlint-disable-next-line spelling placeholder-text -- a name -->\nIt was"
            ),
            "{out}"
        );
        assert!(rules_at(&out).is_empty(), "{out}");
        let (out, _) = silence(
            "# Guide\n\n<!-- draftlint-disable-next-line spelling -->\nIt was refered to\nand TBD.\n",
            "placeholder-text",
        );
        assert!(
            out.contains("<!-- draftlint-disable placeholder-text -->\n<!-- draftlint-disable-next-line spelling -->\nIt was"),
            "{out}"
        );
        assert!(rules_at(&out).is_empty(), "{out}");
    }

    #[test]
    fn edges_of_the_page() {
        // Front matter that ends the page, without a last line ending.
        for eol in ["\n", "\r\n"] {
            let src = format!("---{eol}title: TBD{eol}---");
            let (out, _) = silence(&src, "placeholder-text");
            assert_eq!(
                out,
                format!("{src}{eol}<!-- draftlint-disable-file placeholder-text -->{eol}")
            );
        }
        // Front matter not closed: a finding on its second line.
        silence("---\ntitle: TBD\n# Heading\n\nText.", "placeholder-text");
        // A byte-order mark stays first.
        let (out, _) = silence("\u{feff}# Heading TBD\n\nText.\n", "placeholder-text");
        assert!(
            out.starts_with("\u{feff}<!-- draftlint-disable-next-line"),
            "{out}"
        );
    }

    #[test]
    fn a_comment_spanning_lines_is_wrapped_not_broken() {
        silence(
            "# Guide\n\n<!--\nTODO: rewrite this part\n-->\n\nText.\n",
            "todo-comment",
        );
    }
}
