"""The outside world's rules, each in one home: Apple's (``apple``), the Podcasting 2.0
namespace's (``podcasting20``), RSS and Atom (``rss``) and media types (``media``).

Load checks values against them, render writes by them, check holds the rendered feed to
them; a second copy anywhere else is a bug waiting to drift.
"""
