//! `article edit` and `incident edit`: an article's or an incident's metadata changed the
//! way `source edit` changes a source, by an entry in the ledger's chain (`article_edit`,
//! `incident_edit`) whose data holds the fields given, then the row. `verify` folds the
//! creation entry's fields and every edit's, in order, into what the row must hold, so the
//! creation entry keeps verifying and a change made without an entry is reported. The
//! article's body is never edited: its digest stays what the creation entry recorded.
//!
//! `log` lists these edits, `source edit`s and source merges beside the claims' history:
//! they are read here from the ledger's chain, where they are recorded. A merge also
//! re-credits each claim it moves by an entry in the claim's own chain; `history` shows
//! those, read here too.

use anyhow::{Context, Result};
use serde_json::{Map, Value as Json};

use super::Rules;
use crate::model::log::{LogEntry, LogFilter, LogKind};
use crate::model::lookup_key;
use crate::model::record::{Credit, Kind, Recredit};
use crate::store::error::{ErrorKind, StoreError};
use crate::store::primitives::{Primitives, Value};
use crate::store::{Acting, ArticleField, IncidentField};

impl<P: Primitives> Rules<P> {
    /// Changes an article's metadata; see the module's documentation.
    pub(super) fn edit_article_row(
        &mut self,
        id: i64,
        changes: &[(ArticleField, Option<String>)],
        by: Acting<'_>,
    ) -> Result<()> {
        let columns: Vec<(&'static str, Option<&str>)> = changes
            .iter()
            .map(|(f, v)| (f.column(), v.as_deref()))
            .collect();
        self.edit_row(Kind::ArticleEdit, "article", id, &columns, by)
    }

    /// Changes an incident's metadata; see the module's documentation.
    pub(super) fn edit_incident_row(
        &mut self,
        id: i64,
        changes: &[(IncidentField, Option<String>)],
        by: Acting<'_>,
    ) -> Result<()> {
        let columns: Vec<(&'static str, Option<&str>)> = changes
            .iter()
            .map(|(f, v)| (f.column(), v.as_deref()))
            .collect();
        self.edit_row(Kind::IncidentEdit, "incident", id, &columns, by)
    }

    /// The entry, then the row: `columns` are the table's own (never from input), each
    /// with its new value (none clears it).
    fn edit_row(
        &mut self,
        kind: Kind,
        table: &'static str,
        id: i64,
        columns: &[(&'static str, Option<&str>)],
        by: Acting<'_>,
    ) -> Result<()> {
        if columns.is_empty() {
            anyhow::bail!("an edit of {table} {id} with nothing to change");
        }
        let mut data = Map::new();
        for (column, value) in columns {
            data.insert(
                (*column).to_string(),
                value.map_or(Json::Null, |v| Json::String(v.to_string())),
            );
        }
        self.append_ledger_entry(kind, Some(id), by.who, by.at, &Json::Object(data))?;
        let mut sets: Vec<String> = Vec::new();
        let mut values: Vec<Value<'_>> = vec![Value::Int(id)];
        let mut title_key = None;
        for (column, value) in columns {
            values.push((*value).into());
            sets.push(format!("{column} = ?{}", values.len()));
            // The title is looked up by its key: it follows the title.
            if *column == "title" {
                title_key = value.map(lookup_key);
            }
        }
        if let Some(key) = &title_key {
            values.push(key.into());
            sets.push(format!("title_key = ?{}", values.len()));
        }
        let sql = format!("UPDATE {table} SET {} WHERE id = ?1", sets.join(", "));
        let changed = self
            .db
            .execute(&sql, &values)
            .with_context(|| format!("cannot update {table} {id}"))?;
        if changed == 0 {
            return Err(StoreError::with_kind(
                ErrorKind::NotFound,
                format!("no {table} {id}"),
            ));
        }
        Ok(())
    }
}

/// The ledger-chain entries `log` lists, with the table their subject is a row of.
const LOGGED: [(Kind, LogKind, &str); 4] = [
    (Kind::SourceEdit, LogKind::SourceEdit, "source"),
    (Kind::Merge, LogKind::Merge, "source"),
    (Kind::ArticleEdit, LogKind::ArticleEdit, "article"),
    (Kind::IncidentEdit, LogKind::IncidentEdit, "incident"),
];

impl<P: Primitives> Rules<P> {
    /// The edits and merges the filter admits, newest first, at most `limit`, for `log`
    /// to interleave with the claims' history. A filter on a claim admits none; one on an
    /// incident admits that incident's edits.
    pub(super) fn ledger_changes(
        &mut self,
        filter: &LogFilter,
        limit: Option<u64>,
    ) -> Result<Vec<LogEntry>> {
        if filter.claim_id.is_some() {
            return Ok(Vec::new());
        }
        let kinds: Vec<String> = LOGGED
            .iter()
            .map(|(k, _, _)| format!("'{}'", k.as_str()))
            .collect();
        let limit_sql = limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default();
        let sql = format!(
            "SELECT r.seq, r.kind, r.subject, r.who, r.at, r.data, i.slug
             FROM record r LEFT JOIN incident i ON r.kind = 'incident_edit' AND i.id = r.subject
             WHERE r.kind IN ({}) AND r.chain = 0
               AND (CAST(?1 AS TEXT) IS NULL OR r.at >= ?1)
               AND (CAST(?2 AS TEXT) IS NULL OR r.who = ?2)
               AND (CAST(?3 AS BIGINT) IS NULL OR (r.kind = 'incident_edit' AND r.subject = ?3))
             ORDER BY r.seq DESC{limit_sql}",
            kinds.join(", ")
        );
        let ledger = self.rows(
            &sql,
            &[
                filter.since.as_deref().into(),
                filter.who.as_deref().into(),
                filter.incident_id.into(),
            ],
            |r| {
                let word: String = r.get(1)?;
                let (_, kind, table) = LOGGED
                    .iter()
                    .find(|(k, _, _)| k.as_str() == word)
                    .with_context(|| {
                        format!(
                            "the record holds an entry of kind '{word}' where log asked for edits"
                        )
                    })?;
                let subject: Option<i64> = r.get(2)?;
                let data: Option<String> = r.get(5)?;
                let set = data.and_then(|d| serde_json::from_str::<Json>(&d).ok());
                let field = match (kind, &set) {
                    (LogKind::Merge, _) | (_, None) => None,
                    (_, Some(Json::Object(map))) => {
                        Some(map.keys().cloned().collect::<Vec<_>>().join(", "))
                    }
                    (_, Some(_)) => None,
                };
                Ok(LogEntry {
                    at: r.get(4)?,
                    who: r.get(3)?,
                    kind: *kind,
                    claim: None,
                    incident: r.get(6)?,
                    from: None,
                    to: None,
                    url: None,
                    stance: None,
                    note: None,
                    id: r.get(0)?,
                    target: subject.map(|id| format!("{table}:{id}")),
                    field,
                    why: None,
                    set,
                })
            },
        )?;
        Ok(ledger)
    }
}

impl<P: Primitives> Rules<P> {
    /// The credit entries of a claim's chain, oldest first, with the names of the
    /// sources they credit as they are now.
    pub(super) fn claim_credits(&mut self, claim_id: i64) -> Result<Vec<Recredit>> {
        let entries = self.rows(
            "SELECT seq, who, at, data FROM record WHERE chain = ?1 AND kind = 'credit' ORDER BY seq",
            &[claim_id.into()],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<Option<String>>(3)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for (seq, who, at, data) in entries {
            let text = data.unwrap_or_default();
            let credit = Credit::from_data(&text).with_context(|| {
                format!("claim {claim_id}'s credit entry {seq} does not name a source")
            })?;
            let why = serde_json::from_str::<Json>(&text)
                .ok()
                .and_then(|d| d.get("why").and_then(Json::as_str).map(str::to_string));
            let source = self.source_name(credit.source)?;
            let via = match credit.via {
                Some(id) => self.source_name(id)?,
                None => None,
            };
            out.push(Recredit {
                seq,
                who,
                at,
                source_id: credit.source,
                source,
                via_id: credit.via,
                via,
                why,
            });
        }
        Ok(out)
    }

    fn source_name(&mut self, id: i64) -> Result<Option<String>> {
        self.row("SELECT name FROM source WHERE id = ?1", &[id.into()], |r| {
            r.get(0)
        })
    }
}
