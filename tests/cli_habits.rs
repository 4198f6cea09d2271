//! The habits of command-line tools: shell completions and the man page generated from the
//! command line's definition, and `--color` over NO_COLOR, CLICOLOR_FORCE and CLICOLOR.

mod common;

use std::process::Command as Process;

use common::incidex;

/// The commands a user can run, written out by hand (a new command is added here too).
const COMMANDS: &[&str] = &[
    "check",
    "build",
    "serve",
    "init",
    "new",
    "stats",
    "import",
    "completions",
    "man",
];

fn stdout_of(args: &[&str]) -> String {
    let output = incidex().args(args).output().expect("incidex runs");
    assert!(
        output.status.success(),
        "incidex {args:?} failed: {output:?}"
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The commands `incidex --help` lists: those written above and any added since.
fn commands_in_help() -> Vec<String> {
    let help = stdout_of(&["--help"]);
    let listed: Vec<String> = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    for command in COMMANDS {
        assert!(
            listed.iter().any(|c| c == command),
            "{command} not in --help"
        );
    }
    listed
}

#[test]
fn the_bash_script_offers_every_command() {
    let script = stdout_of(&["completions", "bash"]);
    for command in commands_in_help() {
        assert!(
            script.contains(&format!("incidex,{command})")),
            "bash completion misses {command}"
        );
    }
}

#[test]
fn every_shell_gets_a_script() {
    for (shell, mark) in [
        ("bash", "complete -F _incidex"),
        ("zsh", "#compdef incidex"),
        ("fish", "complete -c incidex"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "set edit:completion:arg-completer[incidex]"),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(mark), "{shell}: no `{mark}` in\n{script}");
    }
    let output = incidex()
        .args(["completions", "tcsh"])
        .output()
        .expect("incidex runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("possible values: bash"));
}

/// Runs `script` in bash after loading incidex's completions; returns its stdout.
fn in_bash(script: &str) -> String {
    let binary = assert_cmd::cargo::cargo_bin("incidex");
    let output = Process::new("bash")
        .arg("-c")
        .arg(format!(
            "source <(\"$INCIDEX\" completions bash) || exit 9\n{script}"
        ))
        .env("INCIDEX", binary)
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "bash failed: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// What bash offers after `line` (the cursor at its end).
fn completed(line: &str) -> Vec<String> {
    let script = format!(
        "COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; read -ra COMP_WORDS <<< \"$COMP_LINE\"\n\
         [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n\
         COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))\n\
         _incidex incidex \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\""
    );
    in_bash(&script).lines().map(str::to_string).collect()
}

#[test]
fn bash_loads_the_completions_and_completes() {
    assert_eq!(
        in_bash("complete -p incidex").trim(),
        "complete -o bashdefault -o default -o nosort -F _incidex incidex"
    );
    assert_eq!(completed("incidex ch"), ["check"]);
    assert_eq!(completed("incidex co"), ["completions"]);
    assert_eq!(completed("incidex check --fo"), ["--format"]);
    assert_eq!(
        completed("incidex check --format "),
        ["human", "json", "github"]
    );
    assert_eq!(completed("incidex --color a"), ["auto", "always"]);
}

#[test]
fn the_man_page_has_a_title_and_every_command_with_its_options() {
    let page = stdout_of(&["man"]);
    assert_eq!(page.matches("\n.TH ").count(), 1, "one title:\n{page}");
    assert!(page.contains(".TH incidex 1 "));
    assert!(page.contains(".SH NAME\nincidex \\- Validate incident reports"));
    assert!(page.contains("\\fB\\-\\-root\\fR"));
    for command in commands_in_help() {
        assert!(
            page.contains(&format!(
                ".SS \"incidex {command}\"\n\\fBincidex {command}\\fR"
            )),
            "no section for {command}"
        );
    }
    let build = page
        .split(".SS \"incidex build\"")
        .nth(1)
        .and_then(|rest| rest.split(".SS ").next())
        .expect("the build section");
    assert!(build.contains("\\fB\\-\\-base\\-url\\fR \\fI<URL>\\fR"));
    // One roff preamble, at the top.
    assert_eq!(page.matches(".ds Aq").count(), 2);
}

/// A diagnostic's head in colour: `error` bold red (anstyle writes bold and red as two codes).
const RED_ERROR: &str = "\u{1b}[1m\u{1b}[31merror[E";

/// `incidex check` of reports with errors (their diagnostics go to stdout), piped, with the
/// colour variables of the environment removed and then `env` set.
fn check_invalid(args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut cmd = incidex();
    for name in ["NO_COLOR", "CLICOLOR_FORCE", "CLICOLOR", "CI"] {
        cmd.env_remove(name);
    }
    let output = cmd
        .args(["-r", "tests/fixtures/invalid"])
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("incidex runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn has_escapes((stdout, stderr): &(String, String)) -> bool {
    stdout.contains('\u{1b}') || stderr.contains('\u{1b}')
}

#[test]
fn color_always_colours_a_pipe_whatever_the_environment() {
    for env in [&[][..], &[("NO_COLOR", "1")], &[("CLICOLOR", "0")]] {
        let (stdout, _) = check_invalid(&["check", "--color", "always"], env);
        assert!(stdout.starts_with(RED_ERROR), "{env:?}: {stdout}");
        assert!(stdout.contains("\u{1b}[1m\u{1b}[34m-->\u{1b}[0m"));
    }
}

#[test]
fn color_never_wins_over_clicolor_force() {
    let shown = check_invalid(&["check", "--color=never"], &[("CLICOLOR_FORCE", "1")]);
    assert!(shown.0.starts_with("error[E"), "{}", shown.0);
    assert!(!has_escapes(&shown));
}

#[test]
fn without_the_option_the_environment_decides_in_anstreams_order() {
    // A pipe, nothing set: no colour.
    assert!(!has_escapes(&check_invalid(&["check"], &[])));
    // CLICOLOR_FORCE colours a pipe, even with CLICOLOR=0, which comes after it.
    for env in [
        &[("CLICOLOR_FORCE", "1")][..],
        &[("CLICOLOR_FORCE", "1"), ("CLICOLOR", "0")],
    ] {
        let (stdout, _) = check_invalid(&["check"], env);
        assert!(stdout.starts_with(RED_ERROR), "{env:?}: {stdout}");
    }
    // NO_COLOR comes first; empty, it is not set.
    let shown = check_invalid(&["check"], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
    assert!(!has_escapes(&shown));
    let (stdout, _) = check_invalid(&["check"], &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]);
    assert!(stdout.starts_with(RED_ERROR));
    // CLICOLOR=1 does not colour a pipe.
    assert!(!has_escapes(&check_invalid(
        &["check"],
        &[("CLICOLOR", "1")]
    )));
}

#[test]
fn the_color_option_goes_before_or_after_the_command() {
    let (before, _) = check_invalid(&["--color", "always", "check"], &[]);
    let (after, _) = check_invalid(&["check", "--color=always"], &[]);
    assert!(before.starts_with(RED_ERROR));
    assert_eq!(before, after);
    let output = incidex()
        .args(["check", "--color", "sometimes"])
        .output()
        .expect("incidex runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("[possible values: auto, always, never]"),
        "{stderr}"
    );
}

#[test]
fn errors_on_stderr_follow_the_option_too() {
    let output = incidex()
        .args([
            "-r",
            "tests/fixtures/invalid",
            "--color",
            "always",
            "import",
            "absent.md",
        ])
        .output()
        .expect("incidex runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("\u{1b}[1m\u{1b}[31merror\u{1b}[0m\u{1b}[1m: cannot read `absent.md`"),
        "{stderr}"
    );
}

/// `incidex args…` piped, with `env`; returns (stdout, stderr).
fn clap_output(args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let output = incidex()
        .env_remove("NO_COLOR")
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("incidex runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn clap_help_and_usage_errors_follow_the_same_choice() {
    let (help, _) = clap_output(&["--color", "always", "--help"], &[]);
    assert!(help.contains("\u{1b}[1mincidex\u{1b}[0m"), "{help}");
    let (help, _) = clap_output(
        &["check", "--help", "--color=never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(
        help.contains("Usage: incidex check") && !help.contains('\u{1b}'),
        "{help}"
    );
    let (help, _) = clap_output(&["--help"], &[]);
    assert!(!help.contains('\u{1b}'), "{help}");

    let (_, error) = clap_output(&["bogus", "--color=always"], &[]);
    assert!(error.starts_with("\u{1b}[1m\u{1b}[31merror:"), "{error}");
    let (_, error) = clap_output(&["--color", "never", "bogus"], &[("CLICOLOR_FORCE", "1")]);
    assert!(
        error.starts_with("error: unrecognized subcommand 'bogus'"),
        "{error}"
    );
    let (_, error) = clap_output(&["bogus"], &[("CLICOLOR_FORCE", "1")]);
    assert!(error.starts_with("\u{1b}[1m\u{1b}[31merror:"), "{error}");
}

/// On a terminal (a pseudo-terminal from util-linux's `script`), `auto` colours unless TERM is
/// `dumb`.
#[cfg(target_os = "linux")]
#[test]
fn auto_colours_a_terminal_unless_it_is_dumb() {
    let Ok(script) = which("script") else {
        eprintln!("skipped: no `script` to make a terminal");
        return;
    };
    let binary = assert_cmd::cargo::cargo_bin("incidex");
    let on_terminal = |term: &str| {
        let output = Process::new(&script)
            .args(["-qec"])
            .arg(format!(
                "'{}' -r tests/fixtures/invalid check",
                binary.display()
            ))
            .arg("/dev/null")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .env_remove("CI")
            .env("TERM", term)
            .output()
            .expect("script runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(on_terminal("xterm-256color").starts_with(RED_ERROR));
    let dumb = on_terminal("dumb");
    assert!(
        dumb.starts_with("error[E") && !dumb.contains('\u{1b}'),
        "{dumb}"
    );
}

#[cfg(target_os = "linux")]
fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::split_paths(&std::env::var_os("PATH").ok_or(())?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(())
}
