//! The preview server: GET and HEAD only, files from the last good build in memory, live reload.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::host::Hosts;
use super::slots::{Limits, Slot, Slots};
use crate::render::headers::SECURITY_HEADERS;

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

/// Accepts connections forever, one thread each, at most [`Limits::connections`] at once:
/// beyond, a connection is answered 503 at once, without a thread.
pub fn run(listener: TcpListener, shared: Arc<Shared>, hosts: Hosts, limits: Limits) {
    let slots = Slots::new(limits);
    let hosts = Arc::new(hosts);
    for stream in listener.incoming().flatten() {
        let _ = stream.set_write_timeout(Some(slots.limits().write_time));
        let Some(slot) = slots.admit(&stream) else {
            busy(stream);
            continue;
        };
        let (shared, hosts) = (shared.clone(), hosts.clone());
        let _ = std::thread::Builder::new()
            .name("incidex-http".into())
            .spawn(move || handle(stream, &shared, &hosts, slot));
    }
}

/// The answer when every connection is taken, written by the accepting thread: short, and
/// into the socket's buffer, so it never waits for the client.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
    let mut answer = Answer::text(
        503,
        "busy: the preview has too many connections open; try again\n",
    );
    answer.headers.push(("Retry-After", "1".into()));
    let _ = respond(&mut stream, &answer, false);
}

struct Request {
    method: String,
    target: String,
    version: String,
    /// Every `Host` header's value (one is expected).
    hosts: Vec<String>,
}

/// Reads from a stream until a deadline: a client that sends its request a byte at a time
/// cannot hold the connection past it.
struct Until<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for Until<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

/// Reads the request line and headers (bounded: 16 KiB, `time` from now).
fn read_request(stream: &TcpStream, time: Duration) -> Option<Request> {
    let until = Until {
        stream,
        deadline: Instant::now() + time,
    };
    let mut reader = BufReader::new(until.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let version = parts.next().unwrap_or("HTTP/1.0").to_string();
    let mut hosts = Vec::new();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => return None,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {
                if let Some((name, value)) = header.split_once(':')
                    && name.trim().eq_ignore_ascii_case("host")
                {
                    hosts.push(value.trim().to_string());
                }
            }
            Err(_) => return None,
        }
    }
    Some(Request {
        method,
        target,
        version,
        hosts,
    })
}

/// Why a request is not answered: (status, plain-text reason).
fn refusal(request: &Request, hosts: &Hosts) -> Option<(u16, &'static str)> {
    match request.hosts.as_slice() {
        [] if request.version == "HTTP/1.1" => {
            return Some((400, "bad request: a Host header is required\n"));
        }
        [] => {}
        [host] => {
            if !hosts.allow(host) {
                return Some((
                    421,
                    "misdirected request: this preview answers only requests for localhost, \
                     127.0.0.1, [::1] or the address it listens on (another name pointing here \
                     may be a web page reading the preview through DNS rebinding)\n",
                ));
            }
        }
        _ => return Some((400, "bad request: more than one Host header\n")),
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Some((
            405,
            "method not allowed: the preview only serves GET and HEAD\n",
        ));
    }
    if !request.target.starts_with('/') {
        return Some((400, "bad request: the target must be a path\n"));
    }
    None
}

fn handle(mut stream: TcpStream, shared: &Shared, hosts: &Hosts, mut slot: Slot) {
    let Some(request) = read_request(&stream, slot.request_time()) else {
        let _ = respond(&mut stream, &Answer::text(400, "bad request\n"), false);
        return;
    };
    slot.request_read();
    let head = request.method == "HEAD";
    if let Some((status, why)) = refusal(&request, hosts) {
        let mut answer = Answer::text(status, why);
        if status == 405 {
            answer.headers.push(("Allow", "GET, HEAD".into()));
        }
        let _ = respond(&mut stream, &answer, false);
        return;
    }
    let path = request.target.split(['?', '#']).next().unwrap_or("/");
    if path == "/__incidex/events" {
        if slot.become_stream() {
            events(stream, shared);
        } else {
            let busy = Answer::text(503, "busy: too many pages are open for live reload\n");
            let _ = respond(&mut stream, &busy, head);
        }
        return;
    }
    let _ = respond(&mut stream, &answer(shared, path), head);
}

/// A response, but the headers every response has.
struct Answer {
    status: u16,
    content_type: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Arc<Vec<u8>>,
}

impl Answer {
    fn new(status: u16, content_type: &'static str, body: impl Into<Arc<Vec<u8>>>) -> Answer {
        Answer {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn text(status: u16, text: &str) -> Answer {
        Answer::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }
}

/// The answer to a GET of `path` (a HEAD leaves out the body).
fn answer(shared: &Shared, path: &str) -> Answer {
    let state = shared.current();
    match path {
        "/__incidex/state.json" => {
            let body =
                serde_json::json!({"generation": state.generation, "problems": state.problems});
            return Answer::new(200, "application/json", body.to_string().into_bytes());
        }
        "/__incidex/live.js" => {
            let script = LIVE_JS.as_bytes().to_vec();
            return Answer::new(200, "text/javascript; charset=utf-8", script);
        }
        _ => {}
    }
    if state.files.is_empty() {
        // No build has succeeded yet: every page is the problems, with the live-reload script
        // that shows the site once they are fixed.
        return Answer::new(503, "text/html; charset=utf-8", no_site_page(&state));
    }
    match resolve(&state, path) {
        Resolved::File(name) => {
            let bytes = state.files[&name].clone();
            match content_type(&name) {
                html if html.starts_with("text/html") => {
                    Answer::new(200, html, with_live_script(&bytes, state.generation))
                }
                other => Answer::new(200, other, bytes),
            }
        }
        Resolved::Redirect(to) => {
            let mut moved = Answer::text(301, "moved\n");
            moved.headers.push(("Location", to));
            moved
        }
        Resolved::Missing => {
            let body = match state.files.get("404.html") {
                Some(page) => with_live_script(page, state.generation),
                None => b"not found\n".to_vec(),
            };
            Answer::new(404, "text/html; charset=utf-8", body)
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

/// The page served for every path while no build has succeeded: the problems, and the
/// live-reload script, which shows them over the page and reloads it once they are fixed.
fn no_site_page(state: &SiteState) -> Vec<u8> {
    let mut page = String::from(concat!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<title>incidex: the archive cannot be built</title>\n</head>\n",
        "<body data-incidex=\"no-build\">\n",
        "<h1>The archive cannot be built</h1>\n",
        "<p>Fix these problems and save: the archive shows here as soon as it builds.</p>\n<ul>\n"
    ));
    for problem in &state.problems {
        let place = match problem.line {
            0 => problem.file.clone(),
            line => format!("{}:{line}:{}", problem.file, problem.column),
        };
        let item = format!(
            "{}[{}] {place}: {}",
            problem.severity, problem.code, problem.message
        );
        page.push_str("<li>");
        pulldown_cmark_escape::escape_html(&mut page, &item).ok();
        page.push_str("</li>\n");
    }
    page.push_str("</ul>\n</body>\n</html>\n");
    with_live_script(page.as_bytes(), state.generation)
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "txt" | "log" | "md" | "_headers" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, answer: &Answer, head: bool) -> std::io::Result<()> {
    let mut response = status_and_headers(answer.status, answer.content_type);
    response.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n",
        answer.body.len()
    ));
    for (name, value) in &answer.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes())?;
    if !head {
        stream.write_all(&answer.body)?;
    }
    stream.flush()
}

/// The status line and the headers of every response: no caching, and the security headers
/// of the published site (`_headers`).
fn status_and_headers(status: u16, content_type: &str) -> String {
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        503 => "Service Unavailable",
        _ => "",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nCache-Control: no-store\r\n"
    );
    for (name, value) in SECURITY_HEADERS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head
}

/// Server-sent events: the current state at once, then every change, until the page goes.
fn events(mut stream: TcpStream, shared: &Shared) {
    let mut header = status_and_headers(200, "text/event-stream");
    header.push_str("Connection: keep-alive\r\n\r\n");
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
    fn the_page_without_a_site_shows_the_problems_as_text() {
        let state = SiteState {
            generation: 1,
            files: Arc::default(),
            problems: vec![Problem {
                severity: "error".into(),
                code: "E017".into(),
                file: "content/a.md".into(),
                line: 4,
                column: 16,
                message: "unknown severity `<script>x</script>`".into(),
            }],
        };
        let page = String::from_utf8(no_site_page(&state)).unwrap();
        assert!(
            page.contains(
                "<li>error[E017] content/a.md:4:16: unknown severity `&lt;script&gt;x&lt;/script&gt;`</li>"
            ),
            "{page}"
        );
        assert!(page.contains("data-generation=\"1\""), "{page}");
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
        assert_eq!(content_type("_headers"), "text/plain; charset=utf-8");
    }
}
