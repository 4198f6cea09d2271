//! One incident read from start to end (issue 18): the Références lines' links work as the
//! body's do, the timeline comes before the sections, a long report opens with its contents
//! and every section heading has an anchor. Expected markup is written out by hand.

mod common;

use std::path::Path;

use common::{build_reports as build, files_below};

/// A report from a sub-folder whose Références hold a Markdown link to a published file, one
/// to another site, a `javascript:` link and a bare address; its written timeline comes last.
const BGP: &str = "## Incident 2025-03-12 14:00 — Panne BGP

**Type :** Downtime
**Sévérité :** Haute
**Durée :** 45 minutes
**Impact utilisateurs :** Oui - site injoignable
**Détecté :** 2025-03-12 14:05
**Résolu :** 2025-03-12 14:45

### Cause
Une annonce BGP erronée.

### Symptômes
- Site injoignable

### Actions Immédiates
1. Retrait de l'annonce

### Résolution
Annonce corrigée.

### Prévention
Revue des annonces.

### Références
- Logs : voir [l'extrait BGP](../logs/bgp-2025-03-12.txt)
- Dashboard : [Grafana](https://grafana.example.org/d/bgp?from=now-1h&to=now)
- Runbook : [piège](javascript:alert(1)) et https://wiki.example.org/bgp.
- Notes : <script>alert(1)</script> <img src=x onerror=alert(2)>

### Chronologie
- 14:00 annonce erronée
- 14:45 annonce retirée
";

/// A report whose sections hold 650 words (more than 600), and no written timeline.
fn long_report() -> String {
    let words = "mot ".repeat(650);
    format!(
        "## Incident 2025-04-01 09:00 — Longue panne

**Type :** Performance
**Sévérité :** Basse
**Durée :** 10 minutes
**Impact utilisateurs :** Non

### Cause
{words}

### Symptômes
- Lenteur

### Actions Immédiates
1. Redémarrage

### Résolution
Redémarré.

### Prévention
Surveillance.
"
    )
}

/// The page of the incident whose title is `title`.
fn page(site: &Path, title: &str) -> String {
    let public = site.join("public");
    files_below(&public)
        .into_iter()
        .filter(|f| f.starts_with("incidents/") && f.ends_with("/index.html"))
        .map(|f| std::fs::read_to_string(public.join(f)).unwrap())
        .find(|page| page.contains(&format!("<h1>{title}</h1>")))
        .unwrap_or_else(|| panic!("no page titled {title}"))
}

/// Where `needle` is in `page`; panics when it is missing.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is missing from:\n{page}"))
}

fn bgp_site() -> tempfile::TempDir {
    build(
        "fr",
        &[
            ("2025/panne-bgp.md", BGP),
            ("logs/bgp-2025-03-12.txt", "14:00 BGP UPDATE…\n"),
            ("2025/longue-panne.md", &long_report()),
        ],
    )
}

#[test]
fn references_link_to_the_published_file_and_to_other_sites() {
    let site = bgp_site();
    let page = page(site.path(), "Panne BGP");
    // incidents/<slug>/ is two folders below the site root; the file is published in files/.
    assert!(
        site.path()
            .join("public/files/logs/bgp-2025-03-12.txt")
            .is_file()
    );
    at(
        &page,
        "<li>voir <a href=\"../../files/logs/bgp-2025-03-12.txt\">l&#39;extrait BGP</a></li>",
    );
    at(
        &page,
        "<li><a href=\"https://grafana.example.org/d/bgp?from=now-1h&amp;to=now\" \
         rel=\"noopener noreferrer\">Grafana</a></li>",
    );
    // The bare address is a link, without the sentence's full stop.
    at(
        &page,
        "et <a href=\"https://wiki.example.org/bgp\" rel=\"noopener noreferrer\">\
         https://wiki.example.org/bgp</a>.</li>",
    );
    // No Markdown left as typed.
    assert!(!page.contains("](../logs"), "{page}");
    assert!(!page.contains("[Grafana]"), "{page}");
}

#[test]
fn a_javascript_reference_is_shown_as_its_text_alone() {
    let site = bgp_site();
    let page = page(site.path(), "Panne BGP");
    assert!(!page.to_lowercase().contains("javascript:"), "{page}");
    at(
        &page,
        "<li>piège et <a href=\"https://wiki.example.org/bgp\"",
    );
}

#[test]
fn the_timeline_comes_before_the_first_section() {
    let site = bgp_site();
    let page = page(site.path(), "Panne BGP");
    let details = at(&page, "class=\"meta-card\"");
    let timeline = at(&page, "<h2 id=\"timeline-title\">");
    // The written `### Chronologie`, last in the report, is read right after it.
    let written = at(
        &page,
        "<h2 id=\"s-timeline\"><a class=\"anchor\" href=\"#s-timeline\">Chronologie</a>",
    );
    let cause = at(&page, "<h2 id=\"s-cause\">");
    let references = at(&page, "<h2 id=\"s-references\">");
    assert!(details < timeline && timeline < written && written < cause && cause < references);
    at(&page, "<li>14:00 annonce erronée</li>");
}

#[test]
fn every_section_heading_has_its_anchor() {
    let site = bgp_site();
    let page = page(site.path(), "Panne BGP");
    for (id, title) in [
        ("timeline-title", "Chronologie"),
        ("s-timeline", "Chronologie"),
        ("s-cause", "Cause"),
        ("s-symptoms", "Symptômes"),
        ("s-immediate_actions", "Actions immédiates"),
        ("s-resolution", "Résolution"),
        ("s-prevention", "Prévention"),
        ("s-references", "Références"),
    ] {
        at(
            &page,
            &format!("<h2 id=\"{id}\"><a class=\"anchor\" href=\"#{id}\">{title}</a></h2>"),
        );
    }
    // Eight headings with an id, eight anchors (the hidden details heading has none).
    assert_eq!(page.matches("class=\"anchor\"").count(), 8);
}

#[test]
fn a_long_report_opens_with_its_contents_and_a_short_one_has_none() {
    let site = bgp_site();
    let short = page(site.path(), "Panne BGP");
    assert!(!short.contains("class=\"contents\""), "{short}");
    let long = page(site.path(), "Longue panne");
    let contents = at(
        &long,
        "<nav class=\"contents\" aria-labelledby=\"contents-title\">",
    );
    at(
        &long,
        "<h2 id=\"contents-title\">Sommaire</h2>\n    <ol>\n      \
         <li><a href=\"#s-cause\">Cause</a></li>\n      \
         <li><a href=\"#s-symptoms\">Symptômes</a></li>\n      \
         <li><a href=\"#s-immediate_actions\">Actions immédiates</a></li>\n      \
         <li><a href=\"#s-resolution\">Résolution</a></li>\n      \
         <li><a href=\"#s-prevention\">Prévention</a></li>\n    </ol>\n  </nav>",
    );
    assert!(contents < at(&long, "<h2 id=\"s-cause\">"));
}

#[test]
fn the_contents_and_anchors_speak_english_on_an_english_site() {
    let report = long_report()
        .replace("**Type :**", "**Type:**")
        .replace("**Sévérité :** Basse", "**Severity:** Low")
        .replace("**Durée :** 10 minutes", "**Duration:** 10 minutes")
        .replace("**Impact utilisateurs :** Non", "**User impact:** No");
    let site = build("en", &[("long.md", &report)]);
    let page = page(site.path(), "Longue panne");
    at(&page, "<h2 id=\"contents-title\">Contents</h2>");
    at(&page, "<li><a href=\"#s-cause\">Root cause</a></li>");
    at(
        &page,
        "<h2 id=\"s-cause\"><a class=\"anchor\" href=\"#s-cause\">Root cause</a></h2>",
    );
}
