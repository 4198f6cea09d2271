//! `incidex schema config|front-matter`: prints the JSON Schema of incidex.yaml or of a
//! report's front matter, for editors (the same text as `schemas/` holds).

use std::io::Write;

use incidex::error::Fatal;
use incidex::schema::Schema;

use super::{CommandError, Outcome};

/// Prints the schema on stdout.
pub fn run(schema: Schema) -> Result<Outcome, CommandError> {
    let mut out = std::io::stdout().lock();
    match out
        .write_all(schema.text().as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => Ok(Outcome::Done),
        // `incidex schema config | head` closes the pipe: not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Outcome::Done),
        Err(e) => Err(Fatal::new(format!("cannot print the schema: {e}")).into()),
    }
}
