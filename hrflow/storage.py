"""Static files: WhiteNoise's compressed manifest storage (hashed names, gzip/brotli copies, a
year-long cache), which collectstatic fills (the Dockerfile runs it)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Where collectstatic has not run (the test suite, the benchmark's server, a checkout
    started with DEBUG off), Django's manifest storage makes every page a 500 ("Missing
    staticfiles manifest entry"). Without a manifest this one links the plain names instead,
    which WhiteNoise serves from the source folders (WHITENOISE_USE_FINDERS) with a short cache;
    once collectstatic has written the manifest, every name is the hashed one."""

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)
