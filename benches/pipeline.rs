//! Micro-benchmarks of the pipeline's steps on the example archive, to catch regressions:
//! parsing and validating one report, rendering its Markdown, rendering one page, a whole site.
//!
//! Run with `cargo bench`; compare a change with the numbers printed before it.

use std::path::Path;

use incidex::check::Drafts;
use incidex::parse::{Context, parse_report};

/// The team's template example: the report every incident is written like.
const REPORT: &str = include_str!("../content/2025-01-15-instance-crash.md");
/// The longest report of the example archive.
const LONG_REPORT: &str = include_str!("../content/2025-05-20-migration-postgres-verrou.md");

fn context() -> Context {
    Context {
        timezone: chrono_tz::Europe::Paris,
        currency: "USD".into(),
    }
}

#[divan::bench(args = ["template example", "long report"])]
fn parse_and_validate_one_report(bencher: divan::Bencher, which: &str) {
    let text = if which == "long report" {
        LONG_REPORT
    } else {
        REPORT
    };
    let ctx = context();
    let path = Path::new("report.md");
    bencher.bench(|| {
        let parsed = parse_report(divan::black_box(text), path, path, &ctx);
        assert!(parsed.diagnostics.is_empty());
        parsed
    });
}

#[divan::bench]
fn render_the_markdown_of_one_report(bencher: divan::Bencher) {
    let options = incidex::markdown::MarkdownOptions {
        allow_raw_html: false,
        heading_offset: 2,
        footnote_scope: None,
    };
    bencher.bench(|| incidex::markdown::render(divan::black_box(LONG_REPORT), &options, &|_| None));
}

#[divan::bench]
fn render_one_incident_page(bencher: divan::Bencher) {
    let mut built = incidex::build_site(Path::new("."), None, Drafts::Excluded, false)
        .expect("the example archive loads");
    bencher.bench_local(|| {
        built
            .render_incident_page("2025-01-15-instance-crash")
            .expect("renders")
            .expect("the page exists")
    });
}

#[divan::bench(sample_count = 20)]
fn check_and_render_the_example_archive(bencher: divan::Bencher) {
    bencher.bench(|| {
        let mut built = incidex::build_site(Path::new("."), None, Drafts::Excluded, false)
            .expect("the example archive loads");
        built.render_in_memory(None).expect("renders")
    });
}

#[cfg(feature = "lsp")]
/// The template example grown to 1,000 lines (961 more symptoms), its severity misspelt: what
/// the editor's server checks again after each pause in typing.
fn thousand_line_report() -> String {
    let mut symptoms = String::new();
    for i in 0..961 {
        symptoms.push_str(&format!(
            "- Symptôme {i} : la latence de l'API dépasse 2 s sur le service de paiement\n"
        ));
    }
    let text = REPORT
        .replace("### Symptômes\n", &format!("### Symptômes\n{symptoms}"))
        .replace("**Sévérité :** Critique", "**Sévérité :** Critcal");
    assert_eq!(text.lines().count(), 1000);
    text
}

/// `incidex lsp` after a change to a 1,000-line report of the example archive: the change
/// taken, the report checked against the archive on disk, the diagnostics made ready to send
/// (issue 21's budget: under 20 ms).
#[cfg(feature = "lsp")]
#[divan::bench(sample_count = 50)]
fn editor_recheck_of_a_thousand_line_report(bencher: divan::Bencher) {
    use lsp_server::{Message, Notification, Request};
    use std::time::{Duration, Instant};
    let text = thousand_line_report();
    let uri = format!(
        "file://{}/content/2025-01-15-instance-crash.md",
        std::env::current_dir().unwrap().display()
    );
    let mut server = incidex::lsp::Server::new();
    let mut out = Vec::new();
    let initialize = Request::new(
        1.into(),
        "initialize".into(),
        serde_json::json!({"capabilities": {}}),
    );
    server.handle(Message::Request(initialize), Instant::now(), &mut out);
    let document =
        serde_json::json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
    let open = Notification::new(
        "textDocument/didOpen".into(),
        serde_json::json!({"textDocument": document}),
    );
    server.handle(Message::Notification(open), Instant::now(), &mut out);
    let published = serde_json::to_string(&out).unwrap();
    assert!(published.contains("\"E017\""), "{published}");
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        out.clear();
        let change = Notification::new(
            "textDocument/didChange".into(),
            serde_json::json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
        let now = Instant::now();
        server.handle(Message::Notification(change), now, &mut out);
        server.check_due(now + Duration::from_secs(1), &mut out);
        assert_eq!(out.len(), 1);
    });
}

fn main() {
    divan::main();
}
