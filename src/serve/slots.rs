//! At most so many connections at once, each with its own thread: a slow or idle client
//! gives way to a new one instead of holding a thread for ever.

use std::collections::BTreeMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// The bounds of the preview server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections at once, live-reload streams included.
    pub connections: usize,
    /// Live-reload streams at once (one per open page): the rest of the connections stay
    /// free for requests.
    pub streams: usize,
    /// Time to send the request line and headers, from the connection on.
    pub request_time: Duration,
    /// Time a write may wait for a client that does not read.
    pub write_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 64,
            streams: 32,
            request_time: Duration::from_secs(10),
            write_time: Duration::from_secs(10),
        }
    }
}

/// How long a new connection may wait for a slot when every one is busy answering.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(1);

#[derive(Default)]
struct Open {
    connections: usize,
    streams: usize,
    next: u64,
    /// The connections still sending their request, oldest first (ids grow): the first to
    /// close when a new one needs their place.
    requesting: BTreeMap<u64, TcpStream>,
}

/// The connections open, shared by the accepting thread and the connections' threads.
pub struct Slots {
    limits: Limits,
    open: Mutex<Open>,
    freed: Condvar,
}

impl Slots {
    pub fn new(limits: Limits) -> Arc<Slots> {
        Arc::new(Slots {
            limits,
            open: Mutex::default(),
            freed: Condvar::new(),
        })
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for `stream`, or None when every slot is busy answering. At the limit, the
    /// connection that has waited longest without sending its request is closed first: it
    /// is idle or slow, while a browser sends its request as soon as it connects.
    pub fn admit(self: &Arc<Self>, stream: &TcpStream) -> Option<Slot> {
        let mut open = self.lock();
        if open.connections >= self.limits.connections
            && let Some((_, idle)) = open.requesting.pop_first()
        {
            // Its thread's read returns at once; the thread ends and frees the slot.
            let _ = idle.shutdown(Shutdown::Both);
        }
        let (mut open, _) = self
            .freed
            .wait_timeout_while(open, WAIT_FOR_SLOT, |o| {
                o.connections >= self.limits.connections
            })
            .unwrap_or_else(|e| e.into_inner());
        if open.connections >= self.limits.connections {
            return None;
        }
        open.connections += 1;
        open.next += 1;
        let id = open.next;
        if let Ok(clone) = stream.try_clone() {
            open.requesting.insert(id, clone);
        }
        Some(Slot {
            slots: self.clone(),
            id,
            stream: false,
        })
    }
}

/// One open connection's place; given back when dropped.
pub struct Slot {
    slots: Arc<Slots>,
    id: u64,
    stream: bool,
}

impl Slot {
    /// How long the client has to send its request.
    pub fn request_time(&self) -> Duration {
        self.slots.limits.request_time
    }

    /// The request has arrived: the connection is no longer closed to make room.
    pub fn request_read(&self) {
        self.slots.lock().requesting.remove(&self.id);
    }

    /// Makes this connection a live-reload stream; false when there are enough of them.
    pub fn become_stream(&mut self) -> bool {
        let mut open = self.slots.lock();
        if open.streams >= self.slots.limits.streams {
            return false;
        }
        open.streams += 1;
        self.stream = true;
        true
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.lock();
        open.requesting.remove(&self.id);
        open.connections -= 1;
        if self.stream {
            open.streams -= 1;
        }
        drop(open);
        self.slots.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// A connected pair: (the server's side, the client's side).
    fn connection(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (listener.accept().unwrap().0, client)
    }

    #[test]
    fn at_the_limit_the_oldest_idle_connection_makes_room_and_busy_ones_do_not() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let slots = Slots::new(Limits {
            connections: 2,
            streams: 1,
            ..Limits::default()
        });
        let (a, mut a_client) = connection(&listener);
        let (b, _b_client) = connection(&listener);
        let (c, _c_client) = connection(&listener);
        let slot_a = slots.admit(&a).unwrap();
        let slot_b = slots.admit(&b).unwrap();
        // Full: the oldest idle connection, a, is closed; its slot is free once its thread
        // lets go of it.
        let closer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            drop(slot_a);
        });
        let slot_c = slots.admit(&c).expect("a made room");
        closer.join().unwrap();
        let mut buf = [0u8; 1];
        assert_eq!(a_client.read(&mut buf).unwrap(), 0, "a was closed");
        // b and c have sent their requests: nothing to close, the next one is refused.
        slot_b.request_read();
        slot_c.request_read();
        let (d, _d_client) = connection(&listener);
        assert!(slots.admit(&d).is_none());
        // One live-reload stream at most.
        let mut slot_b = slot_b;
        let mut slot_c = slot_c;
        assert!(slot_b.become_stream());
        assert!(!slot_c.become_stream());
        drop(slot_b);
        assert!(slot_c.become_stream());
        assert!(slots.admit(&d).is_some());
    }
}
