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
