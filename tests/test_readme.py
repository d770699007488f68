"""README.md's Python example, run as written (its DSN aside) on a database where quickstart left
one: migrated to the latest version, sample data loaded."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from dbtools import MakeDatabase, query

import omnidb
from omnidb.tooling.migrate import Migrator
from omnidb.tooling.seed import load_sample_data

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_python_example_of_the_readme_runs_as_written(make_database: MakeDatabase) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The Python API") :]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    config = make_database()
    auth = config.user + (f":{quote(config.password, safe='')}" if config.password else "")
    code = example.group(1).replace(
        '"mysql://app:secret@db.internal:3306/omni"',
        f'"mysql://{auth}@{config.host}:{config.port}/{config.database}"',
    )
    assert code != example.group(1)
    with omnidb.connect(config) as db:
        Migrator(db).migrate()
        load_sample_data(db)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)  # our own README
    namespace["db"].close()  # type: ignore[attr-defined]
    assert query(config, "SELECT instances, deleted_at IS NOT NULL AS gone FROM apps WHERE name = 'web' AND org_id = "
                 "(SELECT id FROM orgs WHERE name = 'hooli')") == [{"instances": 4, "gone": 1}]  # fmt: skip
