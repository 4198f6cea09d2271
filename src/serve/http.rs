//! The preview server: GET and HEAD only, files from the last good build in memory, live reload.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use serde::Serialize;

/// Where the live-reload script and its event stream are served; no site page can live here.
pub const LIVE_PREFIX: &str = "/__incidex/";

const LIVE_JS: &str = include_str!("live.js");

/// One problem shown in the browser's overlay.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub severity: String,
    pub code: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What the server shows: the files of the last good build and, when the latest build
/// failed, its problems.
#[derive(Debug, Default)]
pub struct SiteState {
    /// Grows with every build, good or bad; pages reload when it changes.
    pub generation: u64,
    /// By path from the site root (`index.html`, `incidents/x/index.html`); shared, so that a
    /// failed build keeps the last good files without copying them.
    pub files: Arc<HashMap<String, Arc<Vec<u8>>>>,
    /// Empty when the latest build succeeded.
    pub problems: Vec<Problem>,
}

/// The state shared by the server's threads and the watcher.
#[derive(Default)]
pub struct Shared {
    state: Mutex<Arc<SiteState>>,
    changed: Condvar,
}

impl Shared {
    pub fn current(&self) -> Arc<SiteState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Publishes a new state and wakes every open page.
    pub fn publish(&self, state: SiteState) {
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(state);
        self.changed.notify_all();
    }

    /// Waits until the generation differs from `seen`, or `timeout` passes.
    fn wait_change(&self, seen: u64, timeout: Duration) -> Arc<SiteState> {
        let guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        guard.clone()
    }
}

/// Accepts connections forever, one thread each.
pub fn run(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming().flatten() {
        let shared = shared.clone();
        let _ = std::thread::Builder::new()
            .name("incidex-http".into())
            .spawn(move || handle(stream, &shared));
    }
}

struct Request {
    method: String,
    path: String,
}

/// Reads the request line and headers (bounded: 16 KiB, 10 s).
fn read_request(stream: &TcpStream) -> Option<Request> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    Some(Request { method, path })
}

fn handle(mut stream: TcpStream, shared: &Shared) {
    let Some(request) = read_request(&stream) else {
        let _ = respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            &[],
            b"bad request\n",
            false,
        );
        return;
    };
    let head = request.method == "HEAD";
    if request.method != "GET" && !head {
        let _ = respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            &[("Allow", "GET, HEAD")],
            b"method not allowed: the preview only serves GET and HEAD\n",
            false,
        );
        return;
    }
    let path = request.path.split(['?', '#']).next().unwrap_or("/");
    if path == "/__incidex/events" {
        events(stream, shared);
        return;
    }
    if path == "/__incidex/state.json" {
        let state = shared.current();
        let body = serde_json::json!({"generation": state.generation, "problems": state.problems})
            .to_string();
        let _ = respond(
            &mut stream,
            200,
            "application/json",
            &[],
            body.as_bytes(),
            head,
        );
        return;
    }
    if path == "/__incidex/live.js" {
        let _ = respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            &[],
            LIVE_JS.as_bytes(),
            head,
        );
        return;
    }
    let state = shared.current();
    match resolve(&state, path) {
        Resolved::File(name) => {
            let bytes = &state.files[&name];
            let content_type = content_type(&name);
            if content_type.starts_with("text/html") {
                let page = with_live_script(bytes, state.generation);
                let _ = respond(&mut stream, 200, content_type, &[], &page, head);
            } else {
                let _ = respond(&mut stream, 200, content_type, &[], bytes, head);
            }
        }
        Resolved::Redirect(to) => {
            let _ = respond(
                &mut stream,
                301,
                "text/plain; charset=utf-8",
                &[("Location", &to)],
                b"moved\n",
                head,
            );
        }
        Resolved::Missing => {
            let body = match state.files.get("404.html") {
                Some(page) => with_live_script(page, state.generation),
                None => b"not found\n".to_vec(),
            };
            let _ = respond(
                &mut stream,
                404,
                "text/html; charset=utf-8",
                &[],
                &body,
                head,
            );
        }
    }
}

enum Resolved {
    File(String),
    Redirect(String),
    Missing,
}

/// Maps a URL path to a file of the site. Only names the build produced can be served, so
/// `..`, encoded traversal and symbolic links cannot reach anything else.
fn resolve(state: &SiteState, path: &str) -> Resolved {
    let Some(decoded) = percent_decode(path) else {
        return Resolved::Missing;
    };
    if !decoded.starts_with('/')
        || decoded.contains('\0')
        || decoded.contains('\\')
        || decoded.split('/').any(|part| part == ".." || part == ".")
    {
        return Resolved::Missing;
    }
    let relative = &decoded[1..];
    if relative.is_empty() || relative.ends_with('/') {
        let name = format!("{relative}index.html");
        return if state.files.contains_key(&name) {
            Resolved::File(name)
        } else {
            Resolved::Missing
        };
    }
    if state.files.contains_key(relative) {
        return Resolved::File(relative.to_string());
    }
    if state.files.contains_key(&format!("{relative}/index.html")) {
        return Resolved::Redirect(format!("{path}/"));
    }
    Resolved::Missing
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
            let (hi, lo) = (hex(bytes.get(i + 1))?, hex(bytes.get(i + 2))?);
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The page with the live-reload script, which exists only in served pages.
fn with_live_script(page: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"/__incidex/live.js\" data-generation=\"{generation}\" defer></script>"
    );
    let text = String::from_utf8_lossy(page);
    match text.rfind("</head>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "log" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Server-sent events: the current state at once, then every change, until the page goes.
fn events(mut stream: TcpStream, shared: &Shared) {
    let header = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if stream.write_all(header.as_bytes()).is_err() {
        return;
    }
    let mut state = shared.current();
    loop {
        let event = serde_json::json!({"generation": state.generation, "problems": state.problems});
        let message = format!("data: {event}\n\n");
        if stream
            .write_all(message.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
        let seen = state.generation;
        loop {
            state = shared.wait_change(seen, Duration::from_secs(15));
            if state.generation != seen {
                break;
            }
            // A comment keeps the connection alive and tells a closed page from an open one.
            if stream
                .write_all(b": ping\n\n")
                .and_then(|_| stream.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> SiteState {
        let mut files = HashMap::new();
        for name in [
            "index.html",
            "incidents/a/index.html",
            "static/style.css",
            "404.html",
        ] {
            files.insert(
                name.to_string(),
                Arc::new(b"<html><head></head></html>".to_vec()),
            );
        }
        SiteState {
            generation: 3,
            files: files.into(),
            problems: Vec::new(),
        }
    }

    fn name(r: Resolved) -> String {
        match r {
            Resolved::File(n) => n,
            Resolved::Redirect(to) => format!("-> {to}"),
            Resolved::Missing => "missing".into(),
        }
    }

    #[test]
    fn paths_map_to_built_files_only() {
        let s = state();
        assert_eq!(name(resolve(&s, "/")), "index.html");
        assert_eq!(name(resolve(&s, "/incidents/a/")), "incidents/a/index.html");
        assert_eq!(name(resolve(&s, "/incidents/a")), "-> /incidents/a/");
        assert_eq!(name(resolve(&s, "/static/style.css")), "static/style.css");
        assert_eq!(name(resolve(&s, "/%69ndex.html")), "index.html");
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/incidents/../index.html",
            "/x%00",
            "/..%5cindex.html",
            "/%zz",
            "/nope/",
        ] {
            assert_eq!(name(resolve(&s, bad)), "missing", "{bad}");
        }
    }

    #[test]
    fn the_live_script_goes_into_served_pages() {
        let page = with_live_script(
            b"<html><head><title>x</title></head><body></body></html>",
            7,
        );
        let page = String::from_utf8(page).unwrap();
        assert!(
            page.contains(
                "<script src=\"/__incidex/live.js\" data-generation=\"7\" defer></script></head>"
            ),
            "{page}"
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("static/style.1234.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("stats.json"), "application/json");
        assert_eq!(content_type("files/graph.PNG"), "image/png");
        assert_eq!(content_type("files/blob"), "application/octet-stream");
    }
}
