//! `incidex lsp`: the language server over stdio: the protocol's framing read on a thread of
//! its own (a malformed message is skipped, never the end), the pause before a check, and
//! the end when the editor says `exit` or goes away.

#![cfg_attr(not(feature = "lsp"), allow(unused_imports))]

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Instant;

#[cfg(feature = "lsp")]
use incidex::lsp::{Server, Step};
#[cfg(feature = "lsp")]
use lsp_server::Message;

use super::{CommandError, Outcome};

/// Without the `lsp` feature: what to install instead.
#[cfg(not(feature = "lsp"))]
pub fn run() -> Result<Outcome, CommandError> {
    Err(CommandError::Fatal(incidex::error::Fatal::with_help(
        "this incidex was built without the language server (feature `lsp`)",
        "install it with its default features (`cargo install --locked --git https://github.com/incidex/incidex incidex`), or take a release binary",
    )))
}

#[cfg(feature = "lsp")]
/// The largest message read; a larger one is skipped (no report comes near it).
const LARGEST_MESSAGE: usize = 64 * 1024 * 1024;

/// What the reading thread hands over.
#[cfg(feature = "lsp")]
enum Incoming {
    Message(Message),
    /// A message that could not be read, and why; the next one is read all the same.
    Malformed(String),
}

#[cfg(feature = "lsp")]
/// Serves until the editor says `exit` (exit code 0 after `shutdown`, 1 without) or closes
/// its end of the pipe (1).
pub fn run() -> Result<Outcome, CommandError> {
    let (sender, received) = mpsc::channel();
    std::thread::spawn(move || {
        let mut input = BufReader::new(std::io::stdin().lock());
        loop {
            let incoming = match read_message(&mut input) {
                Ok(Some(incoming)) => incoming,
                // The editor closed the pipe, or it broke.
                Ok(None) | Err(_) => return,
            };
            if sender.send(incoming).is_err() {
                return;
            }
        }
    });
    let mut server = Server::new();
    let mut output = std::io::stdout().lock();
    let mut out = Vec::new();
    loop {
        let waited = match server.next_due() {
            Some(due) => received.recv_timeout(due.saturating_duration_since(Instant::now())),
            None => received.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let step = match waited {
            Ok(Incoming::Message(message)) => server.handle(message, Instant::now(), &mut out),
            Ok(Incoming::Malformed(why)) => {
                tell!("incidex lsp: skipped a message that cannot be read: {why}");
                Step::Go
            }
            Err(RecvTimeoutError::Timeout) => Step::Go,
            // Gone without a word: the protocol's code for an exit without shutdown.
            Err(RecvTimeoutError::Disconnected) => Step::Exit(1),
        };
        server.check_due(Instant::now(), &mut out);
        for message in out.drain(..) {
            if message.write(&mut output).is_err() {
                return Ok(Outcome::ReportsNeedFixing);
            }
        }
        let _ = output.flush();
        match step {
            Step::Go => {}
            Step::Exit(0) => return Ok(Outcome::Done),
            Step::Exit(_) => return Ok(Outcome::ReportsNeedFixing),
        }
    }
}

#[cfg(feature = "lsp")]
/// Reads one message: headers up to an empty line, then `Content-Length` bytes of JSON. None
/// at the end of the input.
fn read_message(input: &mut impl BufRead) -> std::io::Result<Option<Incoming>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_some() {
                break;
            }
            // Blank lines between messages are skipped.
            continue;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("`Content-Length: {}` is not a length", value.trim())),
            );
        }
    }
    let length = match length {
        Some(Ok(length)) => length,
        Some(Err(why)) => return Ok(Some(Incoming::Malformed(why))),
        None => unreachable!("the loop ends only once a length was read"),
    };
    if length > LARGEST_MESSAGE {
        std::io::copy(&mut input.take(length as u64), &mut std::io::sink())?;
        return Ok(Some(Incoming::Malformed(format!(
            "a message of {length} bytes is larger than {LARGEST_MESSAGE}"
        ))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(match serde_json::from_slice::<Message>(&body) {
        Ok(message) => Incoming::Message(message),
        Err(e) => Incoming::Malformed(format!("not a JSON-RPC message: {e}")),
    }))
}

#[cfg(all(test, feature = "lsp"))]
mod tests {
    use super::*;

    fn read_all(input: &str) -> Vec<String> {
        let mut input = BufReader::new(input.as_bytes());
        let mut found = Vec::new();
        while let Some(incoming) = read_message(&mut input).unwrap() {
            found.push(match incoming {
                Incoming::Message(Message::Request(r)) => format!("request {}", r.method),
                Incoming::Message(Message::Notification(n)) => format!("notification {}", n.method),
                Incoming::Message(Message::Response(_)) => "response".into(),
                Incoming::Malformed(why) => format!("malformed: {why}"),
            });
        }
        found
    }

    #[test]
    fn a_malformed_message_is_skipped_and_the_next_one_read() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Length: 5\r\n\r\n{{oops\
             Content-Length: x\r\n\r\n\
             Content-Length: {}\r\n\r\n{good}",
            good.len()
        );
        assert_eq!(
            read_all(&input),
            [
                "malformed: not a JSON-RPC message: key must be a string at line 1 column 2",
                "malformed: `Content-Length: x` is not a length",
                "notification initialized",
            ]
        );
    }
}
