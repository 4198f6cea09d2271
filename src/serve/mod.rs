//! Live preview: `incidex serve` and `incidex build --watch` rebuild on every save.

pub mod host;
pub mod http;
pub mod slots;

use std::net::TcpListener;
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
use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::discover::is_ignored;
use crate::{
    BuildCache, BuildFailure, BuildOptions, Built, build_site, build_site_cached, exit,
    print_failure, write_built,
};
use http::{Problem, Shared, SiteState};

/// How long the watcher holds a change, to merge it with the next ones of the same file (an
/// editor's temporary file renamed over the report) before handing it on. Part of the delay
/// between a save and the updated page; bursts are settled by [`QUIET`].
const DEBOUNCE: Duration = Duration::from_millis(50);

/// How long the files must stay quiet after a batch of changes before the rebuild starts: a
/// burst (a `git checkout`) that pauses for less is rebuilt once.
const QUIET: Duration = Duration::from_millis(50);

/// Options of `incidex serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: String,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
    pub color: bool,
}

/// The folders and file whose changes mean a rebuild, and the output to ignore.
struct Watched {
    root: PathBuf,
    content: PathBuf,
    themes: PathBuf,
    config: PathBuf,
    output: Option<PathBuf>,
}

impl Watched {
    fn new(root: &Path, content: PathBuf, output: Option<PathBuf>) -> Watched {
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
struct SourceWatcher {
    _watcher: Box<dyn std::any::Any>,
    events: Receiver<DebounceEventResult>,
    /// Checking every second: the changes it reports are not trusted to be all of them.
    polling: bool,
}

fn watch(watched: &Watched) -> Result<SourceWatcher, String> {
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
            tell!(
                "warning: cannot watch the files for changes ({reason}); checking them every second instead\n  = help: on Linux, raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288`"
            );
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

/// [`watch`], or a message saying why not.
fn watch_or_say(watched: &Watched, color: bool) -> Option<SourceWatcher> {
    match watch(watched) {
        Ok(watcher) => Some(watcher),
        Err(reason) => {
            crate::fatal_message(
                &format!("cannot watch the files for changes: {reason}"),
                None,
                color,
            );
            None
        }
    }
}

/// A batch of changes to the site's sources.
struct Change {
    /// Every path the batch touched that matters, sorted.
    paths: Vec<PathBuf>,
    /// The paths may not be all that changed: the watcher lost events (its queue overflowed,
    /// an error) or polls, or a folder was created or removed (what it holds is not listed).
    doubtful: bool,
}

/// Blocks until a batch of changes that matter arrives and returns it; watcher errors are
/// printed, never fatal, and make the next batch doubtful.
fn next_change(watcher: &SourceWatcher, watched: &Watched) -> Option<Change> {
    let mut doubtful = watcher.polling;
    loop {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut rescan = false;
        let mut take = |events: Vec<DebouncedEvent>, doubtful: &mut bool| {
            for event in &events {
                if event.need_rescan() {
                    rescan = true;
                    *doubtful = true;
                    continue;
                }
                if !watched.event_matters(event) {
                    continue;
                }
                if matches!(
                    event.kind,
                    EventKind::Create(CreateKind::Folder) | EventKind::Remove(RemoveKind::Folder)
                ) {
                    *doubtful = true;
                }
                paths.extend(event.paths.iter().filter(|p| watched.matters(p)).cloned());
            }
        };
        match watcher.events.recv() {
            Ok(Ok(events)) => take(events, &mut doubtful),
            Ok(Err(errors)) => {
                for error in errors {
                    tell!("warning: file watcher: {error}");
                }
                doubtful = true;
                continue;
            }
            Err(_) => return None,
        }
        // A burst (a `git checkout`, a slow editor) may arrive in several batches: collect
        // until the files have been quiet for a moment, then rebuild once.
        while let Ok(batch) = watcher.events.recv_timeout(QUIET) {
            match batch {
                Ok(events) => take(events, &mut doubtful),
                Err(_) => doubtful = true,
            }
        }
        if !paths.is_empty() || rescan {
            paths.sort();
            paths.dedup();
            return Some(Change { paths, doubtful });
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

fn failure_problems(failure: &BuildFailure) -> Vec<Problem> {
    match failure {
        BuildFailure::Fatal {
            diagnostics,
            message,
        } => {
            let mut problems = problems_of(diagnostics);
            if let Some((message, _)) = message {
                problems.push(Problem {
                    severity: "error".into(),
                    code: "build".into(),
                    file: String::new(),
                    line: 0,
                    column: 0,
                    message: message.clone(),
                });
            }
            problems
        }
        BuildFailure::Reports => Vec::new(),
    }
}

/// One rebuild for the preview: prints what happened, returns the new state to show (the
/// files of the previous state are kept when the build failed).
fn rebuild(
    opts: &ServeOptions,
    base_url: &str,
    previous: &SiteState,
    cache: &mut BuildCache,
    started: Instant,
) -> SiteState {
    let drafts = if opts.drafts {
        Drafts::Softened
    } else {
        Drafts::Excluded
    };
    let generation = previous.generation + 1;
    let mut built = match build_site_cached(&opts.root, Some(base_url), drafts, false, Some(cache))
    {
        Ok(built) => built,
        Err(failure) => {
            print_failure(&failure, opts.color);
            tell!("the preview keeps showing the last good build");
            return SiteState {
                generation,
                files: previous.files.clone(),
                problems: failure_problems(&failure),
            };
        }
    };
    built.print_diagnostics(&mut std::io::stderr().lock(), opts.color);
    let state = match built.render_in_memory(Some(&mut cache.pages)) {
        Ok(files) => {
            say!(
                "{} ready in {} ms",
                crate::plural(built.reports, "report"),
                started.elapsed().as_millis()
            );
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
            print_failure(&failure, opts.color);
            tell!("the preview keeps showing the last good build");
            SiteState {
                generation,
                files: previous.files.clone(),
                problems,
            }
        }
    };
    cache.keep_theme(built);
    state
}

/// `incidex serve`: builds in memory, serves on loopback, rebuilds and reloads on every save.
pub fn run_serve(opts: &ServeOptions) -> i32 {
    let config = match crate::load_site(&opts.root) {
        Ok(config) => config,
        Err(diagnostics) => {
            crate::print_fatal(&diagnostics, crate::diagnostic::Format::Human, opts.color);
            return exit::FAILURE;
        }
    };
    // Ctrl-C: nothing is written to disk while serving, so stopping at once loses nothing.
    let _ = ctrlc::set_handler(|| std::process::exit(0));
    let listener = match TcpListener::bind((opts.bind.as_str(), opts.port)) {
        Ok(listener) => listener,
        Err(e) => {
            crate::fatal_message(
                &format!("cannot listen on {}:{}: {e}", opts.bind, opts.port),
                Some("choose another port with `--port`, or `--port 0` for any free one"),
                opts.color,
            );
            return exit::FAILURE;
        }
    };
    let address = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            crate::fatal_message(&format!("cannot listen: {e}"), None, opts.color);
            return exit::FAILURE;
        }
    };
    let url = format!("http://{address}/");
    say!("Serving the archive at {url} (Ctrl-C to stop)");
    let hosts = host::Hosts::listening_on(address.ip(), &opts.bind);
    if hosts == host::Hosts::Any {
        tell!(
            "warning: the preview is reachable from the network at {address}: anyone who can reach this address can read the archive, drafts included, under any host name\n  = help: leave out `--bind` to keep it on this machine"
        );
    }

    // Watching starts before the first build: a save made while it runs is not missed.
    let watched = Watched::new(&opts.root, config.content_path(), None);
    let Some(watcher) = watch_or_say(&watched, opts.color) else {
        return exit::FAILURE;
    };
    let shared = Arc::new(Shared::default());
    let mut cache = BuildCache::default();
    let state = rebuild(
        opts,
        &url,
        &SiteState::default(),
        &mut cache,
        Instant::now(),
    );
    shared.publish(state);
    {
        let shared = shared.clone();
        std::thread::spawn(move || http::run(listener, shared, hosts, slots::Limits::default()));
    }
    if opts.open {
        open_browser(&url);
    }

    while let Some(change) = next_change(&watcher, &watched) {
        let started = Instant::now();
        tell!("{}: rebuilding", describe_change(&change.paths));
        if change
            .paths
            .iter()
            .any(|p| !p.starts_with(&watched.content))
        {
            // The theme or the configuration changed: every page may change.
            cache.clear();
        } else if change.doubtful {
            cache.reports.walk_next();
        } else {
            // Only these files changed: the next check looks at them alone.
            cache.reports.only_changed(
                change
                    .paths
                    .iter()
                    .filter_map(|p| p.strip_prefix(&watched.content).ok())
                    .map(Path::to_path_buf),
            );
        }
        let state = rebuild(opts, &url, &shared.current(), &mut cache, started);
        shared.publish(state);
    }
    exit::OK
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        tell!("warning: cannot open a browser; open {url} yourself");
    }
}

/// `incidex build --watch`: builds, then rebuilds into the output folder on every save.
pub fn run_build_watch(opts: &BuildOptions) -> i32 {
    static WRITING: AtomicBool = AtomicBool::new(false);
    static STOP: AtomicBool = AtomicBool::new(false);
    // Ctrl-C between builds stops at once; during a write, right after it, so that no file is
    // left half-written.
    let _ = ctrlc::set_handler(|| {
        if WRITING.load(Ordering::SeqCst) {
            STOP.store(true, Ordering::SeqCst);
        } else {
            std::process::exit(0);
        }
    });
    let config = match crate::load_site(&opts.root) {
        Ok(config) => config,
        Err(diagnostics) => {
            crate::print_fatal(&diagnostics, crate::diagnostic::Format::Human, opts.color);
            return exit::FAILURE;
        }
    };
    let output = match opts
        .output
        .clone()
        .map_or_else(|| config.configured_output(), Ok)
    {
        Ok(output) => output,
        Err((message, help)) => {
            crate::fatal_message(&message, Some(help), opts.color);
            return exit::FAILURE;
        }
    };
    let build_once = |started: Instant| {
        let drafts = if opts.drafts {
            Drafts::Included
        } else {
            Drafts::Excluded
        };
        match build_site(&opts.root, opts.base_url.as_deref(), drafts, opts.strict) {
            Ok(mut built) => {
                if opts.public {
                    built.make_public();
                }
                write(&mut built, &output, opts, started, &WRITING)
            }
            Err(failure) => print_failure(&failure, opts.color),
        }
        if STOP.load(Ordering::SeqCst) {
            std::process::exit(0);
        }
    };
    // Watching starts before the first build: a save made while it runs is not missed.
    let watched = Watched::new(&opts.root, config.content_path(), Some(output.clone()));
    let Some(watcher) = watch_or_say(&watched, opts.color) else {
        return exit::FAILURE;
    };
    build_once(Instant::now());
    tell!("watching for changes (Ctrl-C to stop)");
    while let Some(change) = next_change(&watcher, &watched) {
        let started = Instant::now();
        tell!("{}: rebuilding", describe_change(&change.paths));
        build_once(started);
    }
    exit::OK
}

fn write(
    built: &mut Built,
    output: &Path,
    opts: &BuildOptions,
    started: Instant,
    writing: &AtomicBool,
) {
    built.print_diagnostics(&mut std::io::stderr().lock(), opts.color);
    writing.store(true, Ordering::SeqCst);
    let line = write_built(built, output, opts.force, opts.color);
    writing.store(false, Ordering::SeqCst);
    match line {
        Some(line) => say!("{line} in {} ms", started.elapsed().as_millis()),
        None => tell!("the output folder keeps the last good build"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
