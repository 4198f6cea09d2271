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
pub mod output;
pub mod parse;
pub mod render;
pub mod stats;
pub mod text;
pub mod theme;
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

/// Options of `incidex build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub output: Option<PathBuf>,
    /// Overrides every other source of the base URL.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    pub color: bool,
}

/// The site's absolute URL, first found wins: `--base-url`; on Netlify (`NETLIFY=true`) `URL` in
/// production, else `DEPLOY_PRIME_URL`; `base_url` in incidex.yaml. Always ends with `/`.
pub fn resolve_base_url(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    config: Option<&str>,
) -> Option<String> {
    let netlify = if env("NETLIFY").as_deref() == Some("true") {
        if env("CONTEXT").as_deref() == Some("production") {
            env("URL")
        } else {
            env("DEPLOY_PRIME_URL").or_else(|| env("URL"))
        }
    } else {
        None
    };
    let url = flag
        .map(str::to_string)
        .or(netlify)
        .or_else(|| config.map(str::to_string))?;
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

fn fatal_message(message: &str, help: Option<&str>, color: bool) {
    let (red, bold, reset) = if color {
        ("\x1b[1;31m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    eprintln!("{red}error{reset}{bold}: {message}{reset}");
    if let Some(help) = help {
        eprintln!("  = help: {help}");
    }
}

/// `incidex build`: validates like `check`, then writes the whole site, or nothing at all.
/// Returns the exit code.
pub fn run_build(opts: &BuildOptions) -> i32 {
    let started = std::time::Instant::now();
    let config = match load_site(&opts.root) {
        Ok(config) => config,
        Err(diagnostics) => {
            print_fatal(&diagnostics, Format::Human, opts.color);
            return exit::FAILURE;
        }
    };
    if let Some(flag) = &opts.base_url
        && !(flag.starts_with("https://") || flag.starts_with("http://"))
    {
        fatal_message(
            &format!("`--base-url {flag}` is not an absolute http(s) URL"),
            Some("write the full address, e.g. `--base-url https://incidents.example.org/`"),
            opts.color,
        );
        return exit::FAILURE;
    }
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let base_url = resolve_base_url(opts.base_url.as_deref(), &env, config.base_url.as_deref());
    let theme = match theme::Theme::load(&config) {
        Ok(theme) => theme,
        Err(e) => {
            fatal_message(
                &format!("{}: {}", e.file.display(), e.message),
                None,
                opts.color,
            );
            return exit::FAILURE;
        }
    };

    let drafts = if opts.drafts {
        Drafts::Included
    } else {
        Drafts::Excluded
    };
    let checked = check_site(&config, drafts, None);
    let texts = texts_of(&checked);
    let _ = render_all(
        &mut std::io::stderr().lock(),
        &checked.diagnostics,
        Format::Human,
        &texts,
        opts.color,
    );
    if checked.errors() > 0 || (opts.strict && checked.warnings() > 0) {
        eprintln!(
            "{}; nothing was written",
            summary_line(checked.reports.len(), checked.errors(), checked.warnings())
        );
        return exit::REPORTS;
    }

    let output = opts.output.clone().unwrap_or_else(|| config.output_path());
    if let Err(e) = output::guard(&output, &config) {
        fatal_message(&e.message, e.help.as_deref(), opts.color);
        return exit::FAILURE;
    }
    if base_url.is_none() {
        eprintln!(
            "warning: no base URL: canonical links, feeds and the sitemap are left out\n  = help: set `base_url` in {CONFIG_FILE} or pass `--base-url https://…`"
        );
    }
    let intro = checked
        .content
        .intro
        .as_ref()
        .and_then(|p| std::fs::read(config.content_path().join(p)).ok())
        .and_then(|bytes| parse::decode(&bytes).ok());
    let incidents: Vec<&incident::Incident> = checked.incidents().collect();
    let inputs = render::Inputs {
        config: &config,
        base_url,
        intro,
        assets: &checked.content.assets,
        report_slugs: incidents
            .iter()
            .map(|i| (i.source.clone(), i.slug.value.clone()))
            .collect(),
    };
    let files = match render::render_site(&theme, &inputs, &incidents) {
        Ok(files) => files,
        Err(e) => {
            fatal_message(
                &format!("cannot render {}: {}", e.page, e.message),
                None,
                opts.color,
            );
            return exit::FAILURE;
        }
    };
    let summary = match output::write_site(&output, &files) {
        Ok(summary) => summary,
        Err(e) => {
            fatal_message(
                &e.message,
                Some("the previous site was left as it was"),
                opts.color,
            );
            return exit::FAILURE;
        }
    };
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    println!(
        "{} built: {pages} pages in {} ({} files written, {} unchanged, {} removed) in {:.2} s",
        plural(incidents.len(), "report"),
        display_path(&output).display(),
        summary.written,
        summary.unchanged,
        summary.removed,
        started.elapsed().as_secs_f64()
    );
    exit::OK
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_base_url_comes_from_the_flag_then_netlify_then_the_config() {
        let netlify_prod = env_of(&[
            ("NETLIFY", "true"),
            ("CONTEXT", "production"),
            ("URL", "https://prod.example.org"),
            ("DEPLOY_PRIME_URL", "https://preview--x.netlify.app"),
        ]);
        let netlify_preview = env_of(&[
            ("NETLIFY", "true"),
            ("CONTEXT", "deploy-preview"),
            ("URL", "https://prod.example.org"),
            ("DEPLOY_PRIME_URL", "https://preview--x.netlify.app"),
        ]);
        let nothing = env_of(&[]);
        assert_eq!(
            resolve_base_url(
                Some("https://flag.example.org"),
                &netlify_prod,
                Some("https://c.example.org/")
            )
            .as_deref(),
            Some("https://flag.example.org/")
        );
        assert_eq!(
            resolve_base_url(None, &netlify_prod, Some("https://c.example.org/")).as_deref(),
            Some("https://prod.example.org/")
        );
        assert_eq!(
            resolve_base_url(None, &netlify_preview, Some("https://c.example.org/")).as_deref(),
            Some("https://preview--x.netlify.app/")
        );
        assert_eq!(
            resolve_base_url(None, &nothing, Some("https://c.example.org/sub")).as_deref(),
            Some("https://c.example.org/sub/")
        );
        assert_eq!(resolve_base_url(None, &nothing, None), None);
    }
}
