//! `incidents.csv` and `actions.csv` byte for byte on a small archive (quoting, CRLF, a title
//! that looks like a formula, two currencies, an ongoing report, a date alone, a report without
//! downtime), the default due dates of `action_due_days` on the actions page, `--public`, and
//! rebuilds that give the same bytes.

mod common;

use std::path::Path;

use common::{copy_dir, incidex};

const FIXTURE: &str = "tests/fixtures/site-spreadsheets";

/// Builds a copy of the fixture, `extra` added to its incidex.yaml, with `args`; returns the
/// temporary folder (the site is in `out/`).
fn build(extra: &str, args: &[&str]) -> tempfile::TempDir {
    let config = std::fs::read_to_string(Path::new(FIXTURE).join("incidex.yaml")).unwrap();
    build_with(&format!("{config}{extra}"), args)
}

/// Builds a copy of the fixture with `config` as its incidex.yaml.
fn build_with(config: &str, args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(FIXTURE), dir.path());
    std::fs::write(dir.path().join("incidex.yaml"), config).unwrap();
    let output = incidex()
        .arg("-r")
        .arg(dir.path())
        .args(["build", "--output"])
        .arg(dir.path().join("out"))
        .args(args)
        .output()
        .expect("incidex runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    dir
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join("out").join(file)).unwrap()
}

/// Lines joined with CRLF after a byte order mark, as the files are written.
fn csv(lines: &[&str]) -> String {
    let mut text = String::from("\u{feff}");
    for line in lines {
        text.push_str(line);
        text.push_str("\r\n");
    }
    text
}

// The fixture (Europe/Paris, `action_due_days: {high: 30, low: 90}`), newest first:
// - 2025-03-10-ongoing: low, ongoing (no duration), no downtime given (empty), no cost.
// - 2025-02-01-date-only: a date alone (`2025-02-01`, no time), no title: derived from the
//   summary's first sentence; 2 h = 7200 s, downtime `0 minutes` given (0), lost `$5`.
// - 2025-01-31-formula: the title `=HYPERLINK("http://evil.example","click, me")`: a formula,
//   written after `'`, quoted for its commas and quotes (doubled); 45 min = 2700 s, downtime
//   40 min = 2400 s; lost `100,50 €`, resolution `$20`; services api and worker.
// Currencies in the archive: EUR and USD, alphabetical, a pair of columns each.
const INCIDENTS: &[&str] = &[
    "slug,title,start,type,severity,duration_seconds,downtime_seconds,user_impact,services,trigger,lost_EUR,resolution_EUR,lost_USD,resolution_USD,url",
    "2025-03-10-ongoing,Queue still slow,2025-03-10T08:00:00+01:00,performance,low,,,no,,,,,,,incidents/2025-03-10-ongoing/",
    "2025-02-01-date-only,The cache TTL was far too short.,2025-02-01,error,medium,7200,0,no,,,,,5,,incidents/2025-02-01-date-only/",
    "2025-01-31-formula,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click, me\"\")\",2025-01-31T00:30:00+01:00,downtime,high,2700,2400,yes,api; worker,,100.50,,,20,incidents/2025-01-31-formula/",
];

// Default due dates, from the start day in Europe/Paris:
// - ongoing (low, 90 days): 2025-03-10 + 90 = 2025-06-08 (21 days to 31 March, 30 in April,
//   31 in May: 82, then 8 more).
// - formula (high, 30 days): it starts at 00:30 in Paris on 31 January (30 January in UTC):
//   2025-01-31 + 30 = 2025-03-02 (28 days to 28 February, then 2); a UTC day would give 1 March.
//   Its done item states 2025-02-10: written, not a default.
// - date-only (medium, no days given): no due date. Its item starts with `-`: made inert.
const ACTIONS: &[&str] = &[
    "incident_slug,incident_title,text,owner,due,due_default,done,url",
    "2025-03-10-ongoing,Queue still slow,Write the runbook,,2025-06-08,yes,no,incidents/2025-03-10-ongoing/#s-prevention",
    "2025-02-01-date-only,The cache TTL was far too short.,'-1 the cache TTL alerts,,,,no,incidents/2025-02-01-date-only/#s-prevention",
    "2025-01-31-formula,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click, me\"\")\",Add an alert @marie,marie,2025-03-02,yes,no,incidents/2025-01-31-formula/#s-prevention",
    "2025-01-31-formula,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click, me\"\")\",\"Fix \"\"quotes\"\", commas @karim 2025-02-10\",karim,2025-02-10,no,yes,incidents/2025-01-31-formula/#s-prevention",
];

#[test]
fn incidents_csv_byte_for_byte() {
    let dir = build("", &[]);
    let bytes = read(dir.path(), "incidents.csv");
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte order mark");
    assert_eq!(String::from_utf8(bytes).unwrap(), csv(INCIDENTS));
}

#[test]
fn actions_csv_byte_for_byte() {
    let dir = build("", &[]);
    let text = String::from_utf8(read(dir.path(), "actions.csv")).unwrap();
    assert_eq!(text, csv(ACTIONS));
}

#[test]
fn with_a_base_url_the_addresses_are_absolute() {
    let dir = build("base_url: https://status.example.org/ops/\n", &[]);
    let incidents = String::from_utf8(read(dir.path(), "incidents.csv")).unwrap();
    assert!(
        incidents.contains(",https://status.example.org/ops/incidents/2025-03-10-ongoing/\r\n"),
        "{incidents}"
    );
    let actions = String::from_utf8(read(dir.path(), "actions.csv")).unwrap();
    assert!(
        actions.contains(
            ",https://status.example.org/ops/incidents/2025-03-10-ongoing/#s-prevention\r\n"
        ),
        "{actions}"
    );
}

#[test]
fn the_stats_page_links_both_files_in_french_and_english() {
    let dir = build("", &[]);
    let page = String::from_utf8(read(dir.path(), "stats/index.html")).unwrap();
    assert!(
        page.contains(r#"The data as spreadsheets (CSV, UTF-8): <a href="../incidents.csv" type="text/csv">incidents</a> · <a href="../actions.csv" type="text/csv">action items</a>"#),
        "{page}"
    );
    let config = std::fs::read_to_string(Path::new(FIXTURE).join("incidex.yaml")).unwrap();
    let dir = build_with(&config.replace("language: en", "language: fr"), &[]);
    let page = String::from_utf8(read(dir.path(), "stats/index.html")).unwrap();
    assert!(
        page.contains(r#"Les données en tableur (CSV, UTF-8) : <a href="../incidents.csv" type="text/csv">les incidents</a> · <a href="../actions.csv" type="text/csv">les actions de prévention</a>"#),
        "{page}"
    );
}

#[test]
fn a_public_build_leaves_the_private_fields_out_of_both_files() {
    let dir = build(
        "private: [cost, services, sections.prevention]\n",
        &["--public"],
    );
    // No cost: no downtime, no currency columns; no services; no action items.
    let incidents = String::from_utf8(read(dir.path(), "incidents.csv")).unwrap();
    assert_eq!(
        incidents,
        csv(&[
            "slug,title,start,type,severity,duration_seconds,downtime_seconds,user_impact,services,trigger,url",
            "2025-03-10-ongoing,Queue still slow,2025-03-10T08:00:00+01:00,performance,low,,,no,,,incidents/2025-03-10-ongoing/",
            "2025-02-01-date-only,The cache TTL was far too short.,2025-02-01,error,medium,7200,,no,,,incidents/2025-02-01-date-only/",
            "2025-01-31-formula,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click, me\"\")\",2025-01-31T00:30:00+01:00,downtime,high,2700,,yes,,,incidents/2025-01-31-formula/",
        ])
    );
    let actions = String::from_utf8(read(dir.path(), "actions.csv")).unwrap();
    assert_eq!(
        actions,
        csv(&["incident_slug,incident_title,text,owner,due,due_default,done,url"])
    );
    // The same private fields without `--public` are still there.
    let dir = build("private: [cost, services, sections.prevention]\n", &[]);
    let incidents = String::from_utf8(read(dir.path(), "incidents.csv")).unwrap();
    assert_eq!(incidents, csv(INCIDENTS));
}

#[test]
fn a_rebuild_writes_the_same_bytes() {
    let first = build("", &[]);
    let second = build("", &[]);
    for file in ["incidents.csv", "actions.csv", "actions/index.html"] {
        assert_eq!(
            read(first.path(), file),
            read(second.path(), file),
            "{file}"
        );
    }
}

#[test]
fn the_actions_page_gives_default_due_dates_and_marks_them() {
    let dir = build("", &[]);
    let page = String::from_utf8(read(dir.path(), "actions/index.html")).unwrap();
    let by_due = &page[page.find("id=\"actions\"").unwrap()..page.find("by-owner-title").unwrap()];
    // Earliest first: the formula's alert (2 March), the runbook (8 June), then the item
    // without a due date.
    let order: Vec<usize> = [
        "Add an alert",
        "Write the runbook",
        "-1 the cache TTL alerts",
    ]
    .iter()
    .map(|text| {
        by_due
            .find(text)
            .unwrap_or_else(|| panic!("{text}: {by_due}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        by_due.contains(r#"<li class="action" data-due="2025-03-02">"#),
        "{by_due}"
    );
    assert!(
        by_due.contains(r#"Due <time datetime="2025-03-02">2 Mar 2025</time> <span class="action-due-default">(default due date)</span>"#),
        "{by_due}"
    );
    assert!(
        by_due.contains(r#"Due <time datetime="2025-06-08">8 Jun 2025</time> <span class="action-due-default">(default due date)</span>"#),
        "{by_due}"
    );
    assert!(
        by_due.contains(r#"<li class="action" data-due="">"#),
        "{by_due}"
    );
    assert_eq!(by_due.matches("default due date").count(), 2, "{by_due}");

    // In French; and without `action_due_days`, no item gets a date it does not state.
    let dir = build_with(
        "language: fr\ntimezone: Europe/Paris\ncurrency: EUR\naction_due_days: {high: 30}\n",
        &[],
    );
    let page = String::from_utf8(read(dir.path(), "actions/index.html")).unwrap();
    assert!(
        page.contains(r#"<time datetime="2025-03-02">2 mars 2025</time> <span class="action-due-default">(échéance par défaut)</span>"#),
        "{page}"
    );
    assert_eq!(page.matches("échéance par défaut").count(), 2, "{page}");
    assert!(!page.contains("2025-06-08"), "low has no default here");
}

#[test]
fn the_stats_page_counts_action_items_per_quarter() {
    // Every report starts in 2025-Q1: the formula (1 done, 1 open), the date alone (1 open),
    // the ongoing one (1 open): 4 opened, 1 done, 3 open.
    let dir = build("", &[]);
    let stats: serde_json::Value = serde_json::from_slice(&read(dir.path(), "stats.json")).unwrap();
    assert_eq!(
        stats["actions_by_quarter"],
        serde_json::json!([{"quarter": "2025-Q1", "opened": 4, "done": 1, "open": 3}])
    );
    let page = String::from_utf8(read(dir.path(), "stats/index.html")).unwrap();
    let section = &page[page
        .find(r#"<section aria-labelledby="actions-title">"#)
        .unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    let table = &section[section.find(r#"id="actions-by-quarter""#).expect(section)..];
    let cells: Vec<&str> = table
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split(['<', '>'])
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with(['t', '/']))
        .collect();
    assert_eq!(cells, ["Q1 2025", "4", "1", "3"], "{table}");
}
