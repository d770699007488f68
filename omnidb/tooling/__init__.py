"""Operator tooling: migrations, checks, diagnostics, accounts, sample data, the dev server, the CLI.

The runtime (what an application imports: :mod:`omnidb`, ``omnidb.v1``...) never imports this
package, except :func:`omnidb.migrate.init_schema` for applications that migrate at start-up.
"""
