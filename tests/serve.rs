//! `incidex serve` and `build --watch` as a writer uses them: saves, mistakes, deletions, Ctrl-C.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{eventually, example_site, start};

/// (status, body) of a request sent as is.
fn request(url: &str, method: &str, path: &str) -> (u16, String) {
    let (status, body) = exchange(url, method, path);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// (status, body) of a request sent as is, the body as bytes; status 0 when no response came.
fn exchange(url: &str, method: &str, path: &str) -> (u16, Vec<u8>) {
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let Some(split) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (0, Vec::new());
    };
    let head = String::from_utf8_lossy(&response[..split]);
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response[split + 4..].to_vec())
}

fn state(url: &str) -> serde_json::Value {
    serde_json::from_str(&request(url, "GET", "/__incidex/state.json").1).unwrap()
}

const REPORT: &str = "content/2025-01-15-instance-crash.md";
const PAGE: &str = "/incidents/2025-01-15-instance-crash/";

#[test]
fn serve_rebuilds_on_save_shows_mistakes_and_recovers() {
    let dir = example_site();
    let (running, first) = start(dir.path(), &["serve", "--port", "0"]);
    assert!(
        first.starts_with("Serving the archive at http://127.0.0.1:"),
        "{first}"
    );
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();

    let (status, home) = request(&url, "GET", "/");
    assert_eq!(status, 200);
    assert!(
        home.contains("<script src=\"/__incidex/live.js\""),
        "the reload script is in served pages"
    );
    assert_eq!(request(&url, "POST", "/").0, 405);
    assert_eq!(request(&url, "GET", "/../../etc/passwd").0, 404);
    assert_eq!(request(&url, "GET", "/%2e%2e/%2e%2e/etc/passwd").0, 404);
    let (status, missing) = request(&url, "GET", "/nowhere/");
    assert_eq!(status, 404);
    assert!(missing.contains("<html"), "the site's 404 page");
    assert!(
        missing.contains(&format!("<link rel=\"stylesheet\" href=\"{url}static/")),
        "served at any depth, the 404 page links from the preview's address: {missing}"
    );

    // A mistake: the page stays, the problem is reported.
    let report = dir.path().join(REPORT);
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("**Sévérité :** Critique", "**Sévérité :** Critcal"),
    )
    .unwrap();
    eventually("the mistake is reported", || {
        state(&url)["problems"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    });
    let problems = state(&url)["problems"].clone();
    assert_eq!(problems[0]["code"], "E017");
    assert_eq!(problems[0]["line"], 4);
    assert_eq!(
        request(&url, "GET", PAGE).0,
        200,
        "the last good site is still served"
    );
    let log = std::fs::read_to_string(&running.stderr).unwrap();
    assert!(log.contains("unknown severity `Critcal`"), "{log}");

    // Fixed: the new value is served and the problems are gone.
    std::fs::write(
        &report,
        text.replace("**Sévérité :** Critique", "**Sévérité :** Basse"),
    )
    .unwrap();
    eventually("the fix is served", || {
        request(&url, "GET", PAGE).1.contains("sev-low")
    });
    assert_eq!(state(&url)["problems"], serde_json::json!([]));

    // Deleted and renamed reports.
    std::fs::remove_file(&report).unwrap();
    eventually("the deleted report's page is gone", || {
        request(&url, "GET", PAGE).0 == 404
    });
    let tls = dir
        .path()
        .join("content/2025-03-02-certificat-tls-expire.md");
    std::fs::rename(&tls, dir.path().join("content/2025-03-02-tls.md")).unwrap();
    eventually("the renamed report moved", || {
        request(&url, "GET", "/incidents/2025-03-02-tls/").0 == 200
    });
    assert_eq!(
        request(&url, "GET", "/incidents/2025-03-02-certificat-tls-expire/").0,
        404
    );

    // Editor leftovers do not rebuild.
    let before = state(&url)["generation"].as_u64().unwrap();
    std::fs::write(dir.path().join("content/.2025-03-02-tls.md.swp"), "x").unwrap();
    std::fs::write(dir.path().join("content/2025-03-02-tls.md~"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        state(&url)["generation"].as_u64().unwrap(),
        before,
        "no rebuild for editor files"
    );

    // A burst of 200 new reports: one rebuild.
    let one = std::fs::read_to_string(dir.path().join("content/2025-03-02-tls.md")).unwrap();
    for i in 0..200 {
        std::fs::write(dir.path().join(format!("content/burst-{i:03}.md")), &one).unwrap();
    }
    eventually("the burst is built", || {
        request(&url, "GET", "/incidents/burst-199/").0 == 200
    });
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        state(&url)["generation"].as_u64().unwrap(),
        before + 1,
        "exactly one rebuild for the burst"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_serve_at_once_and_deletes_nothing() {
    let dir = example_site();
    let (mut running, first) = start(dir.path(), &["serve", "--port", "0"]);
    assert!(first.starts_with("Serving"), "{first}");
    let before: Vec<_> = std::fs::read_dir(dir.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let pid = running.child.id().to_string();
    Command::new("kill").args(["-INT", &pid]).status().unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = running.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let after: Vec<_> = std::fs::read_dir(dir.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn build_watch_rewrites_the_output_on_save() {
    let dir = example_site();
    let out = dir.path().join("public");
    let (running, first) = start(dir.path(), &["build", "--watch"]);
    assert!(first.starts_with("6 reports built"), "{first}");
    let page = out.join("incidents/2025-01-15-instance-crash/index.html");
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("sev-critical")
    );
    let report = dir.path().join(REPORT);
    let text = std::fs::read_to_string(&report).unwrap();
    eventually("watching", || {
        std::fs::read_to_string(&running.stderr)
            .unwrap()
            .contains("watching for changes")
    });
    std::fs::write(
        &report,
        text.replace("**Sévérité :** Critique", "**Sévérité :** Moyenne"),
    )
    .unwrap();
    eventually("the page is rebuilt", || {
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("sev-medium")
    });
    // A mistake keeps the last good site in place.
    std::fs::write(
        &report,
        text.replace("**Type :** Downtime", "**Type :** Downtme"),
    )
    .unwrap();
    eventually("the mistake is reported", || {
        std::fs::read_to_string(&running.stderr)
            .unwrap()
            .contains("Downtme")
    });
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains("sev-medium")
    );
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("__incidex"),
        "no reload script in built pages"
    );
}

#[test]
fn drafts_are_previewed_with_a_badge_unless_left_out() {
    let dir = example_site();
    let example = std::fs::read_to_string(dir.path().join(REPORT)).unwrap();
    std::fs::write(
        dir.path().join("content/wip.md"),
        format!("---\ndraft: true\n---\n{example}"),
    )
    .unwrap();
    let (_running, first) = start(dir.path(), &["serve", "--port", "0"]);
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    let (status, page) = request(&url, "GET", "/incidents/wip/");
    assert_eq!(status, 200);
    assert!(page.contains("badge-draft"), "the draft badge");
    let (_running, first) = start(dir.path(), &["serve", "--port", "0", "--no-drafts"]);
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    assert_eq!(request(&url, "GET", "/incidents/wip/").0, 404);
}

/// (status, body) of a GET, the body as bytes.
fn get(url: &str, path: &str) -> (u16, Vec<u8>) {
    exchange(url, "GET", path)
}

/// A served page without the live-reload script, which only served pages have.
fn without_live_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let start = text
        .find("<script src=\"/__incidex/live.js\"")
        .expect("the live-reload script");
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

/// Checks that the server serves exactly what a fresh build of the site renders, and no longer
/// serves the files of `before` that the fresh build does not have; returns the fresh files.
fn assert_serves_a_fresh_build(
    root: &Path,
    url: &str,
    step: &str,
    before: &[String],
) -> Vec<String> {
    use incidex::check::Drafts;
    let mut built = incidex::build_site(root, Some(url), Drafts::Softened, false).unwrap();
    let files = built.render_in_memory(None).unwrap();
    for file in &files {
        let (status, body) = get(url, &format!("/{}", file.path));
        assert_eq!(status, 200, "{step}: {} is served", file.path);
        let body = if file.path.ends_with(".html") {
            without_live_script(&body)
        } else {
            body
        };
        assert!(
            body == *file.bytes,
            "{step}: {} differs from a fresh build",
            file.path
        );
    }
    let paths: Vec<String> = files.into_iter().map(|f| f.path).collect();
    for gone in before.iter().filter(|p| !paths.contains(p)) {
        assert_eq!(
            get(url, &format!("/{gone}")).0,
            404,
            "{step}: {gone} is gone"
        );
    }
    paths
}

#[test]
fn after_every_kind_of_change_one_rebuild_serves_what_a_fresh_build_renders() {
    let dir = example_site();
    let root = dir.path();
    let content = root.join("content");
    let (_running, first) = start(root, &["serve", "--port", "0"]);
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap()
        .to_string();
    let generation = || state(&url)["generation"].as_u64().unwrap();
    let mut served = assert_serves_a_fresh_build(root, &url, "first build", &[]);
    let mut step = |what: &str, change: &dyn Fn()| {
        let before = generation();
        change();
        eventually(what, || generation() > before);
        // Nothing more comes of this change: one rebuild.
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(generation(), before + 1, "{what}: one rebuild");
        served = assert_serves_a_fresh_build(root, &url, what, &served);
    };
    let report = std::fs::read_to_string(root.join(REPORT)).unwrap();

    step("a save through a temporary file", &|| {
        let tmp = root.join(format!("{REPORT}.tmp"));
        std::fs::write(&tmp, report.replace("Instance crash", "Instance crashed")).unwrap();
        std::fs::rename(&tmp, root.join(REPORT)).unwrap();
    });
    step("a new report", &|| {
        std::fs::write(content.join("new.md"), &report).unwrap();
    });
    step("a deleted report", &|| {
        std::fs::remove_file(content.join("new.md")).unwrap();
    });
    step("a renamed report", &|| {
        std::fs::rename(
            content.join("2025-03-02-certificat-tls-expire.md"),
            content.join("tls.md"),
        )
        .unwrap();
    });
    step("a new folder with a report", &|| {
        std::fs::create_dir(content.join("2026")).unwrap();
        std::fs::write(content.join("2026/in-folder.md"), &report).unwrap();
    });
    step("a renamed folder", &|| {
        std::fs::rename(content.join("2026"), content.join("2027")).unwrap();
    });
    step("a burst of 500 new reports", &|| {
        for i in 0..500 {
            std::fs::write(content.join(format!("burst-{i:03}.md")), &report).unwrap();
        }
    });
    step("a burst of 500 deleted reports", &|| {
        for i in 0..500 {
            std::fs::remove_file(content.join(format!("burst-{i:03}.md"))).unwrap();
        }
    });
    step("a removed folder", &|| {
        std::fs::remove_dir_all(content.join("2027")).unwrap();
    });
    assert!(served.contains(&"incidents/tls/index.html".to_string()));
}
