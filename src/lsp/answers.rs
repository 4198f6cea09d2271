//! The server's answers about an open document: completion, hover, quick fixes, outline.

use std::collections::HashMap;
use std::time::Instant;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionParams,
    CompletionResponse, DocumentSymbolParams, DocumentSymbolResponse, Hover, HoverParams, TextEdit,
    WorkspaceEdit,
};

use super::Server;
use super::completion::{Known, complete};
use super::diagnostics::to_protocol;
use super::fixes::fixes_for;
use super::outline::outline;
use super::position::{range_of, touches};
use super::sites::Role;
use crate::check::check_text;
use crate::config::Language;

impl Server {
    pub(super) fn completion(
        &mut self,
        params: CompletionParams,
        _: Instant,
    ) -> Option<CompletionResponse> {
        let at = params.text_document_position;
        let document = self.documents.get(&at.text_document.uri)?;
        let path = document.file();
        let site = self.sites.site_of(&path);
        site.refresh();
        let known = Known {
            services: &site.services,
            owners: &site.owners,
            english: site.config.language == Language::English,
        };
        let items = complete(&outline(&document.text), at.position, &known);
        Some(CompletionResponse::Array(items))
    }

    pub(super) fn hover(&mut self, params: HoverParams, _: Instant) -> Option<Hover> {
        let at = params.text_document_position_params;
        let document = self.documents.get(&at.text_document.uri)?;
        let path = document.file();
        let site = self.sites.site_of(&path);
        super::hover::hover(&outline(&document.text), at.position, &site.config)
    }

    pub(super) fn symbols(
        &mut self,
        params: DocumentSymbolParams,
        _: Instant,
    ) -> Option<DocumentSymbolResponse> {
        let document = self.documents.get(&params.text_document.uri)?;
        let found = super::symbols::symbols(&outline(&document.text));
        Some(DocumentSymbolResponse::Nested(found))
    }

    /// The quick fixes of the problems in the asked range.
    pub(super) fn code_actions(
        &mut self,
        params: CodeActionParams,
        _: Instant,
    ) -> Option<Vec<CodeActionOrCommand>> {
        let uri = params.text_document.uri;
        self.up_to_date(&uri);
        let document = self.documents.get(&uri)?;
        let path = document.file();
        let site = self.sites.site_of(&path);
        let Role::Report(below) = site.role_of(&path) else {
            return Some(Vec::new());
        };
        let text = &document.text;
        let mut recheck =
            |changed: &str| check_text(&site.config, site.reports(), &below, &path, changed);
        let mut actions = Vec::new();
        for d in &document.found {
            if !touches(&range_of(text, &d.location), &params.range) {
                continue;
            }
            let shown = to_protocol(d, &path, text);
            for (i, fix) in fixes_for(d, &document.found, text, &mut recheck)
                .into_iter()
                .enumerate()
            {
                let edit = TextEdit::new(fix.range, fix.new.clone());
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Replace `{}` with `{}`", fix.old, fix.new),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![shown.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..Default::default()
                    }),
                    is_preferred: Some(i == 0),
                    ..Default::default()
                }));
            }
        }
        Some(actions)
    }
}
