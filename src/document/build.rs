//! One walk over pulldown-cmark's events, building the Document.
//!
//! Blocks are pushed when they open, so they stay in source order and a list
//! item or table can name its blocks by index range; their text and span are
//! filled in when they close.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::markup::markup_ranges;
use std::sync::Arc;

use super::text::{Mark, Text, TextBuf};
use super::*;

/// The pulldown-cmark options every Document is parsed with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// HTML attributes whose values readers see or hear.
const READABLE_ATTRS: &[&str] = &["alt", "title", "caption", "aria-label", "label", "summary"];

struct OpenLink {
    kind: LinkKind,
    image: bool,
    start: usize,
    end: usize,
    dest: String,
    label: Option<String>,
    text_start: Option<usize>,
    text_end: usize,
}

#[derive(Default)]
struct Builder<'a> {
    src: &'a str,
    blocks: Vec<Block>,
    headings: Vec<Heading>,
    items: Vec<ListItem>,
    tables: Vec<Table>,
    comments: Vec<Comment>,
    links: Vec<Link>,
    code: Vec<InlineCode>,
    emphasis: Vec<Span>,
    /// Open inline HTML emphasis (`<em>`, `<b>`…): tag name and start.
    open_emphasis: Vec<(&'static str, usize)>,
    /// Open leaf: block index, first and last inline byte, whether the
    /// parser gave it no tag of its own (tight list items).
    leaf: Option<Leaf>,
    /// The texts of all blocks, in order.
    store: TextBuf,
    /// Each block's text in `store`, set when the block closes.
    texts: Vec<(usize, Mark, Mark)>,
    /// The texts of inline code and comments, which arrive while a block's
    /// text is being built, and where each one is.
    side: TextBuf,
    side_texts: Vec<(Side, Mark, Mark)>,
    lists: Vec<(u32, bool)>,
    next_list: u32,
    item_stack: Vec<u32>,
    quotes: Vec<bool>,
    footnotes: u32,
    table_pos: Option<(u32, u32, u32)>,
    link_stack: Vec<OpenLink>,
    html_block: Option<usize>,
    /// Inside an HTML element whose content is not prose (`script`,
    /// `style`, `pre`, `code`): its closing tag.
    html_raw: Option<&'static str>,
    in_code: bool,
    comment_end: usize,
}

enum Side {
    Code(usize),
    Comment(usize),
}

struct Leaf {
    block: usize,
    start: usize,
    end: usize,
    implicit: bool,
    /// Where the leaf's text begins in the store.
    mark: Mark,
}

pub fn build(source: String) -> Document {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let (front_matter, offset) = match front_matter::detect(&source, bom) {
        Some((span, body, format)) => (
            Some(front_matter::parse(&source, span, body, format)),
            span.end as usize,
        ),
        None => (front_matter::unclosed(&source, bom), bom),
    };

    // Capacities from what cpp-docs and Experience League pages hold per
    // kilobyte, to spare most reallocations.
    let kb = source.len() / 1024 + 1;
    let mut b = Builder {
        src: &source,
        comment_end: offset,
        blocks: Vec::with_capacity(kb * 6),
        links: Vec::with_capacity(kb * 2),
        store: TextBuf::with_capacity(source.len(), kb * 12),
        texts: Vec::with_capacity(kb * 6),
        code: Vec::with_capacity(kb * 4),
        side_texts: Vec::with_capacity(kb * 4),
        ..Builder::default()
    };
    let body = &source[offset..];
    // References with no definition: the parser leaves them as text and
    // tells the callback, which notes them.
    let unresolved = std::cell::RefCell::new(Vec::new());
    let note = |l: pulldown_cmark::BrokenLink<'_>| {
        let kind = match l.link_type {
            LinkType::Collapsed | LinkType::CollapsedUnknown => LinkKind::Collapsed,
            LinkType::Shortcut | LinkType::ShortcutUnknown => LinkKind::Shortcut,
            _ => LinkKind::Reference,
        };
        // The parser's span of a collapsed reference stops before `[]`.
        let mut end = l.span.end;
        if kind == LinkKind::Collapsed && body[end..].starts_with("[]") {
            end += 2;
        }
        unresolved.borrow_mut().push(UnresolvedReference {
            kind,
            span: Span::new(l.span.start + offset, end + offset),
            label: l.reference.to_string(),
        });
        None
    };
    let mut parser =
        Parser::new_with_broken_link_callback(body, options(), Some(note)).into_offset_iter();
    for (event, range) in parser.by_ref() {
        let r = range.start + offset..range.end + offset;
        b.event(event, r);
    }
    b.close_leaf();
    let mut definitions: Vec<Definition> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| Definition {
            label: label.to_string(),
            dest: def.dest.to_string(),
            span: trim_end(&source, def.span.start + offset, def.span.end + offset),
        })
        .collect();
    definitions.sort_by_key(|d| d.span);
    drop(parser);
    let mut unresolved = unresolved.into_inner();
    unresolved.sort_by_key(|u| u.span);
    unresolved.dedup_by_key(|u| u.span);

    let sections = sections(&source, &b.headings, &b.blocks);
    let prose = b.prose_index(front_matter.as_ref());
    let Builder {
        blocks,
        headings,
        items,
        tables,
        comments,
        links,
        code,
        mut emphasis,
        ..
    } = b;
    // Inline HTML emphasis is recorded at its end.
    emphasis.sort_unstable_by_key(|e| e.start);
    Document {
        lines: std::sync::OnceLock::new(),
        front_matter,
        blocks,
        headings,
        sections,
        items,
        tables,
        comments,
        links,
        code,
        emphasis,
        definitions,
        unresolved,
        prose,
        source,
    }
}

fn trim_end(src: &str, start: usize, end: usize) -> Span {
    let t = src[start..end].trim_end();
    Span::new(start, start + t.len())
}

impl<'a> Builder<'a> {
    /// Hand each block its text in the shared store, and index the store
    /// (with front matter values and inline code appended) for one-pass
    /// searches.
    fn prose_index(&mut self, front_matter: Option<&FrontMatter>) -> ProseIndex {
        let side = Arc::new(std::mem::take(&mut self.side));
        for (owner, start, end) in self.side_texts.drain(..) {
            let text = Text::view(&side, start, end);
            match owner {
                Side::Code(i) => self.code[i].text = text,
                Side::Comment(i) => self.comments[i].text = text,
            }
        }
        let values = front_matter.map_or(0, |f| f.values.len());
        let mut starts: Vec<(u32, u32)> =
            Vec::with_capacity(self.texts.len() + values + self.code.len());
        starts.extend(
            self.texts
                .iter()
                .map(|(block, mark, _)| (mark.0 as u32, *block as u32)),
        );
        let values = front_matter
            .into_iter()
            .flat_map(|f| f.values.iter().map(|v| &v.text));
        for t in values.chain(self.code.iter().map(|c| &c.text)) {
            starts.push((self.store.mark().0 as u32, ProseIndex::NOT_A_BLOCK));
            self.store.push_unmapped(t.as_str());
            self.store.push_unmapped("\n");
        }
        let store = Arc::new(std::mem::take(&mut self.store));
        for (block, start, end) in self.texts.drain(..) {
            self.blocks[block].text = Text::view(&store, start, end);
        }
        ProseIndex::new(store, starts)
    }

    fn event(&mut self, event: Event<'_>, r: std::ops::Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, r),
            Event::End(tag) => self.end(tag, r),
            Event::Text(t) => {
                if self.in_code {
                    return;
                }
                self.inline(&r);
                if self.leaf.is_some() {
                    self.store.push_event(&t, self.src, r.clone());
                }
            }
            Event::Code(code) => {
                self.inline(&r);
                let start = self.side.begin();
                // The code usually starts right after the opening backticks
                // (and one space); look there before searching.
                let raw = &self.src[r.clone()];
                let ticks = raw.bytes().take_while(|c| *c == b'`').count();
                let guess = [ticks, ticks + 1]
                    .into_iter()
                    .find(|&i| raw.get(i..).is_some_and(|s| s.starts_with(&*code)));
                match guess
                    .or_else(|| raw.find(&*code))
                    .filter(|_| !code.is_empty())
                {
                    Some(i) => self.side.push_verbatim(&code, r.start + i),
                    None => self.side.push_mapped(&code, r.clone()),
                }
                let block = self.leaf.as_ref().map_or(0, |l| l.block) as u32;
                self.side_texts
                    .push((Side::Code(self.code.len()), start, self.side.mark()));
                self.code.push(InlineCode {
                    span: Span::new(r.start, r.end),
                    text: Text::default(),
                    block,
                });
                if let Some(leaf) = &self.leaf {
                    self.store.push_opaque(r.clone(), leaf.mark.0);
                }
            }
            Event::FootnoteReference(_) | Event::InlineMath(_) => {
                self.inline(&r);
                if let Some(leaf) = &self.leaf {
                    self.store.push_opaque(r.clone(), leaf.mark.0);
                }
            }
            Event::DisplayMath(_) => {}
            Event::InlineHtml(html) => {
                self.inline_emphasis(&html, &r);
                self.inline(&r);
                self.scan_comments(r.clone(), true);
                if let Some(leaf) = &self.leaf {
                    self.store.push_opaque(r.clone(), leaf.mark.0);
                }
            }
            Event::Html(_) => {
                // A comment carried over from an earlier line hides the
                // start of this one; comments on this line are skipped
                // where they stand.
                let carried = self.comment_end;
                self.scan_comments(r.clone(), false);
                self.html_attributes(r.clone());
                self.html_text(r, carried);
            }
            // A soft break renders as a space; a hard break ends a line.
            Event::SoftBreak => {
                self.inline(&r);
                if self.leaf.is_some() {
                    self.store.push_event(" ", self.src, r.clone());
                }
            }
            Event::HardBreak => {
                self.inline(&r);
                if self.leaf.is_some() {
                    self.store.push_event("\n", self.src, r.clone());
                }
            }
            Event::Rule => {
                self.close_implicit();
                self.push_block(BlockKind::ThematicBreak, trim_end(self.src, r.start, r.end));
            }
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, r: std::ops::Range<usize>) {
        let inline_tag = matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        );
        if inline_tag {
            self.inline(&r);
        } else {
            self.close_implicit();
        }
        match tag {
            Tag::Paragraph => self.open_leaf(BlockKind::Paragraph, r.start, false),
            Tag::Heading { level, id, .. } => {
                let level = level as u8;
                let block = self.blocks.len() as u32;
                self.open_leaf(BlockKind::Heading { level }, r.start, false);
                self.headings.push(Heading {
                    level,
                    span: trim_end(self.src, r.start, r.end),
                    block,
                    id: id.map(|s| s.to_string()),
                    nested: !self.item_stack.is_empty()
                        || !self.quotes.is_empty()
                        || self.footnotes > 0,
                });
            }
            Tag::BlockQuote(kind) => self.quotes.push(kind.is_some()),
            Tag::CodeBlock(_) => {
                self.in_code = true;
                self.push_block(BlockKind::CodeBlock, trim_end(self.src, r.start, r.end));
            }
            Tag::HtmlBlock => {
                self.html_block = Some(self.blocks.len());
                self.push_block(BlockKind::Html, trim_end(self.src, r.start, r.end));
            }
            Tag::List(first) => {
                self.lists.push((self.next_list, first.is_some()));
                self.next_list += 1;
            }
            Tag::Item => {
                let (list, ordered) = self.lists.last().copied().unwrap_or((0, false));
                let at = self.blocks.len() as u32;
                self.items.push(ListItem {
                    span: trim_end(self.src, r.start, r.end),
                    list,
                    parent: self.item_stack.last().copied(),
                    ordered,
                    blocks: at..at,
                });
                self.item_stack.push(self.items.len() as u32 - 1);
            }
            Tag::FootnoteDefinition(_) => self.footnotes += 1,
            Tag::Table(aligns) => {
                self.tables.push(Table {
                    span: trim_end(self.src, r.start, r.end),
                    columns: aligns.len() as u32,
                    rows: 0,
                    first_cell: self.blocks.len() as u32,
                });
                self.table_pos = Some((self.tables.len() as u32 - 1, 0, 0));
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.tables.last_mut() {
                    t.rows += 1;
                }
                if let Some((_, row, col)) = &mut self.table_pos {
                    *row = self.tables.last().map_or(0, |t| t.rows - 1);
                    *col = 0;
                }
            }
            Tag::TableCell => {
                let (table, row, col) = self.table_pos.unwrap_or((0, 0, 0));
                self.open_leaf(BlockKind::TableCell { table, row, col }, r.start, false);
                if let Some(leaf) = &mut self.leaf {
                    leaf.end = r.end;
                }
            }
            Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            } => self.open_link(false, link_type, &dest_url, &id, r),
            Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            } => self.open_link(true, link_type, &dest_url, &id, r),
            Tag::Emphasis | Tag::Strong => self.emphasis.push(Span::new(r.start, r.end)),
            Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn open_link(
        &mut self,
        image: bool,
        link_type: LinkType,
        dest: &str,
        id: &str,
        r: std::ops::Range<usize>,
    ) {
        let kind = match link_type {
            LinkType::Inline | LinkType::WikiLink { .. } => LinkKind::Inline,
            LinkType::Reference | LinkType::ReferenceUnknown => LinkKind::Reference,
            LinkType::Collapsed | LinkType::CollapsedUnknown => LinkKind::Collapsed,
            LinkType::Shortcut | LinkType::ShortcutUnknown => LinkKind::Shortcut,
            LinkType::Autolink => LinkKind::Autolink,
            LinkType::Email => LinkKind::Email,
        };
        let label = matches!(
            kind,
            LinkKind::Reference | LinkKind::Collapsed | LinkKind::Shortcut
        )
        .then(|| id.to_string());
        self.link_stack.push(OpenLink {
            kind,
            image,
            start: r.start,
            end: r.end,
            dest: dest.to_string(),
            label,
            text_start: None,
            text_end: r.start,
        });
    }

    fn end(&mut self, tag: TagEnd, r: std::ops::Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some(leaf) = &mut self.leaf {
                    leaf.start = leaf.start.min(r.start);
                    leaf.end = leaf.end.max(r.end);
                }
                self.close_leaf();
            }
            TagEnd::TableCell => {
                self.close_leaf();
                if let Some((_, _, col)) = &mut self.table_pos {
                    *col += 1;
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_implicit();
                self.quotes.pop();
            }
            TagEnd::CodeBlock => self.in_code = false,
            TagEnd::HtmlBlock => {
                self.html_raw = None;
                if let Some(i) = self.html_block.take() {
                    let span = self.blocks[i].span;
                    let only_comments = self.only_comments(span);
                    if only_comments {
                        self.blocks[i].kind = BlockKind::CommentBlock;
                    }
                }
            }
            TagEnd::List(_) => {
                self.close_implicit();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.close_implicit();
                if let Some(i) = self.item_stack.pop() {
                    self.items[i as usize].blocks.end = self.blocks.len() as u32;
                }
            }
            TagEnd::FootnoteDefinition => {
                self.close_implicit();
                self.footnotes = self.footnotes.saturating_sub(1);
            }
            TagEnd::Table => self.table_pos = None,
            TagEnd::Link | TagEnd::Image => {
                if let Some(l) = self.link_stack.pop() {
                    let text = match l.text_start {
                        Some(s) => Span::new(s, l.text_end.max(s)),
                        None => {
                            let at = (l.start + 1 + usize::from(l.image)).min(l.end);
                            Span::new(at, at)
                        }
                    };
                    if let Some(outer) = self.link_stack.last_mut() {
                        outer.text_start.get_or_insert(l.start);
                        outer.text_end = outer.text_end.max(l.end);
                    }
                    let block = self
                        .leaf
                        .as_ref()
                        .map_or(self.blocks.len().saturating_sub(1), |f| f.block)
                        as u32;
                    self.links.push(Link {
                        kind: l.kind,
                        image: l.image,
                        span: Span::new(l.start, l.end),
                        text,
                        dest: l.dest,
                        label: l.label,
                        block,
                    });
                }
            }
            _ => {}
        }
    }

    /// An inline event: make sure a leaf is open (tight list items have no
    /// paragraph tag) and track the text extent of open links.
    fn inline(&mut self, r: &std::ops::Range<usize>) {
        if self.leaf.is_none() {
            self.open_leaf(BlockKind::Paragraph, r.start, true);
        }
        if let Some(leaf) = &mut self.leaf {
            leaf.start = leaf.start.min(r.start);
            leaf.end = leaf.end.max(r.end);
        }
        if let Some(l) = self.link_stack.last_mut()
            && r.start >= l.start
            && r.end <= l.end
            && r.start != l.start
        {
            l.text_start.get_or_insert(r.start);
            l.text_end = l.text_end.max(r.end);
        }
    }

    fn push_block(&mut self, kind: BlockKind, span: Span) -> usize {
        self.blocks.push(Block {
            kind,
            span,
            text: Text::default(),
            item: self.item_stack.last().copied(),
            quote: self.quote(),
        });
        self.blocks.len() - 1
    }

    fn quote(&self) -> Option<Quote> {
        let depth = self.quotes.len();
        (depth > 0).then(|| Quote {
            depth: depth.min(u16::MAX as usize) as u16,
            alert: self.quotes.iter().any(|a| *a),
        })
    }

    fn open_leaf(&mut self, kind: BlockKind, start: usize, implicit: bool) {
        self.close_leaf();
        let block = self.push_block(kind, Span::new(start, start));
        self.leaf = Some(Leaf {
            block,
            start,
            end: start,
            implicit,
            mark: self.store.begin(),
        });
    }

    fn close_implicit(&mut self) {
        if self.leaf.as_ref().is_some_and(|l| l.implicit) {
            self.close_leaf();
        }
    }

    fn close_leaf(&mut self) {
        let Some(leaf) = self.leaf.take() else {
            return;
        };
        self.finish_text(leaf.block, leaf.mark);
        let block = &mut self.blocks[leaf.block];
        block.span = trim_end(self.src, leaf.start, leaf.end.max(leaf.start));
    }

    /// Mask markup in the text begun at `mark`, record it for `block`, and
    /// separate it from the next text.
    fn finish_text(&mut self, block: usize, mark: Mark) {
        let ranges = markup_ranges(&self.store.as_str()[mark.0..]);
        self.store.mask_from(mark, &ranges);
        let end = self.store.mark();
        if end.0 > mark.0 {
            self.texts.push((block, mark, end));
            self.store.push_unmapped("\n");
        }
    }

    /// Record every `<!-- … -->` that starts inside `r`; a comment may run
    /// past `r` (block HTML arrives a line at a time).
    fn scan_comments(&mut self, r: std::ops::Range<usize>, inline: bool) {
        let from = r.start.max(self.comment_end);
        if from >= r.end {
            return;
        }
        let bytes = self.src.as_bytes();
        let mut at = from;
        while at < r.end {
            let Some(off) = memchr::memmem::find(&bytes[at..r.end], b"<!--") else {
                break;
            };
            let start = at + off;
            let inner_start = start + 4;
            // `<!-->` and `<!--->` are complete (empty) comments.
            let (inner_end, end) = if bytes[inner_start..].starts_with(b">") {
                (inner_start, inner_start + 1)
            } else if bytes[inner_start..].starts_with(b"->") {
                (inner_start, inner_start + 2)
            } else {
                match memchr::memmem::find(&bytes[inner_start..], b"-->") {
                    Some(e) => (inner_start + e, inner_start + e + 3),
                    None => (bytes.len(), bytes.len()),
                }
            };
            let mark = self.side.begin();
            self.side
                .push_verbatim(&self.src[inner_start..inner_end], inner_start);
            self.side_texts
                .push((Side::Comment(self.comments.len()), mark, self.side.mark()));
            self.comments.push(Comment {
                span: Span::new(start, end),
                text: Text::default(),
                inline,
            });
            at = end;
            self.comment_end = end;
        }
    }

    /// Whether an HTML block holds nothing but comments and white space.
    fn only_comments(&self, span: Span) -> bool {
        let mut at = span.start;
        let inside: Vec<Span> = self
            .comments
            .iter()
            .rev()
            .take_while(|c| c.span.end > span.start)
            .filter(|c| c.span.start >= span.start)
            .map(|c| c.span)
            .collect();
        for c in inside.iter().rev() {
            if !self.src[at as usize..c.start as usize].trim().is_empty() {
                return false;
            }
            at = c.end.max(at);
        }
        at >= span.end || self.src[at as usize..span.end as usize].trim().is_empty()
    }

    /// Readable attribute values (`alt="…"`, `caption="…"`) in block HTML
    /// outside comments.
    fn html_attributes(&mut self, r: std::ops::Range<usize>) {
        let s = &self.src[r.clone()];
        if !s.contains('=') {
            return;
        }
        let bytes = s.as_bytes();
        for name in READABLE_ATTRS {
            let mut from = 0;
            while let Some(off) = find_ascii_ci(&s[from..], name) {
                let at = from + off;
                from = at + name.len();
                let before = at.checked_sub(1).map(|i| bytes[i]);
                if !matches!(before, Some(b' ' | b'\t' | b'\n')) {
                    continue;
                }
                let rest = &s[from..];
                let Some(rest) = rest.strip_prefix('=') else {
                    continue;
                };
                let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                    continue;
                };
                let Some(len) = rest[1..].find(q) else {
                    continue;
                };
                let start = r.start + from + 2;
                if start < self.comment_end {
                    continue;
                }
                let span = Span::new(start, start + len);
                let i = self.push_block(BlockKind::HtmlAttribute, span);
                let mark = self.store.begin();
                self.store
                    .push_verbatim(&self.src[span.range()], span.start as usize);
                self.finish_text(i, mark);
            }
        }
    }
}

/// Inline HTML elements that emphasize their text, like `*…*`.
const EMPHASIS_ELEMENTS: &[&str] = &["em", "i", "b", "strong", "var", "kbd", "cite", "dfn"];

impl Builder<'_> {
    /// Record `<em>…</em>` and its kin as emphasis.
    fn inline_emphasis(&mut self, html: &str, r: &std::ops::Range<usize>) {
        let t = html.trim();
        let (closing, name) = match t.strip_prefix("</") {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('<').unwrap_or("")),
        };
        let name = name
            .trim_end_matches('>')
            .split([' ', '\t', '/'])
            .next()
            .unwrap_or("");
        let Some(&known) = EMPHASIS_ELEMENTS
            .iter()
            .find(|e| e.eq_ignore_ascii_case(name))
        else {
            return;
        };
        if !closing {
            if !t.ends_with("/>") {
                self.open_emphasis.push((known, r.start));
            }
        } else if let Some(i) = self.open_emphasis.iter().rposition(|(n, _)| *n == known) {
            let (_, start) = self.open_emphasis.remove(i);
            self.emphasis.push(Span::new(start, r.end));
        }
    }
}

/// Elements whose content a reader does not read as prose.
const RAW_ELEMENTS: &[(&str, &str)] = &[
    ("<script", "</script"),
    ("<style", "</style"),
    ("<pre", "</pre"),
    ("<code", "</code"),
];

impl Builder<'_> {
    /// The visible text of one line of block HTML: the runs between tags,
    /// outside comments and raw elements, as one block with the tags
    /// masked.
    fn html_text(&mut self, r: std::ops::Range<usize>, carried: usize) {
        let src = self.src;
        let line = &src[r.clone()];
        if !line.contains('<') && self.html_raw.is_none() && line.trim().is_empty() {
            return;
        }
        let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
        let mut at = r.start.max(carried.min(r.end));
        while at < r.end {
            if let Some(close) = self.html_raw {
                match find_ascii_ci(&src[at..r.end], close) {
                    Some(i) => {
                        self.html_raw = None;
                        at += i;
                    }
                    None => return self.push_html_text(runs),
                }
                continue;
            }
            let rest = &src[at..r.end];
            let Some(lt) = rest.find('<') else {
                runs.push(at..r.end);
                break;
            };
            if lt > 0 {
                runs.push(at..at + lt);
            }
            let tag_start = at + lt;
            if src[tag_start..].starts_with("<!--") {
                // Comments were recorded already; skip to their end.
                let end = src[tag_start..]
                    .find("-->")
                    .map_or(src.len(), |i| tag_start + i + 3);
                at = end.min(r.end);
                continue;
            }
            let tag_end = src[tag_start..r.end]
                .find('>')
                .map_or(r.end, |i| tag_start + i + 1);
            let tag = &src[tag_start..tag_end];
            for (open, close) in RAW_ELEMENTS {
                let named = tag.len() > open.len()
                    && tag[..open.len()].eq_ignore_ascii_case(open)
                    && matches!(
                        tag.as_bytes()[open.len()],
                        b'>' | b' ' | b'\t' | b'\n' | b'/'
                    );
                if named && !tag.ends_with("/>") {
                    self.html_raw = Some(close);
                }
            }
            at = tag_end;
        }
        self.push_html_text(runs);
    }

    fn push_html_text(&mut self, runs: Vec<std::ops::Range<usize>>) {
        let runs: Vec<_> = runs
            .into_iter()
            .filter(|r| !self.src[r.clone()].trim().is_empty())
            .collect();
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            return;
        };
        let span = Span::new(first.start, last.end);
        let i = self.push_block(BlockKind::HtmlText, span);
        let mark = self.store.begin();
        let mut prev: Option<usize> = None;
        for run in &runs {
            if let Some(p) = prev {
                self.store.push_opaque(p..run.start, mark.0);
            }
            self.store.push_verbatim(&self.src[run.clone()], run.start);
            prev = Some(run.end);
        }
        self.finish_text(i, mark);
    }
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    hay.as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn sections(src: &str, headings: &[Heading], blocks: &[Block]) -> Vec<Section> {
    let top: Vec<u32> = (0..headings.len() as u32)
        .filter(|&i| !headings[i as usize].nested)
        .collect();
    let mut out = Vec::with_capacity(top.len());
    for (n, &h) in top.iter().enumerate() {
        let head = &headings[h as usize];
        let next = top.get(n + 1).map(|&i| &headings[i as usize]);
        let body_end = next.map_or(src.len() as u32, |x| x.span.start);
        let end = top[n + 1..]
            .iter()
            .map(|&i| &headings[i as usize])
            .find(|x| x.level <= head.level)
            .map_or(src.len() as u32, |x| x.span.start);
        let first = head.block + 1;
        let last = first
            + blocks[first as usize..]
                .iter()
                .take_while(|b| b.span.start < body_end)
                .count() as u32;
        out.push(Section {
            heading: h,
            body: Span {
                start: head.span.end.min(body_end),
                end: body_end,
            },
            end,
            blocks: first..last,
            has_subsections: next.is_some_and(|x| x.level > head.level),
        });
    }
    out
}
