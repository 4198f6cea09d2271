//! Issue 16, "output linear in the input": many tags or services make many small pages, never
//! pages that each list them all; and a name too long for a folder is refused by `check`.

mod common;

use std::path::Path;

use common::{files_below, run_in};

const EXAMPLE: &str = include_str!("../content/2025-01-15-instance-crash.md");
const BASE: &str = "https://incidents.example.org/";

/// A site of the example report, once per front matter of `fronts` (file `report-<n>.md`, on
/// day n + 1 of January).
fn site(fronts: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        format!("title: Trust\nlanguage: en\nbase_url: \"{BASE}\"\n"),
    )
    .unwrap();
    for (n, front) in fronts.iter().enumerate() {
        let report = EXAMPLE.replace(
            "## Incident 2025-01-15 14:30",
            &format!("## Incident 2025-01-{:02} 14:30", n + 1),
        );
        std::fs::write(
            content.join(format!("report-{n}.md")),
            format!("---\n{front}---\n{report}"),
        )
        .unwrap();
    }
    dir
}

/// `key: [<prefix>001, <prefix>002, …]` for the numbers `from..=to`.
fn list(key: &str, prefix: &str, from: usize, to: usize) -> String {
    let items: Vec<String> = (from..=to).map(|i| format!("{prefix}{i:03}")).collect();
    format!("{key}: [{}]\n", items.join(", "))
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn total_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
        .sum()
}

#[test]
fn one_report_with_1500_tags_makes_a_site_linear_in_its_tags() {
    const TAGS: usize = 1500;
    let dir = site(&[list("tags", "t", 1, TAGS)]);
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("public");
    // By hand, per tag: its listing page (the page's frame, about 3 KB; 4 severity, 5 type and
    // 1 year chips of about 150 bytes; the table's head and its one row, about 2 KB) is under
    // 8 KB; its entry in the index, in the report's page, in the sitemap and in the data files
    // under 1 KB. The pages that do not depend on the tags (home, report, severity, type, year
    // listings, stats, static files) stay under 500 KB. When each listing listed every tag, a
    // listing page alone held 1,500 chips of about 100 bytes: 150 KB, 225 MB in all.
    let bound = TAGS as u64 * 9_000 + 500_000;
    let total = total_bytes(&out);
    assert!(total < bound, "{total} bytes written, over {bound}");
    // One listing per tag, and the index.
    let files = files_below(&out);
    let tag_pages = files.iter().filter(|f| f.starts_with("tag/")).count();
    assert_eq!(tag_pages, TAGS + 1, "{tag_pages} files below tag/");

    // A tag's listing links its own tag and the index, no other tag.
    let page = read(&out, "tag/t002/index.html");
    let tag_links = page.matches("href=\"../../tag/").count();
    assert_eq!(tag_links, 2, "links to tags in tag/t002/:\n{page}");
    assert!(page.contains("href=\"../../tag/t002/\" aria-current=\"page\""));
    assert!(page.contains("href=\"../../tag/\">All tags (1500)</a>"));
    assert!(!page.contains("t001"), "another tag's name on tag/t002/");

    // The index lists every tag, by name, each with its count.
    let index = read(&out, "tag/index.html");
    assert_eq!(
        index
            .matches("<li><a class=\"chip\" href=\"../tag/t")
            .count(),
        TAGS
    );
    assert!(index.contains("<title>Tags · Trust</title>"));
    assert!(index.contains("<p class=\"lead count\">1500 tags</p>"));
    let first = index
        .find("href=\"../tag/t001/\"")
        .expect("t001 in the index");
    let last = index
        .find("href=\"../tag/t1500/\"")
        .expect("t1500 in the index");
    assert!(first < last, "the index is in the order of the names");
    assert!(index.contains(
        "href=\"../tag/t777/\"><span class=\"chip-label\">t777</span> <span class=\"chip-count\">1</span>"
    ));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{BASE}tag/</loc>")));
}

#[test]
fn the_home_page_shows_the_20_most_used_services_and_the_index_all() {
    // 30 services: s001–s005 in 3 reports, s006–s010 in 2, s011–s030 in 1.
    let dir = site(&[
        list("services", "s", 1, 30),
        list("services", "s", 1, 10),
        list("services", "s", 1, 5),
    ]);
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("public");
    let home = read(&out, "index.html");
    // The 20 most used, ties by name: s001–s020.
    let chips = home.matches("data-filter=\"service:").count();
    assert_eq!(chips, 20, "service chips on the home page");
    assert!(home.contains("data-filter=\"service:s020\""));
    assert!(!home.contains("data-filter=\"service:s021\""));
    assert!(home.contains("<a class=\"chip chip-all\" href=\"./service/\">All services (30)</a>"));
    // The rows on the home page keep every service for the filters.
    assert!(home.contains("data-service=\"s001 s002 s003 s004 s005\""));

    let index = read(&out, "service/index.html");
    assert_eq!(
        index
            .matches("<li><a class=\"chip\" href=\"../service/s")
            .count(),
        30
    );
    for (service, count) in [
        ("s005", 3),
        ("s006", 2),
        ("s010", 2),
        ("s011", 1),
        ("s030", 1),
    ] {
        let entry = format!(
            "href=\"../service/{service}/\"><span class=\"chip-label\">{service}</span> <span class=\"chip-count\">{count}</span>"
        );
        assert!(index.contains(&entry), "{entry}");
    }
    // A service's listing links no other service, and its rows do not list their services.
    let listing = read(&out, "service/s003/index.html");
    assert_eq!(listing.matches("href=\"../../service/").count(), 2);
    assert!(!listing.contains("data-service="));
    assert_eq!(listing.matches("<tr data-incident=").count(), 3);
}

#[test]
fn a_name_over_255_bytes_is_refused_by_check_and_build_writes_nothing() {
    let long = "a".repeat(300);
    let front =
        format!("slug: s{long}\naliases: [al{long}]\nservices: [sv{long}]\ntags: [tg{long}]\n");
    let dir = site(&[front]);
    let (code, stdout, stderr) = run_in(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let stdout = stdout.replace(&dir.path().display().to_string(), "[site]");
    insta::assert_snapshot!("name_too_long", stdout);

    let (code, stdout, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(stderr.matches("error[E034]").count(), 4, "{stderr}");
    assert!(!stderr.contains("File name too long"), "{stderr}");
    assert!(!dir.path().join("public").exists(), "something was written");
}

#[test]
fn a_name_of_255_bytes_is_built() {
    // `slug:` of 255 letters: the longest folder name; its tag too.
    let name = "b".repeat(255);
    let dir = site(&[format!("slug: {name}\ntags: [\"{name}\"]\n")]);
    let (code, stdout, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let out = dir.path().join("public");
    assert!(out.join(format!("incidents/{name}/index.html")).is_file());
    assert!(out.join(format!("tag/{name}/index.html")).is_file());
}

#[test]
fn a_name_that_grows_once_made_a_url_name_is_measured_as_written_to_disk() {
    // "㎒" (3 bytes) is "mhz" once decomposed: 90 of them are 270 bytes as a URL name.
    let dir = site(&[format!("tags: [\"{}\"]\n", "㎒".repeat(90))]);
    let (code, stdout, _) = run_in(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("makes a folder name of 270 bytes"),
        "{stdout}"
    );
}

/// A site of the example report once per year of `years` (file `year-<year>.md`, 15 January).
fn site_in_years(years: impl Iterator<Item = u32>) -> tempfile::TempDir {
    let dir = site(&[]);
    for year in years {
        let report = EXAMPLE.replace(
            "## Incident 2025-01-15 14:30",
            &format!("## Incident {year:04}-01-15 14:30"),
        );
        std::fs::write(
            dir.path().join(format!("content/year-{year:04}.md")),
            report,
        )
        .unwrap();
    }
    dir
}

/// Any year 0001-9999 is a date: every listing page showed a chip per year, so 600 reports in
/// 600 years made 600 year listings of 600 chips each.
#[test]
fn reports_in_600_years_make_a_site_linear_in_its_years() {
    const YEARS: u32 = 600;
    let dir = site_in_years(1401..1401 + YEARS);
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("public");
    // By hand, per report: its page (about 8 KB with the base URL's metadata), its year
    // listing (frame and feeds about 4 KB, 4 severity, 5 type and 20 year chips of about 150
    // bytes, its one row about 1 KB: under 10 KB), its lines in the data files, the sitemap
    // and the year index (under 3 KB): under 21 KB, 25 KB with a margin; and the statistics
    // pages of its quarter (the statistics of one report, about 26 KB, with links to that
    // year's periods only: 30 KB with a margin) and of its year (the same and the year's
    // calendar, twice 365 squares of about 20 bytes, 15 KB: 45 KB). The rest (home page,
    // severity and type listings of 100 rows a page, stats, static files) under 2 MB. With
    // every year on every listing, each of the 600 listings held 600 chips of about 150
    // bytes: 54 MB more; with every period linked from every period page, 115 MB.
    let bound = u64::from(YEARS) * (25_000 + 30_000 + 45_000) + 2_000_000;
    let total = total_bytes(&out);
    assert!(total < bound, "{total} bytes written, over {bound}");

    // A year listing shows the 20 newest years and the index, not 600 years.
    let listing = read(&out, "year/1500/index.html");
    assert_eq!(
        listing.matches("href=\"../../year/").count(),
        21,
        "{listing}"
    );
    assert!(listing.contains("href=\"../../year/2000/\""), "{listing}");
    assert!(listing.contains("href=\"../../year/1981/\""), "{listing}");
    assert!(!listing.contains("href=\"../../year/1980/\""), "{listing}");
    assert!(
        listing.contains("href=\"../../year/\">All years (600)</a>"),
        "{listing}"
    );
    // The home page: the same 20 chips, and the index.
    let home = read(&out, "index.html");
    assert_eq!(home.matches("data-filter=\"year:").count(), 20);
    assert!(
        home.contains("href=\"./year/\">All years (600)</a>"),
        "{home}"
    );
    // The index lists every year, newest first.
    let index = read(&out, "year/index.html");
    assert_eq!(index.matches("href=\"../year/").count(), 600);
    let newest = index.find("href=\"../year/2000/\"").unwrap();
    let oldest = index.find("href=\"../year/1401/\"").unwrap();
    assert!(newest < oldest);
    assert!(read(&out, "sitemap.xml").contains(&format!("{BASE}year/</loc>")));
}

/// An archive of 20 years or fewer keeps every year as a chip, and has no year index.
#[test]
fn twenty_years_are_all_chips_and_make_no_index() {
    let dir = site_in_years(2006..2026);
    let (code, _, stderr) = run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let out = dir.path().join("public");
    let home = read(&out, "index.html");
    assert_eq!(home.matches("data-filter=\"year:").count(), 20);
    assert!(!home.contains("All years"));
    assert!(!out.join("year/index.html").exists());
}
