//! Rows kept on disk between the passes of an output whose head depends on all of them.
//! Some outputs cannot be written as their rows are found: `lint`'s JSON says whether
//! the ledger is ready before it lists the findings, and a table measures its columns
//! over every row before it draws the first. Finding the rows again would mean doing the
//! whole work again (`lint` checks every incident); holding them means memory that grows
//! with the ledger. A spool writes each row once, as a line of JSON in an unnamed
//! temporary file (gone when the process ends, however it ends), and reads them back in
//! order as many times as the output needs. Where no temporary file can be made (a
//! temporary folder that cannot be written), the lines are held in memory instead: the
//! command still works, with the memory it took before spools. A spool may hold its
//! first rows in memory up to a weight ([`Spool::held_first`]): a table of a few
//! thousand rows is then drawn without a round trip through JSON on disk.

use std::io::{self, BufRead, BufReader, BufWriter, Cursor, Read, Seek, SeekFrom, Write};

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Where a spool's lines are kept: a temporary file, or memory.
trait Backing: Read + Write + Seek {}

impl<B: Read + Write + Seek> Backing for B {}

/// How much a spool made by [`Spool::held_first`] keeps in memory, as its rows weigh,
/// before it writes the rest to disk: an output of a few thousand rows is drawn without
/// writing and parsing each row as JSON (a tenth of `conflicts`' time on 15,000 rows),
/// and a larger one still holds no more than this.
pub const HELD_BYTES: usize = 16 << 20;

/// Rows of type `T` written once and read back in order, any number of times.
pub struct Spool<T> {
    /// The first rows, while they weigh no more than `budget` in all.
    held: Vec<T>,
    held_bytes: usize,
    budget: usize,
    weigh: fn(&T) -> usize,
    /// The rows after them, once there is a row that does not fit.
    file: Option<BufWriter<Box<dyn Backing>>>,
    rows: u64,
}

impl<T: Serialize + DeserializeOwned> Default for Spool<T> {
    fn default() -> Spool<T> {
        Spool::new()
    }
}

impl<T: Serialize + DeserializeOwned> Spool<T> {
    /// An empty spool whose every row goes to the system's temporary folder (or,
    /// failing that, to memory).
    pub fn new() -> Spool<T> {
        Spool::held_first(0, |_| 1)
    }

    /// An empty spool that holds its first rows in memory while they weigh (by
    /// `weigh`, in bytes) no more than `budget`, and writes the rest to disk.
    pub fn held_first(budget: usize, weigh: fn(&T) -> usize) -> Spool<T> {
        Spool {
            held: Vec::new(),
            held_bytes: 0,
            budget,
            weigh,
            file: None,
            rows: 0,
        }
    }

    /// Adds a row after the others.
    pub fn push(&mut self, row: T) -> io::Result<()> {
        if self.file.is_none() {
            let weight = (self.weigh)(&row);
            if self.held_bytes + weight <= self.budget {
                self.held_bytes += weight;
                self.held.push(row);
                self.rows += 1;
                return Ok(());
            }
        }
        let file = self.file.get_or_insert_with(|| {
            let backing: Box<dyn Backing> = match tempfile::tempfile() {
                Ok(file) => Box::new(file),
                Err(_) => Box::new(Cursor::new(Vec::new())),
            };
            BufWriter::with_capacity(1 << 16, backing)
        });
        // One line per row: serde_json escapes every line break inside a string.
        serde_json::to_writer(&mut *file, &row)?;
        file.write_all(b"\n")?;
        self.rows += 1;
        Ok(())
    }

    /// How many rows it holds.
    pub fn len(&self) -> u64 {
        self.rows
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Hands every row, in the order pushed, to `each`.
    pub fn replay(&mut self, each: &mut dyn FnMut(&T) -> io::Result<()>) -> io::Result<()> {
        for row in &self.held {
            each(row)?;
        }
        let Some(file) = &mut self.file else {
            return Ok(());
        };
        file.flush()?;
        let file = file.get_mut();
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut line = String::new();
        let read = loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => break Ok(()),
                Ok(_) => {}
                Err(err) => break Err(err),
            }
            let row: T = match serde_json::from_str(&line) {
                Ok(row) => row,
                Err(err) => break Err(err.into()),
            };
            if let Err(err) = each(&row) {
                break Err(err);
            }
        };
        // Rows pushed later go after the last one, even after a pass that stopped early.
        reader.into_inner().seek(SeekFrom::End(0))?;
        read
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ids of a spool's rows, by one pass.
    fn ids(spool: &mut Spool<(i64, String)>) -> Vec<i64> {
        let mut ids = Vec::new();
        spool
            .replay(&mut |r| {
                ids.push(r.0);
                Ok(())
            })
            .expect("replay");
        ids
    }

    #[test]
    fn rows_come_back_in_order_on_every_pass_and_after_more_are_pushed() {
        let mut spool: Spool<(i64, String)> = Spool::new();
        assert!(spool.is_empty());
        spool.push((1, "dertien\ndoden".to_string())).expect("push");
        spool.push((2, "Atmé \u{202e}".to_string())).expect("push");
        for _ in 0..2 {
            let mut seen = Vec::new();
            spool
                .replay(&mut |r| {
                    seen.push(r.clone());
                    Ok(())
                })
                .expect("replay");
            assert_eq!(
                seen,
                vec![
                    (1, "dertien\ndoden".to_string()),
                    (2, "Atmé \u{202e}".to_string())
                ]
            );
        }
        spool.push((3, String::new())).expect("push");
        let ids = ids(&mut spool);
        assert_eq!(ids, vec![1, 2, 3]);
        assert_eq!(spool.len(), 3);
    }

    #[test]
    fn rows_held_in_memory_come_before_those_on_disk_on_every_pass() {
        // Room for two rows of weight 10: the third and later go to disk, in order,
        // even when a later row would fit.
        let mut spool: Spool<(i64, String)> = Spool::held_first(20, |r| r.1.len());
        for (id, text) in [
            (1, "ten chars!"),
            (2, "ten chars!"),
            (3, "eleven char"),
            (4, ""),
        ] {
            spool.push((id, text.to_string())).expect("push");
        }
        assert_eq!(spool.held.len(), 2);
        assert!(spool.file.is_some());
        for _ in 0..2 {
            let ids = ids(&mut spool);
            assert_eq!(ids, vec![1, 2, 3, 4]);
        }
        spool.push((5, String::new())).expect("push");
        let mut texts = Vec::new();
        spool
            .replay(&mut |r| {
                texts.push(r.1.clone());
                Ok(())
            })
            .expect("replay");
        assert_eq!(texts, ["ten chars!", "ten chars!", "eleven char", "", ""]);
        assert_eq!(spool.len(), 5);
    }

    #[test]
    fn a_pass_that_stops_early_leaves_later_rows_after_the_last() {
        let mut spool: Spool<(i64, String)> = Spool::new();
        // Rows longer than the reader's buffer, so that the file is left mid-way.
        for id in 1..=3 {
            spool.push((id, "x".repeat(100_000))).expect("push");
        }
        let stopped = spool.replay(&mut |r| {
            if r.0 == 1 {
                Err(io::Error::new(io::ErrorKind::BrokenPipe, "reader gone"))
            } else {
                Ok(())
            }
        });
        assert!(stopped.is_err());
        spool.push((4, String::new())).expect("push");
        let ids = ids(&mut spool);
        assert_eq!(ids, vec![1, 2, 3, 4]);
    }
}
