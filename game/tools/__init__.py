"""The writers' toolkit: schema, story map, coverage playtest, transcripts, save compatibility.

Headless like the engine: nothing here imports Textual.
"""
