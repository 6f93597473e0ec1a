//! A one-line progress count on standard error, drawn only when it is a
//! terminal (never into a log or a pipe), at most ten times a second.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Progress {
    what: &'static str,
    total: usize,
    done: AtomicUsize,
    /// When it was last drawn; None when it is not drawn at all.
    drawn: Option<Mutex<Instant>>,
}

impl Progress {
    pub fn new(what: &'static str, total: usize) -> Progress {
        let drawn = std::io::stderr()
            .is_terminal()
            .then(|| Mutex::new(Instant::now() - Duration::from_secs(1)));
        let p = Progress {
            what,
            total,
            done: AtomicUsize::new(0),
            drawn,
        };
        p.draw(0, true);
        p
    }

    pub fn step(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        self.draw(n, n == self.total);
    }

    fn draw(&self, n: usize, always: bool) {
        let Some(drawn) = &self.drawn else {
            return;
        };
        let Ok(mut last) = drawn.try_lock() else {
            return;
        };
        if !always && last.elapsed() < Duration::from_millis(100) {
            return;
        }
        *last = Instant::now();
        let width = 30;
        let filled = (n * width).checked_div(self.total).unwrap_or(width);
        let bar: String = "#".repeat(filled) + &"-".repeat(width - filled);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{} [{bar}] {n}/{}", self.what, self.total);
        let _ = err.flush();
    }

    /// Clear the line.
    pub fn finish(&self) {
        if self.drawn.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
