//! `incidex completions <shell>`: the shell's completion script for incidex, generated from
//! the command line's definition, on stdout.

use clap_complete::Shell;

use super::{CommandError, Outcome, print_out};

/// Prints `shell`'s completion script for `cli`, the whole command line of incidex.
pub fn run(mut cli: clap::Command, shell: Shell) -> Result<Outcome, CommandError> {
    let name = cli.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cli, name, &mut script);
    print_out(&script)?;
    Ok(Outcome::Done)
}
