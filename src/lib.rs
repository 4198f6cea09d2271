//! incidex: validates Markdown incident reports and publishes them as a static archive.
//!
//! The pipeline runs in one direction: discover → parse → validate → model → render → write.
//! The library returns values and typed errors ([`error`]); it never prints and never chooses an
//! exit code: the commands of the `incidex` binary do (src/commands/).

pub mod check;
pub mod compose;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod error;
pub mod format;
pub mod hash;
pub mod import;
pub mod incident;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod markdown;
pub mod output;
pub mod parse;
pub mod public;
pub mod render;
pub mod reporter;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod similar;
pub mod site;
pub mod stats;
pub mod text;
pub mod theme;
pub mod values;
mod yaml;

pub use site::{
    BuildCache, Built, CheckedSite, Texts, Written, build_site, build_site_cached, check_reports,
    load_site, resolve_base_url, write_site,
};
