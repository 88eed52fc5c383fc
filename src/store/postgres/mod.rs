//! The PostgreSQL backend: the same ledger on a desk's shared server, with the schema of
//! `schema.postgres.sql`, the same triggers, the same hash chain and the same answers as
//! the SQLite file. What differs is who may write at once: SQLite queues writers on one
//! file lock, here writers run side by side and lock what they touch (the claim row they
//! move, the head of a hash chain while they extend it), so that two fact-checkers on two
//! claims do not wait for each other, and two on one claim do not both win.

mod connection;
mod copy;
mod errors;

pub use connection::{is_postgres_url, redact};

use connection::{connect_client, parse_target, password_from_environment, scrub, Target};
use copy::Bulk;
use errors::{describe, explain, refused, sql_state};

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Row, Statement};

use super::error::ErrorKind;
use super::{
    ArticleListing, Backend, BackendKind, ChangeVisitor, ClaimFilter, IncidentFigure,
    IncidentListing, Ledger, MergeCounts, NewArticle, NewClaim, NewEvidence, NewIncident,
    NewSource, NewStatusChange, OpenMode, Opened, PortableClaim, PortableRow, SourceListing,
    StoreError,
};
use crate::model::chain::{link, ChangeContent, ClaimContent, GENESIS};
use crate::model::compare::FigureRecord;
use crate::model::{
    lookup_key, Article, Claim, ClaimFigure, Evidence, Figure, FigureKind, Grade, Incident,
    Qualifier, Source, SourceKind, Stance, Status, StatusChange, Tolerance,
};

/// The schema version this build writes on PostgreSQL (`crosscheck_schema.version`).
pub const PG_SCHEMA_VERSION: i64 = 1;

/// The current PostgreSQL schema, from `schema.postgres.sql`.
pub const PG_SCHEMA_SQL: &str = include_str!("../../../schema.postgres.sql");

/// Migrations from each released version to the next, in order: (version reached, SQL).
/// Never edit one that has been released; add a new one (as migrations/postgres/NNNN.sql).
const MIGRATIONS: &[(i64, &str)] = &[];

/// The PostgreSQL backend.
pub(super) struct Postgres {
    client: Client,
    /// The address as it may be shown.
    shown: String,
    /// `current_user`: who the history names.
    role: String,
    statements: HashMap<String, Statement>,
    /// Rows of an import on their way to COPY.
    bulk: Option<Bulk>,
}

impl Postgres {
    pub(super) fn open(url: &str, mode: OpenMode) -> Result<(Postgres, Opened)> {
        let shown = redact(url);
        let mut target = parse_target(url)?;
        let mut secret = target
            .config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        if secret.is_none() {
            if let Some(p) = password_from_environment(&target.config) {
                target.config.password(p.as_str());
                secret = Some(p);
            }
        }
        Postgres::connect(target, &shown, mode).map_err(|err| scrub(err, secret.as_deref()))
    }

    fn connect(target: Target, shown: &str, mode: OpenMode) -> Result<(Postgres, Opened)> {
        let client = connect_client(&target)?.map_err(|e| {
            // The user named a role, password or database that is not right: their
            // mistake (exit 2). A server that cannot be reached is the environment (1).
            let code = e.as_db_error().map(|d| d.code().clone());
            let (hint, kind) = match code {
                Some(c)
                    if c == SqlState::INVALID_PASSWORD
                        || c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
                {
                    (
                        "check the user and password (in the address, PGPASSWORD or ~/.pgpass)",
                        ErrorKind::PermissionDenied,
                    )
                }
                Some(c) if c == SqlState::INVALID_CATALOG_NAME => (
                    "create the database first (createdb), then run `crosscheck init`",
                    ErrorKind::NotFound,
                ),
                _ => (
                    "check that the server runs and the address is right",
                    ErrorKind::Environment,
                ),
            };
            StoreError::with_kind(
                kind,
                format!(
                    "cannot connect to the PostgreSQL ledger at {shown}: {}; {hint}",
                    describe(&e)
                ),
            )
        })?;
        let mut db = Postgres {
            client,
            shown: shown.to_string(),
            role: String::new(),
            statements: HashMap::new(),
            bulk: None,
        };
        db.role = db
            .client
            .query_one("SELECT current_user::text", &[])
            .context("cannot read the database role")?
            .get(0);
        let opened = db.prepare_schema(mode)?;
        Ok((db, opened))
    }

    /// The role the server records as `who`.
    pub(super) fn role(&self) -> &str {
        &self.role
    }

    fn prepare_schema(&mut self, mode: OpenMode) -> Result<Opened> {
        let path = PathBuf::from(&self.shown);
        let has_ledger: bool = self
            .client
            .query_one("SELECT to_regclass('crosscheck_schema') IS NOT NULL", &[])
            .context("cannot read the database")?
            .get(0);
        if !has_ledger {
            if mode == OpenMode::Existing {
                return Err(StoreError::Missing(path).into());
            }
            let tables: i64 = self
                .client
                .query_one(
                    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                    &[],
                )
                .context("cannot read the database")?
                .get(0);
            if tables > 0 {
                return Err(StoreError::NotLedger(path).into());
            }
            self.client
                .batch_execute("BEGIN")
                .context("cannot start a transaction")?;
            let made = self
                .client
                .batch_execute(PG_SCHEMA_SQL)
                .context("cannot create the schema");
            return match made {
                Ok(()) => self.commit().map(|()| Opened::Created),
                Err(err) => {
                    let _ = self.rollback();
                    Err(err)
                }
            };
        }
        let version: i64 = self
            .client
            .query_one("SELECT version FROM crosscheck_schema", &[])
            .context("cannot read the schema version")?
            .get(0);
        if version > PG_SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found: version,
                known: PG_SCHEMA_VERSION,
            }
            .into());
        }
        if version == PG_SCHEMA_VERSION {
            return Ok(Opened::Existing);
        }
        self.migrate(version)?;
        Ok(Opened::Migrated(version))
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        self.client
            .batch_execute("BEGIN; LOCK TABLE crosscheck_schema IN ACCESS EXCLUSIVE MODE")
            .context("cannot start the migration")?;
        let result = (|| {
            let found: i64 = self
                .client
                .query_one("SELECT version FROM crosscheck_schema", &[])?
                .get(0);
            let mut at = found;
            for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
                if *version != at + 1 {
                    bail!("no migration from schema version {at} to {}", at + 1);
                }
                self.client
                    .batch_execute(sql)
                    .with_context(|| format!("migration to schema version {version} failed"))?;
                at = *version;
            }
            if at != PG_SCHEMA_VERSION {
                bail!("cannot bring schema version {from} forward to {PG_SCHEMA_VERSION}");
            }
            self.client
                .execute(
                    "UPDATE crosscheck_schema SET version = $1",
                    &[&PG_SCHEMA_VERSION],
                )
                .context("cannot record the schema version")?;
            Ok(())
        })();
        match result {
            Ok(()) => self.commit(),
            Err(err) => {
                let _ = self.rollback();
                Err(err)
            }
        }
    }

    /// A prepared statement, prepared once per connection.
    fn stmt(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        self.flush()?;
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        self.flush()?;
        let s = self.stmt(sql)?;
        Ok(self.client.query(&s, params)?)
    }

    fn query_opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        self.flush()?;
        let s = self.stmt(sql)?;
        Ok(self.client.query_opt(&s, params)?)
    }

    fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        self.flush()?;
        let s = self.stmt(sql)?;
        Ok(self.client.execute(&s, params)?)
    }

    /// The next id of a chained table and the hash it chains to, read under a lock that
    /// other writers of the chain wait for until this transaction ends (readers go on),
    /// so that two writers cannot both extend the chain from the same row. An advisory
    /// lock, as LOCK TABLE would need an UPDATE grant that writers do not have; the
    /// primary key on the id is the second line of defence.
    fn chain_head(&mut self, table: &str) -> Result<(i64, String)> {
        let (lock, head) = match table {
            "status_change" => (
                "SELECT pg_advisory_xact_lock(7146285951090001)",
                "SELECT id, hash FROM status_change ORDER BY id DESC LIMIT 1",
            ),
            _ => (
                "SELECT pg_advisory_xact_lock(7146285951090002)",
                "SELECT id, hash FROM evidence ORDER BY id DESC LIMIT 1",
            ),
        };
        self.flush()?;
        self.client.batch_execute(lock)?;
        Ok(match self.query_opt(head, &[])? {
            Some(r) => (r.get::<_, i64>(0) + 1, r.get(1)),
            None => (1, GENESIS.to_string()),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn append_change(
        &mut self,
        claim_id: i64,
        from: Option<Status>,
        to: Status,
        who: &str,
        at: &str,
        note: Option<&str>,
        claim_digest: Option<&str>,
    ) -> Result<i64> {
        let (id, previous) = self.chain_head("status_change")?;
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
        self.execute(
            "INSERT INTO status_change (id, claim_id, from_status, to_status, who, at, note, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &id,
                &claim_id,
                &from.map(Status::as_str),
                &to.as_str(),
                &who,
                &at,
                &note,
                &hash,
            ],
        )?;
        Ok(id)
    }

    fn aliases(&mut self, source_id: i64) -> Result<Vec<String>> {
        let rows = self.query(
            "SELECT alias FROM source_alias WHERE source_id = $1 ORDER BY alias_key",
            &[&source_id],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn source_by_id(&mut self, id: i64) -> Result<Option<Source>> {
        let row = self.query_opt(
            "SELECT id, name, kind, grade, notes, created_at FROM source WHERE id = $1",
            &[&id],
        )?;
        match row {
            Some(r) => {
                let mut s = source_from_row(&r)?;
                s.aliases = self.aliases(s.id)?;
                Ok(Some(s))
            }
            None => Ok(None),
        }
    }

    fn figures(&mut self, claim_id: i64) -> Result<Vec<ClaimFigure>> {
        let rows = self.query(
            "SELECT id, metric, qualifier, strict, value, value_high, kind
             FROM figure WHERE claim_id = $1 ORDER BY id",
            &[&claim_id],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ClaimFigure {
                    id: r.get(0),
                    figure: figure_from_row(r, 1)?,
                })
            })
            .collect()
    }

    fn claims_where(
        &mut self,
        condition: &str,
        values: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Claim>> {
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
        let rows = self.query(&sql, values)?;
        let mut claims = Vec::with_capacity(rows.len());
        for r in &rows {
            let start: Option<i64> = r.get(11);
            let end: Option<i64> = r.get(12);
            claims.push(Claim {
                id: r.get(0),
                article_id: r.get(1),
                article_slug: r.get(2),
                incident_id: r.get(3),
                incident_slug: r.get(4),
                source_id: r.get(5),
                source_name: r.get(6),
                via_id: r.get(7),
                via_name: r.get(8),
                text: r.get(9),
                quote: r.get(10),
                quote_span: start.zip(end),
                translation: r.get(13),
                as_of: r.get(14),
                status: enum_column(r, 15, Status::parse)?,
                created_at: r.get(16),
                created_by: r.get(17),
                figures: Vec::new(),
            });
        }
        for claim in &mut claims {
            claim.figures = self.figures(claim.id)?;
        }
        Ok(claims)
    }

    /// After rows were written with their own ids, the id generators continue after them.
    fn settle_identities(&mut self) -> Result<()> {
        self.flush()?;
        self.client.batch_execute(
            "SELECT setval(pg_get_serial_sequence('source', 'id'), max(id)) FROM source HAVING max(id) IS NOT NULL;
             SELECT setval(pg_get_serial_sequence('article', 'id'), max(id)) FROM article HAVING max(id) IS NOT NULL;
             SELECT setval(pg_get_serial_sequence('incident', 'id'), max(id)) FROM incident HAVING max(id) IS NOT NULL;
             SELECT setval(pg_get_serial_sequence('claim', 'id'), max(id)) FROM claim HAVING max(id) IS NOT NULL;
             SELECT setval(pg_get_serial_sequence('figure', 'id'), max(id)) FROM figure HAVING max(id) IS NOT NULL;",
        )?;
        Ok(())
    }
}

impl Backend for Postgres {
    fn begin(&mut self, write: bool) -> Result<()> {
        // A read sees one snapshot from its first statement on; a write works on the
        // latest committed rows and locks what it changes (see insert_status_change and
        // chain_head), so that writers on different claims run side by side.
        let sql = if write {
            "BEGIN ISOLATION LEVEL READ COMMITTED"
        } else {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        };
        self.client
            .batch_execute(sql)
            .context("cannot start a transaction")
    }

    fn commit(&mut self) -> Result<()> {
        if self.bulk.is_some() {
            self.settle_identities()
                .map_err(refused)
                .context("cannot finish the import")?;
            self.bulk = None;
        }
        self.client
            .batch_execute("COMMIT")
            .context("cannot commit the transaction; nothing was written")
    }

    fn rollback(&mut self) -> Result<()> {
        self.bulk = None;
        self.client
            .batch_execute("ROLLBACK")
            .context("cannot roll back")
    }

    fn ledger(&mut self) -> &mut dyn Ledger {
        self
    }

    fn backup(&mut self, _target: &Path) -> Result<()> {
        Err(StoreError::refused(format!(
            "backup writes an SQLite file and {} is a PostgreSQL ledger: back the server up with its own tools (pg_dump, replication), or take an SQLite copy with `crosscheck copy --from URL --to FILE.db`",
            self.shown
        )))
    }

    fn explain(&self, err: anyhow::Error) -> anyhow::Error {
        explain(err, &self.role)
    }

    fn acting_role(&self) -> Option<&str> {
        Some(self.role())
    }

    fn kind(&self) -> BackendKind {
        BackendKind::Postgres
    }

    fn is_transient(&self, err: &anyhow::Error) -> bool {
        sql_state(err).is_some_and(|c| {
            c == SqlState::T_R_SERIALIZATION_FAILURE || c == SqlState::T_R_DEADLOCK_DETECTED
        })
    }
}

impl Ledger for Postgres {
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
        let row = self.query_opt(
            "SELECT id FROM source WHERE name_key = $1
             UNION ALL SELECT source_id FROM source_alias WHERE alias_key = $1 LIMIT 1",
            &[&key],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn source_names(&mut self) -> Result<Vec<(i64, String)>> {
        let rows = self.query(
            "SELECT id, name FROM source UNION ALL SELECT source_id, alias FROM source_alias",
            &[],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn insert_source(&mut self, s: &NewSource) -> Result<i64> {
        let row = self
            .query(
                "INSERT INTO source (name, name_key, kind, grade, notes, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &s.name,
                    &lookup_key(&s.name),
                    &s.kind.as_str(),
                    &s.grade.map(Grade::as_str),
                    &s.notes,
                    &s.created_at,
                ],
            )
            .context("cannot record the source")?;
        row.first()
            .map(|r| r.get(0))
            .ok_or_else(|| anyhow!("the server returned no id for the source"))
    }

    fn update_source(
        &mut self,
        id: i64,
        kind: SourceKind,
        grade: Option<Grade>,
        notes: Option<&str>,
    ) -> Result<()> {
        self.execute(
            "UPDATE source SET kind = $2, grade = $3, notes = $4 WHERE id = $1",
            &[&id, &kind.as_str(), &grade.map(Grade::as_str), &notes],
        )
        .context("cannot update the source")?;
        Ok(())
    }

    fn insert_alias(&mut self, source_id: i64, alias: &str) -> Result<()> {
        self.execute(
            "INSERT INTO source_alias (alias_key, alias, source_id) VALUES ($1, $2, $3)",
            &[&lookup_key(alias), &alias.trim(), &source_id],
        )
        .context("cannot record the alias")?;
        Ok(())
    }

    fn list_sources(&mut self, only: Option<i64>) -> Result<Vec<SourceListing>> {
        let rows = self.query(
            "SELECT s.id, s.name, s.kind, s.grade, s.notes, s.created_at,
                    (SELECT count(*) FROM claim WHERE source_id = s.id),
                    (SELECT count(*) FROM claim WHERE via_id = s.id)
             FROM source s WHERE $1::bigint IS NULL OR s.id = $1 ORDER BY s.name_key",
            &[&only],
        )?;
        let mut listings = Vec::with_capacity(rows.len());
        for r in &rows {
            listings.push(SourceListing {
                source: source_from_row(r)?,
                claims: r.get(6),
                relayed: r.get(7),
            });
        }
        for l in &mut listings {
            l.source.aliases = self.aliases(l.source.id)?;
        }
        Ok(listings)
    }

    fn merge_sources(&mut self, from: i64, into: i64) -> Result<MergeCounts> {
        let claims = self
            .execute(
                "UPDATE claim SET source_id = $2 WHERE source_id = $1",
                &[&from, &into],
            )
            .context("cannot move the claims")?;
        self.execute(
            "UPDATE figure SET origin_id = $2 WHERE origin_id = $1",
            &[&from, &into],
        )
        .context("cannot move the figures")?;
        let relayed = self
            .execute(
                "UPDATE claim SET via_id = $2 WHERE via_id = $1",
                &[&from, &into],
            )
            .context("cannot move the relayed claims")?;
        // A claim DoD made via the Pentagon is, once they are one source, simply the
        // Pentagon's: a source does not relay itself.
        self.execute(
            "UPDATE claim SET via_id = NULL WHERE via_id = $1 AND source_id = $1",
            &[&into],
        )
        .context("cannot clear self-relays")?;
        let aliases = self
            .execute(
                "UPDATE source_alias SET source_id = $2 WHERE source_id = $1",
                &[&from, &into],
            )
            .context("cannot move the aliases")?;
        let row = self
            .query_opt("SELECT name, name_key FROM source WHERE id = $1", &[&from])
            .context("cannot read the merged source")?
            .ok_or_else(|| anyhow!("source {from} vanished during the merge"))?;
        let (name, key): (String, String) = (row.get(0), row.get(1));
        self.execute("DELETE FROM source WHERE id = $1", &[&from])
            .context("cannot remove the merged source")?;
        self.execute(
            "INSERT INTO source_alias (alias_key, alias, source_id) VALUES ($1, $2, $3)",
            &[&key, &name, &into],
        )
        .context("cannot keep the merged name as an alias")?;
        Ok(MergeCounts {
            claims: claims as i64,
            relayed: relayed as i64,
            aliases: aliases as i64 + 1,
        })
    }

    fn find_article(&mut self, key: &str) -> Result<Option<Article>> {
        let id = key.trim().parse::<i64>().ok();
        let key = lookup_key(key);
        let row = self.query_opt(
            "SELECT id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at
             FROM article
             WHERE id = $1 OR slug = $2 OR title_key = $2
             ORDER BY id IS NOT DISTINCT FROM $1 DESC, slug = $2 DESC, id LIMIT 1",
            &[&id, &key],
        )?;
        row.as_ref().map(article_from_row).transpose()
    }

    fn article_slug_taken(&mut self, slug: &str) -> Result<bool> {
        Ok(self
            .query_opt("SELECT 1 FROM article WHERE slug = $1", &[&slug])?
            .is_some())
    }

    fn insert_article(&mut self, a: &NewArticle) -> Result<i64> {
        let rows = self
            .query(
                "INSERT INTO article (slug, title, title_key, outlet, url, lang, published_at, body,
                                      body_sha256, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                &[
                    &a.slug,
                    &a.title,
                    &lookup_key(&a.title),
                    &a.outlet,
                    &a.url,
                    &a.lang,
                    &a.published_at,
                    &a.body,
                    &a.body_sha256,
                    &a.created_at,
                ],
            )
            .context("cannot record the article")?;
        rows.first()
            .map(|r| r.get(0))
            .ok_or_else(|| anyhow!("the server returned no id for the article"))
    }

    fn list_articles(&mut self) -> Result<Vec<ArticleListing>> {
        let rows = self.query(
            "SELECT id, slug, title, outlet, url, lang, published_at, NULL::text, body_sha256,
                    created_at, (SELECT count(*) FROM claim WHERE article_id = article.id)
             FROM article ORDER BY published_at IS NULL, published_at DESC, id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(ArticleListing {
                    article: article_from_row(r)?,
                    claims: r.get(10),
                })
            })
            .collect()
    }

    fn find_incident(&mut self, key: &str) -> Result<Option<Incident>> {
        let id = key.trim().parse::<i64>().ok();
        let key = lookup_key(key);
        let row = self.query_opt(
            "SELECT id, slug, title, date, place, created_at FROM incident
             WHERE id = $1 OR slug = $2 OR title_key = $2
             ORDER BY id IS NOT DISTINCT FROM $1 DESC, slug = $2 DESC, id LIMIT 1",
            &[&id, &key],
        )?;
        Ok(row.as_ref().map(incident_from_row))
    }

    fn insert_incident(&mut self, i: &NewIncident) -> Result<i64> {
        let rows = self
            .query(
                "INSERT INTO incident (slug, title, title_key, date, place, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &i.slug,
                    &i.title,
                    &lookup_key(&i.title),
                    &i.date,
                    &i.place,
                    &i.created_at,
                ],
            )
            .context("cannot record the incident")?;
        rows.first()
            .map(|r| r.get(0))
            .ok_or_else(|| anyhow!("the server returned no id for the incident"))
    }

    fn list_incidents(&mut self) -> Result<Vec<IncidentListing>> {
        let rows = self.query(
            "SELECT id, slug, title, date, place, created_at,
                    (SELECT count(*) FROM claim WHERE incident_id = incident.id)
             FROM incident ORDER BY date IS NULL, date DESC, id",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| IncidentListing {
                incident: incident_from_row(r),
                claims: r.get(6),
            })
            .collect())
    }

    fn insert_claim(&mut self, c: &NewClaim) -> Result<i64> {
        let rows = self
            .query(
                "INSERT INTO claim (article_id, incident_id, source_id, via_id, text, quote,
                                    quote_start, quote_end, translation, as_of, status,
                                    created_at, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'unverified', $11, $12)
                 RETURNING id",
                &[
                    &c.article_id,
                    &c.incident_id,
                    &c.source_id,
                    &c.via_id,
                    &c.text,
                    &c.quote,
                    &c.quote_span.map(|s| s.0),
                    &c.quote_span.map(|s| s.1),
                    &c.translation,
                    &c.as_of,
                    &c.created_at,
                    &c.created_by,
                ],
            )
            .context("cannot record the claim")?;
        let claim_id: i64 = rows
            .first()
            .map(|r| r.get(0))
            .ok_or_else(|| anyhow!("the server returned no id for the claim"))?;
        for f in &c.figures {
            let interval = f.interval(Tolerance::DEFAULT);
            self.execute(
                "INSERT INTO figure (claim_id, incident_id, origin_id, metric, qualifier, strict,
                                     value, value_high, low, high, kind, as_of)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                &[
                    &claim_id,
                    &c.incident_id,
                    &c.source_id,
                    &f.metric,
                    &f.qualifier.as_str(),
                    &i64::from(f.strict),
                    &f.value,
                    &f.value_high,
                    &interval.low,
                    &interval.high,
                    &f.kind.as_str(),
                    &c.as_of,
                ],
            )
            .with_context(|| format!("cannot record the figure {}", f.spec()))?;
        }
        let digest = c.content().digest();
        self.append_change(
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
        Ok(self.claims_where("c.id = $1", &[&id])?.pop())
    }

    fn list_claims(&mut self, filter: &ClaimFilter) -> Result<Vec<Claim>> {
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<&(dyn ToSql + Sync)> = Vec::new();
        let status = filter.status.map(Status::as_str);
        if let Some(id) = &filter.incident_id {
            values.push(id);
            conditions.push(format!("c.incident_id = ${}", values.len()));
        }
        if let Some(s) = &status {
            values.push(s);
            conditions.push(format!("c.status = ${}", values.len()));
        }
        if let Some(id) = &filter.source_id {
            values.push(id);
            let n = values.len();
            conditions.push(format!("(c.source_id = ${n} OR c.via_id = ${n})"));
        }
        if let Some(id) = &filter.article_id {
            values.push(id);
            conditions.push(format!("c.article_id = ${}", values.len()));
        }
        let condition = if conditions.is_empty() {
            "TRUE".to_string()
        } else {
            conditions.join(" AND ")
        };
        self.claims_where(&condition, &values)
    }

    fn insert_status_change(&mut self, s: &NewStatusChange) -> Result<i64> {
        // The claim was read before this transaction held it; lock it now, and if a
        // colleague moved it in between, say so rather than build on a status the user
        // did not see.
        let now: Option<String> = self
            .query_opt(
                "SELECT status FROM claim WHERE id = $1 FOR NO KEY UPDATE",
                &[&s.claim_id],
            )?
            .map(|r| r.get(0));
        match now {
            None => {
                return Err(StoreError::with_kind(
                    ErrorKind::NotFound,
                    format!("no claim {}", s.claim_id),
                ))
            }
            Some(now) if now != s.from.as_str() => {
                // The user asked to move the claim on from a status it no longer has:
                // their request, as made, is refused (exit 2), and may be made again.
                return Err(StoreError::refused(format!(
                    "claim {} changed meanwhile (now {now}); run it again",
                    s.claim_id
                )));
            }
            Some(_) => {}
        }
        self.append_change(
            s.claim_id,
            Some(s.from),
            s.to,
            &s.who,
            &s.at,
            s.note.as_deref(),
            None,
        )
        .context("cannot record the status change")
    }

    fn insert_evidence(&mut self, e: &NewEvidence) -> Result<i64> {
        let (id, previous) = self.chain_head("evidence")?;
        let hash = e.chain_hash(id, &previous);
        self.execute(
            "INSERT INTO evidence (id, claim_id, status_change_id, url, stance, note, who, at, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &id,
                &e.claim_id,
                &e.status_change_id,
                &e.url,
                &e.stance.as_str(),
                &e.note,
                &e.who,
                &e.at,
                &hash,
            ],
        )
        .context("cannot record the evidence")?;
        Ok(id)
    }

    fn status_history(&mut self, claim_id: i64) -> Result<Vec<StatusChange>> {
        let rows = self.query(
            "SELECT id, claim_id, from_status, to_status, who, at, note
             FROM status_change WHERE claim_id = $1 ORDER BY id",
            &[&claim_id],
        )?;
        rows.iter().map(change_from_row).collect()
    }

    fn evidence(&mut self, claim_id: i64) -> Result<Vec<Evidence>> {
        let rows = self.query(
            "SELECT id, claim_id, status_change_id, url, stance, note, who, at
             FROM evidence WHERE claim_id = $1 ORDER BY id",
            &[&claim_id],
        )?;
        rows.iter().map(evidence_from_row).collect()
    }

    fn each_status_change(&mut self, visit: &mut ChangeVisitor<'_>) -> Result<()> {
        self.flush()?;
        let mut changes = Cursor::open(
            &mut self.client,
            "cc_changes",
            "SELECT sc.id, sc.claim_id, sc.from_status, sc.to_status, sc.who, sc.at, sc.note,
                    sc.hash, c.id, c.article_id, c.incident_id, c.text, c.quote, c.quote_start,
                    c.quote_end, c.translation, c.as_of
             FROM status_change sc
             LEFT JOIN claim c ON c.id = sc.claim_id AND sc.from_status IS NULL
             ORDER BY sc.id",
        )?;
        // The figures in the order of their claims' creation rows, which is not the order
        // of claim ids when writers ran side by side: one merge, no query per claim.
        let mut figures = Cursor::open(
            &mut self.client,
            "cc_change_figures",
            "SELECT f.claim_id, f.metric, f.qualifier, f.strict, f.value, f.value_high, f.kind
             FROM figure f
             JOIN status_change sc ON sc.claim_id = f.claim_id AND sc.from_status IS NULL
             ORDER BY sc.id, f.id",
        )?;
        while let Some(r) = changes.next(&mut self.client)? {
            let change = change_from_row(&r)?;
            let hash: String = r.get(7);
            let claim: Option<i64> = r.get(8);
            match claim {
                Some(claim_id) => {
                    let mut list: Vec<Figure> = Vec::new();
                    while let Some(f) = figures.peek(&mut self.client)? {
                        let owner: i64 = f.get(0);
                        if owner != claim_id {
                            break;
                        }
                        list.push(figure_from_row(f, 1)?);
                        figures.next(&mut self.client)?;
                    }
                    let text: String = r.get(11);
                    let quote: Option<String> = r.get(12);
                    let start: Option<i64> = r.get(13);
                    let end: Option<i64> = r.get(14);
                    let translation: Option<String> = r.get(15);
                    let as_of: String = r.get(16);
                    let content = ClaimContent {
                        article_id: r.get(9),
                        incident_id: r.get(10),
                        text: &text,
                        quote: quote.as_deref(),
                        quote_span: start.zip(end),
                        translation: translation.as_deref(),
                        as_of: &as_of,
                        figures: &list,
                    };
                    visit(&change, &hash, Some(content))?;
                }
                None => visit(&change, &hash, None)?,
            }
        }
        changes.close(&mut self.client)?;
        figures.close(&mut self.client)?;
        Ok(())
    }

    fn each_evidence(
        &mut self,
        visit: &mut dyn FnMut(&Evidence, &str) -> Result<()>,
    ) -> Result<()> {
        self.flush()?;
        let mut rows = Cursor::open(
            &mut self.client,
            "cc_each_evidence",
            "SELECT id, claim_id, status_change_id, url, stance, note, who, at, hash
             FROM evidence ORDER BY id",
        )?;
        while let Some(r) = rows.next(&mut self.client)? {
            let evidence = evidence_from_row(&r)?;
            let hash: String = r.get(8);
            visit(&evidence, &hash)?;
        }
        rows.close(&mut self.client)
    }

    fn integrity_problems(&mut self) -> Result<Vec<String>> {
        // The server enforces foreign keys and checks at every write and keeps its own
        // pages whole; what can still be off is a constraint added NOT VALID, or a
        // trigger someone disabled.
        let mut problems: Vec<String> = self
            .query(
                "SELECT conrelid::regclass::text || ': constraint ' || conname || ' is not validated'
                 FROM pg_constraint
                 WHERE NOT convalidated AND connamespace = current_schema()::regnamespace
                 ORDER BY 1",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        problems.extend(
            self.query(
                "SELECT t.tgrelid::regclass::text || ': trigger ' || t.tgname || ' is disabled'
                 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE NOT t.tgisinternal AND t.tgenabled = 'D'
                   AND c.relnamespace = current_schema()::regnamespace
                 ORDER BY 1",
                &[],
            )?
            .iter()
            .map(|r| r.get::<_, String>(0)),
        );
        Ok(problems)
    }

    fn claims_out_of_step(&mut self) -> Result<Vec<i64>> {
        let rows = self.query(
            "SELECT c.id FROM claim c
             WHERE c.status IS DISTINCT FROM (SELECT to_status FROM status_change
                                              WHERE claim_id = c.id ORDER BY id DESC LIMIT 1)
             ORDER BY c.id",
            &[],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn incident_figures(&mut self, incident_id: i64) -> Result<Vec<FigureRecord>> {
        let rows = self.query(
            "SELECT f.claim_id, f.origin_id, s.name, v.name, f.metric, f.qualifier, f.strict,
                    f.value, f.value_high, f.kind, c.status, a.slug, f.as_of
             FROM figure f
             JOIN claim c ON c.id = f.claim_id
             JOIN source s ON s.id = f.origin_id
             JOIN article a ON a.id = c.article_id
             LEFT JOIN source v ON v.id = c.via_id
             WHERE f.incident_id = $1
             ORDER BY f.id",
            &[&incident_id],
        )?;
        rows.iter().map(figure_record_from_row).collect()
    }

    fn all_incident_figures(&mut self) -> Result<Vec<IncidentFigure>> {
        let rows = self.query(
            "SELECT f.claim_id, f.origin_id, s.name, v.name, f.metric, f.qualifier, f.strict,
                    f.value, f.value_high, f.kind, c.status, a.slug, f.as_of, f.incident_id
             FROM figure f
             JOIN claim c ON c.id = f.claim_id
             JOIN source s ON s.id = f.origin_id
             JOIN article a ON a.id = c.article_id
             LEFT JOIN source v ON v.id = c.via_id
             WHERE f.incident_id IS NOT NULL
             ORDER BY f.incident_id, f.id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(IncidentFigure {
                    incident_id: r.get(13),
                    record: figure_record_from_row(r)?,
                })
            })
            .collect()
    }

    fn incident_history(&mut self, incident_id: i64) -> Result<Vec<StatusChange>> {
        let rows = self.query(
            "SELECT sc.id, sc.claim_id, sc.from_status, sc.to_status, sc.who, sc.at, sc.note
             FROM status_change sc JOIN claim c ON c.id = sc.claim_id
             WHERE c.incident_id = $1 ORDER BY sc.id",
            &[&incident_id],
        )?;
        rows.iter().map(change_from_row).collect()
    }

    fn incident_evidence(&mut self, incident_id: i64) -> Result<Vec<Evidence>> {
        let rows = self.query(
            "SELECT e.id, e.claim_id, e.status_change_id, e.url, e.stance, e.note, e.who, e.at
             FROM evidence e JOIN claim c ON c.id = e.claim_id
             WHERE c.incident_id = $1 ORDER BY e.id",
            &[&incident_id],
        )?;
        rows.iter().map(evidence_from_row).collect()
    }

    fn find_article_by_url(&mut self, url: &str) -> Result<Option<Article>> {
        let row = self.query_opt(
            "SELECT id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at
             FROM article WHERE url = $1 ORDER BY id LIMIT 1",
            &[&url],
        )?;
        row.as_ref().map(article_from_row).transpose()
    }

    fn is_empty(&mut self) -> Result<bool> {
        let row = self.query(
            "SELECT NOT (EXISTS (SELECT 1 FROM source) OR EXISTS (SELECT 1 FROM article)
                         OR EXISTS (SELECT 1 FROM incident) OR EXISTS (SELECT 1 FROM claim))",
            &[],
        )?;
        Ok(row.first().is_some_and(|r| r.get(0)))
    }

    fn export_rows(&mut self, visit: &mut dyn FnMut(PortableRow) -> Result<()>) -> Result<()> {
        self.flush()?;
        let client = &mut self.client;
        let mut c = Cursor::open(
            client,
            "cc_x_source",
            "SELECT id, name, kind, grade, notes, created_at FROM source ORDER BY id",
        )?;
        while let Some(r) = c.next(client)? {
            visit(PortableRow::Source(source_from_row(&r)?))?;
        }
        c.close(client)?;
        let mut c = Cursor::open(
            client,
            "cc_x_alias",
            "SELECT source_id, alias FROM source_alias ORDER BY source_id, alias_key",
        )?;
        while let Some(r) = c.next(client)? {
            visit(PortableRow::Alias {
                source_id: r.get(0),
                alias: r.get(1),
            })?;
        }
        c.close(client)?;
        let mut c = Cursor::open(
            client,
            "cc_x_article",
            "SELECT id, slug, title, outlet, url, lang, published_at, body, body_sha256, created_at
             FROM article ORDER BY id",
        )?;
        while let Some(r) = c.next(client)? {
            visit(PortableRow::Article(article_from_row(&r)?))?;
        }
        c.close(client)?;
        let mut c = Cursor::open(
            client,
            "cc_x_incident",
            "SELECT id, slug, title, date, place, created_at FROM incident ORDER BY id",
        )?;
        while let Some(r) = c.next(client)? {
            visit(PortableRow::Incident(incident_from_row(&r)))?;
        }
        c.close(client)?;

        // Claims, figures, history and evidence, merged into replay order: four cursors
        // read side by side, a batch at a time, so memory stays flat.
        let mut claims = Cursor::open(
            client,
            "cc_x_claim",
            "SELECT id, article_id, incident_id, source_id, via_id, text, quote, quote_start,
                    quote_end, translation, as_of, created_at, created_by
             FROM claim ORDER BY id",
        )?;
        let mut figures = Cursor::open(
            client,
            "cc_x_figure",
            "SELECT id, claim_id, metric, qualifier, strict, value, value_high, kind
             FROM figure ORDER BY claim_id, id",
        )?;
        let mut changes = Cursor::open(
            client,
            "cc_x_change",
            "SELECT id, claim_id, from_status, to_status, who, at, note, hash
             FROM status_change ORDER BY id",
        )?;
        let mut evidence = Cursor::open(
            client,
            "cc_x_evidence",
            "SELECT id, claim_id, status_change_id, url, stance, note, who, at, hash
             FROM evidence ORDER BY id",
        )?;

        let mut last_claim = 0_i64;
        let mut last_change = 0_i64;
        let mut emit_claims = |upto: i64,
                               last_claim: &mut i64,
                               client: &mut Client,
                               visit: &mut dyn FnMut(PortableRow) -> Result<()>|
         -> Result<()> {
            loop {
                let id: i64 = match claims.peek(client)? {
                    Some(r) => r.get(0),
                    None => return Ok(()),
                };
                if id > upto {
                    return Ok(());
                }
                if let Some(r) = claims.next(client)? {
                    visit(PortableRow::Claim(portable_claim_from_row(&r)))?;
                }
                *last_claim = id;
                loop {
                    let owner: i64 = match figures.peek(client)? {
                        Some(r) => r.get(1),
                        None => break,
                    };
                    if owner > id {
                        break;
                    }
                    if let Some(r) = figures.next(client)? {
                        visit(PortableRow::Figure {
                            id: r.get(0),
                            claim_id: r.get(1),
                            figure: figure_from_row(&r, 2)?,
                        })?;
                    }
                }
            }
        };
        let mut emit_evidence = |last_claim: i64,
                                 last_change: i64,
                                 client: &mut Client,
                                 visit: &mut dyn FnMut(PortableRow) -> Result<()>|
         -> Result<()> {
            loop {
                let ready = match evidence.peek(client)? {
                    None => false,
                    Some(r) => {
                        let claim: i64 = r.get(1);
                        let change: Option<i64> = r.get(2);
                        claim <= last_claim && change.is_none_or(|s| s <= last_change)
                    }
                };
                if !ready {
                    return Ok(());
                }
                if let Some(r) = evidence.next(client)? {
                    let hash: String = r.get(8);
                    visit(PortableRow::Evidence(evidence_from_row(&r)?, hash))?;
                }
            }
        };
        while let Some(r) = changes.next(client)? {
            let change = change_from_row(&r)?;
            let hash: String = r.get(7);
            if change.from.is_none() {
                emit_claims(change.claim_id, &mut last_claim, client, visit)?;
            }
            last_change = change.id;
            visit(PortableRow::Change(change, hash))?;
            emit_evidence(last_claim, last_change, client, visit)?;
        }
        emit_claims(i64::MAX, &mut last_claim, client, visit)?;
        emit_evidence(i64::MAX, i64::MAX, client, visit)?;
        let _ = last_change;
        client.batch_execute(
            "CLOSE cc_x_claim; CLOSE cc_x_figure; CLOSE cc_x_change; CLOSE cc_x_evidence",
        )?;
        Ok(())
    }

    fn import_row(
        &mut self,
        row: &PortableRow,
        claim_digest: Option<&str>,
    ) -> Result<Option<String>> {
        self.write_portable(row, claim_digest).map_err(refused)
    }
}

/// Writing exported rows back, ids and all, through COPY.
impl Postgres {
    fn write_portable(
        &mut self,
        row: &PortableRow,
        claim_digest: Option<&str>,
    ) -> Result<Option<String>> {
        if self.bulk.is_none() {
            // The chains are extended from their heads as they are now; nobody else may
            // extend them until this transaction ends.
            let changes = self.chain_head("status_change")?;
            let evidence = self.chain_head("evidence")?;
            self.bulk = Some(Bulk {
                changes: Some(changes),
                evidence: Some(evidence),
                ..Bulk::default()
            });
        }
        match row {
            PortableRow::Source(s) => {
                let key = lookup_key(&s.name);
                self.buffer(
                    "source",
                    &[
                        s.id.into(),
                        (&s.name).into(),
                        (&key).into(),
                        s.kind.as_str().into(),
                        s.grade.map(Grade::as_str).into(),
                        s.notes.as_ref().into(),
                        (&s.created_at).into(),
                    ],
                )?;
            }
            PortableRow::Alias { source_id, alias } => {
                let key = lookup_key(alias);
                self.buffer(
                    "source_alias",
                    &[(&key).into(), alias.into(), (*source_id).into()],
                )?;
            }
            PortableRow::Article(a) => {
                let key = lookup_key(&a.title);
                self.buffer(
                    "article",
                    &[
                        a.id.into(),
                        (&a.slug).into(),
                        (&a.title).into(),
                        (&key).into(),
                        a.outlet.as_ref().into(),
                        a.url.as_ref().into(),
                        a.lang.as_ref().into(),
                        a.published_at.as_ref().into(),
                        a.body.as_ref().into(),
                        a.body_sha256.as_ref().into(),
                        (&a.created_at).into(),
                    ],
                )?;
            }
            PortableRow::Incident(i) => {
                let key = lookup_key(&i.title);
                self.buffer(
                    "incident",
                    &[
                        i.id.into(),
                        (&i.slug).into(),
                        (&i.title).into(),
                        (&key).into(),
                        i.date.as_ref().into(),
                        i.place.as_ref().into(),
                        (&i.created_at).into(),
                    ],
                )?;
            }
            PortableRow::Claim(c) => {
                self.buffer(
                    "claim",
                    &[
                        c.id.into(),
                        c.article_id.into(),
                        c.incident_id.into(),
                        c.source_id.into(),
                        c.via_id.into(),
                        (&c.text).into(),
                        c.quote.as_ref().into(),
                        c.quote_span.map(|s| s.0).into(),
                        c.quote_span.map(|s| s.1).into(),
                        c.translation.as_ref().into(),
                        (&c.as_of).into(),
                        "unverified".into(),
                        (&c.created_at).into(),
                        (&c.created_by).into(),
                    ],
                )?;
                if let Some(bulk) = self.bulk.as_mut() {
                    bulk.last_claim = Some((c.id, c.incident_id, c.source_id, c.as_of.clone()));
                }
            }
            PortableRow::Figure {
                id,
                claim_id,
                figure: f,
            } => {
                // The figure repeats its claim's incident, origin and as_of.
                let known = self
                    .bulk
                    .as_ref()
                    .and_then(|b| b.last_claim.clone())
                    .filter(|c| c.0 == *claim_id);
                let (incident_id, origin_id, as_of) = match known {
                    Some((_, incident, source, as_of)) => (incident, source, as_of),
                    None => {
                        let row = self
                            .query_opt(
                                "SELECT incident_id, source_id, as_of FROM claim WHERE id = $1",
                                &[claim_id],
                            )?
                            .ok_or_else(|| {
                                StoreError::refused(format!(
                                    "figure {id} belongs to claim {claim_id}, which comes nowhere before it"
                                ))
                            })?;
                        (row.get(0), row.get(1), row.get(2))
                    }
                };
                let interval = f.interval(Tolerance::DEFAULT);
                self.buffer(
                    "figure",
                    &[
                        (*id).into(),
                        (*claim_id).into(),
                        incident_id.into(),
                        origin_id.into(),
                        (&f.metric).into(),
                        f.qualifier.as_str().into(),
                        i64::from(f.strict).into(),
                        f.value.into(),
                        f.value_high.into(),
                        interval.low.into(),
                        interval.high.into(),
                        f.kind.as_str().into(),
                        (&as_of).into(),
                    ],
                )?;
            }
            PortableRow::Change(c, _) => {
                let (id, previous) = self
                    .bulk
                    .as_ref()
                    .and_then(|b| b.changes.clone())
                    .ok_or_else(|| anyhow!("the import lost the head of the history chain"))?;
                if id != c.id {
                    return Err(StoreError::refused(format!(
                        "status change {} comes where {id} was expected: history rows must run 1, 2, 3… without gaps",
                        c.id
                    )));
                }
                if c.from.is_none() && claim_digest.is_none() {
                    bail!(
                        "the creation row of claim {} needs its claim's digest",
                        c.claim_id
                    );
                }
                let hash = link(
                    &previous,
                    &ChangeContent {
                        id,
                        claim_id: c.claim_id,
                        from: c.from,
                        to: c.to,
                        who: &c.who,
                        at: &c.at,
                        note: c.note.as_deref(),
                        claim_digest: if c.from.is_none() { claim_digest } else { None },
                    }
                    .canonical(),
                );
                self.buffer(
                    "status_change",
                    &[
                        id.into(),
                        c.claim_id.into(),
                        c.from.map(Status::as_str).into(),
                        c.to.as_str().into(),
                        (&c.who).into(),
                        (&c.at).into(),
                        c.note.as_ref().into(),
                        (&hash).into(),
                    ],
                )?;
                if let Some(bulk) = self.bulk.as_mut() {
                    bulk.changes = Some((id + 1, hash.clone()));
                }
                return Ok(Some(hash));
            }
            PortableRow::Evidence(e, _) => {
                let (id, previous) = self
                    .bulk
                    .as_ref()
                    .and_then(|b| b.evidence.clone())
                    .ok_or_else(|| anyhow!("the import lost the head of the evidence chain"))?;
                if id != e.id {
                    return Err(StoreError::refused(format!(
                        "evidence {} comes where {id} was expected: evidence rows must run 1, 2, 3… without gaps",
                        e.id
                    )));
                }
                let hash = NewEvidence::from(e).chain_hash(id, &previous);
                self.buffer(
                    "evidence",
                    &[
                        id.into(),
                        e.claim_id.into(),
                        e.status_change_id.into(),
                        (&e.url).into(),
                        e.stance.as_str().into(),
                        e.note.as_ref().into(),
                        (&e.who).into(),
                        (&e.at).into(),
                        (&hash).into(),
                    ],
                )?;
                if let Some(bulk) = self.bulk.as_mut() {
                    bulk.evidence = Some((id + 1, hash.clone()));
                }
                return Ok(Some(hash));
            }
        }
        Ok(None)
    }
}

/// A server-side cursor read a batch at a time, inside the open transaction.
struct Cursor {
    name: &'static str,
    rows: VecDeque<Row>,
    done: bool,
}

impl Cursor {
    const BATCH: usize = 2000;

    fn open(client: &mut Client, name: &'static str, sql: &str) -> Result<Cursor> {
        client.batch_execute(&format!("DECLARE {name} NO SCROLL CURSOR FOR {sql}"))?;
        Ok(Cursor {
            name,
            rows: VecDeque::new(),
            done: false,
        })
    }

    fn fill(&mut self, client: &mut Client) -> Result<()> {
        if self.rows.is_empty() && !self.done {
            let rows = client.query(&format!("FETCH {} FROM {}", Cursor::BATCH, self.name), &[])?;
            if rows.len() < Cursor::BATCH {
                self.done = true;
            }
            self.rows.extend(rows);
        }
        Ok(())
    }

    fn peek(&mut self, client: &mut Client) -> Result<Option<&Row>> {
        self.fill(client)?;
        Ok(self.rows.front())
    }

    fn next(&mut self, client: &mut Client) -> Result<Option<Row>> {
        self.fill(client)?;
        Ok(self.rows.pop_front())
    }

    fn close(self, client: &mut Client) -> Result<()> {
        client.batch_execute(&format!("CLOSE {}", self.name))?;
        Ok(())
    }
}

fn bad_value(column: usize, text: &str) -> anyhow::Error {
    anyhow!("column {column} holds an unexpected value '{text}'")
}

fn enum_column<T>(r: &Row, column: usize, parse: fn(&str) -> Option<T>) -> Result<T> {
    let text: String = r.get(column);
    parse(&text).ok_or_else(|| bad_value(column, &text))
}

fn portable_claim_from_row(r: &Row) -> PortableClaim {
    let start: Option<i64> = r.get(7);
    let end: Option<i64> = r.get(8);
    PortableClaim {
        id: r.get(0),
        article_id: r.get(1),
        incident_id: r.get(2),
        source_id: r.get(3),
        via_id: r.get(4),
        text: r.get(5),
        quote: r.get(6),
        quote_span: start.zip(end),
        translation: r.get(9),
        as_of: r.get(10),
        created_at: r.get(11),
        created_by: r.get(12),
    }
}

fn change_from_row(r: &Row) -> Result<StatusChange> {
    let from: Option<String> = r.get(2);
    Ok(StatusChange {
        id: r.get(0),
        claim_id: r.get(1),
        from: match from {
            Some(text) => Some(Status::parse(&text).ok_or_else(|| bad_value(2, &text))?),
            None => None,
        },
        to: enum_column(r, 3, Status::parse)?,
        who: r.get(4),
        at: r.get(5),
        note: r.get(6),
    })
}

fn evidence_from_row(r: &Row) -> Result<Evidence> {
    Ok(Evidence {
        id: r.get(0),
        claim_id: r.get(1),
        status_change_id: r.get(2),
        url: r.get(3),
        stance: enum_column(r, 4, Stance::parse)?,
        note: r.get(5),
        who: r.get(6),
        at: r.get(7),
    })
}

fn source_from_row(r: &Row) -> Result<Source> {
    let grade: Option<String> = r.get(3);
    Ok(Source {
        id: r.get(0),
        name: r.get(1),
        aliases: Vec::new(),
        kind: enum_column(r, 2, SourceKind::parse)?,
        grade: match grade {
            Some(g) => Some(Grade::parse(&g).ok_or_else(|| bad_value(3, &g))?),
            None => None,
        },
        notes: r.get(4),
        created_at: r.get(5),
    })
}

fn article_from_row(r: &Row) -> Result<Article> {
    Ok(Article {
        id: r.get(0),
        slug: r.get(1),
        title: r.get(2),
        outlet: r.get(3),
        url: r.get(4),
        lang: r.get(5),
        published_at: r.get(6),
        body: r.get(7),
        body_sha256: r.get(8),
        created_at: r.get(9),
    })
}

fn incident_from_row(r: &Row) -> Incident {
    Incident {
        id: r.get(0),
        slug: r.get(1),
        title: r.get(2),
        date: r.get(3),
        place: r.get(4),
        created_at: r.get(5),
    }
}

/// A figure from columns metric, qualifier, strict, value, value_high, kind starting at `at`.
fn figure_from_row(r: &Row, at: usize) -> Result<Figure> {
    let strict: i64 = r.get(at + 2);
    Ok(Figure {
        metric: r.get(at),
        qualifier: enum_column(r, at + 1, Qualifier::parse)?,
        strict: strict != 0,
        value: r.get(at + 3),
        value_high: r.get(at + 4),
        kind: enum_column(r, at + 5, FigureKind::parse)?,
    })
}

fn figure_record_from_row(r: &Row) -> Result<FigureRecord> {
    Ok(FigureRecord {
        claim_id: r.get(0),
        origin_id: r.get(1),
        origin: r.get(2),
        via: r.get(3),
        figure: figure_from_row(r, 4)?,
        status: enum_column(r, 10, Status::parse)?,
        article: r.get(11),
        as_of: r.get(12),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_version_is_in_the_schema_file() {
        assert!(PG_SCHEMA_SQL.contains(&format!(
            "INSERT INTO crosscheck_schema (version) VALUES ({PG_SCHEMA_VERSION})"
        )));
    }
}
