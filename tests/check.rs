//! `incidex check` as a user runs it: output snapshots, formats and exit codes over fixture sites.

mod common;

use std::path::Path;

use common::incidex;

/// Runs `incidex -r <root> check <args>` from the repository root; returns (exit code, stdout, stderr).
fn check(root: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["-r", root, "check"];
    all.extend_from_slice(args);
    common::run_in(Path::new("."), &all)
}

#[test]
fn the_example_archive_is_valid() {
    let (code, stdout, _) = check(".", &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.ends_with("6 reports checked: no problems\n"),
        "{stdout}"
    );
}

#[test]
fn valid_styles_pass_with_the_one_expected_warning() {
    let (code, stdout, _) = check("tests/fixtures/valid-styles", &[]);
    insta::assert_snapshot!("valid_styles", stdout);
    assert_eq!(code, 0);
    let (code, _, _) = check("tests/fixtures/valid-styles", &["--strict"]);
    assert_eq!(code, 1, "--strict turns the warning into a failure");
}

#[test]
fn every_invalid_report_is_reported_at_its_line() {
    let (code, stdout, _) = check("tests/fixtures/invalid", &[]);
    insta::assert_snapshot!("invalid_human", stdout);
    assert_eq!(code, 1);
}

#[test]
fn the_unfilled_template_reports_every_placeholder() {
    let (code, stdout, _) = check("tests/fixtures/template", &[]);
    insta::assert_snapshot!("template_human", stdout);
    assert_eq!(code, 1);
    assert!(
        stdout.ends_with("1 report checked: 14 errors, 2 warnings\n"),
        "{stdout}"
    );
}

#[test]
fn json_output_is_an_array_of_diagnostics() {
    let (code, stdout, stderr) = check("tests/fixtures/invalid", &["--format", "json"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    let items = value.as_array().expect("an array");
    assert!(items.len() >= 30, "{}", items.len());
    for item in items {
        for key in [
            "severity", "code", "file", "line", "column", "message", "help", "related",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let severity = items
        .iter()
        .find(|i| i["file"] == "tests/fixtures/invalid/content/severity-misspelt.md")
        .expect("the misspelt severity is reported");
    assert_eq!(severity["code"], "E017");
    assert_eq!(severity["line"], 4);
    assert_eq!(severity["column"], 16);
    assert_eq!(severity["help"], "did you mean `Critique`?");
    let clash = items
        .iter()
        .find(|i| i["code"] == "E027")
        .expect("the duplicate slug");
    assert_eq!(clash["related"].as_array().map(Vec::len), Some(1));
    assert!(
        stderr.contains("reports checked"),
        "the summary goes to stderr: {stderr}"
    );
}

#[test]
fn github_output_is_one_annotation_per_problem() {
    let (code, stdout, _) = check("tests/fixtures/invalid", &["--format", "github"]);
    assert_eq!(code, 1);
    for line in stdout.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning "),
            "{line}"
        );
    }
    assert!(stdout.contains(
        "::error file=tests/fixtures/invalid/content/severity-misspelt.md,line=4,col=16,title=E017::unknown severity `Critcal`"
    ), "{stdout}");
}

#[test]
fn paths_limit_the_report_but_slugs_are_compared_with_every_file() {
    let (code, stdout, _) = check(
        "tests/fixtures/invalid",
        &[
            "tests/fixtures/invalid/content/panne-reseau.md",
            "tests/fixtures/invalid/content/severity-misspelt.md",
        ],
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!("paths", stdout);
    assert!(!stdout.contains("type-misspelt"), "{stdout}");
}

#[test]
fn a_missing_content_folder_is_exit_2_and_says_how_to_start() {
    let (code, stdout, stderr) = check("tests/fixtures/no-content", &[]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    insta::assert_snapshot!("no_content", stderr);
}

#[test]
fn a_bad_configuration_is_exit_2_with_every_problem() {
    let (code, _, stderr) = check("tests/fixtures/bad-config", &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("bad_config", stderr);
}

/// A site with one valid report (no raw HTML in it) whose incidex.yaml says `allow_raw_html: <value>`.
fn raw_html_site(value: &str) -> tempfile::TempDir {
    let dir = site(&[("crash.md", EXAMPLE.as_bytes())]);
    let yaml = format!("title: Incidents\nallow_raw_html: {value}\n");
    std::fs::write(dir.path().join("incidex.yaml"), yaml).unwrap();
    dir
}

#[cfg(not(feature = "raw-html"))]
#[test]
fn raw_html_allowed_without_the_raw_html_feature_is_exit_2_naming_it() {
    let dir = raw_html_site("true");
    let (code, stdout, stderr) = common::run_in(dir.path(), &["check"]);
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(stdout, "");
    insta::assert_snapshot!(
        "raw_html_without_the_feature",
        stderr.replace(env!("CARGO_PKG_VERSION"), "<version>")
    );
    // `build` refuses it alike, and writes nothing.
    let (code, _, build_stderr) = common::run_in(dir.path(), &["build"]);
    assert_eq!(code, 2);
    assert!(
        build_stderr.contains(
            "error[E030]: `allow_raw_html: true` needs incidex built with the `raw-html` feature"
        ),
        "{build_stderr}"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn raw_html_off_is_accepted_with_or_without_the_raw_html_feature() {
    let dir = raw_html_site("false");
    let (code, stdout, stderr) = common::run_in(dir.path(), &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "1 report checked: no problems\n");
    let (code, _, stderr) = common::run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("public/index.html").exists());
}

#[test]
fn colour_never_reaches_a_pipe() {
    let output = incidex()
        .args(["-r", "tests/fixtures/invalid", "check"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(
        !output.stdout.contains(&0x1b),
        "no escape sequences when stdout is not a terminal"
    );
}

#[test]
fn unknown_options_are_usage_errors() {
    let output = incidex()
        .args(["check", "--frmat", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// Writes `files` into a fresh site's content folder.
fn site(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join("content").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    dir
}

const EXAMPLE: &str = include_str!("../content/2025-01-15-instance-crash.md");

#[test]
fn oversized_reports_are_refused_and_the_others_still_checked() {
    let big = format!("{EXAMPLE}\n{}", "x".repeat(6 * 1024 * 1024));
    let dir = site(&[("big.md", big.as_bytes()), ("ok.md", EXAMPLE.as_bytes())]);
    let (code, stdout, _) = check(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains("error[E003]: the report is larger than 5 MiB"),
        "{stdout}"
    );
    assert!(stdout.ends_with("2 reports checked: 1 error\n"), "{stdout}");
}

#[test]
fn drafts_are_checked_but_their_problems_are_warnings() {
    let draft = "---\ndraft: true\n---\n## Incident 2025-01-15 14:30\n\n**Type :** Downtme\n";
    let dir = site(&[("draft.md", draft.as_bytes())]);
    let (code, stdout, _) = check(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("warning[E016]: unknown incident type `Downtme` (draft)"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_symlink_loops_are_errors_not_crashes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = site(&[
        ("ok.md", EXAMPLE.as_bytes()),
        ("secret.md", EXAMPLE.as_bytes()),
    ]);
    let content = dir.path().join("content");
    std::os::unix::fs::symlink("..", content.join("loop")).unwrap();
    let secret = content.join("secret.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&secret).is_ok(); // root reads anything
    let (code, stdout, _) = check(dir.path().to_str().unwrap(), &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("a symbolic link loops back"), "{stdout}");
    if !readable {
        assert!(stdout.contains("cannot read the report"), "{stdout}");
    }
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn reports_outside_the_content_folder_can_be_checked_by_path() {
    let dir = site(&[("ok.md", EXAMPLE.as_bytes())]);
    let outside = dir.path().join("elsewhere.md");
    std::fs::write(&outside, EXAMPLE.replace("Critique", "Critcal")).unwrap();
    let (code, stdout, _) = check(dir.path().to_str().unwrap(), &[outside.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("unknown severity `Critcal`"), "{stdout}");
    assert!(stdout.ends_with("1 report checked: 1 error\n"), "{stdout}");
    assert!(Path::new(&outside).exists());
}

#[test]
fn every_diagnostic_code_is_documented_in_readme() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for code in incidex::diagnostic::Code::ALL {
        assert!(
            readme.contains(&format!("| {} |", code.as_str())),
            "{code} is missing from README's table"
        );
    }
}

/// The reports of `tests/fixtures/misleading/`: one mistake each that used to get a
/// misleading message.
const MISLEADING: &str = "tests/fixtures/misleading";

#[test]
fn misleading_mistakes_get_messages_that_name_them() {
    let (code, stdout, _) = check(MISLEADING, &[]);
    insta::assert_snapshot!("misleading_human", stdout);
    assert_eq!(code, 1);
    assert!(
        stdout.ends_with("9 reports checked: 9 errors\n"),
        "{stdout}"
    );
    // The old messages, each of which led away from the fix.
    for misleading in [
        "`Oui - /Non - Description`",
        "byte 0 cannot be read",
        "\\u{0}",
        "not both",
        "unexpected `-`",
        "unknown currency `k`",
        "unknown currency `M`",
    ] {
        assert!(!stdout.contains(misleading), "{misleading}: {stdout}");
    }
}

/// `check --format json` of one report alone: its one diagnostic's message and help.
fn only_problem(file: &str, text: &[u8]) -> (String, String) {
    let dir = site(&[(file, text)]);
    let (code, stdout, _) = check(dir.path().to_str().unwrap(), &["--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let items: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let items = items.as_array().expect("an array");
    assert_eq!(items.len(), 1, "{stdout}");
    let text = |key: &str| items[0][key].as_str().unwrap_or_default().to_string();
    (text("message"), text("help"))
}

/// Builds a site holding `file` alone (after `check` passes with no problem at all) and
/// returns its item of `incidents.json`.
fn built_item(file: &str, text: &str) -> serde_json::Value {
    let dir = site(&[(file, text.as_bytes())]);
    let root = dir.path().to_str().unwrap();
    let (code, stdout, _) = check(root, &[]);
    assert_eq!(code, 0, "{text}\n{stdout}");
    assert!(
        stdout.ends_with("1 report checked: no problems\n"),
        "{stdout}"
    );
    let out = dir.path().join("out");
    let (code, _, stderr) = common::run_in(
        Path::new("."),
        &["-r", root, "build", "-o", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let json = std::fs::read_to_string(out.join("incidents.json")).expect("incidents.json");
    let items: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    items[0].clone()
}

#[test]
fn each_suggested_fix_is_accepted_with_the_meaning_intended() {
    // (fixture, the mistake, which backticked piece of the help is the fix, the fix as
    // computed by hand, the JSON pointer and value it must give)
    let cases: &[(&str, &str, usize, &str, &str, serde_json::Value)] = &[
        (
            "impact-template-choice.md",
            "Oui/Non - Description",
            3,
            "Oui - Service inaccessible",
            "/user_impact/description",
            "Service inaccessible".into(),
        ),
        (
            "date-day-month-year.md",
            "04/03/2025 09:05",
            1,
            "2025-03-04 09:05",
            "/start",
            "2025-03-04T09:05:00+00:00".into(),
        ),
        (
            "date-field-day-first.md",
            "04/03/2025 09:12",
            1,
            "2025-03-04 09:12",
            "/detected",
            "2025-03-04T09:12:00+00:00".into(),
        ),
        (
            "duration-time-range.md",
            "14h30 - 14h55",
            0,
            "25 minutes",
            "/duration_seconds",
            (25 * 60).into(),
        ),
        (
            "duration-past-midnight.md",
            "23h50 - 00h10",
            0,
            "20 minutes",
            "/duration_seconds",
            (20 * 60).into(),
        ),
        (
            "money-thousands.md",
            "12.5k€",
            0,
            "12 500 €",
            "/cost/lost/amount",
            "12500".into(),
        ),
        (
            "money-millions.md",
            "1.2M€",
            0,
            "1 200 000 €",
            "/cost/resolution/amount",
            "1200000".into(),
        ),
    ];
    for (file, mistake, piece, fix, pointer, meant) in cases {
        let text = std::fs::read_to_string(format!("{MISLEADING}/content/{file}")).unwrap();
        assert!(text.contains(mistake), "{file}");
        let (_, help) = only_problem(file, text.as_bytes());
        let suggested = help.split('`').skip(1).step_by(2).nth(*piece);
        assert_eq!(suggested, Some(*fix), "{file}: {help}");
        let item = built_item(file, &text.replacen(mistake, fix, 1));
        assert_eq!(item.pointer(pointer), Some(meant), "{file}: {item}");
    }
}

#[test]
fn a_utf16_report_saved_again_as_utf8_is_accepted() {
    for file in ["utf16-le-bom.md", "utf16-be-no-bom.md"] {
        let bytes = std::fs::read(format!("{MISLEADING}/content/{file}")).unwrap();
        let (message, help) = only_problem(file, &bytes);
        assert_eq!(message, "this file looks like UTF-16; save it as UTF-8");
        assert!(
            help.contains("save it again with the encoding UTF-8"),
            "{help}"
        );
        // What an editor writes when told to: the same text in UTF-8 (the mark dropped).
        let little = file.contains("-le-");
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|p| {
                if little {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        let text = String::from_utf16(&units).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        assert_eq!(text, EXAMPLE, "{file} holds the example");
        let item = built_item(file, text);
        assert_eq!(item["duration_seconds"], 25 * 60, "{item}");
    }
}

#[test]
fn the_template_word_description_left_in_the_user_impact_is_a_warning_and_no_description() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let report = std::fs::read_to_string("content/2025-01-15-instance-crash.md")
        .unwrap()
        .replace(
            "**Impact utilisateurs :** Oui - Service inaccessible",
            "**Impact utilisateurs :** Oui - Description",
        );
    std::fs::write(dir.path().join("content/crash.md"), report).unwrap();
    let (code, stdout, _) = common::run_in(dir.path(), &["check"]);
    assert_eq!(code, 0, "a warning: {stdout}");
    insta::assert_snapshot!("template_description_human", stdout);
    let (code, _, _) = common::run_in(dir.path(), &["check", "--strict"]);
    assert_eq!(code, 1);
    // The page shows the choice without the template's word.
    let (code, _, stderr) = common::run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let item = std::fs::read_to_string(dir.path().join("public/incidents.json")).unwrap();
    let items: serde_json::Value = serde_json::from_str(&item).unwrap();
    assert_eq!(items[0]["user_impact"]["affected"], true, "{item}");
    assert!(!item.contains("\"Description\""), "{item}");
    // Users not affected: the example says so.
    let report = std::fs::read_to_string(dir.path().join("content/crash.md"))
        .unwrap()
        .replace("Oui - Description", "Non - Description");
    std::fs::write(dir.path().join("content/crash.md"), report).unwrap();
    let (_, stdout, _) = common::run_in(dir.path(), &["check"]);
    assert!(
        stdout.contains(
            "= help: say what users saw, e.g. `Non - Aucun impact visible`, or write `Non` alone"
        ),
        "{stdout}"
    );
}

/// A site in French whose incidex.yaml describes four services: `api` (named by a report as
/// `API`), `Base de données` (named by none), `paiement` (the reports name `Paiements`) and
/// `cache` (named by a draft alone).
fn services_site() -> tempfile::TempDir {
    let with_services = |services: &str| {
        EXAMPLE.replace(
            "**Impact utilisateurs :** Oui - Service inaccessible",
            &format!(
                "**Impact utilisateurs :** Oui - Service inaccessible\n**Service(s) :** {services}"
            ),
        )
    };
    let draft = format!("---\ndraft: true\n---\n{}", with_services("cache"));
    let dir = site(&[
        ("a.md", with_services("API, Paiements").as_bytes()),
        ("b.md", with_services("worker").as_bytes()),
        ("c.md", draft.as_bytes()),
    ]);
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "language: fr\nservices:\n  api: {name: API publique, slo: 99.9}\n  \
         Base de données:\n    slo: 99.5\n  paiement:\n  cache: {}\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_service_of_incidex_yaml_no_published_report_names_is_a_warning_at_its_key() {
    let dir = services_site();
    let (code, stdout, _) = common::run_in(dir.path(), &["check"]);
    assert_eq!(code, 0, "warnings only: {stdout}");
    insta::assert_snapshot!("unnamed_services_human", stdout);
    assert!(
        stdout.ends_with("3 reports checked: 3 warnings\n"),
        "{stdout}"
    );
    let (code, _, _) = common::run_in(dir.path(), &["check", "--strict"]);
    assert_eq!(code, 1);
    // The build shows the same warnings and goes on.
    let (code, _, stderr) = common::run_in(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning[W015]: the service `Base de données` described here is in no published report"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning[W015]: the service `cache` described here is in no published report"
        ),
        "{stderr}"
    );
    assert!(dir.path().join("public/index.html").is_file());
    // Built with the drafts, the draft names `cache`.
    let (code, _, stderr) = common::run_in(dir.path(), &["build", "--drafts"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr.matches("warning[W015]").count(), 2, "{stderr}");
    assert!(!stderr.contains("`cache`"), "{stderr}");
    // Checking a report by its path says nothing of incidex.yaml.
    let (_, stdout, _) = common::run_in(dir.path(), &["check", "content/a.md"]);
    assert!(!stdout.contains("W015"), "{stdout}");
}

#[test]
fn services_are_not_judged_while_a_report_has_errors() {
    let dir = services_site();
    let broken = EXAMPLE.replace("Critique", "Critcal");
    std::fs::write(dir.path().join("content/d.md"), broken).unwrap();
    let (code, stdout, _) = common::run_in(dir.path(), &["check"]);
    assert_eq!(code, 1);
    assert!(!stdout.contains("W015"), "{stdout}");
    assert!(stdout.ends_with("4 reports checked: 1 error\n"), "{stdout}");
}

#[test]
fn in_an_english_archive_the_help_writes_the_english_line() {
    let dir = site(&[("a.md", EXAMPLE.as_bytes())]);
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "language: en\nservices:\n  api: {slo: 99.9}\n",
    )
    .unwrap();
    let (code, stdout, _) = common::run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}");
    let items: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(items.as_array().map(Vec::len), Some(1), "{stdout}");
    let w015 = &items[0];
    assert_eq!(w015["code"], "W015");
    assert_eq!(w015["severity"], "warning");
    assert_eq!(w015["file"], "incidex.yaml");
    assert_eq!(
        (w015["line"].as_u64(), w015["column"].as_u64()),
        (Some(3), Some(3))
    );
    assert_eq!(
        w015["help"],
        "no report names `api`: remove it from incidex.yaml, or add `**Services:** api` to its reports"
    );
}
