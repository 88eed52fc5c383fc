//! Any bytes given to the importers (an export as JSON Lines or CSV, or a ClaimReview
//! document) are read without a panic or a hang: each row is either refused with an
//! error or accepted, and a row that passes the field checks `import` applies is
//! written back by the exporter and read again as the same row.

#![no_main]

use crosscheck::portable::format::{read_csv, read_jsonl};
use crosscheck::portable::{check, RowWriter};
use crosscheck::render::report::claimreview::read as claimreview;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, input)) = data.split_first() else {
        return;
    };
    let mut accepted = Vec::new();
    let mut keep = |row| {
        check::row(&row)?;
        accepted.push(row);
        Ok(())
    };
    let csv = match kind % 3 {
        0 => {
            let _ = read_jsonl(input, "fuzz.jsonl", &mut keep);
            false
        }
        1 => {
            let _ = read_csv(input, "fuzz.csv", &mut keep);
            true
        }
        _ => {
            let _ = claimreview::read(input, "fuzz.json", &mut |_| Ok(()));
            return;
        }
    };
    // What was accepted is exported and read back unchanged, in both formats.
    let mut out = Vec::new();
    let mut writer = if csv {
        RowWriter::csv(&mut out).expect("a CSV writer on a Vec")
    } else {
        RowWriter::jsonl(&mut out)
    };
    for row in &accepted {
        writer.write(row.clone()).expect("writing to a Vec");
    }
    writer.finish().expect("flushing a Vec");
    let mut again = Vec::new();
    let read = if csv {
        read_csv(out.as_slice(), "again.csv", &mut |row| {
            again.push(row);
            Ok(())
        })
    } else {
        read_jsonl(out.as_slice(), "again.jsonl", &mut |row| {
            again.push(row);
            Ok(())
        })
    };
    read.expect("an export of accepted rows reads back");
    assert_eq!(again, accepted);
});
