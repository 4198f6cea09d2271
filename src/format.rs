//! Dates, durations and money formatted for the site language (being written).
