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

fn main() {
    divan::main();
}
