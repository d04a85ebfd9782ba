"""`pipeline init`: a new show folder (or a template-made fork) ready to publish itself.

answers.py holds the questions and the podcast.toml they make, validate.py checks them with
the loader and the checker, source.py finds the pipeline version to pin, sample.py knows the
sample show's files, templates.py renders the README, .gitignore and GitHub workflow, and
plan.py decides every file before writing any.
"""
