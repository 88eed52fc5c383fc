//! Writes a deterministic ledger export (JSON Lines, the format `crosscheck import` reads)
//! for the benchmarks: 500 sources with aliases, 50,000 articles, 10,000 incidents and N
//! claims with one to three figures each, about one incident in eight with sources in
//! conflict. Incident 1 gets the first 1,000 claims, so one incident is large enough to
//! time `report`.
//!
//! cargo run --release --example bench_generate -- --claims 100000 --seed 7 -o bench.jsonl

use std::fs::File;
use std::io::{BufWriter, Write};

use crosscheck::model::chain::{link, ChangeContent, ClaimContent, EvidenceContent, GENESIS};
use crosscheck::model::{Figure, Stance, Status};

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

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let claims: u64 = arg(&args, "--claims")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let seed: u64 = arg(&args, "--seed")
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let path = arg(&args, "-o").unwrap_or_else(|| "bench.jsonl".to_string());
    let mut rng = Rng(seed);
    let mut out = BufWriter::with_capacity(1 << 20, File::create(&path)?);

    for s in 1..=SOURCES {
        let kind = KINDS[(s % KINDS.len() as u64) as usize];
        writeln!(
            out,
            r#"{{"record":"source","id":{s},"name":"Source {s}","kind":"{kind}","grade":"{}","created_at":"{AT}"}}"#,
            ["A", "B", "C", "D", "E", "F"][(s % 6) as usize]
        )?;
        writeln!(out, r#"{{"record":"alias","source_id":{s},"name":"S{s}"}}"#)?;
        if s % 3 == 0 {
            writeln!(
                out,
                r#"{{"record":"alias","source_id":{s},"name":"Bron {s}"}}"#
            )?;
        }
    }
    for a in 1..=ARTICLES {
        let lang = if a % 2 == 0 { "en" } else { "nl" };
        writeln!(
            out,
            r#"{{"record":"article","id":{a},"slug":"article-{a}","title":"Report number {a}","outlet":"Outlet {}","url":"https://example.org/a/{a}","lang":"{lang}","published_at":"2024-{:02}-{:02}","created_at":"{AT}"}}"#,
            a % 40,
            a % 12 + 1,
            a % 28 + 1
        )?;
    }
    for i in 1..=INCIDENTS {
        writeln!(
            out,
            r#"{{"record":"incident","id":{i},"slug":"incident-{i}","title":"Incident {i}","date":"2024-{:02}-{:02}","place":"Place {}","created_at":"{AT}"}}"#,
            i % 12 + 1,
            i % 28 + 1,
            i % 300
        )?;
    }

    let mut figure_id = 0u64;
    let mut change_id = 0u64;
    let mut evidence_id = 0u64;
    // Every history and evidence row carries its hash, as an export does: `import` refuses
    // rows without one. The two chains run through the file in id order.
    let mut change_head = GENESIS.to_string();
    let mut evidence_head = GENESIS.to_string();
    let mut change = |id: u64,
                      claim: u64,
                      from: Option<Status>,
                      to: Status,
                      note: Option<&str>,
                      digest: Option<&str>|
     -> String {
        let content = ChangeContent {
            id: id as i64,
            claim_id: claim as i64,
            from,
            to,
            who: "bench",
            at: AT,
            note,
            claim_digest: digest,
        };
        change_head = link(&change_head, &content.canonical());
        change_head.clone()
    };
    for c in 1..=claims {
        let incident = if c <= BIG_INCIDENT_CLAIMS {
            1
        } else {
            rng.below(INCIDENTS) + 1
        };
        // Each incident has its own handful of sources and its true toll; one in eight
        // has a source that disagrees.
        let source = (incident * 7 + rng.below(6)) % SOURCES + 1;
        let article = rng.below(ARTICLES) + 1;
        let truth = incident % 90 + 5;
        let disputed = incident % 8 == 0 && source % 2 == 0;
        let day = rng.below(28) + 1;
        let hour = rng.below(24);
        let as_of = format!("2024-02-{day:02}T{hour:02}:00:00Z");
        let text =
            format!("Source {source} says {truth} people were killed in incident {incident}");
        let quote = format!("{truth} people were killed");
        writeln!(
            out,
            r#"{{"record":"claim","id":{c},"article_id":{article},"incident_id":{incident},"source_id":{source},"text":"{text}","quote":"{quote}","as_of":"{as_of}","created_at":"{AT}","created_by":"bench"}}"#
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
            recorded.push(Figure::parse(&spec).map_err(std::io::Error::other)?);
        }
        let digest = ClaimContent {
            article_id: article as i64,
            incident_id: Some(incident as i64),
            text: &text,
            quote: Some(&quote),
            quote_span: None,
            translation: None,
            as_of: &as_of,
            figures: &recorded,
        }
        .digest();
        change_id += 1;
        let hash = change(
            change_id,
            c,
            None,
            Status::Unverified,
            Some("recorded"),
            Some(&digest),
        );
        writeln!(
            out,
            r#"{{"record":"status_change","id":{change_id},"claim_id":{c},"to_status":"unverified","who":"bench","at":"{AT}","note":"recorded","hash":"{hash}"}}"#
        )?;
        match rng.below(10) {
            0..=2 => {
                change_id += 1;
                let hash = change(
                    change_id,
                    c,
                    Some(Status::Unverified),
                    Status::InProgress,
                    None,
                    None,
                );
                writeln!(
                    out,
                    r#"{{"record":"status_change","id":{change_id},"claim_id":{c},"from_status":"unverified","to_status":"in_progress","who":"bench","at":"{AT}","hash":"{hash}"}}"#
                )?;
            }
            3 => {
                change_id += 1;
                let verdict = if disputed {
                    Status::Disputed
                } else {
                    Status::Verified
                };
                let note = "checked against the hospital list";
                let hash = change(
                    change_id,
                    c,
                    Some(Status::Unverified),
                    verdict,
                    Some(note),
                    None,
                );
                writeln!(
                    out,
                    r#"{{"record":"status_change","id":{change_id},"claim_id":{c},"from_status":"unverified","to_status":"{}","who":"bench","at":"{AT}","note":"{note}","hash":"{hash}"}}"#,
                    verdict.as_str()
                )?;
                evidence_id += 1;
                let url = format!("https://example.org/evidence/{c}");
                evidence_head = link(
                    &evidence_head,
                    &EvidenceContent {
                        id: evidence_id as i64,
                        claim_id: c as i64,
                        status_change_id: Some(change_id as i64),
                        url: &url,
                        stance: Stance::Context,
                        note: None,
                        who: "bench",
                        at: AT,
                    }
                    .canonical(),
                );
                writeln!(
                    out,
                    r#"{{"record":"evidence","id":{evidence_id},"claim_id":{c},"status_change_id":{change_id},"url":"{url}","stance":"context","who":"bench","at":"{AT}","hash":"{evidence_head}"}}"#
                )?;
            }
            _ => {}
        }
    }
    out.flush()
}
