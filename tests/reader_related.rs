//! Related and similar incidents (issue 18): links a report declares (front matter
//! `related:` or a `**Liés :**` / `**Related:**` line, by slug or file name) shown both ways,
//! the messages for a name that is no report or the report itself, and the similar incidents
//! computed from shared services, tags, type and words. Every expected list is worked out by
//! hand in the comments, never taken from incidex's output.

mod common;

use common::run_in;

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
