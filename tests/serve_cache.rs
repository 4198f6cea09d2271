//! The preview's rebuilds from the file watcher's list of changed paths render exactly what a
//! fresh build renders, whatever the change: edits, new, deleted and renamed reports, folders,
//! assets, the introduction, links.

mod common;

use std::path::{Path, PathBuf};

use common::copy_dir;
use incidex::BuildCache;
use incidex::check::Drafts;
use incidex::output::OutputFile;

/// A site in a fresh folder, rebuilt like `incidex serve` rebuilds it.
struct Preview {
    _dir: tempfile::TempDir,
    root: PathBuf,
    cache: BuildCache,
}

impl Preview {
    fn new() -> Preview {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        copy_dir(Path::new("tests/fixtures/site-stats"), &root);
        let mut preview = Preview {
            _dir: dir,
            root,
            cache: BuildCache::default(),
        };
        // The first build walks the content folder.
        let first = preview.render().expect("the fixture builds");
        assert_same(&first, &preview.fresh().unwrap(), "first build");
        preview
    }

    fn content(&self, path: &str) -> PathBuf {
        self.root.join("content").join(path)
    }

    /// A rebuild told by the watcher that only `changed` (paths in the content folder) changed;
    /// None when the reports need fixing.
    fn rebuild(&mut self, changed: &[&str]) -> Option<Vec<OutputFile>> {
        self.cache
            .reports
            .only_changed(changed.iter().map(PathBuf::from));
        self.render()
    }

    fn render(&mut self) -> Option<Vec<OutputFile>> {
        common::render_from_cache(&self.root, &mut self.cache)
    }

    fn fresh(&self) -> Option<Vec<OutputFile>> {
        let mut built = incidex::build_site(&self.root, None, Drafts::Softened, false).unwrap();
        built.render_in_memory(None).ok()
    }

    /// Rebuilds after `changed` and checks the result against a fresh build.
    fn same_as_fresh(&mut self, changed: &[&str], step: &str) -> Vec<OutputFile> {
        let files = self
            .rebuild(changed)
            .unwrap_or_else(|| panic!("{step}: the rebuild failed"));
        assert_same(&files, &self.fresh().unwrap(), step);
        files
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.content(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
}

fn assert_same(a: &[OutputFile], b: &[OutputFile], step: &str) {
    let paths = |files: &[OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b), "{step}: the same files");
    for (a, b) in a.iter().zip(b) {
        assert!(a.bytes == b.bytes, "{step}: {} differs", a.path);
    }
}

fn page<'a>(files: &'a [OutputFile], path: &str) -> Option<&'a str> {
    files
        .iter()
        .find(|f| f.path == path)
        .map(|f| std::str::from_utf8(&f.bytes).unwrap())
}

#[test]
fn rebuilds_from_the_changed_paths_render_what_a_fresh_build_renders() {
    let mut p = Preview::new();

    // An editor's save: a temporary file (ignored) renamed over the report.
    let c = p.content("c.md");
    let text = std::fs::read_to_string(&c).unwrap();
    std::fs::write(
        p.content("c.md.tmp"),
        text.replace("Slow API", "Slow gateway"),
    )
    .unwrap();
    std::fs::rename(p.content("c.md.tmp"), &c).unwrap();
    let files = p.same_as_fresh(&["c.md.tmp", "c.md"], "a save");
    assert!(
        page(&files, "incidents/c/index.html")
            .unwrap()
            .contains("Slow gateway")
    );

    // Only the paths named are looked at: a change the watcher did not report is not seen
    // until the folder is walked again.
    p.edit("d.md", "Incident 2024-12-24", "Incident 2025-06-24");
    let stale = p.rebuild(&[]).unwrap();
    assert_ne!(
        page(&stale, "incidents/d/index.html"),
        page(&p.fresh().unwrap(), "incidents/d/index.html"),
        "the unreported change is not read"
    );
    p.cache.reports.walk_next();
    p.same_as_fresh(&[], "a walk after doubt");

    // A severity (chips, listings), a new report, a deleted one, a renamed one.
    p.edit("c.md", "**Severity:** High", "**Severity:** Low");
    p.same_as_fresh(&["c.md"], "an edit in place");
    std::fs::copy(p.content("c.md"), p.content("e.md")).unwrap();
    let files = p.same_as_fresh(&["e.md"], "a new report");
    assert!(page(&files, "incidents/e/index.html").is_some());
    std::fs::remove_file(p.content("a.md")).unwrap();
    let files = p.same_as_fresh(&["a.md"], "a deleted report");
    assert!(page(&files, "incidents/a/index.html").is_none());
    std::fs::rename(p.content("d.md"), p.content("renamed.md")).unwrap();
    let files = p.same_as_fresh(&["d.md", "renamed.md"], "a renamed report");
    assert!(page(&files, "incidents/renamed/index.html").is_some());
    assert!(page(&files, "incidents/d/index.html").is_none());

    // A report with a mistake fails like a fresh build, and the fix is read.
    p.edit("e.md", "**Severity:** Low", "**Severity:** Lowish");
    assert!(p.rebuild(&["e.md"]).is_none(), "the mistake is seen");
    assert!(p.fresh().is_none());
    p.edit("e.md", "**Severity:** Lowish", "**Severity:** Critical");
    p.same_as_fresh(&["e.md"], "the mistake fixed");

    // Folders: a new one with a report, renamed, then removed whole (the watcher names the
    // folder alone).
    std::fs::create_dir(p.content("2026")).unwrap();
    std::fs::copy(p.content("c.md"), p.content("2026/f.md")).unwrap();
    p.same_as_fresh(&["2026", "2026/f.md"], "a new folder");
    std::fs::rename(p.content("2026"), p.content("2027")).unwrap();
    p.same_as_fresh(&["2026", "2027"], "a renamed folder");
    std::fs::remove_dir_all(p.content("2027")).unwrap();
    let files = p.same_as_fresh(&["2027"], "a removed folder");
    assert!(page(&files, "incidents/f/index.html").is_none());

    // Assets and the introduction; a `_index.md` in a subfolder is neither.
    std::fs::write(p.content("img/new.webp"), "RIFF").unwrap();
    let files = p.same_as_fresh(&["img/new.webp"], "a new asset");
    assert!(files.iter().any(|f| f.path == "files/img/new.webp"));
    // A type that can run script is withheld by a rebuild as by a fresh build.
    std::fs::write(p.content("img/new.svg"), "<svg/>").unwrap();
    let files = p.same_as_fresh(&["img/new.svg"], "a new SVG file");
    assert!(!files.iter().any(|f| f.path == "files/img/new.svg"));
    std::fs::remove_file(p.content("img/graph.png")).unwrap();
    let files = p.same_as_fresh(&["img/graph.png"], "a removed asset");
    assert!(!files.iter().any(|f| f.path == "files/img/graph.png"));
    std::fs::write(p.content("_index.md"), "Welcome to *the* archive.").unwrap();
    let files = p.same_as_fresh(&["_index.md"], "a new introduction");
    assert!(page(&files, "index.html").unwrap().contains("<em>the</em>"));
    std::fs::write(p.content("2025/_index.md"), "Not an introduction.").unwrap();
    p.same_as_fresh(&["2025/_index.md"], "a subfolder's _index.md");
    std::fs::remove_file(p.content("_index.md")).unwrap();
    p.same_as_fresh(&["_index.md"], "the introduction removed");

    // Hidden files and editors' leftovers are no reports.
    std::fs::copy(p.content("c.md"), p.content(".hidden.md")).unwrap();
    std::fs::copy(p.content("c.md"), p.content("c.md~")).unwrap();
    p.same_as_fresh(&[".hidden.md", "c.md~"], "editor leftovers");
}

#[cfg(unix)]
#[test]
fn a_report_with_two_names_is_read_again_under_both_names() {
    let mut p = Preview::new();
    // A hard link: writing one name changes the other, which the watcher does not report.
    std::fs::hard_link(p.content("c.md"), p.content("linked.md")).unwrap();
    p.same_as_fresh(&["linked.md"], "a hard link");
    p.edit("c.md", "Slow API", "Slow gateway");
    let files = p.same_as_fresh(&["c.md"], "an edit under one name");
    assert!(
        page(&files, "incidents/linked/index.html")
            .unwrap()
            .contains("Slow gateway")
    );
}

#[cfg(unix)]
#[test]
fn a_report_behind_a_symbolic_link_is_read_again() {
    let mut p = Preview::new();
    // A symbolic link to a report outside the content folder: its changes are not watched.
    let outside = p.root.join("outside.md");
    std::fs::copy(p.content("d.md"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, p.content("outside.md")).unwrap();
    p.same_as_fresh(&["outside.md"], "a symbolic link");
    let text = std::fs::read_to_string(&outside).unwrap();
    std::fs::write(
        &outside,
        text.replace("Incident 2024-12-24", "Incident 2025-07-01 — Moved"),
    )
    .unwrap();
    // Any later change walks the folder again, and reads the target's new text.
    p.edit("a.md", "## Incident", "## Incident");
    let files = p.same_as_fresh(&["a.md"], "a change behind a link");
    assert!(
        page(&files, "incidents/outside/index.html")
            .unwrap()
            .contains("2025-07-01")
    );
}

#[test]
fn a_change_of_theme_is_rendered_once_the_cache_is_cleared() {
    // `serve` clears the cache on any change outside the content folder.
    let mut p = Preview::new();
    let labels = p.root.join("themes/mine/i18n/en.yaml");
    std::fs::create_dir_all(labels.parent().unwrap()).unwrap();
    std::fs::write(&labels, "page:\n  not_found: Nowhere here\n").unwrap();
    let config = p.root.join("incidex.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}theme: mine\n")).unwrap();
    p.cache.clear();
    let files = p.same_as_fresh(&[], "a new theme");
    assert!(page(&files, "404.html").unwrap().contains("Nowhere here"));
    // The theme is kept from one rebuild to the next, until its files change.
    std::fs::write(&labels, "page:\n  not_found: Somewhere else\n").unwrap();
    p.cache.clear();
    let files = p.same_as_fresh(&[], "a changed theme");
    assert!(page(&files, "404.html").unwrap().contains("Somewhere else"));
}
