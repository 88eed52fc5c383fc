//! `article edit` and `incident edit`: an article's or an incident's metadata changed the
//! way `source edit` changes a source, by an entry in the ledger's chain (`article_edit`,
//! `incident_edit`) whose data holds the fields given, then the row. `verify` folds the
//! creation entry's fields and every edit's, in order, into what the row must hold, so the
//! creation entry keeps verifying and a change made without an entry is reported. The
//! article's body is never edited: its digest stays what the creation entry recorded.

use anyhow::{Context, Result};
use serde_json::{Map, Value as Json};

use super::Rules;
use crate::model::lookup_key;
use crate::model::record::Kind;
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
