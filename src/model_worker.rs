//! Runs the app's model jobs (training, weighing the session's files) on a background thread,
//! so no key ever waits for them. The event loop calls `pump` between keys: it starts the job
//! the app wants and hands back the one that ended. On quit nobody waits: the thread is
//! detached, its result is dropped with the channel, and the process ends under it.

use crate::app::{App, JobDone};
use std::sync::mpsc::{self, Receiver, TryRecvError};

#[derive(Default)]
pub struct ModelWorker {
    running: Option<Receiver<JobDone>>,
}

impl ModelWorker {
    /// Hands a finished job to `app` and starts the next one it wants. Returns true when the
    /// app changed (redraw).
    pub fn pump(&mut self, app: &mut App) -> bool {
        let mut changed = false;
        if let Some(rx) = &self.running {
            match rx.try_recv() {
                Ok(done) => {
                    app.model_job_done(done);
                    self.running = None;
                    changed = true;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    // The job panicked: say so, and let a later request try again.
                    self.running = None;
                    app.model_job_failed("the training thread stopped unexpectedly");
                    changed = true;
                }
            }
        }
        if self.running.is_none()
            && let Some(job) = app.take_model_job()
        {
            let (tx, rx) = mpsc::channel();
            let spawned = std::thread::Builder::new()
                .name("ptag-model".into())
                .spawn(move || {
                    lower_priority();
                    let _ = tx.send(job.run());
                });
            match spawned {
                Ok(_) => self.running = Some(rx),
                Err(e) => app.model_job_failed(&format!("cannot start the training thread: {e}")),
            }
            changed = true;
        }
        changed
    }

    /// Whether a job runs (the loop then wakes up more often to pick its result up).
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }
}

/// How much nicer than the editor the training runs (`nice` steps; 19 is the lowest priority).
pub const TRAINING_NICENESS: i32 = 10;

/// Lowers the calling thread's scheduling priority by `TRAINING_NICENESS`: on a shared 2-core
/// server a training must take neither the editor's thread (each key's handling and frame) nor
/// other users' processes, only the time they leave. On Linux the nice value belongs to the
/// thread, and the fold threads the training starts inherit it; elsewhere `setpriority` would
/// lower the whole process, the editor too, so it is left alone there. Best effort: a failure
/// leaves the priority as it was.
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        if let Ok(now) = getpriority_process(None) {
            let _ = setpriority_process(None, (now + TRAINING_NICENESS).min(19));
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_training_thread_is_nicer_than_the_editor_and_its_threads_inherit_it() {
        use rustix::process::getpriority_process;
        let editor = getpriority_process(None).unwrap();
        let (training, fold) = std::thread::spawn(|| {
            lower_priority();
            let fold = std::thread::spawn(|| getpriority_process(None).unwrap())
                .join()
                .unwrap();
            (getpriority_process(None).unwrap(), fold)
        })
        .join()
        .unwrap();
        assert_eq!(training, (editor + TRAINING_NICENESS).min(19));
        assert_eq!(fold, training, "a thread it starts inherits it");
        assert_eq!(
            getpriority_process(None).unwrap(),
            editor,
            "the editor keeps its own"
        );
    }
}
