"""Opening one asyncio session, with the settings of :mod:`omnidb.session`: utf8mb4, UTC, strict
``sql_mode``, autocommit, rows matched (not changed) for UPDATE counts, and the same TLS rules (any
TLS option requires TLS; verification against ``ssl_ca`` or the system's trust store).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

try:
    import aiomysql  # type: ignore[import-untyped]  # the package ships no type information
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError("omnidb.aio needs aiomysql: pip install omnidb[async]") from exc
import pymysql

from omnidb.config import Config
from omnidb.errors import DRIVER_ERRORS, ConnectionFailed, translate
from omnidb.session import INIT_COMMAND, tls_context

#: aiomysql's connection (typed loosely: the package ships no type information).
AsyncConnection = Any


async def open_connection(config: Config) -> AsyncConnection:
    """Open one session; ``ConnectionFailed`` naming the server (never the password)."""
    try:
        return await asyncio.wait_for(
            aiomysql.connect(
                host=config.host,
                port=config.port,
                user=config.user,
                password=config.password,
                db=config.database,
                unix_socket=config.unix_socket,
                charset="utf8mb4",
                autocommit=True,
                connect_timeout=config.connect_timeout,
                init_command=INIT_COMMAND,
                cursorclass=aiomysql.DictCursor,
                client_flag=pymysql.constants.CLIENT.FOUND_ROWS,
                ssl=tls_context(config) if config.tls_required else None,
            ),
            timeout=config.connect_timeout,
        )
    except DRIVER_ERRORS as exc:
        err = translate(exc)
        raise type(err)(f"cannot connect to {config.safe_dsn()}: {err}", code=err.code) from None
    except (OSError, asyncio.TimeoutError) as exc:
        reason = "timed out" if isinstance(exc, asyncio.TimeoutError) else str(exc) or type(exc).__name__
        raise ConnectionFailed(f"cannot connect to {config.safe_dsn()}: {reason}") from None


def close_quietly(conn: AsyncConnection) -> None:
    """Close a session without a word to the server (it may be gone, or mid-reply)."""
    with contextlib.suppress(Exception):
        conn.close()
