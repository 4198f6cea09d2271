//! Availability per service on a built site, computed by hand (Europe/Paris): a downtime
//! across the end of January, an overlap, a report without downtime, a date-only report and
//! the night of the March clock change; the page in French and stats.json.

mod common;

use std::path::Path;

use common::run_in;
use serde_json::Value;

/// A report from the team's template, naming `services` in front matter, with a downtime
/// line when `downtime` is given.
fn report(start: &str, services: &str, downtime: Option<&str>) -> String {
    let downtime = downtime
        .map(|d| format!("- **Temps d'indisponibilité :** {d}\n"))
        .unwrap_or_default();
    format!(
        "---\nservices: [{services}]\n---\n## Incident {start}\n\n**Type :** Downtime\n\
         **Sévérité :** Haute\n**Durée :** 1h\n**Impact utilisateurs :** Oui - Erreurs\n\n\
         ### Cause\nUn certificat expiré.\n\n### Symptômes\n- Erreurs 503\n\n\
         ### Actions Immédiates\n1. Redémarrage\n\n### Résolution\n- Certificat renouvelé\n\n\
         ### Prévention\n- [ ] Alerte d'expiration\n\n### Coût Impact\n{downtime}\n\
         ### Références\n- Tickets : INC-1\n"
    )
}

fn site() -> tempfile::TempDir {
    site_with("")
}

/// The archive, with `settings` added to incidex.yaml.
fn site_with(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("incidex.yaml"),
        format!("title: Incidents\nlanguage: fr\ntimezone: Europe/Paris\n{settings}"),
    )
    .unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    let reports = [
        // Jan 31 23:30 to Feb 1 01:30: 30 min in January, 90 min in February.
        ("a.md", report("2025-01-31 23:30", "api", Some("2h"))),
        // Inside `a` for the API; an hour for the worker.
        (
            "b.md",
            report("2025-02-01 00:30", "api, worker", Some("1h")),
        ),
        // The API again (another spelling), no downtime given.
        ("c.md", report("2025-02-10 10:00", "API", None)),
        // Date only: from midnight.
        ("d.md", report("2025-03-15", "Worker", Some("30 min"))),
        // 01:30 on the night the clock skips 02:00 to 03:00: an hour of real time.
        ("e.md", report("2025-03-30 01:30", "api", Some("1h"))),
    ];
    for (name, text) in reports {
        std::fs::write(content.join(name), text).unwrap();
    }
    let (code, stdout, stderr) = run_in(root, &["build", "--output", "public"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    dir
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join("public").join(path)).unwrap()
}

#[test]
fn stats_json_gives_each_service_its_months() {
    let site = site();
    let stats: Value = serde_json::from_str(&read(site.path(), "stats.json")).unwrap();
    let services = stats["services"].as_array().unwrap();
    let slugs: Vec<&str> = services
        .iter()
        .map(|s| s["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["api", "worker"]);
    let api = &services[0];
    // 1 800 + 5 400 + 3 600 (b inside a): 10 800, not 14 400.
    assert_eq!(api["downtime_seconds"], 10_800);
    assert_eq!(
        (api["reports"].as_u64(), api["downtime_not_given"].as_u64()),
        (Some(4), Some(1))
    );
    let downtimes: Vec<u64> = api["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["downtime_seconds"].as_u64().unwrap())
        .collect();
    assert_eq!(downtimes, [1_800, 5_400, 3_600]);
    // February: 1 − 5 400 / 2 419 200.
    let feb = api["months"][1]["availability"].as_f64().unwrap();
    assert!((feb - 0.997_767_857_142_857).abs() < 1e-12, "{feb}");
    // March (31 days less an hour): 1 − 3 600 / 2 674 800.
    let mar = api["months"][2]["availability"].as_f64().unwrap();
    assert!((mar - 0.998_654_104_979_811).abs() < 1e-12, "{mar}");
    assert_eq!(api["slo"], Value::Null);
    assert_eq!(api["months"][0]["budget_used"], Value::Null);
    let worker = &services[1];
    assert_eq!(worker["name"], "Worker");
    assert_eq!(worker["downtime_seconds"], 5_400);
    assert_eq!(worker["months"][0]["availability"], 1.0);
}

/// A bar of a strip: its class and its title.
type Bar = (String, String);

/// The rows of the services' table: (name, downtime, the strip's bars).
fn service_rows(page: &str) -> Vec<(String, String, Vec<Bar>)> {
    let start = page
        .find("<table class=\"data services\">")
        .expect("services table");
    let end = start + page[start..].find("</table>").unwrap();
    page[start..end]
        .split("<tr>")
        .skip(2)
        .map(|row| {
            let name = between(row, "/\">", "</a>");
            let downtime = between(row, "<span class=\"nowrap\">", "</span>");
            let bars = row
                .split("<rect class=\"avail ")
                .skip(1)
                .map(|bar| (between(bar, "", "\""), between(bar, "<title>", "</title>")))
                .collect();
            (name, downtime, bars)
        })
        .collect()
}

fn between(text: &str, from: &str, to: &str) -> String {
    let start = text.find(from).map(|i| i + from.len()).unwrap_or(0);
    let end = start + text[start..].find(to).unwrap_or(0);
    text[start..end].to_string()
}

#[test]
fn the_stats_page_shows_each_services_months_as_bars_with_their_values() {
    let site = site();
    let page = read(site.path(), "stats/index.html");
    assert!(page.contains("<h2 id=\"services-title\">Disponibilité par service</h2>"));
    let nb = "\u{202f}";
    let bar = |class: &str, month: &str, value: &str| {
        (class.to_string(), format!("{month}\u{a0}: {value}{nb}%"))
    };
    assert_eq!(
        service_rows(&page),
        [
            (
                "api".to_string(),
                "3 h".to_string(),
                vec![
                    // 99.9328 % keeps above 99.9 %; 99.7768 % and 99.8654 % do not.
                    bar("minor", "janv. 2025", "99,933"),
                    bar("major", "févr. 2025", "99,777"),
                    bar("major", "mars 2025", "99,865"),
                ]
            ),
            (
                "Worker".to_string(),
                "1 h 30".to_string(),
                vec![
                    bar("up", "janv. 2025", "100"),
                    // 1 − 3 600 / 2 419 200 = 99.8512 %; 1 − 1 800 / 2 674 800 = 99.9327 %.
                    bar("major", "févr. 2025", "99,851"),
                    bar("minor", "mars 2025", "99,933"),
                ]
            ),
        ]
    );
    // The months of each service, newest first.
    let api_months = &page[page.find("<summary>api : mois par mois</summary>").unwrap()..];
    let march = api_months.find("mars 2025").unwrap();
    let january = api_months.find("janv. 2025").unwrap();
    assert!(march < january);
}

#[test]
fn an_objective_gives_each_month_its_budget_used_and_marks_it_when_spent() {
    let site = site_with("services:\n  api: {name: \"API publique\", slo: 99.9}\n");
    let stats: Value = serde_json::from_str(&read(site.path(), "stats.json")).unwrap();
    let api = &stats["services"][0];
    assert_eq!(
        (&api["name"], &api["slo"]),
        (&Value::from("API publique"), &Value::from(99.9))
    );
    // February: 5 400 s of a budget of 0.001 × 2 419 200 = 2 419.2 s.
    let feb = api["months"][1]["budget_used"].as_f64().unwrap();
    assert!((feb - 2.232_142_857_142_857).abs() < 1e-9, "{feb}");
    let page = read(site.path(), "stats/index.html");
    let rows = service_rows(&page);
    assert_eq!(rows[0].0, "API publique");
    // With an objective, January (67 % of the budget) is within it, February and March
    // (3 600 / 2 674.8 = 134.6 %) are not.
    let classes: Vec<&str> = rows[0].2.iter().map(|(class, _)| class.as_str()).collect();
    assert_eq!(classes, ["minor", "major", "major"]);
    let nb = "\u{202f}";
    assert!(page.contains(&format!("<td class=\"num\">99,9{nb}%</td>")));
    let months = &page[page
        .find("<summary>API publique : mois par mois</summary>")
        .unwrap()..];
    assert!(months.contains(&format!(
        "<span class=\"nowrap\">223,2{nb}%</span> <strong class=\"over-budget\">budget dépassé</strong>"
    )));
    assert!(months.contains(&format!("<span class=\"nowrap\">67,2{nb}%</span></td>")));
    assert!(months.contains(&format!("<span class=\"nowrap\">134,6{nb}%</span> <strong")));
}

#[test]
fn a_service_page_shows_its_months_and_its_downtime_counted_once() {
    let site = site_with("services:\n  api: {name: \"API publique\", slo: 99.9}\n");
    let page = read(site.path(), "service/api/index.html");
    assert!(page.contains("<h1>Service : API publique</h1>"), "{page}");
    // 10 800 s (3 h), not the plain sum of its reports' downtimes, 14 400 s (4 h).
    assert!(page.contains("Indisponibilité totale : 3 h</p>"));
    let nb = "\u{202f}";
    assert!(page.contains(&format!("Disponibilité · Objectif 99,9{nb}%")));
    assert_eq!(page.matches("<rect class=\"avail ").count(), 3);
    // Its months, newest first, February's budget spent.
    let march = page.find("<th scope=\"row\">mars 2025</th>").unwrap();
    let february = page.find("<th scope=\"row\">févr. 2025</th>").unwrap();
    let january = page.find("<th scope=\"row\">janv. 2025</th>").unwrap();
    assert!(march < february && february < january);
    assert!(page[february..january].contains("budget dépassé"));
    // The worker has no objective: no budget column.
    let worker = read(site.path(), "service/worker/index.html");
    assert!(worker.contains("Indisponibilité totale : 1 h 30</p>"));
    assert!(!worker.contains("<th scope=\"col\" class=\"num\">Budget utilisé</th>"));
}

#[test]
fn incidex_stats_prints_the_services_with_the_newest_months_availability() {
    let site = site_with("services:\n  api: {name: \"API publique\", slo: 99.9}\n");
    let (code, stdout, stderr) = run_in(site.path(), &["stats"]);
    assert_eq!(code, 0, "{stderr}");
    let table = &stdout[stdout.find("Disponibilité par service\n").expect(&stdout)..];
    let lines: Vec<&str> = table.lines().take(5).map(str::trim_end).collect();
    let nb = "\u{202f}";
    // The most downtime first: the API (3 h), then the worker (1 h 30); March's availability:
    // 1 − 3 600 / 2 674 800 = 99.865 % and 1 − 1 800 / 2 674 800 = 99.933 %.
    assert_eq!(lines[1].split_whitespace().last(), Some("2025)"));
    assert!(lines[3].starts_with("  API publique"), "{table}");
    assert!(
        lines[3].contains(&format!("99,9{nb}%")) && lines[3].contains("3 h"),
        "{table}"
    );
    assert!(lines[3].ends_with(&format!("99,865{nb}%")), "{table}");
    assert!(
        lines[4].starts_with("  Worker") && lines[4].ends_with(&format!("99,933{nb}%")),
        "{table}"
    );
}
