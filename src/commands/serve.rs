//! `incidex serve`: builds in memory, serves on loopback, rebuilds and reloads on every save.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use incidex::reporter::{Notice, Progress, Reporter};
use incidex::serve::host::Hosts;
use incidex::serve::http::{self, Shared, SiteState};
use incidex::serve::{self, Preview, Watched, slots};
use incidex::{BuildCache, load_site};

use super::terminal::Terminal;
use super::{CommandError, Outcome};

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

/// Serves the archive until a signal (nothing is written to disk while serving, so stopping
/// loses nothing).
pub fn run(opts: &ServeOptions) -> Result<Outcome, CommandError> {
    let config = load_site(&opts.root)?;
    let stop = serve::stop_on_signals();
    let (listener, address) = serve::listen(&opts.bind, opts.port)?;
    let url = format!("http://{address}/");
    let terminal = Terminal { color: opts.color };
    terminal.progress(Progress::Serving { url: &url });
    let hosts = Hosts::listening_on(address.ip(), &opts.bind);
    if hosts == Hosts::Any {
        terminal.notice(Notice::Reachable { address });
    }

    // Watching starts before the first build: a save made while it runs is not missed.
    let watched = Watched::new(&opts.root, config.content_path(), None);
    let watcher = serve::watch(&watched, &terminal)?;
    let shared = Arc::new(Shared::default());
    let mut cache = BuildCache::default();
    let preview = Preview {
        root: &opts.root,
        drafts: opts.drafts,
        url: &url,
    };
    let first = preview.rebuild(&SiteState::default(), &mut cache, Instant::now(), &terminal);
    shared.publish(first);
    {
        let shared = shared.clone();
        std::thread::spawn(move || http::run(listener, shared, hosts, slots::Limits::default()));
    }
    if opts.open {
        serve::open_browser(&url, &terminal);
    }
    while let Some(change) = serve::next_change(&watcher, &watched, &terminal, stop) {
        let started = Instant::now();
        terminal.progress(Progress::Rebuilding {
            change: &change.describe(),
        });
        change.forget_stale(&mut cache, &watched);
        let state = preview.rebuild(&shared.current(), &mut cache, started, &terminal);
        shared.publish(state);
    }
    Ok(Outcome::Done)
}
