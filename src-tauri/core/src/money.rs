//! Money in integer minor units (kuruş).
