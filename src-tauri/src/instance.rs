//! Linux: one Tahsildar per data folder through a D-Bus name, the single-instance plugin's. A
//! second launch calls the running one ("show your window") and quits. But an instance that is
//! still exiting holds the name without answering: the call fails ("NoReply": it left without
//! replying) and the plugin's error stopped the app with a message box, so a quick quit and
//! relaunch did not open. So before the plugin we make that call ourselves, and try again
//! while the name's owner does not answer: once it has left, the name is free and this launch
//! goes on (the plugin takes the name). One that neither answers nor leaves is treated as not
//! running: the plugin is left out, and the data folder's lock (taken in `setup`) still says
//! "already open" if that instance really holds the book.

use std::time::{Duration, Instant};
use zbus::blocking::{fdo::DBusProxy, Connection};
use zbus::names::BusName;

/// What [`settle`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Settled {
    /// Nobody holds the name (or there is no session bus): launch, with the plugin.
    Free,
    /// The running instance answered: it shows its window; this launch quits.
    HandedOver,
    /// The name's owner neither answered nor left within the wait: launch without the plugin.
    Unanswered,
}

/// The plugin's D-Bus name and object path for `id` (see `tauri-plugin-single-instance`).
pub fn plugin_name(id: &str) -> (String, String) {
    let name = format!("{id}.SingleInstance");
    let path = format!("/{}", name.replace('.', "/").replace('-', "_"));
    (name, path)
}

/// Asks the instance holding `name` to show its window, as the plugin would, trying again for up
/// to `wait` while it does not answer (each call waits at most `call_timeout`).
pub fn settle(name: &str, path: &str, wait: Duration, call_timeout: Duration) -> Settled {
    let bus = match zbus::blocking::connection::Builder::session().and_then(|b| b.method_timeout(call_timeout).build())
    {
        Ok(bus) => bus,
        // The plugin says so and launches normally.
        Err(_) => return Settled::Free,
    };
    let deadline = Instant::now() + wait;
    loop {
        if !has_owner(&bus, name) {
            return Settled::Free;
        }
        match hand_over(&bus, name, path) {
            Ok(()) => return Settled::HandedOver,
            Err(e) if Instant::now() >= deadline => {
                log::warn!("the Tahsildar holding {name} did not answer ({e}); launching as if it were not running");
                return Settled::Unanswered;
            }
            Err(e) => log::info!("the Tahsildar holding {name} did not answer ({e}); trying again"),
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn has_owner(bus: &Connection, name: &str) -> bool {
    let Ok(name) = BusName::try_from(name) else { return false };
    DBusProxy::new(bus).ok().and_then(|d| d.name_has_owner(name).ok()).unwrap_or(false)
}

/// The plugin's own call: the arguments and the working folder, to `ExecuteCallback`.
fn hand_over(bus: &Connection, name: &str, path: &str) -> zbus::Result<()> {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let cwd = std::env::current_dir().unwrap_or_default().to_string_lossy().into_owned();
    bus.call_method(Some(name), path, Some("org.SingleInstance.DBus"), "ExecuteCallback", &(args, cwd))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Against the real session bus (the tests run inside their own, see `tests/run-all.sh`),
    //! with stand-ins for the instance already there.
    use super::*;
    use std::sync::mpsc;
    use tauri::test::{mock_builder, mock_context, noop_assets};

    const CALL: Duration = Duration::from_millis(500);

    /// A name of our own per test: the plugin's name for a data folder made here.
    fn names() -> (tempfile::TempDir, String, String) {
        let dir = tempfile::tempdir().unwrap();
        let (name, path) = plugin_name(&crate::instance_id(Some(dir.path().as_os_str())));
        (dir, name, path)
    }

    fn gone(name: &str) -> bool {
        let bus = Connection::session().unwrap();
        !has_owner(&bus, name)
    }

    /// An instance on its way out: it holds the name, and the call reaches it as its process
    /// ends, so it leaves the bus without replying (the caller gets "NoReply").
    fn leaving(name: &str) -> std::thread::JoinHandle<()> {
        let conn = Connection::session().unwrap();
        conn.request_name(name).unwrap();
        std::thread::spawn(move || {
            let mut messages = zbus::blocking::MessageIterator::from(&conn);
            while let Some(Ok(m)) = messages.next() {
                if m.header().member().is_some_and(|m| m.as_str() == "ExecuteCallback") {
                    break;
                }
            }
            drop(messages);
            conn.close().unwrap();
        })
    }

    struct Running(mpsc::Sender<Vec<String>>);

    #[zbus::interface(name = "org.SingleInstance.DBus")]
    impl Running {
        fn execute_callback(&mut self, argv: Vec<String>, _cwd: String) {
            let _ = self.0.send(argv);
        }
    }

    #[test]
    fn a_launch_while_the_last_instance_is_still_leaving_opens() {
        let (dir, name, _) = names();
        let old = leaving(&name);
        // The app's own path at launch (the mock runtime's app, the real plugin and bus). Before,
        // the plugin's call got "NoReply" and its error stopped the app.
        let app = crate::with_single_instance(mock_builder(), Some(dir.path().as_os_str()))
            .build(mock_context(noop_assets()))
            .unwrap_or_else(|e| panic!("the launch failed: {e}"));
        old.join().unwrap();
        // This launch now holds the name: the next one hands over to it.
        assert!(!gone(&name), "the new instance owns the name");
        drop(app);
    }

    #[test]
    fn a_leaving_instance_is_waited_for_then_the_name_is_free() {
        let (_dir, name, path) = names();
        let old = leaving(&name);
        let t0 = Instant::now();
        assert_eq!(settle(&name, &path, Duration::from_secs(5), CALL), Settled::Free);
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
        old.join().unwrap();
    }

    #[test]
    fn a_running_instance_is_asked_to_show_its_window() {
        let (_dir, name, path) = names();
        let (tx, rx) = mpsc::channel();
        let _running = zbus::blocking::connection::Builder::session()
            .unwrap()
            .name(name.as_str())
            .unwrap()
            .serve_at(path.as_str(), Running(tx))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(settle(&name, &path, Duration::from_secs(5), CALL), Settled::HandedOver);
        let argv = rx.recv_timeout(Duration::from_secs(5)).expect("the running instance was called");
        assert_eq!(argv.first().cloned(), std::env::args().next(), "this launch's arguments");
    }

    #[test]
    fn an_instance_that_never_answers_nor_leaves_counts_as_not_running() {
        let (_dir, name, path) = names();
        let hung = Connection::session().unwrap();
        hung.request_name(name.as_str()).unwrap();
        let t0 = Instant::now();
        assert_eq!(settle(&name, &path, Duration::from_secs(1), CALL), Settled::Unanswered);
        assert!(t0.elapsed() < Duration::from_secs(4), "{:?}", t0.elapsed());
    }

    #[test]
    fn with_nobody_there_the_name_is_free_at_once() {
        let (_dir, name, path) = names();
        let t0 = Instant::now();
        assert_eq!(settle(&name, &path, Duration::from_secs(5), CALL), Settled::Free);
        assert!(t0.elapsed() < Duration::from_millis(500), "{:?}", t0.elapsed());
    }
}
