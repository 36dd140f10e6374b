"""Demo data: the Stockholm organisation and the KS 2024/112 case from the reference."""
