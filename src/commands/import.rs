//! `incidex import FILE`: splits the team's incident log into one report per incident and says
//! what became of each block.

use std::io::Write;
use std::path::PathBuf;

use incidex::check::display_path;
use incidex::diagnostic::{Format, render_all};
use incidex::import::{Imported, Outcome as Block, import};
use incidex::text::plural;

use super::{CommandError, Outcome};

/// Options of `incidex import`.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site root.
    pub root: PathBuf,
    /// The document holding the incidents.
    pub file: PathBuf,
    pub color: bool,
}

/// Imports the document, then prints on stdout the blocks' problems, one line per block, the
/// statistics that disagree and a summary.
pub fn run(opts: &ImportOptions) -> Result<Outcome, CommandError> {
    let imported = import(&opts.root, &opts.file)?;
    let mut out = std::io::stdout().lock();
    let _ = render_all(
        &mut out,
        &imported.diagnostics,
        Format::Human,
        &imported.sources(),
        opts.color,
    );
    let document = imported.document.display();
    for (line, block) in &imported.outcomes {
        let _ = writeln!(out, "{document}:{line}: {}", what_became(block));
    }
    if let Some(stopped) = imported.stopped {
        return Err(stopped.into());
    }
    if imported.outcomes.is_empty() {
        let _ = writeln!(
            out,
            "no incident found in {document}: an incident starts with a heading `## Incident 2025-01-15 14:30`, in the text or in a ```markdown block",
        );
    }
    statistics(&mut out, &imported);
    let _ = writeln!(out, "{}", summary(&imported.outcomes));
    Ok(if imported.needs_fixing() {
        Outcome::ReportsNeedFixing
    } else {
        Outcome::Done
    })
}

/// What became of a block, after its place in the document.
fn what_became(block: &Block) -> String {
    match block {
        Block::Template { date } => {
            format!("skipped: the template (its date is still the placeholder `{date}`)")
        }
        Block::Invalid { errors } => format!(
            "not imported: {} (above); fix the document and import it again",
            plural(*errors, "error")
        ),
        Block::Imported { path } => format!("imported as {}", display_path(path).display()),
        Block::AlreadyImported { path } => {
            format!("already imported as {}", display_path(path).display())
        }
        Block::AlreadyInArchive { path } => format!(
            "already in the archive as {} (same start and type), not imported again",
            display_path(path).display()
        ),
        Block::Conflict { path, reason } => format!(
            "not imported: {} {reason} (left as it is)",
            display_path(path).display()
        ),
    }
}

/// The document's statistics lines that disagree with its incidents, as one warning.
fn statistics(out: &mut dyn Write, imported: &Imported) {
    if imported.statistics.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "warning: the document's statistics do not match its incidents imported (by this run or an earlier one)"
    );
    for (no, problem) in &imported.statistics {
        let _ = writeln!(out, " --> {}:{no}: {problem}", imported.document.display());
    }
    let _ = writeln!(
        out,
        "  = help: the archive's statistics page computes these figures from the reports; update or drop the document's block"
    );
}

/// `3 incident blocks: 1 imported, 1 already imported, 1 skipped (1 template)`.
fn summary(outcomes: &[(usize, Block)]) -> String {
    let count = |f: fn(&Block) -> bool| outcomes.iter().filter(|(_, o)| f(o)).count();
    let imported = count(|o| matches!(o, Block::Imported { .. }));
    let already = count(|o| {
        matches!(
            o,
            Block::AlreadyImported { .. } | Block::AlreadyInArchive { .. }
        )
    });
    let template = count(|o| matches!(o, Block::Template { .. }));
    let invalid = count(|o| matches!(o, Block::Invalid { .. }));
    let conflict = count(|o| matches!(o, Block::Conflict { .. }));
    let mut reasons = Vec::new();
    if template > 0 {
        reasons.push(plural(template, "template"));
    }
    if invalid > 0 {
        reasons.push(format!("{invalid} with errors"));
    }
    if conflict > 0 {
        reasons.push(plural(conflict, "conflict"));
    }
    let skipped = template + invalid + conflict;
    let mut line = format!(
        "{}: {imported} imported, {already} already imported, {skipped} skipped",
        plural(outcomes.len(), "incident block")
    );
    if !reasons.is_empty() {
        line.push_str(&format!(" ({})", reasons.join(", ")));
    }
    line
}
