//! Units of prose with their scope, so a rule (a YAML rule in particular)
//! can say "headings, table cells and front matter values" and never see
//! code, URLs or HTML.

use std::ops::Range;

use super::{Block, BlockKind, Document, Text};

/// A set of places prose can stand in, as bit flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scope(u16);

impl Scope {
    pub const PARAGRAPH: Scope = Scope(1);
    pub const HEADING: Scope = Scope(1 << 1);
    pub const LIST_ITEM: Scope = Scope(1 << 2);
    pub const TABLE_CELL: Scope = Scope(1 << 3);
    pub const BLOCKQUOTE: Scope = Scope(1 << 4);
    pub const FRONT_MATTER: Scope = Scope(1 << 5);
    pub const COMMENT: Scope = Scope(1 << 6);
    pub const LINK_TEXT: Scope = Scope(1 << 7);
    pub const ALT_TEXT: Scope = Scope(1 << 8);
    pub const HTML_ATTRIBUTE: Scope = Scope(1 << 9);
    pub const INLINE_CODE: Scope = Scope(1 << 10);
    pub const HTML_TEXT: Scope = Scope(1 << 11);

    /// Everything a reader reads: blocks of prose and front matter values.
    pub const PROSE: Scope = Scope(
        Self::PARAGRAPH.0
            | Self::HEADING.0
            | Self::LIST_ITEM.0
            | Self::TABLE_CELL.0
            | Self::BLOCKQUOTE.0
            | Self::FRONT_MATTER.0
            | Self::HTML_ATTRIBUTE.0
            | Self::HTML_TEXT.0,
    );

    pub const NAMES: &[(&str, Scope)] = &[
        ("paragraph", Scope::PARAGRAPH),
        ("heading", Scope::HEADING),
        ("list-item", Scope::LIST_ITEM),
        ("table-cell", Scope::TABLE_CELL),
        ("blockquote", Scope::BLOCKQUOTE),
        ("front-matter", Scope::FRONT_MATTER),
        ("comment", Scope::COMMENT),
        ("link-text", Scope::LINK_TEXT),
        ("alt-text", Scope::ALT_TEXT),
        ("html-attribute", Scope::HTML_ATTRIBUTE),
        ("html-text", Scope::HTML_TEXT),
        ("inline-code", Scope::INLINE_CODE),
    ];

    pub fn parse(name: &str) -> Option<Scope> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| *s)
    }

    pub fn union(self, other: Scope) -> Scope {
        Scope(self.0 | other.0)
    }

    pub fn intersects(self, other: Scope) -> bool {
        self.0 & other.0 != 0
    }

    pub fn of_block(b: &Block) -> Scope {
        let mut s = match b.kind {
            BlockKind::Paragraph => Scope::PARAGRAPH,
            BlockKind::Heading { .. } => Scope::HEADING,
            BlockKind::TableCell { .. } => Scope::TABLE_CELL,
            BlockKind::HtmlAttribute => Scope::HTML_ATTRIBUTE,
            BlockKind::HtmlText => Scope::HTML_TEXT,
            _ => return Scope::default(),
        };
        if b.item.is_some() {
            s = s.union(Scope::LIST_ITEM);
        }
        if b.quote.is_some() {
            s = s.union(Scope::BLOCKQUOTE);
        }
        s
    }
}

/// A stretch of prose: `text.as_str()[range]`, in a block when it has one.
pub struct Unit<'a> {
    pub scope: Scope,
    pub text: &'a Text,
    pub range: Range<usize>,
    pub block: Option<&'a Block>,
    /// The block's index when the unit is a whole block.
    pub whole_block: Option<u32>,
}

impl<'a> Unit<'a> {
    pub fn as_str(&self) -> &'a str {
        &self.text.as_str()[self.range.clone()]
    }
}

impl Document {
    /// Every unit of prose whose scope meets `want`, in this order: blocks,
    /// link and alt texts, inline code, comments, front matter values.
    pub fn units(&self, want: Scope) -> impl Iterator<Item = Unit<'_>> {
        let blocks = self.blocks.iter().enumerate().filter_map(move |(i, b)| {
            let scope = Scope::of_block(b);
            (scope.intersects(want) && !b.text.is_empty()).then(|| Unit {
                scope,
                text: &b.text,
                range: 0..b.text.as_str().len(),
                block: Some(b),
                whole_block: Some(i as u32),
            })
        });
        let links = self
            .links
            .iter()
            .filter(move |l| {
                want.intersects(if l.image {
                    Scope::ALT_TEXT
                } else {
                    Scope::LINK_TEXT
                })
            })
            .map(move |l| {
                let b = &self.blocks[l.block as usize];
                Unit {
                    scope: if l.image {
                        Scope::ALT_TEXT
                    } else {
                        Scope::LINK_TEXT
                    },
                    text: &b.text,
                    range: b.text.range_of(l.text),
                    block: Some(b),
                    whole_block: None,
                }
            });
        let code = self
            .code
            .iter()
            .filter(move |_| want.intersects(Scope::INLINE_CODE))
            .map(move |c| Unit {
                scope: Scope::INLINE_CODE,
                text: &c.text,
                range: 0..c.text.as_str().len(),
                block: self.blocks.get(c.block as usize),
                whole_block: None,
            });
        let comments = self
            .comments
            .iter()
            .filter(move |_| want.intersects(Scope::COMMENT))
            .map(|c| Unit {
                scope: Scope::COMMENT,
                text: &c.text,
                range: 0..c.text.as_str().len(),
                block: None,
                whole_block: None,
            });
        let fm = self
            .front_matter
            .iter()
            .flat_map(|f| f.values.iter())
            .filter(move |_| want.intersects(Scope::FRONT_MATTER))
            .map(|v| Unit {
                scope: Scope::FRONT_MATTER,
                text: &v.text,
                range: 0..v.text.as_str().len(),
                block: None,
                whole_block: None,
            });
        blocks.chain(links).chain(code).chain(comments).chain(fm)
    }
}
