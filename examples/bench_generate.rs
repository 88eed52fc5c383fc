//! Writes a deterministic ledger export (JSON Lines, export format 2, what `crosscheck
//! export` writes and `crosscheck import` reads) for the benchmarks: 500 sources with
//! aliases, 50,000 articles, 10,000 incidents and N claims with one to three figures
//! each, about one incident in eight with sources in conflict (`--conflicts few`: one
//! in a thousand, for timing `conflicts` when it has little to print; the claims are
//! otherwise the same). Incident 1 gets the first 1,000 claims, so one incident is large
//! enough to time `report`.
//!
//! The record comes with the rows, as a ledger built by the commands would hold it: a
//! ledger entry for each source, alias, article and incident, a chain per claim (its
//! creation, each status change, its evidence), and a checkpoint sealing each claim's
//! entries, as the write that added them would. Hashes are computed with the library's
//! own builders (`model::record::Entry::hash`, `ClaimFields::content`,
//! `store::entry_content`), and `import` checks the whole record before it commits, so
//! a file that drifted from what the ledger writes is refused, not benchmarked.
//!
//! Rows go out in export order: the record's entries and seals follow every claim, so
//! they are written to two companion files beside the output while the claims are, and
//! appended at the end; memory stays flat whatever N.
//!
//! cargo run --release --example bench_generate -- --claims 100000 --seed 7 -o bench.jsonl
//! cargo run --release --example bench_generate -- --claims 100000 --conflicts few -o few.jsonl

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};

use serde_json::{json, Value as Json};

use crosscheck::model::chain::GENESIS;
use crosscheck::model::record::{text_field, ClaimFields, Entry, Kind, LEDGER_CHAIN};
use crosscheck::model::{Figure, Stance, Status};
use crosscheck::store::entry_content::{
    evidence_content, source_data, status_content, with_fingerprint, CROSSCHECK,
};
use crosscheck::store::EXPORT_FORMAT;

const SOURCES: u64 = 500;
const ARTICLES: u64 = 50_000;
const INCIDENTS: u64 = 10_000;
const BIG_INCIDENT_CLAIMS: u64 = 1_000;
const METRICS: [&str; 5] = [
    "killed",
    "killed.children",
    "killed.women",
    "killed.civilians",
    "injured",
];
const KINDS: [&str; 6] = [
    "ngo",
    "government",
    "military",
    "news_agency",
    "witness",
    "official",
];
const AT: &str = "2024-01-01T00:00:00Z";
const WHO: &str = "bench";

/// SplitMix64: tiny, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// How often an incident has a source that disagrees with the others.
#[derive(Clone, Copy)]
enum Conflicts {
    /// One incident in eight: the archive's mix.
    Many,
    /// One incident in a thousand.
    Few,
}

impl Conflicts {
    fn in_incident(self, incident: u64) -> bool {
        match self {
            Conflicts::Many => incident % 8 == 0,
            Conflicts::Few => incident % 1_000 == 0,
        }
    }
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// The record as it is written: entries and seals to their companion files, the ledger
/// chain's tip, and each claim's chain while its rows are written.
struct Record<W: Write> {
    entries: W,
    seals: W,
    ledger_seq: i64,
    ledger_tip: String,
    /// The claim being written: its id, next position, tip, and the entries its
    /// checkpoint will seal (position, hash).
    claim: (i64, i64, String, Vec<(i64, String)>),
}

impl<W: Write> Record<W> {
    fn entry_line(&mut self, entry: &Entry<'_>, hash: &str) -> io::Result<()> {
        let mut line = json!({
            "record": "entry",
            "chain": entry.chain,
            "seq": entry.seq,
            "kind": entry.kind.as_str(),
            "who": entry.who,
            "at": entry.at,
            "hash": hash,
        });
        if let Some(subject) = entry.subject {
            line["subject"] = json!(subject);
        }
        if let Some(data) = entry.data {
            line["data"] = json!(data);
        }
        serde_json::to_writer(&mut self.entries, &line)?;
        self.entries.write_all(b"\n")
    }

    /// Appends an entry to the ledger's chain.
    fn ledger(&mut self, kind: Kind, subject: Option<i64>, data: &Json) -> io::Result<()> {
        self.ledger_seq += 1;
        let data = data.to_string();
        let entry = Entry {
            chain: LEDGER_CHAIN,
            seq: self.ledger_seq,
            kind,
            subject,
            who: WHO,
            at: AT,
            data: Some(&data),
        };
        let hash = entry.hash(&self.ledger_tip, &Json::Null);
        self.entry_line(&entry, &hash)?;
        self.ledger_tip = hash;
        Ok(())
    }

    /// Starts claim `id`'s chain.
    fn start_claim(&mut self, id: i64) {
        self.claim = (id, 1, GENESIS.to_string(), Vec::new());
    }

    /// Appends an entry to the current claim's chain; returns its hash.
    fn claim_entry(
        &mut self,
        kind: Kind,
        subject: Option<i64>,
        data: &str,
        content: &Json,
    ) -> io::Result<String> {
        let (chain, seq) = (self.claim.0, self.claim.1);
        let entry = Entry {
            chain,
            seq,
            kind,
            subject,
            who: WHO,
            at: AT,
            data: Some(data),
        };
        let hash = entry.hash(&self.claim.2, content);
        self.entry_line(&entry, &hash)?;
        self.claim.1 += 1;
        self.claim.2 = hash.clone();
        self.claim.3.push((seq, hash.clone()));
        Ok(hash)
    }

    /// Seals the current claim's entries in a checkpoint, as the write that added them
    /// would at its end.
    fn checkpoint(&mut self) -> io::Result<()> {
        let claim = self.claim.0;
        let sealed = std::mem::take(&mut self.claim.3);
        self.ledger_seq += 1;
        let content = Json::Array(
            sealed
                .iter()
                .map(|(seq, hash)| json!([claim, seq, hash]))
                .collect(),
        );
        let data = json!({ "sealed": sealed.len() }).to_string();
        let entry = Entry {
            chain: LEDGER_CHAIN,
            seq: self.ledger_seq,
            kind: Kind::Checkpoint,
            subject: None,
            who: CROSSCHECK,
            at: AT,
            data: Some(&data),
        };
        let hash = entry.hash(&self.ledger_tip, &content);
        self.entry_line(&entry, &hash)?;
        self.ledger_tip = hash;
        for (seq, _) in &sealed {
            writeln!(
                self.seals,
                r#"{{"record":"seal","claim_id":{claim},"seq":{seq},"checkpoint":{}}}"#,
                self.ledger_seq
            )?;
        }
        Ok(())
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let claims: u64 = arg(&args, "--claims")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let seed: u64 = arg(&args, "--seed")
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let path = arg(&args, "-o").unwrap_or_else(|| "bench.jsonl".to_string());
    let conflicts = match arg(&args, "--conflicts").as_deref() {
        None | Some("many") => Conflicts::Many,
        Some("few") => Conflicts::Few,
        Some(other) => {
            eprintln!("bench_generate: --conflicts takes many or few, not '{other}'");
            std::process::exit(2);
        }
    };
    let (entries_path, seals_path) = (format!("{path}.entries"), format!("{path}.seals"));
    let mut rng = Rng(seed);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);
    let mut record = Record {
        entries: BufWriter::with_capacity(1 << 20, File::create(&entries_path)?),
        seals: BufWriter::with_capacity(1 << 20, File::create(&seals_path)?),
        ledger_seq: 0,
        ledger_tip: GENESIS.to_string(),
        claim: (0, 1, GENESIS.to_string(), Vec::new()),
    };

    writeln!(out, r#"{{"record":"format","version":{EXPORT_FORMAT}}}"#)?;
    for s in 1..=SOURCES {
        let kind = KINDS[(s % KINDS.len() as u64) as usize];
        let grade = ["A", "B", "C", "D", "E", "F"][(s % 6) as usize];
        let name = format!("Source {s}");
        writeln!(
            out,
            r#"{{"record":"source","id":{s},"name":"{name}","kind":"{kind}","grade":"{grade}","created_at":"{AT}"}}"#,
        )?;
        record.ledger(
            Kind::Source,
            Some(s as i64),
            &source_data(&name, kind, Some(grade), None, AT),
        )?;
        let mut aliases = vec![format!("S{s}")];
        if s % 3 == 0 {
            aliases.push(format!("Bron {s}"));
        }
        for alias in aliases {
            writeln!(
                out,
                r#"{{"record":"alias","source_id":{s},"name":"{alias}"}}"#
            )?;
            record.ledger(Kind::Alias, Some(s as i64), &json!({ "alias": alias }))?;
        }
    }
    for a in 1..=ARTICLES {
        let lang = if a % 2 == 0 { "en" } else { "nl" };
        let (slug, title) = (format!("article-{a}"), format!("Report number {a}"));
        let outlet = format!("Outlet {}", a % 40);
        let url = format!("https://example.org/a/{a}");
        let published = format!("2024-{:02}-{:02}", a % 12 + 1, a % 28 + 1);
        writeln!(
            out,
            r#"{{"record":"article","id":{a},"slug":"{slug}","title":"{title}","outlet":"{outlet}","url":"{url}","lang":"{lang}","published_at":"{published}","created_at":"{AT}"}}"#,
        )?;
        record.ledger(
            Kind::Article,
            Some(a as i64),
            &json!({
                "slug": slug, "title": title, "outlet": outlet, "url": url, "lang": lang,
                "published_at": published, "body_sha256": null, "created_at": AT,
            }),
        )?;
    }
    for i in 1..=INCIDENTS {
        let (slug, title) = (format!("incident-{i}"), format!("Incident {i}"));
        let date = format!("2024-{:02}-{:02}", i % 12 + 1, i % 28 + 1);
        let place = format!("Place {}", i % 300);
        writeln!(
            out,
            r#"{{"record":"incident","id":{i},"slug":"{slug}","title":"{title}","date":"{date}","place":"{place}","created_at":"{AT}"}}"#,
        )?;
        record.ledger(
            Kind::Incident,
            Some(i as i64),
            &json!({
                "slug": slug, "title": title, "date": date, "place": place, "created_at": AT,
            }),
        )?;
    }

    let mut figure_id = 0u64;
    let mut change_id = 0i64;
    let mut evidence_id = 0i64;
    for c in 1..=claims {
        let incident = if c <= BIG_INCIDENT_CLAIMS {
            1
        } else {
            rng.below(INCIDENTS) + 1
        };
        // Each incident has its own handful of sources and its true toll; one in eight
        // has a source that disagrees (one in a thousand with `--conflicts few`).
        let source = (incident * 7 + rng.below(6)) % SOURCES + 1;
        let article = rng.below(ARTICLES) + 1;
        let truth = incident % 90 + 5;
        let disputed = conflicts.in_incident(incident) && source % 2 == 0;
        let day = rng.below(28) + 1;
        let hour = rng.below(24);
        let as_of = format!("2024-02-{day:02}T{hour:02}:00:00Z");
        let text =
            format!("Source {source} says {truth} people were killed in incident {incident}");
        let quote = format!("{truth} people were killed");
        writeln!(
            out,
            r#"{{"record":"claim","id":{c},"article_id":{article},"incident_id":{incident},"source_id":{source},"text":"{text}","quote":"{quote}","as_of":"{as_of}","created_at":"{AT}","created_by":"{WHO}"}}"#
        )?;
        let mut recorded: Vec<Figure> = Vec::new();
        let figures = rng.below(3) + 1;
        let first = rng.below(METRICS.len() as u64);
        for k in 0..figures {
            let metric = METRICS[((first + k) % METRICS.len() as u64) as usize];
            let base = match metric {
                "killed" | "killed.civilians" => truth,
                "injured" => truth * 2,
                _ => truth / 4,
            };
            let value = if disputed { base + base / 3 + 2 } else { base };
            let spec = match rng.below(10) {
                0 => format!("{metric}>={value}"),
                1 => format!("{metric}~{value}"),
                _ => format!("{metric}={value}"),
            };
            figure_id += 1;
            writeln!(
                out,
                r#"{{"record":"figure","id":{figure_id},"claim_id":{c},"figure":"{spec}"}}"#
            )?;
            recorded.push(Figure::parse(&spec).map_err(io::Error::other)?);
        }

        // The claim's chain: its creation, then each status change and its evidence.
        let claim_id = c as i64;
        record.start_claim(claim_id);
        let content = ClaimFields {
            article_id: article as i64,
            incident_id: Some(incident as i64),
            text: text_field(Some(&text)),
            quote: text_field(Some(&quote)),
            quote_span: None,
            translation: text_field(None),
            as_of: &as_of,
            created_at: AT,
            created_by: WHO,
            figures: &recorded,
            claim_key: None,
        }
        .content();
        let data = with_fingerprint(Some(json!({"source": source, "via": null})), &content);
        record.claim_entry(Kind::Claim, Some(claim_id), &data, &content)?;
        let mut change = |out: &mut BufWriter<File>,
                          record: &mut Record<BufWriter<File>>,
                          from: Option<Status>,
                          to: Status,
                          note: Option<&str>|
         -> io::Result<i64> {
            change_id += 1;
            let content = status_content(change_id, from, to, WHO, AT, text_field(note), false);
            let data = with_fingerprint(None, &content);
            let hash = record.claim_entry(Kind::Status, Some(change_id), &data, &content)?;
            let mut line = json!({
                "record": "status_change", "id": change_id, "claim_id": claim_id,
                "to_status": to.as_str(), "who": WHO, "at": AT, "hash": hash, "version": 2,
            });
            if let Some(from) = from {
                line["from_status"] = json!(from.as_str());
            }
            if let Some(note) = note {
                line["note"] = json!(note);
            }
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
            Ok(change_id)
        };
        change(
            &mut out,
            &mut record,
            None,
            Status::Unverified,
            Some("recorded"),
        )?;
        match rng.below(10) {
            0..=2 => {
                change(
                    &mut out,
                    &mut record,
                    Some(Status::Unverified),
                    Status::InProgress,
                    None,
                )?;
            }
            3 => {
                let verdict = if disputed {
                    Status::Disputed
                } else {
                    Status::Verified
                };
                let note = "checked against the hospital list";
                let verdict_id = change(
                    &mut out,
                    &mut record,
                    Some(Status::Unverified),
                    verdict,
                    Some(note),
                )?;
                evidence_id += 1;
                let url = format!("https://example.org/evidence/{c}");
                let stance = Stance::Context;
                let content = evidence_content(
                    evidence_id,
                    Some(verdict_id),
                    text_field(Some(&url)),
                    stance.as_str(),
                    text_field(None),
                    WHO,
                    AT,
                    false,
                );
                let data = with_fingerprint(None, &content);
                let hash =
                    record.claim_entry(Kind::Evidence, Some(evidence_id), &data, &content)?;
                writeln!(
                    out,
                    r#"{{"record":"evidence","id":{evidence_id},"claim_id":{c},"status_change_id":{verdict_id},"url":"{url}","stance":"{}","who":"{WHO}","at":"{AT}","hash":"{hash}","version":2}}"#,
                    stance.as_str()
                )?;
            }
            _ => {}
        }
        record.checkpoint()?;
    }

    // The record's entries, then the seals, after every claim: export order.
    let Record { entries, seals, .. } = record;
    for (part, writer) in [(&entries_path, entries), (&seals_path, seals)] {
        drop(writer.into_inner().map_err(|e| e.into_error())?);
        io::copy(&mut File::open(part)?, &mut out)?;
        fs::remove_file(part)?;
    }
    out.flush()
}
