"""The REST method pipeline as pure functions (issue 4).

Work in progress; see the modules.
"""
