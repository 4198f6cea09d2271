//! Whether what incidex prints is coloured: `--color`, else the environment and the terminal in
//! anstream's order (the one clap follows for its own help and errors); and the looks of
//! `error: …`.

use std::ffi::OsString;

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};
use clap::ValueEnum as _;

/// `error` in `error: …`: bold red, as a diagnostic's `error[E…]`.
pub const ERROR: Style = AnsiColor::Red.on_default().bold();

/// The message after `error:`: bold.
pub const BOLD: Style = Style::new().bold();

/// `--color`'s value among the raw arguments (`--color WHEN` or `--color=WHEN`, before or after
/// the command, not after `--`), read before clap parses them so that clap's help and usage
/// errors follow it too. `None` when absent or not a value clap accepts (clap then says so).
pub fn asked(args: impl IntoIterator<Item = OsString>) -> Option<clap::ColorChoice> {
    let mut args = args.into_iter();
    let mut found = None;
    while let Some(arg) = args.next() {
        let value = match arg.to_str() {
            Some("--") => break,
            Some("--color") => args.next(),
            Some(arg) => match arg.strip_prefix("--color=") {
                Some(value) => Some(OsString::from(value)),
                None => continue,
            },
            None => continue,
        };
        found = value
            .as_ref()
            .and_then(|value| value.to_str())
            .and_then(|value| clap::ColorChoice::from_str(value, false).ok());
    }
    found
}

/// Makes `choice` the choice of everything printed from now on, by clap and by incidex:
/// `always` and `never` win over the environment; `auto` leaves the decision to it.
pub fn choose(choice: clap::ColorChoice) {
    match choice {
        clap::ColorChoice::Auto => ColorChoice::Auto,
        clap::ColorChoice::Always => ColorChoice::Always,
        clap::ColorChoice::Never => ColorChoice::Never,
    }
    .write_global();
}

/// Whether stdout is coloured. Under `--color auto`, anstream's order: no colour when NO_COLOR
/// is set (not empty); colour when CLICOLOR_FORCE is (not empty); none when CLICOLOR is `0`;
/// else colour only on a terminal whose TERM is set and not `dumb` (or with CLICOLOR set, or
/// in CI).
pub fn on_stdout() -> bool {
    coloured(AutoStream::choice(&std::io::stdout()))
}

/// Whether stderr is coloured, by the same rules as [`on_stdout`].
pub fn on_stderr() -> bool {
    coloured(AutoStream::choice(&std::io::stderr()))
}

/// Whether `choice` colours; if so, a Windows console is asked to show the escape codes as
/// colours, which it does not by default (nothing to do elsewhere).
fn coloured(choice: ColorChoice) -> bool {
    let colours = choice != ColorChoice::Never;
    if colours {
        let _ = anstyle_query::windows::enable_ansi_colors();
    }
    colours
}

#[cfg(test)]
mod tests {
    use super::asked;
    use clap::ColorChoice::{Always, Auto, Never};

    fn asked_in(args: &[&str]) -> Option<clap::ColorChoice> {
        asked(args.iter().map(Into::into))
    }

    #[test]
    fn the_color_option_is_found_before_clap_parses() {
        assert_eq!(asked_in(&["check"]), None);
        assert_eq!(asked_in(&["--color", "always", "check"]), Some(Always));
        assert_eq!(asked_in(&["check", "--color=never"]), Some(Never));
        assert_eq!(
            asked_in(&["-r", "site", "build", "--color", "auto"]),
            Some(Auto)
        );
        // A value clap refuses, a missing value, a path after `--`: nothing found.
        assert_eq!(asked_in(&["--color", "sometimes"]), None);
        assert_eq!(asked_in(&["check", "--color"]), None);
        assert_eq!(asked_in(&["check", "--", "--color=always"]), None);
        // `--colour` is not `--color`.
        assert_eq!(asked_in(&["--colour=always"]), None);
    }
}
