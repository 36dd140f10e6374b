"""The committee side's pages (thin: parse, call one service or selector, render)."""
