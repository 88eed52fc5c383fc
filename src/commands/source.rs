//! `source add | list | show | alias | merge`: who makes claims, under every name they
//! go by, so that "the Pentagon" and "US Department of Defense" are counted as one; and
//! the twins a ledger already holds (two sources whose names are one to a reader), listed
//! for a person to merge.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;

use super::{resolve, Ctx};
use crate::cli::{SourceAddArgs, SourceCommand};
use crate::clock;
use crate::error::user;
use crate::model::names::{difference, look_alike_key, same_name_key};
use crate::model::{lookup_key, Grade, SourceKind};
use crate::render::views;
use crate::render::views::source::Twins;
use crate::store::{Acting, ClaimFilter, Ledger, NewSource, SourceListing};

pub(super) fn run(ctx: &Ctx, cmd: SourceCommand) -> Result<()> {
    match cmd {
        SourceCommand::Add(args) => {
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let by = Acting {
                who: &who,
                at: &now,
            };
            let listing = store.write(|l| {
                let id = add(l, &args, by)?;
                listing(l, id)
            })?;
            ctx.emit(views::source::added(&listing))
        }
        SourceCommand::List(args) => {
            let mut store = ctx.open()?;
            if args.twins {
                let pairs = store.read(twins)?;
                return ctx.emit(views::source::twins(&pairs));
            }
            let sources = store.read(|l| l.list_sources(None))?;
            ctx.emit(views::source::list(&sources))
        }
        SourceCommand::Show(args) => {
            let mut store = ctx.open()?;
            let (listing, claims) = store.read(|l| {
                let source = resolve::source(l, &args.target)?;
                let listing = listing(l, source.id)?;
                let claims = l.list_claims(&ClaimFilter {
                    source_id: Some(source.id),
                    ..ClaimFilter::default()
                })?;
                Ok((listing, claims))
            })?;
            ctx.emit(views::source::show(&listing, &claims))
        }
        SourceCommand::Edit(args) => {
            let kind = args.kind.as_deref().map(parse_kind).transpose()?;
            let grade = match args.grade.as_deref().map(str::trim) {
                Some(g) if g.eq_ignore_ascii_case("none") => Some(None),
                Some(g) => Some(Some(parse_grade(g)?)),
                None => None,
            };
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let by = Acting {
                who: &who,
                at: &now,
            };
            let listing = store.write(|l| {
                let source = resolve::source(l, &args.source)?;
                let notes = match &args.notes {
                    Some(n) => Some(n.trim().to_string()).filter(|n| !n.is_empty()),
                    None => source.notes.clone(),
                };
                l.update_source(
                    source.id,
                    kind.unwrap_or(source.kind),
                    grade.unwrap_or(source.grade),
                    notes.as_deref(),
                    by,
                )?;
                listing(l, source.id)
            })?;
            ctx.emit(views::source::updated(&listing))
        }
        SourceCommand::Alias(args) => {
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let by = Acting {
                who: &who,
                at: &now,
            };
            let listing = store.write(|l| {
                let source = resolve::source(l, &args.source)?;
                add_alias(l, source.id, &args.alias, by)?;
                listing(l, source.id)
            })?;
            ctx.emit(views::source::aliased(&listing, args.alias.trim()))
        }
        SourceCommand::Merge(args) => {
            let now = clock::now_text()?;
            let mut store = ctx.open()?;
            let who = ctx.actor(&store)?;
            let by = Acting {
                who: &who,
                at: &now,
            };
            let (counts, listing, from) = store.write(|l| {
                let from = resolve::source(l, &args.from)?;
                let into = resolve::source(l, &args.into)?;
                if from.id == into.id {
                    return Err(user(format!(
                        "'{}' and '{}' are already the same source ({})",
                        args.from, args.into, into.name
                    )));
                }
                let counts = l.merge_sources(from.id, into.id, by)?;
                Ok((counts, listing(l, into.id)?, from))
            })?;
            ctx.emit(views::source::merged(
                &views::source::Merged {
                    from: &from.name,
                    claims: counts.claims,
                    relayed: counts.relayed,
                    aliases: counts.aliases,
                },
                &listing,
            ))
        }
    }
}

/// The pairs of sources already in the ledger whose names or aliases are the same name
/// (another Unicode form or letter case) or look alike, older source first, by ids.
/// Nothing is merged: which of two look-alikes is the real one is a person's call.
pub(super) fn twins(ledger: &mut dyn Ledger) -> Result<Vec<Twins>> {
    let names = ledger.source_names()?;
    let main: HashMap<i64, String> = ledger
        .list_sources(None)?
        .into_iter()
        .map(|l| (l.source.id, l.source.name))
        .collect();
    // Every same name also looks alike, so grouping by the look-alike key finds both.
    let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (_, name)) in names.iter().enumerate() {
        groups.entry(look_alike_key(name)).or_default().push(i);
    }
    let mut pairs: BTreeMap<(i64, i64), Twins> = BTreeMap::new();
    for members in groups.values().filter(|m| m.len() > 1) {
        for (k, &i) in members.iter().enumerate() {
            for &j in &members[k + 1..] {
                let ((a, a_name), (b, b_name)) = if names[i].0 <= names[j].0 {
                    (&names[i], &names[j])
                } else {
                    (&names[j], &names[i])
                };
                if a == b {
                    continue;
                }
                let same = same_name_key(a_name) == same_name_key(b_name);
                let known = pairs.get(&(*a, *b));
                if known.is_some_and(|t| t.relation == "same_name" || !same) {
                    continue;
                }
                let name_of = |id: &i64| main.get(id).cloned().unwrap_or_default();
                pairs.insert(
                    (*a, *b),
                    Twins {
                        source_id: *a,
                        source_name: name_of(a),
                        source_matched: a_name.clone(),
                        twin_id: *b,
                        twin_name: name_of(b),
                        twin_matched: b_name.clone(),
                        relation: if same { "same_name" } else { "look_alike" },
                        difference: difference(b_name, a_name),
                    },
                );
            }
        }
    }
    Ok(pairs.into_values().collect())
}

fn listing(ledger: &mut dyn Ledger, id: i64) -> Result<SourceListing> {
    ledger
        .list_sources(Some(id))?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("source {id} vanished"))
}

/// Reads `--kind`.
pub(super) fn parse_kind(text: &str) -> Result<SourceKind> {
    SourceKind::parse(&text.trim().to_lowercase().replace([' ', '-'], "_")).ok_or_else(|| {
        let kinds: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
        user(format!(
            "--kind '{text}' is not a source kind; use one of {}",
            kinds.join(", ")
        ))
    })
}

/// Reads `--grade`.
pub(super) fn parse_grade(text: &str) -> Result<Grade> {
    Grade::parse(&text.trim().to_uppercase()).ok_or_else(|| {
        user(format!(
            "--grade '{text}' is not an Admiralty reliability grade; use a letter from A (completely reliable) to F (cannot be judged)"
        ))
    })
}

/// Records a source with its aliases.
pub(super) fn add(ledger: &mut dyn Ledger, args: &SourceAddArgs, by: Acting<'_>) -> Result<i64> {
    let name = args.name.trim();
    resolve::check_name(name, "source name")?;
    if name.is_empty() {
        return Err(user("the source name is empty; give it as the first argument, e.g. `crosscheck source add Pentagon`"));
    }
    let kind = parse_kind(&args.kind)?;
    let grade = args.grade.as_deref().map(parse_grade).transpose()?;
    if let Some(existing) = ledger.source_holding_key(&lookup_key(name))? {
        return Err(user(format!(
            "a source named '{name}' already exists (id {existing}); `crosscheck source show {existing}` shows it"
        )));
    }
    resolve::check_new_name(ledger, name, "source name")?;
    let id = ledger.insert_source(&NewSource {
        name: name.to_string(),
        kind,
        grade,
        notes: args.notes.clone().filter(|n| !n.trim().is_empty()),
        created_at: by.at.to_string(),
        created_by: by.who.to_string(),
    })?;
    for alias in &args.aliases {
        add_alias(ledger, id, alias, by)?;
    }
    Ok(id)
}

/// Gives a source another name, refusing one that already names any source.
pub(super) fn add_alias(
    ledger: &mut dyn Ledger,
    id: i64,
    alias: &str,
    by: Acting<'_>,
) -> Result<()> {
    let alias = alias.trim();
    resolve::check_name(alias, "alias")?;
    if alias.is_empty() {
        return Err(user(
            "the alias is empty; give the other name the source goes by",
        ));
    }
    if let Some(holder) = ledger.source_holding_key(&lookup_key(alias))? {
        let which = if holder == id {
            "this source"
        } else {
            "another source"
        };
        return Err(user(format!(
            "'{alias}' already names {which} (id {holder}); an alias must be unique"
        )));
    }
    resolve::check_new_name(ledger, alias, "alias")?;
    ledger.insert_alias(id, alias, by)
}
