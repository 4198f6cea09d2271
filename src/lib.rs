//! incidex: validates Markdown incident reports and publishes them as a static archive.

pub mod diagnostic;
pub mod text;
pub mod values;
