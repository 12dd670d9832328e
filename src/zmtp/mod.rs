//! ZMTP sans-IO
