//! `tahsildar_core::fuzzing::paytr_answer` on any bytes as PayTR's answer body.
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| tahsildar_core::fuzzing::paytr_answer(body));
