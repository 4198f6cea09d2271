//! `incidex init` and `incidex new` as a user runs them: a new archive that checks and builds,
//! a report from the template, and the refusals that keep existing files safe.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Runs `incidex <args>` in `dir`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

/// Every file below `dir`: relative path → text.
fn files(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).keys().map(|p| p.display().to_string()).collect()
}

/// An archive started by `incidex init site` in a fresh folder.
fn started(language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(dir.path(), &["init", "site", "--language", language]);
    assert_eq!(code, 0, "{stderr}");
    dir
}

#[test]
fn init_starts_an_archive_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init", "incidents"]);
    insta::assert_snapshot!("init_fr", stdout);
    assert_eq!(code, 0, "{stderr}");
    let site = dir.path().join("incidents");
    assert_eq!(
        names(&site),
        [
            ".github/workflows/incidents.yml",
            ".gitignore",
            "content/2025-03-02-0910-certificat-tls-expire.md",
            "content/_index.md",
            "incidex.yaml",
            "netlify.toml",
        ]
    );
    let config = std::fs::read_to_string(site.join("incidex.yaml")).unwrap();
    assert!(config.contains("\nlanguage: fr\n"), "{config}");

    let (code, stdout, _) = run(&site, &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.ends_with("1 report checked: no problems\n"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("1 report built: "), "{stdout}");
    let page = std::fs::read_to_string(
        site.join("public/incidents/2025-03-02-0910-certificat-tls-expire/index.html"),
    )
    .unwrap();
    assert!(page.contains("Certificat TLS expiré"));
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Incidents de production"), "the introduction");
}

#[test]
fn init_in_english() {
    let dir = started("en");
    let site = dir.path().join("site");
    let config = std::fs::read_to_string(site.join("incidex.yaml")).unwrap();
    assert!(config.contains("\nlanguage: en\n"), "{config}");
    assert!(
        site.join("content/2025-03-02-0910-tls-certificate-expired.md")
            .is_file()
    );
    let (code, stdout, _) = run(&site, &["check", "--strict"]);
    assert_eq!(code, 0, "{stdout}");
    let (code, _, stderr) = run(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
}

/// `cargo install --locked [--root R] --no-default-features --git <incidex's repository> --tag
/// v<this version> incidex`, written out by hand: the repository is incidex's public home, never
/// the registry; a CI job needs no language server.
fn expected_install(root: Option<&str>) -> String {
    let root = root.map(|r| format!(" --root {r}")).unwrap_or_default();
    format!(
        "install --locked{root} --no-default-features --git https://github.com/incidex/incidex --tag v{} incidex",
        env!("CARGO_PKG_VERSION")
    )
}

/// A folder holding a `cargo` that stands for the real one in the CI files: it writes its
/// arguments to `cargo-args` beside itself and, for `install`, copies the incidex under test
/// where cargo would install it (`<--root>/bin`, else `$HOME/.cargo/bin`).
#[cfg(unix)]
fn fake_cargo() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        r#"#!/bin/sh
echo "$*" >> "{log}"
root="$HOME/.cargo"
while [ $# -gt 0 ]; do
  if [ "$1" = --root ]; then root="$2"; fi
  shift
done
mkdir -p "$root/bin" && cp "{incidex}" "$root/bin/incidex"
"#,
        log = dir.path().join("cargo-args").display(),
        incidex = assert_cmd::cargo::cargo_bin("incidex").display(),
    );
    let cargo = dir.path().join("cargo");
    std::fs::write(&cargo, script).unwrap();
    std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// Runs `command` with `sh` in `site` as a CI machine would: a fresh HOME whose
/// `~/.cargo/bin` is on the PATH, and the fake cargo; returns (exit code, stdout).
#[cfg(unix)]
fn run_ci_command(site: &Path, cargo: &Path, home: &Path, command: &str) -> (i32, String) {
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        cargo.display(),
        home.join(".cargo/bin").display()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(site)
        .env_clear()
        .env("PATH", path)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The workflow's steps as GitHub runs them for `event` on a cold cache: each step's `if`
/// decided, `run` steps run in order until one fails, `uses` steps listed. Returns the steps
/// run or used (by name or action), the exit code of the last run, and its stdout.
#[cfg(unix)]
fn run_workflow(site: &Path, event: &str) -> (Vec<String>, i32, String, String) {
    let text = std::fs::read_to_string(site.join(".github/workflows/incidents.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let steps = workflow["jobs"]["incidents"]["steps"]
        .as_sequence()
        .expect("steps");
    let cargo = fake_cargo();
    let home = tempfile::tempdir().unwrap();
    let (mut done, mut code, mut stdout) = (Vec::new(), 0, String::new());
    for step in steps {
        let runs = match step["if"].as_str() {
            None => true,
            Some("steps.cache.outputs.cache-hit != 'true'") => true,
            Some("github.event_name == 'pull_request'") => event == "pull_request",
            Some("github.event_name != 'pull_request'") => event != "pull_request",
            Some(other) => panic!("a condition this test does not know: {other}"),
        };
        if !runs {
            continue;
        }
        let name = step["name"]
            .as_str()
            .or(step["uses"].as_str())
            .unwrap()
            .to_string();
        if let Some(command) = step["run"].as_str() {
            (code, stdout) = run_ci_command(site, cargo.path(), home.path(), command);
            done.push(name);
            if code != 0 {
                break;
            }
        } else {
            done.push(name);
        }
    }
    let args = std::fs::read_to_string(cargo.path().join("cargo-args")).unwrap_or_default();
    (done, code, stdout, args)
}

#[test]
fn the_ci_workflow_installs_incidex_from_its_tag_and_caches_it() {
    let dir = started("fr");
    let text =
        std::fs::read_to_string(dir.path().join("site/.github/workflows/incidents.yml")).unwrap();
    let workflow: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    assert!(workflow["on"].get("pull_request").is_some(), "{text}");
    assert_eq!(
        workflow["on"]["push"]["branches"],
        serde_yaml::from_str::<serde_yaml::Value>("[main]").unwrap()
    );
    let steps = workflow["jobs"]["incidents"]["steps"]
        .as_sequence()
        .unwrap();
    let cache = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/cache@v5"))
        .expect("a cache step");
    assert_eq!(cache["with"]["path"].as_str(), Some("~/.cargo/bin/incidex"));
    let key = cache["with"]["key"].as_str().unwrap();
    assert!(
        key.starts_with(&format!("incidex-{}-", env!("CARGO_PKG_VERSION"))),
        "the key changes with the version: {key}"
    );
    let install = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Install incidex"))
        .unwrap();
    assert_eq!(
        install["if"].as_str(),
        Some("steps.cache.outputs.cache-hit != 'true'"),
        "installed only when the cache has not got it"
    );
    assert_eq!(
        install["run"].as_str().unwrap(),
        format!("cargo {}", expected_install(None))
    );
}

#[cfg(unix)]
#[test]
fn the_ci_workflow_checks_pull_requests_and_builds_main() {
    let dir = started("fr");
    let site = dir.path().join("site");
    // A pull request adding a report with a mistake: annotated at its line, the run fails.
    std::fs::write(
        site.join("content/2025-04-01-panne.md"),
        "## Incident 2025-04-01 10:00 — Panne\n\n**Type :** Downtime\n**Sévérité :** Enorme\n**Durée :** 5 minutes\n**Impact utilisateurs :** Non\n\n### Cause\nx\n",
    )
    .unwrap();
    let (steps, code, stdout, cargo_args) = run_workflow(&site, "pull_request");
    assert_eq!(
        steps,
        [
            "actions/checkout@v5",
            "Cache incidex",
            "Install incidex",
            "Check the reports"
        ]
    );
    assert_eq!(cargo_args, format!("{}\n", expected_install(None)));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("::error file=content/2025-04-01-panne.md,line=4,"),
        "{stdout}"
    );
    assert!(
        !site.join("public").exists(),
        "a pull request builds nothing"
    );

    // The push to main (the report fixed): the site is built and kept.
    std::fs::remove_file(site.join("content/2025-04-01-panne.md")).unwrap();
    let (steps, code, stdout, _) = run_workflow(&site, "push");
    assert_eq!(
        steps,
        [
            "actions/checkout@v5",
            "Cache incidex",
            "Install incidex",
            "Build the site",
            "Keep the built site"
        ]
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(site.join("public/index.html").is_file());
}

#[test]
fn netlify_builds_the_site_and_sets_the_security_headers() {
    let dir = started("fr");
    let text = std::fs::read_to_string(dir.path().join("site/netlify.toml")).unwrap();
    assert!(text.contains("\n  publish = \"public\"\n"), "{text}");
    // The installed incidex is kept by the cache plugin, and not committed.
    assert!(
        text.contains(
            "[[plugins]]\n  package = \"netlify-plugin-cache\"\n  [plugins.inputs]\n    paths = [\".cache/incidex\"]\n"
        ),
        "{text}"
    );
    let ignored = std::fs::read_to_string(dir.path().join("site/.gitignore")).unwrap();
    assert_eq!(ignored, "/public/\n/.cache/\n");
    assert!(!text.contains("RUST_VERSION"), "Netlify does not read it");
    // The same Content-Security-Policy as incidex's own site.
    let ours = std::fs::read_to_string("netlify.toml").unwrap();
    let csp = |t: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with("Content-Security-Policy"))
            .map(str::to_string)
    };
    assert!(csp(&ours).is_some());
    assert_eq!(csp(&text), csp(&ours));
}

#[cfg(unix)]
#[test]
fn netlify_installs_incidex_from_its_tag_into_the_cached_folder_and_builds() {
    let dir = started("en");
    let site = dir.path().join("site");
    let text = std::fs::read_to_string(site.join("netlify.toml")).unwrap();
    let command = text
        .lines()
        .find_map(|l| l.strip_prefix("  command = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("a build command");
    let cargo = fake_cargo();
    let home = tempfile::tempdir().unwrap();
    let (code, stdout) = run_ci_command(&site, cargo.path(), home.path(), command);
    assert_eq!(code, 0, "{stdout}");
    let args = std::fs::read_to_string(cargo.path().join("cargo-args")).unwrap();
    assert_eq!(
        args,
        format!("{}\n", expected_install(Some(".cache/incidex")))
    );
    assert!(site.join(".cache/incidex/bin/incidex").is_file());
    assert!(stdout.starts_with("1 report built: "), "{stdout}");
    assert!(site.join("public/index.html").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["init"]);
    insta::assert_snapshot!("init_not_empty", stderr);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(names(dir.path()), ["notes.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
        "mine"
    );
}

#[test]
fn init_accepts_a_fresh_git_repository_and_creates_missing_folders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("repo/.git")).unwrap();
    let (code, _, stderr) = run(dir.path(), &["--root", "repo", "init"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("repo/incidex.yaml").is_file());

    let (code, _, stderr) = run(dir.path(), &["init", "a/b/c", "--language", "en"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("a/b/c/incidex.yaml").is_file());
}

#[test]
fn new_writes_the_template_with_the_given_values() {
    let dir = started("fr");
    let site = dir.path().join("site");
    let (code, stdout, stderr) = run(
        &site,
        &[
            "new",
            "--title",
            "Panne DNS",
            "--severity",
            "haute",
            "--type",
            "securite",
            "--date",
            "2025-06-01 08:45",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "content/2025-06-01-panne-dns.md\n");
    let text = std::fs::read_to_string(site.join("content/2025-06-01-panne-dns.md")).unwrap();
    insta::assert_snapshot!("new_fr", text);

    // Until its placeholders are filled in, `check` names each of them, and nothing else.
    let (code, stdout, _) = run(&site, &["check", "content/2025-06-01-panne-dns.md"]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = stdout.lines().filter(|l| l.starts_with("error[")).collect();
    assert!(!errors.is_empty(), "{stdout}");
    assert!(
        errors.iter().all(|l| l.starts_with("error[E021]")),
        "{stdout}"
    );

    // Filled in, with its services and trigger written on the empty lines, the whole archive
    // checks without a problem, warnings included.
    let report = site.join("content/2025-06-01-panne-dns.md");
    let filled = std::fs::read_to_string(&report)
        .unwrap()
        .replace("**Services :**", "**Services :** dns, api")
        .replace("**Déclencheur :**", "**Déclencheur :** Dépendance")
        .replace("[X minutes/heures]", "25 minutes")
        .replace("[X heures]", "2 heures")
        .replace("[Oui/Non - Description]", "Oui")
        .replace("[Si applicable]", "N/A")
        .replace(['[', ']'], "");
    std::fs::write(&report, filled).unwrap();
    let (code, stdout, _) = run(&site, &["check", "--strict"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.ends_with("2 reports checked: no problems\n"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let items = std::fs::read_to_string(site.join("public/incidents.json")).unwrap();
    let items: serde_json::Value = serde_json::from_str(&items).unwrap();
    let panne = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Panne DNS")
        .expect("the new report is published");
    assert_eq!(
        panne["services"],
        serde_json::json!(["dns", "api"]),
        "{panne}"
    );
    assert_eq!(panne["trigger"], "dependency", "{panne}");
}

#[test]
fn new_in_an_english_archive_uses_english_labels() {
    let dir = started("en");
    let site = dir.path().join("site");
    let (code, stdout, stderr) = run(
        &site,
        &[
            "new",
            "-t",
            "Slow checkout",
            "-s",
            "Low",
            "--date",
            "2025-06-01",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "content/2025-06-01-slow-checkout.md\n");
    let text = std::fs::read_to_string(site.join(stdout.trim())).unwrap();
    insta::assert_snapshot!("new_en", text);
}

#[test]
fn new_without_options_names_the_report_by_todays_date() {
    let dir = started("fr");
    let site = dir.path().join("site");
    let (code, stdout, _) = run(&site, &["new"]);
    assert_eq!(code, 0);
    let path = stdout.trim();
    let name = path
        .strip_prefix("content/")
        .expect("in the content folder");
    let (day, rest) = name.split_at(10);
    assert_eq!(rest, "-incident.md");
    assert!(
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(),
        "{name}"
    );
    let text = std::fs::read_to_string(site.join(path)).unwrap();
    assert!(
        text.starts_with(&format!("## Incident {day} ")),
        "the start is now, in the site's time zone: {text}"
    );
}

#[test]
fn new_never_overwrites_a_report() {
    let dir = started("fr");
    let site = dir.path().join("site");
    let args = ["new", "--title", "Panne DNS", "--date", "2025-06-01 08:45"];
    let (code, _, _) = run(&site, &args);
    assert_eq!(code, 0);
    let path = site.join("content/2025-06-01-panne-dns.md");
    std::fs::write(&path, "my notes").unwrap();
    let (code, stdout, stderr) = run(&site, &args);
    insta::assert_snapshot!("new_exists", stderr);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my notes");
}

#[test]
fn new_refuses_a_misspelt_value_with_a_suggestion() {
    let dir = started("fr");
    let site = dir.path().join("site");
    let before = names(&site);
    let (code, _, stderr) = run(&site, &["new", "--severity", "Critcal"]);
    insta::assert_snapshot!("new_misspelt_severity", stderr);
    assert_eq!(code, 2);
    let (code, _, stderr) = run(&site, &["new", "--type", "Downtme"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `Downtime`?"), "{stderr}");
    let (code, _, stderr) = run(&site, &["new", "--date", "15/01/2025"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`--date 15/01/2025`"), "{stderr}");
    assert_eq!(names(&site), before, "nothing written");
}

#[test]
fn new_outside_an_archive_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(dir.path(), &["new", "--title", "x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("incidex init"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
