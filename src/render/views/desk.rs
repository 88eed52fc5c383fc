//! `desk`: what a change to a desk's people did, and the members with their group and
//! their last activity in the history.

use serde::Serialize;

use super::json;
use crate::render::{Block, Output, Table, SCHEMA_VERSION};

/// What `desk setup|add|remove` did, as JSON.
#[derive(Serialize)]
pub struct Changed<'a> {
    /// `setup`, `added`, `moved` or `removed`.
    pub action: &'a str,
    /// The member.
    pub role: Option<&'a str>,
    /// Its group now.
    pub group: Option<&'a str>,
}

/// One member of the desk, as `desk list` shows it.
#[derive(Serialize)]
pub struct Member<'a> {
    /// The login role.
    pub role: &'a str,
    /// `owner`, `writer` or `reader`.
    pub group: &'a str,
    /// Whether it may log in.
    pub can_login: bool,
    /// When the history last names it.
    pub last_activity: Option<&'a str>,
    /// How many history and evidence rows name it.
    pub entries: i64,
}

#[derive(Serialize)]
struct ListView<'a> {
    schema_version: u32,
    members: &'a [Member<'a>],
}

/// `desk list`.
pub fn list(members: &[Member<'_>]) -> Output {
    let header = ["role", "group", "login", "last activity", "entries"];
    let mut table = Table::new(&header);
    // CSV leaves no activity empty: a leading `-` would be escaped as a formula.
    let mut csv = Table::new(&header);
    for m in members {
        for (out, none) in [(&mut table, "-"), (&mut csv, "")] {
            out.push(vec![
                m.role.into(),
                m.group.into(),
                (if m.can_login { "yes" } else { "no" }).into(),
                m.last_activity.unwrap_or(none).into(),
                m.entries.to_string().into(),
            ]);
        }
    }
    Output {
        json: json(ListView {
            schema_version: SCHEMA_VERSION,
            members,
        }),
        blocks: vec![Block::Table(table)],
        csv,
    }
}
