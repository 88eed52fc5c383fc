//! Rows kept on disk between the passes of an output whose head depends on all of them.
//! Some outputs cannot be written as their rows are found: `lint`'s JSON says whether
//! the ledger is ready before it lists the findings, and a table measures its columns
//! over every row before it draws the first. Finding the rows again would mean doing the
//! whole work again (`lint` checks every incident); holding them means memory that grows
//! with the ledger. A spool writes each row once, as a line of JSON in an unnamed
//! temporary file (gone when the process ends, however it ends), and reads them back in
//! order as many times as the output needs. Where no temporary file can be made (a
//! temporary folder that cannot be written), the lines are held in memory instead: the
//! command still works, with the memory it took before spools.

use std::io::{self, BufRead, BufReader, BufWriter, Cursor, Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Where a spool's lines are kept: a temporary file, or memory.
trait Backing: Read + Write + Seek {}

impl<B: Read + Write + Seek> Backing for B {}

/// Rows of type `T` written once and read back in order, any number of times.
pub struct Spool<T> {
    file: BufWriter<Box<dyn Backing>>,
    rows: u64,
    row: PhantomData<T>,
}

impl<T: Serialize + DeserializeOwned> Default for Spool<T> {
    fn default() -> Spool<T> {
        Spool::new()
    }
}

impl<T: Serialize + DeserializeOwned> Spool<T> {
    /// An empty spool, in the system's temporary folder (or, failing that, in memory).
    pub fn new() -> Spool<T> {
        let backing: Box<dyn Backing> = match tempfile::tempfile() {
            Ok(file) => Box::new(file),
            Err(_) => Box::new(Cursor::new(Vec::new())),
        };
        Spool {
            file: BufWriter::with_capacity(1 << 16, backing),
            rows: 0,
            row: PhantomData,
        }
    }

    /// Adds a row after the others.
    pub fn push(&mut self, row: &T) -> io::Result<()> {
        // One line per row: serde_json escapes every line break inside a string.
        serde_json::to_writer(&mut self.file, row)?;
        self.file.write_all(b"\n")?;
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
        self.file.flush()?;
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                break;
            }
            let row: T = serde_json::from_str(&line)?;
            each(&row)?;
        }
        // Rows pushed later go after the last one.
        reader.into_inner().seek(SeekFrom::End(0))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_in_order_on_every_pass_and_after_more_are_pushed() {
        let mut spool: Spool<(i64, String)> = Spool::new();
        assert!(spool.is_empty());
        spool
            .push(&(1, "dertien\ndoden".to_string()))
            .expect("push");
        spool.push(&(2, "Atmé \u{202e}".to_string())).expect("push");
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
        spool.push(&(3, String::new())).expect("push");
        let mut ids = Vec::new();
        spool
            .replay(&mut |r| {
                ids.push(r.0);
                Ok(())
            })
            .expect("replay");
        assert_eq!(ids, vec![1, 2, 3]);
        assert_eq!(spool.len(), 3);
    }
}
