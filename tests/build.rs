//! `incidex build` as a user runs it: pages on disk, links, figures, escaping and exit codes.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{copy_dir, incidex};

/// Builds the site at `root` into a fresh folder; returns (exit code, stdout, stderr, output folder).
fn build(root: &str, args: &[&str]) -> (i32, String, String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let mut all = vec!["-r", root, "build", "--output", site.to_str().unwrap()];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = common::run_in(Path::new("."), &all);
    (code, stdout, stderr, out)
}

/// The home page's list data of the site built in `out`.
fn list_data(out: &Path) -> common::ListData {
    common::ListData::read(&out.join("site"))
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join("site").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn files_of(dir: &Path) -> BTreeSet<String> {
    common::files_below(&dir.join("site"))
}

/// Every `href="…"` and `src="…"` value of an HTML page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    out
}

#[test]
fn the_example_archive_builds_every_page() {
    let (code, stdout, stderr, out) = build(".", &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.starts_with("6 reports built: "), "{stdout}");
    assert!(stderr.contains("warning: no base URL"), "{stderr}");
    let files = files_of(out.path());
    for page in [
        "index.html",
        "404.html",
        "stats/index.html",
        "stats.json",
        "incidents.json",
        "incidents.csv",
        "actions.csv",
        "incidents/2025-01-15-instance-crash/index.html",
        "severity/critical/index.html",
        "severity/high/index.html",
        "severity/medium/index.html",
        "severity/low/index.html",
        "type/downtime/index.html",
        "type/error/index.html",
        "type/security/index.html",
        "type/performance/index.html",
        "type/cost/index.html",
        "year/2024/index.html",
        "year/2025/index.html",
        ".incidex",
    ] {
        assert!(files.contains(page), "{page} missing: {files:?}");
    }
    assert_eq!(
        files
            .iter()
            .filter(|f| f.starts_with("incidents/") && f.ends_with("index.html"))
            .count(),
        6
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("static/style.") && f.ends_with(".css"))
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("static/filter.") && f.ends_with(".js"))
    );
}

/// Checks that every relative href and src of every page points at a file of the site.
fn assert_links_resolve(out: &Path) -> usize {
    let site = out.join("site");
    let files = files_of(out);
    let mut checked = 0;
    for page in files
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        let html = read(out, page);
        assert!(!html.contains("<script>"), "{page}: inline script");
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
            {
                continue;
            }
            assert!(!link.starts_with('/'), "{page}: root-absolute link {link}");
            let path = link.split(['#', '?']).next().unwrap();
            let mut target = site.join(dir).join(path);
            if path.is_empty() || path.ends_with('/') {
                target = target.join("index.html");
            }
            let target = normalize(&target);
            assert!(
                target.is_file(),
                "{page}: {link} → {} does not exist",
                target.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_internal_link_resolves_and_none_is_root_absolute() {
    let (code, _, stderr, out) = build(".", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(assert_links_resolve(out.path()) > 100);
    let (code, _, stderr, out) = build("tests/fixtures/site-stats", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(assert_links_resolve(out.path()) > 50);
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

#[test]
fn the_home_page_counts_every_severity_and_marks_rows() {
    let (code, _, stderr, out) = build(".", &[]);
    assert_eq!(code, 0, "{stderr}");
    let home = read(out.path(), "index.html");
    assert_eq!(home.matches("data-incident=\"").count(), 6);
    // The example archive: 1 critical, 2 high, 2 medium, 1 low; each chip shows its count.
    for (severity, count) in [("critical", 1), ("high", 2), ("medium", 2), ("low", 1)] {
        let chip_at = home
            .find(&format!("data-filter=\"severity:{severity}\""))
            .unwrap_or_else(|| panic!("{severity} chip"));
        let chip = &home[chip_at..chip_at + home[chip_at..].find("</a>").unwrap()];
        assert!(chip.contains(&format!(">{count}<")), "{severity}: {chip}");
        assert_eq!(
            home.matches(&format!("data-severity=\"{severity}\""))
                .count(),
            count,
            "{severity} rows"
        );
    }
    assert!(home.contains("data-severity=\"critical\""));
    assert!(home.contains("<input type=\"search\""));
}

#[test]
fn a_bad_report_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::copy(
        "content/2025-01-15-instance-crash.md",
        dir.path().join("content/ok.md"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/bad.md"),
        "## Incident 2025-01-15 14:30\n\n**Type :** Downtme\n",
    )
    .unwrap();
    let output = incidex()
        .args(["-r", dir.path().to_str().unwrap(), "build"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown incident type `Downtme`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let example = std::fs::read_to_string("content/2025-01-15-instance-crash.md").unwrap();
    std::fs::write(dir.path().join("content/published.md"), &example).unwrap();
    std::fs::write(
        dir.path().join("content/wip.md"),
        format!("---\ndraft: true\n---\n{example}"),
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let (code, stdout, stderr, out) = build(root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("1 report built"), "{stdout}");
    assert!(!files_of(out.path()).contains("incidents/wip/index.html"));
    let (code, stdout, _, out) = build(root, &["--drafts"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("2 reports built"), "{stdout}");
    assert!(read(out.path(), "incidents/wip/index.html").contains("draft"));
}

#[test]
fn hostile_html_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    let example = std::fs::read_to_string("content/2025-01-15-instance-crash.md").unwrap();
    let hostile = example
        .replace("## Incident 2025-01-15 14:30", "## Incident 2025-01-15 14:30 — <script>alert('title')</script>")
        .replace(
            "Instance Vast.ai crashée",
            "<img src=x onerror=alert(1)> [clic](javascript:alert(2)) <script>alert(3)</script> Instance Vast.ai crashée",
        );
    std::fs::write(dir.path().join("content/hostile.md"), hostile).unwrap();
    let (code, _, stderr, out) = build(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{stderr}");
    for page in files_of(out.path())
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".json"))
    {
        let text = read(out.path(), page);
        assert!(!text.contains("<script>alert"), "{page}");
        assert!(!text.contains("<img src=x"), "{page}");
        assert!(!text.contains("href=\"javascript:"), "{page}");
    }
    let page = read(out.path(), "incidents/hostile/index.html");
    assert!(
        page.contains("&lt;script&gt;alert"),
        "the raw HTML is shown as text"
    );
}

#[test]
fn two_builds_are_byte_identical_and_the_second_rewrites_nothing() {
    let (code, _, _, out) = build(".", &[]);
    assert_eq!(code, 0);
    let site = out.path().join("site");
    let output = incidex()
        .args(["build", "--output", site.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("(0 files written, "), "{stdout}");
    assert!(stdout.contains(" 0 removed"), "{stdout}");
}

#[test]
fn the_output_folder_must_not_be_the_content_folder() {
    let output = incidex()
        .args(["build", "--output", "content"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is the content folder"), "{stderr}");
    assert!(Path::new("content/2025-01-15-instance-crash.md").is_file());
}

#[test]
fn base_url_gives_canonical_links() {
    let (code, _, stderr, out) = build(".", &["--base-url", "https://incidents.example.org"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("no base URL"));
    let page = read(out.path(), "incidents/2025-01-15-instance-crash/index.html");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://incidents.example.org/incidents/2025-01-15-instance-crash/\""), "canonical link");
    let not_found = read(out.path(), "404.html");
    assert!(
        not_found.contains("href=\"https://incidents.example.org/"),
        "404 links come from base_url"
    );
}

#[test]
fn statistics_are_exact_to_the_cent_and_the_second() {
    let (code, _, stderr, out) = build("tests/fixtures/site-stats", &[]);
    assert_eq!(code, 0, "{stderr}");
    let text = read(out.path(), "stats.json");
    let stats: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(stats["reports"], 4);
    assert_eq!(stats["ongoing"], 1);
    assert_eq!(stats["duration"]["total_seconds"], 5400 + 1500 + 3 * 86400);
    assert_eq!(stats["duration"]["median_seconds"], 5400);
    assert_eq!(stats["duration"]["p90_seconds"], 3 * 86400);
    assert_eq!(stats["downtime"]["total_seconds"], 3600);
    let not_given: Vec<&str> = stats["downtime"]["not_given"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["slug"].as_str().unwrap())
        .collect();
    assert_eq!(not_given, ["d", "c"]);
    assert_eq!(stats["costs"][0]["currency"], "EUR");
    assert_eq!(stats["costs"][0]["total"], "1345.06");
    assert_eq!(stats["costs"][1]["currency"], "USD");
    assert_eq!(stats["costs"][1]["total"], "1236.81");
    assert_eq!(stats["costs"][1]["approximate"], true);
    assert_eq!(stats["user_impact"]["affected"], 2);
    // 2025-01-31 23:30 UTC is February in Europe/Paris; March is empty but listed.
    let months: Vec<(&str, u64)> = stats["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["month"].as_str().unwrap(), m["reports"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        months,
        [
            ("2024-12", 1),
            ("2025-01", 1),
            ("2025-02", 1),
            ("2025-03", 0),
            ("2025-04", 1)
        ]
    );
    insta::assert_snapshot!("site_stats_json", text);
}

#[test]
fn an_incident_page_shows_its_report() {
    let (code, _, stderr, out) = build("tests/fixtures/site-stats", &[]);
    assert_eq!(code, 0, "{stderr}");
    let page = read(out.path(), "incidents/a/index.html");
    assert!(
        page.contains("href=\"../../files/img/graph.png\""),
        "relative link to a file next to the report"
    );
    assert!(
        page.contains("href=\"../../incidents/b/#root-cause\""),
        "relative link to another report"
    );
    assert!(
        page.contains("href=\"https://tracker.example.org/browse/INC-1\""),
        "tickets through ticket_url"
    );
    assert!(files_of(out.path()).contains("files/img/graph.png"));
    let redirect = read(out.path(), "incidents/old-a/index.html");
    assert!(redirect.contains("url=../a/"), "{redirect}");
    insta::assert_snapshot!("site_stats_incident_a", page);
}

#[cfg(feature = "raw-html")]
#[test]
fn raw_html_is_kept_but_sanitised_when_the_site_allows_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("incidex.yaml"), "allow_raw_html: true\n").unwrap();
    let example = std::fs::read_to_string("content/2025-01-15-instance-crash.md").unwrap();
    // Titled: untitled, the page's title would be the plain text of this Cause (`alert(3)`
    // included, escaped; see tests/reader_titles.rs), and this test is about the body.
    let report = example
        .replace("## Incident 2025-01-15 14:30", "## Incident 2025-01-15 14:30 — Raw HTML")
        .replace(
            "Instance Vast.ai crashée",
            "<kbd>OOM</kbd> <img src=x onerror=alert(1)> <script>alert(3)</script> <a href=\"javascript:alert(4)\">x</a> Instance Vast.ai crashée",
        );
    std::fs::write(dir.path().join("content/raw.md"), report).unwrap();
    let (code, _, stderr, out) = build(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let page = read(out.path(), "incidents/raw/index.html");
    assert!(page.contains("<kbd>OOM</kbd>"), "harmless HTML is kept");
    assert!(!page.contains("onerror"), "event handlers are removed");
    assert!(
        !page.contains("alert(3)"),
        "scripts are removed with their content"
    );
    assert!(
        !page.contains("javascript:"),
        "javascript: links are removed"
    );
}

#[test]
fn a_folder_of_the_users_files_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "my notes").unwrap();
    std::fs::write(mine.join("index.html"), "my page").unwrap();
    let output = incidex()
        .args(["build", "--output", mine.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("holds files incidex did not write"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("index.html")).unwrap(),
        "my page"
    );

    let output = incidex()
        .args(["build", "--force", "--output", mine.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 file replaced: index.html"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).unwrap(),
        "my notes"
    );
}

#[test]
fn the_site_root_is_refused_even_with_force() {
    // A copy of the site, so that a mistake here could never touch the repository.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::copy(
        "content/2025-01-15-instance-crash.md",
        dir.path().join("content/a.md"),
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let output = incidex()
        .args(["-r", root, "build", "--force", "--output", root])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is the site root"), "{stderr}");
    assert!(!dir.path().join("index.html").exists());
}

#[test]
fn two_fresh_builds_are_byte_identical() {
    let (code, _, _, first) = build(".", &[]);
    assert_eq!(code, 0);
    let (code, _, _, second) = build(".", &[]);
    assert_eq!(code, 0);
    let files = files_of(first.path());
    assert_eq!(files, files_of(second.path()));
    for file in &files {
        let a = std::fs::read(first.path().join("site").join(file)).unwrap();
        let b = std::fs::read(second.path().join("site").join(file)).unwrap();
        assert!(a == b, "{file} differs between two builds");
    }
}

#[test]
fn a_failure_while_writing_leaves_the_previous_site_whole() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(Path::new("tests/fixtures/site-stats"), &root);
    let site = dir.path().join("site");
    let run = |what: &str| {
        let output = incidex()
            .args(["-r", root.to_str().unwrap(), "build", "--output"])
            .arg(&site)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output.status.code(), stderr, what.to_string())
    };
    assert_eq!(run("first").0, Some(0));
    let before: Vec<(String, Vec<u8>)> = files_of(dir.path())
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(site.join(&p)).unwrap();
            (p, bytes)
        })
        .collect();
    // Every report changes its page; the statistics page cannot be written: a file stands
    // where its folder should be.
    let mut changed = 0;
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "md") && !path.ends_with("_index.md") {
            let text = std::fs::read_to_string(&path).unwrap();
            // The summary: between the metadata and the first section.
            let text = text.replacen("\n### ", "\nA line added after the build.\n\n### ", 1);
            std::fs::write(&path, text).unwrap();
            changed += 1;
        }
    }
    assert!(changed >= 3);
    std::fs::remove_dir_all(site.join("stats")).unwrap();
    std::fs::write(site.join("stats"), "in the way").unwrap();

    let (code, stderr, _) = run("second");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(stderr.contains("stats"), "{stderr}");
    assert!(
        stderr.contains("the previous site was left as it was"),
        "{stderr}"
    );
    for (path, bytes) in &before {
        if path.starts_with("stats/") {
            continue;
        }
        assert_eq!(
            &std::fs::read(site.join(path)).unwrap(),
            bytes,
            "{path} is the previous build's"
        );
    }
    let leftovers: Vec<String> = files_of(dir.path())
        .into_iter()
        .filter(|p| p.ends_with(".incidex-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Out of the way, the next build writes the changed pages.
    std::fs::remove_file(site.join("stats")).unwrap();
    assert_eq!(run("third").0, Some(0));
    let page = std::fs::read_to_string(site.join("incidents/a/index.html")).unwrap();
    assert!(page.contains("A line added after the build."));
}

/// A site of `count` English reports, one a day from 2020, severities in turn.
fn large_site(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "title: Large archive\nlanguage: en\ntimezone: UTC\n",
    )
    .unwrap();
    let severities = ["Critical", "High", "Medium", "Low"];
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for n in 0..count {
        let day = start + chrono::Duration::days(n as i64);
        let text = format!(
            "## Incident {day} 10:00 — Report number {n}\n\n**Type:** Downtime\n**Severity:** {}\n**Duration:** 10 minutes\n**User impact:** No\n\n### Root cause\nA cause.\n\n### Symptoms\nSymptoms.\n\n### Immediate actions\nActions.\n\n### Resolution\nFixed.\n\n### Prevention\nNothing.\n",
            severities[n % 4]
        );
        std::fs::write(content.join(format!("report-{n:04}.md")), text).unwrap();
    }
    dir
}

#[test]
fn footnotes_of_different_sections_of_a_page_have_different_ids() {
    let site = large_site(1);
    let report = site.path().join("content/report-0000.md");
    let text = std::fs::read_to_string(&report)
        .unwrap()
        .replace("A cause.", "A cause[^1].\n\n[^1]: The cause note.")
        .replace("Symptoms.", "Symptoms[^1].\n\n[^1]: The symptoms note.");
    std::fs::write(&report, text).unwrap();
    let (code, _, stderr, out) = build(site.path().to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let page = read(out.path(), "incidents/report-0000/index.html");
    let ids: Vec<&str> = page
        .split("id=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an id twice: {ids:?}");
    let notes: Vec<&&str> = ids.iter().filter(|id| id.starts_with("fn-")).collect();
    assert_eq!(notes.len(), 2, "{ids:?}");
    // Each footnote mark leads to its own section's note.
    for id in notes {
        assert!(page.contains(&format!("href=\"#{id}\"")), "{id}");
    }
    let cause = &page[page.find("section-cause").unwrap()..page.find("section-symptoms").unwrap()];
    assert!(cause.contains("The cause note."));
    let mark = cause.split("href=\"#").nth(1).unwrap();
    let target = &mark[..mark.find('"').unwrap()];
    assert!(cause.contains(&format!("id=\"{target}\"")), "{cause}");
}

#[test]
fn a_theme_row_template_is_used_on_every_page_that_lists_rows_with_that_page_s_root() {
    // 450 reports: about 113 a severity, so listings have a first and a second page, and the
    // home page shows 200: the three depths a row is rendered for.
    let site = large_site(450);
    let config = site.path().join("incidex.yaml");
    let mut yaml = std::fs::read_to_string(&config).unwrap();
    yaml.push_str("theme: mine\n");
    std::fs::write(&config, yaml).unwrap();
    let templates = site.path().join("themes/mine/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("incident-row.html"),
        "<tr data-incident=\"{{ row.slug }}\" class=\"mine\" data-root=\"{{ root }}\"><th><a href=\"{{ root }}{{ row.path }}\">{{ row.title }}</a></th></tr>",
    )
    .unwrap();
    let (code, _, stderr, out) = build(site.path().to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{stderr}");
    for (page, root, rows) in [
        ("index.html", "./", 200),
        ("severity/critical/index.html", "../../", 100),
        ("severity/critical/page/2/index.html", "../../../../", 13),
        ("year/2020/index.html", "../../", 100),
        ("year/2020/page/4/index.html", "../../../../", 66),
    ] {
        let html = read(out.path(), page);
        let mine = format!("class=\"mine\" data-root=\"{root}\"");
        assert_eq!(html.matches(&mine).count(), rows, "{page}");
        assert_eq!(html.matches("<tr data-incident=").count(), rows, "{page}");
    }
    assert!(assert_links_resolve(out.path()) > 3_000);
}

#[test]
fn listings_are_paginated_and_a_large_home_page_lists_the_newest_reports() {
    let site = large_site(650);
    let (code, stdout, stderr, out) = build(site.path().to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("650 reports built"), "{stdout}");

    // Home: the newest 200 rows, and the note that the list data holds the rest.
    let home = read(out.path(), "index.html");
    assert_eq!(home.matches("<tr data-incident=").count(), 200);
    assert!(home.contains("data-incident=\"report-0649\""), "the newest");
    assert!(home.contains("data-incident=\"report-0450\""), "the 200th");
    assert!(
        !home.contains("data-incident=\"report-0449\""),
        "not the 201st"
    );
    assert!(home.contains("data-total=\"650\""));
    assert!(home.contains("data-list=\"./list/index."));
    assert!(home.contains("The newest 200 of 650 incidents are listed here"));
    assert!(home.contains("200 of 650 incidents shown"));

    // The list data: every incident, newest first, in chunks of 200 rows (200, 200, 200,
    // 50), in the documented columns; the facets in the index.
    let data = list_data(out.path());
    assert_eq!(data.index["rows"].as_array().unwrap().len(), 4);
    assert_eq!(data.index["total"], 650);
    let rows = &data.rows;
    assert_eq!(rows.len(), 650);
    assert_eq!(rows[0][data.column("slug")], "report-0649");
    assert_eq!(rows[649][data.column("slug")], "report-0000");
    assert_eq!(rows[0][data.column("title")], "Report number 649");
    assert_eq!(data.facet("severity", 0), "high");
    assert_eq!(data.index["labels"]["severity"]["high"], "High");
    // Each severity's rows have chunks of their own: the 163 critical reports in one.
    let critical = data.index["severity_rows"]["critical"].as_array().unwrap();
    assert_eq!(critical.len(), 1);
    let chunk = read(
        out.path(),
        &format!("list/{}", critical[0].as_str().unwrap()),
    );
    let want: Vec<String> = (0..650)
        .filter(|&n| data.facet("severity", n) == "critical")
        .map(|n| format!("[\"{}\",", rows[n][data.column("slug")].as_str().unwrap()))
        .collect();
    assert_eq!(want.len(), 163);
    let got: Vec<&str> = chunk
        .lines()
        .skip(1)
        .map(|l| &l[..l.find(',').unwrap() + 1])
        .collect();
    assert_eq!(got, want);
    assert!(chunk.starts_with("incidexRows(\"critical/0\",["), "{chunk}");

    // Severity listings: 163 critical reports → pages of 100, 63.
    let first = read(out.path(), "severity/critical/index.html");
    assert_eq!(first.matches("<tr data-incident=").count(), 100);
    assert!(first.contains("href=\"../../severity/critical/page/2/\" rel=\"next\""));
    assert!(first.contains("163 incidents"));
    let second = read(out.path(), "severity/critical/page/2/index.html");
    assert_eq!(second.matches("<tr data-incident=").count(), 63);
    assert!(second.contains("href=\"../../../../severity/critical/\" rel=\"prev\""));
    assert!(
        second.contains("<title>Severity: Critical — page 2 of 2"),
        "{second}"
    );
    assert!(!files_of(out.path()).contains("severity/critical/page/3/index.html"));
    let listed: usize = ["critical", "high", "medium", "low"]
        .iter()
        .flat_map(|s| {
            let out = out.path();
            (1..=2).map(move |p| {
                let path = if p == 1 {
                    format!("severity/{s}/index.html")
                } else {
                    format!("severity/{s}/page/{p}/index.html")
                };
                read(out, &path).matches("<tr data-incident=").count()
            })
        })
        .sum();
    assert_eq!(listed, 650, "every report on exactly one severity page");
    assert!(assert_links_resolve(out.path()) > 5_000);
}

#[test]
fn a_build_with_nothing_changed_rewrites_nothing_and_repairs_a_touched_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(Path::new("tests/fixtures/site-stats"), &root);
    let site = dir.path().join("site");
    let run = || {
        let output = incidex()
            .args(["-r", root.to_str().unwrap(), "build", "--output"])
            .arg(&site)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    run();
    let home = site.join("index.html");
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let before = mtime(&home);
    let second = run();
    assert!(
        second.contains("nothing changed since the last build"),
        "{second}"
    );
    assert!(second.contains("(0 files written, "), "{second}");
    assert_eq!(mtime(&home), before);

    // A page deleted or edited by hand: the next build puts it back.
    let page = site.join("stats/index.html");
    let original = std::fs::read(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    let third = run();
    assert!(third.contains("(1 file written, "), "{third}");
    assert_eq!(std::fs::read(&page).unwrap(), original);
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&page, "edited").unwrap();
    let fourth = run();
    assert!(fourth.contains("(1 file written, "), "{fourth}");
    assert_eq!(std::fs::read(&page).unwrap(), original);
    assert!(
        run().contains("nothing changed"),
        "repaired, the folder is whole again"
    );

    // A changed report is a real build.
    let report = root.join("content/c.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("Slow API", "Slow API gateway")).unwrap();
    let fifth = run();
    assert!(!fifth.contains("nothing changed"), "{fifth}");
    assert!(read(dir.path(), "index.html").contains("Slow API gateway"));
}

/// `serve` reuses rows and pages of the previous build: after each change, what it renders
/// must be exactly what a fresh build renders.
#[test]
fn the_preview_cache_renders_exactly_what_a_fresh_build_renders() {
    use incidex::check::Drafts;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    copy_dir(Path::new("tests/fixtures/site-stats"), &root);
    let mut cache = incidex::BuildCache::default();
    let cached_render = |cache: &mut incidex::BuildCache| {
        let mut built =
            incidex::build_site_cached(&root, None, Drafts::Softened, false, Some(cache)).unwrap();
        let files = built.render_in_memory(Some(&mut cache.pages)).unwrap();
        // The theme too is reused by the next render.
        cache.keep_theme(built);
        files
    };
    let fresh_render = || {
        let mut built = incidex::build_site(&root, None, Drafts::Softened, false).unwrap();
        built.render_in_memory(None).unwrap()
    };
    let same = |a: &[incidex::output::OutputFile], b: &[incidex::output::OutputFile]| {
        assert_eq!(a.len(), b.len());
        for (a, b) in a.iter().zip(b) {
            assert_eq!(a.path, b.path);
            assert!(a.bytes == b.bytes, "{} differs from a fresh build", a.path);
        }
    };
    same(&cached_render(&mut cache), &fresh_render());
    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join("content").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        // A different size, so that the cache sees the change whatever the clock.
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    // A title (rows, listings, neighbours' links), a severity (chips, listings), a date
    // (order, neighbours), a new report and a deleted one.
    edit("c.md", "Slow API", "Slow API gateway");
    same(&cached_render(&mut cache), &fresh_render());
    edit("c.md", "**Severity:** High", "**Severity:** Low");
    same(&cached_render(&mut cache), &fresh_render());
    edit("d.md", "Incident 2024-12-24", "Incident 2025-06-24");
    same(&cached_render(&mut cache), &fresh_render());
    std::fs::copy(root.join("content/c.md"), root.join("content/e.md")).unwrap();
    let files = cached_render(&mut cache);
    same(&files, &fresh_render());
    assert!(files.iter().any(|f| f.path == "incidents/e/index.html"));
    std::fs::remove_file(root.join("content/e.md")).unwrap();
    same(&cached_render(&mut cache), &fresh_render());
}

#[test]
fn the_search_index_holds_the_words_of_summaries_causes_and_symptoms() {
    let (code, _, stderr, out) = build(".", &[]);
    assert_eq!(code, 0, "{stderr}");
    let data = list_data(out.path());
    // From the cause, folded like the search box folds what is typed; each word once.
    let words = &data.words[data.position("2024-03-08-redis-eviction-latency")];
    assert!(words.iter().any(|w| w == "maxmemory"), "{words:?}");
    let unique: BTreeSet<&String> = words.iter().collect();
    assert_eq!(words.len(), unique.len(), "each word once");
    assert!(
        words
            .iter()
            .all(|w| !w.chars().any(|c| c.is_uppercase() || "éèêàùçô".contains(c))),
        "folded: {words:?}"
    );
    // Compact: the whole list data is a small part of the site's pages.
    let bytes = |keep: &dyn Fn(&str) -> bool| -> u64 {
        files_of(out.path())
            .iter()
            .filter(|f| keep(f))
            .map(|f| {
                std::fs::metadata(out.path().join("site").join(f))
                    .unwrap()
                    .len()
            })
            .sum()
    };
    let html = bytes(&|f| f.ends_with(".html"));
    let script = bytes(&|f| f.starts_with("list/"));
    assert!(script * 10 <= html, "{script} of {html}");
    // The home page's search box knows where the index is.
    let home = read(out.path(), "index.html");
    assert!(home.contains("id=\"search-box\" data-list=\"./list/index."));
}

/// The example archive with a site theme `mine` whose `incident.html` is `template`.
fn with_incident_template(template: &str) -> tempfile::TempDir {
    let site = common::example_site();
    let templates = site.path().join("themes/mine/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("incident.html"), template).unwrap();
    let config = site.path().join("incidex.yaml");
    let mut yaml = std::fs::read_to_string(&config).unwrap_or_default();
    yaml.push_str("\ntheme: mine\n");
    std::fs::write(&config, yaml).unwrap();
    site
}

#[test]
fn a_template_that_does_not_parse_or_does_not_render_stops_the_build_and_is_named() {
    let broken = with_incident_template(
        "{% extends \"base.html\" %}{% block content %}{% if %}{% endblock content %}",
    );
    let (code, _, stderr, out) = build(broken.path().to_str().unwrap(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!out.path().join("site").exists(), "nothing written");
    assert!(
        stderr.starts_with(
            "error: themes/mine/templates/incident.html: the template cannot be compiled: "
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(" --> themes/mine/templates/incident.html:1:51"),
        "{stderr}"
    );

    let failing = with_incident_template(
        "{% extends \"base.html\" %}{% block content %}{{ incident.nope }}{% endblock content %}",
    );
    let (code, _, stderr, out) = build(failing.path().to_str().unwrap(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!out.path().join("site").exists(), "nothing written");
    assert!(
        stderr.starts_with("error: cannot render incidents/"),
        "the page is named: {stderr}"
    );
    assert!(stderr.contains("Field `nope` is not defined"), "{stderr}");
    assert!(
        stderr.contains(": template themes/mine/templates/incident.html: Field `nope`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(" --> themes/mine/templates/incident.html:1:57"),
        "{stderr}"
    );
}

#[test]
fn the_404_page_without_base_url_links_relatively_and_its_files_exist() {
    let (code, _, stderr, out) = build(".", &[]);
    assert_eq!(code, 0, "{stderr}");
    let not_found = read(out.path(), "404.html");
    let targets = links(&not_found);
    assert!(!targets.is_empty());
    for target in &targets {
        assert!(
            !target.starts_with('/'),
            "a root link leaves the site under a sub-path and from disk: {target}"
        );
        if target.starts_with("http") || target.starts_with('#') {
            continue;
        }
        // Relative to the top folder, where the page is: `./`, `./stats/`, `static/…`.
        let path = target.trim_start_matches("./");
        let on_disk = out.path().join("site").join(path);
        let file = if path.is_empty() || path.ends_with('/') {
            on_disk.join("index.html")
        } else {
            on_disk
        };
        assert!(file.is_file(), "{target} leads to {}", file.display());
    }
    assert!(
        targets.iter().any(|t| t.starts_with("./static/")),
        "{targets:?}"
    );
}

#[test]
fn a_site_template_that_does_not_compile_is_named_by_its_path_from_the_site_root() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("tests/fixtures/reader-site"), dir.path());
    let config = dir.path().join("incidex.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap() + "theme: mine\n";
    std::fs::write(&config, yaml).unwrap();
    let templates = dir.path().join("themes/mine/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("home.html"),
        "{% extends \"base.html\" %}{% block content %}{{ oops( }}{% endblock %}",
    )
    .unwrap();
    let (code, _, stderr, out) = build(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!out.path().join("site").exists(), "nothing is written");
    insta::assert_snapshot!("theme_template_does_not_compile", stderr);
}

#[test]
fn a_base_url_flag_that_is_no_web_address_stops_the_build() {
    let (code, _, stderr, out) = build(".", &["--base-url", "incidents.example.org"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!out.path().join("site").exists(), "nothing written");
    assert_eq!(
        stderr,
        "error: `--base-url incidents.example.org` is not an absolute address starting with \
         `https://` or `http://`\n  = help: write the full address, e.g. `--base-url \
         https://incidents.example.org/`\n"
    );
}
