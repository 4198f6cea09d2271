//! `incidex lsp` driven as an editor drives it: a scripted client speaks JSON-RPC over the
//! server's stdin and stdout and checks what a writer would see (diagnostics at their places,
//! completions, hovers, fixes applied, the outline), and that bad input or a client that
//! vanishes never hangs or crashes the server. Built with the `lsp` feature (on by default).
#![cfg(feature = "lsp")]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// Long enough for a loaded machine; only a hang reaches it.
const PATIENCE: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    input: Option<ChildStdin>,
    received: Receiver<Value>,
    /// Notifications received while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(cwd: &Path) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("incidex"))
            .arg("lsp")
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = child.stdout.take().unwrap();
        let (sender, received) = channel();
        std::thread::spawn(move || {
            let mut output = BufReader::new(output);
            while let Some(message) = read_message(&mut output) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let input = child.stdin.take();
        Client {
            child,
            input,
            received,
            pending: Vec::new(),
            next_id: 0,
        }
    }

    /// A started server after `initialize` and `initialized`.
    fn initialized(cwd: &Path) -> Client {
        let mut client = Client::start(cwd);
        let answer = client.request("initialize", json!({"processId": null, "capabilities": {}}));
        assert_eq!(answer["result"]["serverInfo"]["name"], "incidex");
        client.notify("initialized", json!({}));
        client
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let input = self.input.as_mut().unwrap();
        input.write_all(bytes).unwrap();
        input.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its answer.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.received.recv_timeout(PATIENCE).expect("an answer");
            if message["id"] == id {
                return message;
            }
            self.pending.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let published = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.pending.iter().position(published) {
            let message = self.pending.remove(i);
            return message["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let message = self.received.recv_timeout(PATIENCE).expect("diagnostics");
            if published(&message) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.pending.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        let document = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
        self.diagnostics(uri)
    }

    /// The hover's text at a place of `uri`.
    fn hover(&mut self, uri: &str, line: u64, character: u64) -> String {
        let answer = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        answer["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The answer to a request for the code actions at a place of `uri`.
    fn code_actions(&mut self, uri: &str, line: u64, character: u64) -> Value {
        let at = json!({"line": line, "character": character});
        self.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": at, "end": at},
                "context": {"diagnostics": []},
            }),
        )
    }

    /// The labels of the completions at a place of `uri`.
    fn completion(&mut self, uri: &str, line: u64, character: u64) -> Vec<String> {
        let answer = self.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        answer["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    }

    /// Waits for the server to end; its exit code.
    fn exit_code(mut self) -> i32 {
        drop(self.input.take());
        let deadline = std::time::Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not end"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn read_message(output: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if output.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    output.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri_of(path: &Path) -> String {
    let text = path.to_str().unwrap();
    let mut uri = String::from("file://");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// A report as the template has it, with a severity misspelt, an unknown field whose label
/// holds an emoji, and accents before both.
const BROKEN: &str = "## Incident 2025-03-04 09:05

**Type :** Downtime
**Sévérité :** Critcal
**Durée :** 1h05
**Impact utilisateurs :** Oui - API indisponible 🙂
**Équipe 🔥 :** SRE
**Services :** api

### Cause
Un déploiement a cassé l'API.

### Symptômes
- Erreurs 502

### Actions Immédiates
1. Rollback

### Résolution
Rollback effectué.

### Prévention
- [ ] Ajouter un test (@alice, 2025-04-30)

### Coût Impact
- **Temps d'indisponibilité :** 1h05
- **Coût perdu :** ~1 200 €
- **Coût résolution :** N/A

### Références
- Tickets : OPS-1
";

/// A server started on a new site, with the report `content/2025-03-04-api.md` open holding
/// `text`: the site (kept while the test runs), the report's URI and the client.
fn opened(text: &str) -> (tempfile::TempDir, String, Client) {
    let site = site();
    let uri = uri_of(&site.path().join("content/2025-03-04-api.md"));
    let mut client = Client::initialized(site.path());
    client.open(&uri, text);
    (site, uri, client)
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("incidex.yaml"),
        "title: Incidents\nlanguage: fr\ntimezone: Europe/Paris\ncurrency: EUR\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    dir
}

/// `(line, start, end, code)` of each diagnostic, 0-based lines, UTF-16 columns.
fn places(diagnostics: &[Value]) -> Vec<(u64, u64, u64, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let range = &d["range"];
            assert_eq!(range["start"]["line"], range["end"]["line"]);
            (
                range["start"]["line"].as_u64().unwrap(),
                range["start"]["character"].as_u64().unwrap(),
                range["end"]["character"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_report_typed_in_the_editor_is_checked_completed_explained_and_fixed() {
    let site = site();
    let path = site.path().join("content/2025-03-04-api.md");
    let uri = uri_of(&path);
    let mut client = Client::initialized(site.path());

    // `**Sévérité :** ` is 15 characters (and 15 UTF-16 units), `Critcal` 7; the label
    // `Équipe 🔥` starts after `**` and is 6 characters, a space and an emoji of two units.
    let found = client.open(&uri, BROKEN);
    assert_eq!(
        places(&found),
        [(3, 15, 22, "E017".into()), (6, 2, 11, "W001".into())]
    );
    assert_eq!(found[0]["severity"], 1);
    assert_eq!(found[1]["severity"], 2);
    assert_eq!(found[0]["source"], "incidex");
    assert_eq!(
        found[0]["message"],
        "unknown severity `Critcal`\nexpected Critique, Haute, Moyenne or Basse"
    );
    assert_eq!(
        found[0]["relatedInformation"][0]["message"],
        "help: did you mean `Critique`?"
    );

    // The severities, in the report's language, replacing the value.
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 18}}),
    );
    let labels: Vec<&str> = items["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Critique", "Haute", "Moyenne", "Basse"]);
    assert_eq!(
        items["result"][0]["textEdit"]["range"],
        json!({"start": {"line": 3, "character": 15}, "end": {"line": 3, "character": 18}})
    );

    // 1h05 is 3,900 seconds, written the French way (a narrow no-break space groups digits).
    assert_eq!(
        client.hover(&uri, 4, 13),
        "**Durée**: 1 h 05 (3\u{202f}900 s)"
    );

    // The fix of the misspelt severity, applied as the editor applies it.
    let actions = client.code_actions(&uri, 3, 16);
    let actions = actions["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["title"], "Replace `Critcal` with `Critique`");
    assert_eq!(actions[0]["kind"], "quickfix");
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "Critique");
    assert_eq!(
        edit["range"],
        json!({"start": {"line": 3, "character": 15}, "end": {"line": 3, "character": 22}})
    );
    let fixed = BROKEN.replace("Critcal", "Critique");
    assert_eq!(
        places(&client.change(&uri, 2, &fixed)),
        [(6, 2, 11, "W001".into())]
    );
    let clean = fixed.replace("**Équipe 🔥 :** SRE\n", "");
    assert!(client.change(&uri, 3, &clean).is_empty());

    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let incident = &symbols["result"][0];
    assert_eq!(incident["name"], "Incident 2025-03-04 09:05");
    let sections: Vec<&str> = incident["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "Cause",
            "Symptômes",
            "Actions Immédiates",
            "Résolution",
            "Prévention",
            "Coût Impact",
            "Références"
        ]
    );

    assert_eq!(
        client.request("shutdown", Value::Null)["result"],
        Value::Null
    );
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 0);
}

#[test]
fn the_diagnostics_are_those_of_check_for_the_same_text() {
    let site = site();
    let path = site.path().join("content/2025-03-04-api.md");
    std::fs::write(&path, BROKEN).unwrap();
    let check = Command::new(assert_cmd::cargo::cargo_bin("incidex"))
        .args(["check", "--format", "json"])
        .current_dir(site.path())
        .output()
        .unwrap();
    let check: Vec<Value> = serde_json::from_slice(&check.stdout).unwrap();
    let mut client = Client::initialized(site.path());
    let found = client.open(&uri_of(&path), BROKEN);
    let from_check: Vec<(u64, String, String)> = check
        .iter()
        .map(|d| {
            let message = format!(
                "{}\n{}",
                d["message"].as_str().unwrap(),
                d["label"].as_str().unwrap_or("")
            );
            (
                d["line"].as_u64().unwrap() - 1,
                d["code"].as_str().unwrap().to_string(),
                message.trim_end().to_string(),
            )
        })
        .collect();
    let from_server: Vec<(u64, String, String)> = found
        .iter()
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(from_server, from_check);
}

#[test]
fn a_url_name_another_report_on_disk_has_is_a_clash_shown_in_the_open_report() {
    let site = site();
    let content = site.path().join("content");
    std::fs::write(
        content.join("2025-03-04-api.md"),
        BROKEN.replace("Critcal", "Haute"),
    )
    .unwrap();
    std::fs::create_dir(content.join("2025")).unwrap();
    // Folders do not enter the URL name: this one is `2025-03-04-api` too.
    let path = content.join("2025/2025-03-04-api.md");
    let uri = uri_of(&path);
    let mut client = Client::initialized(site.path());
    let found = client.open(&uri, &BROKEN.replace("Critcal", "Basse"));
    let clash: Vec<&Value> = found.iter().filter(|d| d["code"] == "E027").collect();
    assert_eq!(clash.len(), 1, "{found:?}");
    assert_eq!(
        clash[0]["message"],
        "2 reports have the URL name `2025-03-04-api`"
    );
    let related = clash[0]["relatedInformation"].as_array().unwrap();
    assert!(
        related
            .iter()
            .any(|r| r["location"]["uri"] == uri_of(&content.join("2025-03-04-api.md"))),
        "{related:?}"
    );
    // The other report renamed on disk: the clash goes at the next check.
    std::fs::rename(
        content.join("2025-03-04-api.md"),
        content.join("2025-03-04-db.md"),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&content.join("2025-03-04-api.md")), "type": 3}]}),
    );
    let found = client.diagnostics(&uri);
    assert!(!found.iter().any(|d| d["code"] == "E027"), "{found:?}");
}

#[test]
fn the_introduction_and_editor_leftovers_get_no_report_diagnostics() {
    let site = site();
    let mut client = Client::initialized(site.path());
    for name in ["_index.md", ".draft.md", "notes.md~", "#notes.md#"] {
        let uri = uri_of(&site.path().join("content").join(name));
        assert!(client.open(&uri, "# Bienvenue\n").is_empty(), "{name}");
    }
    // Outside the content folder: not a report either.
    let readme = uri_of(&site.path().join("README.md"));
    assert!(client.open(&readme, "# Archive\n").is_empty());
}

#[test]
fn a_report_outside_any_site_is_checked_with_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::initialized(dir.path());
    let uri = uri_of(&dir.path().join("2025-03-04-api.md"));
    let found = client.open(&uri, BROKEN);
    assert_eq!(
        places(&found),
        [(3, 15, 22, "E017".into()), (6, 2, 11, "W001".into())]
    );
    // The default settings: times in UTC, amounts in US dollars, written in English.
    assert_eq!(
        client.hover(&uri, 0, 14),
        "**Incident**: 4 Mar 2025, 09:05 (UTC)\n\nUTC: 2025-03-04T09:05:00Z"
    );
    assert_eq!(
        client.hover(&uri, 26, 20),
        "**Coût perdu**: ~€1,200.00\n\n1200 EUR, approximate"
    );
}

#[test]
fn hover_gives_the_date_in_the_sites_time_zone_and_in_utc() {
    let (_site, uri, mut client) = opened(BROKEN);
    // 09:05 in Paris on 4 March (winter time, UTC+1) is 08:05 UTC.
    assert_eq!(
        client.hover(&uri, 0, 20),
        "**Incident**: 4 mars 2025, 09:05 (Europe/Paris)\n\nUTC: 2025-03-04T08:05:00Z"
    );
    // A heading with a title after the date: the date alone.
    let titled = BROKEN.replace("09:05\n", "09:05 — Panne de l'API\n");
    client.change(&uri, 2, &titled);
    assert_eq!(
        client.hover(&uri, 0, 20),
        "**Incident**: 4 mars 2025, 09:05 (Europe/Paris)\n\nUTC: 2025-03-04T08:05:00Z"
    );
    assert_eq!(
        client.hover(&uri, 26, 20),
        "**Coût perdu**: ~1\u{202f}200,00\u{a0}€\n\n1200 EUR, approximate"
    );
}

#[test]
fn malformed_messages_are_skipped_and_a_client_that_vanishes_ends_the_server() {
    let site = site();
    let mut client = Client::start(site.path());
    // Before `initialize`, a request is refused with the protocol's code.
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    client.send_raw(b"Content-Length: 7\r\n\r\n{nope!}");
    client.send_raw(b"Content-Length: many\r\n\r\n");
    client.send_raw(b"Content-Length: 2\r\n\r\n[]");
    let answer = client.request("initialize", json!({"processId": null, "capabilities": {}}));
    assert_eq!(answer["result"]["serverInfo"]["name"], "incidex");
    // Parameters of the wrong shape: an error answer, and the server goes on.
    let wrong = client.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(wrong["error"]["code"], -32602);
    let unknown = client.request("textDocument/rename", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    client.notify("textDocument/didOpen", json!({"textDocument": "nope"}));
    let path = site.path().join("content/2025-03-04-api.md");
    assert_eq!(client.open(&uri_of(&path), BROKEN).len(), 2);
    // The editor goes away without `shutdown`: the server ends, with the protocol's code 1.
    assert_eq!(client.exit_code(), 1);
}

#[test]
fn exit_without_shutdown_ends_with_code_one() {
    let site = site();
    let mut client = Client::initialized(site.path());
    client.notify("exit", Value::Null);
    assert_eq!(client.exit_code(), 1);
}

#[test]
fn completion_offers_what_is_missing_and_what_the_archive_already_uses() {
    let site = site();
    let content = site.path().join("content");
    // On disk, another report names two services and an owner.
    let other = BROKEN
        .replace("Critcal", "Haute")
        .replace("**Équipe 🔥 :** SRE\n", "")
        .replace("**Services :** api", "**Services :** api, Base de données")
        .replace("@alice", "@bob");
    std::fs::write(content.join("2025-02-01-db.md"), other).unwrap();
    let uri = uri_of(&content.join("2025-03-04-api.md"));
    let mut client = Client::initialized(site.path());
    let text = "## Incident 2025-03-04 09:05\n\n**Type :** Downtime\n\nL'API ne répondait plus \n**Services :** api, \n\n### Cause\nx\n\n### Prévention\n- [ ] Un test (@\n### \n";
    client.open(&uri, text);
    let mut at = |line: u64, character: u64| client.completion(&uri, line, character);
    // An empty line among the fields: every field not written yet (Type and Services are),
    // in the template's order.
    assert_eq!(
        at(1, 0),
        [
            "Titre",
            "Date",
            "Sévérité",
            "Durée",
            "Impact utilisateurs",
            "Détecté",
            "Atténué",
            "Résolu",
            "Déclencheur",
            "Facteurs",
            "Tags",
            "Liés"
        ]
    );
    // A line of prose gets nothing.
    assert!(at(4, 24).is_empty());
    // After `**Services :** api, `: the services the archive names.
    assert_eq!(at(5, 20), ["Base de données", "api"]);
    // After `@` in Prévention: the owners other action items name.
    assert_eq!(at(11, 16), ["bob"]);
    // After `###`: the sections not written yet.
    assert_eq!(
        at(12, 4),
        [
            "Symptômes",
            "Actions Immédiates",
            "Résolution",
            "Coût Impact",
            "Références"
        ]
    );
}

#[test]
fn settings_edited_on_disk_apply_to_the_next_answer() {
    let (site, uri, mut client) = opened(BROKEN);
    assert!(client.hover(&uri, 0, 20).contains("(Europe/Paris)"));
    std::fs::write(
        site.path().join("incidex.yaml"),
        "title: Incidents\nlanguage: fr\ntimezone: UTC\n",
    )
    .unwrap();
    assert_eq!(
        client.hover(&uri, 0, 20),
        "**Incident**: 4 mars 2025, 09:05 (UTC)\n\nUTC: 2025-03-04T09:05:00Z"
    );
}

#[test]
fn fixes_asked_before_typing_pauses_see_the_new_text_and_diagnostics_still_follow() {
    let (_site, uri, mut client) = opened(&BROKEN.replace("Critcal", "Critique"));
    // The severity misspelt again, and a fix asked at once, before the pause.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": BROKEN.replace("Critcal", "Hautte")}],
        }),
    );
    let actions = client.code_actions(&uri, 3, 16);
    assert_eq!(
        actions["result"][0]["title"],
        "Replace `Hautte` with `Haute`"
    );
    let found = client.diagnostics(&uri);
    assert_eq!(
        places(&found),
        [(3, 15, 21, "E017".into()), (6, 2, 11, "W001".into())]
    );
}

#[test]
fn completion_offers_the_values_each_field_accepts() {
    let text = "## Incident 2025-03-04 09:05\n\n**Type :** \n**Impact utilisateurs :** \n**Déclencheur :** Dé\n";
    let (_site, uri, mut client) = opened(text);
    let mut at = |line: u64, character: u64| client.completion(&uri, line, character);
    // The template's words, in its order.
    assert_eq!(
        at(2, 11),
        ["Downtime", "Erreur", "Sécurité", "Performance", "Coût"]
    );
    assert_eq!(at(3, 26), ["Oui -", "Non -"]);
    assert_eq!(
        at(4, 20),
        [
            "Déploiement",
            "Configuration",
            "Capacité",
            "Dépendance",
            "Matériel",
            "Sécurité",
            "Inconnu"
        ]
    );
}

#[test]
fn completion_in_front_matter_offers_its_keys_and_values() {
    let text =
        "---\ntitle: Panne\nse\nseverity: \nuser_impact: \n---\n## Incident 2025-03-04 09:05\n";
    let (_site, uri, mut client) = opened(text);
    let mut at = |line: u64, character: u64| client.completion(&uri, line, character);
    // `se`: the keys that start so (`severity` is written already), then a value of `severity`.
    assert_eq!(at(2, 2), ["services"]);
    assert_eq!(at(3, 10), ["Critique", "Haute", "Moyenne", "Basse"]);
    assert_eq!(at(4, 13), ["Oui -", "Non -"]);
    // An empty line: every key not written yet, `title`, `severity` and `user_impact` left out.
    let keys = at(2, 0);
    assert_eq!(keys.len(), 16, "{keys:?}");
    assert!(
        !keys
            .iter()
            .any(|k| k == "title" || k == "severity" || k == "user_impact")
    );
    // The fences themselves get nothing.
    assert!(at(0, 3).is_empty());
}
