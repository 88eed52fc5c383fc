//! Where a PostgreSQL import's time goes, phase by phase, on stderr when
//! CROSSCHECK_TRACE_IMPORT=1: the time of each phase (the load, each table's COPY within
//! it, the statuses, the triggers, the summary, the record's walk, the commit), and the
//! CPU the client and its server process spent in it. An import's time on a server is
//! split between two processes and a network; the phases tell which one grows with the
//! ledger. Off, it costs a check per phase.

use std::time::{Duration, Instant};

/// The phases of the import under way, as they end.
pub(super) struct Trace {
    start: Instant,
    last: Instant,
    /// CPU seconds (client, server) at the last phase's end.
    cpu: (Option<f64>, Option<f64>),
    /// The server process serving this connection, when it runs on this machine.
    server_pid: Option<u32>,
    /// Time in COPY by table since the last phase, with the bytes sent.
    copies: Vec<(&'static str, Duration, usize)>,
}

impl Trace {
    /// Whether the environment asks for a trace (CROSSCHECK_TRACE_IMPORT=1).
    pub(super) fn requested() -> bool {
        std::env::var_os("CROSSCHECK_TRACE_IMPORT").is_some_and(|v| v == "1")
    }

    /// A trace starting now, for the connection served by `server_pid`.
    pub(super) fn new(server_pid: Option<u32>) -> Trace {
        let now = Instant::now();
        let mut trace = Trace {
            start: now,
            last: now,
            cpu: (None, None),
            server_pid,
            copies: Vec::new(),
        };
        trace.cpu = trace.cpu_now();
        trace
    }

    fn cpu_now(&self) -> (Option<f64>, Option<f64>) {
        (
            cpu_seconds("/proc/self/stat"),
            self.server_pid
                .and_then(|pid| cpu_seconds(&format!("/proc/{pid}/stat"))),
        )
    }

    /// Counts one COPY of `bytes` into `table` that took `took`.
    pub(super) fn copied(&mut self, table: &'static str, took: Duration, bytes: usize) {
        match self.copies.iter_mut().find(|(t, _, _)| *t == table) {
            Some((_, d, b)) => {
                *d += took;
                *b += bytes;
            }
            None => self.copies.push((table, took, bytes)),
        }
    }

    /// Ends the phase `name`: prints its wall time, its CPU on either side, and the
    /// COPYs within it.
    pub(super) fn phase(&mut self, name: &str) {
        let now = Instant::now();
        let cpu = self.cpu_now();
        let spent = |was: Option<f64>, is: Option<f64>| match (was, is) {
            (Some(a), Some(b)) => format!("{:7.2}", b - a),
            _ => format!("{:>7}", "-"),
        };
        eprintln!(
            "import trace: {name:34} wall {:7.2} s  client cpu {} s  server cpu {} s  (at {:.2} s)",
            (now - self.last).as_secs_f64(),
            spent(self.cpu.0, cpu.0),
            spent(self.cpu.1, cpu.1),
            (now - self.start).as_secs_f64(),
        );
        let copies = std::mem::take(&mut self.copies);
        for (table, took, bytes) in &copies {
            eprintln!(
                "import trace:   COPY {table:29} wall {:7.2} s  {:.1} MB",
                took.as_secs_f64(),
                *bytes as f64 / 1e6
            );
        }
        self.last = Instant::now();
        self.cpu = self.cpu_now();
    }
}

/// A process's user and system CPU in seconds, from its `/proc` stat line (Linux; None
/// elsewhere or when the process is not this machine's).
fn cpu_seconds(path: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(path).ok()?;
    // The command name, in parentheses, may hold spaces: fields count from after it.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux that matters here.
    Some(ticks / 100.0)
}
