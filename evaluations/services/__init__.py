"""The write paths of evaluation rounds: views, the API and commands call these."""
