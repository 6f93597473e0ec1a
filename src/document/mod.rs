//! The Document: a file parsed once into what rules need (front matter,
//! headings and sections, blocks with their prose, list items, tables,
//! comments, links, reference definitions), all with exact byte spans.
//!
//! This is the only module that imports pulldown-cmark; no parser type
//! escapes it, so rules, reporters and the language server depend on this
//! model alone.

mod build;
pub mod front_matter;
pub mod markup;
mod text;
mod units;

pub use build::options as parser_options;
pub use front_matter::{FrontMatter, FrontMatterValue};
pub use text::{OPAQUE, Text, TextBuf};
pub use units::{Scope, Unit};

use crate::span::{ColumnUnit, LineCol, LineIndex, Span};

/// A parsed Markdown file. Built once, never mutated.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: String,
    /// Built on first use: most pages have no finding and never need it.
    lines: std::sync::OnceLock<LineIndex>,
    pub front_matter: Option<FrontMatter>,
    /// Leaf blocks in source order.
    pub blocks: Vec<Block>,
    pub headings: Vec<Heading>,
    /// One per top-level heading (not in a list, quote or footnote).
    pub sections: Vec<Section>,
    pub items: Vec<ListItem>,
    pub tables: Vec<Table>,
    pub comments: Vec<Comment>,
    pub links: Vec<Link>,
    pub code: Vec<InlineCode>,
    /// Emphasis and strong emphasis, by start (nested ones included).
    pub emphasis: Vec<Span>,
    pub definitions: Vec<Definition>,
    /// Bracketed text that reads as a reference link whose label has no
    /// definition (`[text][label]`, `[text][]`, `[text]`), by position.
    /// Shortcut ones are mostly ordinary brackets and markup (`[!NOTE]`).
    pub unresolved: Vec<UnresolvedReference>,
    /// The prose of every block, joined, for searching a page in one pass.
    pub prose: ProseIndex,
}

/// The texts of all prose blocks, then of front matter values and inline
/// code, joined by line breaks. Testing a page once costs far less than
/// testing each of its hundreds of blocks, and most pages match nothing.
/// It is the store the blocks' texts live in, not a copy.
#[derive(Debug, Clone, Default)]
pub struct ProseIndex {
    store: std::sync::Arc<text::TextBuf>,
    /// (start in the text, block index or `NOT_A_BLOCK`), in order.
    starts: Vec<(u32, u32)>,
}

impl ProseIndex {
    const NOT_A_BLOCK: u32 = u32::MAX;

    fn new(store: std::sync::Arc<text::TextBuf>, starts: Vec<(u32, u32)>) -> ProseIndex {
        ProseIndex { store, starts }
    }

    pub fn text(&self) -> &str {
        self.store.as_str()
    }

    /// The block holding byte `at` of the text.
    pub fn block_at(&self, at: usize) -> Option<u32> {
        let i = self.starts.partition_point(|(s, _)| *s as usize <= at);
        i.checked_sub(1)
            .map(|i| self.starts[i].1)
            .filter(|b| *b != Self::NOT_A_BLOCK)
    }

    /// Blocks whose text holds byte `a` or `b`, in order, each once, and
    /// whether a text that is not a block's (a front matter value, inline
    /// code) holds one. One scan of the page instead of one per block.
    pub fn blocks_with_bytes(&self, a: u8, b: u8) -> (Vec<u32>, bool) {
        let text = self.text().as_bytes();
        let mut out: Vec<u32> = Vec::new();
        let (mut at, mut from) = (0, 0);
        while let Some(off) = memchr::memchr2(a, b, &text[at..]) {
            let p = at + off;
            // Hits come in order: search only the texts after the last.
            let i = from + self.starts[from..].partition_point(|(s, _)| *s as usize <= p);
            from = i;
            match i.checked_sub(1).map(|i| self.starts[i].1) {
                Some(block) if block != Self::NOT_A_BLOCK => out.push(block),
                // Texts that are not blocks' come after all blocks' texts.
                _ => return (out, true),
            }
            // Continue from the next text.
            match self.starts.get(i) {
                Some((next, _)) => at = *next as usize,
                None => break,
            }
        }
        (out, false)
    }

    /// Blocks with a match of `re`, in order, each once. `re` should be
    /// multi-line (`(?m)`) when its `^`/`$` must see block boundaries.
    pub fn blocks_matching(&self, re: &regex::Regex) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let mut at = 0;
        while let Some(m) = re.find_at(self.text(), at) {
            if let Some(b) = self.block_at(m.start())
                && out.last() != Some(&b)
            {
                out.push(b);
            }
            // Continue from the next block.
            let i = self
                .starts
                .partition_point(|(s, _)| *s as usize <= m.start());
            match self.starts.get(i) {
                Some((next, _)) => at = *next as usize,
                None => break,
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading {
        level: u8,
    },
    /// Row 0 is the header row.
    TableCell {
        table: u32,
        row: u32,
        col: u32,
    },
    CodeBlock,
    /// An HTML block with more than comments in it.
    Html,
    /// A human-readable attribute value (`alt`, `title`, `caption`…) in an
    /// HTML block.
    HtmlAttribute,
    /// The text a reader sees on one line of an HTML block (`<td>Text</td>`),
    /// tags masked; none from comments, `script`, `style`, `pre` or `code`.
    HtmlText,
    /// An HTML block holding nothing but comments.
    CommentBlock,
    ThematicBreak,
}

/// The innermost block quote around a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    pub depth: u16,
    /// A GFM alert / admonition (`> [!NOTE]`).
    pub alert: bool,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    /// Prose of the block; empty for code, HTML and breaks.
    pub text: Text,
    /// Innermost list item holding the block.
    pub item: Option<u32>,
    pub quote: Option<Quote>,
}

impl Block {
    /// Whether the block shows the reader something (comments, thematic
    /// breaks and attribute values alone do not make a section non-empty).
    pub fn is_content(&self) -> bool {
        !matches!(
            self.kind,
            BlockKind::CommentBlock
                | BlockKind::ThematicBreak
                | BlockKind::HtmlAttribute
                | BlockKind::HtmlText
        )
    }

    pub fn is_prose(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Paragraph
                | BlockKind::Heading { .. }
                | BlockKind::TableCell { .. }
                | BlockKind::HtmlAttribute
                | BlockKind::HtmlText
        )
    }
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The whole heading, markers included, without the line ending.
    pub span: Span,
    /// Index of the heading's block (its text).
    pub block: u32,
    /// Explicit `{#id}`.
    pub id: Option<String>,
    /// Inside a list item, block quote or footnote.
    pub nested: bool,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Index into `headings`.
    pub heading: u32,
    /// From the end of the heading to the next heading of any level.
    pub body: Span,
    /// Where the section ends: the next heading of the same or a higher
    /// level, or the end of the file.
    pub end: u32,
    /// Blocks of `body`.
    pub blocks: std::ops::Range<u32>,
    /// The next heading is a sub-heading of this one.
    pub has_subsections: bool,
}

#[derive(Debug, Clone)]
pub struct ListItem {
    pub span: Span,
    /// Items with the same `list` are siblings.
    pub list: u32,
    pub parent: Option<u32>,
    pub ordered: bool,
    /// Blocks inside the item, nested ones included.
    pub blocks: std::ops::Range<u32>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    pub columns: u32,
    /// Header row included.
    pub rows: u32,
    /// Index of the first cell in `blocks`; cells follow row by row.
    pub first_cell: u32,
}

#[derive(Debug, Clone)]
pub struct Comment {
    /// `<!--` through `-->`.
    pub span: Span,
    /// What is between the markers.
    pub text: Text,
    /// Inside a paragraph, heading or cell rather than a block of its own.
    pub inline: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](dest)`
    Inline,
    /// `[text][label]`
    Reference,
    /// `[text][]`
    Collapsed,
    /// `[text]`
    Shortcut,
    /// `<https://…>`
    Autolink,
    /// `<me@example.com>`
    Email,
}

#[derive(Debug, Clone)]
pub struct Link {
    pub kind: LinkKind,
    pub image: bool,
    pub span: Span,
    /// The link text or image alt text (empty span when there is none).
    pub text: Span,
    pub dest: String,
    /// Reference label for reference links.
    pub label: Option<String>,
    /// Index of the block holding the link.
    pub block: u32,
}

/// A reference to a label nothing defines; see [`Document::unresolved`].
#[derive(Debug, Clone)]
pub struct UnresolvedReference {
    /// `Reference`, `Collapsed` or `Shortcut`.
    pub kind: LinkKind,
    /// The brackets, both pairs for full and collapsed references.
    pub span: Span,
    /// The label as written.
    pub label: String,
}

/// An inline code span.
#[derive(Debug, Clone)]
pub struct InlineCode {
    /// Backticks included.
    pub span: Span,
    /// The code, mapped to the source.
    pub text: Text,
    /// Index of the block holding it.
    pub block: u32,
}

#[derive(Debug, Clone)]
pub struct Definition {
    pub label: String,
    pub dest: String,
    pub span: Span,
}

impl Document {
    /// Parse `source` (the whole file, byte-order mark included).
    pub fn parse(source: String) -> Document {
        build::build(source)
    }

    /// The whole file as read.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.source[span.range()]
    }

    pub fn line_col(&self, offset: u32, unit: ColumnUnit) -> LineCol {
        self.lines().line_col(&self.source, offset, unit)
    }

    /// Where the lines of the source start.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
    }

    /// The source and its line index, taking the document apart.
    pub fn into_source_and_lines(self) -> (String, LineIndex) {
        let (source, lines) = self.into_source();
        let lines = lines.unwrap_or_else(|| LineIndex::new(&source));
        (source, lines)
    }

    /// Whether `span` lies inside emphasis or strong emphasis.
    pub fn emphasized(&self, span: Span) -> bool {
        let before = self.emphasis.partition_point(|e| e.start <= span.start);
        self.emphasis[..before].iter().any(|e| e.end >= span.end)
    }

    /// The source, and its line index if one was built.
    pub fn into_source(self) -> (String, Option<LineIndex>) {
        (self.source, self.lines.into_inner())
    }

    /// The section (by index) whose own body holds `offset`.
    pub fn section_at(&self, offset: u32) -> Option<usize> {
        let i = self
            .sections
            .partition_point(|s| self.headings[s.heading as usize].span.start <= offset);
        i.checked_sub(1)
    }

    /// The text of heading `h`.
    pub fn heading_text(&self, h: &Heading) -> &str {
        self.blocks[h.block as usize].text.as_str()
    }

    /// The links (and images) of block `b`. Links are in block order.
    pub fn links_in(&self, b: usize) -> &[Link] {
        let lo = self.links.partition_point(|l| (l.block as usize) < b);
        let hi = lo + self.links[lo..].partition_point(|l| l.block as usize == b);
        &self.links[lo..hi]
    }

    /// The cells of table `t` as (row, column, block), header row first.
    pub fn cells(&self, t: u32) -> impl Iterator<Item = (u32, u32, &Block)> {
        let first = self.tables[t as usize].first_cell as usize;
        // A table's cells are consecutive blocks (nothing else opens a block
        // inside a table), so the first other block ends them; looking on
        // to the end of the page made each table cost the rest of it.
        self.blocks[first..]
            .iter()
            .map_while(move |b| match b.kind {
                BlockKind::TableCell { table, row, col } if table == t => Some((row, col, b)),
                _ => None,
            })
    }

    /// Sibling list items of `item`, in order, the item included.
    pub fn siblings(&self, item: u32) -> impl Iterator<Item = (u32, &ListItem)> {
        let list = self.items[item as usize].list;
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, it)| it.list == list)
            .map(|(i, it)| (i as u32, it))
    }
}

#[cfg(test)]
mod tests;
