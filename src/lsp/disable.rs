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
    if let Some(fm) = &doc.front_matter
        && fm.span.start <= at
        && at < fm.span.end.max(fm.span.start + 1)
    {
        let comment = format!("<!-- draftlint-disable-file {rule} -->");
        let title = format!("Disable `{rule}` for this file");
        if fm.error.is_some() && fm.body.is_empty() {
            // Not closed: the page is not Markdown after it either.
            let lead = if src.ends_with('\n') || src.is_empty() {
                ""
            } else {
                eol
            };
            return (title, vec![(src.len(), format!("{lead}{comment}{eol}"))]);
        }
        let after = line_end_with_eol(src, lines, fm.span.end.saturating_sub(1));
        return (title, vec![(after, format!("{comment}{eol}"))]);
    }
    let line = lines.line_of(at);
    let line_start = lines.line_start(line) as usize;
    let body = doc.front_matter.as_ref().map_or(0, |f| {
        if f.body.is_empty() && f.error.is_some() {
            0
        } else {
            f.span.end as usize
        }
    });
    let block = top_level_blocks(src, body)
        .into_iter()
        .find(|b| b.start <= at as usize && (at as usize) < b.end.max(b.start + 1));
    match block {
        Some(b) if lines.line_of(b.start as u32) != line || starts_mid_line(src, b.start) => {
            let first = lines.line_start(lines.line_of(b.start as u32)) as usize;
            let last = lines.line_of(b.end.saturating_sub(1).max(b.start) as u32);
            let end = lines.line_span(src, last).end as usize;
            (
                format!("Disable `{rule}` for this block"),
                vec![
                    (first, format!("<!-- draftlint-disable {rule} -->{eol}")),
                    (end, format!("{eol}<!-- draftlint-enable {rule} -->")),
                ],
            )
        }
        // The block's first line, or a line no block covers (a link
        // reference definition).
        _ => (
            format!("Disable `{rule}` for this line"),
            vec![(
                line_start,
                format!("<!-- draftlint-disable-next-line {rule} -->{eol}"),
            )],
        ),
    }
}

/// Whether a block starts after other text on its line (it cannot, at the
/// top level, but a parser's range may begin after indentation).
fn starts_mid_line(src: &str, at: usize) -> bool {
    let before = src[..at].rsplit('\n').next().unwrap_or("");
    !before.trim().is_empty()
}

/// The offset just after the line ending of the line holding `at`.
fn line_end_with_eol(src: &str, lines: &LineIndex, at: u32) -> usize {
    let line = lines.line_of(at);
    if line + 1 < lines.line_count() {
        lines.line_start(line + 1) as usize
    } else {
        src.len()
    }
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
            .map_or(0, |f| f.span.end as usize);
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
    fn a_comment_spanning_lines_is_wrapped_not_broken() {
        silence(
            "# Guide\n\n<!--\nTODO: rewrite this part\n-->\n\nText.\n",
            "todo-comment",
        );
    }
}
