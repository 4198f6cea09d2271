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
    /// One year or quarter, as written on the command line.
    pub period: Option<String>,
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
    let fmt = Formatter::new(built.config.language, built.config.timezone);
    let label = |path: &[&str]| built.theme().label(path);
    let text = match &opts.period {
        Some(written) => {
            let period = stats::Period::parse(written).ok_or_else(|| {
                Fatal::with_help(
                    format!("`{written}` is not a period"),
                    "write a year (`2025`) or a quarter (`2025-Q1`)",
                )
            })?;
            let Some((json, own, view)) =
                render::period_stats(built.theme(), &inputs, &incidents, period)
            else {
                return Err(no_reports_in(period, &built, &inputs, &incidents).into());
            };
            if opts.json {
                json
            } else {
                stats::tables::period_text(&view, &own, &fmt, &label).into_bytes()
            }
        }
        None => {
            let (stats, json) = render::site_stats(built.theme(), &inputs, &incidents);
            if opts.json {
                json
            } else {
                stats::tables::text(&stats, &fmt, &label).into_bytes()
            }
        }
    };
    match std::io::stdout().lock().write_all(&text) {
        Ok(()) => Ok(Outcome::Done),
        // A closed pipe (`incidex stats | head`) is not a failure of the reports.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Done),
        Err(e) => Err(Fatal::new(format!("cannot write the statistics: {e}")).into()),
    }
}

/// The error for a period without reports, naming the periods that have some.
fn no_reports_in(
    period: stats::Period,
    built: &incidex::Built,
    inputs: &render::Inputs,
    incidents: &[&Incident],
) -> Fatal {
    let (stats, _) = render::site_stats(built.theme(), inputs, incidents);
    let keys: Vec<&str> = stats.periods.iter().map(|p| p.period.as_str()).collect();
    let help = if keys.is_empty() {
        "the archive has no report yet".to_string()
    } else {
        format!("periods with reports: {}", keys.join(", "))
    };
    Fatal::with_help(format!("no report in {}", period.key()), help)
}
