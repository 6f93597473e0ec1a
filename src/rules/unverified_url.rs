//! A web link the server would not let a checker verify.

use super::{Context, Lesson, Rule, StaticMeta};
use crate::finding::{Category, Hit, Severity};
use crate::links::external::{self, Verdict};

pub struct UnverifiedUrl;

const META: StaticMeta = StaticMeta {
    id: "unverified-url",
    category: Category::Link,
    severity: Severity::Info,
    enabled: true,
    summary: "An http(s) link that could not be verified: 401, 403, 429, a server error or \
              no answer in time (checked only with `--check-external`)",
    why: "Many sites refuse automated requests (401, 403), limit them (429) or are slow \
          or down for a moment: the link may well work in a browser, so it is not \
          reported as broken, only as unchecked. Open it yourself; if it is fine and \
          always refuses checkers, add it to `links.external.exclude`. These answers \
          are never cached.",
    // Found only over the network: documented, not run offline.
    flags: &["See [the profile](https://www.linkedin.com/in/someone) (403 to checkers).\n"],
    passes: &["See [the spec](https://spec.commonmark.org/0.31.2/).\n"],
    options: &[],
    fixable: false,
};

impl Rule for UnverifiedUrl {
    crate::rule_meta!(META);

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Hit>) {}

    fn learn(&self, cx: &Context<'_>) -> Option<Lesson> {
        external::learn(cx)
    }

    fn needs_network(&self) -> bool {
        true
    }

    fn finish(&self, lessons: &[(usize, &Lesson)], run: &super::Run, hits: &mut Vec<(usize, Hit)>) {
        external::decide(
            lessons,
            run,
            |url, v| {
                match v {
                Verdict::Unverified(why) => Some(
                    Hit::new(Default::default(), format!("could not verify link `{url}`: {why}"))
                        .help("open it in a browser; exclude it in `links.external.exclude` if it always refuses checkers"),
                ),
                _ => None,
            }
            },
            hits,
        );
    }
}
