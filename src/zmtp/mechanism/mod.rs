//! Security mechanisms (RFC 37 / 23 "Authentication and Confidentiality").
//! Only NULL exists so far; PLAIN and CURVE go beside it.

pub mod null;
