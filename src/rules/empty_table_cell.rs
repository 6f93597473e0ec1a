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
    summary: "An empty table cell in a column of descriptions that every other row fills",
    why: "When every row of a table describes its item but one, the missing \
          description was meant to be written later. Write it, or say what the \
          empty value means (\"None\", \"Not supported\").\n\n\
          Only columns of descriptions are checked (their other cells hold three \
          words or more of their own, and differ), in tables of three or more rows, \
          and not in the last row, where side-by-side lists of unequal length end. \
          Columns of marks, flags and values (`R`, `Yes`, `30`), where an empty \
          cell is itself a value, the first column and the header row are not \
          checked.",
    flags: &[
        "| Setting | Description |\n| --- | --- |\n| `timeout` | Seconds to wait. |\n| `retries` | |\n| `delay` | Seconds between attempts. |\n",
    ],
    passes: &[
        "| Setting | Default |\n| --- | --- |\n| `timeout` | 30 |\n| `retries` | |\n| `delay` | 5 |\n",
        "| Task | Adobe | Merchant |\n| --- | --- | --- |\n| Hosting | R | |\n| Code | | R |\n| Data | R | R |\n",
        "| | Linux | Windows |\n| --- | --- | --- |\n| Install | yes | yes |\n",
        "| Option | Notes |\n| --- | --- |\n| a | |\n| b | |\n| c | rare |\n",
        "| Partner | Pull requests |\n| --- | --- |\n| A | [#1](u) [#2](u) [#3](u) |\n| B | |\n| C | [#4](u) [#5](u) [#6](u) |\n",
        "| Setting | Edition |\n| --- | --- |\n| a | Commerce Enterprise only |\n| b | |\n| c | Commerce Enterprise only |\n",
        "| Effort | Planning |\n| --- | --- |\n| Extent of customizations | Clarity of requirements |\n| Number of extensions | Your upgrade frequency |\n| Coding to best practices | |\n",
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
            if body_rows < 3 || table.columns < 2 {
                continue;
            }
            let cols = table.columns as usize;
            // Body cells by row and column (block indices); cells are
            // contiguous blocks, row by row.
            let first = table.first_cell as usize;
            let cell = |r: usize, c: usize| first + (r + 1) * cols + c;
            let text = |r: usize, c: usize| doc.blocks[cell(r, c)].text.as_str().trim();
            let filled = |r: usize, c: usize| !text(r, c).is_empty();
            for col in 1..cols {
                let empty: Vec<usize> = (0..body_rows).filter(|&r| !filled(r, col)).collect();
                // One gap, not in the last row (where side-by-side lists of
                // unequal length end).
                if empty.len() != 1 || empty[0] == body_rows - 1 {
                    continue;
                }
                // A column of descriptions: its other cells average three
                // words of their own (not link texts) and differ from each
                // other (a repeated value makes the gap a value too).
                let total: usize = (0..body_rows).map(|r| prose_words(doc, cell(r, col))).sum();
                let mut distinct: Vec<&str> = (0..body_rows)
                    .filter(|&r| filled(r, col))
                    .map(|r| text(r, col))
                    .collect();
                let others = distinct.len();
                distinct.sort_unstable();
                distinct.dedup();
                if total < 3 * others || distinct.len() * 5 < others * 4 {
                    continue;
                }
                let r = empty[0];
                if !(0..cols).any(|c| c != col && filled(r, c)) {
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
                    Hit::new(cell_span(&doc.source, doc.blocks[cell(r, col)].span), what)
                        .help("fill in the value, or say what its absence means (\"None\", \"Not supported\")"),
                );
            }
        }
    }
}

/// Words of a cell outside the texts of its links.
fn prose_words(doc: &crate::document::Document, block: usize) -> usize {
    let b = &doc.blocks[block];
    let text = b.text.as_str();
    let links: Vec<std::ops::Range<usize>> = doc
        .links_in(block)
        .iter()
        .map(|l| b.text.range_of(l.text))
        .collect();
    super::util::words(text)
        .filter(|(r, _)| !links.iter().any(|l| l.start <= r.start && r.end <= l.end))
        .count()
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
