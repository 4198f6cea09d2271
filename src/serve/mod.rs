//! Live preview: what `incidex serve` and `incidex build --watch` are made of (watching the
//! sources, rebuilding in memory, serving, stopping on a signal); the commands put it together.

pub mod host;
pub mod http;
pub mod slots;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use notify::event::{CreateKind, RemoveKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, new_debouncer, new_debouncer_opt,
};

use crate::check::Drafts;
use crate::config::{CONFIG_FILE, Links};
use crate::diagnostic::Diagnostic;
use crate::discover::is_ignored;
use crate::error::{BuildError, Fatal};
use crate::reporter::{Notice, Progress, Reporter};
use crate::site::{BuildCache, build_site_cached};
use http::{Problem, SiteState};

/// How long the watcher holds a change, to merge it with the next ones of the same file (an
/// editor's temporary file renamed over the report) before handing it on. Part of the delay
/// between a save and the updated page; bursts are settled by [`QUIET`].
const DEBOUNCE: Duration = Duration::from_millis(50);

/// How long the files must stay quiet after a batch of changes before the rebuild starts: a
/// burst (a `git checkout`) that pauses for less is rebuilt once. A batch that is one file
/// saved is rebuilt without this wait.
const QUIET: Duration = Duration::from_millis(50);

/// How often a wait for changes looks whether a signal asked to stop.
const STOP_CHECK: Duration = Duration::from_millis(100);

/// Makes SIGINT, SIGTERM and SIGHUP ask the preview or `build --watch` to stop: the flag
/// returned is set, and the command ends at its next look (a write under way finishes first).
pub fn stop_on_signals() -> &'static AtomicBool {
    static STOP: AtomicBool = AtomicBool::new(false);
    let _ = ctrlc::set_handler(|| STOP.store(true, Ordering::SeqCst));
    &STOP
}

/// The folders and file whose changes mean a rebuild, and the output to ignore.
pub struct Watched {
    root: PathBuf,
    content: PathBuf,
    themes: PathBuf,
    config: PathBuf,
    output: Option<PathBuf>,
}

impl Watched {
    /// The sources of the site at `root`: its configuration, `content` and its themes;
    /// changes below `output` do not count.
    pub fn new(root: &Path, content: PathBuf, output: Option<PathBuf>) -> Watched {
        let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        Watched {
            root: absolute(root),
            content: absolute(&content),
            themes: absolute(&root.join("themes")),
            config: absolute(root).join(CONFIG_FILE),
            output: output.map(|o| absolute(&o)),
        }
    }

    /// Whether a change at `path` can change the site.
    fn matters(&self, path: &Path) -> bool {
        if let Some(output) = &self.output
            && path.starts_with(output)
        {
            return false;
        }
        if path == self.config {
            return true;
        }
        for dir in [&self.content, &self.themes] {
            if let Ok(rest) = path.strip_prefix(dir) {
                // Hidden files and editors' temporary files never matter.
                return !rest
                    .components()
                    .any(|c| is_ignored(&c.as_os_str().to_string_lossy()));
            }
        }
        false
    }

    fn event_matters(&self, event: &DebouncedEvent) -> bool {
        !matches!(event.kind, EventKind::Access(_)) && event.paths.iter().any(|p| self.matters(p))
    }
}

/// A watcher of the site's sources that sends batches of changes; polling when the system's
/// watcher cannot be used (the inotify limit reached).
pub struct SourceWatcher {
    _watcher: Box<dyn std::any::Any>,
    events: Receiver<DebounceEventResult>,
    /// Checking every second: the changes it reports are not trusted to be all of them.
    polling: bool,
}

/// Starts watching the sources (before the first build, so that a save made while it runs is
/// not missed).
pub fn watch(watched: &Watched, reporter: &dyn Reporter) -> Result<SourceWatcher, Fatal> {
    watch_sources(watched, reporter)
        .map_err(|reason| Fatal::new(format!("cannot watch the files for changes: {reason}")))
}

fn watch_sources(watched: &Watched, reporter: &dyn Reporter) -> Result<SourceWatcher, String> {
    let targets: Vec<(PathBuf, RecursiveMode)> = [
        (watched.root.clone(), RecursiveMode::NonRecursive),
        (watched.content.clone(), RecursiveMode::Recursive),
        (watched.themes.clone(), RecursiveMode::Recursive),
    ]
    .into_iter()
    .filter(|(p, _)| p.is_dir())
    .collect();
    let (tx, rx) = channel();
    let native = new_debouncer(DEBOUNCE, None, tx.clone())
        .map_err(|e| e.to_string())
        .and_then(|mut d| {
            for (path, mode) in &targets {
                d.watch(path, *mode).map_err(|e| e.to_string())?;
            }
            Ok(d)
        });
    match native {
        Ok(debouncer) => Ok(SourceWatcher {
            _watcher: Box::new(debouncer),
            events: rx,
            polling: false,
        }),
        Err(reason) => {
            reporter.notice(Notice::Polling { reason: &reason });
            let (tx, rx) = channel();
            let config = notify::Config::default().with_poll_interval(Duration::from_secs(1));
            let mut debouncer = new_debouncer_opt::<_, notify::PollWatcher, _>(
                DEBOUNCE,
                None,
                tx,
                notify_debouncer_full::NoCache,
                config,
            )
            .map_err(|e| e.to_string())?;
            for (path, mode) in &targets {
                debouncer.watch(path, *mode).map_err(|e| e.to_string())?;
            }
            Ok(SourceWatcher {
                _watcher: Box::new(debouncer),
                events: rx,
                polling: true,
            })
        }
    }
}

/// A batch of changes to the site's sources.
pub struct Change {
    /// Every path the batch touched that matters, sorted.
    pub paths: Vec<PathBuf>,
    /// The paths may not be all that changed: the watcher lost events (its queue overflowed,
    /// an error) or polls, or a folder was created or removed (what it holds is not listed).
    pub doubtful: bool,
}

impl Change {
    /// "content/a.md changed", or "12 files changed".
    pub fn describe(&self) -> String {
        describe_change(&self.paths)
    }

    /// Tells `cache` what the change makes stale: everything when the theme or the
    /// configuration changed, else the reports that changed.
    pub fn forget_stale(&self, cache: &mut BuildCache, watched: &Watched) {
        if self.paths.iter().any(|p| !p.starts_with(&watched.content)) {
            // The theme or the configuration changed: every page may change.
            cache.clear();
        } else if self.doubtful {
            cache.reports.walk_next();
        } else {
            // Only these files changed: the next check looks at them alone.
            cache.reports.only_changed(
                self.paths
                    .iter()
                    .filter_map(|p| p.strip_prefix(&watched.content).ok())
                    .map(Path::to_path_buf),
            );
        }
    }
}

/// Blocks until a batch of changes that matter arrives and returns it; None once `stop` is set
/// (or the watcher is gone). Watcher errors are reported, never fatal, and make the next batch
/// doubtful.
pub fn next_change(
    watcher: &SourceWatcher,
    watched: &Watched,
    reporter: &dyn Reporter,
    stop: &AtomicBool,
) -> Option<Change> {
    let mut doubtful = watcher.polling;
    loop {
        let mut batch = Gathered {
            paths: Vec::new(),
            rescan: false,
            doubtful,
        };
        match next_batch(watcher, stop)? {
            Ok(events) => batch.take(events, watched),
            Err(errors) => {
                for error in errors {
                    reporter.notice(Notice::WatcherError(&error.to_string()));
                }
                doubtful = true;
                continue;
            }
        }
        // A burst (a `git checkout`, a slow editor) may arrive in several batches: collect
        // until the files have been quiet for a moment, then rebuild once. One file saved (the
        // writer's usual change) is rebuilt at once: the debouncer has merged its events.
        while !batch.one_file_saved()
            && let Ok(more) = watcher.events.recv_timeout(QUIET)
        {
            match more {
                Ok(events) => batch.take(events, watched),
                Err(_) => batch.doubtful = true,
            }
        }
        doubtful = batch.doubtful;
        let Gathered {
            mut paths, rescan, ..
        } = batch;
        if !paths.is_empty() || rescan {
            paths.sort();
            paths.dedup();
            return Some(Change { paths, doubtful });
        }
    }
}

/// The changes gathered from the watcher's batches, until the rebuild.
struct Gathered {
    paths: Vec<PathBuf>,
    /// The watcher lost events: the content folder must be walked again.
    rescan: bool,
    doubtful: bool,
}

impl Gathered {
    /// Adds the paths of `events` that matter.
    fn take(&mut self, events: Vec<DebouncedEvent>, watched: &Watched) {
        for event in &events {
            if event.need_rescan() {
                self.rescan = true;
                self.doubtful = true;
                continue;
            }
            if !watched.event_matters(event) {
                continue;
            }
            if matches!(
                event.kind,
                EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder)
            ) {
                self.doubtful = true;
            }
            let paths = event.paths.iter().filter(|p| watched.matters(p)).cloned();
            self.paths.extend(paths);
        }
    }

    /// Whether the changes are one file saved: a single path that still exists (besides
    /// temporary files gone by now), and nothing the watcher may have missed.
    fn one_file_saved(&self) -> bool {
        if self.doubtful || self.rescan {
            return false;
        }
        let mut existing = self.paths.iter().filter(|p| p.exists());
        match existing.next() {
            Some(first) => existing.all(|p| p == first),
            None => false,
        }
    }
}

/// Waits for the watcher's next batch; None once `stop` is set or the watcher is gone.
fn next_batch(watcher: &SourceWatcher, stop: &AtomicBool) -> Option<DebounceEventResult> {
    loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        match watcher.events.recv_timeout(STOP_CHECK) {
            Ok(batch) => return Some(batch),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// "content/a.md changed", or "12 files changed" (temporary files of an editor's save, gone
/// by now, are not counted).
fn describe_change(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        // The watcher lost track of some changes (its queue overflowed).
        return "files changed, too many to follow one by one".to_string();
    }
    let existing: Vec<&PathBuf> = paths.iter().filter(|p| p.exists()).collect();
    match existing.as_slice() {
        [] => "a file was removed".to_string(),
        [one] => format!("{} changed", crate::check::display_path(one).display()),
        many => format!("{} files changed", many.len()),
    }
}

fn problems_of(diagnostics: &[Diagnostic]) -> Vec<Problem> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| Problem {
            severity: d.severity.as_str().into(),
            code: d.code.as_str().into(),
            file: d.location.file.display().to_string(),
            line: d.location.line,
            column: d.location.column,
            message: d.message.clone(),
        })
        .collect()
}

fn failure_problems(failure: &BuildError) -> Vec<Problem> {
    match failure {
        BuildError::Site(e) => problems_of(&e.diagnostics),
        BuildError::Fatal(e) | BuildError::Interrupted(Some(e)) => vec![Problem {
            severity: "error".into(),
            code: "build".into(),
            file: String::new(),
            line: 0,
            column: 0,
            message: e.message.clone(),
        }],
        BuildError::Reports | BuildError::Interrupted(None) => Vec::new(),
    }
}

/// What the preview rebuilds: the site at `root`, drafts or not, for pages served at `url`.
pub struct Preview<'a> {
    pub root: &'a Path,
    pub drafts: bool,
    pub url: &'a str,
}

impl Preview<'_> {
    /// One rebuild: reports what happened, returns the new state to show (the files of the
    /// previous state are kept when the build failed).
    pub fn rebuild(
        &self,
        previous: &SiteState,
        cache: &mut BuildCache,
        started: Instant,
        reporter: &dyn Reporter,
    ) -> SiteState {
        let drafts = if self.drafts {
            Drafts::Softened
        } else {
            Drafts::Excluded
        };
        let generation = previous.generation + 1;
        let kept = |problems| SiteState {
            generation,
            files: previous.files.clone(),
            problems,
        };
        let mut built =
            match build_site_cached(self.root, Some(self.url), drafts, false, Some(cache)) {
                Ok(built) => built,
                Err(failure) => {
                    reporter.failure(&failure);
                    reporter.progress(Progress::PreviewKept);
                    return kept(failure_problems(&failure));
                }
            };
        reporter.diagnostics(&built.diagnostics, built.sources());
        // The preview is served: folder links work there, whatever `links` says. The theme is
        // kept below for the configuration as read.
        let links = std::mem::replace(&mut built.config.links, Links::Pretty);
        let state = match built.render_in_memory(Some(&mut cache.pages)) {
            Ok(files) => {
                reporter.progress(Progress::PreviewReady {
                    reports: built.reports,
                    took: started.elapsed(),
                });
                let files = Arc::new(files.into_iter().map(|f| (f.path, f.bytes)).collect());
                SiteState {
                    generation,
                    files,
                    problems: Vec::new(),
                }
            }
            Err(failure) => {
                let mut problems = problems_of(&built.diagnostics);
                problems.extend(failure_problems(&failure));
                reporter.failure(&failure);
                reporter.progress(Progress::PreviewKept);
                kept(problems)
            }
        };
        built.config.links = links;
        cache.keep_theme(built);
        state
    }
}

/// Listens on `bind`:`port`; the address it got (the port chosen when `port` is 0).
pub fn listen(bind: &str, port: u16) -> Result<(TcpListener, SocketAddr), Fatal> {
    let listener = TcpListener::bind((bind, port)).map_err(|e| {
        Fatal::with_help(
            format!("cannot listen on {bind}:{port}: {e}"),
            "choose another port with `--port`, or `--port 0` for any free one",
        )
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| Fatal::new(format!("cannot listen: {e}")))?;
    Ok((listener, address))
}

/// Opens `url` in the system's browser.
pub fn open_browser(url: &str, reporter: &dyn Reporter) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        reporter.notice(Notice::NoBrowser { url });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A save is rebuilt without waiting for quiet; a burst of several files, or changes the
    /// watcher may have missed, wait for it.
    #[test]
    fn one_file_saved_is_rebuilt_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
        std::fs::write(&a, "x").unwrap();
        std::fs::write(&b, "x").unwrap();
        let gone = dir.path().join("a.md.tmp");
        let batch = |paths: &[&PathBuf], doubtful: bool| Gathered {
            paths: paths.iter().map(|p| p.to_path_buf()).collect(),
            rescan: false,
            doubtful,
        };
        assert!(batch(&[&a], false).one_file_saved());
        assert!(
            batch(&[&gone, &a, &a], false).one_file_saved(),
            "an editor's save"
        );
        assert!(!batch(&[&a, &b], false).one_file_saved(), "two files");
        assert!(
            !batch(&[&a], true).one_file_saved(),
            "events may be missing"
        );
        assert!(!batch(&[&gone], false).one_file_saved(), "a file removed");
        assert!(!batch(&[], false).one_file_saved());
    }

    #[test]
    fn only_changes_to_sources_matter() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let watched = Watched::new(root, root.join("content"), Some(root.join("public")));
        let root = &watched.root;
        assert!(watched.matters(&root.join("content/a.md")));
        assert!(watched.matters(&root.join("content/2024/img/graph.png")));
        assert!(watched.matters(&root.join("incidex.yaml")));
        assert!(watched.matters(&root.join("themes/mine/templates/base.html")));
        for ignored in [
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "content/.#a.md",
            "content/a.md.tmp",
            "content/.git/index",
            "public/index.html",
            "notes.txt",
            "target/debug/x",
        ] {
            assert!(!watched.matters(&root.join(ignored)), "{ignored}");
        }
    }
}
