//! What SIGINT, SIGTERM or SIGHUP does to a build: stop before writing, or stop writing and clean up, or let the renames finish.
//!
//! The signal handler only sets a flag; the build reads it between its steps and while it
//! writes, and returns an error that says it was interrupted (`main` exits with 130).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the build stands, as far as a signal cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Nothing of this build is on disk: the build stops at its next step, writing nothing.
    Idle,
    /// New files are being written to the staging folder: the writers stop at their next file
    /// and the staging folder is removed; the previous site stays whole.
    Writing,
    /// The files are being renamed into place, or are all in place: the build finishes.
    Placing,
}

static PHASE: Mutex<Phase> = Mutex::new(Phase::Idle);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes SIGINT, SIGTERM and SIGHUP stop `incidex build` cleanly (see [`Phase`]): the
/// handler sets the flag [`interrupted`] reads.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        // Taken so that the flag never changes while a build moves to its next phase.
        let _phase = PHASE.lock().unwrap_or_else(|e| e.into_inner());
        INTERRUPTED.store(true, Ordering::SeqCst);
    });
}

/// A signal asked the build to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Moves to `phase`; false (and no move) when a signal came first and `phase` would start
/// something new ([`Phase::Writing`] or [`Phase::Placing`]).
pub(crate) fn enter(phase: Phase) -> bool {
    let mut current = PHASE.lock().unwrap_or_else(|e| e.into_inner());
    if phase != Phase::Idle && interrupted() {
        return false;
    }
    *current = phase;
    true
}
