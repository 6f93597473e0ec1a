//! `draftlint lsp`: the language server, over standard input and output.
//!
//! Each open document is checked as the file it is (its config, its word
//! list, links resolved against the workspace on disk) when it is opened,
//! changed or saved; changes already waiting are applied before a check,
//! so a burst of them is checked once. Saving a file and changes on disk (a config, a word list, a page
//! created or deleted, as `workspace/didChangeWatchedFiles` reports them)
//! check every open document again: the config is read anew each time.
//! Web links are never asked over the network here.
//!
//! Positions are in UTF-16 code units, as the protocol says, unless the
//! client offers UTF-8. Code actions: the fix or the suggestions of a
//! finding, a comment that disables its rule there (see [`disable`]), and
//! "fix all" (safe fixes) for the document.

mod convert;
mod disable;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, FileSystemWatcher, GlobPattern,
    InitializeParams, InitializeResult, NumberOrString, PositionEncodingKind,
    PublishDiagnosticsParams, Range, Registration, RegistrationParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
    notification, request,
};

use crate::FileReport;
use crate::error::Error;
use crate::finding::{Applicability, Finding, Severity};
use crate::span::{ColumnUnit, LineIndex};

/// Serve until the client says `exit`; the process exit code (0 after a
/// `shutdown`, 1 without one, as the protocol asks).
pub fn serve() -> Result<i32, Error> {
    let (conn, io) = Connection::stdio();
    let code = match Server::start(&conn) {
        Ok(mut server) => server.serve(&conn),
        Err(e) => {
            // Said to the client when it could be; wait for its `exit`.
            eprintln!("draftlint lsp: {e}");
            Ok(wait_for_exit(&conn, 1))
        }
    };
    // The writer thread ends when the connection is gone.
    drop(conn);
    let joined = io.join();
    let code = code.map_err(protocol)?;
    joined.map_err(|e| Error::Io {
        path: PathBuf::from("<stdin>"),
        message: format!("the client sent something that is not a JSON-RPC message: {e}"),
    })?;
    Ok(code)
}

fn protocol(e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: PathBuf::from("<lsp>"),
        message: e.to_string(),
    }
}

/// An open document and what it was last checked to hold.
struct Doc {
    uri: Uri,
    path: PathBuf,
    text: String,
    version: Option<i32>,
    /// The last check; `None` before the first or when the file is
    /// ignored by its config.
    report: Option<FileReport>,
}

struct Server {
    unit: ColumnUnit,
    root: PathBuf,
    docs: HashMap<String, Doc>,
    /// Documents to check when the queue is empty.
    dirty: BTreeSet<String>,
    /// Ids of the requests this server sent.
    next_id: i32,
    /// Whether the client takes file watchers, registered once it says
    /// `initialized`.
    watch: bool,
}

impl Server {
    fn start(conn: &Connection) -> Result<Server, String> {
        let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
        let params: InitializeParams = match serde_json::from_value(params) {
            Ok(p) => p,
            Err(e) => {
                let message = format!("bad initialize parameters: {e}");
                let answer =
                    Response::new_err(id, ErrorCode::InvalidParams as i32, message.clone());
                send(conn, answer.into())?;
                return Err(message);
            }
        };
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let root = root(&params);
        let result = InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::FULL),
                        save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                            include_text: Some(false),
                        })),
                        ..Default::default()
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                        ]),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "draftlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        // Answered here rather than by `initialize_finish`, which refuses
        // anything but `initialized` next (`$/setTrace` may come first).
        send(conn, Response::new_ok(id, result).into())?;
        let server = Server {
            unit: if utf8 {
                ColumnUnit::Bytes
            } else {
                ColumnUnit::Utf16
            },
            root,
            docs: HashMap::new(),
            dirty: BTreeSet::new(),
            next_id: 0,
            watch: params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files)
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
        };
        Ok(server)
    }

    /// Ask the client to report changes to configs, word lists and pages.
    fn watch(&mut self, conn: &Connection) -> Result<(), String> {
        let mut globs: Vec<String> = crate::config::FILE_NAMES
            .iter()
            .map(|n| format!("**/{n}"))
            .collect();
        globs.extend(
            [
                "draftlint-words.txt",
                ".draftlint-words.txt",
                ".draftlintignore",
            ]
            .iter()
            .map(|n| format!("**/{n}")),
        );
        globs.extend(["**/*.md".to_string(), "**/*.markdown".to_string()]);
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: globs
                .into_iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g),
                    kind: None,
                })
                .collect(),
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "draftlint-watch".into(),
                method: notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(serde_json::to_value(options).map_err(|e| e.to_string())?),
            }],
        };
        self.request(conn, request::RegisterCapability::METHOD, params)
    }

    fn request(
        &mut self,
        conn: &Connection,
        method: &str,
        params: impl serde::Serialize,
    ) -> Result<(), String> {
        self.next_id += 1;
        let id = RequestId::from(format!("draftlint-{}", self.next_id));
        send(conn, Request::new(id, method.into(), params).into())
    }

    fn serve(&mut self, conn: &Connection) -> Result<i32, String> {
        loop {
            let Ok(msg) = conn.receiver.recv() else {
                // The client went away without `exit`.
                return Ok(1);
            };
            if let Some(code) = self.handle(conn, msg)? {
                return Ok(code);
            }
            // Apply what is already waiting before checking.
            while let Ok(msg) = conn.receiver.try_recv() {
                if let Some(code) = self.handle(conn, msg)? {
                    return Ok(code);
                }
            }
            self.check_dirty(conn)?;
        }
    }

    /// One message; the exit code when it ends the session.
    fn handle(&mut self, conn: &Connection, msg: Message) -> Result<Option<i32>, String> {
        match msg {
            Message::Request(req) => {
                if req.method == request::Shutdown::METHOD {
                    send(conn, Response::new_ok(req.id, ()).into())?;
                    return Ok(Some(wait_for_exit(conn, 0)));
                }
                let response = self.answer(conn, req)?;
                send(conn, response.into())?;
            }
            Message::Notification(n) => {
                if n.method == notification::Exit::METHOD {
                    return Ok(Some(1));
                }
                self.notice(conn, n)?;
            }
            // Answers to our registration: nothing to do.
            Message::Response(_) => {}
        }
        Ok(None)
    }

    fn answer(&mut self, conn: &Connection, req: Request) -> Result<Response, String> {
        Ok(match req.method.as_str() {
            request::CodeActionRequest::METHOD => {
                // Actions are made from the text as it is now.
                self.check_dirty(conn)?;
                match serde_json::from_value::<CodeActionParams>(req.params) {
                    Ok(params) => Response::new_ok(req.id, self.code_actions(&params)),
                    Err(e) => Response::new_err(
                        req.id,
                        ErrorCode::InvalidParams as i32,
                        format!("bad codeAction: {e}"),
                    ),
                }
            }
            request::Initialize::METHOD => Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "the server is initialized already".into(),
            ),
            _ => Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("draftlint does not answer `{}`", req.method),
            ),
        })
    }

    fn notice(&mut self, conn: &Connection, n: Notification) -> Result<(), String> {
        match n.method.as_str() {
            notification::Initialized::METHOD if self.watch => {
                // Once, however often the client says it.
                self.watch = false;
                self.watch(conn)?;
            }
            notification::DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let key = p.text_document.uri.as_str().to_string();
                let path = convert::path(&key, &self.root);
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri: p.text_document.uri,
                        path,
                        text: p.text_document.text,
                        version: Some(p.text_document.version),
                        report: None,
                    },
                );
                self.dirty.insert(key);
            }
            notification::DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let key = p.text_document.uri.as_str().to_string();
                let unit = self.unit;
                let Some(doc) = self.docs.get_mut(&key) else {
                    return Ok(());
                };
                for change in p.content_changes {
                    match change.range {
                        None => doc.text = change.text,
                        Some(r) => {
                            let lines = LineIndex::new(&doc.text);
                            let start = convert::offset(&lines, &doc.text, r.start, unit);
                            let end = convert::offset(&lines, &doc.text, r.end, unit);
                            if start <= end {
                                doc.text.replace_range(start..end, &change.text);
                            }
                        }
                    }
                }
                doc.version = Some(p.text_document.version);
                self.dirty.insert(key);
            }
            notification::DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params)
                    && let (Some(text), Some(doc)) =
                        (p.text, self.docs.get_mut(p.text_document.uri.as_str()))
                {
                    doc.text = text;
                }
                // Other pages may link to the one saved.
                self.dirty.extend(self.docs.keys().cloned());
            }
            notification::DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return Ok(());
                };
                let key = p.text_document.uri.as_str();
                self.dirty.remove(key);
                if let Some(doc) = self.docs.remove(key) {
                    publish(conn, doc.uri, Vec::new(), None)?;
                }
            }
            notification::DidChangeWatchedFiles::METHOD
            | notification::DidChangeConfiguration::METHOD => {
                self.dirty.extend(self.docs.keys().cloned());
            }
            _ => {}
        }
        Ok(())
    }

    /// Check the documents waiting for it and publish their diagnostics.
    fn check_dirty(&mut self, conn: &Connection) -> Result<(), String> {
        let unit = self.unit;
        for key in std::mem::take(&mut self.dirty) {
            let Some(doc) = self.docs.get_mut(&key) else {
                continue;
            };
            let diagnostics = match crate::lint_buffer(&doc.path, doc.text.clone()) {
                Ok(Some(file)) => {
                    let d = file
                        .findings
                        .iter()
                        .map(|f| diagnostic(&file, f, unit))
                        .collect();
                    doc.report = Some(file);
                    d
                }
                Ok(None) => {
                    doc.report = None;
                    Vec::new()
                }
                Err(e) => {
                    doc.report = None;
                    vec![Diagnostic {
                        range: Range::default(),
                        severity: Some(DiagnosticSeverity::ERROR),
                        source: Some("draftlint".into()),
                        message: format!("draftlint could not check this file: {e}"),
                        ..Default::default()
                    }]
                }
            };
            publish(conn, doc.uri.clone(), diagnostics, doc.version)?;
        }
        Ok(())
    }

    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let Some(doc) = self.docs.get(params.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let Some(file) = &doc.report else {
            return Vec::new();
        };
        let unit = self.unit;
        let only = params.context.only.as_deref();
        // `only: ["source"]` asks for `source.fixAll` too, not `sourcery`.
        let wants = |kind: &CodeActionKind| {
            only.is_none_or(|o| {
                o.iter().any(|k| {
                    let (kind, k) = (kind.as_str(), k.as_str());
                    kind == k || kind.strip_prefix(k).is_some_and(|r| r.starts_with('.'))
                })
            })
        };
        let mut actions = Vec::new();
        let mut disables = Vec::new();
        // Parsed again only when a finding is at the cursor: editors ask
        // for code actions at every move.
        let parsed = std::cell::OnceCell::new();
        let edit = |edits: Vec<TextEdit>| WorkspaceEdit {
            changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
            ..Default::default()
        };
        if wants(&CodeActionKind::QUICKFIX) {
            for f in &file.findings {
                let diag = diagnostic(file, f, unit);
                if !convert::touches(diag.range, params.range) {
                    continue;
                }
                for (title, edits, preferred) in fixes(file, f, unit) {
                    actions.push(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag.clone()]),
                        edit: Some(edit(edits)),
                        is_preferred: Some(preferred),
                        ..Default::default()
                    });
                }
                let (title, inserts) = disable::edits(
                    parsed.get_or_init(|| crate::document::Document::parse(file.source.clone())),
                    f.span.start,
                    &f.rule,
                );
                if !disables.contains(&inserts) {
                    let edits = inserts
                        .iter()
                        .map(|(at, text)| {
                            let at = *at as u32;
                            TextEdit::new(convert::range(file, at, at, unit), text.clone())
                        })
                        .collect();
                    disables.push(inserts);
                    actions.push(CodeAction {
                        title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diag]),
                        edit: Some(edit(edits)),
                        ..Default::default()
                    });
                }
            }
        }
        if wants(&CodeActionKind::SOURCE_FIX_ALL)
            && let Ok((text, n)) = crate::fix::fixed(file, false)
            && n > 0
        {
            let end = convert::position(&file.lines, &file.source, file.source.len() as u32, unit);
            actions.push(CodeAction {
                title: format!("Fix all safely fixable draftlint findings ({n})"),
                kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                edit: Some(edit(vec![TextEdit::new(
                    Range::new(Default::default(), end),
                    text,
                )])),
                ..Default::default()
            });
        }
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }
}

/// Answer every request with an error until `exit`; then `code`.
fn wait_for_exit(conn: &Connection, code: i32) -> i32 {
    for msg in &conn.receiver {
        match msg {
            Message::Notification(n) if n.method == notification::Exit::METHOD => return code,
            Message::Request(req) => {
                let _ = send(
                    conn,
                    Response::new_err(
                        req.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    )
                    .into(),
                );
            }
            _ => {}
        }
    }
    code
}

fn send(conn: &Connection, msg: Message) -> Result<(), String> {
    conn.sender
        .send(msg)
        .map_err(|_| "the client closed the connection".to_string())
}

fn publish(
    conn: &Connection,
    uri: Uri,
    diagnostics: Vec<Diagnostic>,
    version: Option<i32>,
) -> Result<(), String> {
    let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
    send(
        conn,
        Notification::new(notification::PublishDiagnostics::METHOD.into(), params).into(),
    )
}

/// The workspace's folder: the first workspace folder, the root URI, or
/// the folder the server was started in.
fn root(params: &InitializeParams) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    #[allow(deprecated)]
    let uri = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.as_str().to_string())
        .or_else(|| params.root_uri.as_ref().map(|u| u.as_str().to_string()));
    match uri {
        Some(u) if u.starts_with("file://") => convert::path(&u, &cwd),
        _ => cwd,
    }
}

fn diagnostic(file: &FileReport, f: &Finding, unit: ColumnUnit) -> Diagnostic {
    let message = match &f.help {
        Some(help) => format!("{}\n{help}", f.message),
        None => f.message.clone(),
    };
    Diagnostic {
        range: convert::range(file, f.span.start, f.span.end, unit),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(f.rule.to_string())),
        source: Some("draftlint".into()),
        message,
        ..Default::default()
    }
}

/// A finding's quick fixes: each suggestion in place of its fix's one
/// edit, or the fix as it is; (title, edits, preferred).
fn fixes(file: &FileReport, f: &Finding, unit: ColumnUnit) -> Vec<(String, Vec<TextEdit>, bool)> {
    let Some(fix) = &f.fix else {
        return Vec::new();
    };
    let safe = fix.applicability == Applicability::Safe;
    let text_edit = |start: u32, end: u32, new: &str| {
        TextEdit::new(convert::range(file, start, end, unit), new.to_string())
    };
    let title = |old: &str, new: &str| {
        if new.is_empty() {
            format!("Remove `{old}`")
        } else {
            format!("Change `{old}` to `{new}`")
        }
    };
    match fix.edits.as_slice() {
        [one] if !f.suggestions.is_empty() => {
            let (s, e) = (one.span.start, one.span.end);
            let old = &file.source[s as usize..e as usize];
            f.suggestions
                .iter()
                .take(5)
                .enumerate()
                .map(|(i, new)| (title(old, new), vec![text_edit(s, e, new)], i == 0 && safe))
                .collect()
        }
        [one] => {
            let (s, e) = (one.span.start, one.span.end);
            let old = &file.source[s as usize..e as usize];
            vec![(
                title(old, &one.replacement),
                vec![text_edit(s, e, &one.replacement)],
                safe,
            )]
        }
        edits => vec![(
            format!("Apply draftlint's fix for `{}`", f.rule),
            edits
                .iter()
                .map(|e| text_edit(e.span.start, e.span.end, &e.replacement))
                .collect(),
            safe,
        )],
    }
}
