"""Peers side by side: the synthetic story translated scene for scene into ink and ChoiceScript.

``source`` reads a story written by ``benchmarks.gen_story`` (only the features it uses; anything else is
refused with a clear error, so a translation is never silently partial), ``ink`` and ``choicescript`` write
the peer's source, ``ink_driver.js`` compiles and plays the ink with the inkjs package, and ``bench`` times
them against our own check and playtest (``python -m benchmarks --peers``).
"""
