//! The release files agree with each other, as far as this machine can run them: the archive
//! `.github/workflows/release.yml` packs, the names `cargo binstall` looks for
//! (`[package.metadata.binstall]`), the GitHub Action (`action.yml`) that downloads and checks
//! it, the pre-commit hooks, and the Dockerfile's shape.

use std::path::{Path, PathBuf};
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = "https://github.com/incidex/incidex";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `run` script of the step named `name` in `steps`.
fn script<'a>(steps: &'a serde_yaml::Value, name: &str) -> &'a str {
    steps
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step `{name}`"))
}

/// Runs `script` with bash in `dir` with `env`, `fake_bin` first on the PATH.
fn bash(dir: &Path, script: &str, env: &[(&str, String)], fake_bin: &Path) -> (i32, String) {
    let path = format!("{}:/usr/bin:/bin", fake_bin.display());
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// An executable shell script `name` in `dir`.
#[cfg(unix)]
fn write_tool(dir: &Path, name: &str, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// release.yml's pack step run for the Linux x86_64 target on a stand-in binary: the folder
/// holding the archive and its sum.
#[cfg(unix)]
fn packed_release(work: &Path) -> PathBuf {
    let target = "x86_64-unknown-linux-musl";
    let built = work.join(format!("target/{target}/dist"));
    std::fs::create_dir_all(&built).unwrap();
    // A stand-in for the release build (a debug incidex weighs over 100 MB to compress).
    write_tool(
        &built,
        "incidex",
        &format!("#!/bin/sh\necho \"incidex {VERSION}\"\n"),
    );
    for doc in ["README.md", "LICENSE", "CHANGELOG.md"] {
        std::fs::copy(root().join(doc), work.join(doc)).unwrap();
    }
    let workflow = yaml(".github/workflows/release.yml");
    let pack = script(
        &workflow["jobs"]["binaries"]["steps"],
        "Pack with its SHA-256 sum",
    );
    let env = [
        ("TARGET", target.to_string()),
        ("ARCHIVE", "tar.gz".to_string()),
        ("GITHUB_REF_NAME", format!("v{VERSION}")),
    ];
    let (code, out) = bash(work, pack, &env, Path::new("/usr/bin"));
    assert_eq!(code, 0, "{out}");
    work.join("dist")
}

#[cfg(unix)]
#[test]
fn the_release_archive_is_what_binstall_and_the_action_look_for() {
    let work = tempfile::tempdir().unwrap();
    let dist = packed_release(work.path());
    let asset = format!("incidex-x86_64-unknown-linux-musl-v{VERSION}.tar.gz");
    let mut names: Vec<String> = std::fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [asset.clone(), format!("{asset}.sha256")]);

    // cargo binstall on Linux x86_64 (glibc or musl) downloads this asset and finds the binary
    // at bin-dir inside it.
    let meta = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let meta: serde_json::Value = serde_json::from_slice(&meta.stdout).unwrap();
    let binstall = &meta["packages"][0]["metadata"]["binstall"];
    let expand = |template: &serde_json::Value, target: &str| {
        template
            .as_str()
            .unwrap()
            .replace("{ repo }", REPOSITORY)
            .replace("{ version }", VERSION)
            .replace("{ name }", "incidex")
            .replace("{ bin }", "incidex")
            .replace("{ binary-ext }", "")
            .replace("{ target }", target)
    };
    let url = format!("{REPOSITORY}/releases/download/v{VERSION}/{asset}");
    let gnu = &binstall["overrides"]["x86_64-unknown-linux-gnu"];
    assert_eq!(expand(&gnu["pkg-url"], "x86_64-unknown-linux-gnu"), url);
    assert_eq!(
        expand(&binstall["pkg-url"], "x86_64-unknown-linux-musl"),
        url
    );
    let listing = Command::new("tar")
        .args(["tzf", &asset])
        .current_dir(&dist)
        .output()
        .unwrap();
    let listing = String::from_utf8(listing.stdout).unwrap();
    for bin_dir in [
        expand(&binstall["bin-dir"], "x86_64-unknown-linux-musl"),
        expand(&gnu["bin-dir"], "x86_64-unknown-linux-gnu"),
    ] {
        assert!(
            listing.lines().any(|l| l == bin_dir),
            "{bin_dir}: {listing}"
        );
    }
    // Windows gets its zip.
    let windows = &binstall["overrides"]["x86_64-pc-windows-msvc"];
    assert_eq!(
        expand(&windows["pkg-url"], "x86_64-pc-windows-msvc"),
        format!(
            "{REPOSITORY}/releases/download/v{VERSION}/incidex-x86_64-pc-windows-msvc-v{VERSION}.zip"
        )
    );
}

/// action.yml's install step, with a `curl` that serves the files of `dist` for the release's
/// addresses; returns (exit code, output) and the folder it installs into.
#[cfg(unix)]
fn run_action_install(dist: &Path) -> (i32, String, tempfile::TempDir) {
    let action = yaml("action.yml");
    let install = script(&action["runs"]["steps"], "Install incidex");
    let fake = tempfile::tempdir().unwrap();
    write_tool(
        fake.path(),
        "curl",
        &format!(
            r#"#!/bin/sh
# curl -fsSL -o FILE URL, served from {dist}
out="$3"; url="$4"
prefix="{REPOSITORY}/releases/download/v{VERSION}/"
case "$url" in "$prefix"*) ;; *) echo "unexpected address $url" >&2; exit 22 ;; esac
cp "{dist}/${{url#"$prefix"}}" "$out" 2>/dev/null || exit 22
"#,
            dist = dist.display()
        ),
    );
    write_tool(
        fake.path(),
        "cargo",
        "#!/bin/sh\necho \"cargo $*\" >&2\nexit 3\n",
    );
    let home = tempfile::tempdir().unwrap();
    let env = [
        ("VERSION", VERSION.to_string()),
        ("TARGET", "x86_64-unknown-linux-musl".to_string()),
        ("ARCHIVE", "tar.gz".to_string()),
        ("DIR", home.path().join("incidex").display().to_string()),
        ("REPOSITORY", REPOSITORY.to_string()),
        ("RUNNER_TEMP", home.path().join("tmp").display().to_string()),
    ];
    let (code, out) = bash(home.path(), install, &env, fake.path());
    (code, out, home)
}

#[cfg(unix)]
#[test]
fn the_action_installs_the_release_binary_after_checking_its_sum() {
    let work = tempfile::tempdir().unwrap();
    let dist = packed_release(work.path());
    let (code, out, home) = run_action_install(&dist);
    assert_eq!(code, 0, "{out}");
    let installed = home.path().join("incidex/bin/incidex");
    let version = Command::new(&installed).arg("--version").output().unwrap();
    let version = String::from_utf8(version.stdout).unwrap();
    assert!(
        version.starts_with(&format!("incidex {VERSION}")),
        "{version}"
    );

    // An archive that is not the one summed is refused, and nothing is installed.
    let asset = dist.join(format!(
        "incidex-x86_64-unknown-linux-musl-v{VERSION}.tar.gz"
    ));
    let mut bytes = std::fs::read(&asset).unwrap();
    bytes.push(0);
    std::fs::write(&asset, bytes).unwrap();
    let (code, out, home) = run_action_install(&dist);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("FAILED"), "{out}");
    assert!(!home.path().join("incidex/bin/incidex").exists());

    // No release for this version: cargo builds the tag instead.
    std::fs::remove_dir_all(&dist).unwrap();
    std::fs::create_dir(&dist).unwrap();
    let (code, out, _) = run_action_install(&dist);
    assert_eq!(code, 3, "the stand-in cargo's code: {out}");
    assert!(out.contains("cargo install --locked --root "), "{out}");
    assert!(
        out.contains(&format!("--git {REPOSITORY} --tag v{VERSION} incidex")),
        "{out}"
    );
}

#[test]
fn the_action_and_hooks_name_this_version_and_run_check() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    assert_eq!(
        action["inputs"]["version"]["default"].as_str(),
        Some(VERSION),
        "bump action.yml's default version with Cargo.toml's"
    );
    assert_eq!(
        action["inputs"]["args"]["default"].as_str(),
        Some("check --format github")
    );
    let hooks = yaml(".pre-commit-hooks.yaml");
    let check = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .find(|h| h["id"].as_str() == Some("incidex-check"))
        .expect("the incidex-check hook");
    assert_eq!(check["entry"].as_str(), Some("incidex check"));
    assert_eq!(check["pass_filenames"].as_bool(), Some(false));
    assert_eq!(check["files"].as_str(), Some("^content/.*\\.md$"));
    assert_eq!(check["language"].as_str(), Some("rust"));
}

#[test]
fn the_image_is_a_static_binary_run_by_no_one_in_site() {
    let text = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let froms: Vec<&str> = text.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(
        froms,
        ["FROM rust:1.95.0-alpine AS build", "FROM scratch"],
        "the build's Rust is rust-toolchain.toml's"
    );
    let toolchain = std::fs::read_to_string(root().join("rust-toolchain.toml")).unwrap();
    assert!(toolchain.contains("channel = \"1.95.0\""), "{toolchain}");
    let last_stage = text.split("FROM scratch").nth(1).unwrap();
    assert!(last_stage.contains("\nUSER 65532:65532\n"));
    assert!(last_stage.contains("\nWORKDIR /site\n"));
    assert!(last_stage.contains("\nENTRYPOINT [\"/usr/local/bin/incidex\"]\n"));
    // The build context holds what cargo needs to build, and no more.
    let ignore = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    for needed in [
        "!Cargo.toml",
        "!Cargo.lock",
        "!build.rs",
        "!src/",
        "!themes/default/",
        "!benches/",
    ] {
        assert!(ignore.lines().any(|l| l == needed), "{needed}");
    }
}
