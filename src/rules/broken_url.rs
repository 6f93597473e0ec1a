//! A web link that is gone: malformed (always), or unreachable (checked
//! over the network on request).

use super::{Context, Lesson, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};
use crate::links::Target;
use crate::links::external::{self, Verdict};

pub struct BrokenUrl;

const META: StaticMeta = StaticMeta {
    id: "broken-url",
    category: Category::Link,
    severity: Severity::Error,
    enabled: true,
    summary: "An http(s) link that is malformed, or (with `--check-external`) answers 404, \
              410 or another 4xx, or whose host does not exist",
    why: "Readers who follow it find nothing. A malformed address (no host, the scheme \
          written twice, `github.com:org/repo`) is reported on every run. Whether an \
          address answers is checked only when asked (`--check-external`, or \
          `links.check-external: true`): HEAD, then GET, redirects followed, 429 and \
          5xx retried. Answers that only say the server would not tell (401, 403, 429, \
          5xx, time-outs) are `unverified-url`'s. Example domains and this machine \
          (`example.com`, `localhost`) are not asked unless `links.external.include` \
          names them.",
    flags: &[
        "Clone [the repository](https://github.com:acme/docs).\n",
        "See [the guide](https://https://docs.acme.dev/guide).\n",
    ],
    passes: &[
        "See [the spec](https://spec.commonmark.org/0.31.2/).\n",
        "Call `https://example.com/api/v1/items` or [the API](https://example.com/api).\n",
        "Open <http://[::1]:8080/> or [the site](http://localhost:3000/).\n",
    ],
    options: &[],
    fixable: false,
};

impl Rule for BrokenUrl {
    crate::rule_meta!(META);

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Hit>) {
        for (span, dest) in crate::links::destinations(cx.doc, true) {
            if let Target::Web(url) = Target::parse(dest)
                && let Some(why) = external::malformed(url)
            {
                out.push(
                    Hit::new(span, format!("link `{url}` is malformed: {why}"))
                        .help("write the address as a browser shows it: `https://host/path`"),
                );
            }
        }
    }

    fn learn(&self, cx: &Context<'_>) -> Option<Lesson> {
        external::learn(cx)
    }

    fn finish(&self, lessons: &[(usize, &Lesson)], run: &super::Run, hits: &mut Vec<(usize, Hit)>) {
        external::decide(
            lessons,
            run,
            |url, v| match v {
                Verdict::Broken(why) => Some(
                    Hit::new(Default::default(), format!("link `{url}` is broken: {why}")).help(
                        "update or remove the link; if the page moved, link to where it went",
                    ),
                ),
                _ => None,
            },
            hits,
        );
    }
}
