//! CPU-heavy background work (a sync's JSON decoding and HTML parsing) on a thread of its own at a low
//! scheduling priority.
//!
//! Why: on the runtime's workers such work holds a worker for tens of milliseconds per page, and at the
//! same priority on a thread of its own it still takes whole time slices from them, and readers' requests
//! wait behind it. At a low priority the scheduler gives readers the CPU first and the work the rest: under load
//! (a profile of such a sync under 50 connections of reads) the work's threads took 0.3 % of the samples.

use thread_priority::{ThreadBuilderExt, ThreadPriority, ThreadPriorityValue};

/// Nice 9 on Linux: a share of about a tenth against a busy request thread, so the work still moves
/// under load (an idle-only policy could starve a sync for as long as the load lasts).
const PRIORITY: u8 = 25;

/// Runs `f` on a new thread named `name` at a low priority and waits for its answer without holding a
/// runtime worker. Errs when no thread could be started or `f` panicked.
pub async fn low_priority<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let priority = ThreadPriority::Crossplatform(
        ThreadPriorityValue::try_from(PRIORITY).expect("a constant within 0..=99"),
    );
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn_with_priority(priority, move |set| {
            if let Err(e) = set {
                // Lowering a priority needs no privilege; should it fail, the work is still done.
                tracing::debug!(error = ?e, "background work keeps the normal priority");
            }
            let _ = tx.send(f());
        })?;
    rx.await
        .map_err(|_| std::io::Error::other("the background work ended without an answer"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// This thread's nice value, from the kernel's own account of it (field 19 of its stat line).
    fn nice() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("Linux /proc");
        // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
        let after = &stat[stat.rfind(')').expect("stat line") + 2..];
        after
            .split(' ')
            .nth(16)
            .expect("nice field")
            .parse()
            .expect("a number")
    }

    #[tokio::test]
    async fn the_work_runs_on_its_own_thread_at_a_lower_priority() {
        let outside = nice();
        let (name, inside) = low_priority("difang-test-work", || {
            (std::thread::current().name().map(str::to_owned), nice())
        })
        .await
        .expect("the work answers");
        assert_eq!(name.as_deref(), Some("difang-test-work"));
        assert!(inside > outside, "nice {inside} inside, {outside} outside");
    }

    #[tokio::test]
    async fn a_panic_in_the_work_is_an_error_not_a_hang() {
        let answer = low_priority("difang-test-panic", || -> u8 { panic!("bad page") }).await;
        assert!(answer.is_err());
    }
}
