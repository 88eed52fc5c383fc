//! Any text given as `--figure` either parses to a figure whose spec parses back to the
//! same figure, with a well-formed interval, or is refused; it never panics or hangs.

#![no_main]

use crosscheck::model::{Figure, Tolerance};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(figure) = Figure::parse(text) {
        let again = Figure::parse(&figure.spec()).expect("a figure's own spec parses");
        assert_eq!(again, figure);
        for pct in ["0", "10", "100", "12.5"] {
            let interval = figure.interval(Tolerance::parse(pct).expect("valid tolerance"));
            assert!(interval.low >= 0);
            assert!(interval.high.is_none_or(|h| h >= interval.low));
        }
    }
});
