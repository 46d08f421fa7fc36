"""The scenario layer: what a trainer writes (schema, safe loader, checks), the levers and channels
declared once, presets, the chain of who resolves what, variants and the preset editor. It imports
only sim.language and sim.errors below it; this file imports nothing."""
