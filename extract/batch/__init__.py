"""Batch conversion of archives: streamed inputs, binder splitting, a local process pool or
Ray actors, a resumable ledger keyed by sha256, and the combined outputs."""
