//! Background work with progress and cancellation, independent of any UI.
//!
//! A job runs on its own thread and reports [`JobEvent`]s over a channel; the
//! TUI drains the channel between frames, so it never blocks. Each job has an
//! id, so results of a superseded job can be told apart and dropped.

use crate::error::{Error, Result};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;

/// A progress callback: (fraction done, message).
type Reporter = Arc<dyn Fn(f64, &str) + Send + Sync>;

/// Handed to long-running core functions: report progress, check cancellation.
#[derive(Clone)]
pub struct JobCtx {
    cancel: Arc<AtomicBool>,
    report: Option<Reporter>,
}

impl Default for JobCtx {
    fn default() -> Self {
        Self::none()
    }
}

impl JobCtx {
    /// A context that reports nowhere and is never cancelled.
    pub fn none() -> Self {
        JobCtx {
            cancel: Arc::new(AtomicBool::new(false)),
            report: None,
        }
    }

    /// A context that calls `f(fraction, message)` on progress.
    pub fn with_reporter(f: impl Fn(f64, &str) + Send + Sync + 'static) -> Self {
        JobCtx {
            cancel: Arc::new(AtomicBool::new(false)),
            report: Some(Arc::new(f)),
        }
    }

    pub fn progress(&self, fraction: f64, message: &str) {
        if let Some(r) = &self.report {
            r(fraction.clamp(0.0, 1.0), message);
        }
    }

    /// Err(Cancelled) once cancellation was requested.
    pub fn check(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// What a running job tells its owner.
pub enum JobEvent<T> {
    Progress {
        id: u64,
        fraction: f64,
        message: String,
    },
    Done {
        id: u64,
        result: Result<T>,
    },
}

/// A handle to a running job.
pub struct JobHandle {
    pub id: u64,
    pub name: String,
    ctx: JobCtx,
}

impl JobHandle {
    pub fn cancel(&self) {
        self.ctx.cancel();
    }
}

/// Starts jobs on threads; all of them report to one channel.
pub struct Jobs<T: Send + 'static> {
    next_id: u64,
    tx: Sender<JobEvent<T>>,
    rx: Receiver<JobEvent<T>>,
}

impl<T: Send + 'static> Default for Jobs<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Send + 'static> Jobs<T> {
    pub fn new() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        Jobs { next_id: 1, tx, rx }
    }

    /// Runs `work` on a new thread. A panic in `work` becomes an error result.
    pub fn spawn(
        &mut self,
        name: &str,
        work: impl FnOnce(&JobCtx) -> Result<T> + Send + 'static,
    ) -> JobHandle {
        let id = self.next_id;
        self.next_id += 1;
        let tx = self.tx.clone();
        let ptx = std::sync::Mutex::new(self.tx.clone());
        let ctx = JobCtx {
            cancel: Arc::new(AtomicBool::new(false)),
            report: Some(Arc::new(move |fraction, message: &str| {
                if let Ok(tx) = ptx.lock() {
                    let _ = tx.send(JobEvent::Progress {
                        id,
                        fraction,
                        message: message.to_string(),
                    });
                }
            })),
        };
        let job_ctx = ctx.clone();
        let name_owned = name.to_string();
        std::thread::Builder::new()
            .name(format!("job-{name_owned}"))
            .spawn(move || {
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&job_ctx)))
                        .unwrap_or_else(|p| {
                            let msg = p
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_else(|| "unknown panic".into());
                            Err(Error::Other(format!(
                                "internal error in {name_owned}: {msg}"
                            )))
                        });
                let _ = tx.send(JobEvent::Done { id, result });
            })
            .ok();
        JobHandle {
            id,
            name: name.to_string(),
            ctx,
        }
    }

    /// Events that arrived since the last call, without blocking.
    pub fn drain(&self) -> Vec<JobEvent<T>> {
        self.rx.try_iter().collect()
    }

    /// Blocks until the next event (for tests and headless use).
    pub fn recv_timeout(&self, d: std::time::Duration) -> Option<JobEvent<T>> {
        self.rx.recv_timeout(d).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn job_reports_progress_and_result() {
        let mut jobs: Jobs<u32> = Jobs::new();
        let h = jobs.spawn("t", |ctx| {
            ctx.progress(0.5, "half");
            Ok(7)
        });
        let mut got_progress = false;
        loop {
            match jobs.recv_timeout(Duration::from_secs(5)).expect("event") {
                JobEvent::Progress { id, fraction, .. } => {
                    assert_eq!(id, h.id);
                    assert_eq!(fraction, 0.5);
                    got_progress = true;
                }
                JobEvent::Done { id, result } => {
                    assert_eq!(id, h.id);
                    assert_eq!(result.unwrap(), 7);
                    break;
                }
            }
        }
        assert!(got_progress);
    }

    #[test]
    fn cancel_is_seen_by_job() {
        let mut jobs: Jobs<u32> = Jobs::new();
        let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
        let h = jobs.spawn("c", move |ctx| {
            go_rx.recv().ok();
            ctx.check()?;
            Ok(1)
        });
        h.cancel();
        go_tx.send(()).unwrap();
        loop {
            if let Some(JobEvent::Done { result, .. }) = jobs.recv_timeout(Duration::from_secs(5)) {
                assert!(matches!(result, Err(Error::Cancelled)));
                break;
            }
        }
    }

    #[test]
    fn panic_becomes_error() {
        let mut jobs: Jobs<u32> = Jobs::new();
        jobs.spawn("p", |_| panic!("boom"));
        loop {
            if let Some(JobEvent::Done { result, .. }) = jobs.recv_timeout(Duration::from_secs(5)) {
                let e = result.unwrap_err().to_string();
                assert!(e.contains("boom"), "{e}");
                break;
            }
        }
    }
}
