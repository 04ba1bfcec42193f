//! Work behind the screen yields to the keys: a thread that trains a model or parses the rest
//! of a big file runs at a lower scheduling priority than the editor's own thread, so on a
//! shared 2-core server it takes neither the time each key's handling and frame need nor other
//! users' processes' time, only what they leave.

/// How much nicer than the editor work behind the screen runs (`nice` steps; 19 is the lowest
/// priority).
pub const NICENESS: i32 = 10;

/// Lowers the calling thread's scheduling priority by `NICENESS`. On Linux the nice value
/// belongs to the thread, and the threads it starts inherit it; elsewhere `setpriority` would
/// lower the whole process, the editor too, so it is left alone there. Best effort: a failure
/// leaves the priority as it was.
pub fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpriority_process, setpriority_process};
        if let Ok(now) = getpriority_process(None) {
            let _ = setpriority_process(None, (now + NICENESS).min(19));
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_thread_behind_the_screen_is_nicer_than_the_editor_and_its_threads_inherit_it() {
        use rustix::process::getpriority_process;
        let editor = getpriority_process(None).unwrap();
        let (behind, child) = std::thread::spawn(|| {
            lower_priority();
            let child = std::thread::spawn(|| getpriority_process(None).unwrap())
                .join()
                .unwrap();
            (getpriority_process(None).unwrap(), child)
        })
        .join()
        .unwrap();
        assert_eq!(behind, (editor + NICENESS).min(19));
        assert_eq!(child, behind, "a thread it starts inherits it");
        assert_eq!(
            getpriority_process(None).unwrap(),
            editor,
            "the editor keeps its own"
        );
    }
}
