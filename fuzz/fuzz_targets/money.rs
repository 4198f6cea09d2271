//! Any text → money parser (spec §6), default currency USD.
#![no_main]

use incidex::values::parse_money;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_money(&text, "USD");
});
