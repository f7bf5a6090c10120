"""Operating Quill: logs, metrics and traces, set up by the composition root and the entrypoints;
the core knows nothing of them."""
