//! `incidex build --public`: the fields `private:` lists appear nowhere in the output, and a
//! normal build still shows them; `private:` names are checked at their line.

mod common;

use std::path::Path;

use common::incidex;

const FIXTURE: &str = "tests/fixtures/site-publish";

/// The private values of the fixture, as the output may spell them: raw, formatted (the
/// site is in English: `$98,765.43`, `€7,654.21`) or as JSON decimals.
const SECRETS: &[&str] = &[
    "zz-secret", // services, tags, impact, extra field, cause, note, logs, dashboard, runbook
    "ZZSECRET",  // the ticket
    "98765",     // lost cost, JSON
    "98,765",    // lost cost, formatted
    "7654",      // resolution cost, JSON
    "7,654",     // resolution cost, formatted
    "2580",      // the billing report's downtime (43 min) in seconds
    "logs.example.org",
    "dash.example.org",
    "tracker.example.org",
    "credential rotated", // the Cause section
];

/// Builds the fixture; returns the temporary folder (the site is in `site/`) and stderr.
fn build(args: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let output = incidex()
        .args(["-r", FIXTURE, "build", "--output", site.to_str().unwrap()])
        .args(args)
        .output()
        .expect("incidex runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    (out, stderr)
}

/// Every file of the site (the `.incidex` list of files included) with its text.
fn texts(out: &Path) -> Vec<(String, String)> {
    let site = out.join("site");
    walkdir::WalkDir::new(&site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e
                .path()
                .strip_prefix(&site)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            (path, text)
        })
        .collect()
}

/// Where each secret appears.
fn found(files: &[(String, String)], secret: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(_, text)| text.contains(secret))
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn a_normal_build_shows_the_private_fields() {
    let (out, _) = build(&[]);
    let files = texts(out.path());
    for secret in SECRETS {
        assert!(
            !found(&files, secret).is_empty(),
            "{secret} not in a normal build"
        );
    }
    let json = &files.iter().find(|(p, _)| p == "incidents.json").unwrap().1;
    assert!(json.contains("\"amount\":\"98765.43\""));
    let stats = &files.iter().find(|(p, _)| p == "stats.json").unwrap().1;
    assert!(stats.contains("98765.43"), "{stats}");
}

#[test]
fn a_public_build_leaves_every_private_field_out() {
    let (out, _) = build(&["--public"]);
    let files = texts(out.path());
    for secret in SECRETS {
        assert_eq!(
            found(&files, secret),
            Vec::<String>::new(),
            "{secret} leaked"
        );
    }
    for required in [
        "incidents.json",
        "stats.json",
        "feed.xml",
        "severity/high/feed.xml",
        "sitemap.xml",
        "incidents/2024-11-20-billing/index.html",
    ] {
        assert!(
            files.iter().any(|(p, _)| p == required),
            "{required} missing"
        );
    }
    assert!(
        files.iter().any(|(p, _)| p.starts_with("list/index.")),
        "the list data's index missing"
    );
    // What is not private is still there.
    let page = &files
        .iter()
        .find(|(p, _)| p == "incidents/2024-11-20-billing/index.html")
        .unwrap()
        .1;
    for kept in [
        "Billing export failed",
        "The nightly export stopped.",
        "Re-ran the export",
        "New credential",
    ] {
        assert!(page.contains(kept), "{kept}");
    }
    assert!(
        !page.contains("section-cause"),
        "the private section is left out"
    );
    assert!(!page.contains("section-cost_impact") && !page.contains("section-references"));
    // No service or tag listings; costs and downtime are out of the statistics too.
    assert!(
        !files
            .iter()
            .any(|(p, _)| p.starts_with("service/") || p.starts_with("tag/"))
    );
    let stats: serde_json::Value =
        serde_json::from_str(&files.iter().find(|(p, _)| p == "stats.json").unwrap().1).unwrap();
    assert_eq!(stats["costs"], serde_json::json!([]));
    assert_eq!(stats["costliest"], serde_json::json!([]));
    assert_eq!(stats["downtime"]["total_seconds"], 0);
    let incidents: serde_json::Value =
        serde_json::from_str(&files.iter().find(|(p, _)| p == "incidents.json").unwrap().1)
            .unwrap();
    for incident in incidents.as_array().unwrap() {
        assert_eq!(incident["cost"]["lost"], serde_json::Value::Null);
        assert_eq!(incident["services"], serde_json::json!([]));
        assert_eq!(incident["references"]["tickets"], serde_json::json!([]));
        assert_eq!(
            incident["user_impact"]["description"],
            serde_json::Value::Null
        );
    }
}

#[test]
fn a_public_build_over_a_normal_one_removes_the_pages_it_no_longer_has() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    for args in [&[][..], &["--public"][..]] {
        let status = incidex()
            .args(["-r", FIXTURE, "build", "--output", site.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
            .status;
        assert!(status.success());
    }
    let files = texts(out.path());
    for secret in SECRETS {
        assert_eq!(
            found(&files, secret),
            Vec::<String>::new(),
            "{secret} left behind"
        );
    }
}

fn site_with_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("incidex.yaml"), config).unwrap();
    dir
}

#[test]
fn unknown_private_fields_are_errors_at_their_line() {
    let dir = site_with_config(
        "title: x\nprivate:\n  - cost\n  - user_impact\n  - referencs.logs\n  - \"sections.nope\"\n",
    );
    let output = incidex()
        .arg("-r")
        .arg(dir.path())
        .args(["check", "--format", "json"]) // configuration errors go to stderr
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let diagnostics: serde_json::Value =
        serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
            panic!(
                "{e}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let got: Vec<(u64, u64, String)> = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["code"], "E030");
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].0, 4);
    assert_eq!(got[0].1, 5);
    assert_eq!(got[0].2, "did you mean `user_impact.description`?");
    assert_eq!((got[1].0, got[1].1), (5, 5));
    assert_eq!(got[1].2, "did you mean `references.logs`?");
    assert_eq!((got[2].0, got[2].1), (6, 5));
    assert!(got[2].2.contains("sections.cause"), "{}", got[2].2);
}

#[test]
fn public_without_private_fields_says_so() {
    let dir = site_with_config("title: x\n");
    let output = incidex()
        .arg("-r")
        .arg(dir.path())
        .args(["build", "--public"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--public: `private`"), "{stderr}");
}
