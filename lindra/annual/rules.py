"""The annual cycle's rules: pure functions of plain values, one section per part."""
