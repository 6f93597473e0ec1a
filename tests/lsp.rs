//! The language server as an editor meets it: a client written here speaks
//! JSON-RPC over the real binary's standard input and output.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long to wait for an answer before the test fails (not a timing
/// assertion: a hung server would otherwise hang the test).
const PATIENCE: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    /// `None` once closed.
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    held: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_draftlint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("draftlint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().expect("a length"));
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                r.read_exact(&mut body).unwrap();
                let v: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin: Some(stdin),
            incoming,
            held: VecDeque::new(),
            next_id: 0,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).unwrap();
        let stdin = self.stdin.as_mut().expect("input open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(v) => {
                // A request from the server (registration): say yes.
                if v.get("id").is_some() && v.get("method").is_some() {
                    let id = v["id"].clone();
                    self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
                }
                v
            }
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Send a request and return its whole response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + PATIENCE;
        loop {
            let v = self.next(deadline);
            if v.get("method").is_none() && v["id"] == json!(id) {
                return v;
            }
            if v.get("id").is_none() {
                self.held.push_back(v);
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.held.iter().position(|v| is_diagnostics_for(v, uri)) {
            let v = self.held.remove(i).unwrap();
            return v["params"]["diagnostics"].as_array().unwrap().clone();
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let v = self.next(deadline);
            if is_diagnostics_for(&v, uri) {
                return v["params"]["diagnostics"].as_array().unwrap().clone();
            }
            if v.get("id").is_none() {
                self.held.push_back(v);
            }
        }
    }

    fn initialize(&mut self, dir: &Path, general: Value) -> Value {
        let root = uri(dir);
        let answer = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "docs"}],
                "capabilities": {
                    "general": general,
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                    "textDocument": {"publishDiagnostics": {}},
                },
            }),
        );
        self.notify("initialized", json!({}));
        answer
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// Shut down and exit; the process's exit code.
    fn stop(mut self) -> i32 {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        assert!(answer.get("error").is_none(), "{answer}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    /// Close the server's input and wait for it to end.
    fn close_and_wait(mut self) -> i32 {
        self.stdin = None;
        self.wait()
    }

    /// Wait for the process to end, its input still open: it must end
    /// because of what it was told, not because the input closed.
    fn wait(mut self) -> i32 {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_diagnostics_for(v: &Value, uri: &str) -> bool {
    v["method"] == "textDocument/publishDiagnostics" && v["params"]["uri"] == uri
}

/// A `file:` URI for `path`, spaces and non-ASCII escaped as editors do.
fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

fn by_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

fn range(l1: u64, c1: u64, l2: u64, c2: u64) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

const PAGE: &str = "# Release notes\n\n🎉 新機能 TODO: describe the feature.\n\nThe installer is refered to as Setup.\n\nSee [the setup guide](setup.md) and [its options](setup.md#options).\n";

#[test]
fn diagnostics_fixes_and_reloads_over_json_rpc() {
    let dir = tempfile::tempdir().unwrap();
    // A folder name with a space and an accent: URIs are escaped.
    let docs = dir.path().join("my docs é");
    std::fs::create_dir_all(&docs).unwrap();
    let page = docs.join("page.md");
    std::fs::write(&page, PAGE).unwrap();
    let page_uri = uri(&page);

    let mut c = Client::start(&docs);
    let init = c.initialize(&docs, json!({}));
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(init["result"]["serverInfo"]["name"], "draftlint");

    c.open(&page_uri, PAGE);
    let d = c.diagnostics(&page_uri);
    // `🎉 新機能 ` is 7 UTF-16 units (the emoji is two), 5 characters,
    // 15 bytes; the marker's span runs to the end of the sentence.
    let todo = by_code(&d, "todo-marker");
    assert_eq!(todo.len(), 1, "{d:?}");
    assert_eq!(todo[0]["range"], range(2, 7, 2, 34), "{d:?}");
    assert_eq!(todo[0]["severity"], 1);
    assert_eq!(todo[0]["source"], "draftlint");
    let typo = by_code(&d, "spelling");
    assert_eq!(typo[0]["range"], range(4, 17, 4, 24), "{d:?}");
    assert_eq!(typo[0]["severity"], 2);
    assert!(typo[0]["message"].as_str().unwrap().contains("`refered`"));
    // Cross-file: the page it links to is not in the workspace.
    assert_eq!(by_code(&d, "broken-link").len(), 2, "{d:?}");

    // Quick fixes at the misspelling: the correction (preferred: it is
    // safe) and a comment that disables the rule for the line.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": page_uri},
            "range": range(4, 20, 4, 20),
            "context": {"diagnostics": []},
        }),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Change `refered` to `referred`",
            "Disable `spelling` for this line",
            "Fix all safely fixable draftlint findings (1)"
        ],
        "{actions:?}"
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        fix["edit"]["changes"][&page_uri],
        json!([{"range": range(4, 17, 4, 24), "newText": "referred"}])
    );
    let disable = &actions[1]["edit"]["changes"][&page_uri];
    assert_eq!(
        disable,
        &json!([{"range": range(4, 0, 4, 0), "newText": "<!-- draftlint-disable-next-line spelling -->\n"}])
    );
    // On the line with the emoji: positions in UTF-16 find the marker.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": page_uri},
            "range": range(2, 8, 2, 8),
            "context": {"diagnostics": [], "only": ["quickfix"]},
        }),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Disable `todo-marker` for this line"]);

    // The writer takes the fix and disables the marker: both go.
    let edited = PAGE
        .replace("refered", "referred")
        .replace("🎉", "<!-- draftlint-disable-next-line todo-marker -->\n🎉");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": page_uri, "version": 2}, "contentChanges": [{"text": edited}]}),
    );
    let d = c.diagnostics(&page_uri);
    assert!(by_code(&d, "spelling").is_empty(), "{d:?}");
    assert!(by_code(&d, "todo-marker").is_empty(), "{d:?}");
    assert_eq!(by_code(&d, "broken-link").len(), 2, "{d:?}");

    // The linked page appears on disk: the link is fine, its anchor not.
    std::fs::write(docs.join("setup.md"), "# Setup\n\nRun the installer.\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&docs.join("setup.md")), "type": 1}]}),
    );
    let d = c.diagnostics(&page_uri);
    assert!(by_code(&d, "broken-link").is_empty(), "{d:?}");
    let anchor = by_code(&d, "broken-anchor");
    assert_eq!(anchor.len(), 1, "{d:?}");
    assert_eq!(anchor[0]["range"]["start"]["line"], 7, "{d:?}");

    // A config appears: it is read, and a bad one is shown, not fatal.
    std::fs::write(
        docs.join("draftlint.yaml"),
        "rules:\n  broken-anchor: off\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&docs.join("draftlint.yaml")), "type": 1}]}),
    );
    let d = c.diagnostics(&page_uri);
    assert!(d.is_empty(), "{d:?}");
    std::fs::write(docs.join("draftlint.yaml"), "rules:\n  broken-anchr: off\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&docs.join("draftlint.yaml")), "type": 2}]}),
    );
    let d = c.diagnostics(&page_uri);
    assert_eq!(d.len(), 1, "{d:?}");
    let message = d[0]["message"].as_str().unwrap();
    assert!(message.contains("draftlint.yaml:2:3"), "{message}");
    assert!(message.contains("broken-anchor"), "{message}");

    // Closing clears the document's diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": page_uri}}),
    );
    assert!(c.diagnostics(&page_uri).is_empty());
    assert_eq!(c.stop(), 0);
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page = d.join("page.md");
    std::fs::write(&page, PAGE).unwrap();
    let page_uri = uri(&page);
    let mut c = Client::start(d);
    let init = c.initialize(d, json!({"positionEncodings": ["utf-8", "utf-16"]}));
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    c.open(&page_uri, PAGE);
    let diags = c.diagnostics(&page_uri);
    let todo = by_code(&diags, "todo-marker");
    // 4 bytes for the emoji, 9 for the three CJK characters, 2 spaces.
    assert_eq!(todo[0]["range"], range(2, 15, 2, 42), "{diags:?}");

    // A file the project's ignore files exclude shows nothing.
    std::fs::write(d.join(".draftlintignore"), "old/\n").unwrap();
    std::fs::create_dir(d.join("old")).unwrap();
    let old = d.join("old/page.md");
    std::fs::write(&old, PAGE).unwrap();
    c.open(&uri(&old), PAGE);
    assert!(c.diagnostics(&uri(&old)).is_empty());

    // Initialized twice is an error; so is a request it does not know.
    let again = c.request("initialize", json!({"processId": null, "capabilities": {}}));
    assert_eq!(again["error"]["code"], -32600, "{again}");
    let answer = c.request("textDocument/hover", json!({}));
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    assert_eq!(c.stop(), 0);
}

#[test]
fn exit_codes_follow_the_protocol() {
    let dir = tempfile::tempdir().unwrap();
    // `exit` without `shutdown`: 1.
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);
    // `shutdown`, then the input closes without `exit`: 0.
    let mut c = Client::start(dir.path());
    c.initialize(dir.path(), json!({}));
    let answer = c.request("shutdown", Value::Null);
    assert_eq!(answer["result"], Value::Null);
    assert_eq!(c.close_and_wait(), 0);
}

#[test]
fn a_bad_start_is_answered_and_a_trace_setting_before_initialized_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(dir.path());
    let answer = c.request(
        "initialize",
        json!({"processId": null, "capabilities": {"general": {"positionEncodings": "utf-8"}}}),
    );
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait(), 1);

    let page = dir.path().join("page.md");
    std::fs::write(&page, PAGE).unwrap();
    let mut c = Client::start(dir.path());
    let root = uri(dir.path());
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    c.notify("$/setTrace", json!({"value": "off"}));
    c.notify("initialized", json!({}));
    c.open(&uri(&page), PAGE);
    assert!(!c.diagnostics(&uri(&page)).is_empty());
    assert_eq!(c.stop(), 0);
}
