//! The `tahsildar` command line.
