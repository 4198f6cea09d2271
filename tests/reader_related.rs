//! Related and similar incidents (issue 18): links a report declares (front matter
//! `related:` or a `**Liés :**` / `**Related:**` line, by slug or file name) shown both ways,
//! the messages for a name that is no report or the report itself, and the similar incidents
//! computed from shared services, tags, type and words. Every expected list is worked out by
//! hand in the comments, never taken from incidex's output.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{build_reports as build, run_in};
use incidex::BuildCache;
use incidex::output::OutputFile;

/// A report of the template with `extra` lines after the required fields, and a cause and
/// symptoms of its own.
fn report(date: &str, title: &str, kind: &str, extra: &str, cause: &str, symptoms: &str) -> String {
    format!(
        "## Incident {date} — {title}

**Type :** {kind}
**Sévérité :** Haute
**Durée :** 25 minutes
**Impact utilisateurs :** Non
{extra}
### Cause
{cause}

### Symptômes
{symptoms}

### Actions Immédiates
1. Alerte

### Résolution
Fait.

### Prévention
Rien.

### Coût Impact
- **Temps d'indisponibilité :** 0 minutes

### Références
N/A
"
    )
}

/// A site of `reports` (path below `content/`, text) checked as it is: exit code and output.
fn check(reports: &[(&str, &str)]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("incidex.yaml"),
        "title: Incidents\nlanguage: fr\n",
    )
    .unwrap();
    for (path, text) in reports {
        let file = root.join("content").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    run_in(root, &["check", "--strict"])
}

#[test]
fn an_unknown_name_is_an_error_at_its_place_with_the_closest_slug() {
    let crash = report(
        "2025-01-15 14:30",
        "Crash",
        "Erreur",
        "**Liés :** panne-dns, instance-crahs\n",
        "Mémoire pleine.",
        "- Erreurs",
    );
    let dns = report(
        "2025-03-12 09:00",
        "DNS",
        "Erreur",
        "",
        "Zone expirée.",
        "- Pannes",
    );
    let (code, stdout, stderr) = check(&[
        ("2025-01-15-instance-crash.md", &crash),
        ("panne-dns.md", &dns),
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    insta::assert_snapshot!("unknown_related", stdout);
}

#[test]
fn an_unknown_name_in_front_matter_is_reported_at_its_item() {
    let dns = format!(
        "---\nrelated: [2025-01-15-instance-crash.md, \"inconnu\"]\n---\n{}",
        report(
            "2025-03-12 09:00",
            "DNS",
            "Erreur",
            "",
            "Zone expirée.",
            "- Pannes"
        )
    );
    let crash = report(
        "2025-01-15 14:30",
        "Crash",
        "Erreur",
        "",
        "Mémoire.",
        "- Erreurs",
    );
    let (code, stdout, stderr) = check(&[
        ("2025-01-15-instance-crash.md", &crash),
        ("panne-dns.md", &dns),
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    // By hand: `inconnu` starts after `related: [2025-01-15-instance-crash.md, "`, 41
    // characters: column 42.
    assert!(
        stdout.contains(
            "error[E035]: no report is named `inconnu` (related incident)\n --> content/panne-dns.md:2:42\n"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with("2 reports checked: 1 error\n"), "{stdout}");
}

#[test]
fn a_report_naming_itself_is_a_warning_and_the_name_is_left_out() {
    let crash = report(
        "2025-01-15 14:30",
        "Crash",
        "Erreur",
        "**Related:** 2025-01-15-instance-crash\n",
        "Mémoire pleine.",
        "- Erreurs",
    );
    let (code, stdout, stderr) = check(&[("2025-01-15-instance-crash.md", &crash)]);
    assert_eq!(code, 1, "--strict fails on the warning: {stdout}{stderr}");
    assert!(
        stdout.contains(
            "warning[W013]: `2025-01-15-instance-crash` is this report itself (ignored)\n --> content/2025-01-15-instance-crash.md:7:14\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 report checked: 1 warning\n"),
        "{stdout}"
    );
}

fn page(site: &Path, slug: &str) -> String {
    std::fs::read_to_string(site.join(format!("public/incidents/{slug}/index.html"))).unwrap()
}

/// The `<section class="{block}">` of a page, or None.
fn block<'p>(page: &'p str, block: &str) -> Option<&'p str> {
    let start = page.find(&format!("<section class=\"{block}\""))?;
    let end = start + page[start..].find("</section>")?;
    Some(&page[start..end])
}

/// The incidents.json item of `slug`.
fn item(site: &Path, slug: &str) -> serde_json::Value {
    let json = std::fs::read_to_string(site.join("public/incidents.json")).unwrap();
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    items.into_iter().find(|i| i["slug"] == slug).unwrap()
}

/// A related list as a page shows it: (slug, title as escaped, date).
fn related_list(key: &str, label: &str, items: &[(&str, &str, &str)]) -> String {
    let mut out = format!(
        "<section class=\"{key}\" aria-labelledby=\"{key}-title\">\n    <h2 id=\"{key}-title\">{label}</h2>\n    <ul>"
    );
    for (slug, title, date) in items {
        out.push_str(&format!(
            "\n      <li><a href=\"../../incidents/{slug}/\">{title}</a> <span class=\"related-date\">{date}</span></li>"
        ));
    }
    out.push_str("\n    </ul>\n  ");
    out
}

#[test]
fn related_incidents_are_listed_both_ways_newest_first_and_drafts_are_left_out() {
    // The crash names no one; panne-dns names it by file name in front matter; cache names
    // panne-dns and a draft in a `**Liés :**` line. So by hand: crash ← panne-dns;
    // panne-dns ← cache (newest) and → crash; cache → panne-dns; the draft is not published.
    let crash = report(
        "2025-01-15 14:30",
        "Crash <b>mémoire</b>",
        "Erreur",
        "",
        "Mémoire pleine.",
        "- Erreurs",
    );
    let dns = format!(
        "---\nrelated: [2025-01-15-instance-crash.md]\n---\n{}",
        report(
            "2025-03-12 09:00",
            "Panne DNS",
            "Downtime",
            "",
            "Zone expirée.",
            "- Pannes"
        )
    );
    let cache = report(
        "2025-06-01 08:00",
        "Cache vide",
        "Performance",
        "**Liés :** panne-dns, brouillon\n",
        "Éviction.",
        "- Lenteurs",
    );
    let draft = format!(
        "---\ndraft: true\nrelated: [cache]\n---\n{}",
        report(
            "2025-07-01 08:00",
            "Brouillon",
            "Erreur",
            "",
            "À voir.",
            "- Rien"
        )
    );
    let site = build(
        "fr",
        &[
            ("2025-01-15-instance-crash.md", &crash),
            ("panne-dns.md", &dns),
            ("2025/cache.md", &cache),
            ("brouillon.md", &draft),
        ],
    );
    let site = site.path();
    let label = "Incidents liés";
    assert_eq!(
        block(&page(site, "2025-01-15-instance-crash"), "related"),
        Some(
            related_list(
                "related",
                label,
                &[("panne-dns", "Panne DNS", "12 mars 2025, 09:00")]
            )
            .as_str()
        )
    );
    assert_eq!(
        block(&page(site, "panne-dns"), "related"),
        Some(
            related_list(
                "related",
                label,
                &[
                    ("cache", "Cache vide", "1 juin 2025, 08:00"),
                    (
                        "2025-01-15-instance-crash",
                        "Crash &lt;b&gt;mémoire&lt;/b&gt;",
                        "15 janv. 2025, 14:30"
                    ),
                ]
            )
            .as_str()
        )
    );
    let cache_page = page(site, "cache");
    assert_eq!(
        block(&cache_page, "related"),
        Some(
            related_list(
                "related",
                label,
                &[("panne-dns", "Panne DNS", "12 mars 2025, 09:00")]
            )
            .as_str()
        )
    );
    assert!(
        !cache_page.contains("brouillon"),
        "the draft is not published"
    );
    // The block comes after the sections, before the links to the neighbours.
    let at = |text: &str| cache_page.find(text).unwrap();
    assert!(
        at("<section class=\"report-section section-references\"")
            < at("<section class=\"related\"")
    );
    assert!(at("<section class=\"related\"") < at("<nav class=\"pager\""));
    assert_eq!(
        item(site, "panne-dns")["related"],
        serde_json::json!(["cache", "2025-01-15-instance-crash"])
    );
    assert_eq!(
        item(site, "cache")["related"],
        serde_json::json!(["panne-dns"])
    );
}

/// The archive of the hand-worked example (see src/similar.rs): every incident an Erreur,
/// with no service. Terms: a disque plein erreurs; b disque plein lenteurs; c certificat
/// expire erreurs; d certificat expire lenteurs. Each term is in 2 of 4 incidents (idf ln 2,
/// all weights equal): cos(a,b) = 2/3, cos(a,c) = 1/3, cos(a,d) = 0, and so on by symmetry.
fn similar_archive(a_extra: &str) -> [(String, String); 4] {
    let one = |name: &str, date: &str, extra: &str, cause: &str, symptoms: &str| {
        (
            format!("{name}.md"),
            report(date, &name.to_uppercase(), "Erreur", extra, cause, symptoms),
        )
    };
    [
        one(
            "a",
            "2025-01-01 10:00",
            a_extra,
            "Disque plein.",
            "- Erreurs",
        ),
        one("b", "2025-01-02 10:00", "", "Disque plein.", "- Lenteurs"),
        one(
            "c",
            "2025-01-03 10:00",
            "",
            "Certificat expiré.",
            "- Erreurs",
        ),
        one(
            "d",
            "2025-01-04 10:00",
            "",
            "Certificat expiré.",
            "- Lenteurs",
        ),
    ]
}

fn build_archive(language: &str, reports: &[(String, String)]) -> tempfile::TempDir {
    let reports: Vec<(&str, &str)> = reports
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    build(language, &reports)
}

#[test]
fn similar_incidents_are_those_computed_by_hand_without_the_related_ones() {
    let site = build_archive("fr", &similar_archive(""));
    let site = site.path();
    let label = "Incidents similaires";
    // a → b (2/3), c (1/3); b → a, d; c → d, a; d → c, b.
    assert_eq!(
        block(&page(site, "a"), "similar"),
        Some(
            related_list(
                "similar",
                label,
                &[
                    ("b", "B", "2 janv. 2025, 10:00"),
                    ("c", "C", "3 janv. 2025, 10:00")
                ]
            )
            .as_str()
        )
    );
    assert_eq!(item(site, "c")["similar"], serde_json::json!(["d", "a"]));
    assert_eq!(item(site, "d")["similar"], serde_json::json!(["c", "b"]));
    assert!(block(&page(site, "a"), "related").is_none());
    assert_eq!(item(site, "a")["related"], serde_json::json!([]));

    // a names b: b is related to a both ways, and no longer among their similar incidents.
    let site = build_archive("fr", &similar_archive("**Liés :** b\n"));
    let site = site.path();
    assert_eq!(item(site, "a")["similar"], serde_json::json!(["c"]));
    assert_eq!(item(site, "b")["similar"], serde_json::json!(["d"]));
    assert_eq!(item(site, "b")["related"], serde_json::json!(["a"]));
}

#[test]
fn english_sites_title_the_blocks_in_english() {
    let site = build_archive("en", &similar_archive("**Related:** b\n"));
    let a = page(site.path(), "a");
    assert!(
        a.contains("<h2 id=\"related-title\">Related incidents</h2>"),
        "{a}"
    );
    assert!(
        a.contains("<h2 id=\"similar-title\">Similar incidents</h2>"),
        "{a}"
    );
    assert!(a.contains("<a href=\"../../incidents/b/\">B</a> <span class=\"related-date\">2 Jan 2025, 10:00</span>"), "{a}");
}

/// A site rebuilt like `incidex serve` rebuilds it: each render's files.
struct Preview {
    _dir: tempfile::TempDir,
    root: std::path::PathBuf,
    cache: BuildCache,
}

impl Preview {
    fn new(reports: &[(String, String)]) -> Preview {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(
            root.join("incidex.yaml"),
            "title: Incidents\nlanguage: fr\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        for (path, text) in reports {
            std::fs::write(root.join("content").join(path), text).unwrap();
        }
        Preview {
            _dir: dir,
            root,
            cache: BuildCache::default(),
        }
    }

    /// Writes `text` to the report `path`, tells the cache, and renders again.
    fn save(&mut self, path: &str, text: &str) -> Vec<OutputFile> {
        std::fs::write(self.root.join("content").join(path), text).unwrap();
        self.cache
            .reports
            .only_changed([std::path::PathBuf::from(path)]);
        self.render()
    }

    fn render(&mut self) -> Vec<OutputFile> {
        common::render_from_cache(&self.root, &mut self.cache).expect("the reports build")
    }
}

/// The incident pages written anew between two renders (a page taken from the cache is the
/// same bytes, shared).
fn rendered_again(before: &[OutputFile], after: &[OutputFile]) -> Vec<String> {
    let mut again = Vec::new();
    for file in after.iter().filter(|f| f.path.starts_with("incidents/")) {
        let old = before.iter().find(|f| f.path == file.path).unwrap();
        if !Arc::ptr_eq(&old.bytes, &file.bytes) {
            again.push(
                file.path
                    .trim_start_matches("incidents/")
                    .trim_end_matches("/index.html")
                    .to_string(),
            );
        }
    }
    again.sort();
    again
}

#[test]
fn a_save_renders_again_only_the_pages_whose_lists_show_a_change() {
    // The archive of the hand-worked example, with e and f between them in time and sharing
    // no word with anyone (each of a–d's terms stays in 2 of 6 incidents: the same lists).
    // By date: a, e, c, f, b, d; so c's neighbours (previous and next links) are e and f.
    let [a, b, c, d] = similar_archive("");
    let dated =
        |(path, text): (String, String), date: &str| (path, text.replace(&text[12..28], date));
    let reports = vec![
        dated(a, "2025-01-01 10:00"),
        dated(b, "2025-01-05 10:00"),
        dated(c, "2025-01-03 10:00"),
        dated(d, "2025-01-06 10:00"),
        (
            "e.md".to_string(),
            report(
                "2025-01-02 10:00",
                "E",
                "Erreur",
                "",
                "Quota dépassé.",
                "- Refus",
            ),
        ),
        (
            "f.md".to_string(),
            report(
                "2025-01-04 10:00",
                "F",
                "Erreur",
                "",
                "Réseau coupé.",
                "- Timeouts",
            ),
        ),
    ];
    let mut preview = Preview::new(&reports);
    let first = preview.render();
    let c_text = reports[2].1.clone();
    // c's title changes: a and d list it as similar (a → b, c; d → c, b), e and f link to it
    // as a neighbour; b lists a and d and is no neighbour of c: it is left as it was.
    let second = preview.save("c.md", &c_text.replace(" — C\n", " — Certificat TLS\n"));
    assert_eq!(rendered_again(&first, &second), ["a", "c", "d", "e", "f"]);
    assert!(
        String::from_utf8_lossy(
            &second
                .iter()
                .find(|f| f.path == "incidents/a/index.html")
                .unwrap()
                .bytes
        )
        .contains(">Certificat TLS</a>")
    );
    // c's actions change: its lists and what others show of it (title, date) do not; only c
    // and its neighbours are rendered again, not a and d, which list it.
    let third = preview.save(
        "c.md",
        &c_text
            .replace(" — C\n", " — Certificat TLS\n")
            .replace("1. Alerte", "1. Alerte envoyée"),
    );
    assert_eq!(rendered_again(&second, &third), ["c", "e", "f"]);
}

#[test]
fn a_report_is_named_by_its_path_below_the_content_folder_or_its_file_name() {
    // x names the same report four ways (path, path without `.md`, file name, slug): it is
    // listed once; the other report is in a folder, which its URL name leaves out.
    let x = report(
        "2025-02-01 10:00",
        "X",
        "Erreur",
        "**Incidents liés :** 2025/cache.md, ./2025/cache, cache.md, cache\n",
        "Quota.",
        "- Refus",
    );
    let cache = report(
        "2025-01-01 10:00",
        "Cache",
        "Performance",
        "",
        "Éviction.",
        "- Lenteurs",
    );
    let (code, stdout, stderr) = check(&[("x.md", &x), ("2025/cache.md", &cache)]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let site = build("fr", &[("x.md", &x), ("2025/cache.md", &cache)]);
    assert_eq!(
        item(site.path(), "x")["related"],
        serde_json::json!(["cache"])
    );
    assert_eq!(
        item(site.path(), "cache")["related"],
        serde_json::json!(["x"])
    );
}
