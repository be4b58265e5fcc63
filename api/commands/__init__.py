"""One module per ``safetykg`` command, each with ``register(subparsers, common)``.

Modules are listed in :data:`COMMANDS` in the order ``--help`` shows them.
"""

COMMANDS = ("ingest", "inspect", "query", "search", "serve", "viz", "report", "export",
            "import_", "stats", "validate", "evaluate")
