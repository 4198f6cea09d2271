//! The JSON Schemas of incidex.yaml and of the front matter (`incidex schema …`, committed in
//! schemas/): the committed files are what the command prints; the example site and every valid
//! fixture fit them; the invalid fixtures' mistakes in front matter and incidex.yaml are found at
//! their keys; and on a table of values, the schema says what `incidex check` says.
//! `INCIDEX_BLESS=1 cargo test --test schema` rewrites schemas/ after a change of the readers.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use boon::{Compiler, SchemaIndex, Schemas, ValidationError};
use incidex::config::Config;
use incidex::parse::{Context, parse_report};
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The two schemas, compiled by a validator that knows nothing of incidex.
struct Validator {
    schemas: Schemas,
    config: SchemaIndex,
    front_matter: SchemaIndex,
}

impl Validator {
    fn new() -> Validator {
        let mut schemas = Schemas::new();
        let mut compiler = Compiler::new();
        let mut compile = |file: &str| {
            let text = std::fs::read_to_string(repo().join("schemas").join(file)).unwrap();
            let json: Value = serde_json::from_str(&text).unwrap();
            let url = format!("file:///schemas/{file}");
            compiler.add_resource(&url, json).unwrap();
            compiler.compile(&url, &mut schemas).unwrap()
        };
        let config = compile("incidex.schema.json");
        let front_matter = compile("front-matter.schema.json");
        Validator {
            schemas,
            config,
            front_matter,
        }
    }

    /// The places (JSON pointers, with the keyword's complaint) where `yaml` breaks the schema;
    /// empty when it fits.
    fn problems(&self, index: SchemaIndex, yaml: &str) -> Vec<String> {
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        let json = serde_json::to_value(&value).unwrap();
        match self.schemas.validate(&json, index) {
            Ok(()) => Vec::new(),
            Err(error) => {
                let mut found = Vec::new();
                leaves(&error, &mut found);
                found
            }
        }
    }

    fn config(&self, yaml: &str) -> Vec<String> {
        self.problems(self.config, yaml)
    }

    fn front_matter(&self, yaml: &str) -> Vec<String> {
        self.problems(self.front_matter, yaml)
    }
}

/// The innermost errors of `error`, each as `pointer: complaint`.
fn leaves(error: &ValidationError, found: &mut Vec<String>) {
    if error.causes.is_empty() {
        found.push(format!("{}: {}", error.instance_location, error.kind));
    }
    for cause in &error.causes {
        leaves(cause, found);
    }
}

/// The front matter of a report: the lines between a first `---` line and the next `---`.
fn front_matter_of(text: &str) -> Option<String> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n").or_else(|| rest.find("\n...\n"))?;
    Some(rest[..end].to_string())
}

/// Every Markdown file below `folder`.
fn reports_below(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    found.sort();
    found
}

#[test]
fn the_committed_schemas_are_what_incidex_schema_prints() {
    let bless = std::env::var_os("INCIDEX_BLESS").is_some_and(|v| v == "1");
    for (name, file) in [
        ("config", "incidex.schema.json"),
        ("front-matter", "front-matter.schema.json"),
    ] {
        let output = Command::cargo_bin("incidex")
            .unwrap()
            .args(["schema", name])
            .output()
            .unwrap();
        assert!(output.status.success(), "incidex schema {name} failed");
        let printed = String::from_utf8(output.stdout).unwrap();
        let path = repo().join("schemas").join(file);
        if bless {
            std::fs::write(&path, &printed).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == printed,
            "schemas/{file} is not what `incidex schema {name}` prints: after changing what \
             the readers accept, regenerate it with `INCIDEX_BLESS=1 cargo test --test schema`"
        );
    }
}

#[test]
fn an_unknown_schema_is_a_usage_error() {
    let output = Command::cargo_bin("incidex")
        .unwrap()
        .args(["schema", "report"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("config") && stderr.contains("front-matter"),
        "{stderr}"
    );
}

#[test]
fn the_example_site_and_every_valid_config_fit_the_schema() {
    let validator = Validator::new();
    let mut configs = vec![repo().join("incidex.yaml")];
    for entry in walkdir::WalkDir::new(repo().join("tests/fixtures")) {
        let path = entry.unwrap().into_path();
        if path.file_name().is_some_and(|n| n == "incidex.yaml")
            && !path.starts_with(repo().join("tests/fixtures/bad-config"))
        {
            configs.push(path);
        }
    }
    // The example site, and the ten fixtures' sites with a configuration.
    assert_eq!(configs.len(), 11, "{configs:?}");
    for path in configs {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            validator.config(&text),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_bad_configs_mistakes_are_found_at_their_keys() {
    let validator = Validator::new();
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/bad-config/incidex.yaml")).unwrap();
    let problems = validator.config(&text);
    // `language: de` and the misspelt `titel:`, as `incidex check` says (E030 twice).
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].starts_with("/language: "), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("titel")), "{problems:?}");
}

#[test]
fn the_example_site_and_every_valid_fixtures_front_matter_fit_the_schema() {
    let validator = Validator::new();
    let invalid = repo().join("tests/fixtures/invalid");
    let mut checked = 0;
    for path in reports_below(&repo().join("content"))
        .into_iter()
        .chain(reports_below(&repo().join("tests/fixtures")))
    {
        if path.starts_with(&invalid) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // The UTF-16 fixtures: not text a YAML tool reads either.
        };
        let Some(yaml) = front_matter_of(&text) else {
            continue;
        };
        assert_eq!(
            validator.front_matter(&yaml),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        checked += 1;
    }
    // content/ (1), valid-styles (4), site-publish (3), site-spreadsheets (1), site-stats (1),
    // metrics (1 valid, 3 whose warnings are between values, beyond a schema's reach).
    assert_eq!(checked, 14);
}

#[test]
fn the_invalid_fixtures_front_matter_mistakes_are_found_at_their_keys() {
    let validator = Validator::new();
    let read = |name: &str| {
        let path = repo().join("tests/fixtures/invalid/content").join(name);
        front_matter_of(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    // E005: `tags: 5`.
    let problems = validator.front_matter(&read("front-matter-wrong-type.md"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("/tags: "), "{problems:?}");
    // W002: `severty`.
    let problems = validator.front_matter(&read("front-matter-unknown-key.md"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("severty"), "{problems:?}");
    // E026: `slug: "!!!"`, no letter or digit.
    let problems = validator.front_matter(&read("slug-empty.md"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("/slug: "), "{problems:?}");
    // Beyond a schema: E022 (front matter against the report's lines) and E028 (dates out of
    // order) need the body; E004's YAML does not parse (a YAML tool says so itself).
    for name in [
        "conflict-front-matter-severity.md",
        "timeline-out-of-order.md",
    ] {
        assert_eq!(
            validator.front_matter(&read(name)),
            Vec::<String>::new(),
            "{name}"
        );
    }
    assert!(
        serde_yaml::from_str::<serde_yaml::Value>(&read("front-matter-syntax-error.md")).is_err()
    );
}

/// Whether incidex reads `yaml` as incidex.yaml without a problem.
fn config_reads(yaml: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("incidex.yaml"), yaml).unwrap();
    Config::load(dir.path(), Path::new("incidex.yaml")).is_ok()
}

#[test]
fn the_config_schema_says_what_incidex_says() {
    let validator = Validator::new();
    // Each line: a configuration, and whether incidex reads it without a problem (worked out
    // from README's settings, not from the code).
    let cases: &[(&str, bool)] = &[
        ("title: Incidents", true),
        ("title: 2025", true),
        ("title: [a, b]", false),
        ("language: fr", true),
        ("language: FR", true),
        ("language: English", true),
        ("language: français", true),
        ("language: de", false),
        ("timezone: Europe/Paris", true),
        ("timezone: Europe/Pariss", false),
        ("timezone: europe/paris", false),
        ("currency: eur", true),
        ("currency: EURO", false),
        ("base_url: https://incidents.example.org/", true),
        ("base_url: incidents.example.org", false),
        ("ticket_url: https://t.example.org/{ticket}", true),
        ("ticket_url: https://t.example.org/", false),
        ("content_dir: reports", true),
        ("content_dir: /srv/reports", false),
        ("content_dir: ''", false),
        ("allow_raw_html: yes please", false),
        ("private: [cost, references.logs]", true),
        ("private: [costs]", false),
        ("publish_types: [yaml, .PDF]", true),
        ("publish_types: [html]", false),
        ("publish_types: [HTML]", false),
        ("publish_types: [my file]", false),
        ("publish_active_types: [html]", true),
        ("links: File", true),
        ("links: files", false),
        ("services: {api: {name: API publique, slo: 99.9}}", true),
        ("services: {api: , db: {slo: 99}}", true),
        ("services: {api: {slo: 100}}", false),
        ("services: {api: {slo: '99.9%'}}", false),
        ("services: {api: {nom: API}}", false),
        ("services: [api]", false),
        ("action_due_days: {critical: 15, low: 90}", true),
        ("action_due_days: {critique: 15}", false),
        ("action_due_days: {high: 0}", false),
        ("action_due_days: {high: '30'}", false),
        ("titel: Incidents", false),
        ("", true),
    ];
    for (yaml, reads) in cases {
        assert_eq!(config_reads(yaml), *reads, "incidex on `{yaml}`");
        let problems = validator.config(yaml);
        assert_eq!(
            problems.is_empty(),
            *reads,
            "the schema on `{yaml}`: {problems:?}"
        );
    }
    // Valid for the schema, which describes every build; read only by an incidex built with
    // the `raw-html` feature (the others refuse it, naming the feature).
    let raw_html = "allow_raw_html: true";
    assert_eq!(validator.config(raw_html), Vec::<String>::new());
    assert_eq!(config_reads(raw_html), cfg!(feature = "raw-html"));
}

/// The front matter of `valid-styles/front-matter-only.md` with `line` in place of the line of
/// the same key (or added), and the report's body.
fn report_with(line: &str) -> (String, String) {
    let text = std::fs::read_to_string(
        repo().join("tests/fixtures/valid-styles/content/front-matter-only.md"),
    )
    .unwrap();
    let yaml = front_matter_of(&text).unwrap();
    let key = line.split(':').next().unwrap();
    let mut lines: Vec<String> = Vec::new();
    let mut replaced = false;
    for l in yaml.lines() {
        // The key's line goes, and its nested lines (`cost:`) with it.
        if l.split(':').next() == Some(key) {
            replaced = true;
        } else if !(replaced && l.starts_with("  ")) {
            replaced = false;
            lines.push(l.to_string());
        }
    }
    lines.push(line.to_string());
    let yaml = lines.join("\n");
    let body = text.split_once("\n---\n").unwrap().1;
    (yaml.clone(), format!("---\n{yaml}\n---\n{body}"))
}

/// Whether incidex reads `report` without any problem (an unknown key is a warning: a problem).
fn report_reads(report: &str) -> bool {
    let context = Context {
        timezone: chrono_tz::UTC,
        currency: "USD".into(),
    };
    let parsed = parse_report(report, Path::new("r.md"), Path::new("r.md"), &context);
    parsed.diagnostics.is_empty()
}

#[test]
fn the_front_matter_schema_says_what_incidex_says() {
    let validator = Validator::new();
    let cases: &[(&str, bool)] = &[
        ("severity: critical", true),
        ("severity: Critique", true),
        ("severity: CRITIQUE", true),
        ("severity: haute", true),
        ("severity: Critcal", false),
        ("severity: 1", false),
        ("type: Sécurité", true),
        ("type: securite", true),
        ("type: SÉCURITÉ", true),
        ("type: Coût", true),
        ("type: cost", true),
        ("type: Downtme", false),
        ("trigger: Déploiement", true),
        ("trigger: deploiement", true),
        ("trigger: config", true),
        ("trigger: Dépendance", true),
        ("trigger: deployment", false),
        ("date: 2024-09-10 03:15", true),
        ("date: 2024-09-10T03:15:00Z", true),
        ("date: 2024-09-10", true),
        ("date: '2024-09-10 03:15 +0200'", true),
        ("date: 10/09/2024 03:15", false),
        ("date: 2024-09-10 3h15", false),
        ("duration: 25 minutes", true),
        ("duration: 25 min.", true),
        ("duration: 2 heures", true),
        ("duration: 1h30", true),
        ("duration: 1h30min", true),
        ("duration: 1 h 30", true),
        ("duration: 1 heure 15 minutes", true),
        ("duration: 1 heure et 15 minutes", true),
        ("duration: 2 hours, 15 minutes", true),
        ("duration: 1h30 20s", true),
        ("duration: 1,5 heures", true),
        ("duration: '01:30'", true),
        ("duration: 3 jours", true),
        ("duration: ~45 s (estimé)", true),
        ("duration: ≈ 20 min", true),
        ("duration: 0 minutes", true),
        ("duration: en cours", true),
        ("duration: Ongoing", true),
        ("duration: 25 minuets", false),
        ("duration: '25'", false),
        ("duration: 25", false),
        ("duration: 14h30 - 14h55", false),
        ("duration: environ 25 min", false),
        ("duration: -5 min", false),
        ("duration: soon", false),
        ("user_impact: Oui - Service inaccessible", true),
        ("user_impact: non", true),
        ("user_impact: 'Yes: timeouts'", true),
        ("user_impact: true", true),
        ("user_impact: Peut-être", false),
        ("user_impact: Oui/Non - Description", false),
        ("services: [api, 42]", true),
        ("services: api, database", true),
        ("services: {api: 1}", false),
        ("tags: 5", false),
        ("draft: true", true),
        ("draft: yes please", false),
        ("slug: panne-dns", true),
        ("slug: '!!!'", false),
        ("aliases: [old-name]", true),
        ("cost: {downtime: 0 min, lost: $10, resolution: N/A}", true),
        ("cost: {lots: $10}", false),
        ("references: {logs: Loki, tickets: [INC-1, INC-2]}", true),
        ("references: {runbook: x}", false),
        ("severty: high", false),
    ];
    for (line, reads) in cases {
        let (yaml, report) = report_with(line);
        assert_eq!(report_reads(&report), *reads, "incidex on `{line}`");
        let problems = validator.front_matter(&yaml);
        assert_eq!(
            problems.is_empty(),
            *reads,
            "the schema on `{line}`: {problems:?}"
        );
    }
}
