"""Training spaCy models from the store's accepted annotations: data checks
(data.py), configs (config.py), the training loop and use case (run.py), the
models kept with the store (trained_models.py) and the spaCy registry functions they
need (components.py). Import the submodules; this package imports nothing so
that loading a suggester does not pull in spaCy's training machinery."""
