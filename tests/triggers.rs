//! Causes (issue 19): a report's trigger (`trigger:`, `**Déclencheur :**`, `**Trigger:**`) and
//! factors (`factors:`, `**Facteurs :**`, `**Factors:**`) read, refused with a suggestion,
//! written back, listed, filtered and counted.

mod common;

use std::path::Path;

use incidex::diagnostic::Code;
use incidex::incident::{Incident, Trigger};
use incidex::parse::{Context, Parsed, parse_report};

/// A French report from the template with `extra` as its last field lines.
fn french(extra: &str) -> String {
    format!(
        "## Incident 2025-01-15 14:30\n\n**Type :** Downtime\n**Sévérité :** Haute\n\
         **Durée :** 25 minutes\n**Impact utilisateurs :** Non\n{extra}\n\n\
         ### Cause\nx\n\n### Symptômes\nx\n\n### Actions Immédiates\n1. x\n\n\
         ### Résolution\nx\n\n### Prévention\nx\n\n### Coût Impact\n- **Temps d'indisponibilité :** 0 minutes\n\n### Références\n- x\n"
    )
}

/// An English report from the template with `extra` as its last field lines.
fn english(extra: &str) -> String {
    format!(
        "## Incident 2025-01-15 14:30\n\n**Type:** Downtime\n**Severity:** High\n\
         **Duration:** 25 minutes\n**User impact:** No\n{extra}\n\n\
         ### Root cause\nx\n\n### Symptoms\nx\n\n### Immediate actions\n1. x\n\n\
         ### Resolution\nx\n\n### Prevention\nx\n\n### Cost impact\n- **Downtime:** 0 minutes\n\n### References\n- x\n"
    )
}

fn parse(text: &str) -> Parsed {
    let ctx = Context {
        timezone: chrono_tz::Tz::UTC,
        currency: "EUR".into(),
    };
    let path = Path::new("x.md");
    parse_report(text, path, path, &ctx)
}

/// The incident of a report that reads with no problem at all.
fn read(text: &str) -> Incident {
    let parsed = parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    parsed.incident.expect("the report reads")
}

fn trigger_of(text: &str) -> Option<Trigger> {
    read(text).trigger.map(|t| t.value)
}

fn factors_of(text: &str) -> Vec<String> {
    read(text).factors.into_iter().map(|f| f.value).collect()
}

#[test]
fn every_trigger_is_read_in_french_and_english_any_case_accents_optional() {
    let words: &[(&[&str], Trigger, &str)] = &[
        (
            &[
                "Déploiement",
                "deploiement",
                "DÉPLOIEMENT",
                "Deploy",
                "deploy",
            ],
            Trigger::Deploy,
            "deploy",
        ),
        (
            &["Configuration", "config", "CONFIG"],
            Trigger::Config,
            "config",
        ),
        (
            &["Capacité", "capacite", "Capacity"],
            Trigger::Capacity,
            "capacity",
        ),
        (
            &["Dépendance", "dependance", "Dependency"],
            Trigger::Dependency,
            "dependency",
        ),
        (
            &["Matériel", "materiel", "Hardware"],
            Trigger::Hardware,
            "hardware",
        ),
        (
            &["Sécurité", "securite", "Security"],
            Trigger::Security,
            "security",
        ),
        (
            &["Inconnu", "INCONNU", "Unknown"],
            Trigger::Unknown,
            "unknown",
        ),
    ];
    for (spellings, trigger, slug) in words {
        assert_eq!(trigger.slug(), *slug);
        for word in *spellings {
            let line = format!("**Déclencheur :** {word}");
            assert_eq!(trigger_of(&french(&line)), Some(*trigger), "{line}");
            let line = format!("**Trigger:** {word}");
            assert_eq!(trigger_of(&english(&line)), Some(*trigger), "{line}");
        }
    }
    // The seven, in the order pages list them.
    let slugs: Vec<&str> = Trigger::ALL.iter().map(|t| t.slug()).collect();
    assert_eq!(
        slugs,
        [
            "deploy",
            "config",
            "capacity",
            "dependency",
            "hardware",
            "security",
            "unknown"
        ]
    );
}

#[test]
fn the_labels_match_like_the_others() {
    for label in ["Déclencheur", "Declencheur", "DÉCLENCHEUR", "Trigger"] {
        let line = format!("**{label} :** Matériel");
        assert_eq!(
            trigger_of(&french(&line)),
            Some(Trigger::Hardware),
            "{line}"
        );
    }
    for label in ["Facteurs", "facteurs", "Factors", "Contributing factors"] {
        let line = format!("**{label} :** alerte muette");
        assert_eq!(factors_of(&french(&line)), ["alerte muette"], "{line}");
    }
}

#[test]
fn no_trigger_line_or_an_empty_one_gives_none_and_no_problem() {
    assert_eq!(trigger_of(&french("")), None);
    assert_eq!(trigger_of(&french("**Déclencheur :**")), None);
    assert_eq!(trigger_of(&french("**Déclencheur :**   ")), None);
    assert_eq!(trigger_of(&english("**Trigger:**")), None);
    assert!(factors_of(&french("**Facteurs :**")).is_empty());
    let front = "---\ntrigger:\nfactors: []\n---\n";
    assert_eq!(trigger_of(&format!("{front}{}", french(""))), None);
    let front = "---\ntrigger: \"\"\n---\n";
    assert_eq!(trigger_of(&format!("{front}{}", french(""))), None);
}

#[test]
fn front_matter_gives_the_trigger_and_the_factors() {
    let front = "---\ntrigger: capacité\nfactors: [alerte muette, Runbook absent]\n---\n";
    let incident = read(&format!("{front}{}", french("")));
    assert_eq!(incident.trigger.map(|t| t.value), Some(Trigger::Capacity));
    let factors: Vec<String> = incident.factors.into_iter().map(|f| f.value).collect();
    assert_eq!(factors, ["alerte muette", "Runbook absent"]);
    // A single text is a comma-separated list, as for tags.
    let front = "---\nfactors: \"cache froid, pic de trafic\"\n---\n";
    assert_eq!(
        factors_of(&format!("{front}{}", french(""))),
        ["cache froid", "pic de trafic"]
    );
    // Both places agreeing is no problem.
    let front = "---\ntrigger: deploy\n---\n";
    let text = format!("{front}{}", french("**Déclencheur :** Déploiement"));
    assert_eq!(trigger_of(&text), Some(Trigger::Deploy));
}

#[test]
fn factors_are_a_comma_separated_list_each_kept_once() {
    assert_eq!(
        factors_of(&english(
            "**Factors:** silent alert, no runbook , silent alert,"
        )),
        ["silent alert", "no runbook"]
    );
}

#[test]
fn a_trigger_in_two_places_that_disagree_is_a_conflict() {
    let front = "---\ntrigger: deploy\n---\n";
    let parsed = parse(&format!("{front}{}", french("**Déclencheur :** Matériel")));
    let codes: Vec<Code> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::Conflict]);
    assert!(parsed.incident.is_none());
}

/// The one diagnostic of a report: its code, line, column, length, message and help.
fn only_problem(text: &str) -> (Code, usize, usize, usize, String, Option<String>) {
    let parsed = parse(text);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert!(parsed.incident.is_none(), "an error leaves no incident");
    let d = &parsed.diagnostics[0];
    (
        d.code,
        d.location.line,
        d.location.column,
        d.location.len,
        d.message.clone(),
        d.help.clone(),
    )
}

#[test]
fn an_unknown_trigger_is_an_error_at_its_value_with_the_closest_word() {
    // Line 7 (after the heading, a blank line and four field lines); the value starts after
    // `**Déclencheur :** ` (18 characters): column 19.
    let (code, line, column, len, message, help) =
        only_problem(&french("**Déclencheur :** Deploiment"));
    assert_eq!(code, Code::InvalidTrigger);
    assert_eq!(code.as_str(), "E036");
    assert_eq!((line, column, len), (7, 19, 10));
    assert_eq!(message, "unknown trigger `Deploiment`");
    assert_eq!(help.as_deref(), Some("did you mean `Déploiement`?"));
    // In English, the English word; `**Trigger:** ` is 13 characters.
    let (_, line, column, _, _, help) = only_problem(&english("**Trigger:** hardwre"));
    assert_eq!((line, column), (7, 14));
    assert_eq!(help.as_deref(), Some("did you mean `Hardware`?"));
    // Nothing close: no guess, the label lists the seven.
    let (code, _, _, _, message, help) = only_problem(&french("**Déclencheur :** humain"));
    assert_eq!(code, Code::InvalidTrigger);
    assert_eq!(message, "unknown trigger `humain`");
    assert_eq!(help, None);
    // In front matter, at the value (line 2, after `trigger: `).
    let (code, line, column, len, _, help) =
        only_problem(&format!("---\ntrigger: capacty\n---\n{}", french("")));
    assert_eq!(code, Code::InvalidTrigger);
    assert_eq!((line, column, len), (2, 10, 7));
    assert_eq!(help.as_deref(), Some("did you mean `Capacité`?"));
}

#[test]
fn an_unknown_trigger_reads_as_check_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/panne.md"),
        french("**Déclencheur :** Configuraton"),
    )
    .unwrap();
    let (code, stdout, _) = common::run_in(dir.path(), &["check"]);
    assert_eq!(code, 1, "{stdout}");
    insta::assert_snapshot!("unknown_trigger_human", stdout);
}

#[test]
fn import_and_new_write_the_trigger_and_factors_back_in_the_templates_words() {
    use incidex::compose::write_report;
    use incidex::config::Language;
    let text = french("**Déclencheur :** capacite\n**Facteurs :** alerte muette, runbook absent");
    let incident = read(&text);
    let written = write_report(&incident, "x", Language::French);
    assert!(
        written
            .contains("**Déclencheur :** Capacité\n**Facteurs :** alerte muette, runbook absent\n"),
        "{written}"
    );
    assert_eq!(read(&written), read(&written.clone()));
    let again = read(&written);
    assert_eq!(again.trigger.map(|t| t.value), Some(Trigger::Capacity));
    assert_eq!(again.factors.len(), 2);
    let written = write_report(&incident, "x", Language::English);
    assert!(
        written.contains("**Trigger:** Capacity\n**Factors:** alerte muette, runbook absent\n"),
        "{written}"
    );
    // A factor holding a comma would be split by a line: it goes to front matter.
    let text = format!(
        "---\nfactors: [\"cache froid, puis chaud\", pic]\n---\n{}",
        french("")
    );
    let incident = read(&text);
    let written = write_report(&incident, "x", Language::French);
    assert!(!written.contains("**Facteurs"), "{written}");
    assert_eq!(
        read(&written)
            .factors
            .into_iter()
            .map(|f| f.value)
            .collect::<Vec<_>>(),
        ["cache froid, puis chaud", "pic"]
    );
    // Nor can a line end with `\` (found by tests/roundtrip.rs).
    let text = format!("---\nfactors: ['pic', 'chemin C:\\']\n---\n{}", french(""));
    let incident = read(&text);
    assert_eq!(incident.factors[1].value, "chemin C:\\");
    let written = write_report(&incident, "x", Language::French);
    assert!(!written.contains("**Facteurs"), "{written}");
    let values = |i: Incident| i.factors.into_iter().map(|f| f.value).collect::<Vec<_>>();
    assert_eq!(values(read(&written)), ["pic", "chemin C:\\"]);
    // No trigger, no factors: no lines.
    let written = write_report(&read(&french("")), "x", Language::French);
    assert!(!written.contains("Déclencheur"), "{written}");
}

/// A French site (`language: fr`) of three reports: `deploiement` (Déploiement, factors `alerte muette` and
/// `<b>gras</b>`), `capacite` (Capacité) and `sans` (no trigger).
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(dir.path().join("incidex.yaml"), "language: fr\n").unwrap();
    let report = |date: &str, lines: &str| french(lines).replace("2025-01-15 14:30", date);
    std::fs::write(
        content.join("deploiement.md"),
        report(
            "2025-01-15 14:30",
            "**Déclencheur :** Déploiement\n**Facteurs :** alerte muette, <b>gras</b>",
        ),
    )
    .unwrap();
    std::fs::write(
        content.join("capacite.md"),
        report("2025-02-10 09:00", "**Déclencheur :** Capacité"),
    )
    .unwrap();
    std::fs::write(content.join("sans.md"), report("2025-03-01 08:00", "")).unwrap();
    dir
}

fn build(dir: &Path, args: &[&str]) -> std::path::PathBuf {
    let out = dir.join("public");
    let mut all = vec!["build", "-o", "public"];
    all.extend_from_slice(args);
    let (code, _, stderr) = common::run_in(dir, &all);
    assert_eq!(code, 0, "{stderr}");
    out
}

fn read_out(out: &Path, file: &str) -> String {
    std::fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn each_trigger_given_has_its_listing() {
    let dir = site();
    let out = build(dir.path(), &[]);
    let deploy = read_out(&out, "trigger/deploy/index.html");
    assert!(
        deploy.contains("<title>Déclencheur : Déploiement"),
        "{deploy}"
    );
    assert!(deploy.contains("data-incident=\"deploiement\""));
    assert!(!deploy.contains("data-incident=\"capacite\""));
    assert!(!deploy.contains("data-incident=\"sans\""));
    // The listing's own chip is marked, the other trigger given links its listing.
    assert!(
        deploy.contains("href=\"../../trigger/deploy/\" aria-current=\"page\""),
        "{deploy}"
    );
    assert!(deploy.contains("href=\"../../trigger/capacity/\""));
    let capacity = read_out(&out, "trigger/capacity/index.html");
    assert!(capacity.contains("data-incident=\"capacite\""));
    assert!(!capacity.contains("data-incident=\"deploiement\""));
    // No report gives the five others: no page.
    for slug in ["config", "dependency", "hardware", "security", "unknown"] {
        assert!(!out.join(format!("trigger/{slug}")).exists(), "{slug}");
    }
}

#[test]
fn the_home_page_filters_by_trigger() {
    let dir = site();
    let out = build(dir.path(), &[]);
    let home = read_out(&out, "index.html");
    // One chip per trigger given, in the fixed order, with its count.
    let deploy = home
        .find("data-filter=\"trigger:deploy\"")
        .expect("a deploy chip");
    let capacity = home
        .find("data-filter=\"trigger:capacity\"")
        .expect("a capacity chip");
    assert!(deploy < capacity);
    assert!(!home.contains("data-filter=\"trigger:config\""));
    assert!(home.contains(
        "href=\"./trigger/deploy/\" data-filter=\"trigger:deploy\"><span class=\"chip-label\">Déploiement</span> <span class=\"chip-count\">1</span>"
    ), "{home}");
    assert!(
        home.contains("<span class=\"chip-group-label\" id=\"group-trigger\">Déclencheur</span>")
    );
    // Each row says its trigger, which the filter script reads.
    assert!(home.contains("data-incident=\"deploiement\""));
    for (slug, trigger) in [
        ("deploiement", "deploy"),
        ("capacite", "capacity"),
        ("sans", ""),
    ] {
        let row = home
            .split("<tr data-incident=\"")
            .find(|r| r.starts_with(&format!("{slug}\"")))
            .unwrap_or_else(|| panic!("{slug}'s row"));
        let row = &row[..row.find('>').unwrap()];
        assert!(
            row.contains(&format!(" data-trigger=\"{trigger}\"")),
            "{slug}: {row}"
        );
    }
    // The list data's index (rows the page does not hold are built from it) has each
    // report's trigger, newest first, and the labels.
    let list = common::ListData::read(&out);
    assert_eq!(list.rows.len(), 3);
    assert_eq!(list.rows[0][list.column("slug")], "sans", "newest first");
    let triggers: Vec<String> = (0..3).map(|n| list.facet("trigger", n)).collect();
    assert_eq!(triggers, ["", "capacity", "deploy"]);
    assert_eq!(list.index["labels"]["trigger"]["capacity"], "Capacité");
    assert_eq!(list.index["labels"]["trigger"]["config"], "Configuration");
    // The listings keep their rows without it (only the home page's filters read it).
    let deploy = read_out(&out, "trigger/deploy/index.html");
    assert!(!deploy.contains("data-trigger="), "{deploy}");
}

#[test]
fn the_incident_page_and_incidents_json_show_the_trigger_and_factors() {
    let dir = site();
    let out = build(dir.path(), &[]);
    let page = read_out(&out, "incidents/deploiement/index.html");
    assert!(
        page.contains(
            "<dt>Déclencheur</dt>\n        <dd><a href=\"../../trigger/deploy/\">Déploiement</a></dd>"
        ),
        "{page}"
    );
    // Escaped: a factor never makes markup.
    assert!(
        page.contains("<dt>Facteurs</dt>\n        <dd><ul class=\"pills\"><li>alerte muette</li><li>&lt;b&gt;gras&lt;/b&gt;</li></ul></dd>"),
        "{page}"
    );
    assert!(!page.contains("<b>gras"));
    let sans = read_out(&out, "incidents/sans/index.html");
    assert!(!sans.contains("Déclencheur"), "{sans}");
    assert!(!sans.contains("Facteurs"), "{sans}");
    let items: serde_json::Value = serde_json::from_str(&read_out(&out, "incidents.json")).unwrap();
    let item = |slug: &str| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["slug"] == slug)
            .unwrap()
            .clone()
    };
    assert_eq!(item("deploiement")["trigger"], "deploy");
    assert_eq!(
        item("deploiement")["factors"],
        serde_json::json!(["alerte muette", "<b>gras</b>"])
    );
    assert_eq!(item("capacite")["trigger"], "capacity");
    // A report without them: no keys (the items of such reports are unchanged).
    assert!(item("sans").get("trigger").is_none());
    assert!(item("sans").get("factors").is_none());
}

#[test]
fn a_public_build_can_leave_the_trigger_and_factors_out() {
    let dir = site();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "language: fr\nprivate: [trigger, factors]\n",
    )
    .unwrap();
    let out = build(dir.path(), &["--public"]);
    assert!(!out.join("trigger").exists());
    let home = read_out(&out, "index.html");
    assert!(!home.contains("data-filter=\"trigger:"), "{home}");
    let page = read_out(&out, "incidents/deploiement/index.html");
    assert!(!page.contains("Déclencheur"), "{page}");
    assert!(!page.contains("alerte muette"), "{page}");
    let items = read_out(&out, "incidents.json");
    assert!(!items.contains("\"trigger\""), "{items}");
    assert!(!items.contains("alerte muette"), "{items}");
    // The internal build ignores `private:`.
    let out = build(dir.path(), &[]);
    assert!(out.join("trigger/deploy/index.html").exists());
}

#[test]
fn the_stats_page_and_stats_json_count_the_causes() {
    let dir = site();
    let out = build(dir.path(), &[]);
    let page = read_out(&out, "stats/index.html");
    let section = page
        .split("<section class=\"triggers-section\"")
        .nth(1)
        .expect("the causes' section")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        section.contains("<h2 id=\"triggers-title\">Déclencheurs</h2>"),
        "{section}"
    );
    // Three reports, one per row: 1/3 = 33,3 %; every downtime is 0 minutes.
    assert!(
        section.contains(
            "<th scope=\"row\"><a href=\"../trigger/deploy/\">Déploiement</a></th>\n          <td class=\"num\">1</td>\n          <td class=\"num\"><span class=\"nowrap\">33,3\u{202f}%</span></td>"
        ),
        "{section}"
    );
    assert!(
        section
            .contains("<th scope=\"row\">Configuration</th>\n          <td class=\"num\">0</td>"),
        "{section}"
    );
    assert!(
        section.contains("<th scope=\"row\">Non indiqué</th>\n          <td class=\"num\">1</td>"),
        "{section}"
    );
    // One quarter (2025-Q1: 15 January, 10 February, 1 March), columns for the triggers
    // given and the report giving none.
    assert!(
        section.contains("<th scope=\"row\"><span class=\"nowrap\">T1 2025</span></th>"),
        "{section}"
    );
    // The factors, escaped.
    assert!(
        section.contains("<th scope=\"row\">&lt;b&gt;gras&lt;/b&gt;</th>"),
        "{section}"
    );
    assert!(!section.contains("<b>gras"));
    // Before the costs' section, after the figures.
    let at = page.find("triggers-section").unwrap();
    assert!(page.find("figures-title").unwrap() < at);
    assert!(at < page.find("severity-title").unwrap());

    let json: serde_json::Value = serde_json::from_str(&read_out(&out, "stats.json")).unwrap();
    assert_eq!(
        json["triggers"][0],
        serde_json::json!({"slug": "deploy", "reports": 1, "downtime_seconds": 0})
    );
    assert_eq!(json["triggers"][2]["reports"], 1);
    assert_eq!(
        json["triggers_not_given"],
        serde_json::json!({"reports": 1, "downtime_seconds": 0})
    );
    // Both named by one report: by slug, alerte-muette before b-gras.
    assert_eq!(json["factors"][1]["name"], "<b>gras</b>");
    assert_eq!(json["trigger_quarters"][0]["quarter"], "2025-Q1");
    // `incidex stats --json` is the same file.
    let (code, stdout, _) = common::run_in(dir.path(), &["stats", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, read_out(&out, "stats.json"));
}

#[test]
fn without_triggers_the_stats_page_says_how_to_give_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/sans.md"), english("")).unwrap();
    let out = build(dir.path(), &[]);
    let page = read_out(&out, "stats/index.html");
    assert!(
        page.contains("<h2 id=\"triggers-title\">Triggers</h2>\n  <p class=\"note\">No report gives its trigger yet. Below a report&#39;s heading, add a line <code>**Trigger:** Deploy</code>"),
        "{page}"
    );
    assert!(!page.contains("trigger-quarters"));
}

#[test]
fn two_builds_of_the_same_reports_are_byte_identical() {
    let dir = site();
    let (code, _, stderr) = common::run_in(dir.path(), &["build", "-o", "one"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = common::run_in(dir.path(), &["build", "-o", "two"]);
    assert_eq!(code, 0, "{stderr}");
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    let files = common::files_below(&one);
    assert_eq!(files, common::files_below(&two));
    assert!(files.contains("trigger/deploy/index.html"), "{files:?}");
    for file in &files {
        assert_eq!(
            std::fs::read(one.join(file)).unwrap(),
            std::fs::read(two.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn incidents_csv_gives_each_reports_trigger() {
    let dir = site();
    let out = build(dir.path(), &[]);
    let csv = read_out(&out, "incidents.csv");
    let lines: Vec<&str> = csv.lines().collect();
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(',').collect();
    let at = header
        .iter()
        .position(|c| *c == "trigger")
        .expect("a trigger column");
    // Newest first: sans (none), capacite, deploiement. No field holds a comma here.
    let triggers: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(at).unwrap())
        .collect();
    assert_eq!(triggers, ["", "capacity", "deploy"], "{csv}");
    // Left out of a public build that makes it private.
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "language: fr\nprivate: [trigger]\n",
    )
    .unwrap();
    let out = build(dir.path(), &["--public"]);
    let csv = read_out(&out, "incidents.csv");
    assert!(!csv.contains("deploy"), "{csv}");
}

#[test]
fn a_long_factor_is_no_folder_name_and_no_error() {
    // 300 letters: a tag this long is refused (E034), a factor makes no folder.
    let long = "a".repeat(300);
    let factors = factors_of(&french(&format!("**Facteurs :** {long}, court")));
    assert_eq!(factors, [long.clone(), "court".to_string()]);
    let (code, ..) = only_problem(&french(&format!("**Tags :** {long}")));
    assert_eq!(code, Code::NameTooLong);
    // One without letters or digits is refused, as a tag is.
    let (code, _, _, _, message, _) = only_problem(&french("**Facteurs :** --"));
    assert_eq!(code, Code::InvalidValue);
    assert_eq!(message, "factor `--` has no letters or digits");
}
