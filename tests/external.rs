//! External link checking against a loopback HTTP server started by each
//! test: verdicts for 200, redirect chains, 404, 401/403, 429 with
//! `Retry-After`, 5xx, time-outs and HEAD refused; per-host concurrency;
//! the cache; and no connection at all without the switch.
#![cfg(feature = "external")]

mod common;
use common::{draftlint, write};

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

#[derive(Default)]
struct Seen {
    connections: AtomicUsize,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    /// "METHOD /path" → times asked.
    requests: Mutex<HashMap<String, usize>>,
}

impl Seen {
    fn asked(&self, method: &str, path: &str) -> usize {
        let r = self.requests.lock().unwrap();
        r.get(&format!("{method} {path}")).copied().unwrap_or(0)
    }
    fn total(&self) -> usize {
        self.requests.lock().unwrap().values().sum()
    }
    fn reset(&self) {
        self.requests.lock().unwrap().clear();
        self.connections.store(0, Ordering::SeqCst);
    }
}

/// A server on 127.0.0.1 with fixed routes; it runs until the test ends.
struct Server {
    base: String,
    seen: Arc<Seen>,
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Seen::default());
    let s = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            s.connections.fetch_add(1, Ordering::SeqCst);
            let s = s.clone();
            std::thread::spawn(move || answer(stream, &s));
        }
    });
    Server { base, seen }
}

fn answer(mut stream: TcpStream, seen: &Seen) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let mut parts = first.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let times = {
        let mut r = seen.requests.lock().unwrap();
        let n = r.entry(format!("{method} {path}")).or_default();
        *n += 1;
        *n
    };
    let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    seen.most_in_flight.fetch_max(now, Ordering::SeqCst);
    let (code, extra): (u16, String) = match path {
        "/ok" | "/chain/0" => (200, String::new()),
        "/gone" => (404, String::new()),
        "/moved" => (301, "Location: /moved-again\r\n".into()),
        "/moved-again" => (308, "Location: /chain/0\r\n".into()),
        "/to-gone" => (302, "Location: /gone\r\n".into()),
        p if p.starts_with("/chain/") => {
            let n: u32 = p["/chain/".len()..].parse().unwrap();
            (301, format!("Location: /chain/{}\r\n", n - 1))
        }
        "/forbidden" => (403, String::new()),
        "/login" => (401, String::new()),
        // Limited once, then fine.
        "/limited" if times == 1 => (429, "Retry-After: 1\r\n".into()),
        "/limited" => (200, String::new()),
        "/always-limited" => (429, "Retry-After: 0\r\n".into()),
        // A server error once (each method), then fine.
        "/flaky" if times == 1 => (503, String::new()),
        "/flaky" => (200, String::new()),
        "/down" => (500, String::new()),
        "/no-head" if method == "HEAD" => (405, String::new()),
        "/no-head" => (200, String::new()),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            (200, String::new())
        }
        p if p.starts_with("/busy/") => {
            std::thread::sleep(Duration::from_millis(150));
            (200, String::new())
        }
        _ => (404, String::new()),
    };
    seen.in_flight.fetch_sub(1, Ordering::SeqCst);
    let _ = write!(
        stream,
        "HTTP/1.1 {code} X\r\nContent-Length: 0\r\nConnection: close\r\n{extra}\r\n"
    );
}

/// Config for a project whose links point at the server.
fn config(extra: &str) -> String {
    format!(
        "links:\n  external:\n    include: ['^http://127\\.0\\.0\\.1:']\n    timeout: 500ms\n    \
         retries: 1\n    backoff: 50ms\n    redirects: 3\n    cache-ttl: 0\n{extra}"
    )
}

/// The binary, never through a proxy.
fn run(dir: &Path, args: &[&str]) -> (Vec<(String, String, String)>, String) {
    let mut c = draftlint(dir);
    for v in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        c.env_remove(v);
    }
    let out = c
        .args([
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--select",
            "link",
        ])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let found = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let msg = f["message"].as_str().unwrap().to_string();
            let url = msg.split('`').nth(1).unwrap_or("").to_string();
            let path = url
                .splitn(4, '/')
                .nth(3)
                .map(|p| format!("/{p}"))
                .unwrap_or_default();
            (path, f["rule"].as_str().unwrap().to_string(), msg)
        })
        .collect();
    (found, String::from_utf8(out.stderr).unwrap())
}

/// A server and a project whose config is `config` and whose `a.md`
/// links to `paths` on the server.
fn project(config: &str, paths: &[&str]) -> (Server, tempfile::TempDir) {
    let server = serve();
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "draftlint.yaml", config);
    write(t.path(), "a.md", &page(&server, paths));
    (server, t)
}

fn page(server: &Server, paths: &[&str]) -> String {
    paths
        .iter()
        .map(|p| format!("- [{p}]({}{p})\n", server.base))
        .collect()
}

#[test]
fn no_connection_without_the_switch() {
    let (server, t) = project(&config(""), &["/ok", "/gone", "/forbidden"]);
    let (found, _) = run(t.path(), &[]);
    assert!(found.is_empty(), "{found:?}");
    let (found, _) = run(t.path(), &["--select", "broken-url,unverified-url"]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(server.seen.connections.load(Ordering::SeqCst), 0);
    // The same page with the switch does connect: the test can see it.
    let (found, _) = run(t.path(), &["--check-external"]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(server.seen.connections.load(Ordering::SeqCst) > 0);
}

#[test]
fn verdicts() {
    let server = serve();
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "draftlint.yaml", &config(""));
    let links = [
        "/ok",
        "/moved",
        "/chain/3",
        "/no-head",
        "/flaky",
        "/gone",
        "/to-gone",
        "/chain/4",
        "/forbidden",
        "/login",
        "/always-limited",
        "/down",
        "/slow",
    ];
    write(t.path(), "a.md", &page(&server, &links));
    let (mut found, stderr) = run(t.path(), &["--check-external"]);
    found.sort();
    let got: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.1.as_str())).collect();
    assert_eq!(
        got,
        [
            ("/always-limited", "unverified-url"),
            ("/chain/4", "broken-url"),
            ("/down", "unverified-url"),
            ("/forbidden", "unverified-url"),
            ("/gone", "broken-url"),
            ("/login", "unverified-url"),
            ("/slow", "unverified-url"),
            ("/to-gone", "broken-url"),
        ],
        "{found:#?}"
    );
    let message = |p: &str| found.iter().find(|f| f.0 == p).unwrap().2.clone();
    assert!(
        message("/gone").contains("404 Not Found"),
        "{}",
        message("/gone")
    );
    assert!(message("/chain/4").contains("more than 3 redirects"));
    assert!(message("/slow").contains("no answer within 500ms"));
    assert!(message("/always-limited").contains("429"));
    // HEAD first; GET only when HEAD does not say yes.
    assert_eq!(server.seen.asked("HEAD", "/ok"), 1);
    assert_eq!(server.seen.asked("GET", "/ok"), 0);
    assert_eq!(server.seen.asked("GET", "/no-head"), 1);
    // Retried once (retries: 1), HEAD and GET each time for a 5xx.
    assert_eq!(server.seen.asked("HEAD", "/down"), 2);
    assert_eq!(server.seen.asked("HEAD", "/always-limited"), 2);
    assert_eq!(
        server.seen.asked("HEAD", "/forbidden"),
        1,
        "403 is not retried"
    );
    // Standard error is no terminal: no progress bar.
    assert!(!stderr.contains('\r'), "{stderr:?}");
}

#[test]
fn retry_after_is_waited_for() {
    let (server, t) = project(&config(""), &["/limited"]);
    let start = Instant::now();
    let (found, _) = run(t.path(), &["--check-external"]);
    assert!(found.is_empty(), "{found:?}");
    assert!(start.elapsed() >= Duration::from_secs(1), "waited as asked");
    assert_eq!(server.seen.asked("HEAD", "/limited"), 2);
}

#[test]
fn one_request_per_address_and_a_bounded_number_per_host() {
    let server = serve();
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "draftlint.yaml",
        &config("    per-host: 2\n    concurrency: 8\n"),
    );
    let busy: Vec<String> = (0..10).map(|i| format!("/busy/{i}")).collect();
    let busy: Vec<&str> = busy.iter().map(String::as_str).collect();
    write(t.path(), "a.md", &page(&server, &busy));
    // The same addresses again, with fragments, on another page.
    let again: String = busy
        .iter()
        .map(|p| format!("[x]({}{p}#part)\n\n", server.base))
        .collect();
    write(t.path(), "b.md", &again);
    let (found, _) = run(t.path(), &["--check-external"]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(server.seen.total(), 10, "each address once");
    let most = server.seen.most_in_flight.load(Ordering::SeqCst);
    assert!(most <= 2, "per-host limit: {most} at once");
}

#[test]
fn the_cache_keeps_settled_answers_for_its_time_to_live() {
    let (server, t) = project(
        &config("").replace("cache-ttl: 0", "cache-ttl: 2s"),
        &["/ok", "/gone", "/forbidden"],
    );
    let (first, _) = run(t.path(), &["--check-external"]);
    assert_eq!(first.len(), 2);
    assert!(
        t.path()
            .join(".draftlint-cache/external-links.json")
            .exists()
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join(".draftlint-cache/.gitignore")).unwrap(),
        "# Created by draftlint.\n*\n"
    );
    server.seen.reset();
    let (second, _) = run(t.path(), &["--check-external"]);
    assert_eq!(second, first, "the same findings from the cache");
    assert_eq!(server.seen.asked("HEAD", "/ok"), 0);
    assert_eq!(server.seen.asked("HEAD", "/gone"), 0);
    assert_eq!(server.seen.asked("HEAD", "/forbidden"), 1, "never cached");
    std::thread::sleep(Duration::from_millis(2100));
    server.seen.reset();
    let (third, _) = run(t.path(), &["--check-external"]);
    assert_eq!(third, first);
    assert_eq!(server.seen.asked("HEAD", "/ok"), 1, "expired: asked again");
}

#[test]
fn the_config_switch_turns_checking_on_for_its_pages() {
    let (_server, t) = project(
        &config("").replace("links:\n", "links:\n  check-external: true\n"),
        &["/gone"],
    );
    let (found, _) = run(t.path(), &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "broken-url");
}

#[test]
fn example_hosts_and_exclusions_are_never_asked() {
    // No `include`: 127.0.0.1 is this machine, not checked by default.
    let (server, t) = project(
        "links:\n  external:\n    exclude: ['/gone']\n    cache-ttl: 0\n",
        &["/gone", "/forbidden"],
    );
    let (found, _) = run(t.path(), &["--check-external"]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(server.seen.connections.load(Ordering::SeqCst), 0);
}

#[test]
fn bad_external_settings_are_config_errors() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "draftlint.yaml",
        "links:\n  external:\n    timeout: soon\n    per-host: 0\n    include: ['(']\n    retires: 3\n",
    );
    write(t.path(), "a.md", "# A\n");
    let out = draftlint(t.path()).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for want in [
        "`links.external.timeout` must be a duration",
        "`links.external.per-host` must be at least 1",
        "invalid regex `(`",
        "unknown key `retires` (did you mean `retries`?)",
    ] {
        assert!(err.contains(want), "{want} in {err}");
    }
}

#[test]
fn a_progress_bar_when_standard_error_is_a_terminal() {
    // The server lives to the end of the test.
    let (_server, t) = project(&config(""), &["/busy/1", "/busy/2", "/gone"]);
    let bin = assert_cmd::cargo::cargo_bin("draftlint");
    // `script` (util-linux) runs the command on a pseudo-terminal.
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!(
                "{} check --check-external --format concise a.md",
                bin.display()
            ),
            "/dev/null",
        ])
        .current_dir(t.path())
        .env("NO_COLOR", "1")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .output()
        .expect("script(1) from util-linux");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("checking external links ["), "{shown:?}");
    assert!(
        shown.contains("\r\x1b[2K"),
        "the line is cleared: {shown:?}"
    );
    assert!(shown.contains("is broken: 404 Not Found"), "{shown:?}");
}
