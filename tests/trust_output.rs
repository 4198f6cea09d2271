//! The output folder can be trusted: no write or removal through a link, no half-written site after a failure or a signal, the same marker for the same pages.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, files_below, incidex};

/// A copy of the example site (incidex.yaml and content/) in a fresh folder; returns the
/// folder and the site root in it.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("s");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy("incidex.yaml", root.join("incidex.yaml")).unwrap();
    copy_dir(Path::new("content"), &root.join("content"));
    (dir, root)
}

/// `incidex --root <root> build [args]`: (exit code, stdout, stderr).
fn build(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = incidex()
        .arg("--root")
        .arg(root)
        .arg("build")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file below `dir` with its bytes (links are not followed).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_below(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

/// The files below `dir` whose snapshot differs from `before` (changed, added or gone).
fn changes(dir: &Path, before: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let after = snapshot(dir);
    let mut changed: Vec<String> = before
        .iter()
        .filter(|(p, b)| after.get(*p) != Some(b))
        .map(|(p, _)| p.clone())
        .collect();
    changed.extend(after.keys().filter(|p| !before.contains_key(*p)).cloned());
    changed
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Reproduction 1: a forged marker names a file behind a link; it is not removed.
#[cfg(unix)]
#[test]
fn a_marker_entry_through_a_link_is_never_removed() {
    let (dir, root) = example_site();
    let vault = dir.path().join("v");
    std::fs::create_dir_all(&vault).unwrap();
    std::fs::write(vault.join("id_ed25519"), "k\n").unwrap();
    let public = root.join("public");
    std::fs::create_dir_all(&public).unwrap();
    symlink("../../v", public.join("keys"));
    std::fs::write(public.join(".incidex"), "keys/id_ed25519\n").unwrap();

    let (code, stdout, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(vault.join("id_ed25519")).unwrap(),
        "k\n"
    );
    assert!(stdout.contains(", 0 removed)"), "{stdout}");
    assert!(
        stderr.contains("warning: `.incidex` lists `keys/id_ed25519`")
            && stderr.contains("is a link (to `../../v`)"),
        "{stderr}"
    );
    let marker = std::fs::read_to_string(public.join(".incidex")).unwrap();
    assert!(!marker.contains("keys/"), "{marker}");
}

/// A marker entry that climbs out or is absolute is ignored with a warning.
#[test]
fn a_marker_entry_outside_the_folder_is_ignored_with_a_warning() {
    let (dir, root) = example_site();
    std::fs::write(dir.path().join("precious.txt"), "x").unwrap();
    let public = root.join("public");
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join(".incidex"), "../../precious.txt\n").unwrap();
    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("precious.txt").is_file());
    assert!(
        stderr.contains("`.incidex` lists `../../precious.txt`, which is not a file incidex writes inside the output folder: ignored"),
        "{stderr}"
    );
}

/// Reproduction 2: a published folder replaced by a link to a foreign folder; the next build
/// writes nothing there, nor anywhere else.
#[cfg(unix)]
#[test]
fn a_link_inside_the_output_folder_is_never_written_through() {
    let (dir, root) = example_site();
    assert_eq!(build(&root, &[]).0, 0);
    let public = root.join("public");
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
    std::fs::remove_dir_all(public.join("incidents")).unwrap();
    symlink(&foreign, public.join("incidents"));
    let published = snapshot(&public);
    let report = root.join("content/2025-01-15-instance-crash.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("Health check", "The health check")).unwrap();

    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "`{}` is a link (to `{}`)",
            public.join("incidents").display(),
            foreign.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous site was left as it was"),
        "{stderr}"
    );
    assert_eq!(files_below(&foreign), ["keep.txt".to_string()].into());
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "mine"
    );
    assert_eq!(changes(&public, &published), Vec::<String>::new());
}

/// Reproduction 7: a folder where a page goes stops the build before any file is replaced.
#[test]
fn a_folder_where_a_page_goes_changes_no_published_file() {
    let (_dir, root) = example_site();
    assert_eq!(build(&root, &[]).0, 0);
    let public = root.join("public");
    std::fs::remove_file(public.join("stats/index.html")).unwrap();
    std::fs::create_dir(public.join("stats/index.html")).unwrap();
    let published = snapshot(&public);
    let intro = root.join("content/_index.md");
    let text = std::fs::read_to_string(&intro).unwrap();
    std::fs::write(&intro, format!("{text}\nUne phrase ajoutée.\n")).unwrap();

    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot write `{}`: it is a folder, where the build writes a file",
            public.join("stats/index.html").display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous site was left as it was"),
        "{stderr}"
    );
    assert_eq!(changes(&public, &published), Vec::<String>::new());
    assert!(!public.join(".incidex-staging").exists());

    // Out of the way, the next build writes the new introduction.
    std::fs::remove_dir(public.join("stats/index.html")).unwrap();
    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::read_to_string(public.join("index.html"))
            .unwrap()
            .contains("Une phrase ajoutée.")
    );
}

/// Reproduction 10 (its `.incidex` part): builds that write the same pages leave the same
/// marker, while a build whose inputs did not change still stops right after checking.
#[test]
fn the_marker_is_the_same_for_the_same_pages() {
    let (_dir, root) = example_site();
    let note = root.join("content/note.txt");
    std::fs::write(&note, "a note\n").unwrap();
    assert_eq!(build(&root, &[]).0, 0);
    let public = root.join("public");
    let marker = std::fs::read(public.join(".incidex")).unwrap();
    let pages = snapshot(&public);
    // Same bytes, another modification time: the inputs' hash changes, the pages do not.
    let file = std::fs::File::options().write(true).open(&note).unwrap();
    file.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000))
        .unwrap();
    drop(file);

    let (code, stdout, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("nothing changed"), "{stdout}");
    assert_eq!(changes(&public, &pages), Vec::<String>::new());
    assert_eq!(
        String::from_utf8_lossy(&std::fs::read(public.join(".incidex")).unwrap()),
        String::from_utf8_lossy(&marker)
    );
    let (_, stdout, _) = build(&root, &[]);
    assert!(
        stdout.contains("nothing changed since the last build"),
        "{stdout}"
    );
}

/// What an interrupted build leaves is removed by the next one, even when nothing changed.
#[test]
fn a_no_change_build_removes_the_leftovers_of_an_interrupted_one() {
    let (_dir, root) = example_site();
    assert_eq!(build(&root, &[]).0, 0);
    let public = root.join("public");
    let published = snapshot(&public);
    let staged = public.join(".incidex-staging/site/incidents/x");
    std::fs::create_dir_all(&staged).unwrap();
    std::fs::write(staged.join("index.html"), "half").unwrap();

    let (code, stdout, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("nothing changed since the last build"),
        "{stdout}"
    );
    assert!(!public.join(".incidex-staging").exists());
    assert_eq!(changes(&public, &published), Vec::<String>::new());
}

/// Earlier versions kept a changed page as `.index.html.incidex-tmp` next to it, and the
/// inputs' hash in the marker: the first build of this version removes those files.
#[test]
fn temporary_files_of_earlier_versions_are_removed() {
    let (_dir, root) = example_site();
    assert_eq!(build(&root, &[]).0, 0);
    let public = root.join("public");
    let marker = std::fs::read_to_string(public.join(".incidex")).unwrap();
    let (header, entries) = marker.split_once('\n').unwrap();
    std::fs::write(
        public.join(".incidex"),
        format!("{header}\n# inputs: 0123456789abcdef\n{entries}"),
    )
    .unwrap();
    let old = public.join("incidents/2025-01-15-instance-crash/.index.html.incidex-tmp");
    std::fs::write(&old, "half").unwrap();

    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!old.exists());
    assert_eq!(
        std::fs::read_to_string(public.join(".incidex")).unwrap(),
        marker
    );
}

/// A site of `count` reports made from the example report, one a day from 2015.
fn big_site(count: usize) -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = example_site();
    let example =
        std::fs::read_to_string(root.join("content/2025-01-15-instance-crash.md")).unwrap();
    let start = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    for n in 0..count {
        let day = start + chrono::Duration::days(n as i64);
        let text = example.replace("2025-01-15", &day.to_string());
        std::fs::write(root.join(format!("content/{day}-report-{n}.md")), text).unwrap();
    }
    (dir, root)
}

/// Starts `incidex --root <root> build` in the background, as the tests' `incidex()` does.
fn spawn_build(root: &Path) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("incidex"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .env("NO_COLOR", "1")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("incidex-tests-cache"),
        )
        .env_remove("NETLIFY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits (at most 30 s), while `child` runs, until its staging folder in `public` holds 50
/// files: the build is in the midst of writing its pages.
fn wait_for_staged_pages(public: &Path, child: &mut Child) {
    let staging = public.join(".incidex-staging");
    let limit = Instant::now() + Duration::from_secs(30);
    while !(staging.is_dir() && files_below(&staging).len() >= 50) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended ({status}) before 50 files were staged");
        }
        assert!(Instant::now() < limit, "no 50 files staged after 30 s");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Sends `signal` (a name for kill(1): INT, TERM, KILL) to `child`, then waits for it (at most
/// 30 s): (exit code, stderr).
fn stop(child: Child, signal: &str) -> (Option<i32>, String) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let pid = child.id();
    let (done, waiting) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    let output = waiting
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("the build {pid} did not stop within 30 s"))
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Builds a big site, then changes its title (every page changes) and starts a build.
fn a_build_of_many_changed_pages() -> (tempfile::TempDir, PathBuf, BTreeMap<String, Vec<u8>>, Child)
{
    let (dir, root) = big_site(800);
    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    let published = snapshot(&root.join("public"));
    let config = root.join("incidex.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("title: \"", "title: \"Archive — ")).unwrap();
    let mut child = spawn_build(&root);
    wait_for_staged_pages(&root.join("public"), &mut child);
    (dir, root, published, child)
}

/// Reproduction 6 with SIGINT and SIGTERM: the build stops, removes its temporary files and
/// leaves every published file as it was; the next build succeeds.
#[cfg(unix)]
fn a_signal_leaves_the_previous_site_whole(signal: &str) {
    let (_dir, root, published, child) = a_build_of_many_changed_pages();
    let public = root.join("public");
    let (code, stderr) = stop(child, signal);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("error: the build was interrupted"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the previous site was left as it was; its temporary files were removed"),
        "{stderr}"
    );
    assert!(!public.join(".incidex-staging").exists());
    assert_eq!(changes(&public, &published), Vec::<String>::new());
    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::read_to_string(public.join("index.html"))
            .unwrap()
            .contains("Archive — ")
    );
}

#[cfg(unix)]
#[test]
fn sigint_during_a_build_leaves_the_previous_site_whole() {
    a_signal_leaves_the_previous_site_whole("INT");
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_build_leaves_the_previous_site_whole() {
    a_signal_leaves_the_previous_site_whole("TERM");
}

/// Reproduction 6 with `kill -9`: nothing can clean up at once, the next build does, and its
/// site is exactly a fresh build's.
#[cfg(unix)]
#[test]
fn after_kill_9_the_next_build_cleans_up_and_succeeds() {
    let (dir, root, _, child) = a_build_of_many_changed_pages();
    let public = root.join("public");
    let (code, _) = stop(child, "KILL");
    assert_eq!(code, None, "killed");
    let (code, _, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!public.join(".incidex-staging").exists());
    let fresh = dir.path().join("fresh");
    let (code, _, stderr) = build(&root, &["--output", fresh.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (mut ours, theirs) = (snapshot(&public), snapshot(&fresh));
    ours.retain(|p, _| p != ".incidex");
    let mut theirs = theirs;
    theirs.retain(|p, _| p != ".incidex");
    assert!(
        ours == theirs,
        "the repaired site differs from a fresh build"
    );
    assert_eq!(
        std::fs::read(public.join(".incidex")).unwrap(),
        std::fs::read(fresh.join(".incidex")).unwrap()
    );
}

/// An interrupted first build into a new folder does not make it a foreign folder.
#[cfg(unix)]
fn an_interrupted_first_build_does_not_block_the_next(signal: &str) {
    let (_dir, root) = big_site(800);
    let public = root.join("public");
    let mut child = spawn_build(&root);
    wait_for_staged_pages(&public, &mut child);
    let (code, stderr) = stop(child, signal);
    assert_ne!(code, Some(0), "{stderr}");
    let (code, stdout, stderr) = build(&root, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("806 reports built"), "{stdout}");
    assert!(!public.join(".incidex-staging").exists());
}

#[cfg(unix)]
#[test]
fn a_first_build_killed_does_not_block_the_next() {
    an_interrupted_first_build_does_not_block_the_next("KILL");
}

#[cfg(unix)]
#[test]
fn a_first_build_interrupted_removes_its_folder() {
    let (_dir, root) = big_site(800);
    let public = root.join("public");
    let mut child = spawn_build(&root);
    wait_for_staged_pages(&public, &mut child);
    let (code, stderr) = stop(child, "INT");
    assert_eq!(code, Some(130), "{stderr}");
    assert!(!public.exists(), "the folder the build created is removed");
    an_interrupted_first_build_does_not_block_the_next("INT");
}
