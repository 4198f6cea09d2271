//! Issue 16, reproductions 3 and 4, as a user runs them: links never lead out of the site root,
//! paths in incidex.yaml stay inside it, and published files cannot run script (also in the
//! preview, which serves a build held in memory).

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, files_below, run_in};

/// A copy of `tests/fixtures/trust-reading` (one valid report, a PNG, an HTML page with the
/// script it loads, an SVG with `onload`, a YAML file) in a temporary folder; the site root is
/// `site/` inside it, so that `outside/` beside it lies outside the root.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(Path::new("tests/fixtures/trust-reading"), &root);
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "outside-secret-42\n").unwrap();
        Site {
            _dir: dir,
            root,
            outside,
        }
    }

    fn content(&self, path: &str) -> PathBuf {
        self.root.join("content").join(path)
    }

    fn add_config(&self, lines: &str) {
        let path = self.root.join("incidex.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, format!("{text}{lines}")).unwrap();
    }

    /// Runs incidex in the site root; returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        run_in(&self.root, args)
    }

    /// The published files (below `public/files/`), or none when nothing was written.
    fn published(&self) -> Vec<String> {
        let files = self.root.join("public/files");
        if !files.exists() {
            return Vec::new();
        }
        files_below(&files).into_iter().collect()
    }

    /// Whether any file written into `public/` holds `needle`.
    fn public_holds(&self, needle: &str) -> bool {
        let public = self.root.join("public");
        public.exists()
            && files_below(&public).iter().any(|f| {
                std::fs::read(public.join(f))
                    .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(needle))
            })
    }
}

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// Reproduction 3: `ln -s /proc/self/environ content/env.txt; ln -s /etc/passwd
/// content/passwd.txt; MYTOKEN=supersecret123 incidex build`.
#[cfg(target_os = "linux")]
#[test]
fn links_to_the_environment_and_passwd_are_errors_and_nothing_is_published() {
    let site = Site::new();
    link("/proc/self/environ", &site.content("env.txt"));
    link("/etc/passwd", &site.content("passwd.txt"));
    let output = common::incidex()
        .current_dir(&site.root)
        .env("MYTOKEN", "supersecret123")
        .arg("build")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "error[E033]: this symbolic link points to `/proc/self/environ`, outside the site root: it is not read\n --> content/env.txt\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "error[E033]: this symbolic link points to `/etc/passwd`, outside the site root: it is not read\n --> content/passwd.txt\n"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!site.public_holds("supersecret123"));
    assert!(!site.public_holds("root:x"));
    assert!(site.published().is_empty(), "{:?}", site.published());

    let (code, stdout, _) = site.run(&["check"]);
    assert_eq!(code, 1, "{stdout}");
    // Two errors (the links) and four warnings (the HTML, script, SVG and YAML files).
    assert!(
        stdout.ends_with("1 report checked: 2 errors, 4 warnings\n"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn a_folder_linked_from_outside_the_root_is_neither_read_nor_published() {
    let site = Site::new();
    std::fs::copy(
        site.content("2025-01-15-instance-crash.md"),
        site.outside.join("2024-01-01-stranger.md"),
    )
    .unwrap();
    link(&site.outside, &site.content("shared"));
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    let expected = format!(
        "error[E033]: this symbolic link points to `{}`, outside the site root: it is not read\n --> content/shared\n",
        site.outside.display()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    // The report behind the link is not read either: no duplicate URL name, one report.
    assert!(!stderr.contains("E027"), "{stderr}");
    assert!(!site.public_holds("outside-secret-42"));

    let (code, stdout, _) = site.run(&["check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("1 report checked: 1 error"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn the_introduction_and_the_content_folder_behind_outside_links_are_errors() {
    let site = Site::new();
    std::fs::write(
        site.outside.join("intro.md"),
        "Intro from outside-secret-42.",
    )
    .unwrap();
    link(site.outside.join("intro.md"), &site.content("_index.md"));
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(" --> content/_index.md\n"), "{stderr}");
    assert!(!site.public_holds("outside-secret-42"));

    // The content folder itself, a link out of the root.
    let site = Site::new();
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    link(&site.outside, &site.root.join("content"));
    let (code, stdout, _) = site.run(&["check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "error[E033]: the content folder points to `{}`, outside the site root: it is not read\n --> content\n",
            site.outside.display()
        )),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn links_into_hidden_folders_of_the_root_are_errors() {
    // On GitHub Actions, `.git/config` holds the checkout's token.
    let site = Site::new();
    std::fs::create_dir(site.root.join(".git")).unwrap();
    std::fs::write(
        site.root.join(".git/config"),
        "AUTHORIZATION: basic c2VjcmV0\n",
    )
    .unwrap();
    link("../.git/config", &site.content("git.txt"));
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error[E033]: this symbolic link points to `../.git/config`, a hidden file or folder of the site root: it is not read\n --> content/git.txt\n"
        ),
        "{stderr}"
    );
    assert!(!site.public_holds("c2VjcmV0"));
}

#[cfg(unix)]
#[test]
fn links_inside_the_root_keep_working() {
    let site = Site::new();
    std::fs::create_dir(site.root.join("shared")).unwrap();
    std::fs::write(site.root.join("shared/excerpt.txt"), "kept-excerpt\n").unwrap();
    link("../shared", &site.content("logs"));
    link("img/graph.png", &site.content("graph-again.png"));
    // Through a root that is itself a link: both sides are compared resolved.
    let linked_root = site.outside.join("root-link");
    link(&site.root, &linked_root);
    let (code, stdout, stderr) = run_in(&linked_root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 report built"), "{stdout}");
    let published = site.published();
    for file in ["logs/excerpt.txt", "graph-again.png", "img/graph.png"] {
        assert!(published.iter().any(|f| f == file), "{file}: {published:?}");
    }
}

/// Reproduction 3, configuration: `content_dir: "../outside"` (or an absolute path).
#[test]
fn configuration_paths_outside_the_root_are_refused() {
    let site = Site::new();
    std::fs::copy(
        site.content("2025-01-15-instance-crash.md"),
        site.outside.join("2025-01-15-instance-crash.md"),
    )
    .unwrap();
    site.add_config("content_dir: ../outside\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(
            "error[E030]: `content_dir: ../outside` leads outside the site root\n --> incidex.yaml:2:14\n"
        ),
        "{stderr}"
    );
    assert!(!site.root.join("public").exists());

    let site = Site::new();
    let absolute = site.outside.display().to_string();
    site.add_config(&format!("content_dir: {absolute}\noutput_dir: /tmp/x\n"));
    let (code, stdout, stderr) = site.run(&["check"]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains(&format!(
            "error[E030]: `content_dir: {absolute}` is an absolute path\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("error[E030]: `output_dir: /tmp/x` is an absolute path\n"),
        "{stderr}"
    );

    let site = Site::new();
    site.add_config("theme: ../../outside\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[E030]: `theme: ../../outside` leads outside the site root\n"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_configured_folder_that_is_a_link_out_of_the_root_is_refused() {
    let site = Site::new();
    link(&site.outside, &site.root.join("reports"));
    site.add_config("content_dir: reports\n");
    let (code, _, stderr) = site.run(&["check"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error[E030]: `content_dir: reports` leads outside the site root through a symbolic link (to `{}`)\n",
            site.outside.display()
        )),
        "{stderr}"
    );
}

/// incidex.yaml itself linked out: its lines would be quoted in the messages (a link to
/// `/proc/self/environ` printed the CI's environment in `check`'s output), so it is not read.
#[cfg(target_os = "linux")]
#[test]
fn a_configuration_file_linked_out_of_the_root_is_not_read() {
    let site = Site::new();
    std::fs::write(
        site.outside.join("config.yaml"),
        "token: outside-secret-42\n",
    )
    .unwrap();
    std::fs::create_dir(site.root.join(".git")).unwrap();
    std::fs::write(site.root.join(".git/config"), "secret: git-secret-43\n").unwrap();
    for target in [
        PathBuf::from("/proc/self/environ"),
        site.outside.join("config.yaml"),
        PathBuf::from(".git/config"),
    ] {
        let config = site.root.join("incidex.yaml");
        let _ = std::fs::remove_file(&config);
        link(&target, &config);
        let (code, stdout, stderr) = site.run(&["check"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "error[E030]: incidex.yaml is a symbolic link to `{}`, outside the site root or into a hidden folder: it is not read\n",
                target.display()
            )),
            "{stderr}"
        );
        for secret in ["outside-secret-42", "git-secret-43", "PATH="] {
            assert!(
                !stderr.contains(secret) && !stdout.contains(secret),
                "{stderr}"
            );
        }
    }
}

/// The default output folder `public` (no `output_dir` in incidex.yaml) committed as a link
/// out of the root: the site was written where it pointed.
#[test]
fn a_default_output_folder_linked_out_of_the_root_is_refused() {
    let site = Site::new();
    let config = site.root.join("incidex.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(!text.contains("output_dir"), "the fixture uses the default");
    let victim = site.outside.join("victim");
    std::fs::create_dir(&victim).unwrap();
    link(&victim, &site.root.join("public"));
    for command in [&["build"][..], &["build", "--watch"][..]] {
        let (code, _, stderr) = site.run(command);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "error: the output folder `public` leads outside the site root through a symbolic link (to `{}`)\n",
                victim.canonicalize().unwrap().display()
            )),
            "{stderr}"
        );
    }
    assert_eq!(
        std::fs::read_dir(&victim).unwrap().count(),
        0,
        "nothing written"
    );
    // Named on the command line, a folder elsewhere is the user's choice.
    let chosen = site.outside.join("chosen");
    let (code, _, stderr) = site.run(&["build", "--output", chosen.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(chosen.join("index.html").is_file());
}

#[test]
fn the_command_line_may_name_folders_anywhere() {
    let site = Site::new();
    let output = site.outside.join("site-out");
    let (code, _, stderr) = run_in(
        site.outside.as_path(),
        &[
            "--root",
            site.root.to_str().unwrap(),
            "build",
            "--output",
            output.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(output.join("files/img/graph.png").is_file());
}

/// Reproduction 4: an HTML page with the script it loads, and an SVG with `onload`.
#[test]
fn files_that_can_run_script_are_not_published_and_each_is_named() {
    let site = Site::new();
    let (code, stdout, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 report built"), "{stdout}");
    assert_eq!(site.published(), vec!["img/graph.png".to_string()]);
    for (file, kind) in [
        ("evil.html", "html"),
        ("evil.js", "js"),
        ("evil.svg", "svg"),
    ] {
        let warning = format!(
            "warning[W012]: not published: `.{kind}` files can run script in the reader's browser\n --> content/{file}\n"
        );
        assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!("add `{kind}` to `publish_active_types`")),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains(
            "warning[W012]: not published: `.yaml` is not a known passive file type\n --> content/notes.yaml\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("add `yaml` to `publish_types` in incidex.yaml"),
        "{stderr}"
    );
    assert!(!site.public_holds("pwned"));

    let (code, _, _) = site.run(&["build", "--strict"]);
    assert_eq!(code, 1, "--strict makes the warnings failures");
}

#[cfg(unix)]
#[test]
fn the_check_output_names_withheld_files_and_outside_links() {
    let site = Site::new();
    std::fs::write(site.content("README"), "no extension\n").unwrap();
    link("/etc/passwd", &site.content("passwd.txt"));
    let (code, stdout, _) = site.run(&["check"]);
    insta::assert_snapshot!("trust_reading_check", stdout);
    assert_eq!(code, 1);
}

#[test]
fn a_site_may_widen_the_passive_types() {
    let site = Site::new();
    site.add_config("publish_types: [YAML, .md5]\n");
    std::fs::write(
        site.content("sums.MD5"),
        "d41d8cd98f00b204e9800998ecf8427e\n",
    )
    .unwrap();
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        site.published(),
        vec!["img/graph.png", "notes.yaml", "sums.MD5"]
    );
    assert!(!stderr.contains("notes.yaml"), "{stderr}");
    assert_eq!(stderr.matches("W012").count(), 3, "{stderr}");
}

#[test]
fn a_type_that_runs_script_needs_its_own_opt_in() {
    let site = Site::new();
    site.add_config("publish_types: [svg]\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error[E030]: `svg` files can run script in the reader's browser\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("list `svg` under `publish_active_types`"),
        "{stderr}"
    );

    let site = Site::new();
    site.add_config("publish_active_types: [svg]\n");
    let (code, _, stderr) = site.run(&["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(site.published(), vec!["evil.svg", "img/graph.png"]);
    assert!(!stderr.contains("content/evil.svg"), "{stderr}");
    assert!(stderr.contains("content/evil.html"), "{stderr}");
}

/// The preview (`serve`, `build --watch`) builds in memory and rebuilds from the paths the
/// watcher names: it publishes what a build publishes, no more.
#[cfg(unix)]
#[test]
fn the_preview_serves_no_file_a_build_withholds_even_after_a_change() {
    use incidex::check::Drafts;
    let site = Site::new();
    let mut cache = incidex::BuildCache::default();
    let build = |cache: &mut incidex::BuildCache| {
        let mut built = incidex::build_site_cached(
            &site.root,
            Some("http://127.0.0.1:1/"),
            Drafts::Excluded,
            false,
            Some(cache),
        )
        .expect("the site builds");
        let codes: Vec<String> = built
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_string())
            .collect();
        let files: Vec<String> = match built.render_in_memory(Some(&mut cache.pages)) {
            Ok(files) => files.into_iter().map(|f| f.path).collect(),
            Err(_) => Vec::new(),
        };
        cache.keep_theme(built);
        (files, codes)
    };
    let (files, _) = build(&mut cache);
    let published: Vec<&String> = files.iter().filter(|f| f.starts_with("files/")).collect();
    assert_eq!(published, vec!["files/img/graph.png"]);

    // New files named by the watcher: an HTML page, then a link out of the root.
    std::fs::write(site.content("img/more.html"), "<script>1</script>").unwrap();
    cache.reports.only_changed([PathBuf::from("img/more.html")]);
    let (files, codes) = build(&mut cache);
    assert!(!files.iter().any(|f| f.ends_with("more.html")), "{files:?}");
    assert!(codes.contains(&"W012".to_string()), "{codes:?}");
    link("/etc/passwd", &site.content("img/passwd.txt"));
    cache
        .reports
        .only_changed([PathBuf::from("img/passwd.txt")]);
    let (files, codes) = build(&mut cache);
    assert!(
        !files.iter().any(|f| f.ends_with("passwd.txt")),
        "{files:?}"
    );
    assert!(codes.contains(&"E033".to_string()), "{codes:?}");
}

/// A CI script may name the changed files on the command line: a link named there is not
/// read either (its lines would show under the diagnostics).
#[cfg(unix)]
#[test]
fn a_link_out_named_on_the_command_line_is_not_read() {
    let site = Site::new();
    link("/etc/passwd", &site.content("pw.md"));
    let (code, stdout, _) = site.run(&["check", "content/pw.md"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains(" --> content/pw.md\n"), "{stdout}");
    assert!(!stdout.contains("root:x"), "{stdout}");
    assert!(stdout.ends_with("0 reports checked: 1 error\n"), "{stdout}");
}
