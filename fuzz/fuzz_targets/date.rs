//! Any text → date parser (spec §6) in Europe/Paris (has daylight saving gaps and overlaps).
#![no_main]

use incidex::values::parse_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_date(&text, chrono_tz::Europe::Paris);
});
