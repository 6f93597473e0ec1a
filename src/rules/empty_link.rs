//! A link with no text or nowhere to go.

use super::{Context, Rule, StaticMeta};
use crate::document::LinkKind;
use crate::finding::{Category, Hit, Severity};

pub struct EmptyLink;

const META: StaticMeta = StaticMeta {
    id: "empty-link",
    category: Category::Empty,
    severity: Severity::Warning,
    enabled: true,
    summary: "A link with empty text, or with an empty destination (`[text]()`, `[text](#)`)",
    why: "A link without text is invisible to readers and unusable with a screen \
          reader; a link without a destination goes nowhere. Both are usually links \
          put in while drafting, to be filled later.",
    flags: &[
        "See [](https://example.com) for details.\n",
        "See [the guide]() for details.\n",
        "See [the guide](#) for details.\n",
    ],
    passes: &[
        "See [the guide](guide.md) for details.\n",
        "[![Logo](logo.png)](https://example.com)\n",
        "![](decorative.png)\n",
    ],
    options: &[],
    fixable: false,
};

impl Rule for EmptyLink {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        for l in &doc.links {
            if l.image
                || !matches!(
                    l.kind,
                    LinkKind::Inline | LinkKind::Reference | LinkKind::Collapsed
                )
            {
                continue;
            }
            if doc.slice(l.text).trim().is_empty() {
                out.push(
                    Hit::new(l.span, "link has no text")
                        .help("write what the link leads to between the brackets"),
                );
            } else if matches!(l.dest.trim(), "" | "#") {
                out.push(
                    Hit::new(
                        l.span,
                        format!("link `{}` has no destination", doc.slice(l.text).trim()),
                    )
                    .help("point the link at the page it should open, or remove it"),
                );
            }
        }
    }
}
