//! The open documents: their text kept in step with the editor's, and their check (the
//! report's own problems plus those it has with the archive on disk).

use std::path::PathBuf;
use std::time::Instant;

use lsp_server::Message;
use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, PublishDiagnosticsParams,
    TextDocumentContentChangeEvent, Uri,
};

use super::diagnostics::to_protocol;
use super::position::offset_of;
use super::sites::Role;
use super::uri::path_of;
use super::{SETTLE, Server};
use crate::check::check_text;
use crate::diagnostic::{Code, Diagnostic, Location};

/// One open document.
pub struct Document {
    /// The file it is, None for a buffer never saved (checked alone, with the defaults).
    pub path: Option<PathBuf>,
    pub text: String,
    pub version: i32,
    /// When it is to be checked again (typing paused), if it changed since its last check.
    pub due: Option<Instant>,
    /// The problems of its last check.
    pub found: Vec<Diagnostic>,
}

impl Document {
    /// The file the document is; an unsaved buffer is taken for a report in the temporary
    /// folder (checked alone, with the defaults, unless that folder is in a site).
    pub fn file(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join(UNTITLED))
    }

    /// Applies one change: the whole text, or a range replaced.
    fn apply(&mut self, change: TextDocumentContentChangeEvent) {
        match change.range {
            None => self.text = change.text,
            Some(range) => {
                let start = offset_of(&self.text, range.start);
                let end = offset_of(&self.text, range.end).max(start);
                self.text.replace_range(start..end, &change.text);
            }
        }
    }
}

/// The path of an unsaved buffer, for the checks' messages.
const UNTITLED: &str = "untitled.md";

impl Server {
    pub(super) fn opened(&mut self, params: DidOpenTextDocumentParams, out: &mut Vec<Message>) {
        let document = params.text_document;
        self.documents.insert(
            document.uri.clone(),
            Document {
                path: path_of(&document.uri),
                text: document.text,
                version: document.version,
                due: None,
                found: Vec::new(),
            },
        );
        out.push(self.publish(&document.uri));
    }

    pub(super) fn changed(&mut self, params: DidChangeTextDocumentParams, now: Instant) {
        let Some(document) = self.documents.get_mut(&params.text_document.uri) else {
            return;
        };
        for change in params.content_changes {
            document.apply(change);
        }
        document.version = params.text_document.version;
        document.due = Some(now + SETTLE);
    }

    pub(super) fn saved(&mut self, params: DidSaveTextDocumentParams, now: Instant) {
        if let Some(path) = path_of(&params.text_document.uri) {
            self.changed_on_disk(&[path], now);
        }
    }

    pub(super) fn watched(&mut self, params: DidChangeWatchedFilesParams, now: Instant) {
        let paths: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| path_of(&c.uri))
            .collect();
        self.changed_on_disk(&paths, now);
    }

    /// Files changed on disk: their sites read the archive again, and every open report is
    /// checked again (a slug it shared may be gone).
    fn changed_on_disk(&mut self, paths: &[PathBuf], now: Instant) {
        for path in paths {
            self.sites.changed_on_disk(path);
        }
        for document in self.documents.values_mut() {
            document.due = Some(
                document
                    .due
                    .map_or(now + SETTLE, |due| due.min(now + SETTLE)),
            );
        }
    }

    pub(super) fn closed(&mut self, params: DidCloseTextDocumentParams, out: &mut Vec<Message>) {
        let uri = params.text_document.uri;
        if self.documents.remove(&uri).is_some() {
            // Its problems leave the editor with it.
            let params = PublishDiagnosticsParams::new(uri, Vec::new(), None);
            out.push(Message::Notification(lsp_server::Notification::new(
                "textDocument/publishDiagnostics".into(),
                params,
            )));
        }
    }

    /// Checks `uri`'s text now; its problems for the editor.
    pub(super) fn diagnose(&mut self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        let Some(document) = self.documents.get_mut(uri) else {
            return Vec::new();
        };
        document.due = None;
        let path = document.file();
        let site = self.sites.site_of(&path);
        let Role::Report(below) = site.role_of(&path) else {
            document.found.clear();
            return Vec::new();
        };
        site.refresh();
        let mut found = check_text(&site.config, site.reports(), &below, &path, &document.text);
        if !site.config_problems.is_empty() {
            found.insert(0, settings_problem(&site.config_problems, &path));
        }
        let converted = found
            .iter()
            .map(|d| to_protocol(d, &path, &document.text))
            .collect();
        document.found = found;
        converted
    }

    /// Checks `uri` first when it changed since its last check (its diagnostics are still
    /// published when typing pauses).
    pub(super) fn up_to_date(&mut self, uri: &Uri) {
        let Some(due) = self.documents.get(uri).and_then(|d| d.due) else {
            return;
        };
        self.diagnose(uri);
        if let Some(document) = self.documents.get_mut(uri) {
            document.due = Some(due);
        }
    }
}

/// incidex.yaml cannot be read: said once at the top of each report, with its problems as
/// related places; the report is checked with the default settings meanwhile.
fn settings_problem(problems: &[Diagnostic], report: &std::path::Path) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::InvalidConfig,
        Location::file(report),
        format!(
            "incidex.yaml has {} problem{}: this report is checked with the default settings",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        ),
    )
    .with_help("run `incidex check` in the site's folder to see them");
    for problem in problems {
        d = d.with_related(problem.location.clone(), problem.message.clone());
    }
    d
}
