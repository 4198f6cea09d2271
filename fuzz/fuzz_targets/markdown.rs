//! Markdown → safe HTML. The first byte chooses `allow_raw_html` (odd: on), the rest is the
//! Markdown (lossy UTF-8).
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
        heading_offset: 2,
        footnote_scope: None,
    };
    let resolve = |dest: &str| Some(format!("../{dest}"));
    let _ = render(&markdown, &options, &resolve);
});
