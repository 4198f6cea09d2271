//! `incidex --version`: the version of Cargo.toml, with the commit and its date when built from
//! incidex's own git checkout, plain otherwise (build.rs, whose functions are tested here on
//! repositories made for the test).

mod common;

use std::path::Path;
use std::process::Command;

#[allow(dead_code)]
#[path = "../build.rs"]
mod build_script;

/// `git <args>` in `dir`; its stdout, or None when git is missing or fails.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_AUTHOR_DATE", "2024-02-29T12:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2024-02-29T12:00:00+00:00")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap())
}

fn git_is_installed() -> bool {
    git(Path::new("."), &["--version"]).is_some()
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let (code, stdout, stderr) = common::run_in(Path::new("."), &["--version"]);
    assert_eq!(code, 0, "{stderr}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A checkout whose git answers (not a tarball, nor a repository git refuses to read, such
    // as one owned by another user).
    let Some(head) =
        git(root, &["log", "-1", "--format=%h %cs"]).filter(|_| root.join(".git").exists())
    else {
        assert_eq!(stdout, "incidex 0.1.0\n");
        return;
    };
    // incidex 0.1.0 (2e2c7f5 2026-12-07): the short hash and the commit date of HEAD.
    let rest = stdout
        .strip_prefix("incidex 0.1.0 (")
        .and_then(|r| r.strip_suffix(")\n"))
        .unwrap_or_else(|| panic!("{stdout:?}"));
    let (hash, date) = rest.split_once(' ').expect("a hash and a date");
    assert!(
        hash.len() >= 7 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{hash}"
    );
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok(),
        "{date}"
    );
    assert_eq!(rest, head.trim(), "HEAD's commit");
    // -V says the same.
    let (_, short, _) = common::run_in(Path::new("."), &["-V"]);
    assert_eq!(short, stdout);
}

#[test]
fn outside_a_git_checkout_the_version_is_plain() {
    // A folder with no repository: a crate unpacked from a registry, a tarball.
    let plain = tempfile::tempdir().unwrap();
    assert_eq!(build_script::commit_of(plain.path()), None);
    if !git_is_installed() {
        return;
    }
    // A folder inside another project's repository (a vendored crate) is not incidex's checkout.
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]).unwrap();
    std::fs::write(repo.path().join("a"), "a").unwrap();
    git(repo.path(), &["add", "a"]).unwrap();
    git(
        repo.path(),
        &["-c", "commit.gpgsign=false", "commit", "-q", "-m", "one"],
    )
    .unwrap();
    let vendored = repo.path().join("vendor/incidex");
    std::fs::create_dir_all(&vendored).unwrap();
    assert_eq!(build_script::commit_of(&vendored), None);
    // The top of the repository itself: its commit and the commit's date.
    let found = build_script::commit_of(repo.path()).expect("a checkout");
    let hash = git(repo.path(), &["rev-parse", "--short", "HEAD"]).unwrap();
    assert_eq!(found, format!("{} 2024-02-29", hash.trim()));
}
