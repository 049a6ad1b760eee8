//! Turkish mobile numbers.
