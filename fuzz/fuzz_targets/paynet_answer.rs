//! `tahsildar_core::fuzzing::paynet_answer`: the first two bytes pick the HTTP status, the rest
//! is Paynet's answer body.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (100 + u16::from_le_bytes([*a, *b]) % 500, rest),
        _ => (200, data),
    };
    tahsildar_core::fuzzing::paynet_answer(status, body);
});
