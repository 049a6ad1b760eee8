//! Paynet PayLink client.
