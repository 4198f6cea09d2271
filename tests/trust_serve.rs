//! The preview server is for this machine only (its `Host` rule, its connection bound), it
//! shows the problems when its first build fails, and the site carries its security headers
//! as headers: `_headers`, netlify.toml and `serve` alike.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Running, eventually, example_site, start};

/// A running `incidex serve` on a free port, killed when dropped.
struct Serving {
    running: Running,
    /// `127.0.0.1:port`
    address: String,
}

fn serve(root: &Path, args: &[&str]) -> Serving {
    let args: Vec<&str> = ["serve", "--port", "0"]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    let (running, first) = start(root, &args);
    let address = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .trim_end_matches('/')
        .to_string();
    Serving { running, address }
}

/// A response: status, header lines (`Name: value`), body.
struct Response {
    status: u16,
    headers: Vec<String>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Sends `head` (the request line and headers, without the blank line) as is.
fn send(address: &str, head: &str) -> Response {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(stream, "{head}\r\nConnection: close\r\n\r\n").unwrap();
    read_response(&mut stream)
}

/// Reads a whole response (the server closes every connection), or a status 0 when none came.
fn read_response(stream: &mut TcpStream) -> Response {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Response {
            status: 0,
            headers: Vec::new(),
            body: text,
        };
    };
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: lines.map(str::to_string).collect(),
        body: body.to_string(),
    }
}

fn get(address: &str, path: &str, host: &str) -> Response {
    send(address, &format!("GET {path} HTTP/1.1\r\nHost: {host}"))
}

/// Waits (up to 20 s) until `condition` holds.

#[test]
fn a_request_for_another_host_is_refused_with_421() {
    let dir = example_site();
    let server = serve(dir.path(), &[]);
    let at = server.address.as_str();
    let port = at.rsplit(':').next().unwrap();

    // DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1.
    for path in [
        "/",
        "/incidents.json",
        "/__incidex/state.json",
        "/__incidex/events",
    ] {
        for host in [
            "attacker.example".to_string(),
            format!("attacker.example:{port}"),
            format!("localhost.attacker.example:{port}"),
            format!("127.0.0.1.nip.io:{port}"),
        ] {
            let response = get(at, path, &host);
            assert_eq!(response.status, 421, "{path} for {host}");
            assert!(
                response.body.starts_with("misdirected request:"),
                "{}",
                response.body
            );
            assert!(!response.body.contains("<html"), "no page of the site");
        }
    }
    // This machine's names, any case, any port, IPv6 in brackets.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LocalHost".to_string(),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(get(at, "/", &host).status, 200, "{host}");
    }
    // HTTP/1.1 needs a Host; more than one is refused; HTTP/1.0 may go without.
    assert_eq!(send(at, "GET / HTTP/1.1").status, 400);
    assert_eq!(
        send(
            at,
            "GET / HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example"
        )
        .status,
        400
    );
    assert_eq!(send(at, "GET / HTTP/1.0").status, 200);
}

#[test]
fn a_preview_bound_to_the_network_warns_and_answers_any_host() {
    let dir = example_site();
    let server = serve(dir.path(), &["--bind", "0.0.0.0"]);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let at = format!("127.0.0.1:{port}");
    assert_eq!(get(&at, "/", "my-laptop.local").status, 200);
    let log = std::fs::read_to_string(&server.running.stderr).unwrap();
    assert!(
        log.contains("warning: the preview is reachable from the network at 0.0.0.0:"),
        "{log}"
    );
}

/// The threads answering connections in process `pid` (Linux names them).
#[cfg(target_os = "linux")]
fn connection_threads(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|name| name.trim() == "incidex-http")
        .count()
}

/// Whether the server has closed `stream` (an answer, the end, or a reset), waiting at most
/// until `deadline`.
fn closed_by(stream: &mut TcpStream, deadline: Instant) -> bool {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return false;
    }
    stream.set_read_timeout(Some(left)).unwrap();
    let mut buf = [0u8; 256];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn idle_connections_are_bounded_and_closed() {
    let dir = example_site();
    let server = serve(dir.path(), &[]);
    let at = server.address.as_str();
    let pid = server.running.child.id();
    assert_eq!(get(at, "/", at).status, 200);

    // 100 connections that send nothing: at most 64 threads, and a request still answered.
    let opened = Instant::now();
    let mut idle: Vec<TcpStream> = (0..100).map(|_| TcpStream::connect(at).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(1500));
    let threads = connection_threads(pid);
    assert!(threads <= 64, "{threads} threads for 100 idle connections");
    let home = get(at, "/", at);
    assert_eq!(home.status, 200, "{}", home.body);
    assert!(connection_threads(pid) <= 64);

    // The idle ones are closed after 10 s (the time to send a request), well before 25 s.
    let deadline = opened + Duration::from_secs(25);
    let open = idle
        .iter_mut()
        .map(|stream| closed_by(stream, deadline))
        .filter(|closed| !closed)
        .count();
    assert_eq!(open, 0, "idle connections still open after 25 s");
    eventually("the threads are gone", || connection_threads(pid) == 0);
}

#[test]
fn a_request_sent_a_byte_at_a_time_is_cut_off() {
    let dir = example_site();
    let server = serve(dir.path(), &[]);
    let at = server.address.as_str();
    let mut slow = TcpStream::connect(at).unwrap();
    let started = Instant::now();
    write!(slow, "GET / HTTP/1.1\r\nHost: localhost\r\n").unwrap();
    // A header line every 300 ms, for up to 25 s: each read is quick, the whole is not.
    let mut cut = false;
    while started.elapsed() < Duration::from_secs(25) {
        if slow.write_all(b"X-Slow: 1\r\n").is_err() {
            cut = true;
            break;
        }
        if closed_by(&mut slow, Instant::now() + Duration::from_millis(300)) {
            cut = true;
            break;
        }
    }
    assert!(cut, "a trickling request held its connection for 25 s");
    assert!(
        started.elapsed() >= Duration::from_secs(5),
        "cut off before its time: {:?}",
        started.elapsed()
    );
}

/// The headers of `_headers`, by path pattern, in file order.
fn headers_file_rules(text: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut rules: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut path = None;
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            path = Some(line.trim().to_string());
            rules.entry(line.trim().to_string()).or_default();
            continue;
        }
        let (name, value) = line.trim().split_once(": ").expect("Name: value");
        let path = path.clone().expect("a path before its headers");
        rules
            .get_mut(&path)
            .unwrap()
            .push((name.to_string(), value.to_string()));
    }
    rules
}

/// netlify.toml's `[[headers]]` tables, by `for` pattern, in file order.
fn netlify_rules(text: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut rules: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut path: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') && line != "[headers.values]" {
            path = None;
        }
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        let value = value.trim_matches('"').to_string();
        if key == "for" {
            rules.entry(value.clone()).or_default();
            path = Some(value);
        } else if let Some(path) = &path {
            rules.get_mut(path).unwrap().push((key.to_string(), value));
        }
    }
    rules
}

fn build(root: &Path) {
    let (code, _, stderr) = common::run_in(root, &["build"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn every_build_writes_the_security_headers_and_netlify_toml_says_the_same() {
    let dir = example_site();
    build(dir.path());
    let text = std::fs::read_to_string(dir.path().join("public/_headers")).unwrap();
    let ours = headers_file_rules(&text);
    let every = &ours["/*"];
    let value = |name: &str| {
        every
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        value("Content-Security-Policy"),
        Some(
            "default-src 'self'; img-src 'self' data: https:; style-src 'self'; \
             script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
             frame-ancestors 'none'"
        )
    );
    assert_eq!(value("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(value("Referrer-Policy"), Some("no-referrer"));
    assert_eq!(value("X-Frame-Options"), Some("DENY"));
    assert!(value("Permissions-Policy").is_some());

    // netlify.toml carries the same rules, path by path, header by header.
    let netlify = std::fs::read_to_string("netlify.toml").unwrap();
    assert_eq!(
        netlify_rules(&netlify),
        ours,
        "netlify.toml and _headers differ"
    );

    // The file is configuration, not a page: neither in the sitemap nor counted as one.
    let with_base = dir.path().join("with-base");
    let (code, stdout, stderr) = common::run_in(
        dir.path(),
        &[
            "build",
            "--base-url",
            "https://incidents.example/",
            "--output",
            with_base.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let sitemap = std::fs::read_to_string(with_base.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("_headers"), "{sitemap}");
    assert_eq!(
        std::fs::read_to_string(with_base.join("_headers")).unwrap(),
        text,
        "the same headers whatever the base URL: {stdout}"
    );
}

#[test]
fn serve_sends_the_headers_of_the_published_site_on_every_response() {
    let dir = example_site();
    build(dir.path());
    let text = std::fs::read_to_string(dir.path().join("public/_headers")).unwrap();
    let every = headers_file_rules(&text)["/*"].clone();
    assert!(every.len() >= 4);
    let server = serve(dir.path(), &[]);
    let at = server.address.as_str();
    let responses = [
        ("a page", get(at, "/", at)),
        ("a missing page", get(at, "/nowhere/", at)),
        ("a text file", get(at, "/robots.txt", at)),
        ("the reload script", get(at, "/__incidex/live.js", at)),
        ("another host", get(at, "/", "attacker.example")),
        (
            "a POST",
            send(at, &format!("POST / HTTP/1.1\r\nHost: {at}")),
        ),
    ];
    for (what, response) in &responses {
        assert!(response.status != 0, "{what}: no response");
        for (name, value) in &every {
            assert_eq!(
                response.header(name),
                Some(value.as_str()),
                "{what}: {name}"
            );
        }
    }
    // The live-reload stream too (it stays open: read its head only).
    let mut stream = TcpStream::connect(at).unwrap();
    write!(
        stream,
        "GET /__incidex/events HTTP/1.1\r\nHost: {at}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut head = String::new();
    let mut reader = BufReader::new(stream);
    while reader.read_line(&mut head).unwrap() > 2 {}
    for (name, value) in &every {
        assert!(head.contains(&format!("{name}: {value}\r\n")), "{head}");
    }
    // The preview's JSON is not shared with other sites, whatever `_headers` says for /*.json.
    assert_eq!(
        get(at, "/incidents.json", at).header("Access-Control-Allow-Origin"),
        None
    );
}

#[test]
fn when_the_first_build_fails_every_page_shows_the_problems_until_fixed() {
    let dir = example_site();
    let report = dir.path().join("content/2025-01-15-instance-crash.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("**Sévérité :** Critique", "**Sévérité :** Critcal"),
    )
    .unwrap();
    let server = serve(dir.path(), &[]);
    let at = server.address.as_str();
    for path in [
        "/",
        "/anything/",
        "/stats/",
        "/incidents/2025-01-15-instance-crash/",
    ] {
        let page = get(at, path, at);
        assert_eq!(page.status, 503, "{path}");
        assert_eq!(
            page.header("Content-Type"),
            Some("text/html; charset=utf-8")
        );
        assert!(
            page.body.contains("<script src=\"/__incidex/live.js\""),
            "{path}: the live-reload script\n{}",
            page.body
        );
        assert!(
            page.body.contains("2025-01-15-instance-crash.md:4:")
                && page.body.contains("[E017]")
                && page.body.contains("Critcal"),
            "{path}: the problem\n{}",
            page.body
        );
    }
    let generation = || {
        let state: serde_json::Value =
            serde_json::from_str(&get(at, "/__incidex/state.json", at).body).unwrap();
        state["generation"].as_u64().unwrap()
    };
    let failed = generation();

    std::fs::write(&report, &text).unwrap();
    eventually("the fixed report is built", || generation() > failed);
    let home = get(at, "/", at);
    assert_eq!(home.status, 200);
    assert!(home.body.contains("instance-crash"), "the site's home page");
    let page = get(at, "/incidents/2025-01-15-instance-crash/", at);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("sev-critical"));
}
