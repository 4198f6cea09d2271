//! Ongoing incidents stand out (issue 18): a banner on the home page naming each ongoing
//! incident with its start, one on the incident's own page, and totals of downtime that say
//! they leave ongoing incidents out. Expected text is written out by hand.

mod common;

use std::path::Path;

use common::build_reports as build;

/// An ongoing Downtime incident, without a downtime yet.
const API: &str = "## Incident 2026-12-07 09:15 — Panne de l'API

**Type :** Downtime
**Sévérité :** Haute
**Durée :** En cours
**Impact utilisateurs :** Oui - API injoignable

### Cause
Inconnue pour l'instant.

### Symptômes
- Erreurs

### Actions Immédiates
1. Alerte

### Résolution
À venir.

### Prévention
À venir.
";

/// An ongoing Performance incident, started earlier.
const SLOW: &str = "## Incident 2026-12-06 18:40 — Lenteurs <b>du</b> paiement

**Type :** Performance
**Sévérité :** Moyenne
**Durée :** en cours
**Impact utilisateurs :** Non

### Cause
En cours d'analyse.

### Symptômes
- Erreurs

### Actions Immédiates
1. Alerte

### Résolution
À venir.

### Prévention
À venir.
";

/// A finished Downtime incident with its downtime: 30 minutes.
const DNS: &str = "## Incident 2025-03-12 14:00 — Panne DNS

**Type :** Downtime
**Sévérité :** Haute
**Durée :** 30 minutes
**Impact utilisateurs :** Oui - site injoignable

### Cause
Zone mal publiée.

### Symptômes
- Erreurs

### Actions Immédiates
1. Alerte

### Résolution
À venir.

### Prévention
À venir.

### Coût Impact
- Temps d'indisponibilité : 30 minutes
";

fn read(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join("public").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Where `needle` is in `page`; panics when it is missing.
fn at(page: &str, needle: &str) -> usize {
    page.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is missing from:\n{page}"))
}

/// The home page's banner, from its opening tag to its end.
fn banner(home: &str) -> &str {
    let start = at(home, "<section class=\"ongoing-banner\"");
    let end = start + at(&home[start..], "</section>");
    &home[start..end]
}

#[test]
fn the_home_page_names_each_ongoing_incident_with_its_start() {
    let site = build("fr", &[("api.md", API), ("slow.md", SLOW), ("dns.md", DNS)]);
    let home = read(site.path(), "index.html");
    let banner = banner(&home);
    at(banner, "<h2 id=\"ongoing-title\">2 incidents en cours</h2>");
    // Newest first, each a link to its page, the title escaped.
    let api = at(
        banner,
        "<a href=\"./incidents/api/\">Panne de l&#39;API</a> \
         <span class=\"ongoing-since nowrap\"><time datetime=\"2026-12-07T09:15:00+00:00\">\
         depuis le 7 déc. 2026, 09:15</time></span>",
    );
    let slow = at(
        banner,
        "<a href=\"./incidents/slow/\">Lenteurs &lt;b&gt;du&lt;/b&gt; paiement</a>",
    );
    assert!(api < slow);
    at(banner, "depuis le 6 déc. 2026, 18:40");
    assert!(!banner.contains("Panne DNS"), "{banner}");
    // Above the figures; not an alert.
    assert!(at(&home, "ongoing-banner") < at(&home, "figures-section"));
    assert!(!banner.contains("role="), "{banner}");
}

#[test]
fn one_ongoing_incident_is_named_in_the_singular_and_none_has_no_banner() {
    let site = build("fr", &[("api.md", API), ("dns.md", DNS)]);
    let home = read(site.path(), "index.html");
    at(
        banner(&home),
        "<h2 id=\"ongoing-title\">1 incident en cours</h2>",
    );

    let site = build("fr", &[("dns.md", DNS)]);
    let home = read(site.path(), "index.html");
    assert!(!home.contains("ongoing-banner"), "{home}");
    assert!(!home.contains("en cours"), "{home}");
}

#[test]
fn the_ongoing_incident_page_opens_with_its_banner() {
    let site = build("fr", &[("api.md", API), ("dns.md", DNS)]);
    let page = read(site.path(), "incidents/api/index.html");
    let banner = at(
        &page,
        "<p class=\"ongoing-banner\"><strong>Incident en cours depuis le 7 déc. 2026, 09:15\
         </strong></p>",
    );
    assert!(at(&page, "</h1>") < banner && banner < at(&page, "class=\"meta-card\""));
    let finished = read(site.path(), "incidents/dns/index.html");
    assert!(!finished.contains("ongoing-banner"), "{finished}");
}

#[test]
fn totals_of_downtime_say_they_leave_ongoing_incidents_out() {
    let site = build("fr", &[("api.md", API), ("slow.md", SLOW), ("dns.md", DNS)]);
    // High: DNS's 30 minutes and the ongoing API outage, whose downtime is not known yet.
    let high = read(site.path(), "severity/high/index.html");
    at(
        &high,
        "2 incidents · Indisponibilité totale : 30 min + 1 en cours</p>",
    );
    // Downtime type: the same two.
    let downtime = read(site.path(), "type/downtime/index.html");
    at(
        &downtime,
        "Indisponibilité totale : 30 min + 1 en cours</p>",
    );
    // Medium holds the ongoing slowness alone.
    let medium = read(site.path(), "severity/medium/index.html");
    at(
        &medium,
        "1 incident · Indisponibilité totale : 0 min + 1 en cours</p>",
    );
    // 2025 holds only the finished DNS outage: a bare total.
    let year = read(site.path(), "year/2025/index.html");
    at(&year, "1 incident · Indisponibilité totale : 30 min</p>");
    // The home page's card: all three.
    let home = read(site.path(), "index.html");
    at(
        &home,
        "<span class=\"nowrap\">30 min</span> <span class=\"nowrap\">+ 2 en cours</span>",
    );
    // The statistics page's card too.
    let stats = read(site.path(), "stats/index.html");
    at(
        &stats,
        "<dt>Temps d&#39;indisponibilité total</dt>\n      <dd><span class=\"nowrap\">30 min</span> \
         <span class=\"nowrap\">+ 2 en cours</span>",
    );
}

#[test]
fn an_ongoing_incident_that_gives_its_downtime_is_counted_in_the_total() {
    // The API outage gives 20 minutes so far: nothing is left out of the totals.
    let api = API.replace(
        "### Cause",
        "### Coût Impact\n- Temps d'indisponibilité : 20 minutes\n\n### Cause",
    );
    let site = build("fr", &[("api.md", &api), ("dns.md", DNS)]);
    let high = read(site.path(), "severity/high/index.html");
    at(&high, "2 incidents · Indisponibilité totale : 50 min</p>");
    let home = read(site.path(), "index.html");
    at(&home, "<span class=\"nowrap\">50 min</span>");
    // It is still ongoing: the banner names it.
    at(banner(&home), "1 incident en cours");
}

#[test]
fn english_pages_say_the_same() {
    let site = build("en", &[("api.md", API), ("slow.md", SLOW), ("dns.md", DNS)]);
    let home = read(site.path(), "index.html");
    let shown = banner(&home);
    at(shown, "<h2 id=\"ongoing-title\">2 ongoing incidents</h2>");
    at(shown, ">since 7 Dec 2026, 09:15</time>");
    at(
        &home,
        "<span class=\"nowrap\">30 min</span> <span class=\"nowrap\">+ 2 ongoing</span>",
    );
    let page = read(site.path(), "incidents/api/index.html");
    at(&page, "<strong>Ongoing since 7 Dec 2026, 09:15</strong>");
    let high = read(site.path(), "severity/high/index.html");
    at(&high, "30 min + 1 ongoing</p>");

    let site = build("en", &[("api.md", API), ("dns.md", DNS)]);
    let home = read(site.path(), "index.html");
    at(
        banner(&home),
        "<h2 id=\"ongoing-title\">1 ongoing incident</h2>",
    );
}

/// `check --strict` on one report in a fresh site: (exit code, what it printed).
fn check_strict(report: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/api.md"), report).unwrap();
    let (code, stdout, stderr) = common::run_in(dir.path(), &["check", "--strict"]);
    (code, stdout + &stderr)
}

#[test]
fn an_ongoing_downtime_incident_is_not_asked_for_a_downtime_it_cannot_know_yet() {
    // Written during the incident: Coût Impact filled in, but no downtime yet.
    let ongoing = format!(
        "{API}\n### Coût Impact\n- **Coût perdu :** N/A\n\n### Références\n- Ticket INC-1\n"
    );
    let (code, stderr) = check_strict(&ongoing);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("W009"), "{stderr}");
    // Once it has ended, the missing downtime is warned again.
    let ended = ongoing.replace("**Durée :** En cours", "**Durée :** 40 minutes");
    let (code, stderr) = check_strict(&ended);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr
            .contains("warning[W009]: a Downtime incident with no `Temps d'indisponibilité` given"),
        "{stderr}"
    );
}
