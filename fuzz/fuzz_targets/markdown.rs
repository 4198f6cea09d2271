//! Markdown → safe HTML. The first byte chooses the options: bit 0 `allow_raw_html`, bits 2–4
//! the heading offset (0–7, so clamping at h6 is tried), bit 1 a footnote scope (numbered by
//! bits 5–7); the rest is the Markdown (lossy UTF-8).
#![no_main]

use incidex::markdown::{MarkdownOptions, render};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let markdown = String::from_utf8_lossy(rest);
    let options = MarkdownOptions {
        allow_raw_html: first & 1 == 1,
        heading_offset: (first >> 2) & 7,
        footnote_scope: (first & 2 != 0).then_some(u32::from(first >> 5)),
    };
    let resolve = |dest: &str| Some(format!("../{dest}"));
    let _ = render(&markdown, &options, &resolve);
});
