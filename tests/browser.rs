//! The built example archive in real clients: Chromium (filters, errors, phone width, live reload), axe-core and
//! the Nu Html Checker. Run with `cargo test --features browser`; a missing tool fails with how to install it.
#![cfg(feature = "browser")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const BIN: &str = env!("CARGO_BIN_EXE_incidex");

/// One run of a tool may take this long: a hang fails, a slow machine does not.
const LIMIT: Duration = Duration::from_secs(20 * 60);

/// The browser suites take turns: two Chromiums on a small machine would only slow each other down.
static CHROMIUM_TURN: Mutex<()> = Mutex::new(());

const NPM_CI: &str =
    "run `npm ci --ignore-scripts --prefix tests/browser` from the repository root";

fn browser_dir() -> PathBuf {
    Path::new(ROOT).join("tests/browser")
}

/// The first line a command prints (stdout or stderr), or None when it cannot run.
fn version(program: &str, arg: &str) -> Option<String> {
    let out = Command::new(program).arg(arg).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = [out.stdout, out.stderr].concat();
    Some(String::from_utf8_lossy(&text).lines().next()?.to_string())
}

fn require_node() {
    let Some(v) = version("node", "--version") else {
        panic!(
            "Node.js is not installed: the browser tests need Node.js 20 or later and npm \
             (Debian 13: apt-get install -y nodejs npm; Debian 12's nodejs 18 is too old)"
        );
    };
    let major: u32 = v
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    assert!(
        major >= 20,
        "Node.js {v} is too old: the browser tests need Node.js 20 or later (playwright-core's minimum)"
    );
}

fn require_node_modules() {
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        let manifest = browser_dir()
            .join("node_modules")
            .join(package)
            .join("package.json");
        assert!(
            manifest.is_file(),
            "the npm package {package} is not installed: {NPM_CI}"
        );
    }
}

/// Chromium's path: $CHROMIUM, or Debian's package.
fn require_chromium() -> String {
    let path = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    assert!(
        version(&path, "--version").is_some(),
        "Chromium is not installed at {path}: apt-get install -y chromium (or set CHROMIUM to its path)"
    );
    path
}

fn require_java() {
    assert!(
        version("java", "-version").is_some(),
        "Java is not installed (the Nu Html Checker needs it): apt-get install -y default-jre-headless"
    );
}

fn vnu_jar() -> PathBuf {
    browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

/// Runs `command` to its end (at most LIMIT); returns (success, stdout and stderr).
fn run(mut command: Command) -> (bool, String) {
    let log = tempfile::NamedTempFile::new().unwrap();
    let file = log.reopen().unwrap();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = std::fs::read_to_string(log.path()).unwrap_or_default();
    match status {
        Some(status) => (status.success(), output),
        None => panic!("{command:?} still ran after {LIMIT:?}: stopped\n{output}"),
    }
}

/// Builds the example archive into `dir/<name>`, with `args` added to `incidex build`.
fn build(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    build_site(Path::new(ROOT), dir, name, args)
}

/// Builds the site at `root` into `dir/<name>`, with `args` added to `incidex build`.
fn build_site(root: &Path, dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let output = dir.join(name);
    let mut command = Command::new(BIN);
    command
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("--output")
        .arg(&output)
        .args(args);
    let (ok, log) = run(command);
    assert!(ok, "incidex build failed:\n{log}");
    output
}

/// Runs one suite of tests/browser/ over a fresh build of the example archive; fails with its
/// report.
fn node_suite(script: &str) {
    node_suite_on(Path::new(ROOT), script, &[]);
}

/// Runs one suite of tests/browser/ over a fresh build of the site at `root`, made with `args`
/// added to `incidex build`.
fn node_suite_on(root: &Path, script: &str, args: &[&str]) {
    require_node();
    require_node_modules();
    let chromium = require_chromium();
    let dir = tempfile::tempdir().unwrap();
    let site = build_site(root, dir.path(), "public", args);
    let _turn = CHROMIUM_TURN.lock().unwrap_or_else(|e| e.into_inner());
    let mut command = Command::new("node");
    command
        .current_dir(ROOT)
        .arg("--test-reporter=spec")
        .arg(browser_dir().join(script))
        .env("INCIDEX_SITE", &site)
        .env("INCIDEX_ROOT", ROOT)
        .env("INCIDEX_BIN", BIN)
        .env("CHROMIUM", chromium)
        .env("NO_COLOR", "1");
    let (ok, log) = run(command);
    assert!(ok, "tests/browser/{script} failed:\n{log}");
    // node's runner exits 0 when a file holds no test at all: make sure some ran and passed.
    assert!(
        log.lines()
            .any(|l| l.starts_with("ℹ pass ") && l != "ℹ pass 0"),
        "tests/browser/{script} ran no test:\n{log}"
    );
}

#[test]
fn home_page_filters_in_chromium() {
    node_suite("filters.test.js");
}

#[test]
fn every_page_kind_has_no_error_fits_a_phone_and_passes_axe_light_and_dark() {
    node_suite("pages.test.js");
}

#[test]
fn a_large_archive_home_page_loads_the_rest_of_its_list() {
    node_suite("large.test.js");
}

#[test]
fn serve_reloads_the_open_page_and_shows_mistakes_until_fixed() {
    node_suite("live.test.js");
}

#[test]
fn ongoing_incidents_derived_titles_and_related_links_stand_out_to_a_reader() {
    node_suite_on(
        &Path::new(ROOT).join("tests/fixtures/reader-site"),
        "reader.test.js",
        &[],
    );
}

/// `java -jar vnu.jar --errors-only --skip-non-html --also-check-css --also-check-svg <dir>`:
/// (no error, what it said).
fn nu_html_checker(dir: &Path) -> (bool, String) {
    require_node_modules();
    require_java();
    let mut command = Command::new("java");
    command
        .arg("-jar")
        .arg(vnu_jar())
        .args([
            "--errors-only",
            "--skip-non-html",
            "--also-check-css",
            "--also-check-svg",
        ])
        .arg(dir);
    run(command)
}

#[test]
fn the_whole_built_site_is_valid_html() {
    let dir = tempfile::tempdir().unwrap();
    // Both kinds of build: relative links only, and with a base URL (canonical links).
    let sites = dir.path().join("sites");
    build(&sites, "plain", &[]);
    build(
        &sites,
        "based",
        &["--base-url", "https://incidents.example.org/archive/"],
    );
    let (ok, log) = nu_html_checker(&sites);
    assert!(ok, "the Nu Html Checker found errors:\n{log}");
}

#[test]
fn the_html_checker_reports_an_invalid_page() {
    // The check above is only worth something if the checker, as it is run there, sees errors.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site/sub");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><html lang=en><title>t</title><p>one</span></html>",
    )
    .unwrap();
    let (ok, log) = nu_html_checker(&dir.path().join("site"));
    assert!(!ok, "the checker accepted an invalid page:\n{log}");
    assert!(log.contains("Stray end tag"), "{log}");
}

#[test]
fn an_archive_built_for_disk_works_from_file_urls() {
    node_suite_on(Path::new(ROOT), "file.test.js", &["--links", "file"]);
}

#[test]
fn a_phone_folds_the_filters_shows_the_first_incident_and_readable_charts_and_tables() {
    node_suite("phone.test.js");
}

#[test]
fn the_home_page_filters_by_trigger_in_chromium() {
    node_suite_on(
        &Path::new(ROOT).join("tests/fixtures/triggers-site"),
        "triggers.test.js",
        &[],
    );
}
