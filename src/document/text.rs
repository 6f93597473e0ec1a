//! Prose as rules see it: the readable text of one block, with a map back to
//! exact source bytes. Entities are decoded, escapes dropped, inline code,
//! HTML, URLs and site markup (`[!DNL …]`, `{{site.data…}}`, `{#id}`,
//! `:::image…:::`) replaced by one opaque character, so a rule can match
//! across soft line breaks and inline formatting and still report the span
//! of the original bytes.
//!
//! The texts of a document's blocks share one store (one string and one
//! map for the whole page, each block a range of them): a page has hundreds
//! of blocks, and two allocations per block were a visible part of a run.

use std::ops::Range;
use std::sync::Arc;

use crate::span::Span;

/// Stands in for anything that is not prose (inline code, HTML, a URL, site
/// markup). It is not a word character, so word-boundary patterns treat it
/// as a separator, and it never matches a literal phrase.
pub const OPAQUE: char = '\u{FFFC}';

/// One stretch of text and the source bytes it came from. A verbatim
/// segment maps byte for byte; any other maps as a whole. `text` is an
/// offset into the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    text: u32,
    src: u32,
    src_end: u32,
    verbatim: bool,
}

/// A position in a [`TextBuf`]: (text offset, segment index).
pub type Mark = (usize, usize);

/// Text and its map to the source, being built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextBuf {
    text: String,
    segs: Vec<Seg>,
    /// Segments before this one belong to finished texts: never merge.
    floor: usize,
}

/// Readable text of a block (or a value, a comment) plus its map to the
/// source: a range of a shared store.
#[derive(Debug, Clone)]
pub struct Text {
    /// `None` for the empty text: a shared empty store would be one
    /// reference count that every thread bumps for every new block.
    store: Option<Arc<TextBuf>>,
    text: Range<u32>,
    segs: Range<u32>,
}

impl Default for Text {
    fn default() -> Self {
        Text {
            store: None,
            text: 0..0,
            segs: 0..0,
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        // Segments compared relative to each text, so equal texts in
        // different stores (or at different places in one) are equal.
        self.as_str() == other.as_str()
            && self.seg_slice().len() == other.seg_slice().len()
            && (0..self.seg_slice().len()).all(|i| self.seg(i) == other.seg(i))
    }
}

impl Eq for Text {}

impl TextBuf {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn with_capacity(text: usize, segs: usize) -> TextBuf {
        TextBuf {
            text: String::with_capacity(text),
            segs: Vec::with_capacity(segs),
            floor: 0,
        }
    }

    /// Where the next text and segment will go.
    pub fn mark(&self) -> Mark {
        (self.text.len(), self.segs.len())
    }

    /// Start a new text here: what follows never merges with what came
    /// before. Returns its mark.
    pub fn begin(&mut self) -> Mark {
        self.floor = self.segs.len();
        self.mark()
    }

    /// Append text that is byte-identical to the source at `src_start`.
    pub fn push_verbatim(&mut self, s: &str, src_start: usize) {
        if s.is_empty() {
            return;
        }
        let text = self.text.len() as u32;
        let src = src_start as u32;
        let src_end = src + s.len() as u32;
        // Merge with a directly preceding verbatim segment of this text.
        let mergeable = self.segs.len() > self.floor;
        if let Some(last) = self.segs.last_mut().filter(|_| mergeable)
            && last.verbatim
            && last.src_end == src
            && last.text + (last.src_end - last.src) == text
        {
            last.src_end = src_end;
            self.text.push_str(s);
            return;
        }
        self.segs.push(Seg {
            text,
            src,
            src_end,
            verbatim: true,
        });
        self.text.push_str(s);
    }

    /// Append text that stands for the source bytes `src` as a whole
    /// (a decoded entity, a line ending, an opaque stand-in).
    pub fn push_mapped(&mut self, s: &str, src: Range<usize>) {
        if s.is_empty() {
            return;
        }
        self.segs.push(Seg {
            text: self.text.len() as u32,
            src: src.start as u32,
            src_end: src.end as u32,
            verbatim: false,
        });
        self.text.push_str(s);
    }

    /// Append text, verbatim when it equals the source slice, else mapped.
    pub fn push_event(&mut self, s: &str, src: &str, range: Range<usize>) {
        // Most event text is borrowed from the source: the same bytes at
        // the same address need no comparison.
        let same = src
            .get(range.clone())
            .is_some_and(|t| std::ptr::eq(t, s) || t == s);
        if same {
            self.push_verbatim(s, range.start);
        } else {
            self.push_mapped(s, range);
        }
    }

    pub fn push_opaque(&mut self, src: Range<usize>, from: usize) {
        if self.text.len() > from && self.text.ends_with(OPAQUE) {
            // Adjacent opaque pieces collapse into one.
            if let Some(last) = self.segs.last_mut()
                && !last.verbatim
            {
                last.src_end = src.end as u32;
                return;
            }
        }
        let mut buf = [0u8; 4];
        self.push_mapped(OPAQUE.encode_utf8(&mut buf), src);
    }

    /// Replace each range in `ranges` (sorted, disjoint, relative to the
    /// text begun at `mark`) by one opaque character mapped to the source
    /// those ranges came from. Only the text from `mark` to the end moves.
    pub fn mask_from(&mut self, mark: Mark, ranges: &[Range<usize>]) {
        if ranges.is_empty() {
            return;
        }
        let (t0, s0) = mark;
        self.floor = s0;
        let old = TextBuf {
            text: self.text.split_off(t0),
            segs: self
                .segs
                .split_off(s0)
                .into_iter()
                .map(|s| Seg {
                    text: s.text - t0 as u32,
                    ..s
                })
                .collect(),
            floor: 0,
        }
        .freeze();
        let mut at = 0;
        for r in ranges {
            old.copy_range(at..r.start, self, t0);
            let span = old.span(r.clone());
            self.push_opaque(span.range(), t0);
            at = r.end;
        }
        old.copy_range(at..old.as_str().len(), self, t0);
    }

    /// Text that belongs to no span (a separator between texts).
    pub fn push_unmapped(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// A text of its own, from the whole buffer.
    pub fn freeze(self) -> Text {
        let text = 0..self.text.len() as u32;
        let segs = 0..self.segs.len() as u32;
        Text {
            store: Some(Arc::new(self)),
            text,
            segs,
        }
    }
}

impl Text {
    /// A text that is exactly `src[span]`.
    pub fn verbatim(src: &str, span: Span) -> Text {
        let mut t = TextBuf::default();
        t.push_verbatim(&src[span.range()], span.start as usize);
        t.freeze()
    }

    /// The text built in `store` from `start` to `end` (marks).
    pub fn view(store: &Arc<TextBuf>, start: Mark, end: Mark) -> Text {
        Text {
            store: Some(store.clone()),
            text: start.0 as u32..end.0 as u32,
            segs: start.1 as u32..end.1 as u32,
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.store {
            Some(s) => &s.text[self.text.start as usize..self.text.end as usize],
            None => "",
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn seg_slice(&self) -> &[Seg] {
        match &self.store {
            Some(s) => &s.segs[self.segs.start as usize..self.segs.end as usize],
            None => &[],
        }
    }

    /// Segment `i` with its text offset made relative to this text.
    fn seg(&self, i: usize) -> Seg {
        let s = self.seg_slice()[i];
        Seg {
            text: s.text - self.text.start,
            ..s
        }
    }

    fn seg_text_end(&self, i: usize) -> usize {
        if i + 1 < self.seg_slice().len() {
            self.seg(i + 1).text as usize
        } else {
            self.text.len()
        }
    }

    fn seg_index(&self, at: usize) -> usize {
        let at = at as u32 + self.text.start;
        match self.seg_slice().binary_search_by(|s| s.text.cmp(&at)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Source offset of text offset `at` taken as a start position.
    pub fn src_start(&self, at: usize) -> u32 {
        if self.seg_slice().is_empty() {
            return 0;
        }
        let s = self.seg(self.seg_index(at));
        if s.verbatim {
            (s.src + (at as u32).saturating_sub(s.text)).min(s.src_end)
        } else if at as u32 <= s.text {
            s.src
        } else {
            s.src_end
        }
    }

    /// Source offset of text offset `at` taken as an end position.
    pub fn src_end(&self, at: usize) -> u32 {
        if self.seg_slice().is_empty() {
            return 0;
        }
        if at == 0 {
            return self.seg(0).src;
        }
        let s = self.seg(self.seg_index(at - 1));
        if s.verbatim {
            (s.src + (at as u32).saturating_sub(s.text)).min(s.src_end)
        } else {
            s.src_end
        }
    }

    /// Source span of a byte range of the text.
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = self.src_start(range.start);
        let end = self.src_end(range.end).max(start);
        Span { start, end }
    }

    /// The text range that came from source bytes inside `span` (the
    /// inverse of [`Text::span`], for a span a parser event gave).
    pub fn range_of(&self, span: Span) -> Range<usize> {
        let mut start = None;
        let mut end = 0;
        for i in 0..self.seg_slice().len() {
            let s = self.seg(i);
            let text_end = self.seg_text_end(i);
            if s.src_end <= span.start || s.src >= span.end {
                if s.src >= span.end {
                    break;
                }
                continue;
            }
            let (lo, hi) = if s.verbatim {
                let lo = s.text as usize + span.start.saturating_sub(s.src) as usize;
                let hi = text_end - s.src_end.saturating_sub(span.end) as usize;
                (lo, hi)
            } else {
                (s.text as usize, text_end)
            };
            start.get_or_insert(lo);
            end = hi;
        }
        match start {
            Some(s) => s..end.max(s),
            None => 0..0,
        }
    }

    /// The source span the whole text came from.
    pub fn source_span(&self) -> Span {
        match (self.seg_slice().first(), self.seg_slice().last()) {
            (Some(a), Some(b)) => Span {
                start: a.src,
                end: b.src_end,
            },
            _ => Span::default(),
        }
    }

    /// Append `self.as_str()[range]` to `out`, keeping its map; `from` is
    /// where the text being built in `out` begins.
    fn copy_range(&self, range: Range<usize>, out: &mut TextBuf, from: usize) {
        if range.is_empty() {
            return;
        }
        let text = self.as_str();
        let mut i = self.seg_index(range.start);
        while i < self.seg_slice().len() {
            let s = self.seg(i);
            let seg_end = self.seg_text_end(i);
            let lo = range.start.max(s.text as usize);
            let hi = range.end.min(seg_end);
            if lo >= range.end {
                break;
            }
            if lo < hi {
                let piece = &text[lo..hi];
                if s.verbatim {
                    out.push_verbatim(piece, (s.src as usize) + lo - s.text as usize);
                } else if piece == OPAQUE.encode_utf8(&mut [0u8; 4]) {
                    out.push_opaque(s.src as usize..s.src_end as usize, from);
                } else {
                    out.push_mapped(piece, s.src as usize..s.src_end as usize);
                }
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(f: impl FnOnce(&mut TextBuf)) -> Text {
        let mut b = TextBuf::default();
        f(&mut b);
        b.freeze()
    }

    #[test]
    fn verbatim_and_mapped_segments_map_back() {
        let src = "Foo &amp; bar";
        let t = built(|t| {
            t.push_event("Foo ", src, 0..4);
            t.push_event("&", src, 4..9);
            t.push_event(" bar", src, 9..13);
        });
        assert_eq!(t.as_str(), "Foo & bar");
        let bar = t.as_str().find("bar").unwrap();
        assert_eq!(&src[t.span(bar..bar + 3).range()], "bar");
        let amp = t.as_str().find('&').unwrap();
        assert_eq!(&src[t.span(amp..amp + 1).range()], "&amp;");
        assert_eq!(&src[t.span(0..t.as_str().len()).range()], src);
    }

    #[test]
    fn source_spans_map_back_to_text_ranges() {
        let src = "a &amp; [link *x*](u) b";
        let t = built(|t| {
            t.push_event("a ", src, 0..2);
            t.push_event("&", src, 2..7);
            t.push_event(" ", src, 7..8);
            t.push_event("link ", src, 9..14);
            t.push_event("x", src, 15..16);
            t.push_event(" b", src, 21..23);
        });
        assert_eq!(t.as_str(), "a & link x b");
        let r = t.range_of(Span::new(8, 21));
        assert_eq!(&t.as_str()[r], "link x");
        let r = t.range_of(Span::new(2, 7));
        assert_eq!(&t.as_str()[r], "&");
    }

    #[test]
    fn masking_keeps_the_map() {
        let src = "see https://x.y/z now";
        let mut b = TextBuf::default();
        b.push_verbatim(src, 0);
        b.mask_from((0, 0), std::slice::from_ref(&(4..17)));
        let t = b.freeze();
        assert_eq!(t.as_str(), "see \u{FFFC} now");
        let now = t.as_str().find("now").unwrap();
        assert_eq!(t.span(now..now + 3), Span::new(18, 21));
        let o = t.as_str().find(OPAQUE).unwrap();
        assert_eq!(t.span(o..o + 3), Span::new(4, 17));
    }

    #[test]
    fn texts_in_a_shared_store_keep_their_own_offsets() {
        let src = "one TBD\ntwo https://a.b TBD";
        let mut b = TextBuf::default();
        let m0 = b.begin();
        b.push_verbatim("one TBD", 0);
        let m1 = b.mark();
        b.push_verbatim("\n", 7);
        let m2 = b.begin();
        b.push_verbatim("two https://a.b TBD", 8);
        b.mask_from(m2, std::slice::from_ref(&(4..15)));
        let m3 = b.mark();
        let store = Arc::new(b);
        let first = Text::view(&store, m0, m1);
        let second = Text::view(&store, m2, m3);
        assert_eq!(first.as_str(), "one TBD");
        assert_eq!(second.as_str(), "two \u{FFFC} TBD");
        let at = second.as_str().find("TBD").unwrap();
        assert_eq!(&src[second.span(at..at + 3).range()], "TBD");
        assert_eq!(&src[second.range_of(Span::new(24, 27)).start..][..0], "");
        assert_eq!(&second.as_str()[second.range_of(Span::new(24, 27))], "TBD");
    }
}
