//! `tahsildar_core::fuzzing::money` on any UTF-8 text.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| tahsildar_core::fuzzing::money(text));
