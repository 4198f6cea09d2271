//! `incidex init`: starts an archive (settings, an example report, Netlify and CI files) and
//! says what each file is for.

use std::path::Path;

use incidex::scaffold::{InitOptions, shown_dir, start_archive};

use super::{CommandError, Outcome};

/// Writes the files of a new archive and lists them on stdout, then the next steps.
pub fn run(opts: &InitOptions) -> Result<Outcome, CommandError> {
    let files = start_archive(&opts.dir, opts.language)?;
    let shown = shown_dir(&opts.dir);
    say!(
        "Started an incident archive in {} (language: {}):",
        shown.display(),
        opts.language.code()
    );
    let width = files.iter().map(|(p, _, _)| p.len()).max().unwrap_or(0);
    for (relative, _, what) in &files {
        say!("  {relative:width$}  {what}");
    }
    let cd = if shown == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", shown.display())
    };
    say!(
        "Next: {cd}incidex new --title \"…\" to write a report, incidex check, incidex serve to preview, incidex build to publish."
    );
    Ok(Outcome::Done)
}
