"""Each platform's scope data (:mod:`medinfra.platforms.scope`), one module per family."""
