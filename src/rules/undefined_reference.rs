//! `[text][label]` or `[text][]` whose label nothing defines.

use super::{Context, Rule, StaticMeta};
use crate::document::LinkKind;
use crate::finding::{Category, Hit, Severity};

pub struct UndefinedReference;

const META: StaticMeta = StaticMeta {
    id: "undefined-reference",
    category: Category::Link,
    severity: Severity::Error,
    enabled: true,
    summary: "A reference link (`[text][label]`, `[text][]`) whose label has no definition",
    why: "Markdown renders a reference without a definition as the bracketed text \
          itself, so readers see `[text][label]` instead of a link. Define the label \
          (`[label]: https://…`) or write the link inline. Bracketed text on its own \
          (`[optional]`, `[!NOTE]`, `[!DNL …]`, `[!UICONTROL …]`) is never a reference \
          to this rule, nor is indexing like `a[i][j]`.",
    flags: &[
        "See [the guide][guide] for details.\n",
        "See [the guide][] for details.\n",
    ],
    passes: &[
        "See [the guide][guide].\n\n[guide]: https://example.com\n",
        "Run `tool [options]`; values in [brackets] are optional.\n",
        ">[!NOTE]\n>\n>Select [!UICONTROL Save] in [!DNL Adobe Commerce].\n",
        "The cell matrix[0][1] holds the total.\n",
        "The message reads [Microsoft][ODBC Driver][SQL Server].\n",
        "Syntax: EXPORTS name [**,DATA**][*ordinal*]\n",
        "- [ ] a task\n- [x] done\n",
    ],
    options: &[],
    fixable: false,
};

/// Brackets that are notation, not a link: indexing (`a[i][j]`), chains
/// of bracketed names (`[Microsoft][ODBC Driver][SQL Server]`), and
/// syntax or patterns (`[**,DATA**]`, `[|][0-9a-f]`).
fn notation(src: &[u8], start: usize, end: usize, text: &str) -> bool {
    let before = start.checked_sub(1).map(|i| src[i]);
    let after = src.get(end).copied();
    before
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b']' | b')' | b'|' | b'}'))
        || after.is_some_and(|a| a.is_ascii_alphanumeric() || matches!(a, b'[' | b'('))
        || text.contains(['*', '|', '=', ',', '\\'])
        || text.contains("...")
}

/// Whether a line starts like a definition of `label` (`[label]: …`)
/// that the parser did not take as one.
fn malformed_definition(src: &str, label: &str) -> bool {
    let want = format!("[{}]:", label.to_lowercase());
    src.lines()
        .any(|l| l.trim_start().to_lowercase().starts_with(&want))
}

impl Rule for UndefinedReference {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        let src = doc.source().as_bytes();
        for u in &doc.unresolved {
            if u.kind == LinkKind::Shortcut || u.label.starts_with(['!', '^']) {
                continue;
            }
            let text = doc.slice(u.span);
            if text.starts_with("[!")
                || notation(src, u.span.start as usize, u.span.end as usize, text)
            {
                continue;
            }
            let label = u.label.trim();
            let help = if malformed_definition(doc.source(), label) {
                format!(
                    "a line defines `[{label}]:` but is not a valid definition (a space in the address?); \
                     write the address without spaces or in `<…>`"
                )
            } else {
                format!(
                    "add a definition line such as `[{label}]: https://…`, or write the link inline"
                )
            };
            out.push(
                Hit::new(u.span, format!("reference `[{label}]` has no definition")).help(help),
            );
        }
    }
}
