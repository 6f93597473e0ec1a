//! Between the library's byte spans and paths and the protocol's
//! positions and URIs.

use std::path::{Path, PathBuf};

use lsp_types::{Position, Range};

use crate::FileReport;
use crate::span::{ColumnUnit, LineCol, LineIndex};

/// The protocol range (0-based, columns in `unit`) of bytes
/// `start..end` of `file`.
pub fn range(file: &FileReport, start: u32, end: u32, unit: ColumnUnit) -> Range {
    Range::new(
        position(&file.lines, &file.source, start, unit),
        position(&file.lines, &file.source, end, unit),
    )
}

pub fn position(lines: &LineIndex, source: &str, offset: u32, unit: ColumnUnit) -> Position {
    let at = lines.line_col(source, offset, unit);
    // The line index does not count a byte-order mark; a client that
    // sends one counts it as a character.
    let bom = if at.line == 1 && offset >= 3 {
        bom_units(source, unit)
    } else {
        0
    };
    Position::new(at.line - 1, at.column - 1 + bom)
}

/// The width of a leading byte-order mark in `unit`, or 0.
fn bom_units(source: &str, unit: ColumnUnit) -> u32 {
    match (source.starts_with('\u{feff}'), unit) {
        (false, _) => 0,
        (true, ColumnUnit::Bytes) => 3,
        (true, _) => 1,
    }
}

/// The byte offset of a protocol position in `source`, clamped to its
/// line.
pub fn offset(lines: &LineIndex, source: &str, pos: Position, unit: ColumnUnit) -> usize {
    let bom = if pos.line == 0 {
        bom_units(source, unit)
    } else {
        0
    };
    let at = LineCol {
        line: pos.line.saturating_add(1),
        column: pos.character.saturating_sub(bom).saturating_add(1),
    };
    lines.offset(source, at, unit) as usize
}

/// Whether two ranges share a position (an empty range at the edge of the
/// other counts: a cursor at the end of a word asks about the word).
pub fn touches(a: Range, b: Range) -> bool {
    let key = |p: Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

/// The file a `file:` URI names; other schemes (an unsaved buffer) are
/// named by their last segment in `root`, so they get the workspace's
/// config.
pub fn path(uri: &str, root: &Path) -> PathBuf {
    let Some(rest) = uri.strip_prefix("file://") else {
        let name = uri.rsplit(['/', ':']).next().unwrap_or("untitled");
        let name = decode(name);
        let name = if name.is_empty() {
            "untitled.md".into()
        } else {
            name
        };
        return root.join(name);
    };
    // `file://host/path`: the host, if any, is this machine.
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let path = decode(path);
    // `file:///C:/docs/a.md` on Windows.
    let b = path.as_bytes();
    if cfg!(windows) && b.len() > 2 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        return PathBuf::from(&path[1..]);
    }
    PathBuf::from(path)
}

/// Percent-decoding; an escape that is not one is kept as written.
fn decode(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_become_paths() {
        let root = Path::new("/work");
        assert_eq!(
            path("file:///home/me/My%20Docs/caf%C3%A9%5B1%5D.md", root),
            PathBuf::from("/home/me/My Docs/café[1].md")
        );
        assert_eq!(
            path("file://localhost/a/b.md", root),
            PathBuf::from("/a/b.md")
        );
        assert_eq!(path("file:///a/100%.md", root), PathBuf::from("/a/100%.md"));
        assert_eq!(
            path("untitled:Untitled-1", root),
            PathBuf::from("/work/Untitled-1")
        );
    }

    #[test]
    fn a_byte_order_mark_is_a_character_to_the_client() {
        let src = "\u{feff}# Héllo\nx";
        let lines = LineIndex::new(src);
        for (unit, col) in [(ColumnUnit::Utf16, 3), (ColumnUnit::Bytes, 5)] {
            let p = position(&lines, src, 5, unit);
            assert_eq!((p.line, p.character), (0, col));
            assert_eq!(offset(&lines, src, p, unit), 5);
            assert_eq!(
                position(&lines, src, 3, unit).character,
                bom_units(src, unit)
            );
        }
    }

    #[test]
    fn ranges_touch_at_their_edges() {
        let r = |a, b, c, d| Range::new(Position::new(a, b), Position::new(c, d));
        assert!(touches(r(1, 4, 1, 9), r(1, 9, 1, 9)));
        assert!(touches(r(1, 4, 1, 9), r(0, 0, 3, 0)));
        assert!(!touches(r(1, 4, 1, 9), r(1, 10, 1, 12)));
        assert!(!touches(r(1, 4, 1, 9), r(2, 0, 2, 1)));
    }
}
