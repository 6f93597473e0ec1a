//! Prose as rules see it: the readable text of one block, with a map back to
//! exact source bytes. Entities are decoded, escapes dropped, inline code,
//! HTML, URLs and site markup (`[!DNL …]`, `{{site.data…}}`, `{#id}`,
//! `:::image…:::`) replaced by one opaque character, so a rule can match
//! across soft line breaks and inline formatting and still report the span
//! of the original bytes.

use std::ops::Range;

use crate::span::Span;

/// Stands in for anything that is not prose (inline code, HTML, a URL, site
/// markup). It is not a word character, so word-boundary patterns treat it
/// as a separator, and it never matches a literal phrase.
pub const OPAQUE: char = '\u{FFFC}';

/// One stretch of text and the source bytes it came from. A verbatim
/// segment maps byte for byte; any other maps as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    text: u32,
    src: u32,
    src_end: u32,
    verbatim: bool,
}

/// Readable text of a block plus its map to the source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    text: String,
    segs: Vec<Seg>,
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// A text that is exactly `src[span]`.
    pub fn verbatim(src: &str, span: Span) -> Text {
        let mut t = Text::default();
        t.push_verbatim(&src[span.range()], span.start as usize);
        t
    }

    /// Append text that is byte-identical to the source at `src_start`.
    pub fn push_verbatim(&mut self, s: &str, src_start: usize) {
        if s.is_empty() {
            return;
        }
        let text = self.text.len() as u32;
        let src = src_start as u32;
        let src_end = src + s.len() as u32;
        // Merge with a directly preceding verbatim segment.
        if let Some(last) = self.segs.last_mut() {
            let last_text_end = text;
            if last.verbatim
                && last.src_end == src
                && last.text + (last.src_end - last.src) == last_text_end
            {
                last.src_end = src_end;
                self.text.push_str(s);
                return;
            }
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
        if src.get(range.clone()) == Some(s) {
            self.push_verbatim(s, range.start);
        } else {
            self.push_mapped(s, range);
        }
    }

    pub fn push_opaque(&mut self, src: Range<usize>) {
        if self.text.ends_with(OPAQUE) {
            // Adjacent opaque pieces collapse into one.
            if let Some(last) = self.segs.last_mut() {
                if !last.verbatim {
                    last.src_end = src.end as u32;
                    return;
                }
            }
        }
        let mut buf = [0u8; 4];
        self.push_mapped(OPAQUE.encode_utf8(&mut buf), src);
    }

    fn seg_index(&self, at: usize) -> usize {
        match self.segs.binary_search_by(|s| (s.text as usize).cmp(&at)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Source offset of text offset `at` taken as a start position.
    pub fn src_start(&self, at: usize) -> u32 {
        if self.segs.is_empty() {
            return 0;
        }
        let s = self.segs[self.seg_index(at)];
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
        if self.segs.is_empty() {
            return 0;
        }
        if at == 0 {
            return self.segs[0].src;
        }
        let s = self.segs[self.seg_index(at - 1)];
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
        for (i, s) in self.segs.iter().enumerate() {
            let text_end = self
                .segs
                .get(i + 1)
                .map_or(self.text.len(), |n| n.text as usize);
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
        match (self.segs.first(), self.segs.last()) {
            (Some(a), Some(b)) => Span {
                start: a.src,
                end: b.src_end,
            },
            _ => Span::default(),
        }
    }

    /// Replace each text range in `ranges` (sorted, disjoint) by one opaque
    /// character mapped to the source those ranges came from.
    pub fn mask(&mut self, ranges: &[Range<usize>]) {
        if ranges.is_empty() {
            return;
        }
        let old = std::mem::take(self);
        let mut at = 0;
        for r in ranges {
            old.copy_range(at..r.start, self);
            let span = old.span(r.clone());
            self.push_opaque(span.range());
            at = r.end;
        }
        old.copy_range(at..old.text.len(), self);
    }

    /// Append `self.text[range]` to `out`, keeping its map.
    fn copy_range(&self, range: Range<usize>, out: &mut Text) {
        if range.is_empty() {
            return;
        }
        let mut i = self.seg_index(range.start);
        while i < self.segs.len() {
            let s = self.segs[i];
            let seg_end = self
                .segs
                .get(i + 1)
                .map_or(self.text.len(), |n| n.text as usize);
            let lo = range.start.max(s.text as usize);
            let hi = range.end.min(seg_end);
            if lo >= range.end {
                break;
            }
            if lo < hi {
                let piece = &self.text[lo..hi];
                if s.verbatim {
                    out.push_verbatim(piece, (s.src as usize) + lo - s.text as usize);
                } else if piece.starts_with(OPAQUE) && piece.len() == OPAQUE.len_utf8() {
                    out.push_opaque(s.src as usize..s.src_end as usize);
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

    #[test]
    fn verbatim_and_mapped_segments_map_back() {
        let src = "Foo &amp; bar";
        let mut t = Text::default();
        t.push_event("Foo ", src, 0..4);
        t.push_event("&", src, 4..9);
        t.push_event(" bar", src, 9..13);
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
        let mut t = Text::default();
        t.push_event("a ", src, 0..2);
        t.push_event("&", src, 2..7);
        t.push_event(" ", src, 7..8);
        t.push_event("link ", src, 9..14);
        t.push_event("x", src, 15..16);
        t.push_event(" b", src, 21..23);
        assert_eq!(t.as_str(), "a & link x b");
        let r = t.range_of(Span::new(8, 21));
        assert_eq!(&t.as_str()[r], "link x");
        let r = t.range_of(Span::new(2, 7));
        assert_eq!(&t.as_str()[r], "&");
    }

    #[test]
    fn masking_keeps_the_map() {
        let src = "see https://x.y/z now";
        let mut t = Text::verbatim(src, Span::new(0, src.len()));
        t.mask(std::slice::from_ref(&(4..17)));
        assert_eq!(t.as_str(), "see \u{FFFC} now");
        let now = t.as_str().find("now").unwrap();
        assert_eq!(t.span(now..now + 3), Span::new(18, 21));
        let o = t.as_str().find(OPAQUE).unwrap();
        assert_eq!(t.span(o..o + 3), Span::new(4, 17));
    }
}
