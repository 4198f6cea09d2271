//! `incidex new`: a report from the team's template, ready to fill in; prints its path.

use incidex::check::display_path;
use incidex::scaffold::{NewOptions, new_report};

use super::{CommandError, Outcome};

/// Writes the report and prints its path on stdout, and what to do next on stderr.
pub fn run(opts: &NewOptions) -> Result<Outcome, CommandError> {
    let path = new_report(opts)?;
    let shown = display_path(&path);
    say!("{}", shown.display());
    tell!(
        "note: fill in every `[…]` placeholder, then run `incidex check {}`",
        shown.display()
    );
    Ok(Outcome::Done)
}
