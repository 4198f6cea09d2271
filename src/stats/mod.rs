//! Statistics of the archive (being written).
