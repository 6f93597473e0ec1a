//! Byte spans are the only positions rules see; `LineIndex` turns them into
//! line/column in whichever unit a consumer needs (characters for people and
//! JSON, UTF-16 for LSP and SARIF, bytes for reviewdog). Every conversion
//! lives here so no reporter does its own arithmetic.

use std::ops::Range;

/// A half-open byte range `[start, end)` into a file's source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// The unit a column is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values: what people and the JSON output see.
    Chars,
    /// UTF-16 code units: the LSP and SARIF default.
    Utf16,
    /// Bytes: what reviewdog and UTF-8 LSP clients use.
    Bytes,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Sorted byte offsets of line starts; lookups are a binary search.
///
/// A line ends at `\n`, `\r\n` or a lone `\r` (CommonMark's three line
/// endings), so CRLF files report the same lines as LF files.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let bytes = source.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
        starts.push(0);
        let mut i = 0;
        while let Some(off) = memchr_newline(&bytes[i..]) {
            let at = i + off;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(next as u32);
            i = next;
        }
        LineIndex {
            starts,
            len: bytes.len() as u32,
        }
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> u32 {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of 0-based `line` without its line ending.
    pub fn line_span(&self, source: &str, line: usize) -> Span {
        let start = self.line_start(line) as usize;
        let mut end = self.line_start(line + 1) as usize;
        let b = source.as_bytes();
        if end > start && end <= b.len() && line + 1 < self.starts.len() {
            if b[end - 1] == b'\n' {
                end -= 1;
            }
            if end > start && b[end - 1] == b'\r' {
                end -= 1;
            }
        }
        Span::new(start, end.max(start))
    }

    /// 1-based line and column of `offset`, the column counted in `unit`.
    /// An offset inside a multi-byte character counts as that character.
    pub fn line_col(&self, source: &str, offset: u32, unit: ColumnUnit) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let mut end = offset as usize;
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let mut prefix = &source[start..end];
        if line == 0 {
            // A byte-order mark is not a column.
            prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        }
        let column = match unit {
            ColumnUnit::Bytes => prefix.len(),
            ColumnUnit::Chars => prefix.chars().count(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        };
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// Byte offset of a 1-based line and column counted in `unit`, clamped
    /// to the line. The inverse of [`LineIndex::line_col`].
    pub fn offset(&self, source: &str, pos: LineCol, unit: ColumnUnit) -> u32 {
        let line = (pos.line.max(1) - 1) as usize;
        if line >= self.starts.len() {
            return self.len;
        }
        let mut span = self.line_span(source, line);
        if line == 0 && source.starts_with('\u{feff}') {
            span.start += 3;
        }
        let text = &source[span.range()];
        let want = pos.column.max(1) as usize - 1;
        let mut seen = 0;
        for (i, c) in text.char_indices() {
            if seen >= want {
                return span.start + i as u32;
            }
            seen += match unit {
                ColumnUnit::Bytes => c.len_utf8(),
                ColumnUnit::Chars => 1,
                ColumnUnit::Utf16 => c.len_utf16(),
            };
        }
        span.end
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_cr_are_all_line_endings() {
        for src in ["a\nbc\nd", "a\r\nbc\r\nd", "a\rbc\rd"] {
            let idx = LineIndex::new(src);
            assert_eq!(idx.line_count(), 3, "{src:?}");
            let d = src.rfind('d').unwrap() as u32;
            assert_eq!(
                idx.line_col(src, d, ColumnUnit::Chars),
                LineCol { line: 3, column: 1 }
            );
            assert_eq!(&src[idx.line_span(src, 1).range()], "bc");
        }
    }

    #[test]
    fn columns_in_each_unit() {
        let src = "x\né😀z";
        let idx = LineIndex::new(src);
        let z = src.find('z').unwrap() as u32;
        assert_eq!(idx.line_col(src, z, ColumnUnit::Chars).column, 3);
        assert_eq!(idx.line_col(src, z, ColumnUnit::Utf16).column, 4);
        assert_eq!(idx.line_col(src, z, ColumnUnit::Bytes).column, 7);
        for unit in [ColumnUnit::Chars, ColumnUnit::Utf16, ColumnUnit::Bytes] {
            let lc = idx.line_col(src, z, unit);
            assert_eq!(idx.offset(src, lc, unit), z);
        }
    }

    #[test]
    fn end_of_file_and_trailing_newline() {
        let src = "ab\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_count(), 2);
        assert_eq!(
            idx.line_col(src, 3, ColumnUnit::Chars),
            LineCol { line: 2, column: 1 }
        );
        assert_eq!(idx.line_span(src, 1), Span::new(3, 3));
    }
}
