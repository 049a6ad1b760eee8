//! Shared HTML for the payment pages (owned by the sandbox-infrastructure work).
