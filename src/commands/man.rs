//! `incidex man`: incidex's manual page in roff, generated from the command line's definition,
//! on stdout: one page with the global options, then each command with its arguments.

use std::io::{self, Write as _};

use clap_mangen::Man;
use incidex::error::Fatal;

use super::{CommandError, Outcome, print_out};

/// Prints the manual page of `cli`, the whole command line of incidex.
pub fn run(cli: clap::Command) -> Result<Outcome, CommandError> {
    let page = page(cli).map_err(|e| Fatal::new(format!("cannot write the manual page: {e}")))?;
    print_out(&page)?;
    Ok(Outcome::Done)
}

/// The page: clap_mangen's sections of the whole command line, then a COMMANDS section with
/// each command's synopsis, description and options (instead of clap_mangen's list of
/// `incidex-check(1)` pages, which nobody has installed).
fn page(cli: clap::Command) -> io::Result<Vec<u8>> {
    let commands: Vec<clap::Command> = cli
        .get_subcommands()
        .filter(|command| !command.is_hide_set())
        .map(|command| {
            command
                .clone()
                .bin_name(format!("{} {}", cli.get_name(), command.get_name()))
                .disable_help_flag(true)
        })
        .collect();
    let man = Man::new(cli);
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    let mut fragment = Vec::new();
    man.render_name_section(&mut fragment)?;
    man.render_synopsis_section(&mut fragment)?;
    man.render_description_section(&mut fragment)?;
    man.render_options_section(&mut fragment)?;
    append(&mut page, &fragment, true);
    page.extend_from_slice(b".SH COMMANDS\n");
    for command in commands {
        writeln!(
            page,
            ".SS \"{}\"",
            command.get_bin_name().unwrap_or_default()
        )?;
        let man = Man::new(command);
        let mut fragment = Vec::new();
        man.render_synopsis_section(&mut fragment)?;
        fragment.extend_from_slice(b".PP\n");
        man.render_description_section(&mut fragment)?;
        man.render_options_section(&mut fragment)?;
        append(&mut page, &fragment, false);
    }
    let mut fragment = Vec::new();
    man.render_version_section(&mut fragment)?;
    append(&mut page, &fragment, true);
    Ok(page)
}

/// The two lines every rendering of clap_mangen starts with (roff's definition of `\*(Aq`):
/// written once, by the title.
const APOSTROPHE_PREAMBLE: [&str; 2] = [".ie \\n(.g .ds Aq \\(aq", ".el .ds Aq '"];

/// Appends a fragment clap_mangen rendered to `page`, without its preamble, and without its
/// section headings unless `headings` (a command's parts go under its own subheading).
fn append(page: &mut Vec<u8>, fragment: &[u8], headings: bool) {
    let text = String::from_utf8_lossy(fragment);
    for line in text.lines() {
        let heading = line.starts_with(".SH ");
        if APOSTROPHE_PREAMBLE.contains(&line) || (heading && !headings) {
            continue;
        }
        page.extend_from_slice(line.as_bytes());
        page.push(b'\n');
    }
}
