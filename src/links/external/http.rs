//! One address, asked over HTTP(S): HEAD first (no body to download),
//! GET when HEAD does not say yes (many servers refuse or mishandle HEAD),
//! redirects followed by the client up to the limit, and retries with
//! backoff for answers that may change: 429, 5xx, time-outs and dropped
//! connections, waiting as long as `Retry-After` asks when it asks for
//! little enough.

use std::io::ErrorKind;
use std::time::{Duration, SystemTime};

use ureq::Agent;

use super::{Settings, Verdict};

/// The longest `Retry-After` waited for; a server that asks for more is
/// "could not verify".
const MAX_WAIT: Duration = Duration::from_secs(60);

pub struct Client {
    agent: Agent,
    retries: u32,
    backoff: Duration,
    timeout: Duration,
    redirects: u32,
}

/// What one request came back with.
enum Answer {
    Status(u16, Option<Duration>),
    Failed(ureq::Error),
}

impl Client {
    pub fn new(s: &Settings) -> Client {
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(s.timeout))
            .max_redirects(s.redirects)
            .max_redirects_will_error(true)
            .http_status_as_error(false)
            .user_agent(concat!(
                "draftlint/",
                env!("CARGO_PKG_VERSION"),
                " (documentation link checker)"
            ))
            .build()
            .into();
        Client {
            agent,
            retries: s.retries,
            backoff: s.backoff,
            timeout: s.timeout,
            redirects: s.redirects,
        }
    }

    fn ask(&self, url: &str, head: bool) -> Answer {
        let sent = if head {
            self.agent.head(url).call()
        } else {
            self.agent.get(url).call()
        };
        match sent {
            // The body is not read: the status is the answer.
            Ok(r) => Answer::Status(r.status().as_u16(), retry_after(r.headers())),
            Err(e) => Answer::Failed(e),
        }
    }

    pub fn check(&self, url: &str) -> Verdict {
        let mut attempt = 0;
        loop {
            let mut answer = self.ask(url, true);
            if !matches!(answer, Answer::Status(200..=299 | 429, _)) {
                answer = self.ask(url, false);
            }
            let (verdict, again, asked) = self.judge(answer);
            let Some(wait) = again.filter(|_| attempt < self.retries) else {
                return verdict;
            };
            let wait = match asked {
                Some(w) if w > MAX_WAIT => return verdict,
                Some(w) => w,
                None => wait * 2u32.saturating_pow(attempt),
            };
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// The verdict of an answer; with a wait when asking again may change
    /// it, and the wait the server asked for.
    fn judge(&self, answer: Answer) -> (Verdict, Option<Duration>, Option<Duration>) {
        let retry = Some(self.backoff);
        match answer {
            Answer::Status(code, asked) => {
                let text = status_text(code);
                match code {
                    200..=299 => (Verdict::Ok, None, None),
                    401 | 403 => (
                        Verdict::Unverified(format!(
                            "{text}: the server does not let a checker see the page"
                        )),
                        None,
                        None,
                    ),
                    429 => (
                        Verdict::Unverified(format!("{text}: the server limits checkers")),
                        retry,
                        asked,
                    ),
                    500..=599 => (
                        Verdict::Unverified(format!("{text}: the server failed")),
                        retry,
                        asked,
                    ),
                    400..=499 => (Verdict::Broken(text), None, None),
                    _ => (Verdict::Unverified(text), None, None),
                }
            }
            Answer::Failed(e) => match e {
                ureq::Error::Timeout(_) => (
                    Verdict::Unverified(format!(
                        "no answer within {}",
                        super::seconds(self.timeout)
                    )),
                    retry,
                    None,
                ),
                ureq::Error::HostNotFound => (Verdict::Broken("host not found".into()), None, None),
                ureq::Error::TooManyRedirects => (
                    Verdict::Broken(format!("more than {} redirects", self.redirects)),
                    None,
                    None,
                ),
                ureq::Error::RedirectFailed => (
                    Verdict::Broken("a redirect leads nowhere".into()),
                    None,
                    None,
                ),
                ureq::Error::BadUri(why) => (
                    Verdict::Broken(format!("not a valid address: {why}")),
                    None,
                    None,
                ),
                ureq::Error::Io(io) if io.kind() == ErrorKind::ConnectionRefused => {
                    (Verdict::Broken("connection refused".into()), retry, None)
                }
                ureq::Error::Io(io) => (
                    Verdict::Unverified(format!("connection failed: {io}")),
                    retry,
                    None,
                ),
                ureq::Error::ConnectionFailed => {
                    (Verdict::Unverified("connection failed".into()), retry, None)
                }
                other => (Verdict::Unverified(other.to_string()), None, None),
            },
        }
    }
}

/// `Retry-After`: seconds, or an HTTP date.
fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
    let v = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

fn status_text(code: u16) -> String {
    match ureq::http::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{code} {reason}"),
        None => format!("HTTP {code}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let mut h = ureq::http::HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        h.insert("retry-after", later.parse().unwrap());
        let d = retry_after(&h).unwrap();
        assert!(
            d > Duration::from_secs(100) && d <= Duration::from_secs(120),
            "{d:?}"
        );
        h.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn status_texts() {
        assert_eq!(status_text(404), "404 Not Found");
        assert_eq!(status_text(599), "HTTP 599");
    }
}
