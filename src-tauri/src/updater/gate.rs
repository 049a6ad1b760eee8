//! An update is installed only when no link is being created, and no link is created while an
//! update installs: a create cut off by the installer's restart would be left "unknown".

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Gate {
    creates: AtomicUsize,
    installing: AtomicBool,
}

/// Held for the whole of a create; dropping it lets an install begin.
#[derive(Debug)]
pub struct CreateTicket(Arc<Gate>);

impl Drop for CreateTicket {
    fn drop(&mut self) {
        self.0.creates.fetch_sub(1, SeqCst);
    }
}

/// Held while an update installs; dropped when the install failed (success restarts the app).
#[derive(Debug)]
pub struct InstallTicket(Arc<Gate>);

impl Drop for InstallTicket {
    fn drop(&mut self) {
        self.0.installing.store(false, SeqCst);
    }
}

impl Gate {
    /// `None` while an update installs. Each side announces itself before it looks at the other
    /// (both `SeqCst`), so a create and an install that start together never both go ahead.
    pub fn enter_create(self: &Arc<Self>) -> Option<CreateTicket> {
        self.creates.fetch_add(1, SeqCst);
        if self.installing.load(SeqCst) {
            self.creates.fetch_sub(1, SeqCst);
            return None;
        }
        Some(CreateTicket(self.clone()))
    }

    /// `None` while a link is being created (or another install runs).
    pub fn begin_install(self: &Arc<Self>) -> Option<InstallTicket> {
        if self.installing.swap(true, SeqCst) {
            return None;
        }
        if self.creates.load(SeqCst) > 0 {
            self.installing.store(false, SeqCst);
            return None;
        }
        Some(InstallTicket(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_install_waits_for_every_create_and_blocks_new_ones() {
        let gate = Arc::new(Gate::default());
        let first = gate.enter_create().expect("create");
        let second = gate.enter_create().expect("a second create");
        assert!(gate.begin_install().is_none(), "two creates in flight");
        drop(first);
        assert!(gate.begin_install().is_none(), "one create still in flight");
        drop(second);
        let install = gate.begin_install().expect("no create left");
        assert!(gate.enter_create().is_none(), "no create while installing");
        assert!(gate.begin_install().is_none(), "one install at a time");
        drop(install);
        assert!(gate.enter_create().is_some(), "a failed install frees the gate");
    }

    #[test]
    fn creates_and_an_install_racing_never_overlap() {
        for _ in 0..200 {
            let gate = Arc::new(Gate::default());
            let g = gate.clone();
            let creator = std::thread::spawn(move || g.enter_create().map(std::mem::forget).is_some());
            let installed = gate.begin_install().map(std::mem::forget).is_some();
            let created = creator.join().unwrap();
            assert!(!(created && installed), "a create and an install both went ahead");
        }
    }
}
