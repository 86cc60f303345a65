"""`steppe lsp`: a language server for story folders (pygls over stdio).

The server knows the story's own names, which the JSON Schema cannot: its diagnostics come from the same
checker as `steppe check` (run on the editor's unsaved text), and completion, hover, definition,
references, rename and the outline come from an index of every file of the story folder.

- :mod:`.index`: the story's names (scenes, choices, pools, variables) and every place each is used;
- :mod:`.context`: what the cursor is in (which key, which model, inside an expression or a template);
- :mod:`.features`: completion, hover, definition, references, rename and symbols, on the index;
- :mod:`.server`: the pygls server (diagnostics, debouncing, documents).
"""
