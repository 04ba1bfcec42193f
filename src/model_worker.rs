//! Runs the app's model jobs (training, weighing the session's files) and its backend jobs
//! (fetching a Label Studio ML backend's predictions) on background threads, so no key ever
//! waits for them. The event loop calls `pump` between keys: it starts the job
//! the app wants and hands back the one that ended. On quit nobody waits: the thread is
//! detached, its result is dropped with the channel, and the process ends under it.

use crate::app::{App, BackendDone, JobDone};
// The training yields to the keys as the parsing of a big file does.
use crate::priority::lower_priority;
use std::sync::mpsc::{self, Receiver, TryRecvError};

#[derive(Default)]
pub struct ModelWorker {
    running: Option<Receiver<JobDone>>,
    fetching: Option<Receiver<BackendDone>>,
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
        changed | self.pump_backend(app)
    }

    /// The backend's side of `pump`: its HTTP calls wait on the network, not on a core, so
    /// they run at the editor's priority.
    fn pump_backend(&mut self, app: &mut App) -> bool {
        let mut changed = false;
        if let Some(rx) = &self.fetching {
            match rx.try_recv() {
                Ok(done) => {
                    app.backend_job_done(done);
                    self.fetching = None;
                    changed = true;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.fetching = None;
                    app.backend_job_failed("the backend thread stopped unexpectedly");
                    changed = true;
                }
            }
        }
        if self.fetching.is_none()
            && let Some(job) = app.take_backend_job()
        {
            let (tx, rx) = mpsc::channel();
            let spawned = std::thread::Builder::new()
                .name("ptag-backend".into())
                .spawn(move || {
                    let _ = tx.send(job.run());
                });
            match spawned {
                Ok(_) => self.fetching = Some(rx),
                Err(e) => app.backend_job_failed(&format!("cannot start the backend thread: {e}")),
            }
        }
        changed
    }

    /// Whether a job runs (the loop then wakes up more often to pick its result up).
    pub fn busy(&self) -> bool {
        self.running.is_some() || self.fetching.is_some()
    }
}
