//! Period pages and `incidex stats --period` on a built site: two quarters across a year's end,
//! figures counted by hand.

mod common;

use common::run_in;
use serde_json::Value;

fn report(start: &str, severity: &str, downtime: &str) -> String {
    format!(
        "## Incident {start}\n\n**Type :** Downtime\n**Sévérité :** {severity}\n**Durée :** 1h\n\
         **Impact utilisateurs :** Oui - Erreurs\n\n### Cause\nUn disque plein.\n\n\
         ### Symptômes\n- Erreurs 500\n\n### Actions Immédiates\n1. Nettoyage\n\n\
         ### Résolution\n- Rotation des journaux\n\n### Prévention\n- [ ] Alerte disque\n\n\
         ### Coût Impact\n- **Temps d'indisponibilité :** {downtime}\n\n\
         ### Références\n- Tickets : INC-2\n"
    )
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("incidex.yaml"),
        "title: Incidents\nlanguage: fr\ntimezone: Europe/Paris\n",
    )
    .unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    for (name, start, severity, downtime) in [
        ("a.md", "2024-11-20 10:00", "Haute", "30 min"),
        // 31 December at 23:30 in Paris: still 2024's fourth quarter.
        ("b.md", "2024-12-31 23:30", "Basse", "10 min"),
        ("c.md", "2025-01-10 08:00", "Critique", "1h"),
    ] {
        std::fs::write(content.join(name), report(start, severity, downtime)).unwrap();
    }
    let (code, stdout, stderr) = run_in(root, &["build", "--output", "public"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    dir
}

#[test]
fn each_year_and_quarter_has_its_figures_and_its_previous() {
    let site = site();
    let json: Value = serde_json::from_str(
        &std::fs::read_to_string(site.path().join("public/stats.json")).unwrap(),
    )
    .unwrap();
    let periods = json["periods"].as_array().unwrap();
    let keys: Vec<&str> = periods
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["2024", "2024-Q4", "2025", "2025-Q1"]);
    // 2024-Q4: a and b, 30 + 10 min; 2025-Q1: c, 1 h, after 2024-Q4.
    assert_eq!(
        (
            periods[1]["reports"].as_u64(),
            periods[1]["downtime_seconds"].as_u64()
        ),
        (Some(2), Some(2_400))
    );
    assert_eq!(periods[3]["previous"], "2024-Q4");
    assert_eq!(periods[2]["previous"], "2024");
    assert_eq!(periods[0]["previous"], Value::Null);
    // `stats --period` prints that very object.
    let (code, stdout, stderr) = run_in(site.path(), &["stats", "--period", "2025-q1", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let printed: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(printed, periods[3]);
}

#[test]
fn a_quarter_page_compares_itself_with_the_previous_quarter_in_words() {
    let site = site();
    let page =
        std::fs::read_to_string(site.path().join("public/stats/2025-q1/index.html")).unwrap();
    assert!(page.contains("<h1>Statistiques · T1 2025</h1>"));
    assert!(page.contains("Par rapport à la période précédente : T4 2024"));
    let row = |label: &str| {
        let start = page
            .find(&format!("<th scope=\"row\">{label}</th>"))
            .expect(label);
        let end = start + page[start..].find("</tr>").unwrap();
        page[start..end]
            .split("<span class=\"nowrap\">")
            .skip(1)
            .map(|cell| cell[..cell.find("</span>").unwrap()].to_string())
            .collect::<Vec<_>>()
    };
    // 1 report against 2; 1 h against 40 min: 20 min more; fewer than five: no percentage.
    assert_eq!(row("Rapports"), ["1", "2", "1 de moins"]);
    assert_eq!(
        row("Temps d&#39;indisponibilité total"),
        ["1 h", "40 min", "20 min de plus"]
    );
    // The whole archive's page links to every period page.
    let all = std::fs::read_to_string(site.path().join("public/stats/index.html")).unwrap();
    for folder in ["2024", "2024-q4", "2025", "2025-q1"] {
        assert!(
            all.contains(&format!("href=\"../stats/{folder}/\"")),
            "{folder}"
        );
    }
    // The first period has nothing before it.
    let first =
        std::fs::read_to_string(site.path().join("public/stats/2024-q4/index.html")).unwrap();
    assert!(
        first.contains("La période précédente (T3 2024) n&#39;a pas de rapport : rien à comparer.")
    );
}

#[test]
fn a_period_without_reports_or_that_is_none_is_refused_with_help() {
    let site = site();
    let (code, _, stderr) = run_in(site.path(), &["stats", "--period", "2023"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("error: no report in 2023"), "{stderr}");
    assert!(
        stderr.contains("help: periods with reports: 2024, 2024-Q4, 2025, 2025-Q1"),
        "{stderr}"
    );
    let (code, _, stderr) = run_in(site.path(), &["stats", "--period", "2025-13"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: `2025-13` is not a period"),
        "{stderr}"
    );
    // The text: the comparison first, then the period's own tables.
    let (code, stdout, _) = run_in(site.path(), &["stats", "--period", "2025-Q1"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("T1 2025\n\nPar rapport à la période précédente : T4 2024\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Rapports                               1"),
        "{stdout}"
    );
}
