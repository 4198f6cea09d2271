//! incidex: validates Markdown incident reports and publishes them as a static archive.
//!
//! The pipeline runs in one direction: discover → parse → validate → model → render → write.
//! Each command is one function here over those stages.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod format;
pub mod incident;
pub mod markdown;
pub mod parse;
pub mod stats;
pub mod text;
pub mod values;
mod yaml;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use check::{Checked, Drafts, check_site, display_path};
use config::{CONFIG_FILE, Config};
use diagnostic::{Code, Diagnostic, Format, Location, Sources, render_all, summary_line};

/// Exit codes shared by every command (spec §8).
pub mod exit {
    /// Done; warnings may have been printed.
    pub const OK: i32 = 0;
    /// The reports need fixing.
    pub const REPORTS: i32 = 1;
    /// incidex could not do its job (usage, configuration, missing folder, write failure).
    pub const FAILURE: i32 = 2;
}

/// Options of `incidex check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    pub strict: bool,
    pub format: Format,
    pub color: bool,
}

/// Source lines for diagnostics, from the texts already read.
struct Texts(HashMap<PathBuf, String>);

impl Sources for Texts {
    fn line(&self, file: &Path, line: usize) -> Option<String> {
        let text = match self.0.get(file) {
            Some(text) => text.clone(),
            None => std::fs::read_to_string(file).ok()?,
        };
        text.split('\n')
            .nth(line.checked_sub(1)?)
            .map(|l| l.trim_end_matches('\r').to_string())
    }
}

fn texts_of(checked: &Checked) -> Texts {
    let files: std::collections::HashSet<&Path> = checked
        .diagnostics
        .iter()
        .flat_map(|d| {
            std::iter::once(d.file()).chain(d.related.iter().map(|r| r.location.file.as_path()))
        })
        .collect();
    Texts(
        checked
            .reports
            .iter()
            .filter(|r| files.contains(r.display.as_path()))
            .filter_map(|r| Some((r.display.clone(), r.text.clone()?)))
            .collect(),
    )
}

/// Loads the configuration and makes sure the content folder exists; on failure, the
/// diagnostics to print (exit 2).
pub fn load_site(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let config = Config::load(root, &display_path(&root.join(CONFIG_FILE)))?;
    let content = config.content_path();
    if !content.is_dir() {
        let shown = display_path(&content);
        return Err(vec![
            Diagnostic::new(
                Code::ContentMissing,
                Location::file(&shown),
                format!("the content folder `{}` does not exist", shown.display()),
            )
            .with_help(format!(
                "create it and write a first report from the template, e.g. `mkdir -p {}` then add `{}/2025-01-15-first-incident.md`; or set `content_dir:` in {CONFIG_FILE}",
                shown.display(),
                shown.display()
            )),
        ]);
    }
    Ok(config)
}

/// Prints diagnostics that stop a command before it starts (exit code 2).
pub fn print_fatal(diagnostics: &[Diagnostic], format: Format, color: bool) {
    let texts = Texts(HashMap::new());
    let mut err = std::io::stderr().lock();
    let _ = render_all(&mut err, diagnostics, format, &texts, color);
}

/// `incidex check`: every problem in every report, then a summary. Returns the exit code.
pub fn run_check(opts: &CheckOptions, out: &mut dyn Write) -> i32 {
    let config = match load_site(&opts.root) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_fatal(&diagnostics, opts.format, opts.color);
            return exit::FAILURE;
        }
    };
    let only = (!opts.paths.is_empty()).then_some(opts.paths.as_slice());
    let checked = check_site(&config, Drafts::Softened, only);
    let texts = texts_of(&checked);
    let _ = render_all(out, &checked.diagnostics, opts.format, &texts, opts.color);
    let summary = summary_line(checked.reports.len(), checked.errors(), checked.warnings());
    match opts.format {
        Format::Human => {
            let _ = writeln!(out, "{summary}");
        }
        _ => eprintln!("{summary}"),
    }
    if checked.errors() > 0 || (opts.strict && checked.warnings() > 0) {
        exit::REPORTS
    } else {
        exit::OK
    }
}
