//! An archive built for disk (`links: file`, `build --links file`, issue 18): every relative
//! link of every page leads to a file that exists, never to a folder (which `file://` shows as
//! a listing), while absolute links from the base URL stay as they are; the setting and the
//! flag give the same site, and a wrong value is an error at its line.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Component, Path, PathBuf};

use common::{eventually, example_site, files_below, run_in, start};

/// A report added to the example archive: links to another report (with a fragment), to a
/// published file, and an alias, whose redirect page must lead to a file too.
const LINKING: &str = "---
aliases: [ancien-renouvellement]
---
## Incident 2025-06-01 10:00 — Renouvellement manqué

**Type :** Erreur
**Sévérité :** Basse
**Durée :** 20 minutes
**Impact utilisateurs :** Non

Le renouvellement a encore échoué, comme lors de [l'expiration de mars](2025-03-02-certificat-tls-expire.md#cause).

### Cause
Voir [le même incident](./2025-03-02-certificat-tls-expire.md) et [le journal](logs/certbot.txt).

### Symptômes
- Alerte d'expiration à J-21

### Actions Immédiates
1. Renouvellement à la main

### Résolution
+ Certificat renouvelé

### Prévention
+ Rien de plus

### Coût Impact
- Temps d'indisponibilité : 0 minutes
- Coût perdu : néant
- Coût résolution : néant

### Références
- Logs : [extrait certbot](logs/certbot.txt)
";

/// The example archive plus [`LINKING`] and the log file it links, in a fresh folder.
fn linking_site() -> tempfile::TempDir {
    let dir = example_site();
    let content = dir.path().join("content");
    std::fs::write(content.join("2025-06-01-renouvellement.md"), LINKING).unwrap();
    std::fs::create_dir_all(content.join("logs")).unwrap();
    std::fs::write(content.join("logs/certbot.txt"), "Timeout during connect\n").unwrap();
    dir
}

/// Builds the site at `root` into `root/<output>` with `args`; panics unless it succeeds.
fn build(root: &Path, output: &str, args: &[&str]) -> PathBuf {
    let mut all = vec!["build", "--output", output];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_in(root, &all);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    root.join(output)
}

/// The site's pages (theme files and published files aside), path → text.
fn pages(site: &Path) -> BTreeMap<String, String> {
    files_below(site)
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("static/") && !p.starts_with("files/"))
        .map(|p| {
            let text = std::fs::read_to_string(site.join(&p)).unwrap();
            (p, text)
        })
        .collect()
}

/// Every address a page links to: `href` values (`<a>`, `<link>`, SVG's `xlink:href`) and a
/// refresh's `url=`. Read plainly: the pages escape `"` in text, so ` href="` only starts an
/// attribute.
fn links(page: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for start in [" href=\"", " xlink:href=\"", "; url="] {
        for (i, _) in page.match_indices(start) {
            let rest = &page[i + start.len()..];
            out.push(&rest[..rest.find('"').unwrap()]);
        }
    }
    out
}

/// Whether `link` is relative to the page (no scheme, not from the root, not a fragment or a
/// query alone).
fn is_relative(link: &str) -> bool {
    let scheme = link
        .split_once(':')
        .is_some_and(|(s, _)| !s.contains('/') && !s.is_empty());
    !(link.is_empty() || scheme || link.starts_with(['/', '#', '?']))
}

/// `%20` and the like decoded, for looking the file up.
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// What a reader opening `site` from disk would hit: every relative link of every page that
/// leads to a folder or to nothing, as `page: link (why)`; and how many relative links there are.
fn broken_from_disk(site: &Path) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut relative = 0;
    for (page, text) in pages(site) {
        let folder = Path::new(&page).parent().unwrap().to_path_buf();
        for link in links(&text).into_iter().filter(|l| is_relative(l)) {
            relative += 1;
            let path = link.split(['?', '#']).next().unwrap();
            let mut target = PathBuf::new();
            for part in folder.join(percent_decoded(path)).components() {
                match part {
                    Component::ParentDir => assert!(target.pop(), "{page}: {link} leaves the site"),
                    Component::Normal(p) => target.push(p),
                    _ => {}
                }
            }
            let on_disk = site.join(&target);
            if path.ends_with('/') || on_disk.is_dir() {
                problems.push(format!("{page}: {link} (a folder)"));
            } else if !on_disk.is_file() {
                problems.push(format!("{page}: {link} (missing)"));
            }
        }
    }
    (problems, relative)
}

#[test]
fn every_relative_link_of_a_disk_build_opens_a_file() {
    let site = linking_site();
    let disk = build(site.path(), "disk", &["--links", "file"]);
    let (problems, relative) = broken_from_disk(&disk);
    assert_eq!(problems, Vec::<String>::new());
    // 7 reports: far more than a few links were looked at.
    assert!(relative > 500, "only {relative} relative links");

    let pages = pages(&disk);
    let home = &pages["index.html"];
    assert!(home.contains(r#"<html data-links="file" lang="fr">"#));
    for link in [
        r#"href="./index.html""#,
        r#"href="./stats/index.html""#,
        r#"href="./severity/high/index.html""#,
        r#"href="./incidents/2025-06-01-renouvellement/index.html""#,
    ] {
        assert!(home.contains(link), "{link}");
    }
    let linking = &pages["incidents/2025-06-01-renouvellement/index.html"];
    for link in [
        r#"href="../../incidents/2025-03-02-certificat-tls-expire/index.html#cause""#,
        r#"href="../../incidents/2025-03-02-certificat-tls-expire/index.html""#,
        r#"href="../../files/logs/certbot.txt""#,
        r#"href="../../index.html""#,
    ] {
        assert!(linking.contains(link), "{link}");
    }
    let redirect = &pages["incidents/ancien-renouvellement/index.html"];
    assert!(redirect.contains(r#"content="0; url=../2025-06-01-renouvellement/index.html""#));
    // The published file is the writer's own: not rewritten.
    assert_eq!(
        std::fs::read_to_string(disk.join("files/logs/certbot.txt")).unwrap(),
        "Timeout during connect\n"
    );
}

#[test]
fn a_default_build_links_to_folders_which_the_check_above_sees() {
    // The check of the disk build is worth something only if it fails on the default one.
    let site = linking_site();
    let plain = build(site.path(), "plain", &[]);
    let (problems, _) = broken_from_disk(&plain);
    for expected in [
        "index.html: ./stats/ (a folder)",
        "index.html: ./ (a folder)",
        "incidents/2025-06-01-renouvellement/index.html: ../../incidents/2025-03-02-certificat-tls-expire/#cause (a folder)",
        "incidents/ancien-renouvellement/index.html: ../2025-06-01-renouvellement/ (a folder)",
    ] {
        assert!(problems.iter().any(|p| p == expected), "{expected}");
    }
    assert!(!pages(&plain)["index.html"].contains("data-links"));
}

#[test]
fn absolute_links_from_the_base_url_are_left_as_they_are() {
    let site = example_site();
    let base = "https://incidents.example.org/archive/";
    let disk = build(
        site.path(),
        "disk",
        &["--links", "file", "--base-url", base],
    );
    let pages = pages(&disk);
    let crash = &pages["incidents/2025-01-15-instance-crash/index.html"];
    assert!(crash.contains(
        r#"<link rel="canonical" href="https://incidents.example.org/archive/incidents/2025-01-15-instance-crash/">"#
    ));
    assert!(crash.contains(r#"href="../../stats/index.html""#));
    // The 404 page's links come from the base URL: absolute, untouched.
    assert!(pages["404.html"].contains(r#"href="https://incidents.example.org/archive/stats/""#));
    let (problems, _) = broken_from_disk(&disk);
    assert_eq!(problems, Vec::<String>::new());
    // The sitemap is for the web: pretty addresses.
    let sitemap = std::fs::read_to_string(disk.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://incidents.example.org/archive/stats/</loc>"));
}

/// Every file of `site` (the output marker aside), path → bytes.
fn contents(site: &Path) -> BTreeMap<String, Vec<u8>> {
    files_below(site)
        .into_iter()
        .filter(|p| p != ".incidex")
        .map(|p| {
            let bytes = std::fs::read(site.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

#[test]
fn the_setting_and_the_flag_agree_and_the_flag_wins() {
    let site = example_site();
    let root = site.path();
    let flag = contents(&build(root, "flag", &["--links", "file"]));
    let plain = contents(&build(root, "plain", &[]));
    let yaml = std::fs::read_to_string(root.join("incidex.yaml")).unwrap();
    std::fs::write(root.join("incidex.yaml"), format!("{yaml}links: file\n")).unwrap();
    let setting = contents(&build(root, "setting", &[]));
    let overridden = contents(&build(root, "overridden", &["--links", "pretty"]));
    assert!(flag == setting, "`links: file` and `--links file` differ");
    assert!(
        overridden == plain,
        "`--links pretty` did not win over `links: file`"
    );
    assert!(flag != plain);
}

#[test]
fn an_unknown_link_style_is_an_error_at_its_line() {
    let site = example_site();
    let yaml = std::fs::read_to_string(site.path().join("incidex.yaml")).unwrap();
    std::fs::write(
        site.path().join("incidex.yaml"),
        format!("{yaml}links: folders\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = run_in(site.path(), &["build"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(!site.path().join("public").exists());
    insta::assert_snapshot!("unknown_link_style", stderr);
    let (code, _, stderr) = run_in(site.path(), &["build", "--links", "folders"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("invalid value 'folders' for '--links <STYLE>'")
            && stderr.contains("[possible values: pretty, file]"),
        "{stderr}"
    );
}

#[test]
fn listing_pages_link_to_each_other_s_files() {
    // 105 reports of one severity: its listing has two pages of 100 and 5.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("incidex.yaml"), "title: Many\nlanguage: en\n").unwrap();
    std::fs::create_dir_all(root.join("content")).unwrap();
    for n in 0..105 {
        let report = format!(
            "## Incident 2024-01-01 {:02}:{:02} — Report {n}\n\n**Type:** Error\n**Severity:** Low\n\
             **Duration:** 5 minutes\n**User impact:** No\n\n### Root cause\nA cause.\n\n\
             ### Symptoms\nSome.\n\n### Immediate actions\nSome.\n\n### Resolution\nFixed.\n\n\
             ### Prevention\nNothing.\n",
            n / 60,
            n % 60
        );
        std::fs::write(root.join(format!("content/r{n:03}.md")), report).unwrap();
    }
    let disk = build(root, "disk", &["--links", "file"]);
    let (problems, _) = broken_from_disk(&disk);
    assert_eq!(problems, Vec::<String>::new());
    let pages = pages(&disk);
    let first = &pages["severity/low/index.html"];
    assert!(first.contains(r#"<a href="../../severity/low/page/2/index.html" rel="next">"#));
    let second = &pages["severity/low/page/2/index.html"];
    assert!(second.contains(r#"<a href="../../../../severity/low/index.html" rel="prev">"#));
}

#[test]
fn serve_keeps_pretty_links_whatever_the_setting() {
    let site = example_site();
    let yaml = std::fs::read_to_string(site.path().join("incidex.yaml")).unwrap();
    std::fs::write(
        site.path().join("incidex.yaml"),
        format!("{yaml}links: file\n"),
    )
    .unwrap();
    let (_running, first) = start(site.path(), &["serve", "--port", "0"]);
    let address = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("{first}"))
        .trim_end_matches('/')
        .to_string();
    let home = || {
        let mut stream = TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        let _ = stream.read_to_string(&mut response);
        response
    };
    // The address is printed before the first build ends.
    eventually("the home page is served", || {
        home().starts_with("HTTP/1.1 200")
    });
    let response = home();
    assert!(response.contains(r#"href="./stats/""#), "{response}");
    assert!(!response.contains("data-links"));
}
