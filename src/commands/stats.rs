//! `incidex stats`: the archive's statistics in the terminal, as aligned tables in the site's
//! language; `--json` prints exactly the bytes of the built `/stats.json`.

use std::io::Write;
use std::path::PathBuf;

use incidex::check::Drafts;
use incidex::diagnostic::summary_line;
use incidex::error::Fatal;
use incidex::format::Formatter;
use incidex::incident::Incident;
use incidex::{build_site, render, stats};

use super::{CommandError, Outcome, build_ended};

/// Options of `incidex stats`.
#[derive(Debug, Clone)]
pub struct StatsOptions {
    pub root: PathBuf,
    /// Print `stats.json` instead of tables.
    pub json: bool,
    /// Count the drafts too, as `build --drafts` does.
    pub drafts: bool,
    /// Colour the diagnostics printed on stderr.
    pub color: bool,
}

/// Prints the statistics on stdout. Reports with errors are printed on stderr like `build`
/// prints them, and nothing is computed.
pub fn run(opts: &StatsOptions) -> Result<Outcome, CommandError> {
    let drafts = if opts.drafts {
        Drafts::Included
    } else {
        Drafts::Excluded
    };
    let built = match build_site(&opts.root, None, drafts, false) {
        Ok(built) => built,
        Err(e) => return build_ended(e),
    };
    if built.failed {
        let _ = built.write_diagnostics(&mut std::io::stderr().lock(), opts.color);
        let warnings = built.diagnostics.len() - built.errors();
        tell!(
            "{}; no statistics computed",
            summary_line(built.checked, built.errors(), warnings)
        );
        return Ok(Outcome::ReportsNeedFixing);
    }
    let incidents: Vec<&Incident> = built.incidents().collect();
    let inputs = render::Inputs {
        config: &built.config,
        base_url: built.base_url.clone(),
        intro: None,
        assets: &[],
        report_slugs: Default::default(),
    };
    let (stats, json) = render::site_stats(built.theme(), &inputs, &incidents);
    let text = if opts.json {
        json
    } else {
        let fmt = Formatter::new(built.config.language, built.config.timezone);
        let label = |path: &[&str]| built.theme().label(path);
        stats::tables::text(&stats, &fmt, &label).into_bytes()
    };
    match std::io::stdout().lock().write_all(&text) {
        Ok(()) => Ok(Outcome::Done),
        // A closed pipe (`incidex stats | head`) is not a failure of the reports.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Done),
        Err(e) => Err(Fatal::new(format!("cannot write the statistics: {e}")).into()),
    }
}
