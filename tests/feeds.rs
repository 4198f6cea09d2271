//! Atom feeds, sitemap, robots.txt, Open Graph tags and the service and tag listings, over the
//! `site-publish` fixture, the feeds read with a real XML parser.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::incidex;

const FIXTURE: &str = "tests/fixtures/site-publish";
const BASE: &str = "https://incidents.example.org/ops/";
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// Builds the site at `root` into `<tmp>/site`; returns (stderr, the temporary folder).
fn build(root: &Path, args: &[&str]) -> (String, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let output = incidex()
        .arg("-r")
        .arg(root)
        .args(["build", "--output", site.to_str().unwrap()])
        .args(args)
        .output()
        .expect("incidex runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    (stderr, out)
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join("site").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn files_of(out: &Path) -> BTreeSet<String> {
    common::files_below(&out.join("site"))
}

/// A copy of the fixture in a temporary folder, to change it.
fn copy_fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site-src");
    common::copy_dir(Path::new(FIXTURE), &root);
    (dir, root)
}

/// The text of the Atom child `name` of `node`.
fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
}

fn link<'a>(node: roxmltree::Node<'a, 'a>, rel: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some(rel))
        .and_then(|c| c.attribute("href"))
}

fn entries<'a>(feed: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    feed.root_element()
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect()
}

#[test]
fn the_feed_is_valid_atom_with_escaped_text_and_stable_dates() {
    let (_, out) = build(Path::new(FIXTURE), &[]);
    let text = read(out.path(), "feed.xml");
    let doc = roxmltree::Document::parse(&text).expect("feed.xml is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(child_text(feed, "id"), Some(&*format!("{BASE}feed.xml")));
    assert_eq!(
        child_text(feed, "title"),
        Some("Ops <&> \"Incidents\" · All reports")
    );
    // The latest timestamp of any report: the hostile report's resolution, not the build time.
    assert_eq!(
        child_text(feed, "updated"),
        Some("2025-03-01T12:30:00+01:00")
    );
    assert_eq!(link(feed, "self"), Some(&*format!("{BASE}feed.xml")));
    assert_eq!(link(feed, "alternate"), Some(BASE));
    assert!(
        feed.children()
            .any(|c| c.has_tag_name((ATOM, "author")) && child_text(c, "name").is_some())
    );

    let entries = entries(&doc);
    let slugs: Vec<&str> = entries
        .iter()
        .map(|e| child_text(*e, "id").unwrap())
        .collect();
    assert_eq!(
        slugs,
        [
            format!("{BASE}incidents/2025-03-01-hostile/"),
            format!("{BASE}incidents/2024-11-20-billing/"),
            format!("{BASE}incidents/2024-06-01-redis/"),
        ],
        "newest first"
    );
    for entry in &entries {
        let id = child_text(*entry, "id").unwrap();
        assert_eq!(link(*entry, "alternate"), Some(id));
        for required in ["title", "updated", "published", "summary"] {
            assert!(child_text(*entry, required).is_some(), "{id}: {required}");
        }
    }
    let hostile = entries[0];
    assert_eq!(
        child_text(hostile, "title"),
        Some("<script>alert('x')</script> & \"quotes\" evil"),
        "escaped, and without the bidirectional overrides"
    );
    assert_eq!(
        child_text(hostile, "published"),
        Some("2025-03-01T10:00:00+01:00")
    );
    assert_eq!(
        child_text(hostile, "updated"),
        Some("2025-03-01T12:30:00+01:00")
    );
    let content = hostile
        .children()
        .find(|c| c.has_tag_name((ATOM, "content")))
        .unwrap();
    assert_eq!(content.attribute("type"), Some("html"));
    assert_eq!(
        content.attribute(("http://www.w3.org/XML/1998/namespace", "base")),
        Some(&*format!("{BASE}incidents/2025-03-01-hostile/"))
    );
    let html = content.text().unwrap();
    assert!(
        html.starts_with("<p>Summary with ]]&gt; and &lt;b&gt;raw html"),
        "{html}"
    );
    assert!(!html.contains('\u{7}'), "control characters are dropped");
    // A date written alone is its midnight in the site's time zone.
    assert_eq!(
        child_text(entries[2], "updated"),
        Some("2024-06-01T00:00:00+02:00")
    );
    // The raw text never holds markup from a report.
    assert!(!text.contains("<script>") && !text.contains("<b>"));
}

#[test]
fn each_severity_has_its_feed() {
    let (_, out) = build(Path::new(FIXTURE), &[]);
    let expected = [
        ("critical", vec!["2025-03-01-hostile"]),
        ("high", vec!["2024-11-20-billing"]),
        ("medium", vec![]),
        ("low", vec!["2024-06-01-redis"]),
    ];
    for (severity, slugs) in expected {
        let path = format!("severity/{severity}/feed.xml");
        let text = read(out.path(), &path);
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let feed = doc.root_element();
        assert_eq!(child_text(feed, "id"), Some(&*format!("{BASE}{path}")));
        assert_eq!(link(feed, "self"), Some(&*format!("{BASE}{path}")));
        assert_eq!(
            link(feed, "alternate"),
            Some(&*format!("{BASE}severity/{severity}/"))
        );
        let ids: Vec<String> = entries(&doc)
            .iter()
            .map(|e| child_text(*e, "id").unwrap().to_string())
            .collect();
        let want: Vec<String> = slugs
            .iter()
            .map(|s| format!("{BASE}incidents/{s}/"))
            .collect();
        assert_eq!(ids, want, "{path}");
        // An empty feed is as new as the archive.
        let updated = child_text(feed, "updated").unwrap();
        if severity == "medium" {
            assert_eq!(updated, "2025-03-01T12:30:00+01:00");
        }
    }
}

#[test]
fn a_feed_holds_the_newest_fifty_reports() {
    let (_dir, root) = copy_fixture();
    // 55 more reports, one a day in 2023, all high.
    for day in 0..55u32 {
        let date =
            chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + chrono::Days::new(day.into());
        let text = format!(
            "## Incident {date} 08:00 — Filler {day}\n\n**Type :** Erreur\n**Sévérité :** Haute\n**Durée :** 5 minutes\n**Impact utilisateurs :** Non\n\n### Cause\nx\n\n### Symptômes\nx\n\n### Actions Immédiates\nx\n\n### Résolution\nx\n\n### Prévention\nx\n\n### Coût Impact\n- **Temps d'indisponibilité :** 0 minutes\n\n### Références\n- Logs : N/A\n"
        );
        std::fs::write(root.join(format!("content/filler-{day:02}.md")), text).unwrap();
    }
    let (_, out) = build(&root, &[]);
    for (path, first) in [
        ("feed.xml", "2025-03-01-hostile"),
        ("severity/high/feed.xml", "2024-11-20-billing"),
    ] {
        let text = read(out.path(), path);
        let doc = roxmltree::Document::parse(&text).unwrap();
        let entries = entries(&doc);
        assert_eq!(entries.len(), 50, "{path}");
        assert_eq!(
            child_text(entries[0], "id"),
            Some(&*format!("{BASE}incidents/{first}/"))
        );
        let published: Vec<&str> = entries
            .iter()
            .map(|e| child_text(*e, "published").unwrap())
            .collect();
        let mut sorted = published.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(published, sorted, "{path}: newest first");
    }
    // The oldest fillers (1 to 5 January 2023 for the archive) are left out.
    let all = read(out.path(), "feed.xml");
    assert!(!all.contains("filler-00/") && all.contains("filler-54/"));
}

#[test]
fn every_page_links_the_feeds_and_carries_open_graph_tags() {
    let (_, out) = build(Path::new(FIXTURE), &[]);
    let files = files_of(out.path());
    let redirects: Vec<&String> = files
        .iter()
        .filter(|f| f.ends_with(".html") && read(out.path(), f).contains("http-equiv=\"refresh\""))
        .collect();
    let mut pages = 0;
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        if redirects.contains(&page) {
            continue;
        }
        pages += 1;
        let html = read(out.path(), page);
        for feed in [
            "feed.xml",
            "severity/critical/feed.xml",
            "severity/high/feed.xml",
            "severity/medium/feed.xml",
            "severity/low/feed.xml",
        ] {
            assert!(
                html.contains("type=\"application/atom+xml\" title=\""),
                "{page}"
            );
            assert!(
                html.contains(&format!("href=\"{BASE}{feed}\"")),
                "{page}: {feed}"
            );
            assert!(files.contains(feed));
        }
        assert!(html.contains("<p class=\"feeds\">"), "{page}: footer");
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{page}"
        );
        assert!(
            html.contains("<meta property=\"og:site_name\" content=\"Ops &lt;&amp;&gt; &quot;Incidents&quot;\">"),
            "{page}"
        );
        assert!(
            html.contains("<meta property=\"og:title\" content=\""),
            "{page}"
        );
        assert!(
            html.contains("<meta property=\"og:description\" content=\""),
            "{page}"
        );
        let kind = if page.starts_with("incidents/") {
            "article"
        } else {
            "website"
        };
        assert!(
            html.contains(&format!("<meta property=\"og:type\" content=\"{kind}\">")),
            "{page}"
        );
        if page != "404.html" {
            let url = format!("{BASE}{}", page.strip_suffix("index.html").unwrap());
            assert!(
                html.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")),
                "{page}"
            );
        }
    }
    assert!(pages > 15, "{pages}");
    let hostile = read(out.path(), "incidents/2025-03-01-hostile/index.html");
    assert!(
        hostile.contains(
            "<meta property=\"og:title\" content=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; evil\">"
        ),
        "{hostile}"
    );
    assert!(!hostile.contains("<script>alert"));
}

#[test]
fn the_sitemap_lists_every_page_once() {
    let (_, out) = build(Path::new(FIXTURE), &[]);
    let files = files_of(out.path());
    let text = read(out.path(), "sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is well-formed XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let mut locs = BTreeSet::new();
    for url in doc.root_element().children().filter(|c| c.is_element()) {
        let loc = url
            .children()
            .find(|c| c.has_tag_name((ns, "loc")))
            .and_then(|c| c.text())
            .unwrap();
        assert!(locs.insert(loc.to_string()), "{loc} twice");
        let lastmod = url
            .children()
            .find(|c| c.has_tag_name((ns, "lastmod")))
            .and_then(|c| c.text());
        assert_eq!(lastmod.is_some(), loc.contains("/incidents/"), "{loc}");
    }
    let expected: BTreeSet<String> = files
        .iter()
        .filter(|f| f.ends_with("index.html"))
        .filter(|f| !read(out.path(), f).contains("http-equiv=\"refresh\""))
        .map(|f| format!("{BASE}{}", f.strip_suffix("index.html").unwrap()))
        .collect();
    assert_eq!(locs, expected);
    assert!(locs.contains(&format!("{BASE}service/redis/")));
    assert!(text.contains(&format!(
        "<loc>{BASE}incidents/2025-03-01-hostile/</loc><lastmod>2025-03-01T12:30:00+01:00</lastmod>"
    )));
    assert_eq!(
        read(out.path(), "robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n")
    );
}

#[test]
fn without_a_base_url_there_are_no_feeds_nor_sitemap() {
    let (_dir, root) = copy_fixture();
    let config = std::fs::read_to_string(root.join("incidex.yaml")).unwrap();
    let config: String = config
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("incidex.yaml"), config).unwrap();
    let (stderr, out) = build(&root, &[]);
    assert!(stderr.contains("warning: no base URL"), "{stderr}");
    let files = files_of(out.path());
    assert!(!files.iter().any(|f| f.ends_with(".xml")), "{files:?}");
    assert_eq!(read(out.path(), "robots.txt"), "User-agent: *\nAllow: /\n");
    let home = read(out.path(), "index.html");
    assert!(!home.contains("application/atom+xml") && !home.contains("class=\"feeds\""));
    assert!(!home.contains("og:url"));
    assert!(home.contains("<meta property=\"og:title\""));
}

#[test]
fn services_and_tags_have_listings_and_filters() {
    let (_, out) = build(Path::new(FIXTURE), &[]);
    let files = files_of(out.path());
    for page in [
        "service/evaluation-api/index.html",
        "service/redis/index.html",
        "service/zz-secret-service/index.html",
        "tag/cuda/index.html",
        "tag/zz-secret-tag/index.html",
    ] {
        assert!(files.contains(page), "{page}: {files:?}");
    }
    // "redis" and "Redis" are one service; its listing counts and sums both reports.
    let redis = read(out.path(), "service/redis/index.html");
    assert!(redis.contains("<h1>Service: redis</h1>"), "{redis}");
    assert!(
        redis.contains("2 incidents · Total downtime: 2 h 30</p>"),
        "{redis}"
    );
    assert!(redis.contains("data-incident=\"2025-03-01-hostile\""));
    assert!(redis.contains("data-incident=\"2024-06-01-redis\""));
    assert!(!redis.contains("data-incident=\"2024-11-20-billing\""));
    assert!(redis.contains("href=\"../../service/redis/\" aria-current=\"page\""));
    // Each listing links its own service and the indexes, not every other one.
    assert!(redis.contains("href=\"../../tag/\""));
    assert!(!redis.contains("href=\"../../tag/cuda/\""));

    let home = read(out.path(), "index.html");
    assert!(home.contains("href=\"./service/redis/\" data-filter=\"service:redis\""));
    assert!(
        !home.contains("data-filter=\"tag:"),
        "tags have no chips on the home page"
    );
    assert!(home.contains(
        "data-incident=\"2025-03-01-hostile\" data-severity=\"critical\" data-type=\"downtime\" data-year=\"2025\" data-service=\"evaluation-api redis\" data-tag=\"cuda\""
    ));

    // The list data's index: the report under each of its services and tags.
    let list = common::ListData::read(&out.path().join("site"));
    let at = list.position("2025-03-01-hostile");
    for (group, value) in [
        ("service", "evaluation-api"),
        ("service", "redis"),
        ("tag", "cuda"),
    ] {
        assert!(list.listed(group, value).contains(&at), "{group} {value}");
    }
}

#[test]
fn two_builds_with_feeds_are_byte_identical() {
    let (_, a) = build(Path::new(FIXTURE), &[]);
    let (_, b) = build(Path::new(FIXTURE), &[]);
    let files = files_of(a.path());
    assert_eq!(files, files_of(b.path()));
    for f in files.iter().filter(|f| *f != ".incidex") {
        let x = std::fs::read(a.path().join("site").join(f)).unwrap();
        let y = std::fs::read(b.path().join("site").join(f)).unwrap();
        assert!(x == y, "{f} differs");
    }
}
