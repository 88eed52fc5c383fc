//! The SQLite backend: one file, opened with the same settings by every process, the
//! schema created from `schema.sql` and brought forward by the migrations, and all the
//! SQL of the program, each statement beside the function that runs it.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, OptionalExtension, Row};

use super::{
    ArticleListing, Backend, BackendKind, ChangeVisitor, ClaimFilter, IncidentFigure,
    IncidentListing, Ledger, MergeCounts, NewArticle, NewClaim, NewEvidence, NewIncident,
    NewSource, NewStatusChange, OpenMode, Opened, PortableClaim, PortableRow, SourceListing,
    StoreError, SCHEMA_SQL, SCHEMA_VERSION,
};
use crate::model::chain::{link, ChangeContent, ClaimContent, GENESIS};
use crate::model::compare::FigureRecord;
use crate::model::{
    lookup_key, Article, Claim, ClaimFigure, Evidence, Figure, FigureKind, Grade, Incident,
    Qualifier, Source, SourceKind, Stance, Status, StatusChange, Tolerance,
};

/// How long a writer waits for another process's transaction before giving up, unless
/// `CROSSCHECK_BUSY_TIMEOUT_MS` says otherwise. Long enough for a colleague's bulk import
/// of a few thousand claims; short enough that a stuck process is reported rather than
/// waited on for ever.
const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

fn busy_timeout() -> Duration {
    std::env::var("CROSSCHECK_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.trim().parse::<u64>().ok())
        .map_or(DEFAULT_BUSY_TIMEOUT, Duration::from_millis)
}

/// Migrations from each released version to the next, in order: (version reached, SQL).
/// Never edit one that has been released; add a new one.
const MIGRATIONS: &[(i64, &str)] = &[];

/// The SQLite backend.
pub(super) struct Sqlite {
    conn: Connection,
    path: std::path::PathBuf,
}

/// Puts what the user can do first when SQLite reports a full disk or a read-only file.
pub(super) fn explain(err: anyhow::Error) -> anyhow::Error {
    match sqlite_code(&err) {
        Some(ErrorCode::DiskFull) => err.context(
            "the disk is full (or the database reached its size limit); nothing was written: free some space and run the command again",
        ),
        Some(ErrorCode::ReadOnly) => err.context(
            "the database is read-only here (a read-only file, folder or disk); nothing was written: use a writable copy (`crosscheck backup`) or fix the permissions",
        ),
        Some(ErrorCode::CannotOpen) => err.context(
            "the database file cannot be opened: check that its folder exists and is writable",
        ),
        _ => err,
    }
}

fn sqlite_code(err: &anyhow::Error) -> Option<ErrorCode> {
    err.chain()
        .find_map(|e| e.downcast_ref::<rusqlite::Error>())
        .and_then(|e| e.sqlite_error_code())
}

impl Sqlite {
    pub(super) fn open(path: &Path, mode: OpenMode) -> Result<(Sqlite, Opened)> {
        let exists = path.exists();
        if !exists && mode == OpenMode::Existing {
            return Err(StoreError::Missing(path.to_path_buf()).into());
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if mode == OpenMode::Create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags)
            .with_context(|| format!("cannot open database {}", path.display()))?;
        let mut db = Sqlite {
            conn,
            path: path.to_path_buf(),
        };
        let opened = db
            .prepare(path, mode)
            .map_err(|err| match sqlite_code(&err) {
                Some(ErrorCode::NotADatabase) => StoreError::NotSqlite(path.to_path_buf()).into(),
                _ => err,
            })?;
        Ok((db, opened))
    }

    fn prepare(&mut self, path: &Path, mode: OpenMode) -> Result<Opened> {
        self.conn
            .busy_timeout(busy_timeout())
            .context("cannot set the busy timeout")?;
        // foreign_keys: the schema's REFERENCES are enforced only when asked, per connection.
        // synchronous=FULL: a committed claim survives a power cut, not just a crash;
        // every command commits once, so the cost is one fsync per command.
        // cache_size=-65536 (64 MiB, an upper bound, allocated only as pages are used):
        // SQLite's default 2 MiB makes a bulk import re-read and re-write its index pages
        // through the kernel; 64 MiB keeps them in memory and stays under the 100 MB
        // ceiling of a whole import.
        self.conn
            .execute_batch(
                "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;",
            )
            .context("cannot configure the database connection")?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .context("cannot read the schema version")?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: path.to_path_buf(),
                found: version,
                known: SCHEMA_VERSION,
            }
            .into());
        }
        if version == SCHEMA_VERSION {
            return Ok(Opened::Existing);
        }
        if version == 0 {
            let tables: i64 = self
                .conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .context("cannot read the database")?;
            if tables > 0 || mode == OpenMode::Existing {
                return Err(StoreError::NotLedger(path.to_path_buf()).into());
            }
            // WAL lets readers go on while a colleague writes; it is a property of the
            // file, so it is set once, when the file is made.
            self.conn
                .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
                .context("cannot switch the database to WAL")?;
            self.begin(true)?;
            let made = self
                .conn
                .execute_batch(SCHEMA_SQL)
                .context("cannot create the schema")
                .and_then(|()| self.set_version(SCHEMA_VERSION));
            return match made {
                Ok(()) => self.commit().map(|()| Opened::Created),
                Err(err) => {
                    let _ = self.rollback();
                    Err(err)
                }
            };
        }
        self.migrate(version)?;
        Ok(Opened::Migrated(version))
    }

    fn set_version(&self, version: i64) -> Result<()> {
        // PRAGMA takes no parameters; the value is our own integer constant.
        self.conn
            .execute_batch(&format!("PRAGMA user_version = {version}"))
            .context("cannot record the schema version")
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        self.begin(true)?;
        let result = (|| {
            let mut at = from;
            for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > from) {
                if *version != at + 1 {
                    bail!("no migration from schema version {at} to {}", at + 1);
                }
                self.conn
                    .execute_batch(sql)
                    .with_context(|| format!("migration to schema version {version} failed"))?;
                at = *version;
            }
            if at != SCHEMA_VERSION {
                bail!("cannot bring schema version {from} forward to {SCHEMA_VERSION}");
            }
            self.set_version(SCHEMA_VERSION)
        })();
        match result {
            Ok(()) => self.commit(),
            Err(err) => {
                let _ = self.rollback();
                Err(err)
            }
        }
    }

    /// The id the next row of a chained table gets, and the hash it chains to. Runs
    /// inside the write transaction, so no other writer can slip in between.
    fn chain_head(&self, sql: &str) -> Result<(i64, String)> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let last: Option<(i64, String)> = stmt
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match last {
            Some((id, hash)) => (id + 1, hash),
            None => (1, GENESIS.to_string()),
        })
    }

    /// Appends a row to the status history's chain. With `expect_id` (an import
    /// replaying rows), a row that does not come next is refused.
    #[allow(clippy::too_many_arguments)]
    fn append_change(
        &self,
        expect_id: Option<i64>,
        claim_id: i64,
        from: Option<Status>,
        to: Status,
        who: &str,
        at: &str,
        note: Option<&str>,
        claim_digest: Option<&str>,
    ) -> Result<(i64, String)> {
        let (id, previous) =
            self.chain_head("SELECT id, hash FROM status_change ORDER BY id DESC LIMIT 1")?;
        if let Some(wanted) = expect_id.filter(|&w| w != id) {
            return Err(StoreError::refused(format!(
                "status change {wanted} comes where {id} was expected: history rows must run 1, 2, 3… without gaps"
            )));
        }
        let hash = link(
            &previous,
            &ChangeContent {
                id,
                claim_id,
                from,
                to,
                who,
                at,
                note,
                claim_digest,
            }
            .canonical(),
        );
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, note, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        stmt.execute(params![
            id,
            claim_id,
            from.map(Status::as_str),
            to.as_str(),
            who,
            at,
            note,
            hash
        ])?;
        Ok((id, hash))
    }

    /// Appends a row to the evidence chain, like [`Sqlite::append_change`].
    fn append_evidence(&self, expect_id: Option<i64>, e: &NewEvidence) -> Result<(i64, String)> {
        let (id, previous) =
            self.chain_head("SELECT id, hash FROM evidence ORDER BY id DESC LIMIT 1")?;
        if let Some(wanted) = expect_id.filter(|&w| w != id) {
            return Err(StoreError::refused(format!(
                "evidence {wanted} comes where {id} was expected: evidence rows must run 1, 2, 3… without gaps"
            )));
        }
        let hash = e.chain_hash(id, &previous);
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO evidence (id, claim_id, status_change_id, url, stance, note, who, at, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        stmt.execute(params![
            id,
            e.claim_id,
            e.status_change_id,
            e.url,
            e.stance.as_str(),
            e.note,
            e.who,
            e.at,
            hash
        ])?;
        Ok((id, hash))
    }

    fn aliases(&self, source_id: i64) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT alias FROM source_alias WHERE source_id = ?1 ORDER BY alias_key",
        )?;
        let rows = stmt.query_map([source_id], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn source_by_id(&self, id: i64) -> Result<Option<Source>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, grade, notes, created_at FROM source WHERE id = ?1",
        )?;
        let source = stmt.query_row([id], source_from_row).optional()?;
        match source {
            Some(mut s) => {
                s.aliases = self.aliases(s.id)?;
                Ok(Some(s))
            }
            None => Ok(None),
        }
    }

    fn figures(&self, claim_id: i64) -> Result<Vec<ClaimFigure>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, metric, qualifier, strict, value, value_high, kind
             FROM figure WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([claim_id], |r| {
            Ok(ClaimFigure {
                id: r.get(0)?,
                figure: figure_from_row(r, 1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn claims_where(&self, condition: &str, values: &[&dyn rusqlite::ToSql]) -> Result<Vec<Claim>> {
        // `condition` is one of this file's constant fragments; user values are bound.
        let sql = format!(
            "SELECT c.id, c.article_id, a.slug, c.incident_id, i.slug, c.source_id, s.name,
                    c.via_id, v.name, c.text, c.quote, c.quote_start, c.quote_end,
                    c.translation, c.as_of, c.status, c.created_at, c.created_by
             FROM claim c
             JOIN article a ON a.id = c.article_id
             JOIN source s ON s.id = c.source_id
             LEFT JOIN incident i ON i.id = c.incident_id
             LEFT JOIN source v ON v.id = c.via_id
             WHERE {condition}
             ORDER BY c.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(values, |r| {
            let start: Option<i64> = r.get(11)?;
            let end: Option<i64> = r.get(12)?;
            Ok(Claim {
                id: r.get(0)?,
                article_id: r.get(1)?,
                article_slug: r.get(2)?,
                incident_id: r.get(3)?,
                incident_slug: r.get(4)?,
                source_id: r.get(5)?,
                source_name: r.get(6)?,
                via_id: r.get(7)?,
                via_name: r.get(8)?,
                text: r.get(9)?,
                quote: r.get(10)?,
                quote_span: start.zip(end),
                translation: r.get(13)?,
                as_of: r.get(14)?,
                status: enum_column(r, 15, Status::parse)?,
                created_at: r.get(16)?,
                created_by: r.get(17)?,
                figures: Vec::new(),
            })
        })?;
        let mut claims: Vec<Claim> = rows.collect::<rusqlite::Result<_>>()?;
        for claim in &mut claims {
            claim.figures = self.figures(claim.id)?;
        }
        Ok(claims)
    }
}

impl Backend for Sqlite {
    fn begin(&mut self, write: bool) -> Result<()> {
        let sql = if write {
            "BEGIN IMMEDIATE"
        } else {
            "BEGIN DEFERRED"
        };
        self.conn.execute_batch(sql).map_err(|err| {
            let busy = matches!(
                err.sqlite_error_code(),
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
            );
            let err = anyhow::Error::new(err);
            if busy {
                err.context(format!(
                    "the database stayed locked by another process for {:.1} s; try again when it has finished",
                    busy_timeout().as_secs_f64()
                ))
            } else {
                err.context("cannot start a transaction")
            }
        })
    }

    fn commit(&mut self) -> Result<()> {
        self.conn
            .execute_batch("COMMIT")
            .context("cannot commit the transaction; nothing was written")
    }

    fn rollback(&mut self) -> Result<()> {
        self.conn
            .execute_batch("ROLLBACK")
            .context("cannot roll back")
    }

    fn ledger(&mut self) -> &mut dyn Ledger {
        self
    }

    fn kind(&self) -> BackendKind {
        BackendKind::Sqlite
    }

    fn files(&self) -> Vec<std::path::PathBuf> {
        ["", "-wal", "-shm"]
            .iter()
            .map(|suffix| {
                let mut name = self.path.clone().into_os_string();
                name.push(suffix);
                name.into()
            })
            .collect()
    }

    fn backup(&mut self, target: &Path) -> Result<()> {
        let name = target
            .file_name()
            .ok_or_else(|| anyhow::anyhow!("{} is not a file name", target.display()))?;
        let mut partial_name = name.to_os_string();
        partial_name.push(".partial");
        let partial = target.with_file_name(partial_name);
        let _ = std::fs::remove_file(&partial);
        let copied = (|| -> Result<()> {
            let mut copy = Connection::open(&partial)
                .with_context(|| format!("cannot create {}", partial.display()))?;
            {
                let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)
                    .context("cannot start the backup")?;
                // All pages in one step: the copy is one consistent snapshot. A writer
                // holding the lock makes the step busy; wait for it like any reader.
                let started = std::time::Instant::now();
                loop {
                    match backup.step(-1).context("the backup failed")? {
                        rusqlite::backup::StepResult::Done => break,
                        _ if started.elapsed() > busy_timeout() => {
                            bail!(
                                "the database stayed locked for {} s; try the backup again",
                                busy_timeout().as_secs()
                            )
                        }
                        _ => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
            }
            copy.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
                .context("cannot finish the backup file")?;
            Ok(())
        })();
        if let Err(err) = copied {
            let _ = std::fs::remove_file(&partial);
            return Err(err);
        }
        if target.exists() {
            let _ = std::fs::remove_file(&partial);
            bail!(
                "{} appeared while the backup was written; nothing was replaced",
                target.display()
            );
        }
        std::fs::rename(&partial, target)
            .with_context(|| format!("cannot move the backup into place at {}", target.display()))
    }
}

impl Ledger for Sqlite {
    fn find_source(&mut self, key: &str) -> Result<Option<Source>> {
        if let Ok(id) = key.trim().parse::<i64>() {
            if let Some(source) = self.source_by_id(id)? {
                return Ok(Some(source));
            }
        }
        match self.source_holding_key(&lookup_key(key))? {
            Some(id) => self.source_by_id(id),
            None => Ok(None),
        }
    }

    fn source_holding_key(&mut self, key: &str) -> Result<Option<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM source WHERE name_key = ?1
             UNION ALL SELECT source_id FROM source_alias WHERE alias_key = ?1 LIMIT 1",
        )?;
        Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
    }

    fn source_names(&mut self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name FROM source UNION ALL SELECT source_id, alias FROM source_alias",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn insert_source(&mut self, s: &NewSource) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO source (name, name_key, kind, grade, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        stmt.execute(params![
            s.name,
            lookup_key(&s.name),
            s.kind.as_str(),
            s.grade.map(Grade::as_str),
            s.notes,
            s.created_at
        ])
        .context("cannot record the source")?;
        Ok(self.conn.last_insert_rowid())
    }

    fn update_source(
        &mut self,
        id: i64,
        kind: SourceKind,
        grade: Option<Grade>,
        notes: Option<&str>,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("UPDATE source SET kind = ?2, grade = ?3, notes = ?4 WHERE id = ?1")?;
        stmt.execute(params![id, kind.as_str(), grade.map(Grade::as_str), notes])
            .context("cannot update the source")?;
        Ok(())
    }

    fn insert_alias(&mut self, source_id: i64, alias: &str) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO source_alias (alias_key, alias, source_id) VALUES (?1, ?2, ?3)",
        )?;
        stmt.execute(params![lookup_key(alias), alias.trim(), source_id])
            .context("cannot record the alias")?;
        Ok(())
    }

    fn list_sources(&mut self, only: Option<i64>) -> Result<Vec<SourceListing>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.name, s.kind, s.grade, s.notes, s.created_at,
                    (SELECT count(*) FROM claim WHERE source_id = s.id),
                    (SELECT count(*) FROM claim WHERE via_id = s.id)
             FROM source s WHERE ?1 IS NULL OR s.id = ?1 ORDER BY s.name_key",
        )?;
        let rows = stmt.query_map([only], |r| {
            Ok(SourceListing {
                source: source_from_row(r)?,
                claims: r.get(6)?,
                relayed: r.get(7)?,
            })
        })?;
        let mut listings: Vec<SourceListing> = rows.collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        for l in &mut listings {
            l.source.aliases = self.aliases(l.source.id)?;
        }
        Ok(listings)
    }

    fn merge_sources(&mut self, from: i64, into: i64) -> Result<MergeCounts> {
        let claims = self
            .conn
            .execute(
                "UPDATE claim SET source_id = ?2 WHERE source_id = ?1",
                [from, into],
            )
            .context("cannot move the claims")?;
        self.conn
            .execute(
                "UPDATE figure SET origin_id = ?2 WHERE origin_id = ?1",
                [from, into],
            )
            .context("cannot move the figures")?;
        let relayed = self
            .conn
            .execute(
                "UPDATE claim SET via_id = ?2 WHERE via_id = ?1",
                [from, into],
            )
            .context("cannot move the relayed claims")?;
        // A claim DoD made via the Pentagon is, once they are one source, simply the
        // Pentagon's: a source does not relay itself.
        self.conn
            .execute(
                "UPDATE claim SET via_id = NULL WHERE via_id = ?1 AND source_id = ?1",
                [into],
            )
            .context("cannot clear self-relays")?;
        let aliases = self
            .conn
            .execute(
                "UPDATE source_alias SET source_id = ?2 WHERE source_id = ?1",
                [from, into],
            )
            .context("cannot move the aliases")?;
        let (name, key): (String, String) = self
            .conn
            .query_row(
                "SELECT name, name_key FROM source WHERE id = ?1",
                [from],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .context("cannot read the merged source")?;
        self.conn
            .execute("DELETE FROM source WHERE id = ?1", [from])
            .context("cannot remove the merged source")?;
        self.conn
            .execute(
                "INSERT INTO source_alias (alias_key, alias, source_id) VALUES (?1, ?2, ?3)",
                params![key, name, into],
            )
            .context("cannot keep the merged name as an alias")?;
        Ok(MergeCounts {
            claims: claims as i64,
            relayed: relayed as i64,
            aliases: aliases as i64 + 1,
        })
    }

    fn find_article(&mut self, key: &str) -> Result<Option<Article>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at
             FROM article
             WHERE id = ?1 OR slug = ?2 OR title_key = ?2
             ORDER BY id = ?1 DESC, slug = ?2 DESC, id LIMIT 1",
        )?;
        let id = key.trim().parse::<i64>().ok();
        let key = lookup_key(key);
        Ok(stmt
            .query_row(params![id, key], article_from_row)
            .optional()?)
    }

    fn article_slug_taken(&mut self, slug: &str) -> Result<bool> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM article WHERE slug = ?1")?;
        Ok(stmt.exists([slug])?)
    }

    fn insert_article(&mut self, a: &NewArticle) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO article (slug, title, title_key, outlet, url, lang, published_at, body,
                                  body_sha256, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        stmt.execute(params![
            a.slug,
            a.title,
            lookup_key(&a.title),
            a.outlet,
            a.url,
            a.lang,
            a.published_at,
            a.body,
            a.body_sha256,
            a.created_at
        ])
        .context("cannot record the article")?;
        Ok(self.conn.last_insert_rowid())
    }

    fn list_articles(&mut self) -> Result<Vec<ArticleListing>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, slug, title, outlet, url, lang, published_at, NULL, body_sha256, created_at,
                    (SELECT count(*) FROM claim WHERE article_id = article.id)
             FROM article ORDER BY published_at IS NULL, published_at DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ArticleListing {
                article: article_from_row(r)?,
                claims: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn find_incident(&mut self, key: &str) -> Result<Option<Incident>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, slug, title, date, place, created_at FROM incident
             WHERE id = ?1 OR slug = ?2 OR title_key = ?2
             ORDER BY id = ?1 DESC, slug = ?2 DESC, id LIMIT 1",
        )?;
        let id = key.trim().parse::<i64>().ok();
        let key = lookup_key(key);
        Ok(stmt
            .query_row(params![id, key], incident_from_row)
            .optional()?)
    }

    fn insert_incident(&mut self, i: &NewIncident) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO incident (slug, title, title_key, date, place, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        stmt.execute(params![
            i.slug,
            i.title,
            lookup_key(&i.title),
            i.date,
            i.place,
            i.created_at
        ])
        .context("cannot record the incident")?;
        Ok(self.conn.last_insert_rowid())
    }

    fn list_incidents(&mut self) -> Result<Vec<IncidentListing>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, slug, title, date, place, created_at,
                    (SELECT count(*) FROM claim WHERE incident_id = incident.id)
             FROM incident ORDER BY date IS NULL, date DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(IncidentListing {
                incident: incident_from_row(r)?,
                claims: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn insert_claim(&mut self, c: &NewClaim) -> Result<i64> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO claim (article_id, incident_id, source_id, via_id, text, quote, quote_start,
                                quote_end, translation, as_of, status, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'unverified', ?11, ?12)",
        )?;
        stmt.execute(params![
            c.article_id,
            c.incident_id,
            c.source_id,
            c.via_id,
            c.text,
            c.quote,
            c.quote_span.map(|s| s.0),
            c.quote_span.map(|s| s.1),
            c.translation,
            c.as_of,
            c.created_at,
            c.created_by
        ])
        .context("cannot record the claim")?;
        let claim_id = self.conn.last_insert_rowid();
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO figure (claim_id, incident_id, origin_id, metric, qualifier, strict, value,
                                 value_high, low, high, kind, as_of)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for f in &c.figures {
            let interval = f.interval(Tolerance::DEFAULT);
            stmt.execute(params![
                claim_id,
                c.incident_id,
                c.source_id,
                f.metric,
                f.qualifier.as_str(),
                f.strict,
                f.value,
                f.value_high,
                interval.low,
                interval.high,
                f.kind.as_str(),
                c.as_of
            ])
            .with_context(|| format!("cannot record the figure {}", f.spec()))?;
        }
        let digest = c.content().digest();
        self.append_change(
            None,
            claim_id,
            None,
            Status::Unverified,
            &c.created_by,
            &c.created_at,
            Some("recorded"),
            Some(&digest),
        )
        .context("cannot record the claim's history")?;
        Ok(claim_id)
    }

    fn get_claim(&mut self, id: i64) -> Result<Option<Claim>> {
        Ok(self.claims_where("c.id = ?1", &[&id])?.pop())
    }

    fn list_claims(&mut self, filter: &ClaimFilter) -> Result<Vec<Claim>> {
        let mut conditions: Vec<&str> = Vec::new();
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::new();
        let status = filter.status.map(Status::as_str);
        if let Some(id) = &filter.incident_id {
            conditions.push("c.incident_id = ?");
            values.push(id);
        }
        if let Some(s) = &status {
            conditions.push("c.status = ?");
            values.push(s);
        }
        if let Some(id) = &filter.source_id {
            conditions.push("(c.source_id = ? OR c.via_id = ?)");
            values.push(id);
            values.push(id);
        }
        if let Some(id) = &filter.article_id {
            conditions.push("c.article_id = ?");
            values.push(id);
        }
        let condition = if conditions.is_empty() {
            "1".to_string()
        } else {
            conditions.join(" AND ")
        };
        self.claims_where(&condition, &values)
    }

    fn insert_status_change(&mut self, s: &NewStatusChange) -> Result<i64> {
        self.append_change(
            None,
            s.claim_id,
            Some(s.from),
            s.to,
            &s.who,
            &s.at,
            s.note.as_deref(),
            None,
        )
        .map(|(id, _)| id)
        .context("cannot record the status change")
    }

    fn insert_evidence(&mut self, e: &NewEvidence) -> Result<i64> {
        let (id, _) = self
            .append_evidence(None, e)
            .context("cannot record the evidence")?;
        Ok(id)
    }

    fn status_history(&mut self, claim_id: i64) -> Result<Vec<StatusChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, claim_id, from_status, to_status, who, at, note
             FROM status_change WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([claim_id], change_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn evidence(&mut self, claim_id: i64) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, claim_id, status_change_id, url, stance, note, who, at
             FROM evidence WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([claim_id], evidence_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn each_status_change(&mut self, visit: &mut ChangeVisitor<'_>) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT sc.id, sc.claim_id, sc.from_status, sc.to_status, sc.who, sc.at, sc.note,
                    sc.hash, c.id, c.article_id, c.incident_id, c.text, c.quote, c.quote_start,
                    c.quote_end, c.translation, c.as_of
             FROM status_change sc
             LEFT JOIN claim c ON c.id = sc.claim_id AND sc.from_status IS NULL
             ORDER BY sc.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let change = change_from_row(r)?;
            let hash: String = r.get(7)?;
            let claim: Option<i64> = r.get(8)?;
            match claim {
                Some(claim_id) => {
                    let figures: Vec<Figure> = self
                        .figures(claim_id)?
                        .into_iter()
                        .map(|f| f.figure)
                        .collect();
                    let text: String = r.get(11)?;
                    let quote: Option<String> = r.get(12)?;
                    let start: Option<i64> = r.get(13)?;
                    let end: Option<i64> = r.get(14)?;
                    let translation: Option<String> = r.get(15)?;
                    let as_of: String = r.get(16)?;
                    let content = ClaimContent {
                        article_id: r.get(9)?,
                        incident_id: r.get(10)?,
                        text: &text,
                        quote: quote.as_deref(),
                        quote_span: start.zip(end),
                        translation: translation.as_deref(),
                        as_of: &as_of,
                        figures: &figures,
                    };
                    visit(&change, &hash, Some(content))?;
                }
                None => visit(&change, &hash, None)?,
            }
        }
        Ok(())
    }

    fn each_evidence(
        &mut self,
        visit: &mut dyn FnMut(&Evidence, &str) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, claim_id, status_change_id, url, stance, note, who, at, hash
             FROM evidence ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let evidence = evidence_from_row(r)?;
            let hash: String = r.get(8)?;
            visit(&evidence, &hash)?;
        }
        Ok(())
    }

    fn integrity_problems(&mut self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(format!("integrity_check: {line}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "foreign_key_check: {} row {} refers to a missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
                    .map_or("?".to_string(), |id| id.to_string()),
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            problems.push(row?);
        }
        Ok(problems)
    }

    fn claims_out_of_step(&mut self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id FROM claim c
             WHERE c.status IS NOT (SELECT to_status FROM status_change
                                    WHERE claim_id = c.id ORDER BY id DESC LIMIT 1)
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn incident_figures(&mut self, incident_id: i64) -> Result<Vec<FigureRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.claim_id, f.origin_id, s.name, v.name, f.metric, f.qualifier, f.strict,
                    f.value, f.value_high, f.kind, c.status, a.slug, f.as_of
             FROM figure f
             JOIN claim c ON c.id = f.claim_id
             JOIN source s ON s.id = f.origin_id
             JOIN article a ON a.id = c.article_id
             LEFT JOIN source v ON v.id = c.via_id
             WHERE f.incident_id = ?1
             ORDER BY f.id",
        )?;
        let rows = stmt.query_map([incident_id], figure_record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn all_incident_figures(&mut self) -> Result<Vec<IncidentFigure>> {
        // The whole-ledger scan reads the narrow figure rows and the claim's status only;
        // names come from two small maps instead of three joins per figure, and the
        // caller groups by incident, so no sort is asked of SQLite.
        let mut names: HashMap<i64, String> = HashMap::new();
        {
            let mut stmt = self.conn.prepare_cached("SELECT id, name FROM source")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                names.insert(r.get(0)?, r.get::<_, String>(1)?);
            }
        }
        let mut slugs: HashMap<i64, String> = HashMap::new();
        {
            let mut stmt = self.conn.prepare_cached("SELECT id, slug FROM article")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                slugs.insert(r.get(0)?, r.get::<_, String>(1)?);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.claim_id, f.origin_id, f.metric, f.qualifier, f.strict, f.value,
                    f.value_high, f.kind, c.status, f.as_of, f.incident_id, c.via_id, c.article_id
             FROM figure f JOIN claim c ON c.id = f.claim_id
             WHERE f.incident_id IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        let name = |map: &HashMap<i64, String>, id: i64| -> String {
            map.get(&id).cloned().unwrap_or_default()
        };
        while let Some(r) = rows.next()? {
            let origin_id: i64 = r.get(1)?;
            let via_id: Option<i64> = r.get(11)?;
            out.push(IncidentFigure {
                incident_id: r.get(10)?,
                record: FigureRecord {
                    claim_id: r.get(0)?,
                    origin_id,
                    origin: name(&names, origin_id),
                    via: via_id.map(|id| name(&names, id)),
                    figure: figure_from_row(r, 2)?,
                    status: enum_column(r, 8, Status::parse)?,
                    article: name(&slugs, r.get(12)?),
                    as_of: r.get(9)?,
                },
            });
        }
        Ok(out)
    }

    fn incident_history(&mut self, incident_id: i64) -> Result<Vec<StatusChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT sc.id, sc.claim_id, sc.from_status, sc.to_status, sc.who, sc.at, sc.note
             FROM status_change sc JOIN claim c ON c.id = sc.claim_id
             WHERE c.incident_id = ?1 ORDER BY sc.id",
        )?;
        let rows = stmt.query_map([incident_id], change_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn incident_evidence(&mut self, incident_id: i64) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.claim_id, e.status_change_id, e.url, e.stance, e.note, e.who, e.at
             FROM evidence e JOIN claim c ON c.id = e.claim_id
             WHERE c.incident_id = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([incident_id], evidence_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn find_article_by_url(&mut self, url: &str) -> Result<Option<Article>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at
             FROM article WHERE url = ?1 ORDER BY id LIMIT 1",
        )?;
        Ok(stmt.query_row([url], article_from_row).optional()?)
    }

    fn is_empty(&mut self) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT NOT (EXISTS (SELECT 1 FROM source) OR EXISTS (SELECT 1 FROM article)
                         OR EXISTS (SELECT 1 FROM incident) OR EXISTS (SELECT 1 FROM claim))",
        )?;
        Ok(stmt.query_row([], |r| r.get(0))?)
    }

    fn export_rows(&mut self, visit: &mut dyn FnMut(PortableRow) -> Result<()>) -> Result<()> {
        let conn = &self.conn;
        let mut stmt = conn
            .prepare("SELECT id, name, kind, grade, notes, created_at FROM source ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            visit(PortableRow::Source(source_from_row(r)?))?;
        }
        let mut stmt = conn
            .prepare("SELECT source_id, alias FROM source_alias ORDER BY source_id, alias_key")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            visit(PortableRow::Alias {
                source_id: r.get(0)?,
                alias: r.get(1)?,
            })?;
        }
        let mut stmt = conn.prepare(
            "SELECT id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at
             FROM article ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            visit(PortableRow::Article(article_from_row(r)?))?;
        }
        let mut stmt = conn
            .prepare("SELECT id, slug, title, date, place, created_at FROM incident ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            visit(PortableRow::Incident(incident_from_row(r)?))?;
        }

        // Claims, figures, history and evidence, merged into replay order: four cursors
        // read side by side, so memory stays flat however large the ledger.
        let mut claim_stmt = conn.prepare(
            "SELECT id, article_id, incident_id, source_id, via_id, text, quote, quote_start,
                    quote_end, translation, as_of, created_at, created_by
             FROM claim ORDER BY id",
        )?;
        let mut claims = claim_stmt
            .query_map([], portable_claim_from_row)?
            .peekable();
        let mut figure_stmt = conn.prepare(
            "SELECT id, claim_id, metric, qualifier, strict, value, value_high, kind
             FROM figure ORDER BY claim_id, id",
        )?;
        let mut figures = figure_stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    figure_from_row(r, 2)?,
                ))
            })?
            .peekable();
        let mut change_stmt = conn.prepare(
            "SELECT id, claim_id, from_status, to_status, who, at, note, hash
             FROM status_change ORDER BY id",
        )?;
        let changes = change_stmt.query_map([], |r| Ok((change_from_row(r)?, r.get(7)?)))?;
        let mut evidence_stmt = conn.prepare(
            "SELECT id, claim_id, status_change_id, url, stance, note, who, at, hash
             FROM evidence ORDER BY id",
        )?;
        let mut evidence = evidence_stmt
            .query_map([], |r| Ok((evidence_from_row(r)?, r.get(8)?)))?
            .peekable();

        let mut last_claim = 0_i64;
        let mut emit_claims = |upto: i64,
                               last_claim: &mut i64,
                               visit: &mut dyn FnMut(PortableRow) -> Result<()>|
         -> Result<()> {
            while let Some(next) = claims.peek() {
                let id = match next {
                    Ok(c) => c.id,
                    Err(_) => {
                        return Err(claims.next().and_then(Result::err).map_or_else(
                            || anyhow::anyhow!("cannot read the claims"),
                            anyhow::Error::new,
                        ))
                    }
                };
                if id > upto {
                    break;
                }
                if let Some(Ok(claim)) = claims.next() {
                    visit(PortableRow::Claim(claim))?;
                }
                *last_claim = id;
                while let Some(Ok((_, claim_id, _))) = figures.peek() {
                    if *claim_id > id {
                        break;
                    }
                    if let Some(row) = figures.next() {
                        let (fid, claim_id, figure) = row?;
                        visit(PortableRow::Figure {
                            id: fid,
                            claim_id,
                            figure,
                        })?;
                    }
                }
                if let Some(Err(_)) = figures.peek() {
                    if let Some(Err(e)) = figures.next() {
                        return Err(e.into());
                    }
                }
            }
            Ok(())
        };
        let mut emit_evidence = |last_claim: i64,
                                 last_change: i64,
                                 visit: &mut dyn FnMut(PortableRow) -> Result<()>|
         -> Result<()> {
            loop {
                let ready = match evidence.peek() {
                    None => false,
                    Some(Ok((e, _))) => {
                        e.claim_id <= last_claim
                            && e.status_change_id.is_none_or(|s| s <= last_change)
                    }
                    Some(Err(_)) => true,
                };
                if !ready {
                    return Ok(());
                }
                if let Some(row) = evidence.next() {
                    let (e, hash) = row?;
                    visit(PortableRow::Evidence(e, hash))?;
                }
            }
        };
        for row in changes {
            let (change, hash): (StatusChange, String) = row?;
            if change.from.is_none() {
                emit_claims(change.claim_id, &mut last_claim, visit)?;
            }
            let last_change = change.id;
            visit(PortableRow::Change(change, hash))?;
            emit_evidence(last_claim, last_change, visit)?;
        }
        emit_claims(i64::MAX, &mut last_claim, visit)?;
        emit_evidence(i64::MAX, i64::MAX, visit)?;
        Ok(())
    }

    fn import_row(
        &mut self,
        row: &PortableRow,
        claim_digest: Option<&str>,
    ) -> Result<Option<String>> {
        let written = self.write_portable(row, claim_digest);
        written.map_err(|err| match sqlite_code(&err) {
            Some(ErrorCode::ConstraintViolation) => StoreError::refused_row(
                &err.chain()
                    .find_map(|e| e.downcast_ref::<rusqlite::Error>())
                    .map_or_else(|| err.to_string(), |e| e.to_string()),
            ),
            _ => err,
        })
    }
}

/// Writing exported rows back, ids and all.
impl Sqlite {
    fn write_portable(
        &mut self,
        row: &PortableRow,
        claim_digest: Option<&str>,
    ) -> Result<Option<String>> {
        match row {
            PortableRow::Source(s) => {
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO source (id, name, name_key, kind, grade, notes, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?;
                stmt.execute(params![
                    s.id,
                    s.name,
                    lookup_key(&s.name),
                    s.kind.as_str(),
                    s.grade.map(Grade::as_str),
                    s.notes,
                    s.created_at
                ])?;
            }
            PortableRow::Alias { source_id, alias } => {
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO source_alias (alias_key, alias, source_id) VALUES (?1, ?2, ?3)",
                )?;
                stmt.execute(params![lookup_key(alias), alias, source_id])?;
            }
            PortableRow::Article(a) => {
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO article (id, slug, title, title_key, outlet, url, lang, published_at,
                                          body, body_sha256, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?;
                stmt.execute(params![
                    a.id,
                    a.slug,
                    a.title,
                    lookup_key(&a.title),
                    a.outlet,
                    a.url,
                    a.lang,
                    a.published_at,
                    a.body,
                    a.body_sha256,
                    a.created_at
                ])?;
            }
            PortableRow::Incident(i) => {
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO incident (id, slug, title, title_key, date, place, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?;
                stmt.execute(params![
                    i.id,
                    i.slug,
                    i.title,
                    lookup_key(&i.title),
                    i.date,
                    i.place,
                    i.created_at
                ])?;
            }
            PortableRow::Claim(c) => {
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO claim (id, article_id, incident_id, source_id, via_id, text, quote,
                                        quote_start, quote_end, translation, as_of, status,
                                        created_at, created_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'unverified', ?12, ?13)",
                )?;
                stmt.execute(params![
                    c.id,
                    c.article_id,
                    c.incident_id,
                    c.source_id,
                    c.via_id,
                    c.text,
                    c.quote,
                    c.quote_span.map(|s| s.0),
                    c.quote_span.map(|s| s.1),
                    c.translation,
                    c.as_of,
                    c.created_at,
                    c.created_by
                ])?;
            }
            PortableRow::Figure {
                id,
                claim_id,
                figure: f,
            } => {
                // The figure repeats its claim's incident, origin and as_of; taking them
                // from the claim row in the same statement costs no extra query.
                let interval = f.interval(Tolerance::DEFAULT);
                let mut stmt = self.conn.prepare_cached(
                    "INSERT INTO figure (id, claim_id, incident_id, origin_id, metric, qualifier,
                                         strict, value, value_high, low, high, kind, as_of)
                     SELECT ?1, id, incident_id, source_id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, as_of
                     FROM claim WHERE id = ?2",
                )?;
                let written = stmt.execute(params![
                    id,
                    claim_id,
                    f.metric,
                    f.qualifier.as_str(),
                    f.strict,
                    f.value,
                    f.value_high,
                    interval.low,
                    interval.high,
                    f.kind.as_str()
                ])?;
                if written == 0 {
                    return Err(StoreError::refused(format!(
                        "figure {id} belongs to claim {claim_id}, which comes nowhere before it"
                    )));
                }
            }
            PortableRow::Change(c, _) => {
                if c.from.is_none() && claim_digest.is_none() {
                    bail!(
                        "the creation row of claim {} needs its claim's digest",
                        c.claim_id
                    );
                }
                let (_, hash) = self.append_change(
                    Some(c.id),
                    c.claim_id,
                    c.from,
                    c.to,
                    &c.who,
                    &c.at,
                    c.note.as_deref(),
                    if c.from.is_none() { claim_digest } else { None },
                )?;
                return Ok(Some(hash));
            }
            PortableRow::Evidence(e, _) => {
                let (_, hash) = self.append_evidence(Some(e.id), &NewEvidence::from(e))?;
                return Ok(Some(hash));
            }
        }
        Ok(None)
    }
}

fn portable_claim_from_row(r: &Row<'_>) -> rusqlite::Result<PortableClaim> {
    let start: Option<i64> = r.get(7)?;
    let end: Option<i64> = r.get(8)?;
    Ok(PortableClaim {
        id: r.get(0)?,
        article_id: r.get(1)?,
        incident_id: r.get(2)?,
        source_id: r.get(3)?,
        via_id: r.get(4)?,
        text: r.get(5)?,
        quote: r.get(6)?,
        quote_span: start.zip(end),
        translation: r.get(9)?,
        as_of: r.get(10)?,
        created_at: r.get(11)?,
        created_by: r.get(12)?,
    })
}

fn bad_value(column: usize, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        column,
        rusqlite::types::Type::Text,
        format!("unexpected value '{text}'").into(),
    )
}

fn enum_column<T>(r: &Row<'_>, column: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = r.get(column)?;
    parse(&text).ok_or_else(|| bad_value(column, &text))
}

fn change_from_row(r: &Row<'_>) -> rusqlite::Result<StatusChange> {
    let from: Option<String> = r.get(2)?;
    Ok(StatusChange {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        from: match from {
            Some(text) => Some(Status::parse(&text).ok_or_else(|| bad_value(2, &text))?),
            None => None,
        },
        to: enum_column(r, 3, Status::parse)?,
        who: r.get(4)?,
        at: r.get(5)?,
        note: r.get(6)?,
    })
}

fn evidence_from_row(r: &Row<'_>) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        status_change_id: r.get(2)?,
        url: r.get(3)?,
        stance: enum_column(r, 4, Stance::parse)?,
        note: r.get(5)?,
        who: r.get(6)?,
        at: r.get(7)?,
    })
}

fn source_from_row(r: &Row<'_>) -> rusqlite::Result<Source> {
    let grade: Option<String> = r.get(3)?;
    Ok(Source {
        id: r.get(0)?,
        name: r.get(1)?,
        aliases: Vec::new(),
        kind: enum_column(r, 2, SourceKind::parse)?,
        grade: match grade {
            Some(g) => Some(Grade::parse(&g).ok_or_else(|| bad_value(3, &g))?),
            None => None,
        },
        notes: r.get(4)?,
        created_at: r.get(5)?,
    })
}

fn article_from_row(r: &Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: r.get(0)?,
        slug: r.get(1)?,
        title: r.get(2)?,
        outlet: r.get(3)?,
        url: r.get(4)?,
        lang: r.get(5)?,
        published_at: r.get(6)?,
        body: r.get(7)?,
        body_sha256: r.get(8)?,
        created_at: r.get(9)?,
    })
}

fn incident_from_row(r: &Row<'_>) -> rusqlite::Result<Incident> {
    Ok(Incident {
        id: r.get(0)?,
        slug: r.get(1)?,
        title: r.get(2)?,
        date: r.get(3)?,
        place: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// A figure from columns metric, qualifier, strict, value, value_high, kind starting at `at`.
fn figure_from_row(r: &Row<'_>, at: usize) -> rusqlite::Result<Figure> {
    Ok(Figure {
        metric: r.get(at)?,
        qualifier: enum_column(r, at + 1, Qualifier::parse)?,
        strict: r.get(at + 2)?,
        value: r.get(at + 3)?,
        value_high: r.get(at + 4)?,
        kind: enum_column(r, at + 5, FigureKind::parse)?,
    })
}

fn figure_record_from_row(r: &Row<'_>) -> rusqlite::Result<FigureRecord> {
    Ok(FigureRecord {
        claim_id: r.get(0)?,
        origin_id: r.get(1)?,
        origin: r.get(2)?,
        via: r.get(3)?,
        figure: figure_from_row(r, 4)?,
        status: enum_column(r, 10, Status::parse)?,
        article: r.get(11)?,
        as_of: r.get(12)?,
    })
}
