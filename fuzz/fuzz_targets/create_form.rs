//! `tahsildar_core::fuzzing::create_form` on any bytes as the form's JSON.
#![no_main]

libfuzzer_sys::fuzz_target!(|json: &[u8]| tahsildar_core::fuzzing::create_form(json));
