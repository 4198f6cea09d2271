//! What the integration tests share: running the incidex binary, and files on disk.
// Each test file uses a part of this module.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use assert_cmd::Command;

/// The incidex binary, without colour and without the Netlify variables of the environment
/// (they would change the base URL), with a generous limit that catches a hang.
pub fn incidex() -> Command {
    let mut cmd = Command::cargo_bin("incidex").expect("the incidex binary is built");
    cmd.env("NO_COLOR", "1")
        .env_remove("NETLIFY")
        .env_remove("URL")
        .env_remove("DEPLOY_PRIME_URL")
        .env_remove("CONTEXT")
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("incidex-tests-cache"),
        )
        .timeout(Duration::from_secs(60));
    cmd
}

/// Runs incidex with `args` in `dir`; returns (exit code, stdout, stderr).
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = incidex()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("incidex runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every file below `dir`, as paths relative to it with `/` separators.
pub fn files_below(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the example archive (`content/` and `incidex.yaml`) in a fresh folder.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("content"), &dir.path().join("content"));
    std::fs::copy("incidex.yaml", dir.path().join("incidex.yaml")).unwrap();
    dir
}

/// Waits (20 s at most) until `condition` holds; panics naming `what` otherwise.
pub fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        if condition() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting until {what}");
}

/// A running incidex (`start`), killed when dropped.
pub struct Running {
    pub child: Child,
    /// Where its standard error goes.
    pub stderr: PathBuf,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `incidex -r <root> <args>` (standard error to `<root>/stderr.log`) and returns it with
/// the first line it prints.
pub fn start(root: &Path, args: &[&str]) -> (Running, String) {
    let stderr = root.join("stderr.log");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_incidex"))
        .arg("-r")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    // Only the first line is read, then the pipe is closed, as with `incidex serve | head -1`:
    // incidex must carry on.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (Running { child, stderr }, first)
}

/// Builds a site of `reports` (path below `content/`, text) in `language` into `public/`;
/// panics unless the build succeeds. Returns the site's folder.
pub fn build_reports(language: &str, reports: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("incidex.yaml"),
        format!("title: Incidents\nlanguage: {language}\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    for (path, text) in reports {
        let file = root.join("content").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let (code, stdout, stderr) = run_in(root, &["build", "--output", "public"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    dir
}

/// A render of the site at `root` as `incidex serve` makes it after a save: from `cache`, which
/// keeps what the next render reuses. None when the reports need fixing.
pub fn render_from_cache(
    root: &Path,
    cache: &mut incidex::BuildCache,
) -> Option<Vec<incidex::output::OutputFile>> {
    let mut built = incidex::build_site_cached(
        root,
        None,
        incidex::check::Drafts::Softened,
        false,
        Some(cache),
    )
    .unwrap();
    let files = built.render_in_memory(Some(&mut cache.pages)).ok();
    cache.keep_theme(built);
    files
}

/// The home page's list data of the site in `site`, read as the page reads it (the index its
/// `data-list` names, then every chunk of rows and every file of words).
pub struct ListData {
    /// The index's object: facets, file names, labels.
    pub index: serde_json::Value,
    /// Every row, newest first, in the index's `columns`.
    pub rows: Vec<serde_json::Value>,
    /// Each report's searched words, by its position in `rows`, in the words files' order.
    pub words: Vec<Vec<String>>,
}

impl ListData {
    pub fn read(site: &Path) -> ListData {
        let home = std::fs::read_to_string(site.join("index.html")).unwrap();
        let at = home
            .find("data-list=\"./")
            .expect("the home page names its list data")
            + 13;
        let index_path = &home[at..at + home[at..].find('"').unwrap()];
        let folder = Path::new(index_path).parent().unwrap();
        let call = |path: &Path, name: &str| -> String {
            let text = std::fs::read_to_string(site.join(path)).unwrap();
            text.strip_prefix(&format!("{name}("))
                .and_then(|t| t.trim_end().strip_suffix(");"))
                .unwrap_or_else(|| panic!("{}: a call of {name}", path.display()))
                .to_string()
        };
        let index: serde_json::Value =
            serde_json::from_str(&call(Path::new(index_path), "incidexIndex")).unwrap();
        let mut rows = Vec::new();
        for (n, name) in index["rows"].as_array().unwrap().iter().enumerate() {
            let (key, chunk) = serde_json::from_str::<(String, Vec<serde_json::Value>)>(&format!(
                "[{}]",
                call(&folder.join(name.as_str().unwrap()), "incidexRows")
            ))
            .unwrap();
            assert_eq!(key, format!("/{n}"));
            rows.extend(chunk);
        }
        let mut words = vec![Vec::new(); rows.len()];
        for name in index["shards"].as_array().unwrap() {
            let args = call(&folder.join(name.as_str().unwrap()), "incidexWords");
            let (_, shard): (usize, BTreeMap<String, String>) =
                serde_json::from_str(&format!("[{args}]")).unwrap();
            for (word, gaps) in shard {
                let mut at = 0;
                for gap in gaps.split(',') {
                    at += usize::from_str_radix(gap, 36).unwrap();
                    words[at].push(word.clone());
                    at += 1;
                }
            }
        }
        ListData { index, rows, words }
    }

    /// The position of `column` in a row.
    pub fn column(&self, column: &str) -> usize {
        let columns = self.index["columns"].as_array().unwrap();
        columns.iter().position(|c| c == column).unwrap()
    }

    /// The position of the report named `slug`.
    pub fn position(&self, slug: &str) -> usize {
        let at = self.column("slug");
        self.rows.iter().position(|r| r[at] == slug).unwrap()
    }

    /// The value of a dense facet (`severity`, `type`, `trigger`, `year`) of report `n`.
    pub fn facet(&self, group: &str, n: usize) -> String {
        let facet = &self.index["dense"][group];
        let width = facet["width"].as_u64().unwrap() as usize;
        let ids = facet["ids"].as_str().unwrap();
        let digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let id = ids[n * width..(n + 1) * width]
            .chars()
            .fold(0, |v, c| v * 62 + digits.find(c).unwrap());
        facet["values"][id].as_str().unwrap().to_string()
    }

    /// The reports of a list facet's value (`service`, `tag`), by position.
    pub fn listed(&self, group: &str, value: &str) -> Vec<usize> {
        let mut at = 0;
        let gaps = self.index["lists"][group][value].as_str().unwrap_or("");
        gaps.split(',')
            .filter(|g| !g.is_empty())
            .map(|g| {
                at += usize::from_str_radix(g, 36).unwrap();
                at += 1;
                at - 1
            })
            .collect()
    }
}
