//! External links (`http://`, `https://`), checked over the network only
//! on request: `--check-external`, or `links.check-external: true` in a
//! config. Nothing here opens a connection otherwise.
//!
//! Each distinct address (its `#fragment` aside) is checked once per run:
//! HEAD, then GET when HEAD is refused, redirects followed to a limit,
//! retries with backoff for 429, 5xx, time-outs and dropped connections
//! (a `Retry-After` is honoured), a bounded number of requests at a time
//! overall and per host. Answers that settle a link (it works, it is
//! gone) are kept in an on-disk cache for a time to live; answers that do
//! not (401, 403, 429, time-outs) are asked again next run.

mod cache;
#[cfg(feature = "external")]
mod http;
#[cfg(feature = "external")]
mod pool;
#[cfg(feature = "external")]
mod progress;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use regex::RegexSet;

use crate::finding::Hit;
use crate::rules::{Context, Lesson, Run};
use crate::span::Span;

pub use cache::Cache;

/// What checking an address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// It answers 2xx (after redirects).
    Ok,
    /// It is gone: 404, 410, another 4xx, an unknown host, a refused
    /// connection, too many redirects. The text says which.
    Broken(String),
    /// It could not be told: 401, 403, 429, 5xx, a time-out, a TLS
    /// failure. The text says which.
    Unverified(String),
}

/// The `links.external` section: which addresses are checked and how.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Addresses that are checked even when `exclude` or the built-in
    /// skips (example domains, this machine) would skip them.
    pub include: Patterns,
    /// Addresses never checked.
    pub exclude: Patterns,
    /// For one request, connection to last byte.
    pub timeout: Duration,
    /// Further tries after a 429, a 5xx, a time-out or a dropped
    /// connection.
    pub retries: u32,
    /// The first wait before a retry (doubled each time) when the server
    /// sends no `Retry-After`.
    pub backoff: Duration,
    /// Requests at a time, overall.
    pub concurrency: usize,
    /// Requests at a time to one host.
    pub per_host: usize,
    /// Redirects followed before giving up.
    pub redirects: u32,
    /// How long an answer stays in the cache; zero turns the cache off.
    pub cache_ttl: Duration,
    /// The cache folder.
    pub cache_dir: PathBuf,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            include: Patterns::default(),
            exclude: Patterns::default(),
            timeout: Duration::from_secs(20),
            retries: 2,
            backoff: Duration::from_millis(500),
            concurrency: 16,
            per_host: 4,
            redirects: 10,
            cache_ttl: Duration::from_secs(24 * 60 * 60),
            cache_dir: PathBuf::from(".draftlint-cache"),
        }
    }
}

/// Regular expressions matched against whole addresses.
#[derive(Debug, Clone, Default)]
pub struct Patterns(Option<RegexSet>);

impl Patterns {
    pub fn new(patterns: &[String]) -> Result<Patterns, regex::Error> {
        if patterns.is_empty() {
            return Ok(Patterns(None));
        }
        RegexSet::new(patterns).map(|s| Patterns(Some(s)))
    }

    pub fn matches(&self, url: &str) -> bool {
        self.0.as_ref().is_some_and(|s| s.is_match(url))
    }
}

impl Settings {
    /// Whether `url` is to be checked: `include` first, then `exclude`,
    /// then the built-in skips.
    pub fn wants(&self, url: &str) -> bool {
        if self.include.matches(url) {
            return true;
        }
        !(self.exclude.matches(url) || placeholder_host(&host(url)))
    }
}

/// The host (with its port) of an address, lower case.
pub fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.to_ascii_lowercase()
}

/// URI templates and shell variables (`https://{tenant}.host/`,
/// `https://$HOST/`) are not addresses yet.
fn template(url: &str) -> bool {
    url.contains(['{', '}', '<', '>', ' ', '$', '`'])
}

/// What is wrong with an address that no request is needed to tell: no
/// host, the scheme written twice, a port that is no number, an empty or
/// impossible host name. None when it is well formed.
pub fn malformed(url: &str) -> Option<String> {
    if template(url) {
        return None;
    }
    let rest = url.split_once("://").map_or("", |(_, r)| r);
    let lower = rest.get(..6).unwrap_or(rest).to_ascii_lowercase();
    if lower.starts_with("http:") || lower.starts_with("https:") {
        return Some("the scheme is written twice".into());
    }
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if authority.is_empty() {
        return Some("it has no host".into());
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let Some((addr, after)) = v6.split_once(']') else {
            return Some("the IPv6 address is not closed with `]`".into());
        };
        if addr.is_empty()
            || !addr
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Some(format!("`[{addr}]` is not an IPv6 address"));
        }
        match after.strip_prefix(':') {
            Some(port) => (None, port),
            None if after.is_empty() => (None, ""),
            None => return Some(format!("`{after}` after the IPv6 address")),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (Some(h), p),
            None => (Some(authority), ""),
        }
    };
    if !port.is_empty() && port.parse::<u16>().is_err() {
        return Some(format!("`:{port}` is not a port number"));
    }
    let host = host?;
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.is_empty() || name.split('.').any(str::is_empty) {
        return Some(format!("the host `{host}` has an empty part"));
    }
    if let Some(c) = name.chars().find(|c| {
        c.is_ascii() && !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '%' | '.'))
    }) {
        return Some(format!("`{c}` cannot be part of the host `{host}`"));
    }
    None
}

/// Hosts that are no real page anywhere: the reserved example and test
/// domains (RFC 2606, 6761) and the reader's own machine. Documentation
/// uses them for illustration (`https://example.com/api/v1/items`,
/// `http://localhost:8080`), so they are not checked unless `include`
/// names them.
fn placeholder_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => return v6.starts_with("::1]") || v6.starts_with("::]"),
        None => host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                h
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.');
    let under = |domain: &str| name == domain || name.ends_with(&format!(".{domain}"));
    ["example.com", "example.org", "example.net", "localhost"]
        .iter()
        .any(|d| under(d))
        || [".example", ".test", ".invalid", ".localhost", ".local"]
            .iter()
            .any(|t| name.ends_with(t))
        || name.starts_with("127.")
        || name == "0.0.0.0"
}

/// The address a link asks for, its fragment aside (servers never see
/// it).
fn address(url: &str) -> &str {
    url.split_once('#').map_or(url, |(a, _)| a)
}

/// A web link of a page.
struct WebLink {
    span: Span,
    url: String,
}

struct Learned(Vec<WebLink>);

/// The web links of a page that are to be checked, when checking is on
/// for it. Shared by `broken-url` and `unverified-url`.
pub fn learn(cx: &Context<'_>) -> Option<Lesson> {
    if !cx.run.external.wants(cx.links) {
        return None;
    }
    let mut out = Vec::new();
    for (span, dest) in crate::links::destinations(cx.doc, true) {
        let crate::links::Target::Web(url) = crate::links::Target::parse(dest) else {
            continue;
        };
        if template(url) {
            continue;
        }
        if malformed(url).is_none() && cx.links.external.wants(url) {
            out.push(WebLink {
                span,
                url: url.to_string(),
            });
        }
    }
    (!out.is_empty()).then(|| Box::new(Learned(out)) as Lesson)
}

/// Check every page's web links (once each for the run) and report those
/// whose verdict `pick` turns into a message.
pub fn decide(
    lessons: &[(usize, &Lesson)],
    run: &Run,
    pick: impl Fn(&str, &Verdict) -> Option<Hit>,
    hits: &mut Vec<(usize, Hit)>,
) {
    let learned: Vec<(usize, &Learned)> = lessons
        .iter()
        .filter_map(|(p, l)| l.downcast_ref::<Learned>().map(|l| (*p, l)))
        .collect();
    let verdicts = run.external.check(
        learned
            .iter()
            .flat_map(|(_, l)| l.0.iter().map(|w| address(&w.url))),
    );
    for (page, l) in learned {
        for w in &l.0 {
            let Some(v) = verdicts.get(address(&w.url)) else {
                continue;
            };
            if let Some(mut h) = pick(&w.url, v) {
                h.span = w.span;
                hits.push((page, h));
            }
        }
    }
}

/// The run's external checker.
#[derive(Debug, Default)]
pub struct Checker {
    /// `--check-external`: on for every page, whatever its config says.
    forced: bool,
    /// Never on, whatever the configs say (the language server checks
    /// as the writer types: no network).
    offline: bool,
    /// Network settings for the run (the config of the folder it was
    /// started in).
    settings: Settings,
    /// Verdicts so far, by address.
    done: Mutex<HashMap<String, Verdict>>,
}

impl Checker {
    pub fn new(forced: bool, settings: Settings) -> Checker {
        Checker {
            forced,
            offline: false,
            settings,
            done: Mutex::default(),
        }
    }

    /// A checker that never asks the network.
    pub fn offline() -> Checker {
        Checker {
            offline: true,
            ..Checker::default()
        }
    }

    /// Whether a page with these link settings has its web links checked.
    pub fn wants(&self, page: &crate::links::Settings) -> bool {
        cfg!(feature = "external") && !self.offline && (self.forced || page.check_external)
    }

    /// The verdicts for `addresses`, checking those not known yet: from
    /// the cache when fresh, else over the network.
    pub fn check<'a>(&self, addresses: impl Iterator<Item = &'a str>) -> HashMap<String, Verdict> {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let mut todo: Vec<&str> = addresses.filter(|a| !done.contains_key(*a)).collect();
        todo.sort_unstable();
        todo.dedup();
        if !todo.is_empty() {
            let mut cache = Cache::load(&self.settings.cache_dir, self.settings.cache_ttl);
            let mut fetch = Vec::new();
            for a in todo {
                match cache.get(a) {
                    Some(v) => {
                        done.insert(a.to_string(), v);
                    }
                    None => fetch.push(a),
                }
            }
            for (a, v) in fetch.iter().zip(self.fetch(&fetch)) {
                cache.put(a, &v);
                done.insert(a.to_string(), v);
            }
            if let Err(e) = cache.save() {
                eprintln!("draftlint: could not write the link cache: {e}");
            }
        }
        done.clone()
    }

    #[cfg(feature = "external")]
    fn fetch(&self, addresses: &[&str]) -> Vec<Verdict> {
        if addresses.is_empty() {
            return Vec::new();
        }
        let client = http::Client::new(&self.settings);
        let bar = progress::Progress::new("checking external links", addresses.len());
        let hosts: Vec<String> = addresses.iter().map(|a| host(a)).collect();
        let out = pool::run(
            &hosts,
            self.settings.concurrency,
            self.settings.per_host,
            |i| {
                let v = client.check(addresses[i]);
                bar.step();
                v
            },
        );
        bar.finish();
        out
    }

    #[cfg(not(feature = "external"))]
    fn fetch(&self, addresses: &[&str]) -> Vec<Verdict> {
        addresses
            .iter()
            .map(|_| Verdict::Unverified("built without external link checking".into()))
            .collect()
    }
}

/// A duration as a person writes it: `20s`, `1.5s`, `500ms`.
pub fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else if d < Duration::from_secs(1) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// A duration from the config: a number of seconds, or a number with a
/// unit (`ms`, `s`, `m`, `h`, `d`).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: f64 = n.parse().ok()?;
    let scale = match unit.trim() {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "m" => 60.0,
        "h" => 3600.0,
        "d" => 86400.0,
        _ => return None,
    };
    Duration::try_from_secs_f64(n * scale).ok()
}

/// The cache folder's default, beside the config that sets it.
pub fn default_cache_dir(root: &Path) -> PathBuf {
    root.join(".draftlint-cache")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://User@Docs.Example.com:8443/a?b#c"),
            "docs.example.com:8443"
        );
        assert_eq!(host("http://127.0.0.1:9/x"), "127.0.0.1:9");
        assert_eq!(host("https://github.com"), "github.com");
    }

    #[test]
    fn placeholder_hosts_are_skipped_unless_included() {
        let s = Settings::default();
        for url in [
            "https://example.com/api",
            "https://api.example.org/v1",
            "http://localhost:8080/",
            "http://127.0.0.1:3000",
            "http://[::1]:80/",
            "https://my.site.test/",
            "http://printer.local/",
        ] {
            assert!(!s.wants(url), "{url}");
        }
        for url in [
            "https://github.com/x",
            "https://examples.com/",
            "https://example.company.com/",
            "https://learn.microsoft.com/en-us/",
        ] {
            assert!(s.wants(url), "{url}");
        }
        let s = Settings {
            include: Patterns::new(&[r"^http://127\.0\.0\.1:".into()]).unwrap(),
            exclude: Patterns::new(&["github".into()]).unwrap(),
            ..Settings::default()
        };
        assert!(s.wants("http://127.0.0.1:3000"));
        assert!(!s.wants("https://github.com/x"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("20"), Some(Duration::from_secs(20)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_duration("1d"), Some(Duration::from_secs(86400)));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("5 weeks"), None);
        assert_eq!(seconds(Duration::from_secs(20)), "20s");
        assert_eq!(seconds(Duration::from_millis(300)), "300ms");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5s");
    }

    #[test]
    fn malformed_addresses() {
        for (url, why) in [
            ("https://github.com:org/repo", "`:org` is not a port number"),
            (
                "https://https://example.org/a",
                "the scheme is written twice",
            ),
            ("https:///docs", "it has no host"),
            ("https://", "it has no host"),
            (
                "https://docs..microsoft.com/x",
                "the host `docs..microsoft.com` has an empty part",
            ),
            (
                "https://learn.microsoft.com,/x",
                "`,` cannot be part of the host",
            ),
            ("http://[::1/x", "the IPv6 address is not closed with `]`"),
            ("http://host:99999/", "`:99999` is not a port number"),
        ] {
            let got = malformed(url);
            assert!(
                got.as_deref().is_some_and(|g| g.starts_with(why)),
                "{url}: {got:?}"
            );
        }
        for url in [
            "https://github.com/org/repo",
            "https://user:pass@host.org:8443/x?q=1#f",
            "http://[2001:db8::1]:8080/",
            "http://host:/",
            "https://docs.microsoft.com./en-us/",
            "https://xn--bcher-kva.example/",
            "https://bücher.de/",
            "https://my_host.internal/",
            "https://a.org?x=1",
            "https://a.org#top",
        ] {
            assert_eq!(malformed(url), None, "{url}");
        }
    }

    #[test]
    fn fragments_are_not_sent() {
        assert_eq!(address("https://a.org/p#x"), "https://a.org/p");
        assert_eq!(address("https://a.org/p"), "https://a.org/p");
    }
}
