//! An empty cell in a column that is filled everywhere else: a value the
//! writer meant to come back to.

use super::util::has_prose;
use super::{Context, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};
use crate::span::Span;

pub struct EmptyTableCell;

const META: StaticMeta = StaticMeta {
    id: "empty-table-cell",
    category: Category::Empty,
    severity: Severity::Warning,
    enabled: true,
    summary: "An empty table cell in a column that has text in every other row",
    why: "When every row of a column has a value but one, the missing value was \
          usually meant to be filled in later. Fill it in, or write what the empty \
          value means (\"None\", \"Not supported\"). The first column and the header \
          row are not checked: empty cells there are a common layout choice.",
    flags: &[
        "| Setting | Default |\n| --- | --- |\n| `timeout` | 30 |\n| `retries` | |\n| `delay` | 5 |\n",
    ],
    passes: &[
        "| Setting | Default |\n| --- | --- |\n| `timeout` | 30 |\n| `retries` | 3 |\n",
        "| | Linux | Windows |\n| --- | --- | --- |\n| Install | yes | yes |\n",
        "| Option | Notes |\n| --- | --- |\n| a | |\n| b | |\n| c | rare |\n",
    ],
    options: &[],
    fixable: false,
};

impl Rule for EmptyTableCell {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        for (t, table) in doc.tables.iter().enumerate() {
            let body_rows = table.rows.saturating_sub(1) as usize;
            if body_rows < 2 || table.columns < 2 {
                continue;
            }
            let cols = table.columns as usize;
            // filled[row][col] for body rows.
            let mut filled = vec![vec![false; cols]; body_rows];
            let mut spans = vec![vec![Span::default(); cols]; body_rows];
            for (row, col, b) in doc.cells(t as u32) {
                if row == 0 || (col as usize) >= cols {
                    continue;
                }
                filled[row as usize - 1][col as usize] = !b.text.as_str().trim().is_empty();
                spans[row as usize - 1][col as usize] = b.span;
            }
            for col in 1..cols {
                let empty: Vec<usize> = (0..body_rows).filter(|&r| !filled[r][col]).collect();
                if empty.len() != 1 {
                    continue;
                }
                let r = empty[0];
                if !(0..cols).any(|c| c != col && filled[r][c]) {
                    continue;
                }
                let header = doc
                    .cells(t as u32)
                    .find(|(row, c, _)| *row == 0 && *c as usize == col)
                    .map(|(_, _, b)| b.text.as_str().trim().to_string())
                    .filter(|h| has_prose(h));
                let what = match header {
                    Some(h) => format!("empty cell in column `{h}`, which every other row fills"),
                    None => "empty cell in a column that every other row fills".to_string(),
                };
                out.push(
                    Hit::new(cell_span(&doc.source, spans[r][col]), what)
                        .help("fill in the value, or say what its absence means (\"None\", \"Not supported\")"),
                );
            }
        }
    }
}

/// A cell the row left out has an empty span at the start of the next
/// line; report it at the end of its own row instead.
fn cell_span(src: &str, s: Span) -> Span {
    let mut at = s.start as usize;
    if s.is_empty() {
        let b = src.as_bytes();
        while at > 0 && matches!(b[at - 1], b'\n' | b'\r') {
            at -= 1;
        }
        return Span::new(at, at);
    }
    s
}
