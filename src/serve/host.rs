//! Which `Host` the preview answers: this machine's names only, unless it was put on the
//! network on purpose, so that a web page cannot read it through DNS rebinding.

use std::net::IpAddr;

/// The hosts a request may be addressed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    /// Listening on loopback: `localhost`, `127.0.0.1`, `[::1]` and the address given to
    /// `--bind`. Any other name is another site's page that had its name resolved to this
    /// machine (DNS rebinding).
    ThisMachine(Vec<String>),
    /// Listening on a network address, asked for with `--bind`: the other machines may use
    /// any name or address of this one, so every `Host` is answered.
    Any,
}

impl Hosts {
    /// The rule for a server listening on `ip`, asked for with `--bind <bind>`.
    pub fn listening_on(ip: IpAddr, bind: &str) -> Hosts {
        if !ip.is_loopback() {
            return Hosts::Any;
        }
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .map(String::from)
            .to_vec();
        for name in [host_form(ip), bind_form(bind)] {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Hosts::ThisMachine(names)
    }

    /// Whether a request whose `Host` header is `value` is for this preview.
    pub fn allow(&self, value: &str) -> bool {
        match self {
            Hosts::Any => true,
            Hosts::ThisMachine(names) => host_name(value).is_some_and(|h| names.contains(&h)),
        }
    }
}

/// An address as a `Host` header writes it: IPv6 in brackets.
fn host_form(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// `--bind`'s value as a `Host` header writes it (a name is kept as it is).
fn bind_form(bind: &str) -> String {
    let bare = bind.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => host_form(ip),
        Err(_) => bind.to_ascii_lowercase(),
    }
}

/// The host of a `Host` header value, lower-cased, without its port and a final dot; None
/// when it is not a host (an IPv6 address outside brackets, a port that is not a number).
fn host_name(value: &str) -> Option<String> {
    let value = value.trim().to_ascii_lowercase();
    let (host, port) = if value.starts_with('[') {
        let end = value.find(']')?;
        (&value[..=end], &value[end + 1..])
    } else {
        let colon = value.find(':').unwrap_or(value.len());
        (&value[..colon], &value[colon..])
    };
    if let Some(digits) = port.strip_prefix(':') {
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    } else if !port.is_empty() {
        return None;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> Hosts {
        Hosts::listening_on("127.0.0.1".parse().unwrap(), "127.0.0.1")
    }

    #[test]
    fn loopback_names_are_answered_with_any_port_and_case() {
        let hosts = loopback();
        for ok in [
            "localhost",
            "LocalHost:1111",
            "127.0.0.1:1111",
            "127.0.0.1",
            "[::1]:8080",
            "[::1]",
            "localhost.:1111",
            " localhost ",
        ] {
            assert!(hosts.allow(ok), "{ok}");
        }
    }

    #[test]
    fn other_names_are_refused() {
        let hosts = loopback();
        for bad in [
            "attacker.example",
            "attacker.example:1111",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
            "127.0.0.2",
            "::1",
            "[::1]x",
            "localhost:abc",
            "localhost:1111:1",
            "",
            ":1111",
            "[::1",
        ] {
            assert!(!hosts.allow(bad), "{bad}");
        }
    }

    #[test]
    fn the_bound_address_is_answered_too() {
        let hosts = Hosts::listening_on("127.0.0.2".parse().unwrap(), "127.0.0.2");
        assert!(hosts.allow("127.0.0.2:1111"));
        let hosts = Hosts::listening_on("::1".parse().unwrap(), "::1");
        assert!(hosts.allow("[::1]:1111"));
        let hosts = Hosts::listening_on("127.0.0.1".parse().unwrap(), "LocalHost");
        assert!(hosts.allow("localhost"));
        assert!(!hosts.allow("attacker.example"));
    }

    #[test]
    fn a_network_address_answers_every_host() {
        for bind in ["0.0.0.0", "192.168.1.20", "::"] {
            let hosts = Hosts::listening_on(bind.parse().unwrap(), bind);
            assert_eq!(hosts, Hosts::Any);
            assert!(hosts.allow("my-laptop.local:1111"));
        }
    }
}
