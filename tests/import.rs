//! `incidex import` as a user runs it: the team's incident log and other documents imported into
//! a fresh archive, with the output, the files written and the exit codes checked.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/import";

/// A fresh archive (French, Europe/Paris, empty `content/`) holding a copy of the fixture
/// documents, so that every path in the output is relative and the same on every machine.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "language: fr\ntimezone: Europe/Paris\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    for entry in std::fs::read_dir(FIXTURES).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// Runs `incidex <args>` in `dir`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, args)
}

/// Every file below `content/`: relative path → text.
fn content(dir: &Path) -> BTreeMap<PathBuf, String> {
    let root = dir.join("content");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(&root).unwrap().to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    content(dir)
        .keys()
        .map(|p| p.display().to_string())
        .collect()
}

/// Lines `from..=to` (1-based) of a fixture, each followed by a line break.
fn fixture_lines(file: &str, from: usize, to: usize) -> String {
    let text = std::fs::read_to_string(Path::new(FIXTURES).join(file)).unwrap();
    text.lines()
        .skip(from - 1)
        .take(to + 1 - from)
        .map(|l| format!("{l}\n"))
        .collect()
}

fn check_passes(dir: &Path, reports: usize) {
    let (code, stdout, stderr) = run(dir, &["check"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.ends_with(&format!(
            "{reports} report{} checked: no problems\n",
            if reports == 1 { "" } else { "s" }
        )),
        "{stdout}"
    );
}

#[test]
fn the_teams_incident_log_gives_one_report_and_its_statistics_are_compared() {
    let dir = site();
    let (code, stdout, stderr) = run(dir.path(), &["import", "incident-template.md"]);
    insta::assert_snapshot!("seed_first_run", stdout);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(names(dir.path()), ["2025-01-15-1430-instance-crash.md"]);
    // The example as its author wrote it (lines 52 to 90 of the document), its title taken
    // from the heading above it (`### Exemple 1 : Instance Crash`).
    let written = &content(dir.path())[Path::new("2025-01-15-1430-instance-crash.md")];
    let block = fixture_lines("incident-template.md", 52, 90);
    assert_eq!(
        *written,
        block.replacen(
            "## Incident 2025-01-15 14:30\n",
            "## Incident 2025-01-15 14:30 — Instance Crash\n",
            1
        )
    );
    check_passes(dir.path(), 1);
    let (code, _, stderr) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(
        dir.path()
            .join("public/incidents/2025-01-15-1430-instance-crash/index.html"),
    )
    .unwrap();
    assert!(page.contains("Instance Crash"));
}

#[test]
fn a_second_run_changes_nothing() {
    let dir = site();
    let (code, _, _) = run(dir.path(), &["import", "incident-template.md"]);
    assert_eq!(code, 0);
    let before = content(dir.path());
    let modified = std::fs::metadata(dir.path().join("content/2025-01-15-1430-instance-crash.md"))
        .unwrap()
        .modified()
        .unwrap();
    let (code, stdout, _) = run(dir.path(), &["import", "incident-template.md"]);
    insta::assert_snapshot!("seed_second_run", stdout);
    assert_eq!(code, 0);
    assert_eq!(content(dir.path()), before);
    let after = std::fs::metadata(dir.path().join("content/2025-01-15-1430-instance-crash.md"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(after, modified, "the report was not written again");
}

#[test]
fn a_report_moved_to_a_subfolder_is_still_already_imported() {
    let dir = site();
    run(dir.path(), &["import", "incident-template.md"]);
    let content_dir = dir.path().join("content");
    std::fs::create_dir(content_dir.join("2025")).unwrap();
    std::fs::rename(
        content_dir.join("2025-01-15-1430-instance-crash.md"),
        content_dir.join("2025/2025-01-15-1430-instance-crash.md"),
    )
    .unwrap();
    let (code, stdout, _) = run(dir.path(), &["import", "incident-template.md"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "incident-template.md:52: already imported as content/2025/2025-01-15-1430-instance-crash.md\n"
        ),
        "{stdout}"
    );
    assert_eq!(
        names(dir.path()),
        ["2025/2025-01-15-1430-instance-crash.md"]
    );
}

#[test]
fn a_different_file_of_the_same_name_is_left_alone_and_reported() {
    let dir = site();
    let path = dir.path().join("content/2025-01-15-1430-instance-crash.md");
    let edited = "## Incident 2025-01-15 14:30 — Instance Crash\n\nedited by hand\n";
    std::fs::write(&path, edited).unwrap();
    let (code, stdout, _) = run(dir.path(), &["import", "incident-template.md"]);
    insta::assert_snapshot!("seed_conflict", stdout);
    assert_eq!(code, 1, "a block could not be imported");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    assert_eq!(names(dir.path()), ["2025-01-15-1430-instance-crash.md"]);
}

#[test]
fn blocks_in_the_text_and_in_fences_each_give_a_report() {
    let dir = site();
    let (code, stdout, stderr) = run(dir.path(), &["import", "mixed.md"]);
    insta::assert_snapshot!("mixed", stdout);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        names(dir.path()),
        [
            // Its own title wins over the heading above (`## Notes : semaine 6`).
            "2025-02-03-0815-redis-sature.md",
            // The title after the colon of `### Incident du 12 février : Disque plein sur db-02`.
            "2025-02-12-2350-disque-plein-sur-db-02.md",
            // In a ```markdown fence, titled by `### Exemple : Fuite de clé API`.
            "2025-02-20-1000-fuite-de-cle-api.md",
            // A date alone, and no title (`# Sans deux-points` has no colon): the type names it.
            "2025-02-25-error.md",
        ]
    );
    let files = content(dir.path());
    // A heading of level 2 ends a block; the block's own code block does not.
    assert_eq!(
        files[Path::new("2025-02-03-0815-redis-sature.md")],
        fixture_lines("mixed.md", 7, 41)
    );
    // A `---` rule ends a block: the paragraph after it is left out.
    let disk = &files[Path::new("2025-02-12-2350-disque-plein-sur-db-02.md")];
    assert!(
        disk.starts_with("## Incident 2025-02-12 23:50 — Disque plein sur db-02\n"),
        "{disk}"
    );
    assert!(disk.ends_with("- Tickets : INC-2002\n"), "{disk}");
    // The fence's own lines are not part of the report; the ```bash fence is not read.
    assert_eq!(
        files[Path::new("2025-02-20-1000-fuite-de-cle-api.md")],
        fixture_lines("mixed.md", 85, 113).replacen(
            "2025-02-20 10:00\n",
            "2025-02-20 10:00 — Fuite de clé API\n",
            1
        )
    );
    check_passes(dir.path(), 4);
}

#[test]
fn blocks_with_errors_are_reported_at_their_lines_in_the_document_and_skipped() {
    let dir = site();
    let (code, stdout, _) = run(dir.path(), &["import", "invalid.md"]);
    insta::assert_snapshot!("invalid", stdout);
    assert_eq!(code, 1);
    assert_eq!(names(dir.path()), ["2025-04-03-1100-valide.md"]);
    // The misspelt type of the indented block, at its column in the document (3 + 12).
    assert!(stdout.contains(" --> invalid.md:69:15\n"), "{stdout}");
    check_passes(dir.path(), 1);
}

#[test]
fn an_english_document_whose_statistics_agree() {
    let dir = site();
    let (code, stdout, _) = run(dir.path(), &["import", "english.md"]);
    insta::assert_snapshot!("english", stdout);
    assert_eq!(code, 0);
    assert!(!stdout.contains("warning"), "{stdout}");
    assert_eq!(
        names(dir.path()),
        [
            "2024-11-05-0320-card-processor-timeout.md",
            "2024-12-01-1400-slow-checkout.md"
        ]
    );
    check_passes(dir.path(), 2);
}

#[test]
fn statistics_that_disagree_are_named_with_both_figures() {
    let dir = site();
    let doc = std::fs::read_to_string(dir.path().join("english.md"))
        .unwrap()
        .replace("**Total incidents:** 2", "**Total incidents:** 3")
        .replace("**Total cost:** $150.50", "**Total cost:** $150");
    std::fs::write(dir.path().join("english.md"), doc).unwrap();
    let (code, stdout, _) = run(dir.path(), &["import", "english.md"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("english.md:69: `**Total incidents:** 3`, but 2 incidents imported\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "english.md:71: `**Total cost:** $150`, but their costs (lost + resolution) add up to 150.50 USD\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("Total downtime"), "{stdout}");
}

#[test]
fn a_document_without_incidents_writes_nothing() {
    let dir = site();
    let (code, stdout, _) = run(dir.path(), &["import", "no-incidents.md"]);
    insta::assert_snapshot!("no_incidents", stdout);
    assert_eq!(code, 0);
    assert!(names(dir.path()).is_empty());
}

#[test]
fn a_missing_document_is_a_usage_error() {
    let dir = site();
    let (code, stdout, stderr) = run(dir.path(), &["import", "missing.md"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: cannot read `missing.md`: "),
        "{stderr}"
    );
}

#[test]
fn outside_an_archive_it_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(FIXTURES).join("incident-template.md"),
        dir.path().join("incident-template.md"),
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["import", "incident-template.md"]);
    insta::assert_snapshot!("not_an_archive", stderr);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // incidex.yaml without its content folder.
    std::fs::write(dir.path().join("incidex.yaml"), "language: fr\n").unwrap();
    let (code, _, stderr) = run(dir.path(), &["import", "incident-template.md"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("E031"), "{stderr}");
    assert!(!dir.path().join("content").exists());
}

#[test]
fn the_root_option_names_the_archive() {
    let dir = site();
    let doc = std::fs::canonicalize(dir.path().join("mixed.md")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(
        elsewhere.path(),
        &[
            "--root",
            dir.path().to_str().unwrap(),
            "import",
            doc.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(names(dir.path()).len(), 4);
}

#[test]
fn an_incident_already_in_the_archive_under_another_name_is_not_imported_twice() {
    // This repository's example archive holds the seed's example, written by hand.
    let dir = site();
    let by_hand = std::fs::read_to_string("content/2025-01-15-instance-crash.md").unwrap();
    std::fs::write(
        dir.path().join("content/2025-01-15-instance-crash.md"),
        &by_hand,
    )
    .unwrap();
    let (code, stdout, _) = run(dir.path(), &["import", "incident-template.md"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(
            "incident-template.md:52: already in the archive as content/2025-01-15-instance-crash.md (same start and type), not imported again\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(
            "2 incident blocks: 0 imported, 1 already imported, 1 skipped (1 template)\n"
        )
    );
    assert_eq!(names(dir.path()), ["2025-01-15-instance-crash.md"]);

    // Another title at the same start is another incident.
    let other = dir.path().join("content/2025-01-15-instance-crash.md");
    std::fs::write(
        &other,
        by_hand.replacen("14:30\n", "14:30 — Panne du load balancer\n", 1),
    )
    .unwrap();
    let (code, stdout, _) = run(dir.path(), &["import", "incident-template.md"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        names(dir.path()),
        [
            "2025-01-15-1430-instance-crash.md",
            "2025-01-15-instance-crash.md"
        ]
    );
}
