//! The sites the open reports belong to: their settings, and their other reports as on disk.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::check::{Drafts, Report, ReportCache, check_site_cached};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::Diagnostic;
use crate::discover::{INTRO_FILE, is_ignored, is_markdown};

/// One site: the folder holding an `incidex.yaml`, or, for a report outside any site, the
/// report's own folder with the default settings and no other report.
pub struct Site {
    pub config: Config,
    /// incidex.yaml's problems when it cannot be read (the defaults are used meanwhile).
    pub config_problems: Vec<Diagnostic>,
    /// An incidex.yaml was found: the content folder is walked for the other reports.
    pub found: bool,
    cache: ReportCache,
    /// The reports as on disk at the last reading (drafts softened, as `check` reads them).
    reports: Vec<Arc<Report>>,
    /// The service names and action owners those reports use, for completion.
    pub services: BTreeSet<String>,
    pub owners: BTreeSet<String>,
    /// When the reports were last read; None to read them before the next check (a file was
    /// saved or changed on disk).
    read_at: Option<Instant>,
    /// incidex.yaml's modification time and size when the settings were read.
    settings_stamp: Option<(SystemTime, u64)>,
}

/// How long the reports read from disk are trusted when the editor says nothing of changes
/// (a `git pull` in a terminal, an editor that does not tell): a check after that reads the
/// content folder again (only the files whose modification time changed are read).
const TRUSTED: Duration = Duration::from_secs(5);

/// incidex.yaml's modification time and size, when it can be read.
fn settings_stamp(root: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(root.join(CONFIG_FILE)).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// What a document is to its site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// A report, at this path below the content folder.
    Report(PathBuf),
    /// The introduction, a hidden file, an editor's leftover, a file outside the content
    /// folder or not Markdown: no report diagnostics.
    Other,
}

impl Site {
    fn open(root: &Path, found: bool) -> Site {
        let (config, config_problems) = if found {
            match Config::load(root, &root.join(CONFIG_FILE)) {
                Ok(config) => (config, Vec::new()),
                Err(problems) => (Config::defaults(root), problems),
            }
        } else {
            (Config::defaults(root), Vec::new())
        };
        Site {
            config,
            config_problems,
            found,
            cache: ReportCache::default(),
            reports: Vec::new(),
            services: BTreeSet::new(),
            owners: BTreeSet::new(),
            read_at: None,
            settings_stamp: if found { settings_stamp(root) } else { None },
        }
    }

    /// The content folder, absolute (the report's folder outside any site).
    pub fn content_dir(&self) -> PathBuf {
        self.config.content_path()
    }

    /// What `file` (absolute) is to this site.
    pub fn role_of(&self, file: &Path) -> Role {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !is_markdown(name) || name.eq_ignore_ascii_case(INTRO_FILE) || is_ignored(name) {
            return Role::Other;
        }
        if !self.found {
            return Role::Report(PathBuf::from(name));
        }
        let Ok(below) = file.strip_prefix(self.content_dir()) else {
            return Role::Other;
        };
        let hidden = below.components().any(|c| match c {
            Component::Normal(part) => is_ignored(&part.to_string_lossy()),
            _ => true,
        });
        if hidden {
            Role::Other
        } else {
            Role::Report(below.to_path_buf())
        }
    }

    /// The site's reports as on disk, as read at the last [`Site::refresh`].
    pub fn reports(&self) -> &[Arc<Report>] {
        &self.reports
    }

    /// Reads the site's reports again when something changed on disk since, or when they
    /// were read longer ago than [`TRUSTED`].
    pub fn refresh(&mut self) {
        if self.read_at.is_none_or(|at| at.elapsed() > TRUSTED) {
            self.read_at = Some(Instant::now());
            if self.found && self.content_dir().is_dir() {
                let checked =
                    check_site_cached(&self.config, Drafts::Softened, None, Some(&mut self.cache));
                self.reports = checked.reports;
            }
            self.collect_names();
        }
    }

    /// The services and owners the reports (and incidex.yaml's `services:`) name.
    fn collect_names(&mut self) {
        self.services = self
            .config
            .service_keys
            .values()
            .map(|key| key.written.clone())
            .collect();
        self.owners.clear();
        for incident in self
            .reports
            .iter()
            .filter_map(|r| r.parsed.incident.as_ref())
        {
            self.services
                .extend(incident.services.iter().map(|s| s.value.clone()));
            self.owners
                .extend(incident.actions.iter().filter_map(|a| a.owner.clone()));
        }
    }
}

/// Every site met so far, by root.
#[derive(Default)]
pub struct Sites {
    by_root: HashMap<PathBuf, Site>,
}

impl Sites {
    /// The site `file` (absolute) belongs to: the nearest folder above it holding an
    /// `incidex.yaml`, else the file's own folder with the defaults.
    pub fn site_of(&mut self, file: &Path) -> &mut Site {
        let found = file
            .ancestors()
            .skip(1)
            .find(|dir| dir.join(CONFIG_FILE).is_file());
        let root = found
            .or_else(|| file.parent())
            .unwrap_or(Path::new("/"))
            .to_path_buf();
        // Settings edited since they were read: the site is opened again.
        if let Some(site) = self.by_root.get(&root)
            && site.found
            && site.settings_stamp != settings_stamp(&root)
        {
            self.by_root.remove(&root);
        }
        self.by_root
            .entry(root.clone())
            .or_insert_with(|| Site::open(&root, found.is_some()))
    }

    /// A file changed on disk: its site reads its reports again before the next check, and
    /// its settings too when it is an `incidex.yaml`.
    pub fn changed_on_disk(&mut self, file: &Path) {
        if file.file_name().is_some_and(|n| n == CONFIG_FILE)
            && let Some(root) = file.parent()
        {
            self.by_root.remove(root);
            return;
        }
        for (root, site) in &mut self.by_root {
            if file.starts_with(root) {
                site.read_at = None;
            }
        }
    }
}
