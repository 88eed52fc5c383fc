//! Where `-o FILE` writes. A report or an export is written to a temporary file beside
//! the target and renamed over it only once complete, so an interrupted run leaves the
//! target as it was. The target is never the ledger itself (compared by canonical path
//! and by file identity, so a symlink or a hard link to the ledger is caught too), nor,
//! without `--force`, any file that already exists: a careless `-o` must not be able to
//! lose data.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use crate::error::user;

/// A file being written for `-o`; it appears under its name only at [`OutputFile::finish`].
pub struct OutputFile {
    target: PathBuf,
    temp: BufWriter<NamedTempFile>,
}

impl OutputFile {
    /// Starts writing `target`, after checking that it is none of the ledger's files
    /// (`Store::files`: the file and its journal files; none on a server) nor, unless
    /// `force`, a file that already exists.
    pub fn create(target: &Path, ledger_files: &[PathBuf], force: bool) -> Result<OutputFile> {
        refuse_the_ledger(target, ledger_files)?;
        match fs::symlink_metadata(target) {
            Ok(meta) if meta.is_dir() => {
                return Err(user(format!(
                    "{} is a folder; give -o a file name inside it",
                    target.display()
                )))
            }
            Ok(_) if !force => {
                return Err(user(format!(
                    "{} already exists; give -o a new file name, or add --force to replace it",
                    target.display()
                )))
            }
            _ => {}
        }
        let folder = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(user(format!(
                "cannot write {}: there is no folder {}; create it first or give -o another path",
                target.display(),
                folder.display()
            )));
        }
        let mut builder = tempfile::Builder::new();
        builder.prefix(".crosscheck-output-");
        // A report is made to be shared: the file gets the permissions any new file
        // would (0666 less the umask), or those of the file it replaces, rather than the
        // temporary file's private 0600.
        match fs::metadata(target) {
            Ok(meta) => {
                builder.permissions(meta.permissions());
            }
            Err(_) => {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    builder.permissions(fs::Permissions::from_mode(0o666));
                }
            }
        }
        let temp = builder
            .tempfile_in(&folder)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {}", target.display(), e.kind()))?;
        Ok(OutputFile {
            target: target.to_path_buf(),
            temp: BufWriter::with_capacity(1 << 16, temp),
        })
    }

    /// Makes the written file appear under its name. Without a call to this, the
    /// temporary file is removed and the target left as it was.
    pub fn finish(self) -> Result<()> {
        let target = self.target;
        let temp = self
            .temp
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", target.display()))?;
        temp.as_file()
            .sync_all()
            .with_context(|| format!("cannot write {}", target.display()))?;
        temp.persist(&target)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {}", target.display()))?;
        Ok(())
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

/// Refuses a target that is one of the ledger's files, under whatever name.
fn refuse_the_ledger(target: &Path, ledger_files: &[PathBuf]) -> Result<()> {
    if let (Some(ledger), true) = (
        ledger_files.first(),
        ledger_files.iter().any(|file| same_file(target, file)),
    ) {
        return Err(user(format!(
            "-o {} would overwrite the ledger {}; write the output to another file",
            target.display(),
            ledger.display()
        )));
    }
    Ok(())
}

/// Whether two paths name one existing file: the same canonical path, or the same
/// device and inode (a hard link).
fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ca), Ok(cb)) = (fs::canonicalize(a), fs::canonicalize(b)) else {
        return false;
    };
    if ca == cb {
        return true;
    }
    same_identity(&ca, &cb)
}

#[cfg(unix)]
fn same_identity(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(ma), Ok(mb)) => ma.dev() == mb.dev() && ma.ino() == mb.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_identity(_a: &Path, _b: &Path) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hard_link_to_the_ledger_is_the_ledger() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = dir.path().join("l.db");
        fs::write(&ledger, b"ledger").expect("write");
        let link = dir.path().join("other-name.md");
        fs::hard_link(&ledger, &link).expect("link");
        assert!(same_file(&link, &ledger));
        assert!(OutputFile::create(&link, std::slice::from_ref(&ledger), true).is_err());
        assert_eq!(fs::read(&ledger).expect("read"), b"ledger");
    }

    #[test]
    fn an_unfinished_output_leaves_no_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("out.md");
        let mut out =
            OutputFile::create(&target, &[dir.path().join("l.db")], false).expect("create");
        out.write_all(b"half").expect("write");
        drop(out);
        assert!(!target.exists());
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}
