//! Markdown to safe HTML (being written).
