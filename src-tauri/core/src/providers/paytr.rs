//! PayTR Link API client.
