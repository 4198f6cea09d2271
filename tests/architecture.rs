//! The rules of ARCHITECTURE.md, read from the sources: which module may name which, who
//! prints and exits, how long a function or a render file may grow, and that every module
//! says what it is for and is on the map.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The library's modules from the bottom up: each may name only the modules before it
/// (ARCHITECTURE.md, "Rules").
const LAYERS: &[&str] = &[
    "text",
    "hash",
    "diagnostic",
    "values",
    "incident",
    "yaml",
    "public",
    "config",
    "discover",
    "format",
    "parse",
    "schema",
    "markdown",
    "check",
    "similar",
    "compose",
    "theme",
    "stats",
    "output",
    "error",
    "reporter",
    "render",
    "site",
    "scaffold",
    "import",
    "serve",
    "lsp",
];

/// The longest a function may be, in lines, tables and matches included.
const LONGEST_FUNCTION: usize = 150;
/// The longest a file of `src/render/` may be, in lines.
const LONGEST_RENDER_FILE: usize = 700;

/// Every `.rs` file below `src/`, with its text, sorted.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, found: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path, text));
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found.sort();
    found
}

/// The path of `file` below `src/`, with `/` separators: `render/mod.rs`.
fn below_src(file: &Path) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = file.strip_prefix(&src).unwrap();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The top-level module a file belongs to (`render` for `render/cache.rs`), or None for the
/// crate roots and the commands (`lib.rs`, `main.rs`, `commands/…`).
fn module_of(file: &Path) -> Option<String> {
    let rel = below_src(file);
    let first = rel.split('/').next().unwrap().trim_end_matches(".rs");
    (!matches!(first, "lib" | "main" | "commands")).then(|| first.to_string())
}

/// The text of `source` without its comments and the contents of its string literals, so
/// that a doc comment or a message naming `crate::render` is not taken for a use of it.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                out.push('"');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                out.push('"');
            }
            '\'' => {
                // A char literal ('"', '\'') or a lifetime ('a): keep lifetimes as they are.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    chars.nth(2);
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                } else {
                    out.push('\'');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The crate's top-level names a piece of code reaches through `crate::`: `crate::render::X`
/// and `crate::{render, stats::Y}` give `render` and `stats`.
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
    }
    names
}

#[test]
fn every_module_names_only_the_modules_below_it() {
    let mut wrong = Vec::new();
    for (file, source) in sources() {
        let Some(module) = module_of(&file) else {
            continue;
        };
        let Some(level) = LAYERS.iter().position(|m| *m == module) else {
            wrong.push(format!(
                "{}: module `{module}` is not in LAYERS (tests/architecture.rs) nor in ARCHITECTURE.md's rules",
                below_src(&file)
            ));
            continue;
        };
        for name in named_modules(&code_only(&source)) {
            if name == module {
                continue;
            }
            match LAYERS.iter().position(|m| *m == name) {
                Some(used) if used < level => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` names `{name}`, which is above it",
                    below_src(&file)
                )),
                None => wrong.push(format!(
                    "{}: `{module}` names `crate::{name}`, which is not a module below it (the crate root or the commands)",
                    below_src(&file)
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows that run up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn only_main_and_the_commands_print_and_only_main_exits() {
    const PRINTING: &[&str] = &[
        "println!",
        "eprintln!",
        "print!",
        "eprint!",
        "stdout()",
        "stderr()",
    ];
    let mut wrong = Vec::new();
    for (file, source) in sources() {
        let rel = below_src(&file);
        let code = code_only(&source);
        let in_commands = rel == "main.rs" || rel.starts_with("commands/");
        for word in PRINTING
            .iter()
            .filter(|w| !in_commands && code.contains(**w))
        {
            wrong.push(format!("{rel}: `{word}` outside main.rs and src/commands/"));
        }
        if rel != "main.rs" && code.contains("process::exit") {
            wrong.push(format!("{rel}: `process::exit` outside main.rs"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `(name, first line, lines)` of every function of `source` (a `fn` line up to the line
/// that closes it at the same indentation).
fn functions(source: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = [
            "pub fn ",
            "fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p));
        if !signature || trimmed.ends_with(';') {
            continue;
        }
        let name: String = trimmed[trimmed.find("fn ").unwrap() + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let closing = format!("{indent}}}");
        let length = lines[at..]
            .iter()
            .position(|l| *l == closing)
            .map_or(1, |end| end + 1);
        found.push((name, at + 1, length));
    }
    found
}

#[test]
fn no_function_is_longer_than_the_limit() {
    let mut long = Vec::new();
    for (file, source) in sources() {
        for (name, line, length) in functions(&source) {
            if length > LONGEST_FUNCTION {
                long.push(format!(
                    "{}:{line}: `{name}` is {length} lines",
                    below_src(&file)
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {LONGEST_FUNCTION} lines (split them by their steps):\n{}",
        long.join("\n")
    );
}

#[test]
fn render_files_stay_small() {
    let mut big = Vec::new();
    for (file, source) in sources() {
        let rel = below_src(&file);
        let lines = source.lines().count();
        if rel.starts_with("render/") && lines > LONGEST_RENDER_FILE {
            big.push(format!("{rel}: {lines} lines"));
        }
    }
    assert!(
        big.is_empty(),
        "render files over {LONGEST_RENDER_FILE} lines:\n{}",
        big.join("\n")
    );
}

#[test]
fn every_module_says_what_it_is_for_and_is_on_the_map() {
    let map =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let mut wrong = Vec::new();
    for (file, source) in sources() {
        let rel = below_src(&file);
        if !source.starts_with("//! ") {
            wrong.push(format!(
                "{rel}: does not start with a `//!` line saying what it is for"
            ));
        }
        // A folder module is on the map by its folder (`native/`), a file by its name
        // (`cache.rs`), in the line of the folder that holds it.
        let shown = match rel.strip_suffix("/mod.rs") {
            Some(folder) => format!("`{}/`", folder.rsplit('/').next().unwrap()),
            None => format!("`{}`", rel.rsplit('/').next().unwrap()),
        };
        let tests = rel.ends_with("tests.rs") || rel.contains("/tests/");
        if !tests && !map.contains(&shown) {
            wrong.push(format!("{rel}: not on ARCHITECTURE.md's map (as {shown})"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_itself_finds_what_it_looks_for() {
    let code = code_only(
        "use crate::{render::X, stats};\n// crate::serve\nlet s = \"crate::import\";\nfn a<'a>(c: char) -> bool { c == '\"' || c == '\\'' }\nuse crate::output::Sink;",
    );
    let names: Vec<String> = named_modules(&code).into_iter().collect();
    assert_eq!(names, ["output", "render", "stats"]);
    let source = "fn short() {\n}\n\n    pub fn longer(a: u8) {\n        one();\n        two();\n    }\nfn declared();\n";
    assert_eq!(
        functions(source),
        [("short".to_string(), 1, 2), ("longer".to_string(), 4, 4)]
    );
}
