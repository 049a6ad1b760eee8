//! QR codes rendered locally.
