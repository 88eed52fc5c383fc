//! Any text, in every supported language, is extracted without a panic or a hang, and
//! every proposal's offsets point exactly at its quote and its numbers.

#![no_main]

use crosscheck::extract::{extract_with, Options};
use crosscheck::model::Figure;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first byte picks the options, so both settings are explored.
    let opts = Options {
        vague: data.first().is_some_and(|b| b & 1 == 1),
        published: "2026-03-13".parse().ok(),
    };
    for lang in ["nl", "en", "de", "fr"] {
        let candidates = extract_with(text, lang, &opts).expect("a supported language");
        for c in candidates {
            assert_eq!(&text[c.start..c.end], c.quote);
            for f in &c.figures {
                assert_eq!(&text[f.start..f.end], f.number_text);
                Figure::parse(&f.spec).expect("the extractor writes valid specs");
            }
        }
    }
});
