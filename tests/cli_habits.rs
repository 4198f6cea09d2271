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
