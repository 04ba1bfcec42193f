//! The real editor in a pseudo-terminal, for the end-to-end tests: started on `policy.txt` in a
//! folder of its own (data and config folders inside it), its screen kept by a vt100 parser on
//! a reader thread, keys typed, signals sent, its exit awaited.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a step may take on a machine busy compiling.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The environment an editor under test runs in: a colour terminal, and data, config and home
/// folders inside `dir`, as annotator `user`.
pub fn editor_env(cmd: &mut CommandBuilder, dir: &Path, user: &str) {
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env("PTAG_DATA_DIR", dir.join("data"));
    cmd.env("XDG_CONFIG_HOME", dir.join("config"));
    cmd.env("HOME", dir);
    cmd.env("USER", user);
}

/// `ptag policy.txt` in `dir`, in a pty of `rows` x `cols`, as `user`.
pub struct PtyEditor {
    screen: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl PtyEditor {
    pub fn open(dir: &Path, rows: u16, cols: u16, user: &str) -> PtyEditor {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_ptag"));
        cmd.arg("policy.txt");
        cmd.cwd(dir);
        editor_env(&mut cmd, dir, user);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let size = |n: u16| n.try_into().expect("a screen has rows and columns");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(size(rows), size(cols), 0)));
        let shown = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                shown.lock().unwrap().process(&buf[..n]);
            }
        });
        PtyEditor {
            screen,
            writer,
            child,
            _master: pair.master,
        }
    }

    /// Whether the editor shows its alternate screen (it leaves it when it ends cleanly).
    pub fn on_alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Polls until the screen's text satisfies `pred`; on timeout fails with the screen shown.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while !pred(&self.text()) {
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what}:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Types `k` as the terminal would send it.
    pub fn keys(&mut self, k: &str) {
        self.writer.write_all(k.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Sends `sig` (`-HUP`, `-TERM`, `-KILL`) with kill(1).
    pub fn signal(&self, sig: &str) {
        let ok = std::process::Command::new("kill")
            .args([sig, &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    pub fn kill_9(&mut self) {
        self.signal("-KILL");
        self.wait_exit();
    }

    pub fn wait_exit(&mut self) {
        let start = Instant::now();
        while self.child.try_wait().unwrap().is_none() {
            assert!(
                start.elapsed() < TIMEOUT,
                "ptag did not exit:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}
