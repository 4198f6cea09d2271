//! `incidex lsp`'s language server without its transport: the open reports, checked as
//! `check` checks them while they are typed, with completion, hover, quick fixes and an
//! outline. It takes protocol messages and returns the ones to send; the command moves
//! them over stdio and keeps time.

mod answers;
mod completion;
mod diagnostics;
mod documents;
mod fixes;
mod hover;
mod outline;
mod position;
mod sites;
mod symbols;
mod uri;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionProviderCapability, CompletionOptions, HoverProviderCapability,
    InitializeResult, OneOf, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
};
use serde_json::Value;

use documents::Document;
use sites::Sites;

/// How long typing must pause before a changed report is checked again.
pub const SETTLE: Duration = Duration::from_millis(150);

/// What the transport does after a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Go,
    /// The client said `exit`: 0 after `shutdown`, 1 without (as the protocol asks).
    Exit(i32),
}

/// The server's state: the open documents and the sites they belong to.
#[derive(Default)]
pub struct Server {
    documents: HashMap<Uri, Document>,
    sites: Sites,
    initialized: bool,
    shut_down: bool,
}

impl Server {
    pub fn new() -> Server {
        Server::default()
    }

    /// Handles one message from the client; what to send back goes to `out`.
    pub fn handle(&mut self, message: Message, now: Instant, out: &mut Vec<Message>) -> Step {
        match message {
            Message::Request(request) => {
                let response = self.request(request, now);
                out.push(Message::Response(response));
                Step::Go
            }
            Message::Notification(notification) => self.notification(notification, now, out),
            // No request of ours awaits an answer.
            Message::Response(_) => Step::Go,
        }
    }

    /// When the next pending check is due, if any.
    pub fn next_due(&self) -> Option<Instant> {
        self.documents.values().filter_map(|d| d.due).min()
    }

    /// Checks every document whose pause is over and publishes its diagnostics.
    pub fn check_due(&mut self, now: Instant, out: &mut Vec<Message>) {
        let due: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|at| at <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            out.push(self.publish(&uri));
        }
    }

    fn request(&mut self, request: Request, now: Instant) -> Response {
        let id = request.id.clone();
        if request.method == "initialize" {
            self.initialized = true;
            return Response::new_ok(id, initialize_result());
        }
        if !self.initialized {
            return error(id, ErrorCode::ServerNotInitialized, "initialize first");
        }
        if self.shut_down {
            return error(id, ErrorCode::InvalidRequest, "the server is shut down");
        }
        let params = request.params;
        let result = match request.method.as_str() {
            "shutdown" => {
                self.shut_down = true;
                Ok(Value::Null)
            }
            "textDocument/completion" => self.answer(params, now, Server::completion),
            "textDocument/hover" => self.answer(params, now, Server::hover),
            "textDocument/codeAction" => self.answer(params, now, Server::code_actions),
            "textDocument/documentSymbol" => self.answer(params, now, Server::symbols),
            other => {
                return error(
                    id,
                    ErrorCode::MethodNotFound,
                    &format!("unknown method `{other}`"),
                );
            }
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err(why) => error(id, ErrorCode::InvalidParams, &why),
        }
    }

    /// Reads a request's parameters, then answers it with `handler`.
    fn answer<P: serde::de::DeserializeOwned, R: serde::Serialize>(
        &mut self,
        params: Value,
        now: Instant,
        handler: fn(&mut Server, P, Instant) -> R,
    ) -> Result<Value, String> {
        let params: P = serde_json::from_value(params).map_err(|e| e.to_string())?;
        let result = handler(self, params, now);
        serde_json::to_value(result).map_err(|e| e.to_string())
    }

    fn notification(
        &mut self,
        notification: Notification,
        now: Instant,
        out: &mut Vec<Message>,
    ) -> Step {
        if notification.method == "exit" {
            return Step::Exit(if self.shut_down { 0 } else { 1 });
        }
        if !self.initialized {
            return Step::Go;
        }
        let params = notification.params;
        // A notification with parameters it cannot read is dropped, as the protocol asks.
        let _ = match notification.method.as_str() {
            "textDocument/didOpen" => read(params).map(|p| self.opened(p, out)),
            "textDocument/didChange" => read(params).map(|p| self.changed(p, now)),
            "textDocument/didSave" => read(params).map(|p| self.saved(p, now)),
            "textDocument/didClose" => read(params).map(|p| self.closed(p, out)),
            "workspace/didChangeWatchedFiles" => read(params).map(|p| self.watched(p, now)),
            _ => Ok(()),
        };
        Step::Go
    }

    /// The diagnostics of `uri` as a notification, its text checked now.
    fn publish(&mut self, uri: &Uri) -> Message {
        let diagnostics = self.diagnose(uri);
        let version = self.documents.get(uri).map(|d| d.version);
        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, version);
        Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        ))
    }
}

fn read<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, serde_json::Error> {
    serde_json::from_value(params)
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_string())
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::FULL),
                    save: Some(lsp_types::TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                },
            )),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["#".into(), "*".into(), "@".into(), " ".into()]),
                ..Default::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(
                lsp_types::CodeActionOptions {
                    code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                    ..Default::default()
                },
            )),
            document_symbol_provider: Some(OneOf::Left(true)),
            ..Default::default()
        },
        server_info: Some(ServerInfo {
            name: "incidex".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}
