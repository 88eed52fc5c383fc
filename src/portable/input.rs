//! Input that is bounded and is text, whatever the file turns out to be. `import` reads
//! a path a person typed, which may be `/dev/zero`, `/dev/urandom`, a disk image or an
//! export with one endless line; a reader that trusts it grows without bound (an endless
//! line is kept whole before it is parsed). Here a NUL byte, which no JSON or CSV export
//! and no ClaimReview document holds, stops the reading at once, and a line or record
//! longer than [`MAX_LINE_BYTES`] stops it once that much is read, so memory stays at a
//! few MB for anything that is not a real import.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

use crate::model::MAX_BODY_BYTES;

/// The most one line of JSON Lines or one CSV record may hold. Every row an export
/// writes must fit, or a ledger could not be restored from its own export: the largest
/// is an article with its text, at most [`MAX_BODY_BYTES`], which JSON may write six
/// times longer (a control character becomes `\u0001`; CSV at most doubles a quote),
/// plus its other columns' few KB.
pub const MAX_LINE_BYTES: u64 = 6 * MAX_BODY_BYTES + 1024 * 1024;

/// The most an imported document or row may hold, in MB, for messages.
pub const MAX_LINE_MB: u64 = MAX_LINE_BYTES / (1024 * 1024);

/// Why the input was refused: carried inside an I/O error through the readers (the
/// JSON and CSV parsers only pass I/O errors on), and turned back into a user's mistake
/// by [`refusal`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl Refused {
    fn io(message: String) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, Refused(message))
    }
}

/// The refusal inside `err`, if the input was refused rather than unreadable.
pub fn refusal(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|cause| {
        let refused = cause
            .downcast_ref::<io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<Refused>())
            .or_else(|| cause.downcast_ref::<Refused>());
        refused.map(|r| r.0.clone())
    })
}

/// Whether `bytes` can be the start of a text import; the offset of the first NUL if not.
pub fn first_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// A reader that refuses a NUL byte and, when a limit is set, a stretch of more than
/// that many bytes since the last mark (the start of the current record).
pub struct TextInput<R> {
    inner: R,
    file: String,
    read: u64,
    /// Where the current record began, moved on by whoever parses the records.
    mark: Rc<Cell<u64>>,
    limit: Option<u64>,
}

impl<R: Read> TextInput<R> {
    /// Wraps `inner`, named `file` in messages, refusing NUL bytes only.
    pub fn new(inner: R, file: &str) -> TextInput<R> {
        TextInput {
            inner,
            file: file.to_string(),
            read: 0,
            mark: Rc::new(Cell::new(0)),
            limit: None,
        }
    }

    /// Also refuses more than `limit` bytes past the mark, which the caller moves with
    /// the handle returned: the limit is then one record's, not the file's.
    pub fn with_record_limit(mut self, limit: u64) -> (TextInput<R>, Rc<Cell<u64>>) {
        self.limit = Some(limit);
        let mark = Rc::clone(&self.mark);
        (self, mark)
    }
}

impl<R: Read> Read for TextInput<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(at) = first_nul(&buf[..n]) {
            return Err(Refused::io(format!(
                "{} holds a NUL byte at offset {}: it is not a text file (an export is JSON Lines or CSV, a ClaimReview document JSON); nothing was imported",
                self.file,
                self.read + at as u64
            )));
        }
        self.read += n as u64;
        if let Some(limit) = self.limit {
            // The parser reads ahead by its buffer, so allow that much beyond the limit.
            if self.read.saturating_sub(self.mark.get()) > limit + (1 << 16) {
                return Err(Refused::io(format!(
                    "{} has a record longer than {MAX_LINE_MB} MB from byte {}, the most one row may hold; nothing was imported",
                    self.file,
                    self.mark.get()
                )));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_byte_is_refused_where_it_is() {
        let mut input = TextInput::new(&b"{\"a\":1}\n\0"[..], "f.jsonl");
        let mut out = Vec::new();
        let err = anyhow::Error::from(input.read_to_end(&mut out).expect_err("refused"));
        let why = refusal(&err).expect("a refusal");
        assert!(why.contains("NUL byte at offset 8"), "{why}");
    }

    #[test]
    fn a_record_longer_than_the_limit_is_refused() {
        let long = vec![b'x'; (1 << 16) * 3];
        let (mut input, _mark) = TextInput::new(&long[..], "f.csv").with_record_limit(1 << 16);
        let mut out = Vec::new();
        let err = anyhow::Error::from(input.read_to_end(&mut out).expect_err("refused"));
        assert!(refusal(&err).expect("a refusal").contains("longer than"));
        // Moving the mark on, record by record, keeps a long file within the limit.
        let (mut input, mark) = TextInput::new(&long[..], "f.csv").with_record_limit(1 << 16);
        let mut buf = [0u8; 1 << 15];
        for _ in 0..6 {
            input.read_exact(&mut buf).expect("within the limit");
            mark.set(input.read);
        }
    }
}
