//! Bytes → decode → whole-report parser (front matter, template lines, values, diagnostics).
#![no_main]

use std::path::Path;

use incidex::parse::{Context, decode, parse_report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode(data) {
        let ctx = Context {
            timezone: chrono_tz::Europe::Paris,
            currency: "USD".to_string(),
        };
        let path = Path::new("content/2025-01-15-fuzz.md");
        let _ = parse_report(&text, path, path, &ctx);
    }
});
