//! `audit --timings`: how long each stage of one audit took, as one line on standard error.

use std::time::{Duration, Instant};

/// The stages of one audit and how long each took, printed by `--timings`.
pub struct Stages {
    start: Instant,
    last: Instant,
    done: Vec<(&'static str, Duration)>,
}

impl Stages {
    pub fn new() -> Self {
        let now = Instant::now();
        Self {
            start: now,
            last: now,
            done: Vec::new(),
        }
    }

    /// Ends the stage `name` now.
    pub fn end(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.last));
        self.last = now;
    }

    /// Ends two stages that ran side by side (one on another thread) now: both are listed,
    /// each with its own time, and the next stage starts from now.
    pub fn end_side_by_side(
        &mut self,
        (first, first_took): (&'static str, Duration),
        (second, second_took): (&'static str, Duration),
    ) {
        self.done.push((first, first_took));
        self.done.push((second, second_took));
        self.last = Instant::now();
    }

    /// `timings: setup 1.2 ms, read 80.4 ms, …, total 95.0 ms`.
    pub fn line(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let parts: Vec<String> = self
            .done
            .iter()
            .map(|(name, d)| format!("{name} {:.1} ms", ms(*d)))
            .chain([format!("total {:.1} ms", ms(self.last - self.start))])
            .collect();
        format!("timings: {}", parts.join(", "))
    }
}
