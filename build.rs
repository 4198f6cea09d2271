//! Build script: the version `incidex --version` prints names the commit and its date when
//! incidex is built from its own git checkout (`0.1.0 (2e2c7f5 2026-12-07)`), and is the plain
//! version otherwise (a crate from a registry, a tarball, no git installed). It never fails the
//! build, and reruns only when the checked-out commit changes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let long = match commit_of(&manifest_dir) {
        Some(commit) => format!("{version} ({commit})"),
        None => {
            // A copy made by `cargo package` (its check build, a crate from a registry) holds
            // .cargo_vcs_info.json, which a git checkout has not. Cargo may give that copy's
            // build and the checkout's the same place in a shared target folder (`cargo
            // publish --dry-run` does): watching that file (a path relative to the package)
            // makes the checkout's next build run this script again instead of keeping the
            // plain version.
            if manifest_dir.join(".cargo_vcs_info.json").is_file() {
                println!("cargo:rerun-if-changed=.cargo_vcs_info.json");
            }
            version
        }
    };
    println!("cargo:rustc-env=INCIDEX_VERSION_LONG={long}");
}

/// `2e2c7f5 2026-12-07`: the commit checked out in `dir` and its date, when `dir` is the top of
/// a git work tree (not merely a folder inside another project's repository); asks cargo to run
/// this script again when HEAD moves.
pub(crate) fn commit_of(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if !same_folder(Path::new(&top), dir) {
        return None;
    }
    // HEAD, and the branch it names (its loose file, else packed-refs): committing, switching
    // branches or checking out another commit changes one of them.
    let head = git(dir, &["rev-parse", "--git-path", "HEAD"])?;
    watch(dir, &head);
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        let loose = git(dir, &["rev-parse", "--git-path", &branch])?;
        if dir.join(&loose).is_file() {
            watch(dir, &loose);
        } else if let Some(packed) = git(dir, &["rev-parse", "--git-path", "packed-refs"]) {
            watch(dir, &packed);
        }
    }
    git(dir, &["log", "-1", "--format=%h %cs"]).filter(|s| !s.is_empty())
}

/// Tells cargo to run the script again when the file at `path` (relative to `dir`) changes.
fn watch(dir: &Path, path: &str) {
    let path = dir.join(path);
    if path.is_file() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// Whether `a` and `b` name the same folder (links and `..` resolved).
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The first line `git <args>` prints in `dir`, when git is there and succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?;
    Some(text.lines().next().unwrap_or_default().trim().to_string())
}
