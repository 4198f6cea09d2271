//! Inputs found while fuzzing (see fuzz/README.md), kept so they stay fixed.
//!
//! The five cargo-fuzz targets (report, duration, money, date, markdown) found no panic, no
//! timeout and no out-of-memory in their runs. The inputs below were found by feeding
//! hand-built hostile reports to the `report` target (`-timeout=10`): each is far below the
//! 5 MB report limit and took from tens of seconds to minutes, quadratic in its size, before
//! the fixes. Each test runs the same call as the fuzz target on a watchdog thread and fails if
//! it has not returned within a generous limit (it never measures speed beyond that).
//!
//! All four are fixed: caps and indexes keep each under a second in release builds.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use incidex::parse::{Context, decode, parse_report};

/// Well above what the fixed code needs (under a second), well below the times before the fixes.
const LIMIT: Duration = Duration::from_secs(30);

/// Runs `f` on its own thread; fails if it panics or has not returned within [`LIMIT`].
fn within_limit(what: &str, f: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        f();
        let _ = tx.send(());
    });
    match rx.recv_timeout(LIMIT) {
        Ok(()) => handle.join().expect("no panic"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The thread ended without sending: it panicked.
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what}: still running after {} s", LIMIT.as_secs())
        }
    }
}

/// What the `report` fuzz target does with its bytes.
fn report_target(data: Vec<u8>) {
    if let Ok(text) = decode(&data) {
        let ctx = Context {
            timezone: chrono_tz::Europe::Paris,
            currency: "USD".to_string(),
        };
        let path = Path::new("content/2025-01-15-fuzz.md");
        let _ = parse_report(&text, path, path, &ctx);
    }
}

const HEAD: &str = "## Incident 2025-01-15 14:30 — X\n\n**Type :** Downtime\n**Sévérité :** Critique\n**Durée :** 25 minutes\n**Impact utilisateurs :** Oui - x\n\n### Cause\n\nx\n\n";

/// Front matter nested 100,000 flow collections deep (100 KB): libyaml's scanner is quadratic
/// in the flow depth before yaml_serde's recursion limit is reached (40 s in release, 173 s for
/// `[{`). src/yaml.rs `parse_mapping`.
#[test]
fn deeply_nested_flow_front_matter_is_refused_in_bounded_time() {
    for unit in ["[", "{a: ", "[{"] {
        let input = format!("---\ntitle: {}\n---\n", unit.repeat(100_000)).into_bytes();
        within_limit(&format!("front matter of 100,000 `{unit}`"), move || {
            report_target(input)
        });
    }
}

/// 100,000 unknown front matter keys (1 MB): each diagnostic locates its key by scanning the
/// front matter lines from the top (80,000 keys: 50 s in release). src/yaml.rs `locate`.
#[test]
fn many_unknown_front_matter_keys_in_bounded_time() {
    let keys: String = (0..100_000).map(|i| format!("k{i}: x\n")).collect();
    let input = format!("---\n{keys}---\n{HEAD}").into_bytes();
    within_limit("100,000 unknown front matter keys", move || {
        report_target(input)
    });
    let nested: Vec<String> = (0..100_000).map(|i| format!("k{i}: 1")).collect();
    let input = format!("---\ncost: {{{}}}\n---\n{HEAD}", nested.join(", ")).into_bytes();
    within_limit("100,000 unknown keys under `cost:`", move || {
        report_target(input)
    });
}

/// 300,000 distinct tags or tickets (2.3 MB): each is compared with every one kept so far
/// (100,000 tags: 19 s in release, and four times as long for twice as many).
/// src/parse/names.rs `list_items` and the tickets loop of src/parse/section_lines.rs.
#[test]
fn many_tags_and_tickets_in_bounded_time() {
    let list: Vec<String> = (0..300_000).map(|i| format!("t{i}")).collect();
    let list = list.join(", ");
    let inputs = [
        (
            "front matter tags",
            format!("---\ntags: [{list}]\n---\n{HEAD}"),
        ),
        (
            "a `**Tags :**` line",
            HEAD.replace("**Type", &format!("**Tags :** {list}\n**Type")),
        ),
        (
            "a `**Tickets :**` line",
            format!("{HEAD}### Références\n\n- **Tickets :** {list}\n"),
        ),
    ];
    for (what, input) in inputs {
        within_limit(&format!("300,000 items in {what}"), move || {
            report_target(input.into_bytes())
        });
    }
}

/// `incidex check` on one 1.9 MB report with 100,000 diagnostics (unknown field lines): the
/// source line of each diagnostic is found by cloning and splitting the whole report
/// (119 s in release). src/site.rs `Texts::line`.
#[test]
fn check_prints_100_000_diagnostics_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(dir.path().join("incidex.yaml"), "timezone: Europe/Paris\n").unwrap();
    let fields: String = (0..100_000)
        .map(|i| format!("**Champ{i} :** x\n"))
        .collect();
    let report = format!("## Incident 2025-01-15 14:30 — X\n\n{fields}");
    std::fs::write(content.join("2025-01-15-x.md"), report).unwrap();
    let root = dir.path().to_path_buf();
    within_limit("`incidex check` with 100,000 diagnostics", move || {
        let site = incidex::check_reports(&root, None).unwrap();
        site.write_diagnostics(
            &mut std::io::sink(),
            incidex::diagnostic::Format::Human,
            false,
        )
        .unwrap();
        assert!(site.checked.errors() > 0, "the reports need fixing");
    });
}
